using System;

namespace NetGen.Tests.RuntimeInputs;

/// <summary>A training batch too large for the network's buffers is refused by name before anything is allocated, not an OverflowException.</summary>
public class BatchLimitTests
{
    [Fact]
    public void BatchPastTheArrayLimit_IsAnArgumentExceptionNamingTheLargestBatch()
    {
        var network = new VeryWideNet();
        const int Count = 2100; // × 2²⁰ values > Array.MaxLength
        var inputs = new float[Count];
        var targets = new float[Count];

        var error = Assert.Throws<ArgumentException>(() => network.ComputeGradients(inputs, targets));
        Assert.Equal("inputs", error.ParamName);
        Assert.Contains($"A training batch of 2100 samples needs {2100L << 20} values", error.Message);
        Assert.Contains($"train on batches of at most {Array.MaxLength / (1 << 20)} samples", error.Message);

        // The network is untouched and still trains on a batch that fits.
        Assert.Equal(0, network.StepCount);
        Assert.True(float.IsFinite(network.TrainStep(inputs.AsSpan(0, 4), targets.AsSpan(0, 4))));
    }
}
