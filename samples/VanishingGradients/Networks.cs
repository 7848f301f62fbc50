using NetGen;

namespace NetGen.Samples.VanishingGradients;

// Three 64-32×8-10 digit classifiers, alike but for what the lesson is about. Plain SGD, so that each layer's step is
// its gradient: a layer whose gradient vanishes does not learn.

#pragma warning disable NG1001 // The deep sigmoid stack NG1001 warns about, on purpose: this sample shows why it warns.

/// <summary>Eight sigmoid hidden layers with Glorot (Xavier) initialization: the gradient shrinks at every layer on its way back.</summary>
[Network(Inputs = 64, Seed = 1)]
[Layer(32, Activation.Sigmoid, Init.XavierUniform)]
[Layer(32, Activation.Sigmoid, Init.XavierUniform)]
[Layer(32, Activation.Sigmoid, Init.XavierUniform)]
[Layer(32, Activation.Sigmoid, Init.XavierUniform)]
[Layer(32, Activation.Sigmoid, Init.XavierUniform)]
[Layer(32, Activation.Sigmoid, Init.XavierUniform)]
[Layer(32, Activation.Sigmoid, Init.XavierUniform)]
[Layer(32, Activation.Sigmoid, Init.XavierUniform)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.1)]
public partial class DeepSigmoidNet
{
}

#pragma warning restore NG1001

/// <summary>The same stack with ReLU and He initialization: the ReLU's slope of 1 passes the gradient back undiminished.</summary>
[Network(Inputs = 64, Seed = 1)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.1)]
public partial class DeepReluNet
{
}

/// <summary>The sigmoid stack with batch normalization after every hidden layer: each layer's inputs stay centred where the sigmoid is steep.</summary>
[Network(Inputs = 64, Seed = 1)]
[Layer(32, Activation.Sigmoid, Init.XavierUniform, Bias = false)]
[BatchNorm]
[Layer(32, Activation.Sigmoid, Init.XavierUniform, Bias = false)]
[BatchNorm]
[Layer(32, Activation.Sigmoid, Init.XavierUniform, Bias = false)]
[BatchNorm]
[Layer(32, Activation.Sigmoid, Init.XavierUniform, Bias = false)]
[BatchNorm]
[Layer(32, Activation.Sigmoid, Init.XavierUniform, Bias = false)]
[BatchNorm]
[Layer(32, Activation.Sigmoid, Init.XavierUniform, Bias = false)]
[BatchNorm]
[Layer(32, Activation.Sigmoid, Init.XavierUniform, Bias = false)]
[BatchNorm]
[Layer(32, Activation.Sigmoid, Init.XavierUniform, Bias = false)]
[BatchNorm]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.1)]
public partial class DeepSigmoidBatchNormNet
{
}
