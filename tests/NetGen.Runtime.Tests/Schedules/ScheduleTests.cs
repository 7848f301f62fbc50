using System;
using System.Linq;
using NetGen.Schedules;

namespace NetGen.Runtime.Tests.Schedules;

/// <summary>Every schedule's sequence against its closed form (written out here from PyTorch's documentation).</summary>
public class ScheduleTests
{
    private const double Base = 0.1;

    private static double At(LearningRateSchedule schedule, int epoch, long step = 0, int stepsPerEpoch = 1) =>
        schedule.GetLearningRate(new SchedulePosition(epoch, step, stepsPerEpoch), Base);

    private static double AtStep(LearningRateSchedule schedule, long step) =>
        schedule.GetLearningRate(new SchedulePosition(0, step, 1000), Base);

    [Fact]
    public void Constant_IsTheBaseRate() =>
        Assert.All(Enumerable.Range(0, 20), e => Assert.Equal(Base, At(new ConstantLearningRate(), e)));

    [Theory]
    [InlineData(3, 0.1)]
    [InlineData(1, 0.5)]
    public void StepDecay_MultipliesByGammaEveryStepSizeEpochs(int stepSize, double gamma)
    {
        var schedule = new StepDecay(stepSize, gamma);
        for (var epoch = 0; epoch < 20; epoch++)
        {
            Assert.Equal(Base * Math.Pow(gamma, Math.Floor((double)epoch / stepSize)), At(schedule, epoch), 15);
        }
    }

    [Fact]
    public void MultiStepDecay_MultipliesAtEachMilestone()
    {
        var schedule = new MultiStepDecay([3, 7], gamma: 0.5);
        double[] expected = [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025];
        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(e => Math.Round(At(schedule, e), 15)));
    }

    [Fact]
    public void ExponentialDecay_IsGammaToTheEpoch()
    {
        var schedule = new ExponentialDecay(0.9);
        for (var epoch = 0; epoch < 30; epoch++)
        {
            Assert.Equal(Base * Math.Pow(0.9, epoch), At(schedule, epoch), 15);
        }
    }

    [Theory]
    [InlineData(10, 0.0)]
    [InlineData(7, 0.001)]
    public void CosineAnnealing_FollowsTheClosedForm(int tMax, double etaMin)
    {
        var schedule = new CosineAnnealing(tMax, etaMin);
        Assert.Equal(Base, At(schedule, 0), 15);
        Assert.Equal(etaMin, At(schedule, tMax), 15);
        for (var epoch = 0; epoch <= 3 * tMax; epoch++)
        {
            Assert.Equal(etaMin + (Base - etaMin) * (1 + Math.Cos(Math.PI * epoch / tMax)) / 2, At(schedule, epoch), 15);
        }
    }

    [Fact]
    public void WarmRestarts_RestartAtT0_WithConstantPeriods()
    {
        var schedule = new CosineAnnealingWarmRestarts(t0: 5);
        for (var epoch = 0; epoch < 20; epoch++)
        {
            Assert.Equal((Base + Base * Math.Cos(Math.PI * (epoch % 5) / 5)) / 2, At(schedule, epoch), 15);
        }
    }

    [Fact]
    public void WarmRestarts_WithTMult_LengthenEachPeriod()
    {
        // Periods 2, 4, 8: restarts at epochs 0, 2, 6, 14.
        var schedule = new CosineAnnealingWarmRestarts(t0: 2, tMult: 2, etaMin: 0.01);
        (int Epoch, int Start, int Period)[] points = [(0, 0, 2), (1, 0, 2), (2, 2, 4), (5, 2, 4), (6, 6, 8), (13, 6, 8), (14, 14, 16)];
        foreach (var (epoch, start, period) in points)
        {
            Assert.Equal(0.01 + (Base - 0.01) * (1 + Math.Cos(Math.PI * (epoch - start) / period)) / 2, At(schedule, epoch), 15);
        }
    }

    [Fact]
    public void WarmRestarts_PerStep_UseTheFractionalEpoch()
    {
        var schedule = new CosineAnnealingWarmRestarts(t0: 1, perStep: true);
        // Four steps per epoch: step 2 is epoch 0.5, half-way down the first period.
        Assert.Equal(Base / 2, At(schedule, 0, step: 2, stepsPerEpoch: 4), 15);
        Assert.Equal(Base, At(schedule, 1, step: 4, stepsPerEpoch: 4), 15);
    }

    [Fact]
    public void Cyclic_Triangular_RisesAndFallsLinearly()
    {
        var schedule = new CyclicLearningRate(0.001, 0.006, stepSizeUp: 4);
        for (var step = 0; step < 24; step++)
        {
            var position = step % 8;
            var expected = 0.001 + 0.005 * (position <= 4 ? position / 4.0 : (8 - position) / 4.0);
            Assert.Equal(expected, AtStep(schedule, step), 15);
        }
    }

    [Fact]
    public void Cyclic_Triangular2_HalvesTheAmplitudeEachCycle()
    {
        var schedule = new CyclicLearningRate(0.001, 0.006, stepSizeUp: 4, mode: CyclicMode.Triangular2);
        Assert.Equal(0.006, AtStep(schedule, 4), 15);
        Assert.Equal(0.001 + 0.0025, AtStep(schedule, 12), 15);
        Assert.Equal(0.001 + 0.00125, AtStep(schedule, 20), 15);
    }

    [Fact]
    public void Cyclic_ExpRange_ScalesByGammaToTheStep()
    {
        var schedule = new CyclicLearningRate(0.001, 0.006, stepSizeUp: 4, stepSizeDown: 2, mode: CyclicMode.ExpRange, gamma: 0.99);
        Assert.Equal(0.001 + 0.005 * Math.Pow(0.99, 4), AtStep(schedule, 4), 15);
        Assert.Equal(0.001 + 0.005 * 0.5 * Math.Pow(0.99, 5), AtStep(schedule, 5), 15);
        Assert.Equal(0.001, AtStep(schedule, 6), 15);
    }

    [Fact]
    public void OneCycle_WarmsUpToMaxLr_ThenAnnealsToTheMinimum()
    {
        var schedule = new OneCycle(maxLr: 0.1, totalSteps: 100);
        // Phase ends: 0.3·100 − 1 = 29, then 99.
        Assert.Equal(0.1 / 25, AtStep(schedule, 0), 15);
        Assert.Equal(0.1, AtStep(schedule, 29), 15);
        Assert.Equal(0.1 / 25 / 1e4, AtStep(schedule, 99), 15);
        for (var step = 0; step <= 29; step++)
        {
            var pct = step / 29.0;
            Assert.Equal(0.1 + (0.004 - 0.1) / 2 * (Math.Cos(Math.PI * pct) + 1), AtStep(schedule, step), 14);
        }

        for (var step = 30; step < 100; step++)
        {
            var pct = (step - 29) / 70.0;
            Assert.Equal(4e-7 + (0.1 - 4e-7) / 2 * (Math.Cos(Math.PI * pct) + 1), AtStep(schedule, step), 14);
        }
    }

    [Fact]
    public void OneCycle_ThreePhaseLinear_ReturnsToTheInitialRateBeforeTheMinimum()
    {
        var schedule = new OneCycle(maxLr: 1, totalSteps: 20, pctStart: 0.25, annealStrategy: AnnealStrategy.Linear, divFactor: 10, finalDivFactor: 100, threePhase: true);
        // Phase ends: 4, 8, 19.
        Assert.Equal(0.1, AtStep(schedule, 0), 15);
        Assert.Equal(0.55, AtStep(schedule, 2), 15);
        Assert.Equal(1, AtStep(schedule, 4), 15);
        Assert.Equal(0.1, AtStep(schedule, 8), 15);
        Assert.Equal(0.001, AtStep(schedule, 19), 15);
    }

    [Fact]
    public void OneCycle_PastItsTotalSteps_ThrowsSayingWhy()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AtStep(new OneCycle(0.1, totalSteps: 10), 10));
        Assert.Contains("10 steps", error.Message);
    }

    [Fact]
    public void LinearWarmup_RisesLinearly_ThenRunsTheInnerScheduleFromItsStart()
    {
        var schedule = new LinearWarmup(new StepDecay(stepSize: 1, gamma: 0.5), warmup: 3, startFactor: 0.25, perStep: false);
        double[] expected = [0.025, 0.05, 0.075, 0.1, 0.05, 0.025];
        for (var epoch = 0; epoch < expected.Length; epoch++)
        {
            Assert.Equal(expected[epoch], At(schedule, epoch), 15);
        }
    }

    [Fact]
    public void ReduceOnPlateau_WaitsPatience_ReducesByFactor_ThenCoolsDown()
    {
        var schedule = new ReduceOnPlateau(factor: 0.5, patience: 2, cooldown: 1, threshold: 0);
        double[] losses = [1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.8];
        var rates = new double[losses.Length];
        for (var epoch = 0; epoch < losses.Length; epoch++)
        {
            rates[epoch] = At(schedule, epoch);
            schedule.OnEpochEnd(epoch, losses[epoch]);
        }

        // Bad epochs 2, 3, 4 (> patience 2 at epoch 4) → halved from epoch 5; the cooldown swallows epoch 5,
        // then epochs 6, 7, 8 would be bad but 8 improves.
        Assert.Equal([0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05], rates.Select(r => Math.Round(r, 15)));
        Assert.Equal(0.05, At(schedule, 9), 15);
    }

    [Fact]
    public void ReduceOnPlateau_RespectsMinLrAndEps_AndResets()
    {
        var schedule = new ReduceOnPlateau(factor: 0.1, patience: 0, minLr: 0.01);
        At(schedule, 0);
        for (var epoch = 0; epoch < 5; epoch++)
        {
            schedule.OnEpochEnd(epoch, 1.0);
        }

        Assert.Equal(0.01, At(schedule, 5), 15);
        schedule.Reset();
        Assert.Equal(Base, At(schedule, 0));
    }

    [Fact]
    public void ReduceOnPlateau_MaxMode_TreatsHigherAsBetter()
    {
        var schedule = new ReduceOnPlateau(PlateauMode.Max, factor: 0.5, patience: 0, thresholdMode: ThresholdMode.Abs, threshold: 0.01);
        At(schedule, 0);
        schedule.OnEpochEnd(0, 0.5);
        schedule.OnEpochEnd(1, 0.6);
        Assert.Equal(Base, At(schedule, 2));
        schedule.OnEpochEnd(2, 0.605); // not better by the absolute threshold
        Assert.Equal(Base / 2, At(schedule, 3), 15);
    }

    [Fact]
    public void BatchSizeGrowth_DoublesEveryKEpochsUpToTheCap()
    {
        var schedule = new BatchSizeGrowth(everyEpochs: 2, maxBatchSize: 100);
        Assert.Equal([16, 16, 32, 32, 64, 64, 100, 100], Enumerable.Range(0, 8).Select(e => schedule.GetBatchSize(e, 16)));
        Assert.Equal(16, new ConstantBatchSize().GetBatchSize(9, 16));
    }

    [Fact]
    public void InvalidArguments_ThrowNamingTheArgument()
    {
        Assert.Equal("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(0)).ParamName);
        Assert.Equal("gamma", Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(-1)).ParamName);
        Assert.Equal("milestones", Assert.Throws<ArgumentException>(() => new MultiStepDecay([5, 3])).ParamName);
        Assert.Equal("pctStart", Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycle(0.1, 10, pctStart: 1)).ParamName);
        Assert.Equal("factor", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceOnPlateau(factor: 1)).ParamName);
        Assert.Equal("startFactor", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearWarmup(new ConstantLearningRate(), 3, startFactor: 0)).ParamName);
        Assert.Equal("maxBatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSizeGrowth(1, 0)).ParamName);
    }
}
