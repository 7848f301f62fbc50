using System;

namespace NetGen.Schedules;

/// <summary>
/// PyTorch's <c>CosineAnnealingWarmRestarts</c> (SGDR, Loshchilov and Hutter, 2017):
/// <c>lr = η_min + (base − η_min)·(1 + cos(π·T_cur/T_i))/2</c>, where period i lasts <c>T_i = T_0·T_multⁱ</c> epochs and
/// <c>T_cur</c> counts the epochs since the last restart.
/// </summary>
/// <remarks>
/// <para>
/// <b>Unit.</b> By default the schedule is per epoch (<c>T_cur</c> is a whole number of epochs), which is PyTorch's
/// <c>scheduler.step()</c> once per epoch. With <c>perStep</c> it reads a fractional epoch
/// <c>e = ⌊Step/StepsPerEpoch⌋ + (Step mod StepsPerEpoch)/StepsPerEpoch</c>, which is PyTorch's
/// <c>scheduler.step(epoch + i/iters)</c> after every batch. <see cref="SchedulePosition"/> does not carry the update's
/// index within its epoch, so the fractional epoch comes from the global update count; that is exact while every epoch
/// has the same number of updates, i.e. without a <see cref="BatchSizeSchedule"/> that changes it. When the count does
/// change so that the fractional epoch runs ahead of <see cref="SchedulePosition.Epoch"/>, the schedule throws rather
/// than restart at the wrong time (a batch that shrinks is not detected).
/// </para>
/// <para>
/// <b>Period boundaries.</b> The period containing e is found with exact integer sums of <c>T_0·T_multⁱ</c>. For a
/// fractional epoch with <c>T_mult</c> &gt; 1 PyTorch takes <c>n = int(log(e/T_0·(T_mult − 1) + 1, T_mult))</c>, which
/// rounds down at some exact boundaries (<c>log(1000, 10) = 2.9999999999999996</c>, so with T_0 = 1 and T_mult = 10
/// PyTorch puts epoch 111 at the end of period 2, rate η_min, instead of the restart); NetGen restarts there.
/// Elsewhere the values are PyTorch's.
/// </para>
/// </remarks>
public sealed class CosineAnnealingWarmRestarts : LearningRateSchedule
{
    private readonly int _t0;
    private readonly int _tMult;
    private readonly double _etaMin;
    private readonly bool _perStep;

    /// <summary>Anneals from the base rate to <paramref name="etaMin"/> and restarts, first after <paramref name="t0"/> epochs.</summary>
    /// <param name="t0">The epochs of the first period; at least 1.</param>
    /// <param name="tMult">How many times longer each period is than the one before; at least 1. PyTorch's default is 1.</param>
    /// <param name="etaMin">The lowest rate; finite and at least 0. PyTorch's default is 0.</param>
    /// <param name="perStep">Whether to move within the epoch, update by update (the fractional epoch), rather than once per epoch.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public CosineAnnealingWarmRestarts(int t0, int tMult = 1, double etaMin = 0, bool perStep = false)
    {
        ScheduleArguments.RequireAtLeast(t0, 1, nameof(t0));
        ScheduleArguments.RequireAtLeast(tMult, 1, nameof(tMult));
        ScheduleArguments.RequireNonNegative(etaMin, nameof(etaMin));
        _t0 = t0;
        _tMult = tMult;
        _etaMin = etaMin;
        _perStep = perStep;
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">
    /// With <c>perStep</c>, the fractional epoch from the update count lies past <see cref="SchedulePosition.Epoch"/>
    /// (the number of updates per epoch changed during training).
    /// </exception>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate)
    {
        var epoch = _perStep ? FractionalEpoch(position) : ScheduleArguments.Epoch(position);
        double start;
        double period;
        if (_tMult == 1)
        {
            period = _t0;
            start = epoch - epoch % _t0;
        }
        else
        {
            // T_i grows geometrically, so this loop runs about log_{T_mult}(epoch/T_0) times.
            start = 0.0;
            period = _t0;
            while (epoch >= start + period)
            {
                start += period;
                period *= _tMult;
            }
        }

        return Annealing.Cosine(_etaMin, baseLearningRate, epoch - start, period);
    }

    private static double FractionalEpoch(SchedulePosition position)
    {
        var step = ScheduleArguments.Step(position);
        if (position.StepsPerEpoch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, "SchedulePosition.StepsPerEpoch must be at least 1.");
        }

        var whole = step / position.StepsPerEpoch;
        if (whole > position.Epoch)
        {
            throw new InvalidOperationException(
                $"CosineAnnealingWarmRestarts with perStep reads update {step} at {position.StepsPerEpoch} updates per epoch as epoch {whole} and more, " +
                $"but training is in epoch {position.Epoch}: the number of updates per epoch changed (a batch-size schedule?). " +
                "The fractional epoch needs the same number of updates in every epoch; use the per-epoch form instead.");
        }

        // PyTorch's epoch + i/iters.
        return whole + (double)(step % position.StepsPerEpoch) / position.StepsPerEpoch;
    }
}
