// An 18-layer network: deeper than the 16 layers one generated method walks itself, so ComputeGradients, Predict, the
// layout conversions, the running statistics and the architecture go through helpers for layers 1–16 and 17–18
// (NetworkEmitter.LayerRuns.cs). Batch norm on every hidden layer (17 batch-norm layers: two runs of running
// statistics too), a PReLU slope and dropout in the second run.
namespace NetGen.Tests.Depth;

[Network(Inputs = 3, Precision = Precision.Double, Seed = 21)]
[Layer(3, Activation.Tanh)]
[BatchNorm]
[Layer(3, Activation.PReLU)]
[BatchNorm]
[Layer(3, Activation.Linear)]
[BatchNorm]
[Layer(3, Activation.Tanh)]
[BatchNorm]
[Layer(3, Activation.PReLU)]
[BatchNorm]
[Layer(3, Activation.Linear)]
[BatchNorm]
[Layer(3, Activation.Tanh)]
[BatchNorm]
[Layer(3, Activation.PReLU)]
[BatchNorm]
[Layer(3, Activation.Linear)]
[BatchNorm]
[Layer(3, Activation.Tanh)]
[BatchNorm]
[Layer(3, Activation.PReLU)]
[BatchNorm]
[Layer(3, Activation.Linear)]
[BatchNorm]
[Layer(3, Activation.Tanh)]
[BatchNorm]
[Layer(3, Activation.PReLU)]
[BatchNorm]
[Layer(3, Activation.Linear)]
[BatchNorm]
[Layer(3, Activation.Tanh)]
[BatchNorm]
[Layer(3, Activation.PReLU)]
[BatchNorm]
[Dropout(0.25)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.01)]
public partial class DeepNet18
{
}
