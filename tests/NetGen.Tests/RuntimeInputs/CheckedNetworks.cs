// Networks for the runtime input checks: every kind of settable value (Adam's β's and ε, both clipping bounds, batch-norm
// running statistics, Adam's moments) in float and in double, and input/output shapes for the overlapping-buffer checks.
namespace NetGen.Tests.RuntimeInputs;

[Network(Inputs = 4, Seed = 3)]
[Layer(6, Activation.Tanh)]
[BatchNorm]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.01)]
[GradientClip(MaxNorm = 5, MaxValue = 1)]
public partial class CheckedFloatNet
{
}

[Network(Inputs = 4, Precision = Precision.Double, Seed = 3)]
[Layer(6, Activation.Tanh)]
[BatchNorm]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.01)]
[GradientClip(MaxNorm = 5, MaxValue = 1)]
public partial class CheckedDoubleNet
{
}

/// <summary>As many outputs as inputs: in place is allowed.</summary>
[Network(Inputs = 4, Seed = 4)]
[Layer(8, Activation.Tanh)]
[Layer(4)]
public partial class SquareNet
{
}

/// <summary>More outputs than inputs: a sample's outputs would overwrite the next sample's inputs, so even in place is refused.</summary>
[Network(Inputs = 2, Seed = 4)]
[Layer(8, Activation.Tanh)]
[Layer(4)]
public partial class WideningNet
{
}

/// <summary>A layer of 2²⁰ units: a training batch of 2048 samples would need a buffer past .NET's array limit.</summary>
[Network(Inputs = 1, Seed = 4)]
[Layer(1 << 20, Activation.ReLU)]
[Layer(1)]
public partial class VeryWideNet
{
}
