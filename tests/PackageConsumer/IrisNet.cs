using NetGen;

/// <summary>The README's quickstart network, trained by this app.</summary>
[Network(Inputs = 4, Seed = 7)]
[Layer(16, Activation.ReLU, Init.HeNormal)]
[Layer(3, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.05)]
public partial class IrisNet
{
}

/// <summary>The same layers with the weights of iris.safetensors compiled in, inference only.</summary>
[Network(Inputs = 4, Weights = "iris.safetensors", InferenceOnly = true)]
[Layer(16, Activation.ReLU, Init.HeNormal)]
[Layer(3, Activation.Softmax)]
public partial class BakedIris
{
}
