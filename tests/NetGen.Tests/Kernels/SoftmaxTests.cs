using System;
using System.Linq;
using NetGen.Kernels;

namespace NetGen.Tests.Kernels;

/// <summary>The softmax row and cross-entropy kernels that every generated float softmax layer calls.</summary>
public class SoftmaxTests
{
    private delegate void RowKernel(ref float z, ref float a, int units);

    public static TheoryData<string> Widths => new() { "128", "256", "512", "chosen" };

    [Theory]
    [MemberData(nameof(Widths))]
    public void Row_MatchesSoftmaxInDoublePrecision_AndWritesOnlyTheRow(string width)
    {
        var kernel = Kernel(width);
        var random = new Random(5);
        for (var units = 1; units <= 40; units++)
        {
            var padded = (units + 15) / 16 * 16;
            for (var trial = 0; trial < 20; trial++)
            {
                // Small logits, then logits far beyond e^x's range: the shift by the maximum keeps them finite.
                var scale = trial < 10 ? 4.0 : 2000.0;
                var z = new float[padded];
                for (var o = 0; o < padded; o++)
                {
                    z[o] = o < units ? (float)((random.NextDouble() - 0.5) * scale) : (float)random.NextDouble(); // padding is not 0 here
                }

                var a = new float[units + 20];
                a.AsSpan().Fill(-7f);
                kernel(ref z[0], ref a[0], units);

                var expected = SoftmaxInDouble(z.AsSpan(0, units));
                for (var o = 0; o < units; o++)
                {
                    // Relative error, and at most the smallest normal float (below it an output is 0)
                    Assert.True(Math.Abs(a[o] - expected[o]) <= (4e-7 * expected[o]) + 1.18e-38, $"units {units}, output {o}: {a[o]:R} against {expected[o]:R}");
                }

                for (var o = units; o < a.Length; o++)
                {
                    Assert.Equal(-7f, a[o]);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Row_OfEqualLogitsIsExactlyOneOverTheCount_AndOneUnitIsOne(string width)
    {
        var kernel = Kernel(width);
        for (var units = 1; units <= 33; units++)
        {
            var z = new float[(units + 15) / 16 * 16];
            z.AsSpan(0, units).Fill(123.25f);
            var a = new float[units];
            kernel(ref z[0], ref a[0], units);
            Assert.All(a, value => Assert.Equal((float)(1.0 / units), value));
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Row_CanWriteOverItsLogits(string width)
    {
        var kernel = Kernel(width);
        foreach (var units in new[] { 3, 10, 21 })
        {
            var z = new float[32];
            for (var o = 0; o < units; o++)
            {
                z[o] = o * 0.37f;
            }

            var separate = new float[units];
            kernel(ref z[0], ref separate[0], units);
            kernel(ref z[0], ref z[0], units);
            Assert.Equal(separate, z.AsSpan(0, units).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Row_WithANaNLogit_IsNaNThroughout(string width)
    {
        var kernel = Kernel(width);
        foreach (var units in new[] { 3, 10, 21 })
        {
            var z = new float[32];
            z[units - 1] = float.NaN;
            var a = new float[units];
            kernel(ref z[0], ref a[0], units);
            Assert.All(a, value => Assert.True(float.IsNaN(value)));
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void CrossEntropy_MatchesDoublePrecision_AndZeroesTheGradientsPadding(string width)
    {
        var kernel = CrossEntropyKernel(width);
        var random = new Random(6);
        for (var units = 1; units <= 40; units++)
        {
            var padded = (units + 15) / 16 * 16;
            for (var trial = 0; trial < 10; trial++)
            {
                var spread = trial < 5 ? 4.0 : 2000.0; // far beyond e^x's range: logsumexp stays finite
                var z = new float[padded];
                var t = new float[units];
                for (var o = 0; o < units; o++)
                {
                    z[o] = (float)((random.NextDouble() - 0.5) * spread);
                    t[o] = trial % 2 == 0 ? (o == trial % units ? 1 : 0) : (float)random.NextDouble(); // one-hot, or soft targets
                }

                var d = new float[padded];
                d.AsSpan().Fill(-7f);
                const float scale = 0.25f;
                var loss = kernel(ref z[0], ref t[0], ref d[0], scale, units);

                var softmax = SoftmaxInDouble(z.AsSpan(0, units));
                var max = z.AsSpan(0, units).ToArray().Max();
                var logSumExp = max + Math.Log(z.AsSpan(0, units).ToArray().Sum(value => Math.Exp(value - max)));
                double expectedLoss = 0, targetSum = 0;
                for (var o = 0; o < units; o++)
                {
                    expectedLoss += t[o] * (logSumExp - z[o]);
                    targetSum += t[o];
                }

                // Each term t·(logsumexp − z) is a float difference of two numbers as large as the logits: an ulp of those each
                var largest = Math.Abs(logSumExp) + z.AsSpan(0, units).ToArray().Max(value => Math.Abs(value));
                Assert.True(Math.Abs(loss - expectedLoss) <= (1e-6 * Math.Abs(expectedLoss)) + (2.4e-7 * largest * targetSum), $"units {units}: loss {loss:R} against {expectedLoss:R}");
                for (var o = 0; o < units; o++)
                {
                    var expected = scale * ((softmax[o] * targetSum) - t[o]);
                    Assert.True(Math.Abs(d[o] - expected) <= 1e-6 * scale * (1 + targetSum), $"units {units}, output {o}: {d[o]:R} against {expected:R}");
                }

                // Padding lanes of a whole vector are written as 0 or left alone, never anything else.
                for (var o = units; o < padded; o++)
                {
                    Assert.True(d[o] == 0 || d[o] == -7f, $"units {units}: padding lane {o} holds {d[o]}");
                }
            }
        }
    }

    private delegate float CrossEntropyKernelDelegate(ref float z, ref float t, ref float d, float scale, int units);

    private static CrossEntropyKernelDelegate CrossEntropyKernel(string width) => width switch
    {
        "128" => Softmax.CrossEntropy128,
        "256" => Softmax.CrossEntropy256,
        "512" => Softmax.CrossEntropy512,
        _ => Softmax.CrossEntropy,
    };

    private static RowKernel Kernel(string width) => width switch
    {
        "128" => Softmax.Row128,
        "256" => Softmax.Row256,
        "512" => Softmax.Row512,
        _ => Softmax.Row,
    };

    private static double[] SoftmaxInDouble(ReadOnlySpan<float> z)
    {
        var max = double.NegativeInfinity;
        foreach (var value in z)
        {
            max = Math.Max(max, value);
        }

        var result = new double[z.Length];
        var sum = 0.0;
        for (var o = 0; o < z.Length; o++)
        {
            result[o] = Math.Exp(z[o] - max);
            sum += result[o];
        }

        for (var o = 0; o < z.Length; o++)
        {
            result[o] /= sum;
        }

        return result;
    }
}
