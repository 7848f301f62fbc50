using System.Linq;
using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Tests;

/// <summary>What users reach for on a generated network compiles as they write it.</summary>
public sealed class GeneratedApiTests
{
    [Fact]
    public void Sizes_AreInstanceProperties_AndConstantsInSizes()
    {
        // net.ParameterCount was CS0176 while the sizes were constants; stackalloc and const need the constants.
        var run = GeneratorHarness.RunWithUses("""
            using NetGen;

            namespace Samples;

            /// <summary>A network.</summary>
            [Network(Inputs = 4)]
            [Layer(8, Activation.ReLU)]
            [BatchNorm]
            [Layer(3, Activation.Softmax)]
            [Optimizer(OptimizerKind.Adam)]
            public partial class Net
            {
            }

            /// <summary>Uses of the sizes.</summary>
            public static class Uses
            {
                /// <summary>The parameter count as a constant.</summary>
                public const int Parameters = Net.Sizes.ParameterCount;

                /// <summary>The optimizer state as a constant.</summary>
                public const int OptimizerState = Net.Sizes.OptimizerStateCount;

                /// <summary>Every size, from an instance.</summary>
                public static int Sum(Net net) =>
                    net.InputCount + net.OutputCount + net.ParameterCount + net.LayerCount + net.RunningStatisticsCount + net.OptimizerStateCount;

                /// <summary>Through the interface, as before.</summary>
                public static int Sum(INetwork<float> net) => net.InputCount + net.OutputCount + net.ParameterCount + net.LayerCount;

                /// <summary>Scratch sized by the constants.</summary>
                public static float First(Net net)
                {
                    System.Span<float> inputs = stackalloc float[Net.Sizes.InputCount];
                    System.Span<float> outputs = stackalloc float[Net.Sizes.OutputCount];
                    net.Predict(inputs, outputs);
                    return outputs[0];
                }
            }
            """);

        var uses = run.OutputCompilation.GetTypeByMetadataName("Samples.Uses")!;
        Assert.Equal((4 * 8) + 8 + 8 + 8 + (8 * 3) + 3, ((IFieldSymbol)uses.GetMembers("Parameters").Single()).ConstantValue);
        Assert.Equal(2 * 83, ((IFieldSymbol)uses.GetMembers("OptimizerState").Single()).ConstantValue);
    }
}
