using System;

namespace NetGen;

/// <summary>
/// Batch normalization of the pre-activation of the <c>[Layer]</c> written just before it, PyTorch's
/// <c>BatchNorm1d</c>: <c>z → γ·(z − μ_B)/√(σ²_B + ε) + β → activation</c>. Training normalizes with the batch mean
/// and biased variance and updates the running statistics (mean 0 and variance 1 at first) as
/// <c>r = (1 − momentum)·r + momentum·batch</c> with the unbiased variance; inference uses the running statistics.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BatchNormAttribute : Attribute
{
    /// <summary>The weight of the newest batch in the running statistics; 0.1.</summary>
    public double Momentum { get; set; } = 0.1;

    /// <summary>ε added to the variance; 1e-5.</summary>
    public double Epsilon { get; set; } = 1e-5;

    /// <summary>Whether the layer learns γ (initially 1) and β (initially 0); true.</summary>
    public bool Affine { get; set; } = true;
}
