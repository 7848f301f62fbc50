using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = NetGen.Analyzers.Tests.Verifier<NetGen.CodeFixes.ArgumentCodeFixProvider>;

namespace NetGen.Analyzers.Tests;

/// <summary>NG2001–NG2005 on the initializer argument, on both sides of every threshold.</summary>
public class InitializationRuleTests
{
    [Theory]
    [InlineData("Activation.ReLU", "Init.XavierUniform")]
    [InlineData("Activation.LeakyReLU", "Init.XavierNormal")]
    [InlineData("Activation.GELU", "Init.XavierUniform")]
    public Task NG2001_XavierUnderReLUFamily_IsAWarning(string activation, string init) =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", $"[Layer(16, {activation}, {{|#0:{init}|}})]", "[Layer(1)]"),
            Verify.Diagnostic("NG2001", DiagnosticSeverity.Warning).WithLocation(0));

    [Theory]
    [InlineData("Init.LeCunNormal")]
    [InlineData("Init.LeCunUniform")]
    [InlineData("Init.Orthogonal")]
    public Task NG2001_LeCunOrOrthogonalUnderReLU_OnASquareLayer_HalvesTheVariance(string init) =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 16)]", $"[Layer(16, Activation.ReLU, {{|#0:{init}|}})]", "[Layer(1)]"),
            Verify.Diagnostic("NG2001", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage($"Layer 1 uses {init[5..]} under ReLU: its weights have 0.5× He's variance, so the layer passes on that share of the signal's variance; He initialization is made for it"));

    [Theory]
    [InlineData("[Network(Inputs = 16)]", "[Layer(16, Activation.ReLU, Init.Orthogonal, Gain = 1.4142)]", "")] // PyTorch's calculate_gain('relu')
    [InlineData("[Network(Inputs = 16)]", "[Layer(16, Activation.ReLU, Init.LeCunNormal, Bias = false)]", "[BatchNorm]")]
    [InlineData("[Network(Inputs = 256)]", "[Layer(8, Activation.ReLU, Init.XavierUniform)]", "")] // fan-in ≫ fan-out: 0.97 of He's variance
    public Task NG2001_CompensatedOrNormalized_IsNotReported(string network, string layer, string batchNorm) =>
        Verify.AnalyzeAsync(Source.Network(network, layer, batchNorm, "[Layer(1)]"));

    [Fact]
    public Task NG2001_ManyLayers_NameTheCompoundShrink() => XavierStack(10, DiagnosticSeverity.Warning);

    [Fact]
    public Task NG2001_XavierUnderTanh_IsNotReported() =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.Tanh, Init.XavierNormal)]", "[Layer(1)]"));

    [Theory]
    [InlineData("Init.HeNormal")]
    [InlineData("Init.HeUniform")]
    public Task NG2002_HeUnderSigmoid_IsInfo(string init) =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.Tanh)]", $"[Layer(1, Activation.Sigmoid, {{|#0:{init}|}})]"),
            Verify.Diagnostic("NG2002", DiagnosticSeverity.Info).WithLocation(0));

    [Fact]
    public Task NG2002_HeUnderTanh_IsInfo() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.Tanh, {|#0:Init.HeNormal|})]", "[Layer(1)]"),
            Verify.Diagnostic("NG2002", DiagnosticSeverity.Info).WithLocation(0));

    [Fact]
    public Task NG2002_HeUnderSigmoidFollowedByBatchNorm_IsNotReported() =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.Sigmoid, Init.HeNormal, Bias = false)]", "[BatchNorm]", "[Layer(1)]"));

    [Fact]
    public Task NG2003_ZerosOnAHiddenLayer_Warns() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.Tanh, {|#0:Init.Zeros|})]", "[Layer(1)]"),
            Verify.Diagnostic("NG2003", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage("Layer 1 starts with constant weights (Init.Zeros), so its units get equal gradients and never become different; use XavierUniform"));

    [Fact]
    public Task NG2003_ZeroScaleOrGain_WarnsOnThatArgument() =>
        Verify.AnalyzeAsync(
            Source.Network(
                "[Network(Inputs = 4)]",
                "[Layer(16, Activation.ReLU, Init.RandomNormal, {|#0:Scale = 0|})]",
                "[Layer(16, Activation.ReLU, Init.HeUniform, {|#1:Gain = 0|})]",
                "[Layer(16, Activation.ReLU, Init.RandomUniform, {|#2:Scale = 0.1|})]",
                "[Layer(1)]"),
            Verify.Diagnostic("NG2003", DiagnosticSeverity.Warning).WithLocation(0),
            Verify.Diagnostic("NG2003", DiagnosticSeverity.Warning).WithLocation(1),
            Verify.Diagnostic("NG2005", DiagnosticSeverity.Info).WithLocation(2));

    [Fact]
    public Task NG2003_GainThatIsZeroAsAFloat_Warns() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, Init.HeNormal, {|#0:Gain = 1e-50|})]", "[Layer(1)]"),
            Verify.Diagnostic("NG2003", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage("Layer 1 starts with constant weights (HeNormal with Gain = 1E-50, whose weights are all 0 as floats), so its units get equal gradients and never become different; use HeNormal"));

    [Fact]
    public Task NG2003_SameGainInADoubleNetwork_IsNotReported() =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4, Precision = Precision.Double)]", "[Layer(16, Activation.ReLU, Init.HeNormal, Gain = 1e-50)]", "[Layer(1)]"));

    [Fact]
    public Task NG2003_ZerosOnTheOutputLayer_IsNotReported() =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1, Activation.Sigmoid, Init.Zeros)]"));

    [Theory]
    [InlineData("Init.LeCunUniform")]
    [InlineData("Init.HeNormal")]
    public Task NG2004_SeluWithoutLeCunNormal_IsInfo(string init) =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", $"[Layer(16, Activation.SELU, {{|#0:{init}|}})]", "[Layer(1)]"),
            Verify.Diagnostic("NG2004", DiagnosticSeverity.Info).WithLocation(0));

    [Fact]
    public Task NG2004_SeluWithDefaultOrLeCunNormal_IsNotReported() =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.SELU)]", "[Layer(16, Activation.SELU, Init.LeCunNormal)]", "[Layer(1)]"));

    [Fact]
    public Task NG2004_SeluFollowedByBatchNorm_IsNotReported() =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.SELU, Init.HeNormal, Bias = false)]", "[BatchNorm]", "[Layer(1)]"));

    [Fact]
    public Task NG2005_FixedScaleFarFromTheFanInsVariance_IsInfo() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, {|#0:Init.RandomNormal|})]", "[Layer(1)]"),
            Verify.Diagnostic("NG2005", DiagnosticSeverity.Info).WithLocation(0)
                .WithMessage("Layer 1 draws its weights with RandomNormal at a fixed scale of 0.05 whatever its 4 inputs: 0.005× the weight variance HeNormal gives a layer of that fan-in; use HeNormal"));

    [Fact]
    public Task NG2005_FixedScaleThatHappensToFitTheFanIn_IsNotReported() =>
        // He for 784 inputs: std √(2/784) ≈ 0.0505.
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 784)]", "[Layer(64, Activation.ReLU, Init.RandomNormal, Scale = 0.05)]", "[Layer(1)]"));

    private static Task XavierStack(int count, DiagnosticSeverity severity)
    {
        var layers = Enumerable.Range(0, count).Select(i => $"[Layer(16, Activation.ReLU, {{|#{i}:Init.XavierNormal|}})]").ToArray();
        var expected = Enumerable.Range(0, count).Select(i => Verify.Diagnostic("NG2001", severity).WithLocation(i)).ToArray();
        // Clipping keeps the deep ReLU stack clear of NG1005, so only NG2001 is under test.
        return Verify.AnalyzeAsync(Source.Network(["[Network(Inputs = 4)]", .. layers, "[Layer(1)]", "[GradientClip(MaxNorm = 5)]"]), expected);
    }
}
