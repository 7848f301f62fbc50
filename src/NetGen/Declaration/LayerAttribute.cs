using System;

namespace NetGen;

/// <summary>A fully connected layer <c>a = f(W·x + b)</c>. Layers apply in the order their attributes are written.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LayerAttribute : Attribute
{
    /// <summary>Declares a layer.</summary>
    /// <param name="units">The number of units (outputs) of the layer, at least 1.</param>
    /// <param name="activation">The activation; <see cref="NetGen.Activation.Linear"/> when omitted.</param>
    /// <param name="init">The weight initializer; when omitted (<see cref="NetGen.Init.Auto"/>) it is chosen from the activation.</param>
    public LayerAttribute(int units, Activation activation = Activation.Linear, Init init = Init.Auto)
    {
        Units = units;
        Activation = activation;
        Init = init;
    }

    /// <summary>The number of units.</summary>
    public int Units { get; }

    /// <summary>The activation.</summary>
    public Activation Activation { get; }

    /// <summary>The weight initializer.</summary>
    public Init Init { get; }

    /// <summary>Scales the initializer's standard deviation or bound (PyTorch's <c>gain</c> for Xavier and orthogonal); 1 by default.</summary>
    public double Gain { get; set; } = 1.0;

    /// <summary>The standard deviation of <see cref="NetGen.Init.RandomNormal"/> or the bound of <see cref="NetGen.Init.RandomUniform"/>; 0.05 by default.</summary>
    public double Scale { get; set; } = 0.05;

    /// <summary>The negative slope of <see cref="NetGen.Activation.LeakyReLU"/>, or the initial slope of <see cref="NetGen.Activation.PReLU"/>; 0.01 and 0.25 by default.</summary>
    public double Slope { get; set; } = double.NaN;

    /// <summary>For <see cref="NetGen.Activation.PReLU"/>: learn one slope per unit instead of one per layer.</summary>
    public bool SlopePerUnit { get; set; }

    /// <summary>
    /// Whether the layer adds a learned bias (PyTorch's <c>nn.Linear(bias=...)</c>); <see langword="true"/> by default.
    /// A <c>[BatchNorm]</c> right after the layer subtracts the batch mean, which cancels any bias, so set it to
    /// <see langword="false"/> there (rule NG1004): the layer then has no bias in the parameter layout.
    /// </summary>
    public bool Bias { get; set; } = true;
}
