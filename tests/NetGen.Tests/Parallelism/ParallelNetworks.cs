using NetGen;

namespace NetGen.Tests.Parallelism;

/// <summary>Wide enough that a batch of a few dozen samples is worth splitting (about 85 000 multiply-adds a sample).</summary>
[Network(Inputs = 64, Seed = 3)]
[Layer(256, Activation.ReLU)]
[Layer(256, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
public partial class ParallelWideNet
{
}

/// <summary>A double-precision network, so the pool serves a second number type.</summary>
[Network(Inputs = 48, Precision = Precision.Double, Seed = 4)]
[Layer(160, Activation.ReLU)]
[Layer(3)]
public partial class ParallelDoubleNet
{
}
