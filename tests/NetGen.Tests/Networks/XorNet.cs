namespace NetGen.Tests.Samples;

/// <summary>The XOR sample's network, declared again so the end-to-end test does not depend on a sample project.</summary>
[Network(Inputs = 2, Seed = 1)]
[Layer(4, Activation.Tanh, Init.XavierUniform)]
[Layer(1, Activation.Sigmoid, Init.XavierUniform)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.5)]
public partial class XorNet
{
}
