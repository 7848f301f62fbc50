using System;
using NetGen.Schedules;
using static NetGen.Runtime.Tests.Schedules.ScheduleTesting;

namespace NetGen.Runtime.Tests.Schedules;

public sealed class CyclicLearningRateTests
{
    private const double Low = 0.001;
    private const double High = 0.006;

    /// <summary>The triangle wave: 0 at the start of a cycle, 1 after <paramref name="up"/> steps, 0 again after <paramref name="down"/> more.</summary>
    private static double Triangle(long step, int up, int down)
    {
        var inCycle = step % (up + down);
        return inCycle <= up ? inCycle / (double)up : (up + down - inCycle) / (double)down;
    }

    [Theory]
    [InlineData(4, null)]
    [InlineData(3, 5)]
    [InlineData(6, 1)]
    public void Triangular_RisesAndFallsLinearly_BetweenTheBounds(int up, int? down)
    {
        var schedule = new CyclicLearningRate(Low, High, stepSizeUp: up, stepSizeDown: down);
        for (var step = 0; step < 100; step++)
        {
            AssertClose(Low + (High - Low) * Triangle(step, up, down ?? up), AtStep(schedule, step), $"step {step}");
        }
    }

    [Fact]
    public void Defaults_Take2000StepsUpAnd2000Down()
    {
        var schedule = new CyclicLearningRate(Low, High);
        (long Step, double Rate)[] expected = [(0, Low), (1000, (Low + High) / 2), (2000, High), (3000, (Low + High) / 2), (4000, Low), (6000, High)];
        foreach (var (step, rate) in expected)
        {
            AssertClose(rate, AtStep(schedule, step), $"step {step}");
        }
    }

    [Fact]
    public void Triangular2_HalvesTheAmplitudeEveryCycle()
    {
        var schedule = new CyclicLearningRate(Low, High, stepSizeUp: 4, mode: CyclicMode.Triangular2);
        for (var cycle = 0; cycle < 6; cycle++)
        {
            // The peak of cycle c (from 0) is at step 8c + 4.
            AssertClose(Low + (High - Low) / Math.Pow(2, cycle), AtStep(schedule, 8 * cycle + 4), $"peak of cycle {cycle}");
        }

        for (var step = 0; step < 60; step++)
        {
            AssertClose(Low + (High - Low) * Triangle(step, 4, 4) / Math.Pow(2, step / 8), AtStep(schedule, step), $"step {step}");
        }
    }

    [Fact]
    public void ExpRange_ScalesTheHeightByGammaToTheStep()
    {
        var schedule = new CyclicLearningRate(Low, High, stepSizeUp: 4, stepSizeDown: 2, mode: CyclicMode.ExpRange, gamma: 0.99);
        for (var step = 0; step < 60; step++)
        {
            AssertClose(Low + (High - Low) * Triangle(step, 4, 2) * Math.Pow(0.99, step), AtStep(schedule, step), $"step {step}");
        }

        AssertClose(Low + (High - Low) * Math.Pow(0.99, 4), AtStep(schedule, 4), "first peak");
    }

    [Fact]
    public void TheNetworksRate_IsIgnored()
    {
        var schedule = new CyclicLearningRate(Low, High, stepSizeUp: 4);
        for (var step = 0; step < 20; step++)
        {
            Assert.Equal(AtStep(schedule, step, baseLearningRate: 0.5), AtStep(schedule, step, baseLearningRate: 0.01));
        }
    }
}
