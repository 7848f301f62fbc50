using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using NetGen.Training;

namespace NetGen.Benchmarks.Mlp;

/// <summary>
/// One training epoch: 10 000 deterministic samples, mini-batches of 32, shuffled. <c>Fit</c> is
/// <see cref="Trainer.Fit"/> with <c>Epochs = 1</c> (its end-of-epoch metrics pass, one batched <c>Predict</c> over
/// the data, included); <c>TrainSteps</c> is the bare loop — shuffle, gather, <c>TrainStep</c> — that the naive
/// baseline also runs, so the two differ only in the network.
/// </summary>
/// <remarks>
/// The networks keep training from one invocation to the next; the targets come from a fixed teacher, so they converge
/// instead of drifting. <c>Fit</c>'s allocations are its per-call setup (the sample order, the metrics' output buffer,
/// the batch buffers) plus one <see cref="EpochRecord"/> per epoch; docs/performance.md separates the two.
/// </remarks>
[MemoryDiagnoser]
public class MlpTrainingBenchmarks
{
    public const int Samples = 10_000;
    public const int BatchSize = 32;

    private INetwork<float> _network = null!;
    private NaiveMlp _naive = null!;
    private TrainingData<float> _data = null!;
    private TrainingOptions _options = null!;
    private int[] _order = [];
    private int[] _naiveOrder = [];
    private float[] _batchInputs = [];
    private float[] _batchTargets = [];
    private DeterministicRandom _random = null!;
    private DeterministicRandom _naiveRandom = null!;

    public static string[] Nets => MlpCatalog.All.Select(spec => spec.Name).ToArray();

    [ParamsSource(nameof(Nets))]
    public string Net { get; set; } = MlpCatalog.Net2;

    [Params("Sgd", "Adam")]
    public string Optimizer { get; set; } = "Sgd";

    [GlobalSetup]
    public void Setup()
    {
        var spec = MlpCatalog.Get(Net);
        var adam = Optimizer == "Adam";
        _network = adam ? spec.CreateAdam() : spec.CreateSgd();
        _naive = MlpSetup.NaiveTwin(spec, _network, adam);
        var inputs = MlpData.Inputs(spec.Inputs, Samples, 5);
        _data = new TrainingData<float>(inputs, MlpData.Targets(inputs, spec.Inputs, spec.Outputs, 5), spec.Inputs, spec.Outputs);
        _options = new TrainingOptions { Epochs = 1, BatchSize = BatchSize, Shuffle = true, ShuffleSeed = 6 };
        _order = Enumerable.Range(0, Samples).ToArray();
        _naiveOrder = Enumerable.Range(0, Samples).ToArray();
        _batchInputs = new float[BatchSize * spec.Inputs];
        _batchTargets = new float[BatchSize * spec.Outputs];
        _random = new DeterministicRandom(7);
        _naiveRandom = new DeterministicRandom(7);
    }

    /// <summary>The naive scalar forward, backward and update loops, over the same shuffled mini-batches.</summary>
    [Benchmark(Baseline = true)]
    public double Naive() => _naive.TrainEpoch(_data.Inputs, _data.Targets, _naiveOrder, BatchSize, _naiveRandom);

    /// <summary><see cref="Trainer.Fit"/>, one epoch.</summary>
    [Benchmark]
    public double Fit() => Trainer.Fit(_network, _data, _options)[0].TrainingLoss;

    /// <summary>The generated <c>TrainStep</c> in the naive baseline's loop.</summary>
    [Benchmark]
    public double TrainSteps()
    {
        _random.Shuffle<int>(_order);
        var inputCount = _data.InputCount;
        var outputCount = _data.OutputCount;
        var lossSum = 0.0;
        for (var start = 0; start < Samples; start += BatchSize)
        {
            var rows = Math.Min(BatchSize, Samples - start);
            for (var r = 0; r < rows; r++)
            {
                _data.Inputs.AsSpan(_order[start + r] * inputCount, inputCount).CopyTo(_batchInputs.AsSpan(r * inputCount));
                _data.Targets.AsSpan(_order[start + r] * outputCount, outputCount).CopyTo(_batchTargets.AsSpan(r * outputCount));
            }

            lossSum += rows * (double)_network.TrainStep(_batchInputs.AsSpan(0, rows * inputCount), _batchTargets.AsSpan(0, rows * outputCount));
        }

        return lossSum / Samples;
    }
}
