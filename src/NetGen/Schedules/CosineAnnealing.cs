using System;

namespace NetGen.Schedules;

/// <summary>
/// PyTorch's <c>CosineAnnealingLR</c> in its documented closed form, per epoch:
/// <c>lr = η_min + (base − η_min)·(1 + cos(π·epoch/T_max))/2</c>.
/// </summary>
/// <remarks>
/// <para>
/// The rate is the base rate at epoch 0 and <c>η_min</c> at epoch <c>T_max</c>. Past <c>T_max</c> the formula keeps
/// following the cosine, back up to the base rate at <c>2·T_max</c>: the schedule is periodic with period
/// <c>2·T_max</c>, as PyTorch's closed form (and its recursive form, which special-cases the turn) is. For restarts
/// instead, use <see cref="CosineAnnealingWarmRestarts"/>; to stay at <c>η_min</c>, train for <c>T_max</c> + 1 epochs.
/// </para>
/// <para>
/// PyTorch's default chainable <c>step()</c> updates the rate recursively,
/// <c>η_t = η_min + (η_{t−1} − η_min)·(1 + cos(π·t/T_max))/(1 + cos(π·(t − 1)/T_max))</c>, which equals the closed form
/// in exact arithmetic but accumulates rounding; NetGen evaluates the closed form at every epoch.
/// </para>
/// </remarks>
public sealed class CosineAnnealing : LearningRateSchedule
{
    private readonly int _tMax;
    private readonly double _etaMin;

    /// <summary>Anneals from the base rate to <paramref name="etaMin"/> over <paramref name="tMax"/> epochs.</summary>
    /// <param name="tMax">The epochs from the base rate to <paramref name="etaMin"/> (half the period); at least 1.</param>
    /// <param name="etaMin">The lowest rate; finite and at least 0. PyTorch's default is 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public CosineAnnealing(int tMax, double etaMin = 0)
    {
        ScheduleArguments.RequireAtLeast(tMax, 1, nameof(tMax));
        ScheduleArguments.RequireNonNegative(etaMin, nameof(etaMin));
        _tMax = tMax;
        _etaMin = etaMin;
    }

    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate) =>
        Annealing.Cosine(_etaMin, baseLearningRate, ScheduleArguments.Epoch(position), _tMax);
}
