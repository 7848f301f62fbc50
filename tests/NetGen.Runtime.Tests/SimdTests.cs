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
}
