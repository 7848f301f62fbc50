using System;

namespace NetGen.Schedules;

/// <summary>
/// PyTorch's <c>ReduceLROnPlateau</c>, per epoch and stateful: when the monitored value has not improved for more than
/// <c>patience</c> epochs, the rate is multiplied by <c>factor</c>, then <c>cooldown</c> epochs pass before bad epochs
/// count again.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="OnEpochEnd"/> is PyTorch's <c>step(metrics)</c>, line by line: a value better than the best so far
/// (by <c>threshold</c>, see <see cref="ThresholdMode"/>) becomes the best and clears the bad-epoch count, any other
/// value (NaN included) adds a bad epoch; during a cooldown the cooldown counter drops by one and the bad-epoch count
/// is cleared; when the count exceeds <c>patience</c> the rate is reduced, the cooldown starts and the count is cleared.
/// With <c>patience = 0</c>, the first epoch sets the best and every later epoch that does not improve on it reduces the
/// rate.
/// </para>
/// <para>
/// The rate is the base rate after k reductions, each PyTorch's <c>_reduce_lr</c>:
/// <c>new = max(old·factor, minLr)</c>, kept only if <c>old − new &gt; eps</c> (so reductions smaller than <c>eps</c>,
/// and those stopped by <c>minLr</c>, are ignored). The reductions are applied to the base rate the training loop
/// passes in, one multiplication at a time as PyTorch does, so the result is PyTorch's bit for bit; a change takes
/// effect from the next update, the first of the next epoch.
/// </para>
/// </remarks>
public sealed class ReduceOnPlateau : LearningRateSchedule
{
    private readonly PlateauMode _mode;
    private readonly double _factor;
    private readonly int _patience;
    private readonly double _threshold;
    private readonly ThresholdMode _thresholdMode;
    private readonly int _cooldown;
    private readonly double _minLr;
    private readonly double _eps;
    private double _best;
    private int _numBadEpochs;
    private int _cooldownCounter;
    private int _reductions;

    /// <summary>Reduces the rate when the monitored value stops improving.</summary>
    /// <param name="mode">Whether lower (a loss) or higher (an accuracy) is better. PyTorch's default is <see cref="PlateauMode.Min"/>.</param>
    /// <param name="factor">The factor of each reduction; in (0, 1). PyTorch's default is 0.1.</param>
    /// <param name="patience">The epochs without improvement that are tolerated before a reduction; at least 0. PyTorch's default is 10.</param>
    /// <param name="threshold">How much better a value must be to count as an improvement; finite and at least 0. PyTorch's default is 1e-4.</param>
    /// <param name="thresholdMode">Whether <paramref name="threshold"/> is relative to the best value or absolute. PyTorch's default is <see cref="ThresholdMode.Rel"/>.</param>
    /// <param name="cooldown">The epochs after a reduction in which bad epochs are not counted; at least 0. PyTorch's default is 0.</param>
    /// <param name="minLr">The rate is never reduced below this; finite and at least 0. PyTorch's default is 0.</param>
    /// <param name="eps">Reductions that change the rate by no more than this are ignored; finite and at least 0. PyTorch's default is 1e-8.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public ReduceOnPlateau(PlateauMode mode = PlateauMode.Min, double factor = 0.1, int patience = 10, double threshold = 1e-4, ThresholdMode thresholdMode = ThresholdMode.Rel, int cooldown = 0, double minLr = 0, double eps = 1e-8)
    {
        ScheduleArguments.RequireDefined(mode, nameof(mode));
        if (!(factor > 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be in (0, 1).");
        }

        ScheduleArguments.RequireAtLeast(patience, 0, nameof(patience));
        ScheduleArguments.RequireNonNegative(threshold, nameof(threshold));
        ScheduleArguments.RequireDefined(thresholdMode, nameof(thresholdMode));
        ScheduleArguments.RequireAtLeast(cooldown, 0, nameof(cooldown));
        ScheduleArguments.RequireNonNegative(minLr, nameof(minLr));
        ScheduleArguments.RequireNonNegative(eps, nameof(eps));
        _mode = mode;
        _factor = factor;
        _patience = patience;
        _threshold = threshold;
        _thresholdMode = thresholdMode;
        _cooldown = cooldown;
        _minLr = minLr;
        _eps = eps;
        Reset();
    }

    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate)
    {
        var rate = baseLearningRate;
        for (var i = 0; i < _reductions; i++)
        {
            var reduced = Math.Max(rate * _factor, _minLr);
            if (!(rate - reduced > _eps))
            {
                // The same rate would be rejected again by every later reduction.
                break;
            }

            rate = reduced;
        }

        return rate;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, double monitoredValue)
    {
        if (IsBetter(monitoredValue))
        {
            _best = monitoredValue;
            _numBadEpochs = 0;
        }
        else
        {
            _numBadEpochs++;
        }

        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            _numBadEpochs = 0; // bad epochs in the cooldown are ignored
        }

        if (_numBadEpochs > _patience)
        {
            _reductions++;
            _cooldownCounter = _cooldown;
            _numBadEpochs = 0;
        }
    }

    /// <summary>Forgets the best value, the bad epochs, the cooldown and every reduction.</summary>
    public override void Reset()
    {
        _best = _mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
        _numBadEpochs = 0;
        _cooldownCounter = 0;
        _reductions = 0;
    }

    private bool IsBetter(double value) => (_mode, _thresholdMode) switch
    {
        (PlateauMode.Min, ThresholdMode.Rel) => value < _best * (1.0 - _threshold),
        (PlateauMode.Min, ThresholdMode.Abs) => value < _best - _threshold,
        (PlateauMode.Max, ThresholdMode.Rel) => value > _best * (_threshold + 1.0),
        _ => value > _best + _threshold,
    };
}
