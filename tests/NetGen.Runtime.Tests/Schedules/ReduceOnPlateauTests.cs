using System;
using NetGen.Schedules;
using static NetGen.Runtime.Tests.Schedules.ScheduleTesting;

namespace NetGen.Runtime.Tests.Schedules;

public sealed class ReduceOnPlateauTests
{
    /// <summary>Trains "epochs" with the scripted monitored values: the rate each epoch runs at, then its epoch end.</summary>
    private static double[] Run(LearningRateSchedule schedule, double[] monitored)
    {
        var rates = new double[monitored.Length + 1];
        for (var epoch = 0; epoch < monitored.Length; epoch++)
        {
            rates[epoch] = AtEpoch(schedule, epoch);
            schedule.OnEpochEnd(epoch, monitored[epoch]);
        }

        rates[^1] = AtEpoch(schedule, monitored.Length);
        return rates;
    }

    private static void AssertRates(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var epoch = 0; epoch < expected.Length; epoch++)
        {
            AssertClose(expected[epoch], actual[epoch], $"epoch {epoch}");
        }
    }

    [Fact]
    public void PatienceAndCooldown_ScriptedLosses()
    {
        var schedule = new ReduceOnPlateau(factor: 0.5, patience: 2, cooldown: 1, threshold: 0);
        double[] losses = [1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.8];
        // Bad epochs: 2, 3, 4 → 3 > patience at the end of epoch 4: halved, cooldown 1. Epoch 5 is bad but swallowed
        // by the cooldown; 6 and 7 are bad (2), 8 improves; 9, 10, 11 are bad → halved again at the end of epoch 11.
        double[] expected = [0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025];
        AssertRates(expected, Run(schedule, losses));
    }

    [Fact]
    public void PatienceZero_ReducesAtTheFirstEpochWorseThanTheBaseline_AsPyTorchsDocs()
    {
        // "In the first epoch, a baseline is established … In the second epoch, if the performance is worse than the
        // baseline … the learning rate is reduced at the end of this epoch."
        var schedule = new ReduceOnPlateau(patience: 0);
        double[] losses = [1.0, 1.1, 1.2, 0.5, 0.6];
        double[] expected = [0.1, 0.1, 0.01, 0.001, 0.001, 0.0001];
        AssertRates(expected, Run(schedule, losses));
    }

    [Fact]
    public void DefaultPatience_ReducesAfterElevenEpochsWithoutImprovement()
    {
        var schedule = new ReduceOnPlateau();
        var rates = Run(schedule, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]);
        Assert.All(rates[..12], rate => Assert.Equal(Base, rate));
        AssertClose(0.01, rates[12], "epoch 12");
    }

    [Fact]
    public void DefaultRelativeThreshold_NeedsATenThousandthBetter()
    {
        var schedule = new ReduceOnPlateau(patience: 0);
        // Best 1.0; better means below 1.0·(1 − 1e-4) = 0.9999.
        AssertRates([0.1, 0.1, 0.1], Run(schedule, [1.0, 0.9998]));
        schedule.Reset();
        AssertRates([0.1, 0.1, 0.01], Run(schedule, [1.0, 0.99995]));
    }

    [Fact]
    public void MaxMode_AbsoluteThreshold_TreatsHigherAsBetter()
    {
        var schedule = new ReduceOnPlateau(PlateauMode.Max, factor: 0.5, patience: 0, threshold: 0.01, thresholdMode: ThresholdMode.Abs);
        // 0.6 beats 0.5 + 0.01; 0.605 does not beat 0.6 + 0.01.
        AssertRates([0.1, 0.1, 0.1, 0.05], Run(schedule, [0.5, 0.6, 0.605]));
    }

    [Fact]
    public void MaxMode_RelativeThreshold_NeedsTheFactorAbove()
    {
        var schedule = new ReduceOnPlateau(PlateauMode.Max, factor: 0.5, patience: 0, threshold: 0.1);
        // Better means above best·1.1: 0.6 > 0.55, then 0.65 < 0.66.
        AssertRates([0.1, 0.1, 0.1, 0.05], Run(schedule, [0.5, 0.6, 0.65]));
    }

    [Fact]
    public void MinLr_StopsTheReductions()
    {
        var schedule = new ReduceOnPlateau(patience: 0, minLr: 0.02);
        AssertRates([0.1, 0.1, 0.02, 0.02, 0.02], Run(schedule, [1.0, 1.0, 1.0, 1.0]));
    }

    [Fact]
    public void ReductionsSmallerThanEps_AreIgnored()
    {
        // From 1e-7: 1e-8 (a change of 9e-8 > eps), then 1e-9 would change it by 9e-9 < 1e-8 and is ignored.
        var schedule = new ReduceOnPlateau(patience: 0);
        for (var epoch = 0; epoch < 6; epoch++)
        {
            schedule.OnEpochEnd(epoch, 1.0);
        }

        AssertClose(1e-8, AtEpoch(schedule, 6, baseLearningRate: 1e-7), "after five reductions");
    }

    [Fact]
    public void NaN_IsABadEpoch()
    {
        var schedule = new ReduceOnPlateau(patience: 1);
        AssertRates([0.1, 0.1, 0.1, 0.01], Run(schedule, [1.0, double.NaN, double.NaN]));
    }

    [Fact]
    public void Reset_ForgetsTheBestValueTheCountsAndTheReductions()
    {
        var schedule = new ReduceOnPlateau(factor: 0.5, patience: 2, cooldown: 3, threshold: 0);
        Run(schedule, [0.1, 0.2, 0.2, 0.2, 0.2]);
        Assert.Equal(Base / 2, AtEpoch(schedule, 5));

        schedule.Reset();
        // Fresh: 0.5 (worse than the old best 0.1) is the new baseline, and three bad epochs are needed again.
        AssertRates([0.1, 0.1, 0.1, 0.1, 0.05], Run(schedule, [0.5, 0.5, 0.5, 0.5]));
    }

    [Fact]
    public void EpochEndsBeforeAnyRateWasAskedFor_StillCount()
    {
        var schedule = new ReduceOnPlateau(patience: 0);
        schedule.OnEpochEnd(0, 1.0);
        schedule.OnEpochEnd(1, 2.0);
        AssertClose(0.03, AtEpoch(schedule, 2, baseLearningRate: 0.3), "epoch 2");
    }
}
