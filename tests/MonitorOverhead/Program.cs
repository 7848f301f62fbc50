using System;
using System.Diagnostics;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Monitoring;
using NetGen.Training;

// Trains the Iris and digits sample networks with and without TrainingMonitors (default settings), alternating, and
// prints the median time per run and the monitors' share of it.
var root = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "data");
Measure("Iris (4-16-3, SGD, batch 8, 100 epochs)", () => new IrisNet(), Load(Path.Combine(root, "iris", "train.csv"), 3), 100, 8, 41);
Measure("Digits (64-64-10, Adam, batch 32, 30 epochs)", () => new DigitsNet(), Load(Path.Combine(root, "digits", "train.csv"), 10), 30, 32, 21);

static TrainingMonitors Monitors()
{
    var monitors = new TrainingMonitors();
    var only = Environment.GetEnvironmentVariable("ONLY");
    if (only is not null)
    {
        foreach (var monitor in monitors.Monitors)
        {
            monitor.Action = monitor.Id == only ? MonitorAction.Log : MonitorAction.Off;
        }
    }

    return monitors;
}

static TrainingData<float> Load(string path, int classes)
{
    var data = TabularDataSet.LoadCsv(path);
    return TrainingData.WithOneHotTargets(Standardizer.Fit(data).Transform(data), classes);
}

static void Measure(string name, Func<INetwork<float>> create, TrainingData<float> data, int epochs, int batchSize, int runs)
{
    double Run(bool monitored)
    {
        var options = new TrainingOptions { Epochs = epochs, BatchSize = batchSize, ShuffleSeed = 1, Callbacks = monitored ? [Monitors()] : [] };
        var network = create();
        var started = Stopwatch.GetTimestamp();
        Trainer.Fit(network, data, options);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    for (var i = 0; i < 3; i++)
    {
        Run(false);
        Run(true);
    }

    var plain = new double[runs];
    var monitored = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        plain[i] = Run(false);
        monitored[i] = Run(true);
    }

    Array.Sort(plain);
    Array.Sort(monitored);
    var p = plain[runs / 2];
    var m = monitored[runs / 2];
    Console.WriteLine($"{name}: {p:F2} ms without, {m:F2} ms with monitors (medians of {runs}): overhead {100 * (m - p) / p:F2} %");
}

[Network(Inputs = 4, Seed = 7)]
[Layer(16, Activation.ReLU, Init.HeNormal)]
[Layer(3, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.05)]
public partial class IrisNet
{
}

[Network(Inputs = 64, Seed = 1)]
[Layer(64, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
public partial class DigitsNet
{
}
