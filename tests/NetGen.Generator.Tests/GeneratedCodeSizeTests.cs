using System.Linq;
using NetGen.Generator.Emitting;

namespace NetGen.Generator.Tests;

/// <summary>NG1020's estimate of a network's generated size stays within 25% of what the emitter writes.</summary>
public sealed class GeneratedCodeSizeTests
{
    [Theory]
    [InlineData("[Network(Inputs = 4)]", 2, "[Layer(2, Activation.Tanh)]")]
    [InlineData("[Network(Inputs = 4)]", 30, "[Layer(4, Activation.ReLU)]")]
    [InlineData("[Network(Inputs = 16)]", 30, "[Layer(64, Activation.ReLU)]")]
    [InlineData("[Network(Inputs = 16)]", 20, "[Layer(64, Activation.ReLU, Bias = false)] [BatchNorm] [Dropout(0.1)]")]
    [InlineData("[Network(Inputs = 16)]", 10, "[Layer(300, Activation.GELU)] [BatchNorm]")]
    [InlineData("[Network(Inputs = 16, Precision = Precision.Double)]", 20, "[Layer(4, Activation.Sigmoid)] [BatchNorm]")]
    [InlineData("[Network(Inputs = 16, Precision = Precision.Double)]", 20, "[Layer(64, Activation.PReLU)] [Dropout(0.2)]")]
    public void Estimate_IsWithin25PercentOfTheGeneratedFile(string network, int hiddenLayers, string layer)
    {
        var source = ParserHarness.Declare(network + "\n" + string.Join("\n", Enumerable.Repeat(layer, hiddenLayers)) + "\n[Layer(10, Activation.Softmax)]");
        var spec = ParserHarness.Parse("Samples.Net", source).Spec!;

        var actual = NetworkEmitter.Emit(spec).Length;
        var estimate = GeneratedCodeSize.Estimate(spec);

        Assert.InRange(estimate, 0.75 * actual, 1.25 * actual);
    }
}
