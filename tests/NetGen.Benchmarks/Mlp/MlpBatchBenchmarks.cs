using System;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks.Mlp;

/// <summary>
/// Batch-1024 inference, timed per batch call (the report divides by 1024; per call, so that the allocation column
/// shows the bytes of one call): the naive loops sample by sample, the generated batched
/// <c>Predict</c> on one thread, and <see cref="Parallelism.PredictParallel{T}"/> on every core (1 → N scaling).
/// </summary>
[MemoryDiagnoser]
public class MlpBatchBenchmarks
{
    public const int Batch = 1024;

    private INetwork<float> _network = null!;
    private NaiveMlp _naive = null!;
    private float[] _inputs = [];
    private float[] _outputs = [];
    private float[] _naiveOutputs = [];

    public static string[] Nets => MlpCatalog.All.Select(spec => spec.Name).ToArray();

    [ParamsSource(nameof(Nets))]
    public string Net { get; set; } = MlpCatalog.Net2;

    [GlobalSetup]
    public void Setup()
    {
        var spec = MlpCatalog.Get(Net);
        _network = spec.CreateSgd();
        _naive = MlpSetup.NaiveTwin(spec, _network, adam: false);
        _inputs = MlpData.Inputs(spec.Inputs, Batch, 4);
        _outputs = new float[Batch * spec.Outputs];
        _naiveOutputs = new float[Batch * spec.Outputs];
        Naive();
        NetGenParallel();
        MlpSetup.RequireSameOutputs(_naiveOutputs, _outputs, Net);
        var single = new float[_outputs.Length];
        _network.Predict(_inputs, single);
        if (!single.AsSpan().SequenceEqual(_outputs))
        {
            throw new InvalidOperationException($"{Net}: PredictParallel differs from Predict.");
        }
    }

    [Benchmark(Baseline = true)]
    public void Naive() => _naive.PredictBatch(_inputs, _naiveOutputs);

    [Benchmark]
    public void NetGen() => _network.Predict(_inputs, _outputs);

    /// <summary>The same batch split over every core (<c>maxDegreeOfParallelism: -1</c>).</summary>
    [Benchmark]
    public void NetGenParallel() => _network.PredictParallel(_inputs, _outputs);
}
