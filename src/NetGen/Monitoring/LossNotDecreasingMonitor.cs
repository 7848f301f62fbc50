using System;
using System.Globalization;

namespace NetGen.Monitoring;

/// <summary>
/// NG6010: the epoch training loss has stopped falling (it has not improved on its best by <see cref="MinImprovement"/>
/// for <see cref="Patience"/> epochs, as SageMaker Debugger's <c>loss_not_decreasing</c>), or it oscillates (over the
/// last <see cref="Window"/> epochs it rose by more than <see cref="OscillationRise"/> at least
/// <see cref="MinRises"/> times and ended no lower than it began).
/// </summary>
public sealed class LossNotDecreasingMonitor : TrainingMonitor
{
    private int _patience = 10;
    private double _minImprovement = 0.001;
    private int _window = 10;
    private int _minRises = 4;
    private double _oscillationRise = 0.1;
    private double _best;
    private int _bestEpoch;

    internal LossNotDecreasingMonitor()
        : base("NG6010", "loss not decreasing")
    {
    }

    /// <summary>The number of epochs without improvement before it fires; 10 by default (SageMaker's <c>num_steps</c>, in epochs).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int Patience
    {
        get => _patience;
        set => _patience = Require(value, 1, nameof(Patience));
    }

    /// <summary>The relative fall that counts as an improvement; 0.001 (0.1 %) by default, SageMaker's <c>diff_percent</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not from 0 to 1.</exception>
    public double MinImprovement
    {
        get => _minImprovement;
        set => _minImprovement = Require(value, 0, 1, nameof(MinImprovement));
    }

    /// <summary>The number of recent epochs the oscillation check looks at; 10 by default (NetGen's choice).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 3.</exception>
    public int Window
    {
        get => _window;
        set => _window = Require(value, 3, nameof(Window));
    }

    /// <summary>The number of rises within <see cref="Window"/> that make an oscillation; 4 by default (NetGen's choice).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MinRises
    {
        get => _minRises;
        set => _minRises = Require(value, 1, nameof(MinRises));
    }

    /// <summary>The relative rise from one epoch to the next that counts; 0.1 (10 %) by default (NetGen's choice).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number above 0.</exception>
    public double OscillationRise
    {
        get => _oscillationRise;
        set => _oscillationRise = Require(value, double.Epsilon, double.MaxValue, nameof(OscillationRise));
    }

    internal override void Begin(MonitorSession session)
    {
        _best = double.PositiveInfinity;
        _bestEpoch = 0;
    }

    internal override bool ChecksEveryEpoch => true;

    internal override void Epoch(MonitorSession session)
    {
        var losses = session.TrainingLosses;
        var loss = losses[^1];
        if (loss < _best * (1 - MinImprovement) || _bestEpoch == 0)
        {
            _best = Math.Min(_best, loss);
            _bestEpoch = session.Epoch;
        }
        else if (session.Epoch - _bestEpoch >= Patience)
        {
            session.Report(this, null, string.Create(CultureInfo.InvariantCulture,
                $"the training loss has not fallen by {Percent(MinImprovement)} for {session.Epoch - _bestEpoch} epochs: {Format(_best)} in epoch {_bestEpoch}, {Format(loss)} now. Training has stalled: raise the learning rate or check the data, the loss and the output activation (or stop: EarlyStopping)."));
            return;
        }

        if (losses.Count >= Window)
        {
            var start = losses.Count - Window;
            var rises = 0;
            for (var i = start + 1; i < losses.Count; i++)
            {
                rises += losses[i] > losses[i - 1] * (1 + OscillationRise) ? 1 : 0;
            }

            if (rises >= MinRises && losses[^1] >= losses[start])
            {
                session.Report(this, null, string.Create(CultureInfo.InvariantCulture,
                    $"the training loss oscillates: over the last {Window} epochs it rose by more than {Percent(OscillationRise)} {rises} times and went from {Format(losses[start])} to {Format(loss)}. The learning rate is too high for this batch size: lower it, use a larger batch, or a decaying schedule."));
            }
        }
    }
}
