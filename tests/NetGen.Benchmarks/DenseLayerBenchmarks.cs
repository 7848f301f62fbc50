using System;
using BenchmarkDotNet.Attributes;
using NetGen;

namespace NetGen.Benchmarks;

/// <summary>
/// One linear layer of the shapes in docs/performance.md: the generated single-sample and batched inference against
/// naive scalar loops over PyTorch-layout weights, measured in the same run.
/// </summary>
[MemoryDiagnoser]
public class DenseLayerBenchmarks
{
    private const int Batch = 256;

    private INetwork<float> _network = null!;
    private float[] _weights = [];
    private float[] _bias = [];
    private float[] _inputs = [];
    private float[] _outputs = [];
    private int _in;
    private int _out;

    [Params("2x16", "16x16", "4x64", "64x64", "128x128", "784x128")]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        (_network, _in, _out) = Shape switch
        {
            "2x16" => ((INetwork<float>)new Dense2x16(), 2, 16),
            "16x16" => (new Dense16x16(), 16, 16),
            "4x64" => (new Dense4x64(), 4, 64),
            "64x64" => (new Dense64x64(), 64, 64),
            "128x128" => (new Dense128x128(), 128, 128),
            _ => (new Dense784x128(), 784, 128),
        };
        var parameters = new float[_network.ParameterCount];
        _network.GetParameters(parameters);
        _weights = parameters.AsSpan(0, _in * _out).ToArray();
        _bias = parameters.AsSpan(_in * _out, _out).ToArray();
        var random = new DeterministicRandom(1);
        _inputs = new float[Batch * _in];
        for (var i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (float)random.NextNormal();
        }

        _outputs = new float[Batch * _out];
    }

    /// <summary>y[o] = b[o] + Σ_i W[o, i]·x[i], the loops a C# developer writes first.</summary>
    [Benchmark(Baseline = true)]
    public void NaiveSample()
    {
        var x = _inputs.AsSpan(0, _in);
        var y = _outputs.AsSpan(0, _out);
        for (var o = 0; o < _out; o++)
        {
            var sum = _bias[o];
            for (var i = 0; i < _in; i++)
            {
                sum += _weights[o * _in + i] * x[i];
            }

            y[o] = sum;
        }
    }

    [Benchmark]
    public void NetGenSample() => _network.Predict(_inputs.AsSpan(0, _in), _outputs.AsSpan(0, _out));

    [Benchmark(OperationsPerInvoke = Batch)]
    public void NetGenBatchPerSample() => _network.Predict(_inputs, _outputs);
}

[Network(Inputs = 2)]
[Layer(16)]
public partial class Dense2x16
{
}

[Network(Inputs = 16)]
[Layer(16)]
public partial class Dense16x16
{
}

[Network(Inputs = 4)]
[Layer(64)]
public partial class Dense4x64
{
}

[Network(Inputs = 64)]
[Layer(64)]
public partial class Dense64x64
{
}

[Network(Inputs = 128)]
[Layer(128)]
public partial class Dense128x128
{
}

[Network(Inputs = 784)]
[Layer(128)]
public partial class Dense784x128
{
}
