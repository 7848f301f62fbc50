using System;
using System.Globalization;

namespace NetGen.Monitoring;

/// <summary>
/// One runtime check for a classic training pathology, with its ID (<c>NG6001</c> …), its thresholds and its
/// <see cref="Action"/>. The monitors are NetGen's own: configure them through <see cref="TrainingMonitors"/>; for a
/// check of your own, write a <see cref="Training.TrainingCallback"/>.
/// </summary>
/// <remarks>
/// A monitor reports its pathology at most once per <see cref="Training.Trainer.Fit"/>: the first time it sees it, naming
/// the layers it concerns. The ID order is the causal order in which simultaneous findings are reported (root cause first).
/// </remarks>
public abstract class TrainingMonitor
{
    private MonitorAction _action = MonitorAction.Log;

    private protected TrainingMonitor(string id, string title)
    {
        Id = id;
        Title = title;
    }

    /// <summary>The monitor's ID, which names its page in docs/monitors (<c>NG6003</c> → docs/monitors/NG6003.md).</summary>
    public string Id { get; }

    /// <summary>The short name of the pathology, e.g. "vanishing gradients".</summary>
    public string Title { get; }

    /// <summary>What the monitor does when it fires: <see cref="MonitorAction.Log"/> by default; <see cref="MonitorAction.Off"/> turns it off.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a <see cref="MonitorAction"/>.</exception>
    public MonitorAction Action
    {
        get => _action;
        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(Action), value, "Expected Off, Log, Stop or Throw.");
            }

            _action = value;
        }
    }

    /// <summary>Whether the monitor has reported in the current Fit (it reports once).</summary>
    internal bool Fired { get; set; }

    /// <summary>Whether the monitor reads the probe's activations (which then run once in a while at the end of an epoch).</summary>
    internal virtual bool UsesProbe => false;

    /// <summary>Whether the monitor reads the update-to-weight ratios measured on the first update of every epoch.</summary>
    internal virtual bool UsesUpdateRatios => false;

    /// <summary>
    /// Whether <see cref="Epoch"/> has work after every epoch; the others (the probe's readers, and the monitors that
    /// check only before training or per update) are called only after the epochs the probe ran.
    /// </summary>
    internal virtual bool ChecksEveryEpoch => false;

    /// <summary>Whether the monitor reads <see cref="MonitorSession.InitialLoss"/>, one inference pass over the probe batch per Fit.</summary>
    internal virtual bool UsesInitialLoss => false;

    /// <summary>Whether the monitor reads the training inputs' per-feature statistics, one scan of the inputs per Fit.</summary>
    internal virtual bool UsesInputStatistics => false;

    /// <summary>Before the first update: forget the last Fit, and check what can be checked before training.</summary>
    internal virtual void Begin(MonitorSession session)
    {
    }

    /// <summary>After every epoch when <see cref="ChecksEveryEpoch"/>, else after the epochs the probe ran (<see cref="MonitorSession.ProbeRan"/>).</summary>
    internal virtual void Epoch(MonitorSession session)
    {
    }

    /// <summary>When training ends without an exception (also after divergence).</summary>
    internal virtual void End(MonitorSession session)
    {
    }

    /// <summary>A number for a message: 3 significant digits, invariant culture.</summary>
    internal static string Format(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage for a message.</summary>
    internal static string Percent(double share) => (100 * share).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    /// <summary>Throws when a threshold is not a finite number within [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    internal static double Require(double value, double minimum, double maximum, string name)
    {
        if (!(value >= minimum && value <= maximum) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"Expected a finite number from {Format(minimum)} to {Format(maximum)}.");
        }

        return value;
    }

    /// <summary>Throws when a count is below <paramref name="minimum"/>.</summary>
    internal static int Require(int value, int minimum, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, minimum, name);
        return value;
    }
}
