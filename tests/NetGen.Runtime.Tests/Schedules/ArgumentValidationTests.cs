using System;
using NetGen.Schedules;

namespace NetGen.Runtime.Tests.Schedules;

public sealed class ArgumentValidationTests
{
    public static TheoryData<string, Func<object>> OutOfRange => new()
    {
        { "stepSize", () => new StepDecay(0) },
        { "gamma", () => new StepDecay(1, gamma: 0) },
        { "gamma", () => new MultiStepDecay([1], gamma: double.NaN) },
        { "gamma", () => new ExponentialDecay(-0.5) },
        { "gamma", () => new ExponentialDecay(double.PositiveInfinity) },
        { "tMax", () => new CosineAnnealing(0) },
        { "etaMin", () => new CosineAnnealing(10, etaMin: -0.1) },
        { "t0", () => new CosineAnnealingWarmRestarts(0) },
        { "tMult", () => new CosineAnnealingWarmRestarts(1, tMult: 0) },
        { "etaMin", () => new CosineAnnealingWarmRestarts(1, etaMin: double.NaN) },
        { "baseLr", () => new CyclicLearningRate(-0.1, 0.1) },
        { "maxLr", () => new CyclicLearningRate(0.1, double.PositiveInfinity) },
        { "stepSizeUp", () => new CyclicLearningRate(0.1, 1, stepSizeUp: 0) },
        { "stepSizeDown", () => new CyclicLearningRate(0.1, 1, stepSizeDown: 0) },
        { "mode", () => new CyclicLearningRate(0.1, 1, mode: (CyclicMode)7) },
        { "gamma", () => new CyclicLearningRate(0.1, 1, mode: CyclicMode.ExpRange, gamma: 0) },
        { "maxLr", () => new OneCycle(0, 100) },
        { "totalSteps", () => new OneCycle(0.1, 0) },
        { "pctStart", () => new OneCycle(0.1, 100, pctStart: 1.01) },
        { "pctStart", () => new OneCycle(0.1, 100, pctStart: -0.1) },
        { "annealStrategy", () => new OneCycle(0.1, 100, annealStrategy: (AnnealStrategy)2) },
        { "divFactor", () => new OneCycle(0.1, 100, divFactor: 0) },
        { "finalDivFactor", () => new OneCycle(0.1, 100, finalDivFactor: -1) },
        { "warmupSteps", () => new LinearWarmup(new ConstantLearningRate(), 0) },
        { "startFactor", () => new LinearWarmup(new ConstantLearningRate(), 5, startFactor: 0) },
        { "startFactor", () => new LinearWarmup(new ConstantLearningRate(), 5, startFactor: 1.5) },
        { "mode", () => new ReduceOnPlateau((PlateauMode)2) },
        { "factor", () => new ReduceOnPlateau(factor: 1) },
        { "factor", () => new ReduceOnPlateau(factor: 0) },
        { "patience", () => new ReduceOnPlateau(patience: -1) },
        { "threshold", () => new ReduceOnPlateau(threshold: -1e-4) },
        { "thresholdMode", () => new ReduceOnPlateau(thresholdMode: (ThresholdMode)2) },
        { "cooldown", () => new ReduceOnPlateau(cooldown: -1) },
        { "minLr", () => new ReduceOnPlateau(minLr: -1) },
        { "eps", () => new ReduceOnPlateau(eps: double.NaN) },
        { "everyEpochs", () => new BatchSizeDoubling(0, 100) },
        { "maxBatchSize", () => new BatchSizeDoubling(1, 0) },
        { "factor", () => new BatchSizeDoubling(1, 100, factor: 1) },

        // NaN and infinities, which comparisons written as `value < minimum` would let through.
        { "gamma", () => new StepDecay(1, gamma: double.NaN) },
        { "etaMin", () => new CosineAnnealing(10, etaMin: double.PositiveInfinity) },
        { "baseLr", () => new CyclicLearningRate(double.NaN, 0.1) },
        { "gamma", () => new CyclicLearningRate(0.1, 1, mode: CyclicMode.ExpRange, gamma: double.NaN) },
        { "maxLr", () => new OneCycle(double.NaN, 100) },
        { "pctStart", () => new OneCycle(0.1, 100, pctStart: double.NaN) },
        { "divFactor", () => new OneCycle(0.1, 100, divFactor: double.PositiveInfinity) },
        { "startFactor", () => new LinearWarmup(new ConstantLearningRate(), 5, startFactor: double.NaN) },
        { "factor", () => new ReduceOnPlateau(factor: double.NaN) },
        { "threshold", () => new ReduceOnPlateau(threshold: double.PositiveInfinity) },
        { "minLr", () => new ReduceOnPlateau(minLr: double.NaN) },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void ArgumentOutOfRange_ThrowsNamingTheArgumentAndItsRange(string argument, Func<object> create)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Equal(argument, error.ParamName);
        Assert.Contains($"{argument} must", error.Message);
    }

    [Theory]
    [InlineData(new[] { 5, 3 })]
    [InlineData(new[] { 3, 3 })]
    [InlineData(new[] { -1, 3 })]
    public void MultiStepDecay_MilestonesNotIncreasing_ThrowsNamingThem(int[] milestones)
    {
        var error = Assert.Throws<ArgumentException>(() => new MultiStepDecay(milestones));
        Assert.Equal("milestones", error.ParamName);
        Assert.Contains("strictly increasing", error.Message);
    }

    [Fact]
    public void NullArguments_ThrowNamingThem()
    {
        Assert.Equal("milestones", Assert.Throws<ArgumentNullException>(() => new MultiStepDecay(null!)).ParamName);
        Assert.Equal("inner", Assert.Throws<ArgumentNullException>(() => new LinearWarmup(null!, 5)).ParamName);
    }

    [Fact]
    public void NegativeEpoch_ThrowsNamingThePosition()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(2).GetLearningRate(new SchedulePosition(-1, 0, 1), 0.1));
        Assert.Equal("position", error.ParamName);
    }

    [Fact]
    public void NegativeStep_ThrowsNamingThePosition()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CyclicLearningRate(0.1, 1).GetLearningRate(new SchedulePosition(0, -1, 1), 0.1));
        Assert.Equal("position", error.ParamName);
    }
}
