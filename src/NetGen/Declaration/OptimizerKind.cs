namespace NetGen;

/// <summary>
/// The update rule applied by <c>TrainStep</c>, each with PyTorch's semantics and defaults (docs/optimizers.md).
/// <c>g</c> is the gradient after clipping and coupled weight decay (<c>g += wd·p</c>, all kinds but AdamW);
/// <c>t</c> counts updates from 1.
/// </summary>
/// <remarks>Linked into the generator and analyzers.</remarks>
public enum OptimizerKind
{
    /// <summary>
    /// Stochastic gradient descent, <c>p ← p − lr·g</c> (learning rate 0.01 by default). Full-batch gradient descent,
    /// SGD and mini-batch SGD are this update with different batch sizes.
    /// </summary>
    Sgd = 0,

    /// <summary>
    /// SGD with momentum in PyTorch's form: <c>v = g</c> on the first update, then <c>v = μ·v + (1 − dampening)·g</c>;
    /// <c>p ← p − lr·v</c>, or <c>p ← p − lr·(g + μ·v)</c> with Nesterov. μ = 0.9, dampening 0, lr 0.01 by default.
    /// </summary>
    Momentum = 1,

    /// <summary>
    /// Momentum as the textbook exponentially weighted average: <c>v₀ = 0</c>, <c>v = β·v + (1 − β)·g</c>,
    /// <c>p ← p − lr·v</c>; β (<c>Momentum</c>) = 0.95, lr 0.01 by default. Not PyTorch's form for any setting.
    /// </summary>
    ExponentialMomentum = 2,

    /// <summary>Adagrad: <c>s += g²</c>; <c>p ← p − lr/(1 + (t − 1)·lr_decay)·g/(√s + ε)</c>; lr 0.01, ε 1e-10.</summary>
    Adagrad = 3,

    /// <summary>
    /// RMSProp: <c>s = α·s + (1 − α)·g²</c>; <c>p ← p − lr·g/(√s + ε)</c>; lr 0.01, α 0.99, ε 1e-8 (outside the root);
    /// optional momentum and centered variants.
    /// </summary>
    RmsProp = 4,

    /// <summary>
    /// Adadelta: <c>s = ρ·s + (1 − ρ)·g²</c>; <c>d = √(u + ε)/√(s + ε)·g</c>; <c>u = ρ·u + (1 − ρ)·d²</c>;
    /// <c>p ← p − lr·d</c>; lr 1.0, ρ 0.9, ε 1e-6.
    /// </summary>
    Adadelta = 5,

    /// <summary>
    /// Adam with bias correction: <c>p ← p − lr·m̂/(√v̂ + ε)</c>; lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8; optional AMSGrad.
    /// </summary>
    Adam = 6,

    /// <summary>AdamW: Adam with decoupled weight decay <c>p ← p·(1 − lr·wd)</c> first; wd 0.01 by default.</summary>
    AdamW = 7,
}
