using System;
using System.Linq;

namespace NetGen.Tests;

/// <summary>Inverted dropout: exact gradients through a fixed mask, the drop rate and scale, determinism, inference untouched.</summary>
public class DropoutTests
{
    [Fact]
    public void Gradients_ThroughAFixedMask_MatchCentralFiniteDifferences()
    {
        var network = new DropoutNet();
        var inputs = TestData.Normal(4 * DropoutNet.Sizes.InputCount, seed: 41);
        var targets = TestData.Targets(LossKind.CategoricalCrossEntropy, 4, DropoutNet.Sizes.OutputCount, seed: 42);
        double Loss()
        {
            network.ReseedDropout(7); // the same masks for every evaluation
            return network.ComputeGradients(inputs, targets);
        }

        Loss();
        var gradients = new double[DropoutNet.Sizes.ParameterCount];
        network.GetGradients(gradients);
        Assert.Contains(gradients, g => g == 0); // some units were dropped
        GradientChecker.AssertMatches(network, Loss, "dropout");
    }

    [Fact]
    public void Training_DropsUnitsAtTheRate_AndScalesSurvivorsByOneOverKeep()
    {
        // y = Σ_u o_u / 1000 with a_u = x = 1, so dL/dW2_u = 2·y·o_u/… is zero exactly for the dropped units.
        var network = new WideDropout();
        var parameters = new double[WideDropout.Sizes.ParameterCount];
        Array.Fill(parameters, 1.0, 0, 1000);            // W1 = 1
        Array.Fill(parameters, 0.001, 2000, 1000);       // W2 = 1/1000 (after b1 = 0)
        network.SetParameters(parameters);

        network.ComputeGradients([1.0], [0.0]);
        var gradients = new double[WideDropout.Sizes.ParameterCount];
        network.GetGradients(gradients);
        var w2 = gradients.AsSpan(2000, 1000).ToArray();
        var dropped = w2.Count(g => g == 0) / 1000.0;
        Assert.InRange(dropped, 0.25, 0.35); // rate 0.3; the binomial standard deviation is 0.0145

        // Every survivor carries the same scaled activation 1/(1 − 0.3).
        var survivors = w2.Where(g => g != 0).ToArray();
        Assert.All(survivors, g => Assert.Equal(survivors[0], g, 12));

        // Inference applies no dropout: y = Σ 1/1000 = 1.
        var output = new double[1];
        network.Predict([1.0], output);
        Assert.Equal(1.0, output[0], 12);
    }

    [Fact]
    public void SameSeed_GivesTheSameMasks_OtherSeeds_OtherMasks()
    {
        var inputs = TestData.Normal(3 * DropoutNet.Sizes.InputCount, seed: 43);
        var targets = TestData.Targets(LossKind.CategoricalCrossEntropy, 3, DropoutNet.Sizes.OutputCount, seed: 44);
        double[] Gradients(DropoutNet network)
        {
            network.ComputeGradients(inputs, targets);
            var values = new double[DropoutNet.Sizes.ParameterCount];
            network.GetGradients(values);
            return values;
        }

        Assert.Equal(Gradients(new DropoutNet(seed: 3)), Gradients(new DropoutNet(seed: 3)));
        var reseeded = new DropoutNet(seed: 3);
        reseeded.ReseedDropout(99);
        Assert.NotEqual(Gradients(new DropoutNet(seed: 3)), Gradients(reseeded));
    }
}

[Network(Inputs = 5, Precision = Precision.Double, Seed = 8)]
[Layer(12, Activation.Tanh)]
[Dropout(0.4)]
[Layer(9, Activation.ReLU)]
[Dropout(0.2)]
[Layer(3, Activation.Softmax)]
public partial class DropoutNet
{
}

[Network(Inputs = 1, Precision = Precision.Double)]
[Layer(1000, Activation.Linear)]
[Dropout(0.3)]
[Layer(1, Activation.Linear)]
public partial class WideDropout
{
}
