using System;

namespace NetGen.Benchmarks.Mlp;

/// <summary>Setup shared by the network benchmarks.</summary>
internal static class MlpSetup
{
    /// <summary>A naive network with <paramref name="network"/>'s parameters (the exchange layout is the naive layout).</summary>
    public static NaiveMlp NaiveTwin(MlpSpec spec, INetwork<float> network, bool adam)
    {
        var naive = spec.CreateNaive(adam);
        if (naive.ParameterCount != network.ParameterCount)
        {
            throw new InvalidOperationException($"{spec.Name}: naive {naive.ParameterCount} parameters, generated {network.ParameterCount}.");
        }

        var parameters = new float[network.ParameterCount];
        network.GetParameters(parameters);
        naive.SetParameters(parameters);
        return naive;
    }

    /// <summary>Stops the run if the baseline and the generated network disagree: a benchmark of a wrong result is worthless.</summary>
    public static void RequireSameOutputs(ReadOnlySpan<float> naive, ReadOnlySpan<float> generated, string net)
    {
        for (var k = 0; k < naive.Length; k++)
        {
            if (!(Math.Abs(naive[k] - generated[k]) <= 1e-4f * Math.Max(1, Math.Abs(naive[k]))))
            {
                throw new InvalidOperationException($"{net}: output {k} is {generated[k]} generated, {naive[k]} naive.");
            }
        }
    }
}
