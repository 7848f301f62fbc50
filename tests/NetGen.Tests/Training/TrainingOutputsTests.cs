using System;
using NetGen.Tests.BatchNorm;
using NetGen.Tests.Networks;

namespace NetGen.Tests.Training;

/// <summary><see cref="INetwork{T}.GetTrainingOutputs"/>: the outputs the last ComputeGradients computed, after the output activation.</summary>
public class TrainingOutputsTests
{
    private const int Samples = 5;

    [Theory]
    [MemberData(nameof(GradientCheckNetworks.Names), MemberType = typeof(GradientCheckNetworks))]
    public void WithoutDropoutOrBatchNorm_TrainingOutputsAreThePredictions(string name)
    {
        // Training and inference mode agree here, so the outputs of the forward pass of ComputeGradients (fused softmax
        // and sigmoid outputs included, whose activation the loss applies itself) are Predict's, up to summation order.
        var network = GradientCheckNetworks.Create(name).Network;
        var inputs = TestData.Normal(Samples * network.InputCount, seed: 1);
        var targets = TestData.Targets(network.Loss, Samples, network.OutputCount, seed: 2);
        var predicted = new double[Samples * network.OutputCount];
        network.Predict(inputs, predicted);

        network.ComputeGradients(inputs, targets);
        var outputs = new double[Samples * network.OutputCount];
        network.GetTrainingOutputs(outputs);

        for (var k = 0; k < outputs.Length; k++)
        {
            Assert.True(Math.Abs(outputs[k] - predicted[k]) <= 1e-12 * Math.Max(1, Math.Abs(predicted[k])), $"{name}: output {k}: {outputs[k]:R} vs {predicted[k]:R}");
        }
    }

    [Fact]
    public void WithBatchNorm_TrainingOutputsUseTheBatchStatistics()
    {
        // A batch of 2 normalized by its own statistics differs from inference with the running ones.
        var network = new BatchNormReLU();
        var inputs = TestData.Normal(Samples * network.InputCount, seed: 3);
        var targets = TestData.Targets(network.Loss, Samples, network.OutputCount, seed: 4);
        var predicted = new double[Samples * network.OutputCount];
        network.Predict(inputs, predicted);
        var loss = network.ComputeGradients(inputs, targets);
        var outputs = new double[Samples * network.OutputCount];
        network.GetTrainingOutputs(outputs);

        Assert.NotEqual(predicted, outputs);
        var reference = 0.0;
        for (var k = 0; k < outputs.Length; k++)
        {
            reference += (outputs[k] - targets[k]) * (outputs[k] - targets[k]);
        }

        // The declared loss is the mean squared error: the outputs are the ones the loss was computed from.
        Assert.Equal(reference / outputs.Length, loss, 12);
    }

    [Fact]
    public void Destination_MustHoldTheLastBatchExactly()
    {
        var network = new Optimizers.AdamDefault();
        network.GetTrainingOutputs(Span<double>.Empty); // nothing computed yet: no outputs
        new SoftmaxCategoricalCrossEntropy().GetTrainingOutputs(Span<double>.Empty); // a fused output too

        network.ComputeGradients(TestData.Normal(3 * network.InputCount, seed: 5), TestData.Normal(3 * network.OutputCount, seed: 6));
        var wrong = Assert.Throws<ArgumentException>(() => network.GetTrainingOutputs(new double[2 * network.OutputCount]));
        Assert.Equal("destination", wrong.ParamName);
        Assert.StartsWith("Expected exactly 6 values, but got 4.", wrong.Message);
    }
}
