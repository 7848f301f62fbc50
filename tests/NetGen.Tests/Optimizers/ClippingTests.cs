using System;
using System.Linq;

namespace NetGen.Tests.Optimizers;

/// <summary>Gradient clipping as torch.nn.utils defines it: values first, then the global norm with its 1e-6.</summary>
public class ClippingTests
{
    [Fact]
    public void NormClip_WhenActive_ScalesTheGradientToMaxNormOverNormPlusEpsilon()
    {
        var (raw, applied, network) = Step(new ClipNorm());
        var norm = Norm(raw);
        Assert.True(norm > 0.5, "the test needs a gradient above the limit");
        var coefficient = 0.5 / (norm + 1e-6);
        for (var k = 0; k < raw.Length; k++)
        {
            Assert.Equal(raw[k] * coefficient, applied[k], 12);
        }

        Assert.Equal(norm, network.GradientNorm, 12); // the pre-clip norm stays readable
    }

    [Fact]
    public void NormClip_WhenInactive_LeavesTheGradientAlone()
    {
        var (raw, applied, _) = Step(new ClipNormInactive());
        Assert.True(Norm(raw) < 1000);
        AssertClose(raw, applied);
    }

    [Fact]
    public void ValueClip_ClampsEachElement()
    {
        var (raw, applied, _) = Step(new ClipValue());
        Assert.Contains(raw, g => Math.Abs(g) > 0.01);
        AssertClose(raw.Select(g => Math.Clamp(g, -0.01, 0.01)).ToArray(), applied);
    }

    [Fact]
    public void BothClips_ClampValuesFirst_ThenTheNormOfTheClampedGradient()
    {
        var (raw, applied, _) = Step(new ClipBoth());
        var clamped = raw.Select(g => Math.Clamp(g, -0.3, 0.3)).ToArray();
        var norm = Norm(clamped);
        Assert.True(norm > 0.2, "the norm clip must be active after the value clip");
        var coefficient = 0.2 / (norm + 1e-6);
        for (var k = 0; k < raw.Length; k++)
        {
            Assert.Equal(clamped[k] * coefficient, applied[k], 12);
        }
    }

    [Fact]
    public void GradientNorms_AreTheGlobalAndPerLayerL2Norms()
    {
        var network = new ClipNormInactive();
        network.ComputeGradients(Inputs, Targets);
        var gradients = new double[ClipNormInactive.Sizes.ParameterCount];
        network.GetGradients(gradients);
        var layers = new double[ClipNormInactive.Sizes.LayerCount];
        network.GetLayerGradientNorms(layers);

        // Layer 1 is W1 [4 × 3] and b1 [4]; layer 2 the rest.
        Assert.Equal(Norm(gradients[..16]), layers[0], 12);
        Assert.Equal(Norm(gradients[16..]), layers[1], 12);
        Assert.Equal(Norm(gradients), network.GradientNorm, 12);
    }

    private static readonly double[] Inputs = TestData.Normal(6 * 3, seed: 31, scale: 3);
    private static readonly double[] Targets = TestData.Normal(6 * 2, seed: 32, scale: 5);

    /// <summary>One SGD step with learning rate 1: the parameter change is minus the gradient the optimizer applied.</summary>
    private static (double[] Raw, double[] Applied, INetwork<double> Network) Step(INetwork<double> network)
    {
        network.ComputeGradients(Inputs, Targets);
        var raw = new double[network.ParameterCount];
        network.GetGradients(raw);
        var before = new double[network.ParameterCount];
        network.GetParameters(before);
        network.TrainStep(Inputs, Targets);
        var after = new double[network.ParameterCount];
        network.GetParameters(after);
        return (raw, before.Zip(after, (b, a) => b - a).ToArray(), network);
    }

    /// <summary>Equal up to the rounding of recovering the step as before − after.</summary>
    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], actual[k], 12);
        }
    }

    private static double Norm(double[] values) => Math.Sqrt(values.Sum(v => v * v));
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 3)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 1)]
[GradientClip(MaxNorm = 0.5)]
public partial class ClipNorm
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 3)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 1)]
[GradientClip(MaxNorm = 1000)]
public partial class ClipNormInactive
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 3)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 1)]
[GradientClip(MaxValue = 0.01)]
public partial class ClipValue
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 3)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 1)]
[GradientClip(MaxNorm = 0.2, MaxValue = 0.3)]
public partial class ClipBoth
{
}
