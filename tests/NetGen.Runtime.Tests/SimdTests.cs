using System;
using System.Runtime.Intrinsics;
using NetGen.Kernels;

namespace NetGen.Runtime.Tests;

/// <summary>The vector helpers of the generated kernels, against plain scalar sums.</summary>
public sealed class SimdTests
{
    [Fact]
    public void Sum4_Float_GivesEachVectorsLaneSum()
    {
        var vectors = new Vector256<float>[4];
        var expected = new float[4];
        for (var v = 0; v < 4; v++)
        {
            var lanes = new float[8];
            for (var l = 0; l < 8; l++)
            {
                // Small integers: every order of summation is exact, so any correct reduction gives exactly these sums.
                lanes[l] = (v * 8) + l - 13;
                expected[v] += lanes[l];
            }

            vectors[v] = Vector256.Create(lanes);
        }

        var sums = Simd.Sum4(vectors[0], vectors[1], vectors[2], vectors[3]);
        for (var v = 0; v < 4; v++)
        {
            Assert.Equal(expected[v], sums.GetElement(v));
        }
    }

    [Fact]
    public void Sum4_Double_GivesEachVectorsLaneSum()
    {
        var vectors = new Vector256<double>[4];
        var expected = new double[4];
        for (var v = 0; v < 4; v++)
        {
            var lanes = new double[4];
            for (var l = 0; l < 4; l++)
            {
                lanes[l] = (v * 4) + l - 7.5;
                expected[v] += lanes[l];
            }

            vectors[v] = Vector256.Create(lanes);
        }

        var sums = Simd.Sum4(vectors[0], vectors[1], vectors[2], vectors[3]);
        for (var v = 0; v < 4; v++)
        {
            Assert.Equal(expected[v], sums.GetElement(v));
        }
    }

    [Fact]
    public void Sum4_Float512_GivesEachVectorsLaneSum()
    {
        var vectors = new Vector512<float>[4];
        var expected = new float[4];
        for (var v = 0; v < 4; v++)
        {
            var lanes = new float[16];
            for (var l = 0; l < 16; l++)
            {
                lanes[l] = (v * 16) + l - 29;
                expected[v] += lanes[l];
            }

            vectors[v] = Vector512.Create(lanes);
        }

        var sums = Simd.Sum4(vectors[0], vectors[1], vectors[2], vectors[3]);
        for (var v = 0; v < 4; v++)
        {
            Assert.Equal(expected[v], sums.GetElement(v));
        }
    }

    [Fact]
    public void Sum4_Double512_GivesEachVectorsLaneSum()
    {
        var vectors = new Vector512<double>[4];
        var expected = new double[4];
        for (var v = 0; v < 4; v++)
        {
            var lanes = new double[8];
            for (var l = 0; l < 8; l++)
            {
                lanes[l] = (v * 8) + l - 15.5;
                expected[v] += lanes[l];
            }

            vectors[v] = Vector512.Create(lanes);
        }

        var sums = Simd.Sum4(vectors[0], vectors[1], vectors[2], vectors[3]);
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
}
