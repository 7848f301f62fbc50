namespace NetGen.Tests.Variants;

/// <summary>
/// 16 double-precision variants over every layer feature that holds parameters or changes the backward pass: PReLU
/// slopes, batch norm (γ, β, running statistics), dropout, and depth.
/// </summary>
[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Variants(Depth = [1, 2], Units = [4], Activation = [Activation.Tanh, Activation.PReLU], BatchNorm = [false, true], Dropout = [0, 0.25])]
[Layer(2, Activation.Softmax)]
public partial class CheckedFamily
{
}

/// <summary>Float classifiers of three depths and two widths with two optimizers, as a tuner would grow them.</summary>
[Network(Inputs = 4, Seed = 11)]
[Variants(Depth = [1, 2, 3], Units = [8, 16], Optimizer = [OptimizerKind.Adam, OptimizerKind.Momentum])]
[Layer(3, Activation.Softmax)]
public partial class GrowingFamily
{
}

/// <summary>Batch-normalized variants, for copying running statistics with the layers.</summary>
[Network(Inputs = 4, Seed = 3)]
[Variants(Depth = [2, 3], Units = [6], BatchNorm = [true])]
[Layer(3, Activation.Softmax)]
public partial class NormalizedFamily
{
}
