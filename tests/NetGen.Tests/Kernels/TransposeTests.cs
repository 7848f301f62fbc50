using System;
using NetGen.Kernels;

namespace NetGen.Tests.Kernels;

/// <summary>The block-by-block copy between the exchange layout and the storage layout of a weight matrix.</summary>
public class TransposeTests
{
    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(3, 5, 5, 16)] // a layer of 3 units over 5 inputs into rows padded to 16
    [InlineData(16, 16, 16, 16)] // one whole block
    [InlineData(17, 33, 40, 32)] // blocks cut short on both sides, strides above the widths
    [InlineData(128, 784, 784, 128)]
    public void Copy_PutsEveryValueAtItsTransposedPlace_AndLeavesTheRestAlone(int rows, int columns, int sourceStride, int destinationStride)
    {
        var source = new double[((rows - 1) * sourceStride) + columns];
        for (var k = 0; k < source.Length; k++)
        {
            source[k] = k + 0.5;
        }

        var destination = new double[((columns - 1) * destinationStride) + rows + 3];
        destination.AsSpan().Fill(-1);
        Transpose.Copy<double>(source, rows, columns, sourceStride, destination, destinationStride);

        var written = new bool[destination.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                Assert.Equal(source[(r * sourceStride) + c], destination[(c * destinationStride) + r]);
                written[(c * destinationStride) + r] = true;
            }
        }

        for (var k = 0; k < destination.Length; k++)
        {
            Assert.True(written[k] || destination[k] == -1, $"value {k} was written but is no transposed place");
        }
    }

    [Fact]
    public void Copy_RefusesSizesAndSpansThatDoNotFit_NamingTheArgument()
    {
        var source = new float[12];
        var destination = new float[12];
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => Transpose.Copy<float>(source, -1, 3, 3, destination, 4)).ParamName);
        Assert.Equal("sourceStride", Assert.Throws<ArgumentOutOfRangeException>(() => Transpose.Copy<float>(source, 4, 3, 2, destination, 4)).ParamName);
        Assert.Equal("destinationStride", Assert.Throws<ArgumentOutOfRangeException>(() => Transpose.Copy<float>(source, 4, 3, 3, destination, 3)).ParamName);
        var shortSource = Assert.Throws<ArgumentException>(() => Transpose.Copy<float>(source, 5, 3, 3, new float[30], 5));
        Assert.Equal("source", shortSource.ParamName);
        Assert.StartsWith("Expected at least 15 values for 5 rows of 3 values 3 apart, but got 12.", shortSource.Message);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Transpose.Copy<float>(source, 4, 3, 3, destination, 5)).ParamName);

        // Nothing to copy: nothing is read or written.
        Transpose.Copy<float>(ReadOnlySpan<float>.Empty, 0, 3, 3, Span<float>.Empty, 0);
    }
}
