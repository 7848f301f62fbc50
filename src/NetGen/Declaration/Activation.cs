namespace NetGen;

/// <summary>The non-linearity applied to a layer's pre-activation <c>z</c>.</summary>
/// <remarks>Linked into the generator and analyzers: keep it free of runtime-only types.</remarks>
public enum Activation
{
    /// <summary><c>a = z</c>.</summary>
    Linear = 0,
    /// <summary><c>a = 1 / (1 + e^-z)</c>.</summary>
    Sigmoid = 1,
    /// <summary><c>a = tanh(z)</c>.</summary>
    Tanh = 2,
    /// <summary><c>a = max(z, 0)</c>.</summary>
    ReLU = 3,
    /// <summary><c>a = z</c> for <c>z &gt; 0</c>, else <c>slope·z</c>; slope 0.01 unless <see cref="LayerAttribute.Slope"/> says otherwise.</summary>
    LeakyReLU = 4,
    /// <summary>Leaky ReLU whose slope is learned: one per layer (or one per unit with <see cref="LayerAttribute.SlopePerUnit"/>), initialized to 0.25 like PyTorch's <c>nn.PReLU</c>.</summary>
    PReLU = 5,
    /// <summary><c>a = z</c> for <c>z &gt; 0</c>, else <c>α·(e^z − 1)</c> with α = 1.</summary>
    ELU = 6,
    /// <summary><c>λ·ELU_α(z)</c> with PyTorch's λ ≈ 1.0507 and α ≈ 1.6733.</summary>
    SELU = 7,
    /// <summary>Exact GELU: <c>a = z·Φ(z) = z/2·(1 + erf(z/√2))</c>.</summary>
    GELU = 8,
    /// <summary><c>a_i = e^{z_i} / Σ_j e^{z_j}</c>; output layer only.</summary>
    Softmax = 9,
}
