using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning.Tests.Core;

public sealed class PrunerTests
{
    private static readonly SearchSpace s_space = new() { SearchDimension.Float("x", 0, 1) };

    /// <summary>
    /// Runs trials whose learning curves <paramref name="curve"/> gives by trial number (a value per step, lower is
    /// better), reporting each step and stopping when the pruner says so; returns the study.
    /// </summary>
    private static Study Run(Pruner pruner, int trials, Func<int, int, double> curve, int steps = 10, StudyDirection direction = StudyDirection.Minimize)
    {
        var study = Study.CreateOrOpen("pruned", new SearchSpace { SearchDimension.Float("x", 0, 1) }, new StudyOptions { Sampler = new RandomSampler(), Pruner = pruner, Direction = direction });
        study.Optimize(
            trial =>
            {
                for (var step = 0; step < steps; step++)
                {
                    trial.Report(step, curve(trial.Number, step));
                    if (trial.ShouldPrune())
                    {
                        throw new TrialPrunedException();
                    }
                }

                return curve(trial.Number, steps - 1);
            },
            trials,
            parallelism: 1);
        return study;
    }

    /// <summary>Six ordinary curves (trials 0–5, each a little better than the one before), then a hopeless one (6), a much better one (7) and an ordinary one (8).</summary>
    private static double Curve(int number, int step) => number switch
    {
        6 => 10,
        7 => 0.5 / (step + 1),
        _ => (1 + (0.05 * (5 - number))) / (step + 1),
    };

    [Fact]
    public void Median_PrunesTheHopelessCurve_AtItsFirstStep_AndNotTheGoodOnes()
    {
        var study = Run(new MedianPruner(), 9, Curve);
        var trials = study.Trials;

        Assert.Equal(TrialState.Pruned, trials[6].State);
        Assert.Equal(new IntermediateValue(0, 10), Assert.Single(trials[6].IntermediateValues));
        Assert.Equal(10, trials[6].Value);
        Assert.Equal(TrialState.Complete, trials[7].State);
        Assert.Equal(10, trials[7].IntermediateValues.Count);
        Assert.All(trials.Take(6), t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(7, study.BestTrial!.Number);
    }

    [Fact]
    public void Median_PrunesNothing_BeforeItsStartupTrials()
    {
        // The hopeless curve comes as trial 4, when only 4 trials are complete (5 needed).
        var study = Run(new MedianPruner(), 5, (number, step) => number == 4 ? 10 : 1.0 / (step + 1));
        Assert.Equal(TrialState.Complete, study.Trials[4].State);
    }

    [Fact]
    public void Median_RespectsWarmupSteps()
    {
        var study = Run(new MedianPruner(warmupSteps: 3), 9, Curve);
        Assert.Equal(TrialState.Pruned, study.Trials[6].State);
        Assert.Equal(3, study.Trials[6].IntermediateValues[^1].Step);
    }

    [Fact]
    public void Median_WhenMaximizing_PrunesTheLowCurve()
    {
        var study = Run(new MedianPruner(), 9, (number, step) => -Curve(number, step), direction: StudyDirection.Maximize);
        Assert.Equal(TrialState.Pruned, study.Trials[6].State);
        Assert.Equal(TrialState.Complete, study.Trials[7].State);
    }

    [Fact]
    public void Median_ComparesTheTrialsBestValueSoFar_WithTheMedianAtTheStep()
    {
        // Trial 6 starts well (0.1 at step 0) then gets worse than the median; as in Optuna its best so far still
        // beats the median, so it is not pruned.
        var study = Run(new MedianPruner(), 7, (number, step) => number == 6 ? (step == 0 ? 0.1 : 0.9) : (1 + (0.05 * number)) / (step + 1), steps: 3);
        Assert.Equal(TrialState.Complete, study.Trials[6].State);
        Assert.Equal(0.5, MedianPruner.Median(new List<double> { 0, 1 }));
        Assert.Equal(2, MedianPruner.Median(new List<double> { 3, 1, 2 }));
    }

    [Fact]
    public void SuccessiveHalving_RungsAreMinResourceTimesPowersOfTheReductionFactor()
    {
        Assert.Equal(new long[] { 1, 3, 9, 27 }, new SuccessiveHalvingPruner().Rungs(30));
        Assert.Equal(new long[] { 2, 4, 8 }, new SuccessiveHalvingPruner(minResource: 2, reductionFactor: 2).Rungs(10));
        Assert.Equal(new long[] { 9, 27 }, new SuccessiveHalvingPruner(minEarlyStoppingRate: 2).Rungs(30));
    }

    [Fact]
    public void SuccessiveHalving_PrunesTheHopelessCurve_AtTheFirstRung_AndKeepsTheBest()
    {
        var study = Run(new SuccessiveHalvingPruner(), 9, Curve);
        var trials = study.Trials;

        Assert.Equal(TrialState.Pruned, trials[6].State);
        Assert.Equal(1, trials[6].IntermediateValues[^1].Step);
        Assert.Equal(TrialState.Complete, trials[7].State);
        Assert.Equal(7, study.BestTrial!.Number);
    }

    [Fact]
    public void SuccessiveHalving_PromotesOnlyTheTopThird()
    {
        // Curves that keep their order: trial k is k-th best... from the start. With η = 3, once three trials reached
        // rung 1, a trial worse than the best third there is stopped.
        var study = Run(new SuccessiveHalvingPruner(), 12, (number, step) => (1 + (number % 4)) / (step + 1.0));
        var trials = study.Trials;
        Assert.Equal(TrialState.Complete, trials[0].State);
        Assert.Contains(trials, t => t.State == TrialState.Pruned);
        Assert.All(trials.Where(t => t.Number % 4 == 0), t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(trials.Where(t => t.Number >= 4 && t.Number % 4 == 3), t => Assert.Equal(TrialState.Pruned, t.State));
    }

    [Fact]
    public void NopPruner_NeverPrunes()
    {
        var study = Run(new NopPruner(), 9, Curve);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public void Tpe_CountsPrunedTrials_AfterTheCompleteOnes()
    {
        var pruned = new List<TrialResult>();
        var complete = new List<TrialResult>();
        var study = Run(new MedianPruner(), 9, Curve);
        foreach (var trial in study.Trials)
        {
            (trial.State == TrialState.Pruned ? pruned : complete).Add(trial);
        }

        var (good, bad) = TpeSampler.Split(complete, pruned, StudyDirection.Minimize);
        Assert.Single(good);
        Assert.Equal(7, good[0].Number);
        Assert.Contains(bad, t => t.Number == 6);
    }
}
