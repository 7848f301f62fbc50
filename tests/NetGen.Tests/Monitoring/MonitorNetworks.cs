// Networks for the monitor tests: the sample networks as shipped (healthy), and the faults the monitors must find.
namespace NetGen.Tests.Monitoring;

/// <summary>The Iris sample's network (samples/Iris/IrisNet.cs).</summary>
[Network(Inputs = 4, Seed = 7)]
[Layer(16, Activation.ReLU, Init.HeNormal)]
[Layer(3, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.05)]
public partial class MonitorIrisNet
{
}

/// <summary>The Iris network with a learning rate 10⁵ times too small.</summary>
[Network(Inputs = 4, Seed = 7)]
[Layer(16, Activation.ReLU, Init.HeNormal)]
[Layer(3, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 1e-7)]
public partial class MonitorIrisTinyRate
{
}

/// <summary>A tanh hidden layer: saturates when the inputs are not standardized.</summary>
[Network(Inputs = 30, Seed = 1)]
[Layer(32, Activation.Tanh)]
[Layer(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
public partial class MonitorBreastCancerTanh
{
}

/// <summary>Regression on the Iris features with plain SGD at a learning rate far too large and no clipping.</summary>
#pragma warning disable NG3002 // the huge learning rate is the fault under test
[Network(Inputs = 4, Seed = 7)]
[Layer(16, Activation.ReLU, Init.HeNormal)]
[Layer(3, Activation.Linear)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 3)]
public partial class MonitorIrisHugeRate
{
}
#pragma warning restore NG3002

/// <summary>A wide network with a high-rate Adam, to memorize a small training set.</summary>
[Network(Inputs = 64, Seed = 2)]
[Layer(256, Activation.ReLU, Init.HeNormal)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-2)]
public partial class MonitorDigitsWide
{
}
