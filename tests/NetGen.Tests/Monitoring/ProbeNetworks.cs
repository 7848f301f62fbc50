// Networks for the activation probe: every activation, batch norm with and without affine parameters, bias-free layers,
// float and double.
namespace NetGen.Tests.Monitoring;

#pragma warning disable NG1001 // a deep stack of saturating layers, declared on purpose to cover every activation
[Network(Inputs = 5, Seed = 3)]
[Layer(8, Activation.Sigmoid)]
[Layer(8, Activation.Tanh)]
[Layer(8, Activation.ReLU)]
[Layer(8, Activation.LeakyReLU, Slope = 0.2)]
[Layer(8, Activation.PReLU, SlopePerUnit = true)]
[Layer(8, Activation.ELU)]
[Layer(8, Activation.SELU)]
[Layer(8, Activation.GELU)]
[Layer(3, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
public partial class ProbeEveryActivationFloat
{
}

[Network(Inputs = 5, Precision = Precision.Double, Seed = 3)]
[Layer(8, Activation.Sigmoid)]
[Layer(8, Activation.Tanh)]
[Layer(8, Activation.ReLU)]
[Layer(8, Activation.LeakyReLU)]
[Layer(8, Activation.PReLU)]
[Layer(8, Activation.ELU)]
[Layer(8, Activation.SELU)]
[Layer(8, Activation.GELU)]
[Layer(2, Activation.Linear)]
[Loss(LossKind.MeanSquaredError)]
public partial class ProbeEveryActivationDouble
{
}
#pragma warning restore NG1001

[Network(Inputs = 6, Seed = 4)]
[Layer(12, Activation.ReLU, Bias = false)]
[BatchNorm]
[Layer(10, Activation.Tanh, Bias = false)]
[BatchNorm(Affine = false, Momentum = 0.5)]
[Layer(7, Activation.GELU)]
[Dropout(0.3)]
[Layer(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class ProbeBatchNormFloat
{
}

[Network(Inputs = 6, Precision = Precision.Double, Seed = 4)]
[Layer(12, Activation.SELU, Bias = false)]
[BatchNorm(Epsilon = 1e-3)]
[Layer(4, Activation.Softmax, Bias = false)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class ProbeBatchNormDouble
{
}

/// <summary>Layers as wide as the digits sample's: the probe's SIMD tiles, its padded rows and its last vector of units.</summary>
[Network(Inputs = 64, Seed = 5)]
[Layer(64, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
public partial class ProbeWideFloat
{
}
