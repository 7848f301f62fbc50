using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = NetGen.Analyzers.Tests.Verifier<NetGen.CodeFixes.ArgumentCodeFixProvider>;

namespace NetGen.Analyzers.Tests;

/// <summary>NG2001–NG2004 on the initializer argument, on both sides of every threshold.</summary>
public class InitializationRuleTests
{
    [Theory]
    [InlineData("Activation.ReLU", "Init.XavierUniform")]
    [InlineData("Activation.LeakyReLU", "Init.XavierNormal")]
    [InlineData("Activation.GELU", "Init.XavierUniform")]
    public Task NG2001_XavierUnderReLUFamily_IsInfo(string activation, string init) =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", $"[Layer(16, {activation}, {{|#0:{init}|}})]", "[Layer(1)]"),
            Verify.Diagnostic("NG2001", DiagnosticSeverity.Info).WithLocation(0));

    [Fact]
    public Task NG2001_NineLayers_AreInfo() => XavierStack(9, DiagnosticSeverity.Info);

    [Fact]
    public Task NG2001_TenLayers_AreWarnings() => XavierStack(10, DiagnosticSeverity.Warning);

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
                "[Layer(16, Activation.ReLU, Init.RandomUniform, Scale = 0.1)]",
                "[Layer(1)]"),
            Verify.Diagnostic("NG2003", DiagnosticSeverity.Warning).WithLocation(0),
            Verify.Diagnostic("NG2003", DiagnosticSeverity.Warning).WithLocation(1));

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

    private static Task XavierStack(int count, DiagnosticSeverity severity)
    {
        var layers = Enumerable.Range(0, count).Select(i => $"[Layer(16, Activation.ReLU, {{|#{i}:Init.XavierNormal|}})]").ToArray();
        var expected = Enumerable.Range(0, count).Select(i => Verify.Diagnostic("NG2001", severity).WithLocation(i)).ToArray();
        // Clipping keeps the deep ReLU stack clear of NG1005, so only NG2001 is under test.
        return Verify.AnalyzeAsync(Source.Network(["[Network(Inputs = 4)]", .. layers, "[Layer(1)]", "[GradientClip(MaxNorm = 5)]"]), expected);
    }
}
