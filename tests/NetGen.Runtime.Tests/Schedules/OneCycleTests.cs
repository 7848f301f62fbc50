using System;
using NetGen.Schedules;
using static NetGen.Runtime.Tests.Schedules.ScheduleTesting;

namespace NetGen.Runtime.Tests.Schedules;

public sealed class OneCycleTests
{
    [Fact]
    public void Defaults_HandComputedPoints()
    {
        // max_lr 0.1, 100 steps: initial 0.1/25 = 0.004, min 0.004/1e4 = 4e-7; the rise ends at 0.3·100 − 1 = 29.
        var schedule = new OneCycle(maxLr: 0.1, totalSteps: 100);
        AssertClose(0.004, AtStep(schedule, 0), "step 0");
        AssertClose(0.1, AtStep(schedule, 29), "step 29");
        AssertClose((0.1 + 4e-7) / 2, AtStep(schedule, 64), "step 64, half-way down");
        AssertClose(4e-7, AtStep(schedule, 99), "step 99");
    }

    [Fact]
    public void Defaults_Sequence_IsACosineUpThenACosineDown()
    {
        var schedule = new OneCycle(maxLr: 0.1, totalSteps: 100);
        for (var step = 0; step < 100; step++)
        {
            var expected = step <= 29
                ? 0.004 + (0.1 - 0.004) * (1 - Math.Cos(Math.PI * step / 29)) / 2
                : 4e-7 + (0.1 - 4e-7) * (1 + Math.Cos(Math.PI * (step - 29) / 70)) / 2;
            AssertClose(expected, AtStep(schedule, step), $"step {step}");
        }
    }

    [Fact]
    public void ThreePhaseLinear_Sequence_ReturnsToTheInitialRateBeforeTheMinimum()
    {
        // max 1, initial 1/10, min 0.1/100; phases end at 0.25·20 − 1 = 4, 2·0.25·20 − 2 = 8 and 19.
        var schedule = new OneCycle(maxLr: 1, totalSteps: 20, pctStart: 0.25, annealStrategy: AnnealStrategy.Linear, divFactor: 10, finalDivFactor: 100, threePhase: true);
        for (var step = 0; step < 20; step++)
        {
            var expected = step <= 4 ? 0.1 + 0.9 * step / 4
                : step <= 8 ? 1 - 0.9 * (step - 4) / 4
                : 0.1 - 0.099 * (step - 8) / 11;
            AssertClose(expected, AtStep(schedule, step), $"step {step}", relative: 1e-11);
        }

        AssertClose(0.55, AtStep(schedule, 2), "step 2");
        AssertClose(1, AtStep(schedule, 4), "step 4");
        AssertClose(0.1, AtStep(schedule, 8), "step 8");
        AssertClose(0.001, AtStep(schedule, 19), "step 19", relative: 1e-11);
    }

    [Fact]
    public void ThreePhaseCos_DefaultFactors_HandComputedPoints()
    {
        // Phases end at 29, 58 and 99.
        var schedule = new OneCycle(maxLr: 0.1, totalSteps: 100, threePhase: true);
        AssertClose(0.004, AtStep(schedule, 0), "step 0");
        AssertClose(0.1, AtStep(schedule, 29), "step 29");
        AssertClose(0.004, AtStep(schedule, 58), "step 58");
        AssertClose(4e-7, AtStep(schedule, 99), "step 99");
    }

    [Fact]
    public void FractionalPhaseEnd_IsKeptAsPyTorchKeepsIt()
    {
        // 0.3·15 − 1 = 3.5: step 3 is 3/3.5 of the way up, step 4 is 0.5/10.5 of the way down from a peak never visited.
        var schedule = new OneCycle(maxLr: 0.1, totalSteps: 15);
        AssertClose(0.1 + (0.004 - 0.1) / 2 * (Math.Cos(Math.PI * 3 / 3.5) + 1), AtStep(schedule, 3), "step 3");
        AssertClose(4e-7 + (0.1 - 4e-7) / 2 * (Math.Cos(Math.PI * 0.5 / 10.5) + 1), AtStep(schedule, 4), "step 4");
    }

    [Fact]
    public void PctStartZero_StartsOneStepDownFromThePeak()
    {
        // The rise ends at −1, so the fall starts there: step t is (t + 1)/10 of the way down.
        var schedule = new OneCycle(maxLr: 0.1, totalSteps: 10, pctStart: 0);
        for (var step = 0; step < 10; step++)
        {
            AssertClose(4e-7 + (0.1 - 4e-7) * (1 + Math.Cos(Math.PI * (step + 1) / 10)) / 2, AtStep(schedule, step), $"step {step}");
        }
    }

    [Fact]
    public void TheNetworksRate_IsIgnored()
    {
        var schedule = new OneCycle(maxLr: 0.1, totalSteps: 50);
        for (var step = 0; step < 50; step++)
        {
            Assert.Equal(AtStep(schedule, step, baseLearningRate: 0.5), AtStep(schedule, step, baseLearningRate: 0.01));
        }
    }

    [Fact]
    public void PastItsTotalSteps_ThrowsSayingWhy()
    {
        var schedule = new OneCycle(maxLr: 0.1, totalSteps: 10);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => AtStep(schedule, 10));
        Assert.Equal("position", error.ParamName);
        Assert.Contains("built for 10 steps", error.Message);
    }

    [Fact]
    public void RisingPhaseOfNoLength_IsRejected()
    {
        // 0.1·10 = 1, so the rise would end at step 0 having started there (PyTorch: ZeroDivisionError).
        var error = Assert.Throws<ArgumentException>(() => new OneCycle(maxLr: 0.1, totalSteps: 10, pctStart: 0.1));
        Assert.Equal("pctStart", error.ParamName);
    }
}
