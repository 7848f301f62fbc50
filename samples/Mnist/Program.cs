using System;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Evaluation;
using NetGen.Plots;
using NetGen.Training;

// MNIST, a 10 000-image subset (28 × 28 pixels, 0–255): 8 000 to train on, 2 000 to test. The files are gzip CSV,
// which LoadCsv reads directly (checking the gzip CRC and length).
var data = Path.Combine(AppContext.BaseDirectory, "data");
var train = TabularDataSet.LoadCsv(Path.Combine(data, "train.csv.gz"));
var test = TabularDataSet.LoadCsv(Path.Combine(data, "test.csv.gz"));

// Pixels to [0, 1], the usual MNIST input; standardizing each pixel would blow up the near-constant border pixels.
var training = TrainingData.ForClassification<float>(Scaled(train), classCount: 10);
var testing = TrainingData.ForClassification<float>(Scaled(test), classCount: 10);

var network = new MnistNet();
var history = Trainer.Fit(network, training, TrainingOptions.For(network) with { ShuffleSeed = 3, Verbosity = Verbosity.Epochs }, validation: testing);

Console.WriteLine();
Console.WriteLine(network.Evaluate(testing));
TrainingPlots.SaveOverview(history, Path.Combine(AppContext.BaseDirectory, "mnist-training.png"));
Console.WriteLine($"plots: {Path.Combine(AppContext.BaseDirectory, "mnist-training.png")}");

static TabularDataSet Scaled(TabularDataSet pixels)
{
    var features = (float[])pixels.Features.Clone();
    for (var i = 0; i < features.Length; i++)
    {
        features[i] /= 255f;
    }

    return new TabularDataSet(pixels.FeatureNames, pixels.TargetName, features, pixels.Targets);
}

/// <summary>784 pixels → 128 ReLU units → 10 softmax outputs.</summary>
[Network(Inputs = 784, Seed = 6)]
[Layer(128, Activation.ReLU, Init.HeNormal)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
[Training(Epochs = 8, BatchSize = 64)]
public partial class MnistNet
{
}
