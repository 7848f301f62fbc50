using System;
using BenchmarkDotNet.Attributes;
using NetGen;

namespace NetGen.Benchmarks;

/// <summary>
/// One optimizer step on a mini-batch of 32 (<c>TrainStep</c>: forward, loss, backward, gradient norms, update), per
/// sample, for the four networks of the performance issue with SGD and Adam; and one step on a single sample.
/// </summary>
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private const int Batch = 32;

    private INetwork<float> _network = null!;
    private float[] _inputs = [];
    private float[] _targets = [];

    [Params("2-16-16-1", "4-64-64-3", "64-128-128-10", "784-128-10")]
    public string Shape { get; set; } = "";

    [Params("SGD", "Adam")]
    public string Optimizer { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _network = (Shape, Optimizer) switch
        {
            ("2-16-16-1", "SGD") => new Train2x16x16x1(),
            ("2-16-16-1", _) => new Train2x16x16x1Adam(),
            ("4-64-64-3", "SGD") => new Train4x64x64x3(),
            ("4-64-64-3", _) => new Train4x64x64x3Adam(),
            ("64-128-128-10", "SGD") => new Train64x128x128x10(),
            ("64-128-128-10", _) => new Train64x128x128x10Adam(),
            ("784-128-10", "SGD") => new Train784x128x10(),
            _ => new Train784x128x10Adam(),
        };
        var random = new DeterministicRandom(3);
        _inputs = new float[Batch * _network.InputCount];
        _targets = new float[Batch * _network.OutputCount];
        for (var i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (float)random.NextNormal();
        }

        for (var s = 0; s < Batch; s++)
        {
            if (_network.OutputCount == 1)
            {
                _targets[s] = (float)random.NextNormal();
            }
            else
            {
                _targets[(s * _network.OutputCount) + random.NextInt(_network.OutputCount)] = 1;
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public float TrainStepPerSample() => _network.TrainStep(_inputs, _targets);

    [Benchmark]
    public float TrainStepOneSample() => _network.TrainStep(_inputs.AsSpan(0, _network.InputCount), _targets.AsSpan(0, _network.OutputCount));
}

[Network(Inputs = 2)]
[Layer(16, Activation.ReLU)]
[Layer(16, Activation.ReLU)]
[Layer(1)]
public partial class Train2x16x16x1
{
}

[Network(Inputs = 2)]
[Layer(16, Activation.ReLU)]
[Layer(16, Activation.ReLU)]
[Layer(1)]
[Optimizer(OptimizerKind.Adam)]
public partial class Train2x16x16x1Adam
{
}

[Network(Inputs = 4)]
[Layer(64, Activation.ReLU)]
[Layer(64, Activation.ReLU)]
[Layer(3, Activation.Softmax)]
public partial class Train4x64x64x3
{
}

[Network(Inputs = 4)]
[Layer(64, Activation.ReLU)]
[Layer(64, Activation.ReLU)]
[Layer(3, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam)]
public partial class Train4x64x64x3Adam
{
}

[Network(Inputs = 64)]
[Layer(128, Activation.ReLU)]
[Layer(128, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
public partial class Train64x128x128x10
{
}

[Network(Inputs = 64)]
[Layer(128, Activation.ReLU)]
[Layer(128, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam)]
public partial class Train64x128x128x10Adam
{
}

[Network(Inputs = 784)]
[Layer(128, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
public partial class Train784x128x10
{
}

[Network(Inputs = 784)]
[Layer(128, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam)]
public partial class Train784x128x10Adam
{
}
