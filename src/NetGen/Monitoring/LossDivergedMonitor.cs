using System.Globalization;

namespace NetGen.Monitoring;

/// <summary>
/// NG6009: the loss has risen far above where training started (an update's loss more than 10 times the starting
/// loss): the learning rate is too high and training is running away, usually shortly before it turns NaN.
/// </summary>
public sealed class LossDivergedMonitor : TrainingMonitor
{
    private double _factor = 10;
    private double _start;

    internal LossDivergedMonitor()
        : base("NG6009", "loss diverged")
    {
    }

    /// <summary>
    /// Fires when an update's loss is above this many times the starting loss (the loss before training for the
    /// classification losses, else the first update's); 10 by default (NetGen's choice).
    /// </summary>
    /// <exception cref="System.ArgumentOutOfRangeException">The value is not a finite number above 1.</exception>
    public double Factor
    {
        get => _factor;
        set => _factor = Require(value, 1, double.MaxValue, nameof(Factor));
    }

    internal override bool UsesInitialLoss => true;

    internal override void Begin(MonitorSession session) => _start = session.InitialLoss is { } loss && double.IsFinite(loss) ? loss : double.NaN;

    /// <summary>
    /// The smallest loss <see cref="Batch"/> has anything to do with: every loss until the starting loss is known, then
    /// the threshold, <see cref="Factor"/> times the starting loss, computed as <see cref="Batch"/> computes it; +∞ when
    /// the starting loss is not above 0 (it never fires then).
    /// </summary>
    internal double LossBound => double.IsNaN(_start) ? double.NegativeInfinity : _start > 0 ? Factor * _start : double.PositiveInfinity;

    /// <summary>After every update at or above <see cref="LossBound"/>, called directly by <see cref="TrainingMonitors"/>: a comparison.</summary>
    internal void Batch(MonitorSession session)
    {
        if (double.IsNaN(_start))
        {
            _start = session.BatchLoss;
            return;
        }

        if (_start > 0 && session.BatchLoss > Factor * _start)
        {
            session.Report(this, null, string.Create(CultureInfo.InvariantCulture,
                $"the loss of update {session.Step} is {Format(session.BatchLoss)}, {Format(session.BatchLoss / _start)} times the starting loss {Format(_start)} (threshold {Format(Factor)} times). The learning rate is too high: lower it (by 10×), clip the gradients, or warm up (LinearWarmup)."));
        }
    }
}
