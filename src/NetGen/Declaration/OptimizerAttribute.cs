using System;

namespace NetGen;

/// <summary>
/// The update rule of <c>TrainStep</c>. Without it, the network uses SGD with learning rate 0.01.
/// Every hyperparameter left out takes the optimizer's PyTorch default (docs/optimizers.md); the generated network
/// exposes the numeric ones as settable properties for schedules and tuning.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OptimizerAttribute : Attribute
{
    /// <summary>Declares the optimizer.</summary>
    public OptimizerAttribute(OptimizerKind kind) => Kind = kind;

    /// <summary>The optimizer.</summary>
    public OptimizerKind Kind { get; }

    /// <summary>The initial learning rate; the optimizer's default when not set (0.01, Adadelta 1.0, Adam and AdamW 1e-3).</summary>
    public double LearningRate { get; set; } = double.NaN;

    /// <summary>μ of <see cref="OptimizerKind.Momentum"/> (0.9) and <see cref="OptimizerKind.RmsProp"/> (0), β of <see cref="OptimizerKind.ExponentialMomentum"/> (0.95).</summary>
    public double Momentum { get; set; } = double.NaN;

    /// <summary>Dampening of <see cref="OptimizerKind.Momentum"/>; 0.</summary>
    public double Dampening { get; set; }

    /// <summary>Nesterov momentum for <see cref="OptimizerKind.Momentum"/> (needs momentum &gt; 0 and dampening 0).</summary>
    public bool Nesterov { get; set; }

    /// <summary>The smoothing constant α of <see cref="OptimizerKind.RmsProp"/>; 0.99.</summary>
    public double Alpha { get; set; } = 0.99;

    /// <summary>Centered RMSProp: normalizes by an estimate of the gradient's variance.</summary>
    public bool Centered { get; set; }

    /// <summary>ρ of <see cref="OptimizerKind.Adadelta"/>; 0.9.</summary>
    public double Rho { get; set; } = 0.9;

    /// <summary>β₁ of Adam and AdamW; 0.9.</summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>β₂ of Adam and AdamW; 0.999.</summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>AMSGrad for Adam and AdamW: divide by the running maximum of v̂.</summary>
    public bool Amsgrad { get; set; }

    /// <summary>ε; the optimizer's default when not set (Adagrad 1e-10, RMSProp and Adam 1e-8, Adadelta 1e-6).</summary>
    public double Epsilon { get; set; } = double.NaN;

    /// <summary>Weight decay: coupled L2 (<c>g += wd·p</c>) for every kind but AdamW, decoupled for AdamW; 0 (AdamW 0.01) when not set.</summary>
    public double WeightDecay { get; set; } = double.NaN;

    /// <summary>Adagrad's learning-rate decay; 0.</summary>
    public double LearningRateDecay { get; set; }

    /// <summary>Adagrad's initial accumulator value; 0.</summary>
    public double InitialAccumulator { get; set; }
}
