using NetGen;

namespace NetGen.Benchmarks.Mlp;

// The four networks of the performance issue, each with SGD and with Adam at their default learning rates (0.01 and
// 1e-3): hidden ReLU, a linear output trained with MSE for one output, softmax with categorical cross-entropy otherwise.
// The inference benchmarks use the SGD declarations (the optimizer does not change Predict).

[Network(Inputs = 2)]
[Layer(16, Activation.ReLU)]
[Layer(16, Activation.ReLU)]
[Layer(1)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Sgd)]
public partial class Mlp2x16x16x1Sgd
{
}

[Network(Inputs = 2)]
[Layer(16, Activation.ReLU)]
[Layer(16, Activation.ReLU)]
[Layer(1)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adam)]
public partial class Mlp2x16x16x1Adam
{
}

[Network(Inputs = 4)]
[Layer(64, Activation.ReLU)]
[Layer(64, Activation.ReLU)]
[Layer(3, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Sgd)]
public partial class Mlp4x64x64x3Sgd
{
}

[Network(Inputs = 4)]
[Layer(64, Activation.ReLU)]
[Layer(64, Activation.ReLU)]
[Layer(3, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class Mlp4x64x64x3Adam
{
}

[Network(Inputs = 64)]
[Layer(128, Activation.ReLU)]
[Layer(128, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Sgd)]
public partial class Mlp64x128x128x10Sgd
{
}

[Network(Inputs = 64)]
[Layer(128, Activation.ReLU)]
[Layer(128, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class Mlp64x128x128x10Adam
{
}

[Network(Inputs = 784)]
[Layer(128, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Sgd)]
public partial class Mlp784x128x10Sgd
{
}

[Network(Inputs = 784)]
[Layer(128, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class Mlp784x128x10Adam
{
}
