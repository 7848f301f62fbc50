using NetGen;

namespace NetGen.Samples.Xor;

/// <summary>The classic 2-4-1 network that learns exclusive-or.</summary>
[Network(Inputs = 2, Seed = 1)]
[Layer(4, Activation.Tanh, Init.XavierUniform)]
[Layer(1, Activation.Sigmoid, Init.XavierUniform)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Momentum, LearningRate = 0.1)]
public partial class XorNet
{
}
