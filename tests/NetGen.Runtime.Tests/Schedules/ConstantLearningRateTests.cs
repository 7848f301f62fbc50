using NetGen.Schedules;
using static NetGen.Runtime.Tests.Schedules.ScheduleTesting;

namespace NetGen.Runtime.Tests.Schedules;

public sealed class ConstantLearningRateTests
{
    [Fact]
    public void EveryEpochAndStep_IsTheBaseRate()
    {
        var schedule = new ConstantLearningRate();
        for (var step = 0; step < 200; step++)
        {
            Assert.Equal(Base, AtStep(schedule, step));
            Assert.Equal(0.37, AtStep(schedule, step, baseLearningRate: 0.37));
        }
    }
}
