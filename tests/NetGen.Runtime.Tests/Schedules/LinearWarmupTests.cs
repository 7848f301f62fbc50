using System;
using NetGen.Schedules;
using static NetGen.Runtime.Tests.Schedules.ScheduleTesting;

namespace NetGen.Runtime.Tests.Schedules;

public sealed class LinearWarmupTests
{
    [Fact]
    public void Defaults_RiseFromAThirdOverTheWarmupSteps_ThenKeepTheInnerRate()
    {
        var schedule = new LinearWarmup(new ConstantLearningRate(), warmupSteps: 5);
        for (var step = 0; step < 30; step++)
        {
            var expected = step < 5 ? Base * (1.0 / 3 + 2.0 / 3 * step / 5) : Base;
            AssertClose(expected, AtStep(schedule, step), $"step {step}");
        }
    }

    [Theory]
    [InlineData(3, 0.25, 0.5)]
    [InlineData(10, 0.1, 0.9)]
    [InlineData(1, 1.0, 0.8)]
    public void PerEpoch_Sequence_IsTheRampThenTheShiftedInnerSchedule(int warmup, double startFactor, double gamma)
    {
        var schedule = new LinearWarmup(new ExponentialDecay(gamma), warmup, startFactor, perStep: false);
        for (var epoch = 0; epoch < 60; epoch++)
        {
            var expected = epoch < warmup
                ? Base * (startFactor + (1 - startFactor) * epoch / warmup)
                : Base * Math.Pow(gamma, epoch - warmup);
            AssertClose(expected, AtEpoch(schedule, epoch), $"epoch {epoch}");
        }
    }

    [Fact]
    public void PerEpoch_HandsOverAsPyTorchsSequentialLRExample()
    {
        // SequentialLR docs, lr 0.05, ExponentialLR(0.9) after milestone 20: 0.05 at epoch 20, 0.045 at 21, 0.0405 at 22.
        var schedule = new LinearWarmup(new ExponentialDecay(0.9), warmupSteps: 20, startFactor: 0.1, perStep: false);
        AssertClose(0.005, AtEpoch(schedule, 0, baseLearningRate: 0.05), "epoch 0");
        AssertClose(0.05, AtEpoch(schedule, 20, baseLearningRate: 0.05), "epoch 20");
        AssertClose(0.045, AtEpoch(schedule, 21, baseLearningRate: 0.05), "epoch 21");
        AssertClose(0.0405, AtEpoch(schedule, 22, baseLearningRate: 0.05), "epoch 22");
    }

    [Fact]
    public void PerStep_AroundOneCycle_RisesToItsInitialRate_ThenRunsItFromItsStart()
    {
        // OneCycle(0.1, 100): 0.004 at its step 0, 0.1 at its step 29, 4e-7 at its step 99.
        var schedule = new LinearWarmup(new OneCycle(maxLr: 0.1, totalSteps: 100), warmupSteps: 10, startFactor: 0.5);
        for (var step = 0; step < 10; step++)
        {
            AssertClose(0.004 * (0.5 + 0.5 * step / 10), AtStep(schedule, step), $"step {step}");
        }

        AssertClose(0.004, AtStep(schedule, 10), "step 10");
        AssertClose(0.1, AtStep(schedule, 39), "step 39");
        AssertClose(4e-7, AtStep(schedule, 109), "step 109");
    }

    [Fact]
    public void PerStep_AroundAPerEpochSchedule_LeavesTheEpochUnshifted()
    {
        var schedule = new LinearWarmup(new CosineAnnealing(tMax: 8), warmupSteps: 25);
        for (var step = 0; step < 200; step++)
        {
            var epoch = step / StepsPerEpoch;
            var cosine = Base * (1 + Math.Cos(Math.PI * epoch / 8)) / 2;
            var expected = step < 25 ? cosine * (1.0 / 3 + 2.0 / 3 * step / 25) : cosine;
            AssertClose(expected, AtStep(schedule, step), $"step {step}");
        }
    }

    [Fact]
    public void EpochEndsAndReset_ReachTheInnerSchedule()
    {
        var schedule = new LinearWarmup(new ReduceOnPlateau(factor: 0.5, patience: 0), warmupSteps: 2, perStep: false);
        schedule.OnEpochEnd(0, 1.0);
        schedule.OnEpochEnd(1, 1.0); // no improvement: halved
        Assert.Equal(Base / 2, AtEpoch(schedule, 2));
        schedule.Reset();
        Assert.Equal(Base, AtEpoch(schedule, 2));
    }
}
