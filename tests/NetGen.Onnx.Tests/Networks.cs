using NetGen;

namespace NetGen.Onnx.Tests;

// Every activation as a hidden layer, shared and per-unit PReLU, a softmax output: ten layers deep.
[Network(Inputs = 5, Seed = 1)]
[Layer(8, Activation.Sigmoid)]
[Layer(7, Activation.Tanh)]
[Layer(9, Activation.ReLU)]
[Layer(6, Activation.LeakyReLU, Slope = 0.2)]
[Layer(8, Activation.PReLU)]
[Layer(7, Activation.PReLU, SlopePerUnit = true)]
[Layer(6, Activation.ELU)]
[Layer(8, Activation.SELU)]
[Layer(7, Activation.GELU)]
[Layer(4, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
public partial class EveryActivationNet
{
}

// The same in double.
[Network(Inputs = 5, Precision = Precision.Double, Seed = 2)]
[Layer(8, Activation.Sigmoid)]
[Layer(7, Activation.Tanh)]
[Layer(9, Activation.ReLU)]
[Layer(6, Activation.LeakyReLU)]
[Layer(8, Activation.PReLU)]
[Layer(7, Activation.PReLU, SlopePerUnit = true)]
[Layer(6, Activation.ELU)]
[Layer(8, Activation.SELU)]
[Layer(7, Activation.GELU)]
[Layer(4, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
public partial class EveryActivationDoubleNet
{
}

// Batch norm affine and not, with and without the layer's bias, dropout, and a bias-free output layer.
[Network(Inputs = 6, Seed = 3)]
[Layer(12, Activation.ReLU, Bias = false)]
[BatchNorm]
[Dropout(0.3)]
[Layer(9, Activation.Tanh)]
[BatchNorm(Affine = false, Epsilon = 1e-3)]
[Layer(7, Activation.ELU)]
[BatchNorm(Epsilon = 0.01)]
[Dropout(0.1)]
[Layer(3, Activation.Linear, Bias = false)]
public partial class BatchNormNet
{
}

[Network(Inputs = 6, Precision = Precision.Double, Seed = 4)]
[Layer(12, Activation.ReLU, Bias = false)]
[BatchNorm]
[Dropout(0.3)]
[Layer(9, Activation.Tanh)]
[BatchNorm(Affine = false, Epsilon = 1e-3)]
[Layer(7, Activation.SELU, Bias = false)]
[BatchNorm(Affine = false)]
[Layer(3, Activation.Linear, Bias = false)]
public partial class BatchNormDoubleNet
{
}

// Batch norm on the output layer, before the output activation.
[Network(Inputs = 4, Seed = 5)]
[Layer(6, Activation.PReLU, SlopePerUnit = true, Bias = false)]
[BatchNorm]
[Layer(3, Activation.Softmax)]
[BatchNorm]
[Loss(LossKind.CategoricalCrossEntropy)]
public partial class OutputBatchNormNet
{
}

// GELU(x) itself: one input, one unit (W = 1, b = 0 in the test).
[Network(Inputs = 1, Precision = Precision.Double, Seed = 6)]
[Layer(1, Activation.GELU)]
public partial class GeluDoubleNet
{
}

// One layer, and each activation as the output layer.
[Network(Inputs = 3, Seed = 7)]
[Layer(2, Activation.Sigmoid)]
public partial class SingleSigmoidNet
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 8)]
[Layer(4, Activation.Linear, Bias = false)]
public partial class SingleBiasFreeDoubleNet
{
}

[Network(Inputs = 3, Seed = 9)]
[Layer(5, Activation.GELU, Bias = false)]
[Layer(4, Activation.SELU)]
public partial class SeluOutputNet
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 10)]
[Layer(5, Activation.ELU)]
[Layer(4, Activation.LeakyReLU, Slope = 0.05)]
public partial class LeakyOutputDoubleNet
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Tanh)]
[Dropout(0.5)]
[Layer(4, Activation.PReLU)]
public partial class PReluOutputDoubleNet
{
}

[Network(Inputs = 3, Seed = 12)]
[Layer(5, Activation.LeakyReLU)]
[Layer(4, Activation.ELU)]
[Layer(2, Activation.ReLU)]
public partial class ReluOutputNet
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 13)]
[Layer(5, Activation.Sigmoid)]
[BatchNorm]
[Layer(4, Activation.Tanh)]
[Layer(3, Activation.SELU)]
[Layer(2, Activation.Sigmoid)]
public partial class SigmoidOutputDoubleNet
{
}
