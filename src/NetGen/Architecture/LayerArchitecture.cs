using System;

namespace NetGen;

/// <summary>
/// One declared <c>[Layer]</c> with the <c>[BatchNorm]</c> and <c>[Dropout]</c> that follow it: what a serializer, an
/// exporter or a PyTorch user needs to rebuild the layer. In PyTorch it is <c>nn.Linear</c>, then <c>nn.BatchNorm1d</c>
/// (when <see cref="BatchNorm"/> is set), then the activation module, then <c>nn.Dropout</c> (when
/// <see cref="DropoutRate"/> is above 0).
/// </summary>
/// <param name="Inputs">The number of inputs (the previous layer's units, or the network's inputs).</param>
/// <param name="Units">The number of outputs.</param>
/// <param name="Activation">The activation.</param>
/// <param name="Bias">Whether the layer has a bias (<c>nn.Linear(bias=...)</c>).</param>
/// <param name="Slope">The negative slope of <see cref="Activation.LeakyReLU"/>, the initial slope of <see cref="Activation.PReLU"/>, 0 otherwise.</param>
/// <param name="SlopeCount">The number of learned PReLU slopes: 0, 1, or <paramref name="Units"/>.</param>
/// <param name="BatchNorm">The batch normalization of the layer's pre-activation, or null.</param>
/// <param name="DropoutRate">The dropout rate after the activation; 0 for none.</param>
public sealed record LayerArchitecture(
    int Inputs,
    int Units,
    Activation Activation,
    bool Bias,
    double Slope,
    int SlopeCount,
    BatchNormArchitecture? BatchNorm,
    double DropoutRate)
{
    /// <summary>The number of trainable parameters: W, b, the batch-norm γ and β, and the PReLU slopes.</summary>
    public int ParameterCount => (Units * Inputs) + (Bias ? Units : 0) + (BatchNorm is { Affine: true } ? 2 * Units : 0) + SlopeCount;

    /// <summary>The layer as NetGen's canonical text, which the architecture fingerprint hashes (and errors quote).</summary>
    public string Describe()
    {
        var text = $"Linear({Inputs}, {Units}{(Bias ? "" : ", bias=False")})";
        if (BatchNorm is { } batchNorm)
        {
            text += " → " + batchNorm.Describe(Units);
        }

        text += Activation switch
        {
            Activation.Linear => "",
            Activation.LeakyReLU => $" → LeakyReLU({Numbers.Format(Slope)})",
            Activation.PReLU => $" → PReLU({SlopeCount})",
            _ => " → " + Activation,
        };
        return DropoutRate > 0 ? text + $" → Dropout({Numbers.Format(DropoutRate)})" : text;
    }
}

/// <summary>A <c>[BatchNorm]</c>: PyTorch's <c>nn.BatchNorm1d(units, eps, momentum, affine)</c>.</summary>
/// <param name="Momentum">The weight of the newest batch in the running statistics.</param>
/// <param name="Epsilon">ε added to the variance.</param>
/// <param name="Affine">Whether γ and β are learned.</param>
public sealed record BatchNormArchitecture(double Momentum, double Epsilon, bool Affine)
{
    internal string Describe(int units) =>
        $"BatchNorm1d({units}, eps={Numbers.Format(Epsilon)}, momentum={Numbers.Format(Momentum)}{(Affine ? "" : ", affine=False")})";
}

/// <summary>A runtime-settable hyperparameter of a network (a property such as <c>Beta1</c>) and its declared value.</summary>
/// <param name="Name">The property's name, which <see cref="INetwork{T}.GetHyperparameter"/> takes.</param>
/// <param name="DeclaredValue">The value the declaration gives it.</param>
public sealed record Hyperparameter(string Name, double DeclaredValue);

/// <summary>Round-trip invariant-culture formatting for the canonical texts.</summary>
internal static class Numbers
{
    public static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    public static string Format(float value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
