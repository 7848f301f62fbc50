using System;
using System.IO;
using NetGen.Data;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>
/// Adam and momentum SGD on two real data sets (samples/data, provenance in its README), fixed seeds, features
/// standardized with statistics of the training split only. Training sees only the training split; the accuracy is
/// measured here, independently of the trainer's metrics, on the held-out test split.
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

    /// <summary>One sigmoid output, binary cross-entropy on the raw 0/1 target; predicted benign when p ≥ 0.5.</summary>
    private double BreastCancerAccuracy(INetwork<float> network)
    {
        var (train, test) = Load("breast_cancer");
        Fit(network, TrainingData.WithRawTargets(train), epochs: 40);

        var probabilities = new float[test.Count];
        network.Predict(test.Features, probabilities);
        var correct = 0;
        for (var i = 0; i < test.Count; i++)
        {
            correct += (probabilities[i] >= 0.5f ? 1f : 0f) == test.Targets[i] ? 1 : 0;
        }

        return Report(network, correct, test.Count);
    }

    /// <summary>Ten softmax outputs, categorical cross-entropy on one-hot targets; the predicted digit is the arg-max.</summary>
    private double DigitsAccuracy(INetwork<float> network)
    {
        const int Classes = 10;
        var (train, test) = Load("digits");
        Fit(network, TrainingData.WithOneHotTargets(train, Classes), epochs: 30);

        var probabilities = new float[test.Count * Classes];
        network.Predict(test.Features, probabilities);
        var correct = 0;
        for (var i = 0; i < test.Count; i++)
        {
            var row = probabilities.AsSpan(i * Classes, Classes);
            var predicted = 0;
            for (var c = 1; c < Classes; c++)
            {
                predicted = row[c] > row[predicted] ? c : predicted;
            }

            correct += predicted == (int)test.Targets[i] ? 1 : 0;
        }

        return Report(network, correct, test.Count);
    }

    private void Fit(INetwork<float> network, TrainingData<float> training, int epochs)
    {
        var history = Trainer.Fit(network, training, new TrainingOptions { Epochs = epochs, BatchSize = 32, ShuffleSeed = 1 });
        output.WriteLine($"{network.GetType().Name}: training loss {history[^1].TrainingLoss:F4}, training accuracy {history[^1].Accuracy:P2} after {history.Count} epochs");
    }

    private double Report(INetwork<float> network, int correct, int count)
    {
        output.WriteLine($"{network.GetType().Name}: test accuracy {(double)correct / count:P2} ({correct}/{count})");
        return (double)correct / count;
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
