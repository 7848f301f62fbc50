using System;
using System.IO;
using System.Linq;

namespace NetGen.Tests.Depth;

/// <summary>
/// A network deeper than one generated method walks (<see cref="DeepNet18"/>) computes what a shallow one does: the
/// helpers for runs of layers hand every layer the right buffers, across the boundary between runs too.
/// </summary>
public class DeepNetworkTests
{
    private const int Layers = 18;

    [Fact]
    public void Gradients_MatchCentralFiniteDifferences_AcrossTheRunsOfLayers()
    {
        var network = new DeepNet18();
        var inputs = TestData.Normal(6 * DeepNet18.Sizes.InputCount, seed: 61);
        var targets = TestData.Targets(LossKind.MeanSquaredError, 6, DeepNet18.Sizes.OutputCount, seed: 62);
        double Loss()
        {
            network.ReseedDropout(3); // the same masks for every evaluation
            return network.ComputeGradients(inputs, targets);
        }

        GradientChecker.AssertMatches(network, Loss, "18 layers", fourthOrder: true);
    }

    [Fact]
    public void GradientNorms_AreThoseOfEachLayersGradients()
    {
        var network = new DeepNet18();
        network.ComputeGradients(TestData.Normal(5 * DeepNet18.Sizes.InputCount, seed: 63), TestData.Normal(5 * DeepNet18.Sizes.OutputCount, seed: 64));
        var gradients = new double[DeepNet18.Sizes.ParameterCount];
        network.GetGradients(gradients);
        var norms = new double[Layers];
        network.GetLayerGradientNorms(norms);

        var offset = 0;
        for (var layer = 0; layer < Layers; layer++)
        {
            var count = DeepNet18.Architecture.Layers[layer].ParameterCount;
            var expected = Math.Sqrt(gradients.AsSpan(offset, count).ToArray().Sum(g => g * g));
            Assert.Equal(expected, norms[layer], 1e-12);
            offset += count;
        }

        Assert.Equal(Math.Sqrt(gradients.Sum(g => g * g)), network.GradientNorm, 1e-12);
        Assert.True(norms[0] > 0 && norms[Layers - 1] > 0);
    }

    [Fact]
    public void Predict_MatchesAReferenceForwardPass_OneSampleAndInTiles()
    {
        var network = new DeepNet18();
        network.TrainStep(TestData.Normal(8 * DeepNet18.Sizes.InputCount, seed: 65), TestData.Normal(8 * DeepNet18.Sizes.OutputCount, seed: 66)); // running statistics away from 0 and 1
        var parameters = new double[DeepNet18.Sizes.ParameterCount];
        network.GetParameters(parameters);
        var running = new double[DeepNet18.Sizes.RunningStatisticsCount];
        network.GetRunningStatistics(running);

        const int samples = 19; // two tiles of 8 and 3 samples one at a time
        var inputs = TestData.Normal(samples * DeepNet18.Sizes.InputCount, seed: 67);
        var outputs = new double[samples * DeepNet18.Sizes.OutputCount];
        network.Predict(inputs, outputs);

        for (var s = 0; s < samples; s++)
        {
            var expected = ReferenceForward(parameters, running, inputs.AsSpan(s * DeepNet18.Sizes.InputCount, DeepNet18.Sizes.InputCount));
            var one = new double[DeepNet18.Sizes.OutputCount];
            network.Predict(inputs.AsSpan(s * DeepNet18.Sizes.InputCount, DeepNet18.Sizes.InputCount), one);
            for (var o = 0; o < DeepNet18.Sizes.OutputCount; o++)
            {
                Assert.Equal(expected[o], outputs[s * DeepNet18.Sizes.OutputCount + o], 1e-10);
                Assert.Equal(outputs[s * DeepNet18.Sizes.OutputCount + o], one[o]); // the same bits alone or in a tile
            }
        }
    }

    [Fact]
    public void SaveAndLoad_RestoreEveryLayer()
    {
        var trained = new DeepNet18();
        for (var step = 0; step < 3; step++)
        {
            trained.TrainStep(TestData.Normal(8 * DeepNet18.Sizes.InputCount, seed: 70 + step), TestData.Normal(8 * DeepNet18.Sizes.OutputCount, seed: 80 + step));
        }

        using var file = new MemoryStream();
        trained.Save(file);
        file.Position = 0;
        var loaded = new DeepNet18(seed: 99);
        loaded.Load(file);

        var inputs = TestData.Normal(10 * DeepNet18.Sizes.InputCount, seed: 90);
        var expected = new double[10 * DeepNet18.Sizes.OutputCount];
        var actual = new double[10 * DeepNet18.Sizes.OutputCount];
        trained.Predict(inputs, expected);
        loaded.Predict(inputs, actual);
        Assert.Equal(expected, actual);
        Assert.Equal(Layers, DeepNet18.Architecture.Layers.Count);
        Assert.All(DeepNet18.Architecture.Layers.Take(Layers - 1), layer => Assert.NotNull(layer.BatchNorm));
    }

    /// <summary>
    /// The network's inference written out from the formulas, from parameters in the exchange layout (per layer W, b, γ,
    /// β, then the PReLU slope) and running statistics (per layer the means, then the variances).
    /// </summary>
    private static double[] ReferenceForward(double[] parameters, double[] running, ReadOnlySpan<double> input)
    {
        var x = input.ToArray();
        var offset = 0;
        var statistics = 0;
        foreach (var layer in DeepNet18.Architecture.Layers)
        {
            var units = layer.Units;
            var z = new double[units];
            for (var o = 0; o < units; o++)
            {
                var sum = parameters[offset + units * x.Length + o];
                for (var i = 0; i < x.Length; i++)
                {
                    sum += parameters[offset + o * x.Length + i] * x[i];
                }

                z[o] = sum;
            }

            offset += units * x.Length + units;
            if (layer.BatchNorm is { } norm)
            {
                for (var o = 0; o < units; o++)
                {
                    var normalized = (z[o] - running[statistics + o]) / Math.Sqrt(running[statistics + units + o] + norm.Epsilon);
                    z[o] = parameters[offset + o] * normalized + parameters[offset + units + o];
                }

                offset += 2 * units;
                statistics += 2 * units;
            }

            var slope = layer.SlopeCount == 1 ? parameters[offset++] : 0;
            x = z.Select(value => layer.Activation switch
            {
                Activation.Tanh => Math.Tanh(value),
                Activation.PReLU => value >= 0 ? value : slope * value,
                _ => value,
            }).ToArray();
        }

        return x;
    }
}
