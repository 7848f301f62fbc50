using System;
using System.IO;
using System.Linq;
using NetGen.Data;
using NetGen.Training;

namespace NetGen.Tests.BatchNorm;

/// <summary>
/// The classic demonstration: a deep sigmoid stack barely trains (its gradients vanish layer by layer), the same stack
/// with batch norm after every hidden layer trains well — same data, seeds, optimizer and epochs.
/// </summary>
public class DeepSigmoidDemonstrationTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void DeepSigmoidNetwork_TrainsWellOnlyWithBatchNorm()
    {
        var plain = Train(new DeepSigmoid());
        var normalized = Train(new DeepSigmoidBatchNorm());

        output.WriteLine("epoch  without BN (loss, accuracy)   with BN (loss, accuracy)");
        for (var e = 0; e < plain.Count; e++)
        {
            output.WriteLine($"{e + 1,5}  {plain[e].TrainingLoss,8:F4} {plain[e].Accuracy,8:P1}           {normalized[e].TrainingLoss,8:F4} {normalized[e].Accuracy,8:P1}");
        }

        Assert.True(plain[^1].Accuracy < 0.5, $"without batch norm the deep sigmoid stack reached {plain[^1].Accuracy:P1}");
        Assert.True(normalized[^1].Accuracy > 0.9, $"with batch norm it reached only {normalized[^1].Accuracy:P1}");
        // The vanishing gradient itself: the first layer's gradient norm relative to the last layer's.
        var plainRatio = plain[0].LayerGradientNorms[0] / plain[0].LayerGradientNorms[^1];
        var normalizedRatio = normalized[0].LayerGradientNorms[0] / normalized[0].LayerGradientNorms[^1];
        output.WriteLine($"first/last layer gradient norm in epoch 1: {plainRatio:E2} without, {normalizedRatio:E2} with batch norm");
        Assert.True(normalizedRatio > 10 * plainRatio);
    }

    private static TrainingHistory Train(INetwork<float> network)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "data", "digits");
        var train = TabularDataSet.LoadCsv(Path.Combine(directory, "train.csv"));
        var test = TabularDataSet.LoadCsv(Path.Combine(directory, "test.csv"));
        var standardizer = Standardizer.Fit(train);
        (train, test) = (standardizer.Transform(train), standardizer.Transform(test));
        return Trainer.Fit(
            network,
            new TrainingData<float>(train.Features, train.OneHot(10), 64, 10),
            new TrainingOptions { Epochs = 8, BatchSize = 32, ShuffleSeed = 3 },
            new TrainingData<float>(test.Features, test.OneHot(10), 64, 10));
    }
}

[Network(Inputs = 64, Seed = 5)]
[Layer(32, Activation.Sigmoid)]
[Layer(32, Activation.Sigmoid)]
[Layer(32, Activation.Sigmoid)]
[Layer(32, Activation.Sigmoid)]
[Layer(32, Activation.Sigmoid)]
[Layer(32, Activation.Sigmoid)]
[Layer(32, Activation.Sigmoid)]
[Layer(32, Activation.Sigmoid)]
[Layer(10, Activation.Softmax)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.1)]
public partial class DeepSigmoid
{
}

[Network(Inputs = 64, Seed = 5)]
[Layer(32, Activation.Sigmoid)]
[BatchNorm]
[Layer(32, Activation.Sigmoid)]
[BatchNorm]
[Layer(32, Activation.Sigmoid)]
[BatchNorm]
[Layer(32, Activation.Sigmoid)]
[BatchNorm]
[Layer(32, Activation.Sigmoid)]
[BatchNorm]
[Layer(32, Activation.Sigmoid)]
[BatchNorm]
[Layer(32, Activation.Sigmoid)]
[BatchNorm]
[Layer(32, Activation.Sigmoid)]
[BatchNorm]
[Layer(10, Activation.Softmax)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.1)]
public partial class DeepSigmoidBatchNorm
{
}
