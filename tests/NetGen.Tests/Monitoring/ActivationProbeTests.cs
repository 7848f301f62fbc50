using System;
using System.Numerics;
using NetGen.Monitoring;

namespace NetGen.Tests.Monitoring;

/// <summary>
/// The probe's last-layer activations equal the generated <c>Predict</c>: it reads the exchange layout and the running
/// statistics as the generated code stores them, for every activation, batch norm and bias-free layers, in both precisions.
/// Batch-norm networks take some training steps first so that the running statistics and γ, β are not their initial values.
/// </summary>
public class ActivationProbeTests
{
    private const int Samples = 37;

    [Fact]
    public void EveryActivation_Float_MatchesPredict() => AssertMatchesPredict(new ProbeEveryActivationFloat(), 1e-5);

    [Fact]
    public void EveryActivation_Double_MatchesPredict() => AssertMatchesPredict(new ProbeEveryActivationDouble(), 1e-12);

    [Fact]
    public void BatchNormBiasFreeAndDropout_Float_MatchesPredict() => AssertMatchesPredict(Trained(new ProbeBatchNormFloat()), 1e-5);

    [Fact]
    public void BatchNormBiasFree_Double_MatchesPredict() => AssertMatchesPredict(Trained(new ProbeBatchNormDouble()), 1e-12);

    [Fact]
    public void PreActivations_AreTheAffineOutputsOfTheFirstLayer()
    {
        var network = new ProbeEveryActivationDouble();
        var inputs = Inputs<double>(network.InputCount, 3);
        var probe = new ActivationProbe(ProbeEveryActivationDouble.Architecture, 3);
        probe.Run<double>(network, inputs);

        var parameters = new double[network.ParameterCount];
        network.GetParameters(parameters);
        var layer = ProbeEveryActivationDouble.Architecture.Layers[0];
        var bias = parameters.AsSpan(layer.Units * layer.Inputs, layer.Units);
        for (var s = 0; s < 3; s++)
        {
            for (var u = 0; u < layer.Units; u++)
            {
                var z = bias[u];
                for (var i = 0; i < layer.Inputs; i++)
                {
                    z += parameters[(u * layer.Inputs) + i] * inputs[(s * layer.Inputs) + i];
                }

                Assert.Equal(z, probe.GetPreActivations(0)[(s * layer.Units) + u], 12);
                Assert.Equal(1 / (1 + Math.Exp(-z)), probe.GetActivations(0)[(s * layer.Units) + u], 12);
            }
        }
    }

    [Fact]
    public void WideLayers_Float_MatchesPredict() => AssertMatchesPredict(new ProbeWideFloat(), 1e-5);

    [Fact]
    public void WideLayers_EveryLayersPreActivationsEqualAPlainDoublePass()
    {
        // 64 inputs, 64 and 10 units, 37 samples: whole tiles, a last vector of units, padded rows and a last sample.
        var network = new ProbeWideFloat();
        var inputs = Inputs<float>(network.InputCount, Samples);
        var probe = new ActivationProbe(ProbeWideFloat.Architecture, Samples);
        probe.Run<float>(network, inputs);

        var parameters = new float[network.ParameterCount];
        network.GetParameters(parameters);
        var x = Array.ConvertAll(inputs, v => (double)v);
        var offset = 0;
        for (var l = 0; l < network.LayerCount; l++)
        {
            var layer = ProbeWideFloat.Architecture.Layers[l];
            var expected = new double[Samples * layer.Units];
            for (var s = 0; s < Samples; s++)
            {
                for (var u = 0; u < layer.Units; u++)
                {
                    var z = 0.0;
                    for (var i = 0; i < layer.Inputs; i++)
                    {
                        z += parameters[offset + (u * layer.Inputs) + i] * x[(s * layer.Inputs) + i];
                    }

                    expected[(s * layer.Units) + u] = z + parameters[offset + (layer.Units * layer.Inputs) + u];
                }
            }

            var actual = probe.GetPreActivations(l);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected[i])), $"layer {l + 1} value {i}: probe {actual[i]:R}, plain {expected[i]:R}");
            }

            x = probe.GetActivations(l).ToArray();
            offset += layer.ParameterCount;
        }
    }

    [Fact]
    public void LastLayerActivations_AreTheLatestRuns()
    {
        // The output layer's activation is computed when first asked for: it must be the last run's, not the first's.
        var network = new ProbeWideFloat();
        var first = Inputs<float>(network.InputCount, 5);
        var second = Array.ConvertAll(first, v => -v);
        var expected = new float[5 * network.OutputCount];
        network.Predict(second, expected);

        var probe = new ActivationProbe(ProbeWideFloat.Architecture, 5);
        probe.Run<float>(network, first);
        var fromFirst = probe.GetActivations(network.LayerCount - 1).ToArray();
        probe.Run<float>(network, second);
        var actual = probe.GetActivations(network.LayerCount - 1);

        Assert.NotEqual(fromFirst, actual.ToArray());
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5, $"output {i}: probe {actual[i]:R}, Predict {expected[i]:R}");
        }
    }

    [Fact]
    public void CountBeyond_CountsNaNInfinitiesAndValuesPastTheLimitInVectorsAndTail()
    {
        var values = new double[23];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i - 11;
        }

        values[0] = double.NaN;
        values[5] = double.PositiveInfinity;
        values[9] = -5e38;
        values[21] = double.NegativeInfinity;
        values[22] = double.NaN;

        Assert.Equal(5, NonFiniteValuesMonitor.CountBeyond(values, float.MaxValue));
        Assert.Equal(5 + 3, NonFiniteValuesMonitor.CountBeyond(values, 8));
        Assert.Equal(0, NonFiniteValuesMonitor.CountBeyond([], 1));
    }

    [Fact]
    public void Run_MoreSamplesThanCapacity_ThrowsNamingInputs()
    {
        var network = new ProbeEveryActivationFloat();
        var probe = new ActivationProbe(ProbeEveryActivationFloat.Architecture, 2);
        var error = Assert.Throws<ArgumentException>(() => probe.Run<float>(network, new float[3 * network.InputCount]));
        Assert.Equal("inputs", error.ParamName);
        Assert.Contains("Expected 1 to 2 samples of 5 inputs", error.Message);
    }

    [Fact]
    public void Run_OtherArchitecture_ThrowsNamingNetwork()
    {
        var probe = new ActivationProbe(ProbeEveryActivationFloat.Architecture, 2);
        var error = Assert.Throws<ArgumentException>(() => probe.Run<double>(new ProbeBatchNormDouble(), new double[6]));
        Assert.Equal("network", error.ParamName);
    }

    private static TNetwork Trained<TNetwork>(TNetwork network)
        where TNetwork : class
    {
        switch (network)
        {
            case INetwork<float> single:
                Train(single);
                break;
            case INetwork<double> dual:
                Train(dual);
                break;
        }

        return network;
    }

    private static void Train<T>(INetwork<T> network)
        where T : unmanaged, INumberBase<T>
    {
        var inputs = Inputs<T>(network.InputCount, 16);
        var targets = new T[16 * network.OutputCount];
        for (var s = 0; s < 16; s++)
        {
            targets[(s * network.OutputCount) + (s % network.OutputCount)] = T.One;
        }

        for (var step = 0; step < 20; step++)
        {
            network.TrainStep(inputs, targets);
        }
    }

    private static void AssertMatchesPredict<T>(INetwork<T> network, double tolerance)
        where T : unmanaged, INumberBase<T>
    {
        var inputs = Inputs<T>(network.InputCount, Samples);
        var expected = new T[Samples * network.OutputCount];
        network.Predict(inputs, expected);

        var probe = new ActivationProbe(network.Architecture, Samples);
        probe.Run(network, inputs);
        var actual = probe.GetActivations(network.LayerCount - 1);

        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var value = double.CreateTruncating(expected[i]);
            Assert.True(Math.Abs(actual[i] - value) <= tolerance * Math.Max(1, Math.Abs(value)), $"output {i}: probe {actual[i]:R}, Predict {value:R}");
        }
    }

    private static T[] Inputs<T>(int width, int count)
        where T : unmanaged, INumberBase<T>
    {
        var random = new DeterministicRandom(21);
        var inputs = new T[width * count];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = T.CreateTruncating(2 * random.NextNormal());
        }

        return inputs;
    }
}
