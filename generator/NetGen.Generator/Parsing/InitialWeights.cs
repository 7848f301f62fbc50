using System;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// How large a layer's initial weights can be, from the runtime's <c>WeightInitializer</c> formulas (in double, as it
/// computes them). A float network rounds every weight to float, so a finite double spread can still start it at ∞
/// (NG0002), and a tiny one at exactly 0 (a constant start, NG2003).
/// </summary>
internal static class InitialWeights
{
    /// <summary>
    /// The largest magnitude <c>DeterministicRandom.NextNormal</c> returns: the polar method gives |v|·√(−2 ln s / s) with
    /// |v| ≤ √s and s ≥ 2⁻¹⁰⁴ (u and v are multiples of 2⁻⁵²), so at most √(208 ln 2) ≈ 12.007.
    /// </summary>
    public const double MaxNormalDraw = 12.01;

    /// <summary>The negative slope the He initializers use: the layer's slope for LeakyReLU and PReLU, 0 otherwise (as the emitter passes it).</summary>
    public static double NegativeSlope(Activation activation, double slope) =>
        activation is Activation.LeakyReLU or Activation.PReLU ? slope : 0.0;

    /// <summary>
    /// The variance of one weight (<c>WeightInitializer.StandardDeviation</c> squared): bound²/3 for the uniform inits,
    /// gain²/max(units, inputs) for orthogonal (the mean square of its entries), 0 for zeros.
    /// </summary>
    public static double Variance(Init init, int units, int inputs, double gain, double scale, double negativeSlope)
    {
        if (init == Init.Zeros)
        {
            return 0;
        }

        if (init == Init.Orthogonal)
        {
            return gain * gain / Math.Max(units, inputs);
        }

        var (uniform, parameter) = Distribution(init, units, inputs, gain, scale, negativeSlope);
        return uniform ? parameter * parameter / 3 : parameter * parameter;
    }

    /// <summary>The largest magnitude a weight can start with: the uniform bound, 12.01 standard deviations, or the orthogonal gain.</summary>
    public static double Largest(Init init, int units, int inputs, double gain, double scale, double negativeSlope)
    {
        if (init == Init.Zeros)
        {
            return 0;
        }

        if (init == Init.Orthogonal)
        {
            return Math.Abs(gain); // each entry of an orthonormal row or column is at most 1
        }

        var (uniform, parameter) = Distribution(init, units, inputs, gain, scale, negativeSlope);
        return Math.Abs(uniform ? parameter : parameter * MaxNormalDraw);
    }

    // WeightInitializer.Distribution: (uniform?, bound or standard deviation).
    private static (bool Uniform, double Parameter) Distribution(Init init, int units, int inputs, double gain, double scale, double negativeSlope)
    {
        double fanIn = inputs;
        double fanOut = units;
        var heGain = gain * Math.Sqrt(2.0 / (1.0 + (negativeSlope * negativeSlope)));
        return init switch
        {
            Init.RandomNormal => (false, gain * scale),
            Init.RandomUniform => (true, gain * scale),
            Init.XavierNormal => (false, gain * Math.Sqrt(2.0 / (fanIn + fanOut))),
            Init.XavierUniform => (true, gain * Math.Sqrt(6.0 / (fanIn + fanOut))),
            Init.HeNormal => (false, heGain / Math.Sqrt(fanIn)),
            Init.HeUniform => (true, heGain * Math.Sqrt(3.0 / fanIn)),
            Init.LeCunNormal => (false, gain / Math.Sqrt(fanIn)),
            _ => (true, gain * Math.Sqrt(3.0 / fanIn)), // LeCunUniform
        };
    }
}
