using System;

namespace NetGen.Tests;

/// <summary>Assertions about <c>Predict</c> shared by the test classes.</summary>
public static class PredictionAssert
{
    /// <summary>
    /// <c>Predict</c> of <paramref name="count"/> samples at once gives, bit for bit, what it gives for each sample alone:
    /// the batch runs through the tile kernels, a single sample through the one-sample kernels.
    /// </summary>
    public static void BatchEqualsSingles<T>(INetwork<T> network, int count, int seed)
        where T : unmanaged, System.Numerics.IFloatingPoint<T>
    {
        var inputs = Array.ConvertAll(TestData.Normal(count * network.InputCount, seed), v => T.CreateChecked(v));
        var batch = new T[count * network.OutputCount];
        network.Predict(inputs, batch);
        for (var s = 0; s < count; s++)
        {
            var single = new T[network.OutputCount];
            network.Predict(inputs.AsSpan(s * network.InputCount, network.InputCount), single);
            Assert.Equal(single, batch.AsSpan(s * network.OutputCount, network.OutputCount).ToArray());
        }
    }
}
