using System;
using NetGen.Data;

namespace NetGen.Runtime.Tests.Data;

public sealed class OneHotTests
{
    private static TabularDataSet WithTargets(params float[] targets) =>
        new(["x"], "species", new float[targets.Length], targets);

    [Fact]
    public void OneHot_IntegerTargets_PutsAOneInEachRowsClassColumn()
    {
        var data = WithTargets(2, 0, 1, 2);

        var oneHot = data.OneHot(3);

        Assert.Equal(
            [
                0f, 0f, 1f,
                1f, 0f, 0f,
                0f, 1f, 0f,
                0f, 0f, 1f,
            ],
            oneHot);
    }

    [Theory]
    [InlineData(-1f, "-1")]
    [InlineData(3f, "3")]
    [InlineData(1.5f, "1.5")]
    public void OneHot_TargetNotAClassNumber_ThrowsNamingRowAndValue(float bad, string shown)
    {
        var data = WithTargets(0, 1, bad);

        var e = Assert.Throws<ArgumentException>(() => data.OneHot(3));

        Assert.Equal("classCount", e.ParamName);
        Assert.StartsWith($"Row 2 (0-based) has species = {shown}, which is not a class number: an integer in [0, 3).", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void OneHot_ClassCountBelowOne_ThrowsArgumentOutOfRange(int classCount)
    {
        var data = WithTargets(0);

        Assert.Throws<ArgumentOutOfRangeException>(() => data.OneHot(classCount));
    }
}
