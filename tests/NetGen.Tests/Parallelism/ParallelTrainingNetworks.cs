using NetGen;

namespace NetGen.Tests.Parallelism;

// Networks for parallel training: each has enough work per sample that a batch of a few dozen samples is cut into
// shards (ParallelWork.ShardCount: at least 32 samples and 2¹⁸ multiply-adds a shard).

/// <summary>64-128-128-10 (about 26 000 parameters): 2 shards at batch 64, 3 at 100, 4 at 200; a narrow output layer (weight copy).</summary>
[Network(Inputs = 64, Seed = 31)]
[Layer(128, Activation.ReLU)]
[Layer(128, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.01)]
public partial class ParallelAdamNet
{
}

/// <summary>About 13 000 parameters: 2 shards at batch 64, 3 at 100; momentum, both clips, PReLU slopes (accumulated gradients).</summary>
[Network(Inputs = 32, Seed = 32)]
[Layer(96, Activation.PReLU)]
[Layer(96, Activation.Tanh)]
[Layer(4)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Momentum, LearningRate = 0.05, Momentum = 0.9, WeightDecay = 0.001)]
[GradientClip(MaxValue = 0.05, MaxNorm = 0.5)]
public partial class ParallelClippedNet
{
}

/// <summary>Double precision, RMSProp, binary cross-entropy: about 8 300 parameters, 2 shards at batch 64.</summary>
[Network(Inputs = 48, Precision = Precision.Double, Seed = 33)]
[Layer(160, Activation.Sigmoid)]
[Layer(3, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.RmsProp, LearningRate = 0.01)]
public partial class ParallelDoubleTrainingNet
{
}

/// <summary>
/// 17 layers: deeper than one generated method walks itself, so the shards' passes go through helpers for layers 1–16
/// and 17 (NetworkEmitter.LayerRuns.cs); SGD.
/// </summary>
[Network(Inputs = 64, Seed = 34)]
[Layer(64, Activation.Tanh)]
[Layer(64, Activation.Tanh)]
[Layer(64, Activation.Tanh)]
[Layer(64, Activation.Tanh)]
[Layer(64, Activation.Tanh)]
[Layer(64, Activation.Tanh)]
[Layer(64, Activation.Tanh)]
[Layer(64, Activation.Tanh)]
[Layer(64, Activation.Tanh)]
[Layer(64, Activation.Tanh)]
[Layer(64, Activation.Tanh)]
[Layer(64, Activation.Tanh)]
[Layer(64, Activation.Tanh)]
[Layer(64, Activation.Tanh)]
[Layer(64, Activation.Tanh)]
[Layer(64, Activation.Tanh)]
[Layer(10, Activation.Softmax)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.05)]
public partial class ParallelDeepNet
{
}

/// <summary>Batch norm: statistics over the whole batch, so it trains on the calling thread whatever the option.</summary>
[Network(Inputs = 64, Seed = 35)]
[Layer(128, Activation.ReLU)]
[BatchNorm]
[Layer(10, Activation.Softmax)]
public partial class ParallelBatchNormNet
{
}

/// <summary>Dropout: one random stream in sample order, so it trains on the calling thread whatever the option.</summary>
[Network(Inputs = 64, Seed = 36)]
[Layer(128, Activation.ReLU)]
[Dropout(0.3)]
[Layer(10, Activation.Softmax)]
public partial class ParallelDropoutNet
{
}
