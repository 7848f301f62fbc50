// Networks for the file-format tests: the two PyTorch fixtures' architectures (Fixtures/PyTorch/README.md lists their
// modules) and a network with every kind of training state a checkpoint must carry.
namespace NetGen.Tests.Serialization;

/// <summary>PyTorch: Linear(5,8) BatchNorm1d(8) Tanh Linear(8,6,bias=False) PReLU(6) Dropout(0.2) Linear(6,7) GELU Linear(7,4) ELU Linear(4,3) Softmax.</summary>
[Network(Inputs = 5, Precision = Precision.Double)]
[Layer(8, Activation.Tanh)]
[BatchNorm]
[Layer(6, Activation.PReLU, Bias = false, SlopePerUnit = true)]
[Dropout(0.2)]
[Layer(7, Activation.GELU)]
[Layer(4, Activation.ELU)]
[Layer(3, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
public partial class MixedDoubleNet
{
}

/// <summary>PyTorch: Linear(4,10) SELU Linear(10,6) BatchNorm1d(6) LeakyReLU(0.2) Linear(6,5) PReLU(1) Linear(5,4) ReLU Linear(4,2) Sigmoid.</summary>
[Network(Inputs = 4)]
[Layer(10, Activation.SELU, Init.LeCunNormal)]
[Layer(6, Activation.LeakyReLU, Slope = 0.2)]
[BatchNorm]
[Layer(5, Activation.PReLU)]
[Layer(4, Activation.ReLU)]
[Layer(2, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class MixedFloatNet
{
}

/// <summary>Adam, batch norm, dropout and clipping: every piece of state a resumed run needs.</summary>
[Network(Inputs = 5, Seed = 3)]
[Layer(12, Activation.ReLU, Bias = false)]
[BatchNorm]
[Layer(8, Activation.Tanh)]
[Dropout(0.25)]
[Layer(3, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.01, Amsgrad = true)]
[GradientClip(MaxNorm = 5)]
public partial class ResumableNet
{
}

/// <summary>The same layers as <see cref="ResumableNet"/> with momentum SGD: a checkpoint of one must not resume the other's optimizer.</summary>
[Network(Inputs = 5, Seed = 3)]
[Layer(12, Activation.ReLU, Bias = false)]
[BatchNorm]
[Layer(8, Activation.Tanh)]
[Dropout(0.25)]
[Layer(3, Activation.Softmax)]
[Optimizer(OptimizerKind.Momentum, LearningRate = 0.01)]
public partial class ResumableMomentumNet
{
}

/// <summary><see cref="ResumableNet"/> with its second layer's activation changed.</summary>
[Network(Inputs = 5, Seed = 3)]
[Layer(12, Activation.ReLU, Bias = false)]
[BatchNorm]
[Layer(8, Activation.ReLU)]
[Dropout(0.25)]
[Layer(3, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.01, Amsgrad = true)]
[GradientClip(MaxNorm = 5)]
public partial class ResumableReluNet
{
}

/// <summary><see cref="ResumableNet"/> with 10 units in its second layer instead of 8.</summary>
[Network(Inputs = 5, Seed = 3)]
[Layer(12, Activation.ReLU, Bias = false)]
[BatchNorm]
[Layer(10, Activation.Tanh)]
[Dropout(0.25)]
[Layer(3, Activation.Softmax)]
public partial class ResumableWiderNet
{
}

/// <summary>A small network for the corruption tests: every truncation length and thousands of bit flips stay fast.</summary>
[Network(Inputs = 3, Seed = 11)]
[Layer(4, Activation.ReLU)]
[BatchNorm]
[Dropout(0.1)]
[Layer(2, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam)]
public partial class TinyCheckpointNet
{
}
