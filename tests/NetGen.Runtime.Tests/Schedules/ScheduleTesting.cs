using System;
using NetGen.Schedules;

namespace NetGen.Runtime.Tests.Schedules;

/// <summary>Positions and tolerances the schedule tests share.</summary>
internal static class ScheduleTesting
{
    /// <summary>The network's declared rate in the tests.</summary>
    public const double Base = 0.1;

    /// <summary>The updates per epoch when a test does not choose.</summary>
    public const int StepsPerEpoch = 10;

    /// <summary>The rate for the first update of <paramref name="epoch"/>, every epoch having <see cref="StepsPerEpoch"/> updates.</summary>
    public static double AtEpoch(LearningRateSchedule schedule, int epoch, double baseLearningRate = Base) =>
        schedule.GetLearningRate(new SchedulePosition(epoch, (long)epoch * StepsPerEpoch, StepsPerEpoch), baseLearningRate);

    /// <summary>The rate for the 0-based update <paramref name="step"/>, every epoch having <paramref name="stepsPerEpoch"/> updates.</summary>
    public static double AtStep(LearningRateSchedule schedule, long step, int stepsPerEpoch = StepsPerEpoch, double baseLearningRate = Base) =>
        schedule.GetLearningRate(new SchedulePosition((int)(step / stepsPerEpoch), step, stepsPerEpoch), baseLearningRate);

    /// <summary>Asserts <paramref name="actual"/> is within <paramref name="relative"/> of <paramref name="expected"/> (plus 1e-17 for values at 0).</summary>
    public static void AssertClose(double expected, double actual, string at, double relative = 1e-12)
    {
        var tolerance = relative * Math.Abs(expected) + 1e-17;
        Assert.True(
            Math.Abs(expected - actual) <= tolerance,
            $"{at}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):R}, tolerance {tolerance:R}).");
    }
}
