using System;

namespace NetGen;

/// <summary>
/// Makes the <c>[Network]</c> class a <b>family</b> of networks that differ in their hidden layers and optimizer: the
/// generator emits every combination of the axes' values (their Cartesian product) as a specialized network nested in
/// the class, exactly as if each were declared by hand, and a registry of them, <c>Variants</c>, that a tuner enumerates.
/// </summary>
/// <remarks>
/// <para>The hidden layers come from the axes, so the family declares only its output <c>[Layer]</c>; <c>[Loss]</c>,
/// <c>[Optimizer]</c>, <c>[GradientClip]</c>, <c>[Training]</c>, <c>Inputs</c>, <c>Precision</c> and <c>Seed</c> are
/// declared as usual and shared by every variant. A variant of depth <i>d</i> and <i>u</i> units is
/// <c>[Layer(u, activation, init)]</c> (then <c>[BatchNorm]</c> and <c>[Dropout(rate)]</c> when its axis values say
/// so) written <i>d</i> times before the output layer.</para>
/// <para>Each axis is an array of distinct values; an axis left out has one value, its default, and is not part of the
/// variants' names. <see cref="Depth"/> and <see cref="Units"/> are required. The number of variants is reported
/// (NG7001) and capped at 64 (NG7002; <c>netgen.max_variants</c> in <c>.editorconfig</c> changes the cap).</para>
/// </remarks>
/// <example>
/// <code>
/// [Network(Inputs = 64, Seed = 1)]
/// [Variants(Depth = [1, 2], Units = [32, 64], Activation = [Activation.ReLU, Activation.Tanh])]
/// [Layer(10, Activation.Softmax)]
/// public partial class DigitsFamily;   // 8 variants: DigitsFamily.Depth1_Units32_ReLU … DigitsFamily.Depth2_Units64_Tanh
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class VariantsAttribute : Attribute
{
    /// <summary>The numbers of hidden layers, each at least 1 (required).</summary>
    public int[] Depth { get; set; } = [];

    /// <summary>The units of every hidden layer of a variant, each at least 1 (required).</summary>
    public int[] Units { get; set; } = [];

    /// <summary>The activation of the hidden layers; <see cref="NetGen.Activation.ReLU"/> when omitted. Softmax is for output layers only.</summary>
    public Activation[] Activation { get; set; } = [];

    /// <summary>The initializer of the hidden layers; chosen from the activation (<see cref="NetGen.Init.Auto"/>) when omitted.</summary>
    public Init[] Init { get; set; } = [];

    /// <summary>Whether every hidden layer has a <c>[BatchNorm]</c> (default momentum, ε and affine); <see langword="false"/> when omitted.</summary>
    public bool[] BatchNorm { get; set; } = [];

    /// <summary>The <c>[Dropout]</c> rate after every hidden layer, each in [0, 1), 0 meaning no dropout; 0 when omitted.</summary>
    public double[] Dropout { get; set; } = [];

    /// <summary>
    /// The optimizer kinds, each with its own default hyperparameters; the <c>[Optimizer]</c> kind (or SGD) when omitted.
    /// With this axis the family declares no <c>[Optimizer]</c>; set the learning rate and the rest at run time
    /// (<see cref="INetwork{T}.SetHyperparameter"/>).
    /// </summary>
    public OptimizerKind[] Optimizer { get; set; } = [];
}
