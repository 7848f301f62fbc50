using System;
using System.Linq;
using NetGen.Data;

namespace NetGen.Runtime.Tests.Data;

public class SplitTests
{
    // 30 rows: feature = row number, target = class (10 of class 0, 20 of class 1).
    private static readonly TabularDataSet s_data = new(
        ["row"],
        "class",
        Enumerable.Range(0, 30).Select(i => (float)i).ToArray(),
        Enumerable.Range(0, 30).Select(i => i < 10 ? 0f : 1f).ToArray());

    [Fact]
    public void Split_IsAPartitionOfTheRows_InOriginalOrder()
    {
        var (training, validation) = s_data.Split(0.2, seed: 1);
        Assert.Equal(24, training.Count);
        Assert.Equal(6, validation.Count);
        var all = training.Features.Concat(validation.Features).OrderBy(v => v).ToArray();
        Assert.Equal(s_data.Features, all);
        Assert.Equal(training.Features.OrderBy(v => v), training.Features);
    }

    [Fact]
    public void Split_SameSeed_SameSplit_OtherSeed_OtherSplit()
    {
        Assert.Equal(s_data.Split(0.3, seed: 5).Validation.Features, s_data.Split(0.3, seed: 5).Validation.Features);
        Assert.NotEqual(s_data.Split(0.3, seed: 5).Validation.Features, s_data.Split(0.3, seed: 6).Validation.Features);
    }

    [Fact]
    public void StratifiedSplit_KeepsTheClassProportions()
    {
        var (_, validation) = s_data.Split(0.3, seed: 2, stratify: true);
        Assert.Equal(3, validation.Targets.Count(t => t == 0));
        Assert.Equal(6, validation.Targets.Count(t => t == 1));
    }

    [Fact]
    public void Split_NeverLeavesAPartEmpty()
    {
        var tiny = s_data.Subset([0, 1]);
        var (training, validation) = tiny.Split(0.01, seed: 3);
        Assert.Equal(1, training.Count);
        Assert.Equal(1, validation.Count);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Split_WithAFractionOutsideTheOpenUnitInterval_Throws(double fraction)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => s_data.Split(fraction, seed: 1));
        Assert.Equal("validationFraction", error.ParamName);
    }
}
