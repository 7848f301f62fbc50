using System;
using System.Linq;
using NetGen.Schedules;

namespace NetGen.Runtime.Tests.Schedules;

public sealed class BatchSizeScheduleTests
{
    [Fact]
    public void Constant_IsTheConfiguredBatchSize()
    {
        var schedule = new ConstantBatchSize();
        Assert.All(Enumerable.Range(0, 20), epoch => Assert.Equal(16, schedule.GetBatchSize(epoch, 16)));
    }

    [Fact]
    public void Doubling_DoublesEveryKEpochs_UpToTheCap()
    {
        var schedule = new BatchSizeDoubling(everyEpochs: 2, maxBatchSize: 100);
        Assert.Equal([16, 16, 32, 32, 64, 64, 100, 100, 100], Enumerable.Range(0, 9).Select(epoch => schedule.GetBatchSize(epoch, 16)));
    }

    [Theory]
    [InlineData(1, 1000, 3, 5)]
    [InlineData(3, 4096, 2, 32)]
    [InlineData(5, 64, 4, 1)]
    public void Doubling_Sequence_IsBaseTimesFactorToTheCompletedPeriods_Capped(int everyEpochs, int maxBatchSize, int factor, int baseBatchSize)
    {
        var schedule = new BatchSizeDoubling(everyEpochs, maxBatchSize, factor);
        for (var epoch = 0; epoch < 60; epoch++)
        {
            var expected = Math.Min(baseBatchSize * Math.Pow(factor, epoch / everyEpochs), maxBatchSize);
            Assert.Equal((int)expected, schedule.GetBatchSize(epoch, baseBatchSize));
        }
    }

    [Fact]
    public void Doubling_AfterVeryManyEpochs_StaysAtTheCap()
    {
        var schedule = new BatchSizeDoubling(everyEpochs: 1, maxBatchSize: int.MaxValue, factor: 1000);
        Assert.Equal(int.MaxValue, schedule.GetBatchSize(int.MaxValue, 3));
    }

    [Fact]
    public void Doubling_OfTheFullBatch_StaysTheFullBatch()
    {
        var schedule = new BatchSizeDoubling(everyEpochs: 1, maxBatchSize: 100);
        Assert.Equal(0, schedule.GetBatchSize(5, 0));
    }

    [Fact]
    public void Doubling_FromAboveTheCap_Throws()
    {
        var schedule = new BatchSizeDoubling(everyEpochs: 1, maxBatchSize: 100);
        Assert.Equal(100, schedule.GetBatchSize(3, 100));
        Assert.Equal("baseBatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => schedule.GetBatchSize(0, 101)).ParamName);
    }
}
