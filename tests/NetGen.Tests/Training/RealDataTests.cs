using System;
using System.IO;
using NetGen.Data;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>
/// Adam and momentum SGD on two real data sets (samples/data, provenance in its README), fixed seeds, standardized
/// features fitted on the training split only; accuracy is measured on the held-out test split.
/// </summary>
public class RealDataTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void BreastCancer_Adam_ReachesNinetyFivePercent() =>
        Assert.InRange(BreastCancerAccuracy(new BreastCancerAdam()), 0.95, 1.0);

    [Fact]
    public void BreastCancer_MomentumSgd_ReachesNinetyFivePercent() =>
        Assert.InRange(BreastCancerAccuracy(new BreastCancerMomentum()), 0.95, 1.0);

    [Fact]
    public void Digits_Adam_ReachesNinetyFivePercent() =>
        Assert.InRange(DigitsAccuracy(new DigitsAdam()), 0.95, 1.0);

    [Fact]
    public void Digits_MomentumSgd_ReachesNinetyFivePercent() =>
        Assert.InRange(DigitsAccuracy(new DigitsMomentum()), 0.95, 1.0);

    private double BreastCancerAccuracy(INetwork<float> network) =>
        TestAccuracy(network, "breast_cancer", epochs: 40, data => (data.Targets, 1));

    private double DigitsAccuracy(INetwork<float> network) =>
        TestAccuracy(network, "digits", epochs: 30, data => (data.OneHot(10), 10));

    /// <summary>Trains on the standardized training split and returns the accuracy on the test split.</summary>
    private double TestAccuracy(INetwork<float> network, string name, int epochs, Func<TabularDataSet, (float[] Targets, int Width)> targets)
    {
        var (train, test) = Load(name);
        var (trainTargets, width) = targets(train);
        var history = Trainer.Fit(
            network,
            new TrainingData<float>(train.Features, trainTargets, train.FeatureCount, width),
            new TrainingOptions { Epochs = epochs, BatchSize = 32, ShuffleSeed = 1 },
            validation: new TrainingData<float>(test.Features, targets(test).Targets, test.FeatureCount, width));
        output.WriteLine($"{network.GetType().Name}: test accuracy {history[^1].Accuracy:P2} after {history.Count} epochs");
        return history[^1].Accuracy!.Value;
    }

    private static (TabularDataSet Train, TabularDataSet Test) Load(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "data", name);
        var train = TabularDataSet.LoadCsv(Path.Combine(directory, "train.csv"));
        var test = TabularDataSet.LoadCsv(Path.Combine(directory, "test.csv"));
        var standardizer = Standardizer.Fit(train);
        return (standardizer.Transform(train), standardizer.Transform(test));
    }
}

[Network(Inputs = 30, Seed = 1)]
[Layer(32, Activation.ReLU)]
[Layer(1, Activation.Sigmoid)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
public partial class BreastCancerAdam
{
}

[Network(Inputs = 30, Seed = 1)]
[Layer(32, Activation.ReLU)]
[Layer(1, Activation.Sigmoid)]
[Optimizer(OptimizerKind.Momentum, LearningRate = 0.01, Momentum = 0.9)]
public partial class BreastCancerMomentum
{
}

[Network(Inputs = 64, Seed = 1)]
[Layer(64, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
public partial class DigitsAdam
{
}

[Network(Inputs = 64, Seed = 1)]
[Layer(64, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Optimizer(OptimizerKind.Momentum, LearningRate = 0.01, Momentum = 0.9)]
public partial class DigitsMomentum
{
}
