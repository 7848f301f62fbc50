using System;
using NetGen.Schedules;
using static NetGen.Runtime.Tests.Schedules.ScheduleTesting;

namespace NetGen.Runtime.Tests.Schedules;

public sealed class MultiStepDecayTests
{
    [Fact]
    public void Sequence_IsBaseTimesGammaToTheMilestonesReached()
    {
        int[] milestones = [0, 3, 7, 50];
        var schedule = new MultiStepDecay(milestones, gamma: 0.5);
        for (var epoch = 0; epoch < 100; epoch++)
        {
            var reached = 0;
            foreach (var milestone in milestones)
            {
                if (milestone <= epoch)
                {
                    reached++;
                }
            }

            AssertClose(Base * Math.Pow(0.5, reached), AtEpoch(schedule, epoch), $"epoch {epoch}");
        }
    }

    [Fact]
    public void DefaultGamma_DividesByTenAtEachMilestone_AsPyTorchsExample()
    {
        // torch.optim.lr_scheduler.MultiStepLR docs: lr 0.05, milestones [30, 80] → 0.05, then 0.005, then 0.0005.
        var schedule = new MultiStepDecay([30, 80]);
        (int Epoch, double Rate)[] expected = [(0, 0.05), (29, 0.05), (30, 0.005), (79, 0.005), (80, 0.0005), (99, 0.0005)];
        foreach (var (epoch, rate) in expected)
        {
            AssertClose(rate, AtEpoch(schedule, epoch, baseLearningRate: 0.05), $"epoch {epoch}");
        }
    }

    [Fact]
    public void NoMilestones_KeepsTheBaseRate()
    {
        var schedule = new MultiStepDecay([]);
        for (var epoch = 0; epoch < 20; epoch++)
        {
            Assert.Equal(Base, AtEpoch(schedule, epoch));
        }
    }
}
