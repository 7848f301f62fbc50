using System;
using System.Linq;
using BenchmarkDotNet.Attributes;

namespace NetGen.Benchmarks.Mlp;

/// <summary>
/// One-sample inference latency of the four networks: the generated <c>Predict</c> (through <see cref="INetwork{T}"/>)
/// against the naive scalar forward pass with the same weights, in the same run.
/// </summary>
[MemoryDiagnoser]
public class MlpLatencyBenchmarks
{
    private INetwork<float> _network = null!;
    private NaiveMlp _naive = null!;
    private float[] _input = [];
    private float[] _output = [];
    private float[] _naiveOutput = [];

    public static string[] Nets => MlpCatalog.All.Select(spec => spec.Name).ToArray();

    [ParamsSource(nameof(Nets))]
    public string Net { get; set; } = MlpCatalog.Net2;

    [GlobalSetup]
    public void Setup()
    {
        var spec = MlpCatalog.Get(Net);
        _network = spec.CreateSgd();
        _naive = MlpSetup.NaiveTwin(spec, _network, adam: false);
        _input = MlpData.Inputs(spec.Inputs, 1, 3);
        _output = new float[spec.Outputs];
        _naiveOutput = new float[spec.Outputs];
        Naive();
        NetGen();
        MlpSetup.RequireSameOutputs(_naiveOutput, _output, Net);
    }

    /// <summary>The naive scalar loops over <c>[out, in]</c> weights, one sample.</summary>
    [Benchmark(Baseline = true)]
    public void Naive() => _naive.Predict(_input, _naiveOutput);

    /// <summary>The generated <c>Predict</c>, one sample.</summary>
    [Benchmark]
    public void NetGen() => _network.Predict(_input, _output);
}
