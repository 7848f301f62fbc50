using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Emitting;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Tests;

/// <summary>
/// NG0002's upper bounds: sizes whose generated arithmetic would overflow or exceed .NET's array limit, and
/// hyperparameters that are valid as the declared double but not as the network's float. Each invalid declaration
/// generates nothing and gets one NG0002 on the argument at fault; the largest accepted sizes generate code that compiles.
/// </summary>
public sealed class DeclarationLimitTests
{
    private sealed record Case(string Attributes, string LocationText, string? MessagePart = null);

    private static readonly Dictionary<string, Case> s_cases = new()
    {
        // Sizes (issue 12, item 3).
        ["InputsIntMaxValue"] = new("[Network(Inputs = int.MaxValue)]\n[Layer(16)]", "Inputs = int.MaxValue",
            "Inputs = 2,147,483,647, feeding layer 1's 16 units, bring the network's parameter storage to 34,359,738,368 elements"),
        ["UnitsIntMaxValue"] = new("[Network(Inputs = 4)]\n[Layer(int.MaxValue)]", "int.MaxValue",
            "more than the 2,147,483,591 elements a .NET array holds (Array.MaxLength)"),
        ["ParameterCountThatWrapsInInt"] = new("[Network(Inputs = 65536)]\n[Layer(65536)]", "65536",
            "Layer 1's 65,536 units (of 65,536 inputs each) bring the network's parameter storage to 4,295,032,832 elements"),
        ["WideInputsOfALaterLayer"] = new("[Network(Inputs = 4)]\n[Layer(1_000_000, Activation.ReLU)]\n[Layer(3000)]", "1_000_000",
            "Layer 1's 1,000,000 units, feeding layer 2's 3,000 units, bring"),
        ["AdamStateCount"] = new("[Network(Inputs = 40000)]\n[Layer(40000)]\n[Optimizer(OptimizerKind.Adam)]", "40000",
            "Adam keeps 2 state values per parameter, so OptimizerStateCount would be 2 × 1,600,040,000 = 3,200,080,000"),
        ["AmsgradStateCount"] = new("[Network(Inputs = 30000)]\n[Layer(30000)]\n[Optimizer(OptimizerKind.AdamW, Amsgrad = true)]", "30000",
            "AdamW keeps 3 state values per parameter"),
        ["BatchNormRunningStatistics"] = new("[Network(Inputs = 1)]\n[Layer(1_100_000_000, Bias = false)]\n[BatchNorm(Affine = false)]\n[Layer(1)]", "1_100_000_000",
            "batch-norm running statistics"),
        ["PredictScratch"] = new("[Network(Inputs = 1)]\n[Layer(40_000_000)]\n[Layer(1)]", "40_000_000",
            "make Predict's scratch, two buffers of 8 rows of the widest layer, 2,560,000,000 bytes"),
        ["DeclaredBatchSize"] = new("[Network(Inputs = 1000)]\n[Layer(10)]\n[Training(BatchSize = 3_000_000)]", "BatchSize = 3_000_000",
            "BatchSize = 3,000,000 makes a training batch buffer 3,000,000 rows × 1,000 = 3,000,000,000 elements"),
        ["DeclaredFullBatch"] = new("[Network(Inputs = 1000)]\n[Layer(10)]\n[Training(BatchSize = 0, Samples = 3_000_000)]", "Samples = 3_000_000",
            "Samples = 3,000,000 in full-batch training (BatchSize = 0)"),

        // Hyperparameters checked in the network's precision (issue 12, item 4).
        ["Beta1RoundsToOne"] = new("[Network(Inputs = 2)]\n[Layer(1)]\n[Optimizer(OptimizerKind.Adam, Beta1 = 0.99999999)]", "Beta1 = 0.99999999",
            "Beta1 must be in [0, 1), but it is 0.99999999, which is 1 as a float (the network's Precision.Single)"),
        ["Beta2RoundsToOne"] = new("[Network(Inputs = 2)]\n[Layer(1)]\n[Optimizer(OptimizerKind.Adam, Beta2 = 0.999999999)]", "Beta2 = 0.999999999"),
        ["AlphaRoundsToOne"] = new("[Network(Inputs = 2)]\n[Layer(1)]\n[Optimizer(OptimizerKind.RmsProp, Alpha = 0.99999999)]", "Alpha = 0.99999999"),
        ["MomentumRoundsToOne"] = new("[Network(Inputs = 2)]\n[Layer(1)]\n[Optimizer(OptimizerKind.Momentum, Momentum = 0.99999999)]", "Momentum = 0.99999999"),
        ["LearningRateOverflowsFloat"] = new("[Network(Inputs = 2)]\n[Layer(1)]\n[Optimizer(OptimizerKind.Sgd, LearningRate = 1e300)]", "LearningRate = 1e300",
            "The LearningRate must be a finite number of at least 0, but it is 1E+300, which is Infinity as a float"),
        ["WeightDecayOverflowsFloat"] = new("[Network(Inputs = 2)]\n[Layer(1)]\n[Optimizer(OptimizerKind.Sgd, WeightDecay = 1e39)]", "WeightDecay = 1e39"),
        ["SlopeOverflowsFloat"] = new("[Network(Inputs = 2)]\n[Layer(4, Activation.LeakyReLU, Slope = 1e39)]\n[Layer(1)]", "Slope = 1e39",
            "The Slope of layer 1 must be a finite number, but it is 1E+39, which is Infinity as a float"),
        ["GainOverflowsFloatWeights"] = new("[Network(Inputs = 2)]\n[Layer(4, Activation.Tanh, Gain = 1e300)]\n[Layer(1)]", "Gain = 1e300",
            "The Gain of layer 1 (1E+300) makes XavierUniform draw initial weights as large as"),
        ["ScaleOverflowsFloatWeights"] = new("[Network(Inputs = 2)]\n[Layer(4, Activation.Tanh, Init.RandomNormal, Scale = 1e38)]\n[Layer(1)]", "Scale = 1e38",
            "which is Infinity as a float"),
        ["GainOverflowsDoubleWeights"] = new("[Network(Inputs = 2, Precision = Precision.Double)]\n[Layer(4, Activation.ReLU, Gain = 1e308)]\n[Layer(1)]", "Gain = 1e308",
            "draw initial weights as large as Infinity; the weights must start finite"),
        ["MaxNormUnderflowsFloat"] = new("[Network(Inputs = 2)]\n[Layer(1)]\n[GradientClip(MaxNorm = 1e-50)]", "MaxNorm = 1e-50",
            "The gradient clip MaxNorm must be a finite number greater than 0, but it is 1E-50, which is 0 as a float"),
        ["MaxValueOverflowsFloat"] = new("[Network(Inputs = 2)]\n[Layer(1)]\n[GradientClip(MaxValue = 1e39)]", "MaxValue = 1e39"),
        ["HuberDeltaUnderflowsFloat"] = new("[Network(Inputs = 2)]\n[Layer(1)]\n[Loss(LossKind.Huber, Delta = 1e-50)]", "Delta = 1e-50"),
        ["BatchNormEpsilonUnderflowsFloat"] = new("[Network(Inputs = 2)]\n[Layer(4, Activation.ReLU, Bias = false)]\n[BatchNorm(Epsilon = 1e-50)]\n[Layer(1)]", "Epsilon = 1e-50"),
    };

    public static TheoryData<string> Cases => new(s_cases.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void OverLimit_GeneratesNothing(string name)
    {
        // The harness also asserts: no generator diagnostic, no exception, no warning in the compilation.
        var run = GeneratorHarness.Run(ParserHarness.Declare(s_cases[name].Attributes));

        Assert.Empty(run.Sources);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OverLimit_IsNG0002OnTheArgumentWithTheCountAndTheLimit(string name)
    {
        var @case = s_cases[name];

        var result = ParserHarness.Parse("Samples.Net", ParserHarness.Declare(@case.Attributes));

        Assert.Null(result.Spec);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(ProblemIds.InvalidValue, problem.Id);
        Assert.NotNull(problem.Location);
        Assert.Equal(@case.LocationText, problem.Location.SourceTree!.GetText().ToString(problem.Location.SourceSpan));
        if (@case.MessagePart is { } part)
        {
            Assert.Contains(part, problem.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>The largest accepted declarations generate code that compiles (constructing one would take gigabytes).</summary>
    [Theory]
    // Float storage: 16 × 134,217,723 weights + 16 biases = 2,147,483,584 ≤ 2,147,483,591.
    [InlineData("[Network(Inputs = 134_217_723)]\n[Layer(16)]", "[Network(Inputs = 134_217_724)]\n[Layer(16)]")]
    // Double rows pad to 8: 8 × 268,435,447 + 8 = 2,147,483,584.
    [InlineData("[Network(Inputs = 268_435_447, Precision = Precision.Double)]\n[Layer(8)]", "[Network(Inputs = 268_435_448, Precision = Precision.Double)]\n[Layer(8)]")]
    // Adam: 2 × (16 × 67,108,861 + 16) = 2,147,483,584 state values.
    [InlineData("[Network(Inputs = 67_108_861)]\n[Layer(16)]\n[Optimizer(OptimizerKind.Adam)]", "[Network(Inputs = 67_108_862)]\n[Layer(16)]\n[Optimizer(OptimizerKind.Adam)]")]
    // Predict's float scratch: 2 × 8 × 33,554,416 × 4 bytes = 2,147,482,624 ≤ int.MaxValue; 33,554,417 pads to 33,554,432.
    [InlineData("[Network(Inputs = 1)]\n[Layer(33_554_416)]\n[Layer(1)]", "[Network(Inputs = 1)]\n[Layer(33_554_417)]\n[Layer(1)]")]
    public void LargestAccepted_Compiles_AndOneMoreIsNG0002(string largest, string tooLarge)
    {
        var run = GeneratorHarness.Run(ParserHarness.Declare(largest));
        Assert.Single(run.Sources);

        var rejected = ParserHarness.Parse("Samples.Net", ParserHarness.Declare(tooLarge));
        Assert.Null(rejected.Spec);
        Assert.Equal(ProblemIds.InvalidValue, Assert.Single(rejected.Problems).Id);
    }

    [Fact]
    public void DoubleNetwork_KeepsValuesThatOnlyAFloatRounds()
    {
        var result = ParserHarness.Parse("Samples.Net", ParserHarness.Declare(
            "[Network(Inputs = 2, Precision = Precision.Double)]\n[Layer(4, Activation.LeakyReLU, Slope = 1e39)]\n[Layer(1)]\n" +
            "[Optimizer(OptimizerKind.Adam, Beta1 = 0.99999999, LearningRate = 1e300)]\n[GradientClip(MaxNorm = 1e-50)]"));

        Assert.Empty(result.Problems);
        Assert.Equal(0.99999999, result.Spec!.Optimizer.Beta1);
    }

    [Fact]
    public void MaxArrayLength_IsArrayMaxLength() =>
        Assert.Equal(NetworkSizes.MaxArrayLength, Array.MaxLength);

    /// <summary>The long arithmetic of the bounds is the layout's: for specs small enough for int, the same totals.</summary>
    [Fact]
    public void SizeArithmetic_MatchesNetworkLayout()
    {
        var random = new Random(12);
        var activations = new[] { Activation.ReLU, Activation.PReLU, Activation.Tanh, Activation.Linear };
        for (var trial = 0; trial < 200; trial++)
        {
            var precision = random.Next(2) == 0 ? Precision.Single : Precision.Double;
            var inputs = random.Next(1, 100);
            var layers = Enumerable.Range(0, random.Next(1, 5)).Select(_ => new LayerSpec(
                random.Next(1, 70),
                activations[random.Next(activations.Length)],
                Init.XavierUniform,
                Gain: 1,
                Scale: 0.05,
                Slope: 0.25,
                SlopePerUnit: random.Next(2) == 0,
                BatchNorm: random.Next(3) == 0 ? new BatchNormSpec(0.1, 1e-5, Affine: random.Next(2) == 0) : null,
                Bias: random.Next(2) == 0)).ToArray();
            var spec = new NetworkSpec(
                new TypeDeclarationSpec("Samples", default, "Net"), precision, inputs, Seed: 0, new EquatableArray<LayerSpec>(layers),
                new LossSpec(LossKind.MeanSquaredError, 1), new OptimizerSpec(OptimizerKind.Sgd, 0.01), Clip: null);

            var layout = new NetworkLayout(spec);
            long storage = 0, parameters = 0, fanIn = inputs;
            for (var i = 0; i < layers.Length; i++)
            {
                var sizes = NetworkSizes.Layer(layers[i], fanIn, precision);
                Assert.Equal(layout.Layers[i].OutPadded, sizes.UnitsPadded);
                storage += sizes.Storage;
                parameters += sizes.Parameters;
                fanIn = layers[i].Units;
            }

            Assert.Equal(layout.StorageLength, storage);
            Assert.Equal(layout.ParameterCount, parameters);
        }
    }
}
