using System;
using NetGen.Tests.BatchNorm;
using NetGen.Tests.Networks;

namespace NetGen.Tests.Training;

/// <summary>
/// <see cref="INetwork{T}.GetTrainingOutputs"/> and <see cref="INetwork{T}.GetTrainingLogits"/>: the outputs the last
/// ComputeGradients computed, after and before the output activation.
/// </summary>
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

    [Theory]
    [MemberData(nameof(GradientCheckNetworks.Names), MemberType = typeof(GradientCheckNetworks))]
    public void TrainingLogits_AreTheOutputLayersValuesBeforeItsActivation(string name)
    {
        // Against the reference forward pass stopped before the last activation: fused softmax and sigmoid outputs,
        // whose activation the loss applies, and every other output activation alike.
        var (network, reference) = GradientCheckNetworks.Create(name);
        var inputs = TestData.Normal(Samples * network.InputCount, seed: 7);
        var targets = TestData.Targets(network.Loss, Samples, network.OutputCount, seed: 8);
        var parameters = new double[network.ParameterCount];
        network.GetParameters(parameters);

        network.ComputeGradients(inputs, targets);
        var logits = new double[Samples * network.OutputCount];
        network.GetTrainingLogits(logits);

        for (var s = 0; s < Samples; s++)
        {
            var expected = reference.Forward(parameters, inputs.AsSpan(s * network.InputCount, network.InputCount), logits: true);
            for (var o = 0; o < network.OutputCount; o++)
            {
                var actual = logits[(s * network.OutputCount) + o];
                Assert.True(Math.Abs(actual - expected[o]) <= 1e-12 * Math.Max(1, Math.Abs(expected[o])), $"{name}: sample {s} output {o}: {actual:R} vs {expected[o]:R}");
            }
        }
    }

    [Fact]
    public void WithBatchNorm_TrainingLogitsAreAfterTheOutputLayersBatchNorm()
    {
        // The output layer is batch-normalized and fused with its loss: its logits are the normalized values the sigmoid
        // then reads, normalized by the batch's own statistics (γ = 1, β = 0 at first), so each output's mean is 0.
        var network = new NormalizedSigmoidOutput();
        var inputs = TestData.Normal(Samples * network.InputCount, seed: 9);
        var targets = TestData.Targets(network.Loss, Samples, network.OutputCount, seed: 10);
        network.ComputeGradients(inputs, targets);
        var logits = new double[Samples * network.OutputCount];
        var outputs = new double[Samples * network.OutputCount];
        network.GetTrainingLogits(logits);
        network.GetTrainingOutputs(outputs);

        for (var k = 0; k < logits.Length; k++)
        {
            Assert.Equal(1 / (1 + Math.Exp(-logits[k])), outputs[k], 15);
        }

        for (var o = 0; o < network.OutputCount; o++)
        {
            var mean = 0.0;
            for (var s = 0; s < Samples; s++)
            {
                mean += logits[(s * network.OutputCount) + o];
            }

            Assert.True(Math.Abs(mean / Samples) < 1e-12, $"output {o}: mean {mean / Samples:R}");
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

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    public void EveryOutputWidth_CopiesEachSamplesRow(int width)
    {
        // Up to four outputs are copied value by value, wider rows by a CopyTo each: both from padded batch rows.
        INetwork<float> network = width switch
        {
            1 => new OneTanhOutput(),
            3 => new ThreeTanhOutputs(),
            4 => new FourTanhOutputs(),
            _ => new SixTanhOutputs(),
        };
        const int samples = 19;
        var inputs = Array.ConvertAll(TestData.Normal(samples * network.InputCount, seed: 11), v => (float)v);
        var targets = Array.ConvertAll(TestData.Normal(samples * network.OutputCount, seed: 12), v => (float)v);
        var predicted = new float[samples * network.OutputCount];
        network.Predict(inputs, predicted);

        network.ComputeGradients(inputs, targets);
        var outputs = new float[samples * network.OutputCount];
        var logits = new float[samples * network.OutputCount];
        network.GetTrainingOutputs(outputs);
        network.GetTrainingLogits(logits);

        for (var k = 0; k < outputs.Length; k++)
        {
            Assert.True(Math.Abs(outputs[k] - predicted[k]) <= 1e-6f, $"output {k}: {outputs[k]:R} vs {predicted[k]:R}");
            Assert.True(Math.Abs(MathF.Tanh(logits[k]) - outputs[k]) <= 1e-6f, $"logit {k}: tanh({logits[k]:R}) vs {outputs[k]:R}");
        }
    }

    [Fact]
    public void Destination_MustHoldTheLastBatchExactly()
    {
        var network = new Optimizers.AdamDefault();
        network.GetTrainingOutputs(Span<double>.Empty); // nothing computed yet: no outputs
        network.GetTrainingLogits(Span<double>.Empty);
        new SoftmaxCategoricalCrossEntropy().GetTrainingOutputs(Span<double>.Empty); // a fused output too
        new SoftmaxCategoricalCrossEntropy().GetTrainingLogits(Span<double>.Empty);

        network.ComputeGradients(TestData.Normal(3 * network.InputCount, seed: 5), TestData.Normal(3 * network.OutputCount, seed: 6));
        var wrong = Assert.Throws<ArgumentException>(() => network.GetTrainingOutputs(new double[2 * network.OutputCount]));
        Assert.Equal("destination", wrong.ParamName);
        Assert.StartsWith("Expected exactly 6 values, but got 4.", wrong.Message);
        var wrongLogits = Assert.Throws<ArgumentException>(() => network.GetTrainingLogits(new double[4 * network.OutputCount]));
        Assert.Equal("destination", wrongLogits.ParamName);
        Assert.StartsWith("Expected exactly 6 values, but got 8.", wrongLogits.Message);
    }
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 3)]
[Layer(4, Activation.Tanh)]
[Layer(2, Activation.Sigmoid)]
[BatchNorm]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Sgd)]
public partial class NormalizedSigmoidOutput
{
}

[Network(Inputs = 5, Seed = 4)]
[Layer(7, Activation.ReLU)]
[Layer(1, Activation.Tanh)]
[Optimizer(OptimizerKind.Sgd)]
public partial class OneTanhOutput
{
}

[Network(Inputs = 5, Seed = 4)]
[Layer(7, Activation.ReLU)]
[Layer(3, Activation.Tanh)]
[Optimizer(OptimizerKind.Sgd)]
public partial class ThreeTanhOutputs
{
}

[Network(Inputs = 5, Seed = 4)]
[Layer(7, Activation.ReLU)]
[Layer(4, Activation.Tanh)]
[Optimizer(OptimizerKind.Sgd)]
public partial class FourTanhOutputs
{
}

[Network(Inputs = 5, Seed = 4)]
[Layer(7, Activation.ReLU)]
[Layer(6, Activation.Tanh)]
[Optimizer(OptimizerKind.Sgd)]
public partial class SixTanhOutputs
{
}
