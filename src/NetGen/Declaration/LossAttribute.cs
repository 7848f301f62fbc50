using System;

namespace NetGen;

/// <summary>The loss a network trains on. Without it, the loss follows the output activation:
/// categorical cross-entropy after Softmax, binary cross-entropy after Sigmoid, mean squared error otherwise.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LossAttribute : Attribute
{
    /// <summary>Declares the loss.</summary>
    public LossAttribute(LossKind kind) => Kind = kind;

    /// <summary>The loss.</summary>
    public LossKind Kind { get; }

    /// <summary>The threshold δ of <see cref="LossKind.Huber"/>; 1 by default (PyTorch's <c>HuberLoss</c>).</summary>
    public double Delta { get; set; } = 1.0;
}
