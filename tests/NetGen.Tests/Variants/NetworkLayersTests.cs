using System;
using System.Linq;

namespace NetGen.Tests.Variants;

/// <summary><see cref="NetworkLayers.Copy"/>: the first layers' parameters and running statistics move, nothing else; mismatches are refused.</summary>
public class NetworkLayersTests
{
    [Fact]
    public void Copy_TrainedDepth2IntoDepth3_CopiesTheHiddenLayersAndLeavesTheRest()
    {
        var trained = new GrowingFamily.Depth2_Units8_Adam(seed: 1);
        var (inputs, targets) = VariantFamilyTests.Blobs(samples: 30);
        for (var step = 0; step < 20; step++)
        {
            trained.TrainStep(inputs, targets);
        }

        var deeper = new GrowingFamily.Depth3_Units8_Adam(seed: 2);
        var before = Parameters(deeper);
        NetworkLayers.Copy(trained, deeper, layerCount: 2);
        var after = Parameters(deeper);

        // Layers 1 and 2 (W [8 × 4], b [8], W [8 × 8], b [8]) are the first 112 values of both exchange layouts.
        const int copied = 8 * 4 + 8 + 8 * 8 + 8;
        Assert.Equal(Parameters(trained).Take(copied), after.Take(copied));
        Assert.Equal(before.Skip(copied), after.Skip(copied));
        Assert.NotEqual(before.Take(copied), after.Take(copied));

        // The copied layers compute what they did: the deeper network's second layer sees the trained features.
        Assert.Equal(0, deeper.StepCount);
    }

    [Fact]
    public void Copy_WithBatchNorm_CopiesAffineParametersAndRunningStatistics()
    {
        var trained = new NormalizedFamily.Depth2_Units6_BatchNorm(seed: 1);
        var (inputs, targets) = VariantFamilyTests.Blobs(samples: 30);
        for (var step = 0; step < 5; step++)
        {
            trained.TrainStep(inputs, targets);
        }

        var deeper = new NormalizedFamily.Depth3_Units6_BatchNorm(seed: 2);
        var statisticsBefore = Statistics(deeper);
        NetworkLayers.Copy(trained, deeper, layerCount: 2);

        // Per layer W, b, γ, β: (6·4 + 6 + 12) + (6·6 + 6 + 12).
        const int copied = 6 * 4 + 6 + 12 + 6 * 6 + 6 + 12;
        Assert.Equal(Parameters(trained).Take(copied), Parameters(deeper).Take(copied));
        // Running mean and variance of both batch-normalized layers: 2 × 2 × 6 values, then the third layer's, untouched.
        Assert.Equal(Statistics(trained).Take(24), Statistics(deeper).Take(24));
        Assert.Equal(statisticsBefore.Skip(24), Statistics(deeper).Skip(24));
        Assert.NotEqual(statisticsBefore.Take(24), Statistics(deeper).Take(24));
    }

    [Fact]
    public void Copy_LayersOfAnotherShape_IsRefusedNamingTheFirstAndChangesNothing()
    {
        var source = new GrowingFamily.Depth2_Units8_Adam(seed: 1);
        var destination = new GrowingFamily.Depth2_Units16_Adam(seed: 2);
        var before = Parameters(destination);

        var exception = Assert.Throws<ArgumentException>("destination", () => NetworkLayers.Copy(source, destination, layerCount: 2));

        Assert.StartsWith("Layer 1 of the destination has W [16 × 4], b [16], no batch norm, but layer 1 of the source has W [8 × 4], b [8], no batch norm", exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, Parameters(destination));
    }

    [Fact]
    public void Copy_SecondLayerDiffers_NamesLayer2()
    {
        // Depth 1's layer 2 is its output layer, W [3 × 8]; depth 2's is hidden, W [8 × 8]. Layer 1 alone copies.
        var source = new GrowingFamily.Depth1_Units8_Adam(seed: 1);
        var destination = new GrowingFamily.Depth2_Units8_Adam(seed: 2);

        var exception = Assert.Throws<ArgumentException>("destination", () => NetworkLayers.Copy(source, destination, layerCount: 2));
        Assert.StartsWith("Layer 2 of the destination has W [8 × 8]", exception.Message, StringComparison.Ordinal);
        Assert.Contains("layer 2 of the source has W [3 × 8]", exception.Message, StringComparison.Ordinal);

        NetworkLayers.Copy(source, destination, layerCount: 1);
        Assert.Equal(Parameters(source).Take(40), Parameters(destination).Take(40));
    }

    [Fact]
    public void Copy_BatchNormOnOneSideOnly_IsRefused()
    {
        var exception = Assert.Throws<ArgumentException>("destination", () =>
            NetworkLayers.Copy(new CheckedFamily.Depth1_Units4_Tanh_NoBatchNorm_NoDropout(1), new CheckedFamily.Depth1_Units4_Tanh_BatchNorm_NoDropout(1), layerCount: 1));
        Assert.Contains("batch norm with γ, β [4]", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void Copy_LayerCountOutOfRange_IsRefused(int layerCount)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>("layerCount", () =>
            NetworkLayers.Copy(new GrowingFamily.Depth1_Units8_Adam(1), new GrowingFamily.Depth3_Units8_Adam(1), layerCount));
        Assert.Contains("from 0 to 2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Copy_NullNetwork_IsRefused()
    {
        Assert.Throws<ArgumentNullException>("source", () => NetworkLayers.Copy(null!, new GrowingFamily.Depth1_Units8_Adam(1), 1));
        Assert.Throws<ArgumentNullException>("destination", () => NetworkLayers.Copy(new GrowingFamily.Depth1_Units8_Adam(1), null!, 1));
    }

    private static float[] Parameters(INetwork<float> network)
    {
        var parameters = new float[network.ParameterCount];
        network.GetParameters(parameters);
        return parameters;
    }

    private static float[] Statistics(INetwork<float> network)
    {
        var statistics = new float[network.RunningStatisticsCount];
        network.GetRunningStatistics(statistics);
        return statistics;
    }
}
