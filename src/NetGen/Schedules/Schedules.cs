using System;
using System.Collections.Generic;
using System.Linq;

namespace NetGen.Schedules;

/// <summary>The learning rate stays the network's declared one.</summary>
public sealed class ConstantLearningRate : LearningRateSchedule
{
    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate) => baseLearningRate;
}

/// <summary>PyTorch's <c>StepLR</c>, per epoch: <c>lr = base·γ^⌊epoch/stepSize⌋</c>.</summary>
public sealed class StepDecay : LearningRateSchedule
{
    private readonly int _stepSize;
    private readonly double _gamma;

    /// <summary>Decays by <paramref name="gamma"/> every <paramref name="stepSize"/> epochs.</summary>
    public StepDecay(int stepSize, double gamma = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        ScheduleArguments.RequirePositive(gamma, nameof(gamma));
        _stepSize = stepSize;
        _gamma = gamma;
    }

    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate) =>
        baseLearningRate * Math.Pow(_gamma, position.Epoch / _stepSize);
}

/// <summary>PyTorch's <c>MultiStepLR</c>, per epoch: <c>lr = base·γ^(number of milestones ≤ epoch)</c>.</summary>
public sealed class MultiStepDecay : LearningRateSchedule
{
    private readonly int[] _milestones;
    private readonly double _gamma;

    /// <summary>Decays by <paramref name="gamma"/> at each of the (increasing) <paramref name="milestones"/>.</summary>
    public MultiStepDecay(IEnumerable<int> milestones, double gamma = 0.1)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        _milestones = milestones.ToArray();
        for (var i = 0; i < _milestones.Length; i++)
        {
            if (_milestones[i] < 0 || (i > 0 && _milestones[i] <= _milestones[i - 1]))
            {
                throw new ArgumentException($"Milestones must be non-negative and strictly increasing, but element {i} is {_milestones[i]}.", nameof(milestones));
            }
        }

        ScheduleArguments.RequirePositive(gamma, nameof(gamma));
        _gamma = gamma;
    }

    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate) =>
        baseLearningRate * Math.Pow(_gamma, _milestones.Count(m => m <= position.Epoch));
}

/// <summary>PyTorch's <c>ExponentialLR</c>, per epoch: <c>lr = base·γ^epoch</c>.</summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    private readonly double _gamma;

    /// <summary>Multiplies the learning rate by <paramref name="gamma"/> every epoch.</summary>
    public ExponentialDecay(double gamma)
    {
        ScheduleArguments.RequirePositive(gamma, nameof(gamma));
        _gamma = gamma;
    }

    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate) =>
        baseLearningRate * Math.Pow(_gamma, position.Epoch);
}

/// <summary>
/// PyTorch's <c>CosineAnnealingLR</c> in its documented closed form, per epoch:
/// <c>lr = η_min + (base − η_min)·(1 + cos(π·epoch/T_max))/2</c>. Past <c>T_max</c> the formula keeps following the
/// cosine back up (period 2·T_max), as PyTorch's closed form does; use warm restarts to start over instead.
/// </summary>
public sealed class CosineAnnealing : LearningRateSchedule
{
    private readonly int _tMax;
    private readonly double _etaMin;

    /// <summary>Anneals from the base rate to <paramref name="etaMin"/> over <paramref name="tMax"/> epochs.</summary>
    public CosineAnnealing(int tMax, double etaMin = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tMax, 1);
        ScheduleArguments.RequireNonNegative(etaMin, nameof(etaMin));
        _tMax = tMax;
        _etaMin = etaMin;
    }

    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate) =>
        ScheduleArguments.Cosine(_etaMin, baseLearningRate, position.Epoch / (double)_tMax);
}

/// <summary>
/// PyTorch's <c>CosineAnnealingWarmRestarts</c> (SGDR): the cosine from the base rate to η_min over T_i epochs, then a
/// restart, with T_0 for the first period and T_i = T_0·T_multⁱ after. Per epoch by default; with
/// <c>perStep</c> the epoch is fractional, <c>Step/StepsPerEpoch</c> (exact while the batch size is constant),
/// as PyTorch's <c>scheduler.step(epoch + i/iters)</c>.
/// </summary>
public sealed class CosineAnnealingWarmRestarts : LearningRateSchedule
{
    private readonly int _t0;
    private readonly int _tMult;
    private readonly double _etaMin;
    private readonly bool _perStep;

    /// <summary>Restarts after <paramref name="t0"/> epochs, each period <paramref name="tMult"/> times longer than the last.</summary>
    public CosineAnnealingWarmRestarts(int t0, int tMult = 1, double etaMin = 0, bool perStep = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(t0, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tMult, 1);
        ScheduleArguments.RequireNonNegative(etaMin, nameof(etaMin));
        _t0 = t0;
        _tMult = tMult;
        _etaMin = etaMin;
        _perStep = perStep;
    }

    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate)
    {
        var epoch = _perStep ? position.Step / (double)Math.Max(1, position.StepsPerEpoch) : position.Epoch;
        double period = _t0;
        var start = 0.0;
        while (epoch >= start + period)
        {
            start += period;
            period *= _tMult;
        }

        return ScheduleArguments.Cosine(_etaMin, baseLearningRate, (epoch - start) / period);
    }
}

/// <summary>The three policies of <see cref="CyclicLearningRate"/> (Smith, 2017).</summary>
public enum CyclicMode
{
    /// <summary>A triangle of constant height.</summary>
    Triangular,

    /// <summary>A triangle whose height halves every cycle.</summary>
    Triangular2,

    /// <summary>A triangle scaled by γ^step.</summary>
    ExpRange,
}

/// <summary>
/// PyTorch's <c>CyclicLR</c>, per step: the rate moves linearly between <c>baseLr</c> and <c>maxLr</c>,
/// <c>stepSizeUp</c> steps up and <c>stepSizeDown</c> (default: the same) down. It sets the rate itself and ignores
/// the network's declared one, as PyTorch's CyclicLR takes its own <c>base_lr</c>.
/// </summary>
public sealed class CyclicLearningRate : LearningRateSchedule
{
    private readonly double _baseLr;
    private readonly double _maxLr;
    private readonly double _totalSize;
    private readonly double _stepRatio;
    private readonly CyclicMode _mode;
    private readonly double _gamma;

    /// <summary>Cycles between <paramref name="baseLr"/> and <paramref name="maxLr"/>.</summary>
    public CyclicLearningRate(double baseLr, double maxLr, int stepSizeUp = 2000, int? stepSizeDown = null, CyclicMode mode = CyclicMode.Triangular, double gamma = 1.0)
    {
        ScheduleArguments.RequireNonNegative(baseLr, nameof(baseLr));
        ScheduleArguments.RequireNonNegative(maxLr, nameof(maxLr));
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSizeUp, 1);
        var down = stepSizeDown ?? stepSizeUp;
        ArgumentOutOfRangeException.ThrowIfLessThan(down, 1, nameof(stepSizeDown));
        ScheduleArguments.RequirePositive(gamma, nameof(gamma));
        _baseLr = baseLr;
        _maxLr = maxLr;
        _totalSize = stepSizeUp + down;
        _stepRatio = stepSizeUp / _totalSize;
        _mode = mode;
        _gamma = gamma;
    }

    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate)
    {
        var cycle = Math.Floor(1 + position.Step / _totalSize);
        var x = 1.0 + position.Step / _totalSize - cycle;
        var scale = x <= _stepRatio ? x / _stepRatio : (x - 1) / (_stepRatio - 1);
        var height = (_maxLr - _baseLr) * scale;
        return _baseLr + height * _mode switch
        {
            CyclicMode.Triangular => 1.0,
            CyclicMode.Triangular2 => 1 / Math.Pow(2, cycle - 1),
            _ => Math.Pow(_gamma, position.Step),
        };
    }
}

/// <summary>How <see cref="OneCycle"/> moves between its phase end points.</summary>
public enum AnnealStrategy
{
    /// <summary>Cosine annealing.</summary>
    Cos,

    /// <summary>Linear interpolation.</summary>
    Linear,
}

/// <summary>
/// PyTorch's <c>OneCycleLR</c>, per step, over exactly <c>totalSteps</c> updates: from <c>maxLr/divFactor</c> up to
/// <c>maxLr</c> in the first <c>pctStart</c> of the steps, then down to <c>maxLr/divFactor/finalDivFactor</c>
/// (with <c>threePhase</c>: back to the initial rate first, then down). Ignores the network's declared rate.
/// </summary>
public sealed class OneCycle : LearningRateSchedule
{
    private readonly int _totalSteps;
    private readonly AnnealStrategy _strategy;
    private readonly (double End, double Start, double Target)[] _phases;

    /// <summary>One cycle peaking at <paramref name="maxLr"/>.</summary>
    public OneCycle(double maxLr, int totalSteps, double pctStart = 0.3, AnnealStrategy annealStrategy = AnnealStrategy.Cos, double divFactor = 25, double finalDivFactor = 1e4, bool threePhase = false)
    {
        ScheduleArguments.RequirePositive(maxLr, nameof(maxLr));
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        if (!(pctStart > 0 && pctStart < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "pctStart must be in (0, 1).");
        }

        ScheduleArguments.RequirePositive(divFactor, nameof(divFactor));
        ScheduleArguments.RequirePositive(finalDivFactor, nameof(finalDivFactor));
        _totalSteps = totalSteps;
        _strategy = annealStrategy;
        var initial = maxLr / divFactor;
        var minimum = initial / finalDivFactor;
        _phases = threePhase
            ? [(pctStart * totalSteps - 1, initial, maxLr), (2 * pctStart * totalSteps - 2, maxLr, initial), (totalSteps - 1, initial, minimum)]
            : [(pctStart * totalSteps - 1, initial, maxLr), (totalSteps - 1, maxLr, minimum)];
    }

    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate)
    {
        if (position.Step >= _totalSteps)
        {
            throw new InvalidOperationException($"OneCycle was built for {_totalSteps} steps, but update {position.Step + 1} asked for a learning rate; build it with totalSteps = epochs × updates per epoch.");
        }

        var start = 0.0;
        for (var i = 0; i < _phases.Length; i++)
        {
            var (end, from, to) = _phases[i];
            if (position.Step <= end || i == _phases.Length - 1)
            {
                var pct = (position.Step - start) / (end - start);
                return _strategy == AnnealStrategy.Cos
                    ? to + (from - to) / 2 * (Math.Cos(Math.PI * pct) + 1)
                    : (to - from) * pct + from;
            }

            start = end;
        }

        throw new InvalidOperationException("Unreachable: the last phase always answers.");
    }
}

/// <summary>
/// A linear warm-up before another schedule, as PyTorch's <c>SequentialLR</c> of a <c>LinearLR</c> and the inner
/// schedule: for the first <c>warmupSteps</c> updates (epochs, without <c>perStep</c>) the rate rises linearly from
/// <c>startFactor·base</c> towards the base rate; afterwards the inner schedule runs with its step (epoch) count
/// starting from 0 at the end of the warm-up.
/// </summary>
public sealed class LinearWarmup : LearningRateSchedule
{
    private readonly LearningRateSchedule _inner;
    private readonly int _warmup;
    private readonly double _startFactor;
    private readonly bool _perStep;

    /// <summary>Warms up over <paramref name="warmup"/> steps (or epochs), then hands over to <paramref name="inner"/>.</summary>
    public LinearWarmup(LearningRateSchedule inner, int warmup, double startFactor = 1.0 / 3, bool perStep = true)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(warmup, 1);
        if (!(startFactor > 0 && startFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, "startFactor must be in (0, 1].");
        }

        _inner = inner;
        _warmup = warmup;
        _startFactor = startFactor;
        _perStep = perStep;
    }

    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate)
    {
        var t = _perStep ? position.Step : position.Epoch;
        if (t < _warmup)
        {
            return baseLearningRate * (_startFactor + (1 - _startFactor) * t / _warmup);
        }

        var shifted = _perStep ? position with { Step = position.Step - _warmup } : position with { Epoch = position.Epoch - _warmup };
        return _inner.GetLearningRate(shifted, baseLearningRate);
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, double monitoredValue) => _inner.OnEpochEnd(epoch, monitoredValue);

    /// <inheritdoc/>
    public override void Reset() => _inner.Reset();
}

/// <summary>Whether <see cref="ReduceOnPlateau"/> wants the monitored value low (a loss) or high (an accuracy).</summary>
public enum PlateauMode
{
    /// <summary>Lower is better.</summary>
    Min,

    /// <summary>Higher is better.</summary>
    Max,
}

/// <summary>Whether <see cref="ReduceOnPlateau"/>'s threshold is relative to the best value or absolute.</summary>
public enum ThresholdMode
{
    /// <summary>Better means beyond best·(1 ∓ threshold).</summary>
    Rel,

    /// <summary>Better means beyond best ∓ threshold.</summary>
    Abs,
}

/// <summary>
/// PyTorch's <c>ReduceLROnPlateau</c>: after more than <c>patience</c> epochs without improvement of the monitored
/// value, the rate is multiplied by <c>factor</c> (not below <c>minLr</c>; a change smaller than <c>eps</c> is
/// skipped), then <c>cooldown</c> epochs pass before bad epochs count again.
/// </summary>
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
    private double? _current;
    private double _best;
    private int _badEpochs;
    private int _cooldownCounter;

    /// <summary>Reduces the rate when the monitored value stops improving.</summary>
    public ReduceOnPlateau(PlateauMode mode = PlateauMode.Min, double factor = 0.1, int patience = 10, double threshold = 1e-4, ThresholdMode thresholdMode = ThresholdMode.Rel, int cooldown = 0, double minLr = 0, double eps = 1e-8)
    {
        if (!(factor > 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be in (0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ScheduleArguments.RequireNonNegative(threshold, nameof(threshold));
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        ScheduleArguments.RequireNonNegative(minLr, nameof(minLr));
        ScheduleArguments.RequireNonNegative(eps, nameof(eps));
        (_mode, _factor, _patience, _threshold, _thresholdMode, _cooldown, _minLr, _eps) = (mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps);
        Reset();
    }

    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate) =>
        _current ??= baseLearningRate;

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, double monitoredValue)
    {
        if (IsBetter(monitoredValue))
        {
            _best = monitoredValue;
            _badEpochs = 0;
        }
        else
        {
            _badEpochs++;
        }

        if (_cooldownCounter > 0)
        {
            _cooldownCounter--;
            _badEpochs = 0;
        }

        if (_badEpochs > _patience && _current is { } old)
        {
            var reduced = Math.Max(old * _factor, _minLr);
            if (old - reduced > _eps)
            {
                _current = reduced;
            }

            _cooldownCounter = _cooldown;
            _badEpochs = 0;
        }
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        _current = null;
        _best = _mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
        _badEpochs = 0;
        _cooldownCounter = 0;
    }

    private bool IsBetter(double value) => (_mode, _thresholdMode) switch
    {
        (PlateauMode.Min, ThresholdMode.Rel) => value < _best * (1 - _threshold),
        (PlateauMode.Min, ThresholdMode.Abs) => value < _best - _threshold,
        (PlateauMode.Max, ThresholdMode.Rel) => value > _best * (1 + _threshold),
        _ => value > _best + _threshold,
    };
}

/// <summary>The batch size stays the configured one.</summary>
public sealed class ConstantBatchSize : BatchSizeSchedule
{
    /// <inheritdoc/>
    public override int GetBatchSize(int epoch, int baseBatchSize) => baseBatchSize;
}

/// <summary>
/// Grows the batch instead of decaying the learning rate (Smith et al., 2018, "Don't decay the learning rate, increase
/// the batch size"): <c>batch = min(base·factor^⌊epoch/everyEpochs⌋, maxBatchSize)</c>.
/// </summary>
public sealed class BatchSizeGrowth : BatchSizeSchedule
{
    private readonly int _everyEpochs;
    private readonly int _maxBatchSize;
    private readonly int _factor;

    /// <summary>Multiplies the batch size by <paramref name="factor"/> every <paramref name="everyEpochs"/> epochs, up to <paramref name="maxBatchSize"/>.</summary>
    public BatchSizeGrowth(int everyEpochs, int maxBatchSize, int factor = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(everyEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 2);
        (_everyEpochs, _maxBatchSize, _factor) = (everyEpochs, maxBatchSize, factor);
    }

    /// <inheritdoc/>
    public override int GetBatchSize(int epoch, int baseBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baseBatchSize, 1);
        var size = (long)baseBatchSize;
        for (var i = 0; i < epoch / _everyEpochs && size < _maxBatchSize; i++)
        {
            size *= _factor;
        }

        return (int)Math.Min(size, _maxBatchSize);
    }
}

/// <summary>Shared checks and formulas of the schedules.</summary>
internal static class ScheduleArguments
{
    public static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number greater than 0.");
        }
    }

    public static void RequireNonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number of at least 0.");
        }
    }

    /// <summary>η_min + (η_max − η_min)·(1 + cos(π·fraction))/2.</summary>
    public static double Cosine(double low, double high, double fraction) =>
        low + (high - low) * (1 + Math.Cos(Math.PI * fraction)) / 2;
}
