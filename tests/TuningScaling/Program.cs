using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using NetGen;
using NetGen.Data;
using NetGen.Evaluation;
using NetGen.Training;
using NetGen.Tuning;
using NetGen.Tuning.Networks;
using NetGen.Tuning.PostgreSql;
using NetGen.Tuning.Storage;
using NetGen.Tuning.Tests.Storage;

// Trials per minute of the digits grid study of docs/tuning.md's evidence (108 points: depth × units × learning rate ×
// batch size, 20 epochs each), run to its end:
//   - in one process, in memory, on 1 and on 2 threads;
//   - in PostgreSQL (a throw-away cluster started here), by 1 worker process and by 2 worker processes at once, each
//     worker on one thread; the workers are this program started again with "worker <connection> <study>".
// Rounds alternate the configurations; the medians are reported. A worker's time includes its process start and JIT
// warm-up, as a real worker's does; the timer starts when every worker of the run has said it is ready.
if (args.Length > 0 && args[0] == "worker")
{
    RunWorker(args[1], args[2]);
    return;
}

var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
using var cluster = new PostgreSqlCluster();
Grid.Train(Grid.WarmUpPoint); // as each worker does before its timer starts
var times = new Dictionary<string, List<double>>();
var trialCount = Grid.Size;
for (var round = 1; round <= rounds; round++)
{
    Record("in memory, 1 thread", InProcess(threads: 1));
    Record("in memory, 2 threads", InProcess(threads: 2));
    Record("PostgreSQL, 1 worker process", Workers(cluster, count: 1, round));
    Record("PostgreSQL, 2 worker processes", Workers(cluster, count: 2, round));
}

Console.WriteLine($"Digits grid study, {trialCount} trials of 20 epochs; {Environment.ProcessorCount} cores; medians of {rounds} rounds");
Console.WriteLine("| configuration | seconds | trials per minute | × the 1-thread or 1-worker run |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var (name, values) in times)
{
    var median = Median(values);
    var reference = Median(times[name.StartsWith("in memory", StringComparison.Ordinal) ? "in memory, 1 thread" : "PostgreSQL, 1 worker process"]);
    Console.WriteLine($"| {name} | {median:F2} | {trialCount / (median / 60):F0} | {reference / median:F2}× |");
}

void Record(string name, double seconds)
{
    Console.WriteLine($"{name}: {seconds:F2} s");
    (times.TryGetValue(name, out var list) ? list : times[name] = new List<double>()).Add(seconds);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static double InProcess(int threads)
{
    var study = Study.CreateOrOpen("digits grid", Grid.Space, Grid.Options(new InMemoryStudyStorage()));
    var started = Stopwatch.GetTimestamp();
    study.Optimize(trial => Grid.Train(trial.Parameters), trials: int.MaxValue, parallelism: threads);
    return Stopwatch.GetElapsedTime(started).TotalSeconds;
}

static double Workers(PostgreSqlCluster cluster, int count, int round)
{
    var connection = cluster.CreateDatabase();
    var study = $"digits grid {count} workers round {round}";
    var processes = Enumerable.Range(0, count).Select(_ =>
    {
        // This program again: its app host, or the dotnet host with its assembly.
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Grid).Assembly.Location);
        }

        foreach (var argument in new[] { "worker", connection, study })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }).ToArray();
    foreach (var process in processes)
    {
        var line = process.StandardOutput.ReadLine();
        if (line != "ready")
        {
            throw new InvalidOperationException($"A worker said '{line}' instead of 'ready'.");
        }
    }

    var started = Stopwatch.GetTimestamp();
    foreach (var process in processes)
    {
        process.StandardInput.WriteLine("go");
        process.StandardInput.Flush();
    }

    foreach (var process in processes)
    {
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"A worker exited with code {process.ExitCode}.");
        }
    }

    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    using var storage = new PostgreSqlStudyStorage(connection);
    var trials = Study.CreateOrOpen(study, Grid.Space, Grid.Options(storage)).Trials;
    if (trials.Count != Grid.Size || trials.Any(t => t.State != TrialState.Complete))
    {
        throw new InvalidOperationException($"Expected {Grid.Size} complete trials, found {trials.Count} ({string.Join(", ", trials.GroupBy(t => t.State).Select(g => $"{g.Count()} {g.Key}"))}).");
    }

    return seconds;
}

static void RunWorker(string connection, string name)
{
    using var storage = new PostgreSqlStudyStorage(connection);
    var study = Study.CreateOrOpen(name, Grid.Space, Grid.Options(storage));
    Grid.Train(Grid.WarmUpPoint); // load the data and JIT the training code before the timer starts, as a long-running worker would have
    Console.WriteLine("ready");
    Console.In.ReadLine();
    study.Optimize(trial => Grid.Train(trial.Parameters), trials: int.MaxValue, parallelism: 1);
}

/// <summary>The digits study of tests/TuningEvidence: its search space, data and training.</summary>
internal static class Grid
{
    private static readonly Lazy<(TrainingData<float> Training, TrainingData<float> Validation)> Data = new(Load);

    public static SearchSpace Space { get; } = new()
    {
        SearchDimension.Int("Depth", 1, 3),
        SearchDimension.Categorical("Units", 16, 32, 64),
        SearchDimension.Float("Log10LearningRate", -4, -1.5, step: 0.5),
        SearchDimension.Categorical("BatchSize", 16, 64),
    };

    public static int Size => 3 * 3 * 6 * 2;

    /// <summary>A point trained once before any timer starts: it loads the data and compiles the training code.</summary>
    public static TrialParameters WarmUpPoint => TrialParameters.FromJson("""{"Depth":1,"Units":16,"Log10LearningRate":-2,"BatchSize":64}""", Space);

    public static StudyOptions Options(IStudyStorage storage) =>
        new() { Direction = StudyDirection.Maximize, Sampler = new GridSampler(), Seed = 1, Storage = storage };

    public static double Train(TrialParameters point)
    {
        var variant = DigitsFamily.Variants.Single(v => v.Depth == point.GetInt32("Depth") && v.Units == point.GetInt32("Units"));
        var network = variant.Create(seed: 1);
        network.LearningRate = (float)Math.Pow(10, point.GetDouble("Log10LearningRate"));
        var options = new TrainingOptions { Epochs = 20, BatchSize = point.GetInt32("BatchSize"), ShuffleSeed = 1, TrainingMetrics = EpochMetricsSource.None };
        Trainer.Fit(network, Data.Value.Training, options);
        return network.Evaluate(Data.Value.Validation).Classification!.Accuracy;
    }

    private static (TrainingData<float> Training, TrainingData<float> Validation) Load()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "data");
        var table = TabularDataSet.LoadCsv(Path.Combine(root, "digits", "train.csv"));
        var data = TrainingData.ForClassification<float>(Standardizer.Fit(table).Transform(table), 10);
        var labels = DataSplits.ClassesOf(data, LossKind.CategoricalCrossEntropy)!;
        var (training, validation) = DataSplits.StratifiedHoldOut(labels, 0.25, seed: 1);
        return (DataSplits.Subset(data, training), DataSplits.Subset(data, validation));
    }
}

/// <summary>Digits: 1–3 hidden layers of 16, 32 or 64 ReLU units, softmax over 10 classes (as tests/TuningEvidence).</summary>
[Network(Inputs = 64, Seed = 1)]
[Variants(Depth = [1, 2, 3], Units = [16, 32, 64])]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class DigitsFamily;
