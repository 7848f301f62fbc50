using NetGen;

namespace NetGen.Samples.Iris;

/// <summary>A 4-16-3 classifier of iris species from sepal and petal measurements.</summary>
[Network(Inputs = 4, Seed = 7)]
[Layer(16, Activation.ReLU, Init.HeNormal)]
[Layer(3, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.05)]
public partial class IrisNet
{
}
