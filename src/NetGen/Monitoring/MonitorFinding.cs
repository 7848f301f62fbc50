using System.Globalization;

namespace NetGen.Monitoring;

/// <summary>One pathology a <see cref="TrainingMonitor"/> found while a network trained.</summary>
/// <param name="Id">The monitor's ID (<c>NG6001</c> …), which names its page in docs/monitors.</param>
/// <param name="Title">The monitor's short title, e.g. "vanishing gradients".</param>
/// <param name="Epoch">The 1-based epoch in which it was found; 0 before the first epoch.</param>
/// <param name="Step">The number of optimizer updates made when it was found.</param>
/// <param name="Layer">The 1-based layer it concerns most (the first affected one), or <see langword="null"/> for the whole network or the data.</param>
/// <param name="Message">What was found, with the measured values and the thresholds they crossed.</param>
/// <param name="Action">What the monitor was configured to do about it.</param>
public sealed record MonitorFinding(string Id, string Title, int Epoch, long Step, int? Layer, string Message, MonitorAction Action)
{
    /// <summary>One line for a log: <c>NG6003 vanishing gradients (epoch 1, step 45, layer 1): …</c>.</summary>
    public override string ToString()
    {
        var where = Layer is { } layer
            ? string.Create(CultureInfo.InvariantCulture, $"epoch {Epoch}, step {Step}, layer {layer}")
            : string.Create(CultureInfo.InvariantCulture, $"epoch {Epoch}, step {Step}");
        return $"{Id} {Title} ({where}): {Message}";
    }
}
