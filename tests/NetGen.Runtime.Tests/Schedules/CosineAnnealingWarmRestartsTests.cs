using System;
using NetGen.Schedules;
using static NetGen.Runtime.Tests.Schedules.ScheduleTesting;

namespace NetGen.Runtime.Tests.Schedules;

public sealed class CosineAnnealingWarmRestartsTests
{
    /// <summary>SGDR's rate at a (fractional) epoch: find the period by walking T_0, T_0·T_mult, … from epoch 0.</summary>
    private static double Sgdr(double epoch, int t0, int tMult, double etaMin)
    {
        double periodStart = 0;
        double length = t0;
        while (periodStart + length <= epoch)
        {
            periodStart += length;
            length *= tMult;
        }

        var tCur = epoch - periodStart;
        return etaMin + (Base - etaMin) * (1 + Math.Cos(Math.PI * tCur / length)) / 2;
    }

    [Fact]
    public void Defaults_RestartEveryT0Epochs()
    {
        var schedule = new CosineAnnealingWarmRestarts(t0: 5);
        for (var epoch = 0; epoch < 40; epoch++)
        {
            AssertClose(Base * (1 + Math.Cos(Math.PI * (epoch % 5) / 5)) / 2, AtEpoch(schedule, epoch), $"epoch {epoch}");
        }
    }

    [Theory]
    [InlineData(2, 2, 0.01)]
    [InlineData(1, 3, 0.0)]
    [InlineData(3, 1, 0.005)]
    public void Sequence_FollowsSgdr(int t0, int tMult, double etaMin)
    {
        var schedule = new CosineAnnealingWarmRestarts(t0, tMult, etaMin);
        for (var epoch = 0; epoch < 150; epoch++)
        {
            AssertClose(Sgdr(epoch, t0, tMult, etaMin), AtEpoch(schedule, epoch), $"epoch {epoch}");
        }
    }

    [Fact]
    public void TMultTwo_RestartsAtTheBaseRate_At2_6_14_30()
    {
        var schedule = new CosineAnnealingWarmRestarts(t0: 2, tMult: 2, etaMin: 0.01);
        foreach (var restart in new[] { 0, 2, 6, 14, 30 })
        {
            AssertClose(Base, AtEpoch(schedule, restart), $"epoch {restart}");
        }

        // Half-way through the period of 8 epochs that starts at 6: (η_max + η_min)/2.
        AssertClose((Base + 0.01) / 2, AtEpoch(schedule, 10), "epoch 10");
    }

    [Fact]
    public void ExactBoundary_Restarts_WherePyTorchsLogarithmRoundsDown()
    {
        // Periods 1, 10, 100, 1000 start at epochs 0, 1, 11, 111. PyTorch's step(111) computes
        // int(log(1000, 10)) = int(2.9999999999999996) = 2 and lands at the end of the 100-epoch period (η_min).
        var schedule = new CosineAnnealingWarmRestarts(t0: 1, tMult: 10);
        Assert.Equal(Base, AtEpoch(schedule, 111));
        AssertClose(Base * (1 + Math.Cos(Math.PI * 99 / 100)) / 2, AtEpoch(schedule, 110), "epoch 110");
    }

    [Theory]
    [InlineData(2, 1, 4)]
    [InlineData(1, 2, 3)]
    [InlineData(3, 2, 7)]
    public void PerStep_UsesEpochPlusIOverIters(int t0, int tMult, int iters)
    {
        // PyTorch's loop: for epoch, for i: scheduler.step(epoch + i / iters).
        var schedule = new CosineAnnealingWarmRestarts(t0, tMult, etaMin: 0.001, perStep: true);
        long step = 0;
        for (var epoch = 0; epoch < 30; epoch++)
        {
            for (var i = 0; i < iters; i++, step++)
            {
                var actual = schedule.GetLearningRate(new SchedulePosition(epoch, step, iters), Base);
                AssertClose(Sgdr(epoch + i / (double)iters, t0, tMult, 0.001), actual, $"epoch {epoch} + {i}/{iters}");
            }
        }
    }

    [Fact]
    public void PerStep_HalfWayThroughTheFirstEpoch_IsHalfTheRate()
    {
        var schedule = new CosineAnnealingWarmRestarts(t0: 1, perStep: true);
        AssertClose(Base / 2, schedule.GetLearningRate(new SchedulePosition(0, 2, 4), Base), "epoch 0.5");
        Assert.Equal(Base, schedule.GetLearningRate(new SchedulePosition(1, 4, 4), Base));
    }

    [Fact]
    public void PerEpoch_IgnoresTheStepWithinTheEpoch()
    {
        var schedule = new CosineAnnealingWarmRestarts(t0: 4);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(AtEpoch(schedule, 1), schedule.GetLearningRate(new SchedulePosition(1, 10 + i, 10), Base));
        }
    }

    [Fact]
    public void PerStep_WhenTheUpdatesPerEpochShrink_ThrowsSayingWhy()
    {
        // Epoch 0 had 10 updates; the batch doubled, so epoch 1 has 5: update 10 would read as epoch 2.
        var schedule = new CosineAnnealingWarmRestarts(t0: 3, perStep: true);
        var error = Assert.Throws<InvalidOperationException>(() => schedule.GetLearningRate(new SchedulePosition(1, 10, 5), Base));
        Assert.Contains("updates per epoch changed", error.Message);
    }
}
