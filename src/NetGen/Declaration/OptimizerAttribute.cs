using System;

namespace NetGen;

/// <summary>The update rule of <c>TrainStep</c>. Without it, the network uses SGD with learning rate 0.01.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OptimizerAttribute : Attribute
{
    /// <summary>Declares the optimizer.</summary>
    public OptimizerAttribute(OptimizerKind kind) => Kind = kind;

    /// <summary>The optimizer.</summary>
    public OptimizerKind Kind { get; }

    /// <summary>The initial learning rate (changeable at run time through <c>LearningRate</c>); 0.01 by default.</summary>
    public double LearningRate { get; set; } = 0.01;
}
