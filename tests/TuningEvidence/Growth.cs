using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NetGen;
using NetGen.Data;
using NetGen.Evaluation;
using NetGen.Training;
using NetGen.Tuning.Networks;

/// <summary>
/// docs/tuning.md, "Progressive growth": over several seeds, growth over depths 1–6 of 64 ReLU units on digits against
/// the grid over the same depths (each trained from scratch with every layer), with the same epochs, batch size and
/// learning rate: the depth each picks by validation accuracy, that depth's test accuracy, and the training time.
/// </summary>
internal static class GrowthEvidence
{
    public static void Run(string root, int seeds, int epochs)
    {
        var trainTable = TabularDataSet.LoadCsv(Path.Combine(root, "digits", "train.csv"));
        var testTable = TabularDataSet.LoadCsv(Path.Combine(root, "digits", "test.csv"));
        var scaler = Standardizer.Fit(trainTable);
        var all = TrainingData.ForClassification<float>(scaler.Transform(trainTable), 10);
        var test = TrainingData.ForClassification<float>(scaler.Transform(testTable), 10);
        var labels = DataSplits.ClassesOf(all, LossKind.CategoricalCrossEntropy)!;
        var (fit, held) = DataSplits.StratifiedHoldOut(labels, 0.25, seed: 1);
        var training = DataSplits.Subset(all, fit);
        var validation = DataSplits.Subset(all, held);
        var variants = DeepDigitsFamily.Variants;
        var options = new TrainingOptions { Epochs = epochs, BatchSize = 32, TrainingMetrics = EpochMetricsSource.None };

        // Compile everything once before any timer starts.
        Trainer.Fit(variants[^1].Create(seed: 0), training, options with { Epochs = 1 });

        Console.WriteLine($"Digits, depths {string.Join(", ", variants.Select(v => v.Depth))} of 64 ReLU units, Adam 0.003, batch 32, {epochs} epochs per stage or grid point, {seeds} seeds");
        Console.WriteLine("| seed | growth: depth (validation) | test | time | grid: depth (validation) | test | time | test difference | time ratio |");
        Console.WriteLine("|---|---|---:|---:|---|---:|---:|---:|---:|");
        var differences = new List<double>();
        var ratios = new List<double>();
        for (var seed = 1; seed <= seeds; seed++)
        {
            // Growth and grid alternate which goes first, so neither always runs on a warmer or quieter machine.
            (NetworkVariant<float> Variant, double Validation, double Test, TimeSpan Time) grown = default, grid = default;
            void Grow()
            {
                var result = new ProgressiveGrowth<float>(variants, ObjectiveMetric.Accuracy) { TrainingOptions = options, Seed = seed }.Run(training, validation);
                grown = (result.Best.Variant, result.Best.Score, result.Best.Network.Evaluate(test).Classification!.Accuracy, result.TotalTrainingTime);
            }

            void Grid()
            {
                var time = TimeSpan.Zero;
                grid = (variants[0], double.NegativeInfinity, 0, TimeSpan.Zero);
                foreach (var variant in variants)
                {
                    var network = variant.Create(seed: seed);
                    var started = Stopwatch.GetTimestamp();
                    Trainer.Fit(network, training, options with { ShuffleSeed = seed });
                    time += Stopwatch.GetElapsedTime(started);
                    var score = network.Evaluate(validation).Classification!.Accuracy;
                    if (score > grid.Validation)
                    {
                        grid = (variant, score, network.Evaluate(test).Classification!.Accuracy, TimeSpan.Zero);
                    }
                }

                grid.Time = time;
            }

            if (seed % 2 == 1)
            {
                Grow();
                Grid();
            }
            else
            {
                Grid();
                Grow();
            }

            var difference = 100 * (grown.Test - grid.Test);
            var ratio = grown.Time.TotalSeconds / grid.Time.TotalSeconds;
            differences.Add(difference);
            ratios.Add(ratio);
            Console.WriteLine($"| {seed} | {grown.Variant!.Depth} ({grown.Validation:P1}) | {grown.Test:P1} | {grown.Time.TotalSeconds:F2} s | {grid.Variant!.Depth} ({grid.Validation:P1}) | {grid.Test:P1} | {grid.Time.TotalSeconds:F2} s | {difference:+0.0;-0.0;0.0} | {ratio:F2} |");
        }

        Console.WriteLine($"Median test difference (growth − grid): {Median(differences):+0.00;-0.00;0.00} points; worst {differences.Min():+0.0;-0.0;0.0}; median time ratio growth / grid {Median(ratios):F2}");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>Digits: 1–6 hidden layers of 64 ReLU units, softmax over 10 classes, Adam at 0.003 (the tuning sample's).</summary>
[Network(Inputs = 64, Seed = 1)]
[Variants(Depth = [1, 2, 3, 4, 5, 6], Units = [64])]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.003)]
public partial class DeepDigitsFamily;
