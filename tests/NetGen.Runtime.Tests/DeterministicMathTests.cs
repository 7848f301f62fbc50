using System;
using NetGen.Numerics;

namespace NetGen.Runtime.Tests;

public sealed class DeterministicMathTests
{
    private static readonly double s_twoOverSqrtPi = 2.0 / Math.Sqrt(Math.PI);

    [Fact]
    public void Log_ManyValues_WithinOneUlpOfMathLog()
    {
        // Math.Log (the platform libm) is within an ulp of exact too, so one ulp apart is the strictest fair bound.
        var random = new DeterministicRandom(31);

        for (var i = 0; i < 300_000; i++)
        {
            var x = (i % 3) switch
            {
                0 => BitConverter.Int64BitsToDouble((long)(random.NextUInt64() & 0x7FEF_FFFF_FFFF_FFFF)), // any positive finite, subnormals included
                1 => 1.0 + (random.NextDouble() - 0.5),                                                  // near 1, where cancellation bites
                _ => random.NextDouble() * 10.0,
            };
            if (x == 0.0)
            {
                continue;
            }

            AssertWithinUlps(Math.Log(x), DeterministicMath.Log(x), 1, x);
        }
    }

    [Theory]
    [InlineData(double.Epsilon)]
    [InlineData(1e-310)]
    [InlineData(2.2250738585072014e-308)]
    [InlineData(double.MaxValue)]
    [InlineData(0.5)]
    [InlineData(0.7071067811865476)]
    [InlineData(1.414213562373095)]
    [InlineData(1.4142135623730951)]
    [InlineData(1.0000000000000002)]
    [InlineData(0.9999999999999999)]
    [InlineData(1e-5)]
    [InlineData(1e300)]
    public void Log_EdgeValues_WithinOneUlpOfMathLog(double x)
    {
        AssertWithinUlps(Math.Log(x), DeterministicMath.Log(x), 1, x);
    }

    [Fact]
    public void Log_ExactCases_AreExact()
    {
        Assert.Equal(0.0, DeterministicMath.Log(1.0));
        Assert.Equal(0.6931471805599453, DeterministicMath.Log(2.0));
        Assert.Equal(-0.6931471805599453, DeterministicMath.Log(0.5));
        Assert.Equal(1.3862943611198906, DeterministicMath.Log(4.0));
    }

    [Theory]
    [InlineData(0.0, double.NegativeInfinity)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(-1.0, double.NaN)]
    [InlineData(-double.Epsilon, double.NaN)]
    [InlineData(double.NegativeInfinity, double.NaN)]
    [InlineData(double.NaN, double.NaN)]
    public void Log_SpecialValues_FollowMathLog(double x, double expected)
    {
        Assert.Equal(expected, DeterministicMath.Log(x));
        Assert.Equal(Math.Log(x), DeterministicMath.Log(x));
    }

    [Fact]
    public void Log_NegativeZero_IsNegativeInfinity()
    {
        // A separate test because xunit treats InlineData(0.0) and InlineData(-0.0) as duplicates.
        Assert.Equal(double.NegativeInfinity, DeterministicMath.Log(-0.0));
    }

    [Theory]
    // erf to 20 digits, from mpmath at 40 digits.
    [InlineData(1e-10, 1.1283791670955125739e-10)]
    [InlineData(0.1, 0.1124629160182848922)]
    [InlineData(0.5, 0.52049987781304653768)]
    [InlineData(0.84375, 0.76722566123234163346)]
    [InlineData(1.0, 0.84270079294971486934)]
    [InlineData(1.25, 0.92290012825645823014)]
    [InlineData(2.0, 0.99532226501895273416)]
    [InlineData(2.857142857142857, 0.99994668768861167714)]
    [InlineData(3.0, 0.99997790950300141456)]
    [InlineData(4.0, 0.99999998458274209972)]
    [InlineData(5.0, 0.99999999999846254021)]
    [InlineData(6.0, 1.0)]
    [InlineData(30.0, 1.0)]
    public void Erf_ReferenceValues_WithinOneUlp(double x, double expected)
    {
        AssertWithinUlps(expected, DeterministicMath.Erf(x), 1, x);
        AssertWithinUlps(-expected, DeterministicMath.Erf(-x), 1, -x);
    }

    [Theory]
    // erfc to 20 digits, from mpmath at 40 digits; relative accuracy must hold deep in the tail.
    [InlineData(0.1, 0.8875370839817151078)]
    [InlineData(0.5, 0.47950012218695346232)]
    [InlineData(1.0, 0.15729920705028513066)]
    [InlineData(2.0, 0.0046777349810472658379)]
    [InlineData(3.0, 2.2090496998585441373e-5)]
    [InlineData(5.0, 1.5374597944280348502e-12)]
    [InlineData(6.0, 2.1519736712498913117e-17)]
    [InlineData(10.0, 2.088487583762544757e-45)]
    [InlineData(20.0, 5.3958656116079009289e-176)]
    [InlineData(-1.0, 1.84270079294971486934)]
    [InlineData(-3.0, 1.99997790950300141456)]
    [InlineData(-10.0, 2.0)]
    public void Erfc_ReferenceValues_WithinOneUlp(double x, double expected)
    {
        AssertWithinUlps(expected, DeterministicMath.Erfc(x), 1, x);
    }

    [Theory]
    [InlineData(0.0, 0.0, 1.0)]
    [InlineData(double.PositiveInfinity, 1.0, 0.0)]
    [InlineData(double.NegativeInfinity, -1.0, 2.0)]
    [InlineData(double.NaN, double.NaN, double.NaN)]
    [InlineData(28.0, 1.0, 0.0)]
    public void ErfAndErfc_SpecialValues_AreExact(double x, double erf, double erfc)
    {
        Assert.Equal(erf, DeterministicMath.Erf(x));
        Assert.Equal(erfc, DeterministicMath.Erfc(x));
    }

    [Fact]
    public void Erf_NegatedArgument_IsExactlyNegated()
    {
        for (var x = 0.0; x <= 7.0; x += 0.0137)
        {
            Assert.Equal(-DeterministicMath.Erf(x), DeterministicMath.Erf(-x));
        }
    }

    [Fact]
    public void ErfPlusErfc_AcrossTheLine_IsOne()
    {
        for (var x = -7.0; x <= 7.0; x += 0.0071)
        {
            // Two ulps of 1: for x < 0, erfc is near 2 and carries an ulp of 4.4e-16 itself.
            Assert.Equal(1.0, DeterministicMath.Erf(x) + DeterministicMath.Erfc(x), 4.5e-16);
        }
    }

    [Fact]
    public void Erf_Derivative_MatchesGaussianDensity()
    {
        // Five-point central differences (error O(h⁴)); beyond |x| = 3 erf is too close to ±1 for differences in
        // double to resolve its slope, which the Erfc test covers.
        const double H = 1e-3;
        foreach (var x in GridWithBoundaries(-3.0, 3.0))
        {
            var slope = FivePointDerivative(DeterministicMath.Erf, x, H);
            var expected = s_twoOverSqrtPi * Math.Exp(-x * x);
            Assert.True(Math.Abs(slope - expected) <= 1e-8 * expected, $"erf'({x}) = {slope}, expected {expected}");
        }
    }

    [Fact]
    public void Erfc_Derivative_MatchesGaussianDensityInTheTail()
    {
        foreach (var x in GridWithBoundaries(0.0, 10.0))
        {
            // The truncation error grows like (x·h)⁴, so the step shrinks with x.
            var slope = FivePointDerivative(DeterministicMath.Erfc, x, 1e-3 / Math.Max(1.0, x));
            var expected = -s_twoOverSqrtPi * Math.Exp(-x * x);
            Assert.True(Math.Abs(slope - expected) <= 1e-8 * -expected, $"erfc'({x}) = {slope}, expected {expected}");
        }
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(-1.3f)]
    [InlineData(2.75f)]
    [InlineData(1e-20f)]
    public void Erf_Float_IsDoubleResultRounded(float x)
    {
        Assert.Equal((float)DeterministicMath.Erf((double)x), DeterministicMath.Erf(x));
    }

    // Points every 0.01 plus both sides of each breakpoint of the piecewise approximation.
    private static double[] GridWithBoundaries(double from, double to)
    {
        var points = new System.Collections.Generic.List<double>();
        for (var i = 0; from + (i * 0.01) <= to + 1e-12; i++)
        {
            points.Add(from + (i * 0.01));
        }

        foreach (var boundary in new[] { 0.84375, 1.25, 1.0 / 0.35, 6.0 })
        {
            foreach (var x in new[] { boundary, -boundary })
            {
                if (x >= from && x <= to)
                {
                    points.Add(Math.BitDecrement(x));
                    points.Add(x);
                }
            }
        }

        return points.ToArray();
    }

    private static double FivePointDerivative(Func<double, double> f, double x, double h) =>
        ((f(x - (2 * h)) - (8 * f(x - h)) + (8 * f(x + h)) - f(x + (2 * h))) / (12 * h));

    private static void AssertWithinUlps(double expected, double actual, long ulps, double x)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"f({x:R}) = {actual:R}, expected NaN");
            return;
        }

        var distance = Math.Abs(BitConverter.DoubleToInt64Bits(expected) - BitConverter.DoubleToInt64Bits(actual));
        Assert.True(
            Math.Sign(expected) == Math.Sign(actual) && distance <= ulps,
            $"f({x:R}) = {actual:R}, expected {expected:R} ({distance} ulps apart)");
    }
}
