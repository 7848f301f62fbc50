using System;
using System.Linq;
using System.Runtime.Intrinsics;
using NetGen.Kernels;

namespace NetGen.Tests.Kernels;

/// <summary>The vector e^x and the softmax row kernel that every generated float softmax layer calls.</summary>
public class SoftmaxTests
{
    private delegate void RowKernel(ref float z, ref float a, int units);

    public static TheoryData<string> Widths => new() { "128", "256", "512", "chosen" };

    [Fact]
    public void Exp_IsWithinOneUlpOfTheExactValue_AcrossTheNormalRange()
    {
        var random = new Random(3);
        var worst = 0.0;
        var correctlyRounded = 0;
        const int count = 1 << 18;
        var x = new float[count];
        for (var k = 0; k < count; k++)
        {
            // Half over the whole range where e^x is a normal float, half where a softmax spends its time: [−20, 0].
            x[k] = k % 2 == 0 ? (float)((random.NextDouble() * 176.05) - 87.33) : (float)(-random.NextDouble() * 20);
        }

        var e = Exp512(x);
        for (var k = 0; k < count; k++)
        {
            var exact = Math.Exp(x[k]);
            var nearest = (float)exact;
            var ulp = MathF.BitIncrement(nearest) - nearest;
            var error = Math.Abs(e[k] - exact) / ulp;
            worst = Math.Max(worst, error);
            correctlyRounded += e[k] == nearest ? 1 : 0;
        }

        Assert.True(worst <= 1.01, $"the largest error is {worst:F3} ulp");
        Assert.True(correctlyRounded > 0.85 * count, $"{correctlyRounded} of {count} correctly rounded");
    }

    [Fact]
    public void Exp_GivesTheSameBitsInEveryVectorWidth()
    {
        var random = new Random(4);
        var x = new float[4096];
        for (var k = 0; k < x.Length; k++)
        {
            x[k] = (float)((random.NextDouble() * 220) - 110);
        }

        var e512 = Exp512(x);
        for (var k = 0; k < x.Length; k += 8)
        {
            var e256 = Softmax.Exp(Vector256.Create(x, k));
            for (var j = 0; j < 8; j++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(e512[k + j]), BitConverter.SingleToInt32Bits(e256[j]));
                var e128 = Softmax.Exp(Vector128.Create(x, k + (j & 4)));
                Assert.Equal(BitConverter.SingleToInt32Bits(e512[k + j]), BitConverter.SingleToInt32Bits(e128[j & 3]));
            }
        }
    }

    [Theory]
    [InlineData(0f, 1f)] // exactly: the largest logit's e^(z − max) is 1
    [InlineData(1e-8f, 1f)]
    [InlineData(1f, 2.7182817f)]
    [InlineData(-1f, 0.36787945f)]
    [InlineData(88.72f, 3.3931806e38f)] // 2^128 would overflow: the power of two is applied in two halves
    [InlineData(88.73f, float.PositiveInfinity)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]
    [InlineData(-87.3f, 1.2192433e-38f)] // the smallest normal results are kept
    [InlineData(-87.34f, 0f)] // a subnormal result is 0
    [InlineData(-1000f, 0f)]
    [InlineData(float.NegativeInfinity, 0f)]
    public void Exp_HandlesTheEdgesOfTheRange(float x, float expected)
    {
        Assert.Equal(expected, Softmax.Exp(Vector512.Create(x))[0]);
        Assert.Equal(expected, Softmax.Exp(Vector128.Create(x))[3]);
    }

    [Fact]
    public void Exp_KeepsNaN_AndOfNegativeZeroIsOne()
    {
        Assert.Equal(1f, Softmax.Exp(Vector512.Create(-0f))[0]);
        Assert.True(float.IsNaN(Softmax.Exp(Vector512.Create(float.NaN))[7]));
        Assert.True(float.IsNaN(Softmax.Exp(Vector256.Create(float.NaN))[7]));
        Assert.True(float.IsNaN(Softmax.Exp(Vector128.Create(float.NaN))[3]));
    }

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

    private static float[] Exp512(float[] x)
    {
        var e = new float[x.Length];
        for (var k = 0; k < x.Length; k += 16)
        {
            Softmax.Exp(Vector512.Create(x, k)).CopyTo(e, k);
        }

        return e;
    }

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
