using System;
using NetGen.Schedules;
using static NetGen.Runtime.Tests.Schedules.ScheduleTesting;

namespace NetGen.Runtime.Tests.Schedules;

public sealed class ExponentialDecayTests
{
    [Theory]
    [InlineData(0.95)]
    [InlineData(0.5)]
    [InlineData(1.01)]
    public void Sequence_IsBaseTimesGammaToTheEpoch(double gamma)
    {
        var schedule = new ExponentialDecay(gamma);
        for (var epoch = 0; epoch < 200; epoch++)
        {
            AssertClose(Base * Math.Exp(epoch * Math.Log(gamma)), AtEpoch(schedule, epoch), $"epoch {epoch}");
        }
    }

    [Fact]
    public void ClosedForm_AgreesWithPyTorchsRecursiveForm_ToRounding()
    {
        // PyTorch's chainable step(): lr_t = lr_{t−1}·γ.
        var schedule = new ExponentialDecay(0.97);
        var recursive = Base;
        for (var epoch = 0; epoch < 300; epoch++)
        {
            AssertClose(recursive, AtEpoch(schedule, epoch), $"epoch {epoch}", relative: 1e-13);
            recursive *= 0.97;
        }
    }
}
