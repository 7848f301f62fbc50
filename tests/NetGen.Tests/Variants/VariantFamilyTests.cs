using System;
using System.Collections.Generic;
using System.Linq;

namespace NetGen.Tests.Variants;

/// <summary>
/// The generated variants of a <c>[Variants]</c> family are networks like any other: their gradients match finite
/// differences, they train, and the registry lists each with its axis values, architecture and factory.
/// </summary>
public class VariantFamilyTests
{
    public static TheoryData<string> CheckedVariants => new(CheckedFamily.Variants.Select(v => v.Name));

    [Theory]
    [MemberData(nameof(CheckedVariants))]
    public void Gradients_OfEveryVariant_MatchCentralFiniteDifferences(string name)
    {
        var variant = CheckedFamily.Variants.Single(v => v.Name == name);
        var network = variant.Create(seed: 9);
        const int batch = 4;
        var inputs = TestData.Normal(batch * 3, seed: 61);
        var targets = TestData.Targets(LossKind.CategoricalCrossEntropy, batch, 2, seed: 62);

        var parameters = new double[network.ParameterCount];
        network.GetParameters(parameters);
        var shifted = TestData.Normal(parameters.Length, seed: 63, scale: 0.1);
        for (var k = 0; k < parameters.Length; k++)
        {
            parameters[k] += shifted[k]; // biases, γ, β and slopes away from their initial values
        }

        network.SetParameters(parameters);

        // The same dropout masks for every evaluation: the stream restarts from one state.
        var state = new ulong[DeterministicRandom.StateLength];
        network.DropoutRandom?.GetState(state);
        double Loss()
        {
            network.DropoutRandom?.SetState(state);
            return network.ComputeGradients(inputs, targets);
        }

        // Fourth order: the batch statistics of a 4-sample batch curve the loss sharply (as in BatchNormTests).
        GradientChecker.AssertMatches(network, Loss, name, fourthOrder: true);
    }

    public static TheoryData<string> GrowingVariants => new(GrowingFamily.Variants.Select(v => v.Name));

    [Theory]
    [MemberData(nameof(GrowingVariants))]
    public void EveryVariant_Trains(string name)
    {
        var network = GrowingFamily.Variants.Single(v => v.Name == name).Create(seed: 1);
        network.LearningRate = network.Architecture.Optimizer == OptimizerKind.Adam ? 0.01f : 0.05f;
        var (inputs, targets) = Blobs(samples: 60);

        var before = network.ComputeLoss(inputs, targets);
        for (var step = 0; step < 150; step++)
        {
            network.TrainStep(inputs, targets);
        }

        var after = network.ComputeLoss(inputs, targets);
        Assert.True(after < 0.5f * before, $"{name}: loss {before} → {after}");
    }

    [Fact]
    public void Registry_ListsEveryVariantInOrderWithItsAxes()
    {
        var variants = GrowingFamily.Variants;

        Assert.Equal(3 * 2 * 2, variants.Count);
        Assert.Equal(
            ["Depth1_Units8_Adam", "Depth1_Units8_Momentum", "Depth1_Units16_Adam", "Depth1_Units16_Momentum",
             "Depth2_Units8_Adam", "Depth2_Units8_Momentum", "Depth2_Units16_Adam", "Depth2_Units16_Momentum",
             "Depth3_Units8_Adam", "Depth3_Units8_Momentum", "Depth3_Units16_Adam", "Depth3_Units16_Momentum"],
            variants.Select(v => v.Name));

        var combinations = new HashSet<(int, int, string)>();
        foreach (var variant in variants)
        {
            Assert.Equal(["Depth", "Units", "Optimizer"], variant.Axes.Select(a => a.Key));
            var depth = int.Parse(variant.Axis("Depth"), System.Globalization.CultureInfo.InvariantCulture);
            var units = int.Parse(variant.Axis("Units"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(combinations.Add((depth, units, variant.Axis("Optimizer"))));
            Assert.Equal($"Depth={depth}, Units={units}, Optimizer={variant.Axis("Optimizer")}", variant.Description);
            Assert.Equal($"Depth{depth}_Units{units}_{variant.Axis("Optimizer")}", variant.Name);

            // The architecture is the variant's: depth hidden ReLU layers of the units, then the declared output layer.
            Assert.Equal(depth, variant.Depth);
            Assert.Equal(units, variant.Units);
            Assert.Equal(depth + 1, variant.Architecture.Layers.Count);
            Assert.All(variant.Architecture.Layers.Take(depth), layer => Assert.Equal((units, Activation.ReLU), (layer.Units, layer.Activation)));
            Assert.Equal((3, Activation.Softmax), (variant.Architecture.OutputCount, variant.Architecture.Layers[^1].Activation));
            Assert.Equal(Enum.Parse<OptimizerKind>(variant.Axis("Optimizer")), variant.Architecture.Optimizer);
            Assert.Equal(variant.Type.GetProperty("Architecture")!.GetValue(null), variant.Architecture);

            // The factory makes the variant's type from the seed, as its constructor does.
            var network = variant.Create(seed: 4);
            Assert.IsType(variant.Type, network);
            Assert.Same(variant.Architecture, network.Architecture);
            var expected = (INetwork<float>)Activator.CreateInstance(variant.Type, 4)!;
            Assert.Equal(Parameters(expected), Parameters(network));
        }

        Assert.Equal(12, combinations.Count);
        Assert.Throws<ArgumentException>("name", () => variants[0].Axis("Activation"));
    }

    [Fact]
    public void Registry_VariantsAreNestedTypesOfTheFamily()
    {
        Assert.All(CheckedFamily.Variants, variant => Assert.Equal(typeof(CheckedFamily), variant.Type.DeclaringType));
        Assert.Equal(typeof(CheckedFamily.Depth2_Units4_PReLU_BatchNorm_Dropout25), CheckedFamily.Variants[^1].Type);
        Assert.Equal("Depth=2, Units=4, Activation=PReLU, BatchNorm=true, Dropout=0.25", CheckedFamily.Variants[^1].Description);
        Assert.Equal("Depth=1, Units=4, Activation=Tanh, BatchNorm=false, Dropout=0", CheckedFamily.Variants[0].Description);
    }

    private static float[] Parameters(INetwork<float> network)
    {
        var parameters = new float[network.ParameterCount];
        network.GetParameters(parameters);
        return parameters;
    }

    /// <summary>Three well-separated Gaussian blobs in 4 dimensions, one-hot targets.</summary>
    internal static (float[] Inputs, float[] Targets) Blobs(int samples)
    {
        var noise = TestData.Normal(samples * 4, seed: 71, scale: 0.3);
        var inputs = new float[samples * 4];
        var targets = new float[samples * 3];
        for (var s = 0; s < samples; s++)
        {
            var label = s % 3;
            for (var i = 0; i < 4; i++)
            {
                inputs[s * 4 + i] = (float)((i == label ? 2.0 : i == 3 ? label - 1.0 : 0.0) + noise[s * 4 + i]);
            }

            targets[s * 3 + label] = 1;
        }

        return (inputs, targets);
    }
}
