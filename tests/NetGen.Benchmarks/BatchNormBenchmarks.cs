using System;
using BenchmarkDotNet.Attributes;
using NetGen;

namespace NetGen.Benchmarks;

/// <summary>
/// What batch norm costs at inference, applied on the fly from the running statistics after each layer's product:
/// the same 64-128-128-10 network with and without [BatchNorm] on its hidden layers.
/// </summary>
[MemoryDiagnoser]
public class BatchNormBenchmarks
{
    private const int Batch = 256;
    private readonly PlainMlp _plain = new();
    private readonly NormalizedMlp _normalized = new();
    private readonly float[] _inputs = new float[Batch * 64];
    private readonly float[] _outputs = new float[Batch * 10];

    [GlobalSetup]
    public void Setup()
    {
        var random = new DeterministicRandom(2);
        for (var i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (float)random.NextNormal();
        }
    }

    [Benchmark(Baseline = true)]
    public void PlainSample() => _plain.Predict(_inputs.AsSpan(0, 64), _outputs.AsSpan(0, 10));

    [Benchmark]
    public void BatchNormSample() => _normalized.Predict(_inputs.AsSpan(0, 64), _outputs.AsSpan(0, 10));

    [Benchmark(OperationsPerInvoke = Batch)]
    public void PlainBatchPerSample() => _plain.Predict(_inputs, _outputs);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void BatchNormBatchPerSample() => _normalized.Predict(_inputs, _outputs);
}

[Network(Inputs = 64)]
[Layer(128, Activation.ReLU)]
[Layer(128, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
public partial class PlainMlp
{
}

[Network(Inputs = 64)]
[Layer(128, Activation.ReLU)]
[BatchNorm]
[Layer(128, Activation.ReLU)]
[BatchNorm]
[Layer(10, Activation.Softmax)]
public partial class NormalizedMlp
{
}
