using System;
using System.Diagnostics;
using System.IO;
using System.Runtime;
using NetGen;
using NetGen.Data;
using NetGen.Monitoring;
using NetGen.Training;

// Trains the Iris and digits sample networks with and without TrainingMonitors (default settings), alternating, and
// prints the median time per run and the monitors' share of it.
var root = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "data");
// PROFILE=with|without FITS=n DATA=iris|digits: only Fits of one kind, for a profiler (perf with DOTNET_PerfMapEnabled=1).
if (Environment.GetEnvironmentVariable("PROFILE") is { } profile)
{
    var iris = Environment.GetEnvironmentVariable("DATA") != "digits";
    var data = iris ? Load(Path.Combine(root, "iris", "train.csv"), 3) : Load(Path.Combine(root, "digits", "train.csv"), 10);
    var fits = int.TryParse(Environment.GetEnvironmentVariable("FITS"), out var f) ? f : 1000;
    if (profile == "probe")
    {
        // PROFILE=probe: the probe alone on the network as it is after training, FITS runs after as many for warm-up.
        INetwork<float> trained = iris ? new IrisNet() : new DigitsNet();
        Trainer.Fit(trained, data, new TrainingOptions { Epochs = 5, BatchSize = 32, ShuffleSeed = 1 });
        var probe = new ActivationProbe(trained.Architecture, 64);
        var batch = data.Inputs.AsSpan(0, 64 * data.InputCount).ToArray();
        for (var i = 0; i < fits; i++)
        {
            probe.Run<float>(trained, batch);
        }

        var begun = ThreadCpuTime.Now();
        for (var i = 0; i < fits; i++)
        {
            probe.Run<float>(trained, batch);
        }

        Console.WriteLine($"{fits} probe runs: {(ThreadCpuTime.Now() - begun) * 1e6 / fits:F2} µs each");
        return;
    }

    var profiled = new TrainingOptions { Epochs = iris ? 100 : 30, BatchSize = iris ? 8 : 32, ShuffleSeed = 1 };
    var started = ThreadCpuTime.Now();
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var collections = GC.CollectionCount(0);
    for (var i = 0; i < fits; i++)
    {
        INetwork<float> network = iris ? new IrisNet() : new DigitsNet();
        Trainer.Fit(network, data, profiled with { Callbacks = profile == "with" ? [Monitors()] : [] });
    }

    Console.WriteLine($"{fits} Fits {profile} monitors: {(ThreadCpuTime.Now() - started) * 1e3 / fits:F3} ms each, {(GC.GetAllocatedBytesForCurrentThread() - allocated) / fits} bytes allocated each, {GC.CollectionCount(0) - collections} gen0 collections");
    var checkedMonitors = Monitors();
    Trainer.Fit(iris ? new IrisNet() : new DigitsNet(), data, profiled with { Callbacks = [checkedMonitors] });
    foreach (var finding in checkedMonitors.Findings)
    {
        Console.WriteLine("  " + finding);
    }

    return;
}

// DATA=iris or DATA=digits measures only that run.
var only = Environment.GetEnvironmentVariable("DATA");
if (only is null or "iris")
{
    Measure("Iris (4-16-3, SGD, batch 8, 100 epochs)", () => new IrisNet(), Load(Path.Combine(root, "iris", "train.csv"), 3), 100, 8, 101);
}

if (only is null or "digits")
{
    Measure("Digits (64-64-10, Adam, batch 32, 30 epochs)", () => new DigitsNet(), Load(Path.Combine(root, "digits", "train.csv"), 10), 30, 32, 41);
}

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

    // PROBE_INTERVAL=1 probes after every epoch: the overhead is then about one probe's cost per epoch.
    if (int.TryParse(Environment.GetEnvironmentVariable("PROBE_INTERVAL"), out var interval))
    {
        monitors.ProbeInterval = interval;
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
        var started = ThreadCpuTime.Now();
        Trainer.Fit(network, data, options);
        return (ThreadCpuTime.Now() - started) * 1e3;
    }

    // The first Fit of the process runs the monitors' code unoptimized (tier 0): reported on its own, then warm-up
    // Fits until every method has been recompiled at tier 1, which is what the rest of a long training run sees. A
    // count of Fits is not enough: tier-up waits until no new method was compiled for 100 ms, and 60 Iris pairs take
    // about 100 ms, so the old 60 warm-up pairs measured Iris partly unoptimized (11-18 % instead of about 3.5 %).
    // Here: at least WARMUP pairs (60), then until no method was compiled for a whole second.
    var coldPlain = Run(false);
    var coldMonitored = Run(true);
    var warmups = int.TryParse(Environment.GetEnvironmentVariable("WARMUP"), out var w) ? w : 60;
    var warmupPairs = 0;
    var compiled = JitInfo.GetCompiledMethodCount();
    var quietSince = Stopwatch.GetTimestamp();
    while (warmupPairs < warmups || Stopwatch.GetElapsedTime(quietSince).TotalSeconds < 1)
    {
        Run(false);
        Run(true);
        warmupPairs++;
        if (JitInfo.GetCompiledMethodCount() != compiled)
        {
            compiled = JitInfo.GetCompiledMethodCount();
            quietSince = Stopwatch.GetTimestamp();
        }
    }

    // PAIRS=n measures n pairs instead (more for a steadier median on a loaded machine).
    runs = int.TryParse(Environment.GetEnvironmentVariable("PAIRS"), out var pairs) && pairs > 0 ? pairs : runs;
    var plain = new double[runs];
    var monitored = new double[runs];
    var ratios = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        // Alternate which goes first, so neither always follows the other.
        if (i % 2 == 0)
        {
            plain[i] = Run(false);
            monitored[i] = Run(true);
        }
        else
        {
            monitored[i] = Run(true);
            plain[i] = Run(false);
        }

        ratios[i] = monitored[i] / plain[i];
    }

    Array.Sort(plain);
    Array.Sort(monitored);
    Array.Sort(ratios);
    var p = plain[runs / 2];
    var m = monitored[runs / 2];
    Console.WriteLine($"{name}: {p:F3} ms without, {m:F3} ms with monitors (thread CPU time, medians of {runs}): overhead {100 * (m - p) / p:F2} % " +
        $"(per pair: median {100 * (ratios[runs / 2] - 1):F2} %, quartiles {100 * (ratios[runs / 4] - 1):F2} … {100 * (ratios[3 * runs / 4] - 1):F2} %); first Fit of the process {coldPlain:F1} ms without, {coldMonitored:F1} ms with; {warmupPairs} warm-up pairs");
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
