using System;
using NetGen.Schedules;
using static NetGen.Runtime.Tests.Schedules.ScheduleTesting;

namespace NetGen.Runtime.Tests.Schedules;

public sealed class CosineAnnealingTests
{
    [Theory]
    [InlineData(10, 0.0)]
    [InlineData(7, 0.001)]
    [InlineData(1, 0.0)]
    public void Sequence_FollowsTheClosedForm_AlsoPastTMax(int tMax, double etaMin)
    {
        var schedule = new CosineAnnealing(tMax, etaMin);
        for (var epoch = 0; epoch <= 5 * tMax; epoch++)
        {
            var expected = etaMin + 0.5 * (Base - etaMin) * (1 + Math.Cos(epoch * Math.PI / tMax));
            AssertClose(expected, AtEpoch(schedule, epoch), $"epoch {epoch}");
        }
    }

    [Fact]
    public void DefaultEtaMin_StartsAtBase_ReachesZeroAtTMax_HalfWayAtTheMiddle()
    {
        var schedule = new CosineAnnealing(tMax: 10);
        Assert.Equal(Base, AtEpoch(schedule, 0));
        AssertClose(Base / 2, AtEpoch(schedule, 5), "epoch 5");
        AssertClose(0.0, AtEpoch(schedule, 10), "epoch 10");
    }

    [Fact]
    public void PastTMax_RisesBackToBase_WithPeriodTwoTMax()
    {
        var schedule = new CosineAnnealing(tMax: 10, etaMin: 0.01);
        for (var epoch = 0; epoch <= 10; epoch++)
        {
            AssertClose(AtEpoch(schedule, 10 - epoch), AtEpoch(schedule, 10 + epoch), $"mirror of epoch {epoch}");
            AssertClose(AtEpoch(schedule, epoch), AtEpoch(schedule, 20 + epoch), $"period of epoch {epoch}");
        }

        AssertClose(Base, AtEpoch(schedule, 20), "epoch 20");
    }

    [Fact]
    public void ClosedForm_AgreesWithPyTorchsRecursiveForm_ToRounding()
    {
        // CosineAnnealingLR.get_lr, the chainable form, including its special case where the ratio's denominator is 0.
        const int tMax = 12;
        const double etaMin = 0.002;
        var schedule = new CosineAnnealing(tMax, etaMin);
        var recursive = Base;
        for (var epoch = 0; epoch <= 6 * tMax; epoch++)
        {
            if (epoch > 0)
            {
                recursive = (epoch - 1 - tMax) % (2 * tMax) == 0
                    ? recursive + (Base - etaMin) * (1 - Math.Cos(Math.PI / tMax)) / 2
                    : (1 + Math.Cos(Math.PI * epoch / tMax)) / (1 + Math.Cos(Math.PI * (epoch - 1) / tMax)) * (recursive - etaMin) + etaMin;
            }

            AssertClose(recursive, AtEpoch(schedule, epoch), $"epoch {epoch}", relative: 1e-11);
        }
    }
}
