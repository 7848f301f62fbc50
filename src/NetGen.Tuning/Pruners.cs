using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning;

/// <summary>
/// Prunes a trial whose best value so far is worse than the median of the complete trials' values at the same step,
/// as Optuna's <c>MedianPruner</c> (https://optuna.readthedocs.io/en/stable/reference/generated/optuna.pruners.MedianPruner.html),
/// with its defaults: 5 startup trials, 0 warm-up steps, every step.
/// </summary>
/// <remarks>
/// Nothing is pruned until <see cref="StartupTrials"/> trials are complete, nor before step <see cref="WarmupSteps"/>.
/// At the trial's last reported step s, its best value over the steps so far (the smallest when minimizing, as Optuna)
/// is compared with the median of the values the complete trials reported at step s (NumPy's linear interpolation);
/// it is pruned when strictly worse. No complete trial with a value at s means no pruning.
/// </remarks>
public sealed class MedianPruner : Pruner
{
    /// <summary>Creates the pruner.</summary>
    /// <param name="startupTrials">Complete trials needed before anything is pruned, 0 or more (5).</param>
    /// <param name="warmupSteps">Steps before which a trial is never pruned, 0 or more (0).</param>
    /// <param name="intervalSteps">Check every this many steps after the warm-up, at least 1 (1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public MedianPruner(int startupTrials = 5, int warmupSteps = 0, int intervalSteps = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startupTrials);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalSteps, 1);
        StartupTrials = startupTrials;
        WarmupSteps = warmupSteps;
        IntervalSteps = intervalSteps;
    }

    /// <summary>Complete trials needed before anything is pruned.</summary>
    public int StartupTrials { get; }

    /// <summary>Steps before which a trial is never pruned.</summary>
    public int WarmupSteps { get; }

    /// <summary>Check every this many steps after the warm-up.</summary>
    public int IntervalSteps { get; }

    /// <inheritdoc/>
    public override bool ShouldPrune(PrunerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IntermediateValues.Count == 0)
        {
            return false;
        }

        var step = context.IntermediateValues[^1].Step;
        if (step < WarmupSteps || (step - WarmupSteps) % IntervalSteps != 0)
        {
            return false;
        }

        var complete = context.Trials.Where(t => t.State == TrialState.Complete).ToList();
        if (complete.Count == 0 || complete.Count < StartupTrials)
        {
            return false;
        }

        var atStep = complete.Select(t => t.IntermediateValueAt(step)).Where(v => v is not null).Select(v => v!.Value).ToList();
        if (atStep.Count == 0)
        {
            return false;
        }

        var best = context.Direction == StudyDirection.Minimize
            ? context.IntermediateValues.Min(v => v.Value)
            : context.IntermediateValues.Max(v => v.Value);
        return context.Direction.IsBetter(Median(atStep), best);
    }

    /// <summary>The median with linear interpolation between the two middle values.</summary>
    internal static double Median(List<double> values)
    {
        values.Sort();
        var middle = (values.Count - 1) / 2.0;
        var low = (int)Math.Floor(middle);
        var high = (int)Math.Ceiling(middle);
        return values[low] + ((values[high] - values[low]) * (middle - low));
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"MedianPruner(startupTrials: {StartupTrials}, warmupSteps: {WarmupSteps}, intervalSteps: {IntervalSteps})");
}

/// <summary>
/// Asynchronous successive halving (ASHA; Li et al., 2020, "A System for Massively Parallel Hyperparameter Tuning",
/// MLSys), as Optuna's <c>SuccessiveHalvingPruner</c>
/// (https://optuna.readthedocs.io/en/stable/reference/generated/optuna.pruners.SuccessiveHalvingPruner.html): a
/// trial goes on past a rung only if it is in the top 1/η of the trials that reached that rung.
/// </summary>
/// <remarks>
/// Rung k is at step r·η^(s + k), with r = <see cref="MinResource"/> (1), η = <see cref="ReductionFactor"/> (3) and
/// s = <see cref="MinEarlyStoppingRate"/> (0): steps 1, 3, 9, 27, … by default. When a trial's reports first reach a
/// rung, its value there (the one at the last step not past the rung) is ranked among the values at that rung of every
/// trial that reached it, in any state, itself included; it is promoted when among the best ⌊n/η⌋ (the best one when
/// n &lt; η, as Optuna, which cannot pause a trial until enough others arrive), else pruned. Each rung is judged once,
/// when it is first reached.
/// </remarks>
public sealed class SuccessiveHalvingPruner : Pruner
{
    /// <summary>Creates the pruner.</summary>
    /// <param name="minResource">The first rung's step, at least 1 (1; Optuna's "auto" guesses it from the first trial).</param>
    /// <param name="reductionFactor">η: the share 1/η of trials promoted at each rung, at least 2 (3).</param>
    /// <param name="minEarlyStoppingRate">s: skips the first s rungs, 0 or more (0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public SuccessiveHalvingPruner(int minResource = 1, int reductionFactor = 3, int minEarlyStoppingRate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minResource, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(minEarlyStoppingRate);
        MinResource = minResource;
        ReductionFactor = reductionFactor;
        MinEarlyStoppingRate = minEarlyStoppingRate;
    }

    /// <summary>The first rung's step.</summary>
    public int MinResource { get; }

    /// <summary>η.</summary>
    public int ReductionFactor { get; }

    /// <summary>s.</summary>
    public int MinEarlyStoppingRate { get; }

    /// <summary>The rungs' steps up to <paramref name="maxStep"/>.</summary>
    /// <param name="maxStep">The largest step of interest.</param>
    public IEnumerable<long> Rungs(long maxStep)
    {
        for (var k = 0; ; k++)
        {
            var resource = MinResource * Math.Pow(ReductionFactor, MinEarlyStoppingRate + k);
            if (resource > maxStep)
            {
                yield break;
            }

            yield return (long)resource;
        }
    }

    /// <inheritdoc/>
    public override bool ShouldPrune(PrunerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var values = context.IntermediateValues;
        if (values.Count == 0)
        {
            return false;
        }

        var step = values[^1].Step;
        var previousStep = values.Count > 1 ? values[^2].Step : -1;
        foreach (var rung in Rungs(step))
        {
            if (rung <= previousStep)
            {
                continue;
            }

            var own = RungValue(values, rung)!.Value;
            var competing = context.Trials
                .Where(t => t.State != TrialState.Waiting)
                .Select(t => RungValue(t.IntermediateValues, rung))
                .Where(v => v is not null)
                .Select(v => v!.Value)
                .Append(own)
                .Select(v => context.Direction.AsLoss(v))
                .Order()
                .ToList();
            var promotable = Math.Max((competing.Count / ReductionFactor) - 1, 0);
            if (context.Direction.AsLoss(own) > competing[promotable])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A trial's value at a rung: at its last step not past the rung, if it reported a step at or past it.</summary>
    private static double? RungValue(IReadOnlyList<IntermediateValue> values, long rung)
    {
        if (values.Count == 0 || values[^1].Step < rung)
        {
            return null;
        }

        double? value = null;
        foreach (var v in values)
        {
            if (v.Step > rung)
            {
                break;
            }

            value = v.Value;
        }

        return value ?? values.First(v => v.Step >= rung).Value;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"SuccessiveHalvingPruner(minResource: {MinResource}, reductionFactor: {ReductionFactor}, minEarlyStoppingRate: {MinEarlyStoppingRate})");
}
