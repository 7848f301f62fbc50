using System;
using System.IO;
using System.Linq;
using NetGen;
using NetGen.Data;
using NetGen.Plots;
using NetGen.Samples.VanishingGradients;
using NetGen.Training;

// The vanishing-gradient lesson on real data (8 × 8 handwritten digits): the same deep stack with sigmoid and Glorot
// initialization, with ReLU and He initialization, and with sigmoid and batch normalization. Prints each layer's
// gradient norm in the first epoch and the test accuracy after training; writes the plots next to the executable.
const int Classes = 10;
const int Epochs = 15;

var dataDirectory = Path.Combine(AppContext.BaseDirectory, "data", "digits");
var train = TabularDataSet.LoadCsv(Path.Combine(dataDirectory, "train.csv"));
var test = TabularDataSet.LoadCsv(Path.Combine(dataDirectory, "test.csv"));
var standardizer = Standardizer.Fit(train);
var training = TrainingData.WithOneHotTargets(standardizer.Transform(train), Classes);
var testing = TrainingData.WithOneHotTargets(standardizer.Transform(test), Classes);
var options = new TrainingOptions { Epochs = Epochs, BatchSize = 32, ShuffleSeed = 3 };

(string Name, INetwork<float> Network)[] runs =
[
    ("sigmoid + Glorot", new DeepSigmoidNet()),
    ("ReLU + He", new DeepReluNet()),
    ("sigmoid + batch norm", new DeepSigmoidBatchNormNet()),
];

var histories = runs.Select(run => (run.Name, History: Trainer.Fit(run.Network, training, options, testing))).ToArray();

Console.WriteLine("Mean gradient L2 norm per layer in epoch 1 (layer 1 is next to the inputs):");
Console.WriteLine($"{"",-22}" + string.Concat(Enumerable.Range(1, 9).Select(layer => $"{"layer " + layer,10}")) + $"{"first/last",12}");
foreach (var (name, history) in histories)
{
    var norms = history[0].LayerGradientNorms;
    Console.WriteLine($"{name,-22}" + string.Concat(norms.Select(n => $"{n,10:0.0e+0}")) + $"{norms[0] / norms[^1],12:0.0e+0}");
}

Console.WriteLine();
foreach (var (name, history) in histories)
{
    var last = history[^1];
    Console.WriteLine($"{name,-22} after {Epochs} epochs: training loss {last.TrainingLoss:F4}, test accuracy {100 * last.Accuracy:F2}%");
}

var plots = Path.Combine(AppContext.BaseDirectory, "plots");
Directory.CreateDirectory(plots);
TrainingPlots.SavePng(TrainingPlots.GradientNormsByLayer(histories, epoch: 1), Path.Combine(plots, "gradient-norms-by-layer.png"));
TrainingPlots.SavePng(TrainingPlots.Compare(histories, r => r.TrainingLoss, "training loss", logScale: true), Path.Combine(plots, "training-loss.png"));
TrainingPlots.SavePng(TrainingPlots.Compare(histories, r => r.Accuracy, "test accuracy"), Path.Combine(plots, "test-accuracy.png"));
TrainingPlots.SavePng(TrainingPlots.LayerGradientNorms(histories[0].History), Path.Combine(plots, "sigmoid-layer-norms.png"));
Console.WriteLine($"plots written to {plots}");
