using System;
using System.Linq;

namespace NetGen.Tests.RuntimeInputs;

/// <summary>
/// <c>Predict</c> writes outputs while it still reads inputs: outputs overlapping the inputs would overwrite samples not
/// yet read (before, <c>Predict(buf[0..64], buf[4..68])</c> gave wrong outputs without an error). It throws, and writes
/// nothing, unless the two are the very same memory and a sample has no more outputs than inputs (in place, as
/// TensorPrimitives allows a destination that is exactly its source).
/// </summary>
public class OverlappingBufferTests
{
    private const int Samples = 19; // two tiles of 8 and three single samples

    [Theory]
    [InlineData(4)]
    [InlineData(1)]
    [InlineData(-4)]
    [InlineData(-75)]
    public void Predict_IntoMemoryOverlappingTheInputs_Throws_AndWritesNothing(int outputStart)
    {
        var network = new SquareNet();
        var buffer = TestData.Normal(200, seed: 5).Select(v => (float)v).ToArray();
        var before = (float[])buffer.Clone();
        var inputStart = 80;
        var inputs = buffer.AsMemory(inputStart, Samples * SquareNet.Sizes.InputCount);
        var outputs = buffer.AsMemory(inputStart + outputStart, Samples * SquareNet.Sizes.OutputCount);

        var error = Assert.Throws<ArgumentException>("outputs", () => network.Predict(inputs.Span, outputs.Span));

        Assert.Contains("outputs overlaps inputs", error.Message);
        Assert.Equal(before, buffer);
    }

    [Fact]
    public void Predict_TheIssuesCase_Throws()
    {
        var network = new SquareNet();
        var buffer = new float[68];

        Assert.Throws<ArgumentException>("outputs", () => network.Predict(buffer.AsSpan(0, 64), buffer.AsSpan(4, 64)));
    }

    [Fact]
    public void Predict_InPlace_GivesWhatSeparateBuffersGive()
    {
        AssertInPlaceMatches(new SquareNet(), SquareNet.Sizes.InputCount, SquareNet.Sizes.OutputCount);
        AssertInPlaceMatches(new CheckedFloatNet(), CheckedFloatNet.Sizes.InputCount, CheckedFloatNet.Sizes.OutputCount); // 4 inputs, 3 outputs
    }

    [Fact]
    public void Predict_InPlace_WithMoreOutputsThanInputs_Throws()
    {
        // A sample's 4 outputs would overwrite the next sample's 2 inputs.
        var network = new WideningNet();
        var buffer = new float[Samples * WideningNet.Sizes.OutputCount];

        var error = Assert.Throws<ArgumentException>("outputs", () => network.Predict(buffer.AsSpan(0, Samples * WideningNet.Sizes.InputCount), buffer));

        Assert.Contains("starts where inputs starts", error.Message);
    }

    [Fact]
    public void Predict_IntoAdjacentMemory_IsFine()
    {
        var network = new SquareNet();
        var buffer = TestData.Normal(2 * Samples * SquareNet.Sizes.InputCount, seed: 6).Select(v => (float)v).ToArray();
        var half = Samples * SquareNet.Sizes.InputCount;

        network.Predict(buffer.AsSpan(0, half), buffer.AsSpan(half));
        network.Predict(buffer.AsSpan(half), buffer.AsSpan(0, half));
    }

    private static void AssertInPlaceMatches(IPredictor<float> network, int inputCount, int outputCount)
    {
        var inputs = TestData.Normal(Samples * inputCount, seed: 7).Select(v => (float)v).ToArray();
        var expected = new float[Samples * outputCount];
        network.Predict(inputs, expected);

        var buffer = (float[])inputs.Clone();
        network.Predict(buffer, buffer.AsSpan(0, Samples * outputCount));

        Assert.Equal(expected, buffer.AsSpan(0, Samples * outputCount).ToArray());
    }
}
