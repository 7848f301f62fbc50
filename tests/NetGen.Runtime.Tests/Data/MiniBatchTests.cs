using System;
using NetGen.Data;

namespace NetGen.Runtime.Tests.Data;

public sealed class MiniBatchTests
{
    // Four rows of three values: row r is (10r, 10r + 1, 10r + 2).
    private static readonly float[] s_rows = [0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32];

    [Fact]
    public void Gather_Indices_CopiesThoseRowsInOrderAndReturnsTheFilledPart()
    {
        var buffer = new float[12];
        buffer.AsSpan().Fill(-1);

        var batch = MiniBatch.Gather(s_rows, 3, [3, 0, 3], buffer);

        Assert.Equal([30f, 31f, 32f, 0f, 1f, 2f, 30f, 31f, 32f], batch.ToArray());
        Assert.Equal(-1f, buffer[9]);
    }

    [Fact]
    public void Gather_NoIndices_ReturnsAnEmptySpan()
    {
        var batch = MiniBatch.Gather(s_rows, 3, [], new float[3]);

        Assert.Equal(0, batch.Length);
    }

    [Fact]
    public void Gather_ReusedBuffer_AllocatesNothing()
    {
        var buffer = new float[6];
        int[] indices = [2, 1];
        MiniBatch.Gather(s_rows, 3, indices, buffer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            MiniBatch.Gather(s_rows, 3, indices, buffer);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void Gather_IndexOutOfRange_ThrowsNamingIndexAndRowCount(int index)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MiniBatch.Gather(s_rows, 3, [0, index], new float[6]));

        Assert.Equal("indices", e.ParamName);
        Assert.StartsWith($"indices[1] is {index}, but the table has 4 rows.", e.Message);
    }

    [Fact]
    public void Gather_DestinationTooShort_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => MiniBatch.Gather(s_rows, 3, [0, 1], new float[5]));

        Assert.Equal("destination", e.ParamName);
    }

    [Fact]
    public void Gather_RowsNotWhole_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => MiniBatch.Gather(s_rows, 5, [0], new float[5]));

        Assert.Equal("rows", e.ParamName);
    }

    [Fact]
    public void Gather_RowLengthZero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MiniBatch.Gather(s_rows, 0, [0], new float[5]));
    }

    [Fact]
    public void Subset_Indices_SelectsFeaturesAndTargetsInOrder()
    {
        var data = new TabularDataSet(["p", "q", "r"], "t", s_rows, [0, 1, 2, 3]);

        var subset = data.Subset([2, 0]);

        Assert.Equal([20f, 21f, 22f, 0f, 1f, 2f], subset.Features);
        Assert.Equal([2f, 0f], subset.Targets);
        Assert.Equal(data.FeatureNames, subset.FeatureNames);
        Assert.Equal("t", subset.TargetName);
    }

    [Fact]
    public void Subset_IndexOutOfRange_Throws()
    {
        var data = new TabularDataSet(["p", "q", "r"], "t", s_rows, [0, 1, 2, 3]);

        Assert.Throws<ArgumentOutOfRangeException>(() => data.Subset([4]));
    }
}
