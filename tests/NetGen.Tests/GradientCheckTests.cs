using System;
using NetGen.Tests.Networks;

namespace NetGen.Tests;

/// <summary>
/// Every generated forward pass against the independent reference model, and every generated backward pass against
/// central finite differences of the generated loss, in double precision.
/// </summary>
public class GradientCheckTests
{
    private const int BatchSize = 3;

    [Theory]
    [MemberData(nameof(GradientCheckNetworks.Names), MemberType = typeof(GradientCheckNetworks))]
    public void Forward_MatchesReferenceModel(string name)
    {
        var (network, reference) = GradientCheckNetworks.Create(name);
        Assert.Equal(reference.ParameterCount, network.ParameterCount);
        var parameters = new double[network.ParameterCount];
        network.GetParameters(parameters);
        // Thirteen samples: one batched-inference tile of eight, then five one at a time.
        const int count = 13;
        var inputs = TestData.Normal(count * reference.Inputs, seed: 1);
        var targets = TestData.Targets(reference.Loss, count, reference.Outputs, seed: 2);

        var outputs = new double[count * reference.Outputs];
        network.Predict(inputs, outputs);
        for (var s = 0; s < count; s++)
        {
            var expected = reference.Forward(parameters, inputs.AsSpan(s * reference.Inputs, reference.Inputs));
            for (var o = 0; o < expected.Length; o++)
            {
                AssertClose(expected[o], outputs[s * reference.Outputs + o], 1e-12, $"output {o} of sample {s}");
            }
        }

        var loss = network.ComputeGradients(inputs, targets);
        AssertClose(reference.MeanLoss(parameters, inputs, targets), loss, 1e-12, "loss");

        // The inference-mode loss agrees, and leaves the gradients alone.
        var gradients = new double[network.ParameterCount];
        network.GetGradients(gradients);
        AssertClose(loss, network.ComputeLoss(inputs, targets), 1e-12, "inference-mode loss");
        var after = new double[network.ParameterCount];
        network.GetGradients(after);
        Assert.Equal(gradients, after);
    }

    [Theory]
    [MemberData(nameof(GradientCheckNetworks.Names), MemberType = typeof(GradientCheckNetworks))]
    public void Gradients_MatchCentralFiniteDifferences(string name)
    {
        var (network, reference) = GradientCheckNetworks.Create(name);
        var inputs = TestData.Normal(BatchSize * reference.Inputs, seed: 3);
        var targets = TestData.Targets(reference.Loss, BatchSize, reference.Outputs, seed: 4);
        var parameters = new double[network.ParameterCount];
        network.GetParameters(parameters);
        // Move the biases off zero so every bias gradient is exercised in general position.
        var shifted = TestData.Normal(parameters.Length, seed: 5, scale: 0.1);
        for (var k = 0; k < parameters.Length; k++)
        {
            parameters[k] += shifted[k];
        }

        network.SetParameters(parameters);
        GradientChecker.AssertMatches(network, () => network.ComputeGradients(inputs, targets), name);
    }

    [Fact]
    public void FloatNetwork_AgreesWithItsDoubleTwin()
    {
        var single = new FloatTwin();
        var twin = new DoubleTwin();
        var parameters = new double[DoubleTwin.Sizes.ParameterCount];
        twin.GetParameters(parameters);
        single.SetParameters(Array.ConvertAll(parameters, v => (float)v));
        twin.SetParameters(Array.ConvertAll(Array.ConvertAll(parameters, v => (float)v), v => (double)v));

        var inputs = TestData.Normal(16 * DoubleTwin.Sizes.InputCount, seed: 6);
        var targets = TestData.Targets(LossKind.CategoricalCrossEntropy, 16, DoubleTwin.Sizes.OutputCount, seed: 7);
        var loss = single.ComputeGradients(Array.ConvertAll(inputs, v => (float)v), Array.ConvertAll(targets, v => (float)v));
        var expectedLoss = twin.ComputeGradients(Array.ConvertAll(Array.ConvertAll(inputs, v => (float)v), v => (double)v), targets);
        AssertClose(expectedLoss, loss, 1e-5, "loss");

        var gradients = new float[FloatTwin.Sizes.ParameterCount];
        var expected = new double[DoubleTwin.Sizes.ParameterCount];
        single.GetGradients(gradients);
        twin.GetGradients(expected);
        var largest = 0.0;
        foreach (var value in expected)
        {
            largest = Math.Max(largest, Math.Abs(value));
        }

        for (var k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(gradients[k] - expected[k]) <= 1e-4 * largest, $"gradient {k}: {gradients[k]} vs {expected[k]}");
        }
    }

    private static void AssertClose(double expected, double actual, double relative, string what) =>
        Assert.True(
            Math.Abs(expected - actual) <= relative * Math.Max(1.0, Math.Abs(expected)),
            $"{what}: expected {expected:R}, got {actual:R}");
}

[Network(Inputs = 20)]
[Layer(70, Activation.GELU)]
[Layer(33, Activation.PReLU, SlopePerUnit = true)]
[Layer(9, Activation.Softmax)]
public partial class FloatTwin
{
}

[Network(Inputs = 20, Precision = Precision.Double)]
[Layer(70, Activation.GELU)]
[Layer(33, Activation.PReLU, SlopePerUnit = true)]
[Layer(9, Activation.Softmax)]
public partial class DoubleTwin
{
}
