using System;
using System.IO;
using System.Linq;
using NetGen;
using NetGen.Data;
using NetGen.Plots;
using NetGen.Samples.Optimizers;
using NetGen.Training;

// SGD, momentum, RMSProp and Adam on the same network, data, initial weights and batch order (8 × 8 handwritten
// digits): prints each optimizer's loss and held-out accuracy, and plots their curves next to the executable.
const int Classes = 10;
const int Epochs = 20;

var dataDirectory = Path.Combine(AppContext.BaseDirectory, "data", "digits");
var train = TabularDataSet.LoadCsv(Path.Combine(dataDirectory, "train.csv"));
var test = TabularDataSet.LoadCsv(Path.Combine(dataDirectory, "test.csv"));
var standardizer = Standardizer.Fit(train);
var training = TrainingData.WithOneHotTargets(standardizer.Transform(train), Classes);
var testing = TrainingData.WithOneHotTargets(standardizer.Transform(test), Classes);
var options = new TrainingOptions { Epochs = Epochs, BatchSize = 32, ShuffleSeed = 5 };

(string Name, INetwork<float> Network)[] runs =
[
    ("SGD (lr 0.01)", new SgdNet()),
    ("momentum (lr 0.01, μ 0.9)", new MomentumNet()),
    ("RMSProp (lr 0.01)", new RmsPropNet()),
    ("Adam (lr 0.001)", new AdamNet()),
];

var histories = runs.Select(run => (run.Name, History: Trainer.Fit(run.Network, training, options, testing))).ToArray();
Console.WriteLine($"{"optimizer",-28}{"loss, epoch 1",15}{"loss, epoch " + Epochs,15}{"test accuracy",15}");
foreach (var (name, history) in histories)
{
    Console.WriteLine($"{name,-28}{history[0].TrainingLoss,15:F4}{history[^1].TrainingLoss,15:F4}{history[^1].Accuracy,15:P2}");
}

var plots = Path.Combine(AppContext.BaseDirectory, "plots");
Directory.CreateDirectory(plots);
TrainingPlots.SavePng(TrainingPlots.Compare(histories, r => r.TrainingLoss, "training loss", logScale: true), Path.Combine(plots, "training-loss.png"));
TrainingPlots.SavePng(TrainingPlots.Compare(histories, r => r.ValidationLoss, "test loss", logScale: true), Path.Combine(plots, "test-loss.png"));
TrainingPlots.SavePng(TrainingPlots.Compare(histories, r => r.Accuracy, "test accuracy"), Path.Combine(plots, "test-accuracy.png"));
Console.WriteLine($"plots written to {plots}");
