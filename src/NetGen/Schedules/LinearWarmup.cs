using System;

namespace NetGen.Schedules;

/// <summary>
/// A linear warm-up in front of any schedule, as PyTorch's
/// <c>SequentialLR([LinearLR(start_factor, total_iters=W), inner], milestones=[W])</c>: for the first W updates (or
/// epochs, without <c>perStep</c>) the rate rises linearly, then the inner schedule runs from its own start.
/// </summary>
/// <remarks>
/// <para>
/// <b>During the warm-up</b>, at t = 0 … W − 1 (t is <see cref="SchedulePosition.Step"/>, or
/// <see cref="SchedulePosition.Epoch"/> without <c>perStep</c>):
/// <c>lr = inner(start)·(startFactor + (1 − startFactor)·t/W)</c>, <c>LinearLR</c>'s closed form with
/// <c>end_factor = 1</c>, where <c>inner(start)</c> is the rate the inner schedule starts with. For schedules that
/// scale the base rate (step, exponential, cosine, …) that is the base rate, exactly as in PyTorch; for schedules
/// that set their own rate (<see cref="CyclicLearningRate"/>, <see cref="OneCycle"/>) the warm-up rises to their first
/// rate, so the hand-over is continuous.
/// </para>
/// <para>
/// <b>After the warm-up</b> the inner schedule sees positions shifted by the warm-up, as <c>SequentialLR</c> restarts
/// the next scheduler at 0 at its milestone: at t ≥ W it is asked for t − W. Only the warm-up's own unit is shifted:
/// a per-step warm-up shifts <see cref="SchedulePosition.Step"/> and leaves the epoch alone (a number of updates is not
/// a whole number of epochs), so a per-epoch inner schedule keeps reading the real epoch; a per-epoch warm-up shifts
/// <see cref="SchedulePosition.Epoch"/> and leaves the step alone. Pair a per-step warm-up with per-step schedules (or
/// with per-epoch ones that should not be delayed) and a per-epoch warm-up with per-epoch schedules. During the
/// warm-up the inner schedule is asked for its start: shifted position 0.
/// </para>
/// <para>
/// <see cref="OnEpochEnd"/> and <see cref="Reset"/> are passed on, so a <see cref="ReduceOnPlateau"/> inside sees
/// every epoch's monitored value, the warm-up's included (PyTorch's SequentialLR does not accept ReduceLROnPlateau).
/// PyTorch's default chainable <c>LinearLR.step()</c> updates the rate recursively, which can differ from the closed
/// form in the last bits; NetGen evaluates the closed form.
/// </para>
/// </remarks>
public sealed class LinearWarmup : LearningRateSchedule
{
    private readonly LearningRateSchedule _inner;
    private readonly int _warmupSteps;
    private readonly double _startFactor;
    private readonly bool _perStep;

    /// <summary>Warms up over <paramref name="warmupSteps"/> updates (or epochs), then hands over to <paramref name="inner"/>.</summary>
    /// <param name="inner">The schedule that runs after the warm-up, from its own start.</param>
    /// <param name="warmupSteps">The length W of the warm-up: updates with <paramref name="perStep"/>, epochs without; at least 1.</param>
    /// <param name="startFactor">The share of the inner schedule's first rate at t = 0; in (0, 1], as PyTorch's LinearLR. Its default is 1/3.</param>
    /// <param name="perStep">Whether the warm-up counts updates (the default) or epochs.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public LinearWarmup(LearningRateSchedule inner, int warmupSteps, double startFactor = 1.0 / 3, bool perStep = true)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ScheduleArguments.RequireAtLeast(warmupSteps, 1, nameof(warmupSteps));
        if (!(startFactor > 0 && startFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, "startFactor must be in (0, 1].");
        }

        _inner = inner;
        _warmupSteps = warmupSteps;
        _startFactor = startFactor;
        _perStep = perStep;
    }

    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate)
    {
        var t = _perStep ? ScheduleArguments.Step(position) : ScheduleArguments.Epoch(position);
        var shifted = Math.Max(t - _warmupSteps, 0);
        var innerPosition = _perStep ? position with { Step = shifted } : position with { Epoch = (int)shifted };
        var rate = _inner.GetLearningRate(innerPosition, baseLearningRate);
        return t < _warmupSteps
            ? rate * (_startFactor + (1 - _startFactor) * t / _warmupSteps)
            : rate;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, double monitoredValue) => _inner.OnEpochEnd(epoch, monitoredValue);

    /// <inheritdoc/>
    public override void Reset() => _inner.Reset();
}
