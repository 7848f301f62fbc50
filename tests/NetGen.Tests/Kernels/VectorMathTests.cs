using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using NetGen.Kernels;

namespace NetGen.Tests.Kernels;

/// <summary>The vector e^x, σ(x) and tanh(x) of the generated float activations and softmax, against double precision.</summary>
public class VectorMathTests
{
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

        // Vector128 is the width that runs where AVX2 (and with it FMA) is off: checked on its own
        foreach (var e in new[] { Exp512(x), Exp128(x) })
        {
        for (var k = 0; k < count; k++)
        {
            var exact = Math.Exp(x[k]);
            var nearest = (float)exact;
            var ulp = MathF.BitIncrement(nearest) - nearest;
            var error = Math.Abs(e[k] - exact) / ulp;
            worst = Math.Max(worst, error);
            correctlyRounded += e[k] == nearest ? 1 : 0;
        }
        }

        Assert.True(worst <= 1.01, $"the largest error is {worst:F3} ulp");
        Assert.True(correctlyRounded > 0.85 * 2 * count, $"{correctlyRounded} of {count} correctly rounded");
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
            var e256 = VectorMath.Exp(Vector256.Create(x, k));
            for (var j = 0; j < 8; j++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(e512[k + j]), BitConverter.SingleToInt32Bits(e256[j]));
                if (Vector128Fuses)
                {
                    var e128 = VectorMath.Exp(Vector128.Create(x, k + (j & 4)));
                    Assert.Equal(BitConverter.SingleToInt32Bits(e512[k + j]), BitConverter.SingleToInt32Bits(e128[j & 3]));
                }
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
        Assert.Equal(expected, VectorMath.Exp(Vector512.Create(x))[0]);
        Assert.Equal(expected, VectorMath.Exp(Vector128.Create(x))[3]);
    }

    [Fact]
    public void Exp_KeepsNaN_AndOfNegativeZeroIsOne()
    {
        Assert.Equal(1f, VectorMath.Exp(Vector512.Create(-0f))[0]);
        Assert.True(float.IsNaN(VectorMath.Exp(Vector512.Create(float.NaN))[7]));
        Assert.True(float.IsNaN(VectorMath.Exp(Vector256.Create(float.NaN))[7]));
        Assert.True(float.IsNaN(VectorMath.Exp(Vector128.Create(float.NaN))[3]));
    }

    [Fact]
    public void Sigmoid_IsWithinTwoUlpOfTheExactValue_AndSaturates()
    {
        var x = Spread(1 << 16, 90, seed: 7);
        var worst = WorstUlp(x, v => VectorMath.Sigmoid(v), value => 1 / (1 + Math.Exp(-value)));
        Assert.True(worst <= 2, $"the largest error is {worst:F3} ulp");

        var ends = VectorMath.Sigmoid(Vector512.Create(0f, 1000f, -1000f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        Assert.Equal(0.5f, ends[0]);
        Assert.Equal(1f, ends[1]);
        Assert.Equal(0f, ends[2]);
        Assert.Equal(1f, ends[3]);
        Assert.Equal(0f, ends[4]);
        Assert.True(float.IsNaN(ends[5]));
    }

    [Fact]
    public void Tanh_IsWithinTwoUlpOfTheExactValue_NearZeroAndAway()
    {
        // Dense around the switch at 0.625 and near 0, where 1 − 2/(e^2x + 1) alone would cancel.
        var near = Spread(1 << 16, 1.25, seed: 8);
        var far = Spread(1 << 16, 20, seed: 9);
        var tiny = Spread(1 << 12, 1e-3, seed: 10);
        foreach (var x in new[] { near, far, tiny })
        {
            var worst = WorstUlp(x, v => VectorMath.Tanh(v), Math.Tanh);
            Assert.True(worst <= 2, $"the largest error is {worst:F3} ulp");
        }

        var ends = VectorMath.Tanh(Vector512.Create(0f, -0f, 50f, -50f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 0.625f, -0.625f, 0, 0, 0, 0, 0, 0, 0));
        Assert.Equal(0f, ends[0]);
        Assert.Equal(1f, ends[2]);
        Assert.Equal(-1f, ends[3]);
        Assert.Equal(1f, ends[4]);
        Assert.Equal(-1f, ends[5]);
        Assert.True(float.IsNaN(ends[6]));
        Assert.Equal(-ends[7], ends[8]);
    }

    [Fact]
    public void SigmoidAndTanh_GiveTheSameBitsInEveryVectorWidth()
    {
        var x = Spread(4096, 30, seed: 11);
        for (var k = 0; k < x.Length; k += 16)
        {
            var sigmoid = VectorMath.Sigmoid(Vector512.Create(x, k));
            var tanh = VectorMath.Tanh(Vector512.Create(x, k));
            for (var j = 0; j < 16; j++)
            {
                Assert.Equal(sigmoid[j], VectorMath.Sigmoid(Vector256.Create(x, k + (j & 8)))[j & 7]);
                Assert.Equal(tanh[j], VectorMath.Tanh(Vector256.Create(x, k + (j & 8)))[j & 7]);
                if (Vector128Fuses)
                {
                    Assert.Equal(sigmoid[j], VectorMath.Sigmoid(Vector128.Create(x, k + (j & 12)))[j & 3]);
                    Assert.Equal(tanh[j], VectorMath.Tanh(Vector128.Create(x, k + (j & 12)))[j & 3]);
                }
            }
        }
    }

    /// <summary>
    /// Whether Vector128's multiply-adds are fused, as the wider ones always are (.NET's FusedMultiplyAdd): without FMA
    /// hardware (AVX2 off) <c>Simd.MultiplyAdd</c> rounds twice in Vector128, the only width that runs there.
    /// </summary>
    private static bool Vector128Fuses => Fma.IsSupported || AdvSimd.IsSupported;

    private static float[] Spread(int count, double range, int seed)
    {
        var random = new Random(seed);
        var x = new float[count];
        for (var k = 0; k < count; k++)
        {
            x[k] = (float)((random.NextDouble() * 2 * range) - range);
        }

        return x;
    }

    /// <summary>The largest distance of f(x) from the exact value, in units of the float nearest to the exact value.</summary>
    private static double WorstUlp(float[] x, Func<Vector512<float>, Vector512<float>> f, Func<double, double> exact)
    {
        var worst = 0.0;
        for (var k = 0; k < x.Length; k += 16)
        {
            var result = f(Vector512.Create(x, k));
            for (var j = 0; j < 16; j++)
            {
                var value = exact(x[k + j]);
                var nearest = Math.Abs((float)value);
                if (nearest < 1.2e-38f)
                {
                    continue; // subnormal results are not the point here
                }

                var ulp = MathF.BitIncrement(nearest) - nearest;
                worst = Math.Max(worst, Math.Abs(result[j] - value) / ulp);
            }
        }

        return worst;
    }

    private static float[] Exp128(float[] x)
    {
        var e = new float[x.Length];
        for (var k = 0; k < x.Length; k += 4)
        {
            VectorMath.Exp(Vector128.Create(x, k)).CopyTo(e, k);
        }

        return e;
    }

    private static float[] Exp512(float[] x)
    {
        var e = new float[x.Length];
        for (var k = 0; k < x.Length; k += 16)
        {
            VectorMath.Exp(Vector512.Create(x, k)).CopyTo(e, k);
        }

        return e;
    }
}
