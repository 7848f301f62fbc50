using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace NetGen.Generator.Emitting;

/// <summary>
/// How each activation is written: the math for the comment, the forward expression of <c>z</c>, and the derivative
/// da/dz as an expression of <c>z</c>, <c>a</c> and <c>slope</c>. Templates: <c>{M}</c> is <c>MathF</c> or <c>Math</c>,
/// <c>{0.5}</c> is a number typed for the network's precision.
/// </summary>
internal static class ActivationFormulas
{
    /// <param name="Math">The formula for the doc comment.</param>
    /// <param name="Forward">a as an expression of the scalar <c>z</c> (and <c>slope</c>).</param>
    /// <param name="Derivative">da/dz as an expression of <c>z</c>, <c>a</c> and <c>slope</c>.</param>
    /// <param name="VectorForward">
    /// a for a vector <c>zv</c> (with <c>zero</c> and <c>slopes</c>), where vector operations express it; <c>{V}</c> is
    /// the vector type of the body it goes into (<c>Vector256</c>, <c>Vector128</c>, …).
    /// </param>
    /// <param name="VectorBackward">dL/dz for vectors <c>zv</c> and <c>dv</c> = dL/da, where vector operations express it.</param>
    /// <param name="VectorFloatOnly">The vector forms call NetGen's float kernels (<c>VectorMath</c>): double networks use the scalar form.</param>
    /// <param name="ZeroPreserving">f(0) = 0, so a flat pass over padded rows leaves their padding lanes 0.</param>
    public sealed record Formula(
        string Math,
        string Forward,
        string Derivative,
        string? VectorForward = null,
        string? VectorBackward = null,
        bool VectorFloatOnly = false,
        bool ZeroPreserving = true)
    {
        /// <summary>The vector forward form for a network of <paramref name="precision"/>, or null where there is none.</summary>
        public string? VectorForwardFor(Precision precision) =>
            VectorFloatOnly && precision != Precision.Single ? null : VectorForward;
    }

    // Branch-free vector forms: a scalar `z > 0 ? …` on random signs mispredicts half the time.
    private const string PositivePart = "{V}.GreaterThan(zv, zero)";

    // Φ(z) is written with erfc so it keeps its relative accuracy for very negative z (erf would cancel).
    // SELU's constants are PyTorch's (torch.nn.SELU), to full double precision.
    private const string SeluLambda = "{1.0507009873554805}";
    private const string SeluLambdaAlpha = "{1.7580993408473766}";
    private const string InverseSqrt2 = "{0.7071067811865476}";
    private const string InverseSqrt2Pi = "{0.3989422804014327}";
    private const string Erfc = "global::NetGen.Numerics.DeterministicMath.Erfc";
    private const string VectorMath = "global::NetGen.Kernels.VectorMath";
    private const string SeluLambdaFloat = "1.0507009873554805f"; // the float vector forms' λ and λ·α, as the scalar form rounds them
    private const string SeluLambdaAlphaFloat = "1.7580993408473766f";

    private static readonly Dictionary<Activation, Formula> s_formulas = new()
    {
        [Activation.Linear] = new("a = z", "z", "1", "zv"),
        [Activation.Sigmoid] = new(
            "a = σ(z) = 1/(1 + e^−z)",
            "1 / (1 + {M}.Exp(-z))",
            "a * (1 - a)",
            $"{VectorMath}.Sigmoid(zv)",
            VectorFloatOnly: true,
            ZeroPreserving: false),
        [Activation.Tanh] = new("a = tanh(z)", "{M}.Tanh(z)", "1 - a * a", $"{VectorMath}.Tanh(zv)", VectorFloatOnly: true),
        [Activation.ReLU] = new(
            "a = max(z, 0)",
            "{M}.Max(z, 0)",
            "z > 0 ? 1 : 0",
            "{V}.Max(zv, zero)",
            $"{{V}}.ConditionalSelect({PositivePart}, dv, zero)"),
        [Activation.LeakyReLU] = new(
            "a = z > 0 ? z : slope·z",
            "z > 0 ? z : slope * z",
            "z > 0 ? 1 : slope",
            $"{{V}}.ConditionalSelect({PositivePart}, zv, zv * slopes)",
            $"{{V}}.ConditionalSelect({PositivePart}, dv, dv * slopes)"),
        [Activation.PReLU] = new(
            "a = z > 0 ? z : α·z, α learned",
            "z > 0 ? z : slope * z",
            "z > 0 ? 1 : slope",
            $"{{V}}.ConditionalSelect({PositivePart}, zv, zv * slopes)"),
        [Activation.ELU] = new(
            "a = z > 0 ? z : e^z − 1",
            "z > 0 ? z : {M}.Exp(z) - 1",
            "z > 0 ? 1 : a + 1",
            $"{{V}}.ConditionalSelect({PositivePart}, zv, {VectorMath}.Exp(zv) - {{V}}<float>.One)",
            VectorFloatOnly: true),
        [Activation.SELU] = new(
            "a = λ·(z > 0 ? z : α·(e^z − 1))",
            $"z > 0 ? {SeluLambda} * z : {SeluLambdaAlpha} * ({{M}}.Exp(z) - 1)",
            $"z > 0 ? {SeluLambda} : a + {SeluLambdaAlpha}",
            $"{{V}}.ConditionalSelect({PositivePart}, zv * {{V}}.Create({SeluLambdaFloat}), {{V}}.Create({SeluLambdaAlphaFloat}) * ({VectorMath}.Exp(zv) - {{V}}<float>.One))",
            VectorFloatOnly: true),
        [Activation.GELU] = new(
            "a = z·Φ(z) = z/2·erfc(−z/√2)",
            $"{{0.5}} * z * {Erfc}(-z * {InverseSqrt2})",
            $"{{0.5}} * {Erfc}(-z * {InverseSqrt2}) + z * {InverseSqrt2Pi} * {{M}}.Exp({{-0.5}} * z * z)"),
    };

    private static readonly Regex s_placeholder = new(@"\{(M|-?[0-9.]+)\}", RegexOptions.CultureInvariant);

    public static Formula Get(Activation activation) => s_formulas[activation];

    /// <summary>Fills a template's placeholders for <paramref name="precision"/>.</summary>
    public static string Expand(string template, Precision precision) =>
        s_placeholder.Replace(template, match => match.Groups[1].Value == "M"
            ? (precision == Precision.Single ? "global::System.MathF" : "global::System.Math")
            : Literals.Number(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), precision));
}
