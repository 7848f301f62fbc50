using System;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace NetGen.Onnx.Tests;

/// <summary>Gives networks non-trivial state, runs exported models in ONNX Runtime and compares with <c>Predict</c>.</summary>
internal static class OnnxRunner
{
    /// <summary>Random parameters (uniform in ±1) and running statistics (means in ±0.5, variances in [0.2, 2]).</summary>
    public static TNetwork Randomized<TNetwork, T>(TNetwork network, int seed)
        where TNetwork : INetwork<T>
        where T : unmanaged
    {
        var random = new Random(seed);
        network.SetParameters(Values<T>(network.ParameterCount, _ => (random.NextDouble() * 2) - 1));
        var statistics = new double[network.RunningStatisticsCount];
        var offset = 0;
        foreach (var layer in network.Architecture.Layers.Where(l => l.BatchNorm is not null))
        {
            for (var unit = 0; unit < layer.Units; unit++)
            {
                statistics[offset + unit] = random.NextDouble() - 0.5;
                statistics[offset + layer.Units + unit] = 0.2 + (1.8 * random.NextDouble());
            }

            offset += 2 * layer.Units;
        }

        network.SetRunningStatistics(Values<T>(statistics.Length, i => statistics[i]));
        return network;
    }

    /// <summary>Uniform values in ±2, row-major samples.</summary>
    public static T[] Inputs<T>(int count, int seed)
        where T : unmanaged
    {
        var random = new Random(seed);
        return Values<T>(count, _ => (random.NextDouble() * 4) - 2);
    }

    public static byte[] Export<T>(INetwork<T> network, OnnxExportOptions? options = null)
        where T : unmanaged
    {
        using var stream = new MemoryStream();
        network.ExportOnnx(stream, options);
        return stream.ToArray();
    }

    /// <summary>Runs the model on a batch of <paramref name="samples"/> samples; returns the output, row-major.</summary>
    /// <param name="optimize">Whether ONNX Runtime rewrites the graph (fusions, constant folding) as it does by default, or runs it as written.</param>
    public static T[] Run<T>(byte[] model, T[] inputs, int samples, int inputCount, string inputName = "input", bool optimize = true)
        where T : unmanaged
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = optimize ? GraphOptimizationLevel.ORT_ENABLE_ALL : GraphOptimizationLevel.ORT_DISABLE_ALL,
        };
        using var session = new InferenceSession(model, options);
        var tensor = new DenseTensor<T>(inputs, new[] { samples, inputCount });
        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(inputName, tensor) });
        var output = Assert.Single(results);
        var values = output.AsTensor<T>();
        Assert.Equal(new[] { samples, values.Dimensions[1] }, values.Dimensions.ToArray());
        return values.ToArray();
    }

    /// <summary>
    /// Exports <paramref name="network"/>, runs it in ONNX Runtime (optimized, and as written) on batches of 1 and 7 samples and asserts each output
    /// is within the tolerance (1e-5 float, 1e-12 double) of <c>Predict</c>, scaled by the sample's largest output (at least 1).
    /// </summary>
    public static void AssertMatchesPredict<T>(INetwork<T> network, bool foldBatchNorm)
        where T : unmanaged
    {
        var model = Export(network, new OnnxExportOptions { FoldBatchNorm = foldBatchNorm });
        var tolerance = typeof(T) == typeof(float) ? 1e-5 : 1e-12;
        foreach (var (samples, optimize) in new[] { (1, true), (7, true), (7, false) })
        {
            var inputs = Inputs<T>(samples * network.InputCount, seed: samples);
            var expected = new T[samples * network.OutputCount];
            network.Predict(inputs, expected);
            var actual = Run(model, inputs, samples, network.InputCount, optimize: optimize);
            Assert.Equal(expected.Length, actual.Length);
            for (var sample = 0; sample < samples; sample++)
            {
                var row = Enumerable.Range(sample * network.OutputCount, network.OutputCount).ToArray();
                var scale = Math.Max(1, row.Max(k => Math.Abs(ToDouble(expected[k]))));
                foreach (var k in row)
                {
                    var error = Math.Abs(ToDouble(actual[k]) - ToDouble(expected[k]));
                    Assert.True(error <= tolerance * scale, $"{network.GetType().Name} (fold {foldBatchNorm}, optimized {optimize}), batch {samples}, output {k}: ONNX {ToDouble(actual[k]):R} vs Predict {ToDouble(expected[k]):R}, error {error:E2}");
                }
            }
        }
    }

    public static double ToDouble<T>(T value) => value switch
    {
        float f => f,
        double d => d,
        _ => throw new NotSupportedException(typeof(T).Name),
    };

    private static T[] Values<T>(int count, Func<int, double> value)
    {
        if (typeof(T) == typeof(float))
        {
            return (T[])(object)Enumerable.Range(0, count).Select(i => (float)value(i)).ToArray();
        }

        return (T[])(object)Enumerable.Range(0, count).Select(value).ToArray();
    }
}
