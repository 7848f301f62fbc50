using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetGen;
using NetGen.Benchmarks.Mlp;
using NetGen.Training;

// Epochs (one unless given) of 10 000 samples at batch 32 on one of tests/SideBySide's nets with SGD (64-128-128-10
// unless given), as its epoch: the bare loop (shuffle, gather, TrainStep), Fit with the default options (training
// metrics from the updates) and Fit without training metrics, in rotated order, each timed by the thread's CPU time
// (other processes on the cores do not count); the first third of the rounds are warm-up (Fit's own code then runs
// fully optimized). Arguments: [rounds] [epochs] [net] [sgd|adam].
const int Samples = 10000, Batch = 32;
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 90;
// The epochs of each Fit (and of each bare loop): 1 as in tests/SideBySide, where Fit's per-call setup counts in full.
var epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
var netName = args.Length > 2 ? args[2] : "64-128-128-10";
var optimizerName = args.Length > 3 ? args[3] : "sgd";
Func<INetwork<float>> create = (netName, optimizerName) switch
{
    ("2-16-16-1", "sgd") => () => new Mlp2x16x16x1Sgd(),
    ("2-16-16-1", "adam") => () => new Mlp2x16x16x1Adam(),
    ("4-64-64-3", "sgd") => () => new Mlp4x64x64x3Sgd(),
    ("4-64-64-3", "adam") => () => new Mlp4x64x64x3Adam(),
    ("64-128-128-10", "sgd") => () => new Mlp64x128x128x10Sgd(),
    ("64-128-128-10", "adam") => () => new Mlp64x128x128x10Adam(),
    ("784-128-10", "sgd") => () => new Mlp784x128x10Sgd(),
    ("784-128-10", "adam") => () => new Mlp784x128x10Adam(),
    _ => throw new ArgumentException($"Unknown net '{netName}' or optimizer '{optimizerName}': 2-16-16-1, 4-64-64-3, 64-128-128-10 or 784-128-10; sgd or adam.", nameof(args)),
};
// One network for all three: where its buffers lie in memory changes a step's time by several percent from one instance
// to the next (docs/performance.md, Open items), which would otherwise count as Fit's overhead.
var network = create();
int inputCount = network.InputCount, outputCount = network.OutputCount;
var random = new Random(5);
var inputs = Enumerable.Range(0, Samples * inputCount).Select(_ => (float)random.NextDouble()).ToArray();
var targets = new float[Samples * outputCount];
for (var s = 0; s < Samples; s++)
{
    if (outputCount == 1)
    {
        targets[s] = (float)random.NextDouble();
    }
    else
    {
        targets[(s * outputCount) + random.Next(outputCount)] = 1;
    }
}

var data = new TrainingData<float>(inputs, targets, inputCount, outputCount);
var order = Enumerable.Range(0, Samples).ToArray();
var batchInputs = new float[Batch * inputCount];
var batchTargets = new float[Batch * outputCount];
var shuffle = new DeterministicRandom(7);
var contenders = new (string Name, Action Run)[]
{
    ("bare loop", Loop),
    ("Fit, default options", () => Trainer.Fit(network, data, new TrainingOptions { Epochs = epochs })),
    ("Fit, TrainingMetrics = None", () => Trainer.Fit(network, data, new TrainingOptions { Epochs = epochs, TrainingMetrics = EpochMetricsSource.None })),
};
var times = contenders.Select(_ => new List<double>()).ToArray();
// What each contender allocates and how many collections run while it does: a GC inside Fit counts as Fit's time.
var allocated = new long[contenders.Length];
var collections = new int[contenders.Length];
for (var round = 0; round < rounds; round++)
{
    for (var c = 0; c < contenders.Length; c++)
    {
        var i = (c + round) % contenders.Length;
        var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        var collectionsBefore = GC.CollectionCount(0);
        var started = ThreadCpuTime.Now();
        contenders[i].Run();
        var elapsed = (ThreadCpuTime.Now() - started) * 1e3;
        if (round >= rounds / 3)
        {
            times[i].Add(elapsed);
            allocated[i] += GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            collections[i] += GC.CollectionCount(0) - collectionsBefore;
        }
    }
}

Console.WriteLine($"{netName}, {optimizerName}, batch {Batch}, {epochs} epoch(s) of {Samples} samples per call:");
var loopMedian = Median(times[0]);
for (var c = 0; c < contenders.Length; c++)
{
    var median = Median(times[c]);
    // Each round's time over the same round's bare loop: the quartiles say how much the rounds agree.
    var ratios = times[c].Zip(times[0], (time, loop) => time / loop).Order().ToArray();
    Console.WriteLine($"{contenders[c].Name}: median {median:F3} ms ({100 * ((median / loopMedian) - 1):+0.0;-0.0;0.0} % against the bare loop; " +
        $"per-round quartiles {100 * (ratios[ratios.Length / 4] - 1):+0.0;-0.0;0.0} … {100 * (ratios[3 * ratios.Length / 4] - 1):+0.0;-0.0;0.0} %), {times[c].Count} rounds (thread CPU time); " +
        $"{allocated[c] / times[c].Count} B and {(double)collections[c] / times[c].Count:F2} collections per call");
}

void Loop()
{
    for (var epoch = 0; epoch < epochs; epoch++)
    {
        shuffle.Shuffle<int>(order);
        for (var start = 0; start < Samples; start += Batch)
        {
            var count = Math.Min(Batch, Samples - start);
            for (var i = 0; i < count; i++)
            {
                inputs.AsSpan(order[start + i] * inputCount, inputCount).CopyTo(batchInputs.AsSpan(i * inputCount));
                targets.AsSpan(order[start + i] * outputCount, outputCount).CopyTo(batchTargets.AsSpan(i * outputCount));
            }

            network.TrainStep(batchInputs.AsSpan(0, count * inputCount), batchTargets.AsSpan(0, count * outputCount));
        }
    }
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted[sorted.Length / 2];
}
