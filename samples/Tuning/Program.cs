using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NetGen;
using NetGen.Data;
using NetGen.Evaluation;
using NetGen.Plots;
using NetGen.Training;
using NetGen.Tuning;
using NetGen.Tuning.Storage;
using NetGen.Tuning.Networks;
using Samples.Tuning;

// Tunes depth, width and learning rate of a digits classifier (8 × 8 pixels, UCI, as scikit-learn ships them), then
// grows the same family one hidden layer at a time. `dotnet run` takes about 10 s on one core;
// `dotnet run -- --big` runs 80 trials of up to 30 epochs; `--compare` adds the grid over depth that growth replaces.
var big = args.Contains("--big");
var trials = big ? 80 : 30;
var epochs = big ? 30 : 12;

var data = Path.Combine(AppContext.BaseDirectory, "data");
var train = TabularDataSet.LoadCsv(Path.Combine(data, "train.csv"));
var test = TabularDataSet.LoadCsv(Path.Combine(data, "test.csv"));
var standardizer = Standardizer.Fit(train);
var training = TrainingData.ForClassification<float>(standardizer.Transform(train), classCount: 10);
var testing = TrainingData.ForClassification<float>(standardizer.Transform(test), classCount: 10);
var options = new TrainingOptions { Epochs = epochs, BatchSize = 32 };

// 1. A study over the compiled variants (by name) and the learning rate: TPE, median pruning, hold-out validation.
var space = new SearchSpace
{
    SearchDimension.Categorical("Architecture", DigitsFamily.Variants.Select(v => v.Name).ToArray()),
    SearchDimension.Float("LearningRate", 1e-4, 3e-2, log: true),
};
var objective = new NetworkObjective<float>(
    (parameters, seed) => Variant(parameters.Get<string>("Architecture")).Create(seed),
    training,
    ObjectiveMetric.Accuracy)
{
    Validation = ValidationScheme.HoldOut(0.2),
    TrainingOptions = options,
};

var output = AppContext.BaseDirectory;
// The study lives in a SQLite file: a run that is killed resumes where it stopped, and a finished study is only
// reported again (delete tuning.db to start over).
using var storage = new SqliteStudyStorage(Path.Combine(output, "tuning.db"));
var study = Study.CreateOrOpen(big ? "digits-big" : "digits", space, new StudyOptions
{
    Storage = storage,
    Direction = StudyDirection.Maximize,
    Seed = 42,
    Sampler = new TpeSampler(startupTrials: big ? 10 : 6),
    Pruner = new MedianPruner(startupTrials: 4),
});
var clock = Stopwatch.StartNew();
study.Optimize(objective.Evaluate, trials, parallelism: 1);
Console.WriteLine($"{trials} trials in {clock.Elapsed.TotalSeconds:F1} s");
var summary = study.Summarize();
Console.WriteLine(summary);

// The best trial's configuration, trained on all the training data, on the test data.
var best = summary.BestTrial!;
var bestNetwork = Variant(best.Parameters!.Get<string>("Architecture")).Create(seed: 42);
bestNetwork.SetHyperparameter("LearningRate", best.Parameters.GetDouble("LearningRate"));
Trainer.Fit(bestNetwork, training, options with { ShuffleSeed = 42 });
Console.WriteLine($"best trial {best.Number} ({best.Parameters.ToJson()}): test accuracy {bestNetwork.Evaluate(testing).Classification!.Accuracy:P1}");

TuningPlots.SaveOptimizationHistory(summary, Path.Combine(output, "tuning-history.png"));
TuningPlots.SaveParameterScatter(summary, Path.Combine(output, "tuning-parameters.png"));
Console.WriteLine($"plots: {Path.Combine(output, "tuning-history.png")}, {Path.Combine(output, "tuning-parameters.png")}");

// 2. Progressive growth on the same family, 64 units, at the study's best learning rate: depth 1, then 2 with the
// first layer frozen, then 3, … while validation accuracy improves.
var classes = DataSplits.ClassesOf(training, LossKind.CategoricalCrossEntropy)!;
var (fit, held) = DataSplits.StratifiedHoldOut(classes, 0.2, seed: 42);
var bestLearningRate = best.Parameters.GetDouble("LearningRate");
var growth = new ProgressiveGrowth<float>(DigitsFamily.Variants.Where(v => v.Units == 64), ObjectiveMetric.Accuracy)
{
    TrainingOptions = options,
    Configure = network => network.SetHyperparameter("LearningRate", bestLearningRate),   // the study's best
    Seed = 42,
};
Console.WriteLine();
Console.WriteLine("Progressive growth (64 units):");
var grown = growth.Run(DataSplits.Subset(training, fit), DataSplits.Subset(training, held));
Console.WriteLine(grown);
Console.WriteLine($"grown network {grown.Best.Variant.Name}: test accuracy {grown.Best.Network.Evaluate(testing).Classification!.Accuracy:P1}, {grown.TotalTrainingTime.TotalSeconds:F1} s of training");

// 3. With --compare: the grid over depth the growth replaces — every 64-unit variant trained from scratch with all its
// layers, the same options and learning rate — for test accuracy and training time beside the grown network's.
if (args.Contains("--compare"))
{
    Console.WriteLine();
    Console.WriteLine("Grid over depth (64 units), each trained from scratch:");
    var gridTime = TimeSpan.Zero;
    foreach (var variant in DigitsFamily.Variants.Where(v => v.Units == 64))
    {
        var network = variant.Create(seed: 42);
        network.SetHyperparameter("LearningRate", bestLearningRate);
        var timer = Stopwatch.StartNew();
        Trainer.Fit(network, DataSplits.Subset(training, fit), options with { ShuffleSeed = 42 });
        gridTime += timer.Elapsed;
        var validationAccuracy = network.Evaluate(DataSplits.Subset(training, held)).Classification!.Accuracy;
        Console.WriteLine($"{variant.Name}: validation accuracy {validationAccuracy:P1}, test accuracy {network.Evaluate(testing).Classification!.Accuracy:P1}, {timer.Elapsed.TotalSeconds:F2} s");
    }

    Console.WriteLine($"grid: {gridTime.TotalSeconds:F1} s of training; growth: {grown.TotalTrainingTime.TotalSeconds:F1} s");
}

static NetworkVariant<float> Variant(string name) => DigitsFamily.Variants.First(v => v.Name == name);

namespace Samples.Tuning
{
    /// <summary>Digits classifiers over depth and width: 3 depths × 2 widths = 6 variants, each compiled.</summary>
    [Network(Inputs = 64, Seed = 1)]
    [Variants(Depth = [1, 2, 3], Units = [32, 64])]
    [Layer(10, Activation.Softmax)]
    [Loss(LossKind.CategoricalCrossEntropy)]
    [Optimizer(OptimizerKind.Adam, LearningRate = 0.003)]
    public partial class DigitsFamily;
}
