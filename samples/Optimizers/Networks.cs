using NetGen;

namespace NetGen.Samples.Optimizers;

// One 64-32-10 digit classifier, declared once per optimizer (the optimizer is part of the generated code). Each has the
// default learning rate of PyTorch's optimizer but SGD's, which has none there: 0.01 for plain SGD and momentum (μ = 0.9).

/// <summary>Plain SGD: each step is the gradient times 0.01.</summary>
[Network(Inputs = 64, Seed = 4)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.01)]
public partial class SgdNet
{
}

/// <summary>Heavy-ball momentum (μ = 0.9): steps build up along directions the gradient keeps.</summary>
[Network(Inputs = 64, Seed = 4)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Momentum, LearningRate = 0.01)]
public partial class MomentumNet
{
}

/// <summary>RMSProp (α = 0.99, lr 0.01 as PyTorch): each weight's step divided by its recent gradient magnitude.</summary>
[Network(Inputs = 64, Seed = 4)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.RmsProp)]
public partial class RmsPropNet
{
}

/// <summary>Adam (lr 0.001, β = 0.9, 0.999 as PyTorch): momentum and RMSProp's scaling with bias correction.</summary>
[Network(Inputs = 64, Seed = 4)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class AdamNet
{
}
