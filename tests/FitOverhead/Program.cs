using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetGen;
using NetGen.Training;

// Epochs (one unless given) of 10 000 samples at batch 32 on 64-128-128-10 (SGD), as tests/SideBySide's epoch: the bare loop (shuffle,
// gather, TrainStep), Fit with the default options (training metrics from the updates) and Fit without training
// metrics, in rotated order, each timed by the thread's CPU time (other processes on the cores do not count); the
// first third of the rounds are warm-up (Fit's own code then runs fully optimized).
const int Samples = 10000, Batch = 32, Inputs = 64, Outputs = 10;
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 90;
// The epochs of each Fit (and of each bare loop): 1 as in tests/SideBySide, where Fit's per-call setup counts in full.
var epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
var random = new Random(5);
var inputs = Enumerable.Range(0, Samples * Inputs).Select(_ => (float)random.NextDouble()).ToArray();
var targets = new float[Samples * Outputs];
for (var s = 0; s < Samples; s++)
{
    targets[(s * Outputs) + random.Next(Outputs)] = 1;
}

var data = new TrainingData<float>(inputs, targets, Inputs, Outputs);
var loopNetwork = new Net();
var order = Enumerable.Range(0, Samples).ToArray();
var batchInputs = new float[Batch * Inputs];
var batchTargets = new float[Batch * Outputs];
var shuffle = new DeterministicRandom(7);
var fitDefault = new Net();
var fitNone = new Net();
var contenders = new (string Name, Action Run)[]
{
    ("bare loop", Loop),
    ("Fit, default options", () => Trainer.Fit(fitDefault, data, new TrainingOptions { Epochs = epochs })),
    ("Fit, TrainingMetrics = None", () => Trainer.Fit(fitNone, data, new TrainingOptions { Epochs = epochs, TrainingMetrics = EpochMetricsSource.None })),
};
var times = contenders.Select(_ => new List<double>()).ToArray();
for (var round = 0; round < rounds; round++)
{
    for (var c = 0; c < contenders.Length; c++)
    {
        var i = (c + round) % contenders.Length;
        var started = ThreadCpuTime.Now();
        contenders[i].Run();
        var elapsed = (ThreadCpuTime.Now() - started) * 1e3;
        if (round >= rounds / 3)
        {
            times[i].Add(elapsed);
        }
    }
}

var loopMedian = Median(times[0]);
for (var c = 0; c < contenders.Length; c++)
{
    var median = Median(times[c]);
    // Each round's time over the same round's bare loop: the quartiles say how much the rounds agree.
    var ratios = times[c].Zip(times[0], (time, loop) => time / loop).Order().ToArray();
    Console.WriteLine($"{contenders[c].Name}: median {median:F3} ms ({100 * ((median / loopMedian) - 1):+0.0;-0.0;0.0} % against the bare loop; " +
        $"per-round quartiles {100 * (ratios[ratios.Length / 4] - 1):+0.0;-0.0;0.0} … {100 * (ratios[3 * ratios.Length / 4] - 1):+0.0;-0.0;0.0} %), {times[c].Count} rounds (thread CPU time)");
}

void Loop()
{
    for (var epoch = 0; epoch < epochs; epoch++)
    {
        LoopEpoch();
    }
}

void LoopEpoch()
{
    shuffle.Shuffle<int>(order);
    for (var start = 0; start < Samples; start += Batch)
    {
        var count = Math.Min(Batch, Samples - start);
        for (var i = 0; i < count; i++)
        {
            inputs.AsSpan(order[start + i] * Inputs, Inputs).CopyTo(batchInputs.AsSpan(i * Inputs));
            targets.AsSpan(order[start + i] * Outputs, Outputs).CopyTo(batchTargets.AsSpan(i * Outputs));
        }

        loopNetwork.TrainStep(batchInputs.AsSpan(0, count * Inputs), batchTargets.AsSpan(0, count * Outputs));
    }
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted[sorted.Length / 2];
}

/// <summary>The side-by-side run's 64-128-128-10 with SGD.</summary>
[Network(Inputs = 64)]
[Layer(128, Activation.ReLU)]
[Layer(128, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Sgd)]
public partial class Net
{
}
