using System;
using System.Globalization;
using System.IO;
using System.Linq;
using NetGen.Data;
using NetGen.Training;

namespace NetGen.Tests.Demonstrations;

/// <summary>
/// The data and measurements the rule demonstrations share: the real data sets (samples/data, standardized with the
/// training split's statistics), a synthetic data set generated from a fixed seed, and accuracy measured here on the
/// held-out split rather than taken from the trainer's metrics.
/// </summary>
internal static class DemonstrationData
{
    public const int DigitClasses = 10;

    /// <summary>The digits (64 features, 10 classes), standardized.</summary>
    public static (TabularDataSet Train, TabularDataSet Test) Digits() => Load("digits");

    /// <summary>Breast cancer (30 features, target 0 or 1), standardized.</summary>
    public static (TabularDataSet Train, TabularDataSet Test) BreastCancer() => Load("breast_cancer");

    /// <summary>The digits with one-hot targets, for softmax outputs.</summary>
    public static (TrainingData<float> Train, TrainingData<float> Test) DigitsOneHot()
    {
        var (train, test) = Digits();
        return (TrainingData.WithOneHotTargets(train, DigitClasses), TrainingData.WithOneHotTargets(test, DigitClasses));
    }

    /// <summary>
    /// Points uniform in [−1, 1]², labelled 1 above the parabola <c>x₂ = x₁² − ½</c>: a curved boundary that a linear
    /// classifier can only approximate by a straight line. Integer and IEEE arithmetic only, so every platform gets the
    /// same points.
    /// </summary>
    public static TrainingData<float> Parabola(int count, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var inputs = new float[count * 2];
        var targets = new float[count];
        for (var i = 0; i < count; i++)
        {
            var x1 = random.NextUniform(-1, 1);
            var x2 = random.NextUniform(-1, 1);
            inputs[2 * i] = (float)x1;
            inputs[(2 * i) + 1] = (float)x2;
            targets[i] = x2 > (x1 * x1) - 0.5 ? 1f : 0f;
        }

        return new TrainingData<float>(inputs, targets, 2, 1);
    }

    /// <summary>Trains with the settings every demonstration shares (mini-batches of 32, shuffle seed 3), validating on <paramref name="test"/>.</summary>
    public static TrainingHistory Fit(INetwork<float> network, TrainingData<float> train, TrainingData<float> test, int epochs) =>
        Trainer.Fit(network, train, new TrainingOptions { Epochs = epochs, BatchSize = 32, ShuffleSeed = 3 }, test);

    /// <summary>Each layer's mean gradient norm of one epoch, for the test output.</summary>
    public static string Norms(EpochRecord record) => string.Join(" ", record.LayerGradientNorms.Select(n => n.ToString("E1", CultureInfo.InvariantCulture)));

    /// <summary>The share of samples whose largest output is at the target's one-hot position.</summary>
    public static double ArgMaxAccuracy(INetwork<float> network, TrainingData<float> data)
    {
        var width = data.OutputCount;
        var outputs = new float[data.Count * width];
        network.Predict(data.Inputs, outputs);
        var correct = 0;
        for (var s = 0; s < data.Count; s++)
        {
            correct += ArgMax(outputs.AsSpan(s * width, width)) == ArgMax(data.Targets.AsSpan(s * width, width)) ? 1 : 0;
        }

        return (double)correct / data.Count;
    }

    /// <summary>The share of samples of a one-output network whose output, thresholded at ½, equals the 0/1 target.</summary>
    public static double ThresholdAccuracy(INetwork<float> network, TrainingData<float> data)
    {
        var outputs = new float[data.Count];
        network.Predict(data.Inputs, outputs);
        var correct = 0;
        for (var s = 0; s < data.Count; s++)
        {
            correct += (outputs[s] >= 0.5f) == (data.Targets[s] >= 0.5f) ? 1 : 0;
        }

        return (double)correct / data.Count;
    }

    /// <summary>The network's parameters in the exchange layout.</summary>
    public static float[] Parameters(INetwork<float> network)
    {
        var parameters = new float[network.ParameterCount];
        network.GetParameters(parameters);
        return parameters;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
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
