using System;
using System.Linq;

namespace NetGen.Tests.Networks;

// Float networks whose activations run through NetGen's vector e^x and tanh (Kernels/VectorMath, Kernels/Softmax), and
// ReLU, which the hidden layers' products apply as they store: layers of 20 and 19 units cover whole vectors and scalar
// tails, and the 18-unit softmax a row longer than one vector.

[Network(Inputs = 5, Seed = 20)]
[Layer(20, Activation.ReLU)]
[Layer(19, Activation.ReLU)]
[Layer(3, Activation.ReLU)]
[Loss(LossKind.MeanSquaredError)]
public partial class FloatReluNet
{
}

[Network(Inputs = 5, Seed = 21)]
[Layer(20, Activation.Sigmoid)]
[Layer(19, Activation.Sigmoid)]
[Layer(3, Activation.Sigmoid)]
[Loss(LossKind.MeanSquaredError)]
public partial class FloatSigmoidNet
{
}

[Network(Inputs = 5, Seed = 22)]
[Layer(20, Activation.Tanh)]
[Layer(19, Activation.Tanh)]
[Layer(3, Activation.Tanh)]
[Loss(LossKind.MeanSquaredError)]
public partial class FloatTanhNet
{
}

[Network(Inputs = 5, Seed = 23)]
[Layer(20, Activation.ELU)]
[Layer(19, Activation.ELU)]
[Layer(3, Activation.ELU)]
[Loss(LossKind.MeanSquaredError)]
public partial class FloatEluNet
{
}

[Network(Inputs = 5, Seed = 24)]
[Layer(20, Activation.SELU)]
[Layer(19, Activation.SELU)]
[Layer(3, Activation.SELU)]
[Loss(LossKind.MeanSquaredError)]
public partial class FloatSeluNet
{
}

[Network(Inputs = 5, Seed = 25)]
[Layer(20, Activation.Tanh)]
[Layer(18, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
public partial class FloatSoftmaxNet
{
}

/// <summary>
/// Float networks with vector transcendental activations against the double-precision reference model: outputs, loss,
/// and gradients (against central differences of the reference's loss), to float accuracy.
/// </summary>
public class FloatActivationTests
{
    public static TheoryData<string> Names => new() { "ReLU", "Sigmoid", "Tanh", "ELU", "SELU", "Softmax" };

    [Theory]
    [MemberData(nameof(Names))]
    public void ForwardLossAndGradients_MatchTheReferenceModel_ToFloatAccuracy(string name)
    {
        var (network, reference) = Create(name);
        var parameters = new float[network.ParameterCount];
        network.GetParameters(parameters);
        var exact = Array.ConvertAll(parameters, value => (double)value);

        // Thirteen samples: one batched-inference tile of eight, then five one at a time.
        const int count = 13;
        var inputs = Array.ConvertAll(TestData.Normal(count * reference.Inputs, seed: 31), value => (float)value);
        var targets = Array.ConvertAll(TestData.Targets(reference.Loss, count, reference.Outputs, seed: 32), value => (float)value);
        var inputsInDouble = Array.ConvertAll(inputs, value => (double)value);
        var targetsInDouble = Array.ConvertAll(targets, value => (double)value);

        var outputs = new float[count * reference.Outputs];
        network.Predict(inputs, outputs);
        for (var s = 0; s < count; s++)
        {
            var expected = reference.Forward(exact, inputsInDouble.AsSpan(s * reference.Inputs, reference.Inputs));
            for (var o = 0; o < expected.Length; o++)
            {
                var actual = outputs[(s * reference.Outputs) + o];
                Assert.True(Math.Abs(actual - expected[o]) <= 2e-6 + (2e-6 * Math.Abs(expected[o])), $"output {o} of sample {s}: {actual:R} against {expected[o]:R}");
            }
        }

        var loss = network.ComputeGradients(inputs, targets);
        var expectedLoss = reference.MeanLoss(exact, inputsInDouble, targetsInDouble);
        Assert.True(Math.Abs(loss - expectedLoss) <= 1e-5 * (1 + Math.Abs(expectedLoss)), $"loss {loss:R} against {expectedLoss:R}");

        var gradients = new float[network.ParameterCount];
        network.GetGradients(gradients);
        var expectedGradients = new double[exact.Length];
        const double step = 1e-6;
        for (var k = 0; k < exact.Length; k++)
        {
            var saved = exact[k];
            exact[k] = saved + step;
            var up = reference.MeanLoss(exact, inputsInDouble, targetsInDouble);
            exact[k] = saved - step;
            var down = reference.MeanLoss(exact, inputsInDouble, targetsInDouble);
            exact[k] = saved;
            expectedGradients[k] = (up - down) / (2 * step);
        }

        var largest = expectedGradients.Max(Math.Abs);
        for (var k = 0; k < exact.Length; k++)
        {
            Assert.True(Math.Abs(gradients[k] - expectedGradients[k]) <= 1e-4 * largest, $"gradient {k}: {gradients[k]:R} against {expectedGradients[k]:R} (largest {largest:R})");
        }
    }

    [Fact]
    public void HiddenReLU_AppliedAsTheProductStores_PassesNaNOn()
    {
        // max(z, 0) must not turn a NaN into 0: a sample with a NaN input gives NaN outputs and loss, alone and in a
        // batch tile, and its neighbours in the tile are untouched.
        var network = new FloatReluNet();
        const int count = 13;
        var inputs = Array.ConvertAll(TestData.Normal(count * 5, seed: 33), value => (float)value);
        inputs[(3 * 5) + 2] = float.NaN;
        var outputs = new float[count * 3];
        network.Predict(inputs, outputs);
        for (var s = 0; s < count; s++)
        {
            var single = new float[3];
            network.Predict(inputs.AsSpan(s * 5, 5), single);
            for (var o = 0; o < 3; o++)
            {
                // The output layer is a ReLU too: a finite sample's output may be 0, a NaN one's must stay NaN.
                Assert.Equal(s == 3, float.IsNaN(outputs[(s * 3) + o]));
                Assert.Equal(BitConverter.SingleToInt32Bits(outputs[(s * 3) + o]), BitConverter.SingleToInt32Bits(single[o]));
            }
        }

        var targets = new float[count * 3];
        Assert.True(float.IsNaN(network.ComputeGradients(inputs, targets)));
    }

    private static (INetwork<float> Network, ReferenceModel Reference) Create(string name)
    {
        ReferenceModel Stack(Activation activation) => new(
            5,
            [new ReferenceLayer(20, activation, double.NaN, false), new ReferenceLayer(19, activation, double.NaN, false), new ReferenceLayer(3, activation, double.NaN, false)],
            LossKind.MeanSquaredError,
            1.0);

        return name switch
        {
            "ReLU" => (new FloatReluNet(), Stack(Activation.ReLU)),
            "Sigmoid" => (new FloatSigmoidNet(), Stack(Activation.Sigmoid)),
            "Tanh" => (new FloatTanhNet(), Stack(Activation.Tanh)),
            "ELU" => (new FloatEluNet(), Stack(Activation.ELU)),
            "SELU" => (new FloatSeluNet(), Stack(Activation.SELU)),
            _ => (new FloatSoftmaxNet(), new ReferenceModel(
                5,
                [new ReferenceLayer(20, Activation.Tanh, double.NaN, false), new ReferenceLayer(18, Activation.Softmax, double.NaN, false)],
                LossKind.CategoricalCrossEntropy,
                1.0)),
        };
    }
}
