using System;
using System.Globalization;

namespace NetGen.Monitoring;

/// <summary>
/// NG6011: the validation loss diverges from the training loss: for <see cref="Patience"/> epochs since its best it has
/// risen by more than <see cref="MinRise"/> of that best while the training loss kept falling. Needs validation data.
/// </summary>
public sealed class OverfittingMonitor : TrainingMonitor
{
    private int _patience = 5;
    private double _minRise = 0.1;
    private double _bestValidation;
    private double _trainingAtBest;
    private int _bestEpoch;

    internal OverfittingMonitor()
        : base("NG6011", "overfitting")
    {
    }

    /// <summary>The number of epochs since the best validation loss before it fires; 5 by default (NetGen's choice).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int Patience
    {
        get => _patience;
        set => _patience = Require(value, 1, nameof(Patience));
    }

    /// <summary>The relative rise of the validation loss above its best that counts; 0.1 by default, SageMaker Debugger's <c>ratio_threshold</c> of its overfit rule.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number above 0.</exception>
    public double MinRise
    {
        get => _minRise;
        set => _minRise = Require(value, double.Epsilon, double.MaxValue, nameof(MinRise));
    }

    internal override void Begin(MonitorSession session)
    {
        _bestValidation = double.PositiveInfinity;
        _trainingAtBest = double.PositiveInfinity;
        _bestEpoch = 0;
    }

    internal override bool ChecksEveryEpoch => true;

    internal override void Epoch(MonitorSession session)
    {
        if (session.Record is not { ValidationLoss: { } validation } record)
        {
            return;
        }

        if (validation < _bestValidation)
        {
            _bestValidation = validation;
            _trainingAtBest = record.TrainingLoss;
            _bestEpoch = session.Epoch;
            return;
        }

        if (session.Epoch - _bestEpoch >= Patience && validation > _bestValidation * (1 + MinRise) && record.TrainingLoss < _trainingAtBest)
        {
            session.Report(this, null, string.Create(CultureInfo.InvariantCulture,
                $"the validation loss rose from its best {Format(_bestValidation)} in epoch {_bestEpoch} to {Format(validation)} ({Format(validation / _bestValidation)} times) while the training loss fell from {Format(_trainingAtBest)} to {Format(record.TrainingLoss)}. The network memorizes the training data: stop earlier (EarlyStopping with RestoreBestWeights), add dropout or get more data."));
        }
    }
}
