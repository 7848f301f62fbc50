using System;
using System.Linq;
using System.Runtime.Intrinsics;
using NetGen.Kernels;

namespace NetGen.Runtime.Tests;

/// <summary>The vector helpers of the generated kernels, against plain scalar sums.</summary>
public sealed class SimdTests
{
    [Fact]
    public void FlushSubnormal_ZeroesOnlyTheSubnormalLanes()
    {
        // −0 comes out +0 (|x| below the smallest normal value), the same in every width and the scalar form.
        float[] single = [float.Epsilon, -1e-39f, 1.17549435E-38f, -1.17549435E-38f, 0, -0f, 1, float.NaN, float.PositiveInfinity, -2.5e-38f, 3e-39f, 1e-30f, -7, float.NegativeInfinity, 5e-45f, 2];
        float[] expected = [0, 0, 1.17549435E-38f, -1.17549435E-38f, 0, -0f, 1, float.NaN, float.PositiveInfinity, -2.5e-38f, 0, 1e-30f, -7, float.NegativeInfinity, 0, 2];
        Assert.Equal(expected, ToArray(Simd.FlushSubnormal(Vector512.Create(single))));
        Assert.Equal(expected[..8], ToArray(Simd.FlushSubnormal(Vector256.Create(single[..8]))));
        Assert.Equal(expected[..4], ToArray(Simd.FlushSubnormal(Vector128.Create(single[..4]))));
        Assert.Equal(expected, Array.ConvertAll(single, Simd.FlushSubnormal));

        double[] pair = [double.Epsilon, -1e-310, 2.2250738585072014E-308, double.NaN, 0, 1e-300, -3, double.PositiveInfinity];
        double[] pairExpected = [0, 0, 2.2250738585072014E-308, double.NaN, 0, 1e-300, -3, double.PositiveInfinity];
        Assert.Equal(pairExpected, ToArray(Simd.FlushSubnormal(Vector512.Create(pair))));
        Assert.Equal(pairExpected[..4], ToArray(Simd.FlushSubnormal(Vector256.Create(pair[..4]))));
        Assert.Equal(pairExpected[..2], ToArray(Simd.FlushSubnormal(Vector128.Create(pair[..2]))));
        Assert.Equal(pairExpected, Array.ConvertAll(pair, Simd.FlushSubnormal));
    }

    private static T[] ToArray<T>(Vector512<T> vector) => [.. Enumerable.Range(0, Vector512<T>.Count).Select(i => vector.GetElement(i))];

    private static T[] ToArray<T>(Vector256<T> vector) => [.. Enumerable.Range(0, Vector256<T>.Count).Select(i => vector.GetElement(i))];

    private static T[] ToArray<T>(Vector128<T> vector) => [.. Enumerable.Range(0, Vector128<T>.Count).Select(i => vector.GetElement(i))];

    // Small integers (and halves): every order of summation is exact, so any correct reduction gives exactly these sums.
    [Fact]
    public void Sum4_Float_GivesEachVectorsLaneSum()
    {
        var (vectors, expected) = Lanes<float>(8, offset: -13);
        AssertSums(Simd.Sum4(Vector256.Create(vectors[0]), Vector256.Create(vectors[1]), Vector256.Create(vectors[2]), Vector256.Create(vectors[3])), expected);
    }

    [Fact]
    public void Sum4_Double_GivesEachVectorsLaneSum()
    {
        var (vectors, expected) = Lanes<double>(4, offset: -7.5);
        AssertSums(Simd.Sum4(Vector256.Create(vectors[0]), Vector256.Create(vectors[1]), Vector256.Create(vectors[2]), Vector256.Create(vectors[3])), expected);
    }

    [Fact]
    public void Sum4_Float512_GivesEachVectorsLaneSum()
    {
        var (vectors, expected) = Lanes<float>(16, offset: -29);
        AssertSums(Simd.Sum4(Vector512.Create(vectors[0]), Vector512.Create(vectors[1]), Vector512.Create(vectors[2]), Vector512.Create(vectors[3])), expected);
    }

    [Fact]
    public void Sum4_Double512_GivesEachVectorsLaneSum()
    {
        var (vectors, expected) = Lanes<double>(8, offset: -15.5);
        AssertSums(Simd.Sum4(Vector512.Create(vectors[0]), Vector512.Create(vectors[1]), Vector512.Create(vectors[2]), Vector512.Create(vectors[3])), expected);
    }

    [Fact]
    public void Sum4_Float128_GivesEachVectorsLaneSum()
    {
        var (vectors, expected) = Lanes<float>(4, offset: -5);
        AssertSums(Simd.Sum4(Vector128.Create(vectors[0]), Vector128.Create(vectors[1]), Vector128.Create(vectors[2]), Vector128.Create(vectors[3])), expected);
    }

    [Fact]
    public void Sum4_Double128_GivesEachVectorsLaneSum()
    {
        var (vectors, expected) = Lanes<double>(2, offset: -3.5);
        AssertSums(Simd.Sum4(Vector128.Create(vectors[0]), Vector128.Create(vectors[1]), Vector128.Create(vectors[2]), Vector128.Create(vectors[3])), expected);
    }

    /// <summary>Four vectors of <paramref name="count"/> lanes, lane l of vector v = v·count + l + offset, and each one's sum.</summary>
    private static (T[][] Vectors, T[] Sums) Lanes<T>(int count, double offset)
        where T : System.Numerics.IFloatingPoint<T>
    {
        var vectors = new T[4][];
        var sums = new T[4];
        for (var v = 0; v < 4; v++)
        {
            vectors[v] = new T[count];
            sums[v] = T.Zero;
            for (var l = 0; l < count; l++)
            {
                vectors[v][l] = T.CreateChecked((v * count) + l + offset);
                sums[v] += vectors[v][l];
            }
        }

        return (vectors, sums);
    }

    private static void AssertSums<T>(Vector128<T> sums, T[] expected) => AssertSums(Vector256.Create(sums, sums), expected);

    private static void AssertSums<T>(Vector256<T> sums, T[] expected)
    {
        for (var v = 0; v < 4; v++)
        {
            Assert.Equal(expected[v], sums.GetElement(v));
        }
    }

    [Fact]
    public void MultiplyAdd_512_IsFused()
    {
        // 1 + 2⁻²³ squared is 1 + 2⁻²² + 2⁻⁴⁶: minus (1 + 2⁻²²) that leaves 2⁻⁴⁶ only when the product is not rounded first.
        var a = Vector512.Create(1f + MathF.Pow(2, -23));
        var result = Simd.MultiplyAdd(a, a, Vector512.Create(-(1f + MathF.Pow(2, -22))));
        Assert.Equal(MathF.Pow(2, -46), result.GetElement(0));
    }

    [Fact]
    public void MultiplyAdd_128_IsFusedWhereTheHardwareHasFma()
    {
        var a = Vector128.Create(1f + MathF.Pow(2, -23));
        var result = Simd.MultiplyAdd(a, a, Vector128.Create(-(1f + MathF.Pow(2, -22))));
        // Fused: 2⁻⁴⁶ survives; a multiply then an add rounds the product to 1 + 2⁻²² first and leaves 0.
        var fused = System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;
        Assert.Equal(fused ? MathF.Pow(2, -46) : 0f, result.GetElement(0));
    }

    [Fact]
    public void MultiplyAdd_128_Double_GivesEveryLane()
    {
        var result = Simd.MultiplyAdd(Vector128.Create(1.5, -2.0), Vector128.Create(4.0, 0.25), Vector128.Create(0.5, 3.0));
        Assert.Equal(6.5, result.GetElement(0));
        Assert.Equal(2.5, result.GetElement(1));
    }
}
