using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NetGen;
using NetGen.Data;
using NetGen.Evaluation;
using NetGen.Training;
using NetGen.Tuning;
using NetGen.Tuning.Networks;

// docs/tuning.md, "Evidence": how many trials random search, TPE and the genetic sampler need to reach the best
// validation accuracy that the full grid finds, over several study seeds, on digits and breast cancer; and trials per
// minute on 1 and 2 cores. Each grid point is trained once with fixed seeds (its score is a function of the point
// only), so the strategies are compared on the very same landscape: a strategy's trial looks its point's score up.
var root = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "data");
// dotnet run -c Release -- [seeds] [--strategies random,TPE,genetic,GP] [--no-scaling]: --no-scaling skips the
// two-thread grid run (it keeps both cores busy), and --strategies runs only the strategies named.
var seeds = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
var scaling = !args.Contains("--no-scaling");
var strategyIndex = Array.IndexOf(args, "--strategies");
var strategies = strategyIndex >= 0 ? args[strategyIndex + 1].Split(',') : ["random", "TPE", "genetic", "GP"];

// --growth [epochs]: the progressive-growth evidence instead (Growth.cs).
var growthIndex = Array.IndexOf(args, "--growth");
if (growthIndex >= 0)
{
    var growthEpochs = growthIndex + 1 < args.Length ? int.Parse(args[growthIndex + 1], System.Globalization.CultureInfo.InvariantCulture) : 20;
    GrowthEvidence.Run(root, seeds, growthEpochs);
    return;
}

Measure("digits", Load(Path.Combine(root, "digits", "train.csv"), classes: 10), DigitsFamily.Variants, epochs: 20, seeds, strategies, scaling);
Measure("breast cancer", Load(Path.Combine(root, "breast_cancer", "train.csv"), classes: 2), CancerFamily.Variants, epochs: 20, seeds, strategies, scaling);

static (TrainingData<float> Training, TrainingData<float> Validation) Load(string path, int classes)
{
    var table = TabularDataSet.LoadCsv(path);
    var data = TrainingData.ForClassification<float>(Standardizer.Fit(table).Transform(table), classes);
    var labels = DataSplits.ClassesOf(data, classes == 2 ? LossKind.BinaryCrossEntropy : LossKind.CategoricalCrossEntropy)!;
    var (training, validation) = DataSplits.StratifiedHoldOut(labels, 0.25, seed: 1);
    return (DataSplits.Subset(data, training), DataSplits.Subset(data, validation));
}

static void Measure(string name, (TrainingData<float> Training, TrainingData<float> Validation) data, IReadOnlyList<NetworkVariant<float>> variants, int epochs, int seeds, string[] strategies, bool scaling)
{
    var space = new SearchSpace
    {
        SearchDimension.Int("Depth", 1, 3),
        SearchDimension.Categorical("Units", 16, 32, 64),
        SearchDimension.Float("Log10LearningRate", -4, -1.5, step: 0.5),
        SearchDimension.Categorical("BatchSize", 16, 64),
    };

    double Train(TrialParameters point)
    {
        var variant = variants.Single(v => v.Depth == point.GetInt32("Depth") && v.Units == point.GetInt32("Units"));
        var network = variant.Create(seed: 1);
        network.LearningRate = (float)Math.Pow(10, point.GetDouble("Log10LearningRate"));
        var options = new TrainingOptions { Epochs = epochs, BatchSize = point.GetInt32("BatchSize"), ShuffleSeed = 1, TrainingMetrics = EpochMetricsSource.None };
        Trainer.Fit(network, data.Training, options);
        return network.Evaluate(data.Validation).Classification!.Accuracy;
    }

    // The full grid, once: every point's score, and the trials per minute on 1 and 2 threads.
    var scores = new ConcurrentDictionary<string, double>();
    var grid = Study.CreateOrOpen(name + " grid", space, new StudyOptions { Direction = StudyDirection.Maximize, Sampler = new GridSampler(), Seed = 1 });
    var started = Stopwatch.GetTimestamp();
    grid.Optimize(trial => scores[trial.Parameters.ToJson()] = Train(trial.Parameters), trials: int.MaxValue, parallelism: 1);
    var oneCore = Stopwatch.GetElapsedTime(started);
    var size = grid.Trials.Count;
    var best = scores.Values.Max();
    var atBest = scores.Values.Count(v => v == best);
    Console.WriteLine($"{name}: grid of {size} points ({string.Join(" × ", space.Select(d => d.Name))}), {epochs} epochs each: best validation accuracy {best:F4}, reached by {atBest} point(s)");

    if (scaling)
    {
        var twoCores = Study.CreateOrOpen(name + " grid, 2 threads", space, new StudyOptions { Direction = StudyDirection.Maximize, Sampler = new GridSampler(), Seed = 1 });
        started = Stopwatch.GetTimestamp();
        twoCores.Optimize(trial => Train(trial.Parameters), trials: int.MaxValue, parallelism: 2);
        var twoCoreTime = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"  trials per minute: {size / oneCore.TotalMinutes:F0} on 1 thread, {size / twoCoreTime.TotalMinutes:F0} on 2 threads ({oneCore.TotalSeconds / twoCoreTime.TotalSeconds:F2}×), {Environment.ProcessorCount} cores");
    }

    foreach (var (strategy, sampler) in new (string, Func<Sampler>)[]
    {
        ("random", () => new RandomSampler()),
        ("TPE", () => new TpeSampler()),
        ("genetic", () => new GeneticSampler()),
        ("GP", () => new GaussianProcessSampler()),
    })
    {
        if (!strategies.Contains(strategy))
        {
            continue;
        }

        var needed = new List<int>();
        var strategyStarted = Stopwatch.GetTimestamp();
        for (var seed = 1; seed <= seeds; seed++)
        {
            var study = Study.CreateOrOpen($"{name} {strategy} {seed}", space, new StudyOptions { Direction = StudyDirection.Maximize, Sampler = sampler(), Seed = seed });
            var reached = 0;
            study.Optimize(
                trial =>
                {
                    var value = scores[trial.Parameters.ToJson()];
                    if (value >= best && reached == 0)
                    {
                        reached = trial.Number + 1;
                    }

                    return value;
                },
                trials: size,
                parallelism: 1);
            needed.Add(reached == 0 ? int.MaxValue : reached);
        }

        needed.Sort();
        var median = needed[needed.Count / 2];
        string Text(int n) => n == int.MaxValue ? $">{size}" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"  {strategy,-8} trials to reach it over {seeds} seeds: median {Text(median)} ({100.0 * Math.Min(median, size) / size:F0}% of the grid); each: {string.Join(", ", needed.Select(Text))}; {Stopwatch.GetElapsedTime(strategyStarted).TotalSeconds:F1} s");
    }

    // The cost of a proposal as a study grows: the objective is a look-up, so the time between one trial's objective
    // call and the next is the sampler's proposal plus the study's bookkeeping (which random search shows alone).
    if (name == "digits")
    {
        int[] windows = [25, 50, 100, 200];
        foreach (var (strategy, sampler) in new (string, Func<Sampler>)[] { ("random", () => new RandomSampler()), ("TPE", () => new TpeSampler()), ("GP", () => new GaussianProcessSampler()) })
        {
            var gaps = windows.ToDictionary(w => w, _ => new List<double>());
            for (var seed = 1; seed <= 2; seed++)
            {
                var study = Study.CreateOrOpen($"{name} {strategy} cost {seed}", space, new StudyOptions { Direction = StudyDirection.Maximize, Sampler = sampler(), Seed = seed });
                var last = 0L;
                study.Optimize(
                    trial =>
                    {
                        var now = Stopwatch.GetTimestamp();
                        foreach (var window in windows.Where(w => trial.Number > w - 10 && trial.Number <= w))
                        {
                            gaps[window].Add(Stopwatch.GetElapsedTime(last, now).TotalMilliseconds);
                        }

                        last = Stopwatch.GetTimestamp();
                        return scores[trial.Parameters.ToJson()];
                    },
                    trials: windows[^1] + 1,
                    parallelism: 1);
            }

            string Median(List<double> values) => values.Order().ElementAt(values.Count / 2).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
            Console.WriteLine($"  {strategy,-8} ms per proposal (median of 2 seeds × 10 proposals) after {string.Join(", ", windows.Select(w => $"{w - 10}–{w - 1} trials: {Median(gaps[w])}"))}");
        }
    }
}

/// <summary>Digits: 1–3 hidden layers of 16, 32 or 64 ReLU units, softmax over 10 classes.</summary>
[Network(Inputs = 64, Seed = 1)]
[Variants(Depth = [1, 2, 3], Units = [16, 32, 64])]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class DigitsFamily;

/// <summary>Breast cancer: 1–3 hidden layers of 16, 32 or 64 ReLU units, one sigmoid output.</summary>
[Network(Inputs = 30, Seed = 1)]
[Variants(Depth = [1, 2, 3], Units = [16, 32, 64])]
[Layer(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class CancerFamily;
