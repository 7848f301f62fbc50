using System;
using NetGen.Schedules;
using static NetGen.Runtime.Tests.Schedules.ScheduleTesting;

namespace NetGen.Runtime.Tests.Schedules;

public sealed class StepDecayTests
{
    [Theory]
    [InlineData(3, 0.5)]
    [InlineData(1, 0.9)]
    [InlineData(7, 1.5)]
    public void Sequence_IsBaseTimesGammaToTheCompletedSteps(int stepSize, double gamma)
    {
        var schedule = new StepDecay(stepSize, gamma);
        for (var epoch = 0; epoch < 100; epoch++)
        {
            var completed = Math.Floor(epoch / (double)stepSize);
            AssertClose(Base * Math.Pow(gamma, completed), AtEpoch(schedule, epoch), $"epoch {epoch}");
        }
    }

    [Fact]
    public void DefaultGamma_DividesByTen_AsPyTorchsExample()
    {
        // torch.optim.lr_scheduler.StepLR docs: lr 0.05, step_size 30 → 0.05 below epoch 30, 0.005 below 60, 0.0005 below 90.
        var schedule = new StepDecay(stepSize: 30);
        (int Epoch, double Rate)[] expected = [(0, 0.05), (29, 0.05), (30, 0.005), (59, 0.005), (60, 0.0005), (89, 0.0005), (90, 0.00005)];
        foreach (var (epoch, rate) in expected)
        {
            AssertClose(rate, AtEpoch(schedule, epoch, baseLearningRate: 0.05), $"epoch {epoch}");
        }
    }

    [Fact]
    public void StepWithinTheEpoch_DoesNotMatter()
    {
        var schedule = new StepDecay(stepSize: 2);
        for (var step = 0; step < 10; step++)
        {
            Assert.Equal(Base * 0.1, schedule.GetLearningRate(new SchedulePosition(3, 30 + step, 10), Base), 15);
        }
    }
}
