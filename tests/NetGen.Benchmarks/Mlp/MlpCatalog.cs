using System;
using System.Linq;

namespace NetGen.Benchmarks.Mlp;

/// <summary>What the performance issue measured TorchSharp 0.107.0 (libtorch 2.10, one thread) at on this machine kind.</summary>
/// <param name="LatencyMicroseconds">One-sample <c>forward</c> latency.</param>
/// <param name="BatchSamplesPerSecond">Batch-1024 inference throughput.</param>
/// <param name="SgdSamplesPerSecond">One epoch of 10 000 samples, batch 32, SGD.</param>
/// <param name="AdamSamplesPerSecond">The same with Adam.</param>
/// <param name="NaiveMicroseconds">The naive scalar loops, one sample.</param>
public sealed record TorchSharpReference(
    double LatencyMicroseconds,
    double BatchSamplesPerSecond,
    double SgdSamplesPerSecond,
    double AdamSamplesPerSecond,
    double NaiveMicroseconds);

/// <summary>One benchmarked network: its layer sizes, its two generated declarations, its naive twin and its goals.</summary>
public sealed record MlpSpec(
    string Name,
    int[] Sizes,
    Func<INetwork<float>> CreateSgd,
    Func<INetwork<float>> CreateAdam,
    TorchSharpReference TorchSharp,
    double LatencyGoalVersusTorchSharp,
    double BatchGoalVersusTorchSharp,
    double TrainingGoalVersusTorchSharp)
{
    public int Inputs => Sizes[0];

    public int Outputs => Sizes[^1];

    /// <summary>Softmax with cross-entropy for more than one output, a linear output with MSE for one.</summary>
    public bool Softmax => Outputs > 1;

    /// <summary>Multiply-adds of one forward pass (Σ in·out over the layers).</summary>
    public long MultiplyAdds => Enumerable.Range(0, Sizes.Length - 1).Sum(l => (long)Sizes[l] * Sizes[l + 1]);

    /// <summary>FLOPs of one sample's inference, counting 2 per multiply-add (bias and activation not counted).</summary>
    public double InferenceFlops => 2.0 * MultiplyAdds;

    /// <summary>FLOPs of one sample's training: the forward pass, dW, and dx of every layer but the first.</summary>
    public double TrainingFlops => 2.0 * (3 * MultiplyAdds - (long)Sizes[0] * Sizes[1]);

    public NaiveMlp CreateNaive(bool adam) => new(Sizes, Softmax, adam, adam ? 1e-3f : 0.01f);
}

/// <summary>The four networks of the performance issue and the reference numbers.</summary>
public static class MlpCatalog
{
    public const string Net2 = "2-16-16-1";
    public const string Net4 = "4-64-64-3";
    public const string Net64 = "64-128-128-10";
    public const string Net784 = "784-128-10";

    public static readonly MlpSpec[] All =
    [
        new(Net2, [2, 16, 16, 1], () => new Mlp2x16x16x1Sgd(), () => new Mlp2x16x16x1Adam(),
            new(11.6, 22.6e6, 0.19e6, 0.12e6, 0.22), 50, 1, 10),
        new(Net4, [4, 64, 64, 3], () => new Mlp4x64x64x3Sgd(), () => new Mlp4x64x64x3Adam(),
            new(12.5, 5.1e6, 0.18e6, 0.11e6, 2.96), 50, 1, 10),
        new(Net64, [64, 128, 128, 10], () => new Mlp64x128x128x10Sgd(), () => new Mlp64x128x128x10Adam(),
            new(16.4, 1.14e6, 0.14e6, 81e3, 19.8), 10, 1.5, 1.5),
        new(Net784, [784, 128, 10], () => new Mlp784x128x10Sgd(), () => new Mlp784x128x10Adam(),
            new(16.0, 0.29e6, 95e3, 58e3, 83.5), 3, 1.5, 1.5),
    ];

    public static MlpSpec Get(string name) => All.Single(spec => spec.Name == name);
}

/// <summary>Deterministic data for the benchmarks: normal inputs and targets a fixed random teacher gives them.</summary>
public static class MlpData
{
    /// <summary>Samples of N(0, 1) inputs, row-major.</summary>
    public static float[] Inputs(int inputs, int count, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var values = new float[inputs * count];
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = (float)random.NextNormal();
        }

        return values;
    }

    /// <summary>
    /// Learnable targets, so that repeated benchmark epochs converge rather than drift: for one output tanh of a random
    /// projection of the inputs; otherwise one-hot classes, the arg-max of a random linear map of the inputs.
    /// </summary>
    public static float[] Targets(float[] x, int inputs, int outputs, ulong seed)
    {
        var random = new DeterministicRandom(seed + 1);
        var teacher = new double[inputs * outputs];
        for (var k = 0; k < teacher.Length; k++)
        {
            teacher[k] = random.NextNormal();
        }

        var count = x.Length / inputs;
        var targets = new float[count * outputs];
        var scores = new double[outputs];
        for (var s = 0; s < count; s++)
        {
            for (var o = 0; o < outputs; o++)
            {
                scores[o] = 0;
                for (var i = 0; i < inputs; i++)
                {
                    scores[o] += teacher[o * inputs + i] * x[s * inputs + i];
                }
            }

            if (outputs == 1)
            {
                targets[s] = (float)Math.Tanh(scores[0] / Math.Sqrt(inputs));
            }
            else
            {
                targets[s * outputs + Array.IndexOf(scores, scores.Max())] = 1;
            }
        }

        return targets;
    }
}
