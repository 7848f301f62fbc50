using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = NetGen.Analyzers.Tests.Verifier<NetGen.CodeFixes.LayerStackCodeFixProvider>;

namespace NetGen.Analyzers.Tests;

/// <summary>NG1001–NG1009 and NG1020 on the right span, on both sides of every threshold.</summary>
public class ArchitectureRuleTests
{
    private const string Output = "[Layer(10, Activation.Softmax)]";

    [Fact]
    public Task NG1001_FourSigmoidLayers_AreNotReported() =>
        Verify.AnalyzeAsync(Source.Network([
            "[Network(Inputs = 8)]", .. Source.Repeat(4, "[Layer(16, Activation.Sigmoid)]"), Output]));

    [Fact]
    public Task NG1001_FiveSigmoidLayers_WarnOnTheFifthWithTheRunAsAdditionalLocations() =>
        Verify.AnalyzeAsync(
            Source.Network(
                "[Network(Inputs = 8)]",
                "{|#1:Layer(16, Activation.Sigmoid)|}".Bracket(),
                "{|#2:Layer(16, Activation.Sigmoid)|}".Bracket(),
                "{|#3:Layer(16, Activation.Sigmoid)|}".Bracket(),
                "{|#4:Layer(16, Activation.Sigmoid)|}".Bracket(),
                "[{|#5:Layer(16, {|#0:Activation.Sigmoid|})|}]",
                Output),
            new DiagnosticResult("NG1001", DiagnosticSeverity.Warning)
                .WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(3).WithLocation(4).WithLocation(5)
                .WithMessage("Layers 1 to 5 stack 5 Sigmoid hidden layers without batch norm, so the gradient reaching layer 1 can shrink by 0.25^5 ≈ 0.00098 (vanishing gradients)"));

    [Fact]
    public Task NG1001_FiveTanhLayers_AreInfo() =>
        Verify.AnalyzeAsync(
            Source.Network([
                "[Network(Inputs = 8)]", .. Source.Repeat(4, "[Layer(16, Activation.Tanh)]"), "[Layer(16, {|#0:Activation.Tanh|})]", Output]),
            Verify.Diagnostic("NG1001", DiagnosticSeverity.Info).WithLocation(0));

    [Fact]
    public Task NG1001_BatchNormBreaksTheRun() =>
        Verify.AnalyzeAsync(Source.Network([
            "[Network(Inputs = 8)]",
            .. Source.Repeat(3, "[Layer(16, Activation.Sigmoid)]"),
            "[Layer(16, Activation.Sigmoid, Bias = false)]",
            "[BatchNorm]",
            .. Source.Repeat(4, "[Layer(16, Activation.Sigmoid)]"),
            Output]));

    [Fact]
    public Task NG1001_SigmoidThenTanh_IsOneRun() =>
        Verify.AnalyzeAsync(
            Source.Network([
                "[Network(Inputs = 8)]", .. Source.Repeat(3, "[Layer(16, Activation.Sigmoid)]"), "[Layer(16, Activation.Tanh)]", "[Layer(16, {|#0:Activation.Tanh|})]", "[Layer(16, Activation.Tanh)]", Output]),
            Verify.Diagnostic("NG1001", DiagnosticSeverity.Warning).WithLocation(0));

    [Fact]
    public Task NG1001_AlternatingSigmoidAndTanh_WarnsWithTheSigmoidsBound() =>
        Verify.AnalyzeAsync(
            Source.Network(
                "[Network(Inputs = 8)]",
                "[Layer(16, Activation.Sigmoid)]",
                "[Layer(16, Activation.Tanh)]",
                "[Layer(16, Activation.Sigmoid)]",
                "[Layer(16, Activation.Tanh)]",
                "[Layer(16, {|#0:Activation.Sigmoid|})]",
                Output),
            Verify.Diagnostic("NG1001", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage("Layers 1 to 5 stack 5 saturating hidden layers (3 Sigmoid, 2 Tanh) without batch norm, so the gradient reaching layer 1 can shrink by 0.25^3 ≈ 0.016 through the sigmoids alone, and more where the tanh units saturate (vanishing gradients)"));

    [Fact]
    public Task NG1001_FourAlternatingLayers_AreNotReported() =>
        Verify.AnalyzeAsync(Source.Network([
            "[Network(Inputs = 8)]", "[Layer(16, Activation.Sigmoid)]", "[Layer(16, Activation.Tanh)]", "[Layer(16, Activation.Sigmoid)]", "[Layer(16, Activation.Tanh)]", Output]));

    [Fact]
    public Task NG1001_ThresholdComesFromEditorConfig() =>
        Verify.AnalyzeAsync(
            Source.Network([
                "[Network(Inputs = 8)]", "[Layer(16, Activation.Sigmoid)]", "[Layer(16, {|#0:Activation.Sigmoid|})]", "[Layer(16, Activation.Sigmoid)]", Output]),
            "netgen.NG1001.max_sigmoid_depth = 1\nnetgen.NG1001.max_tanh_depth = not-a-number\n",
            Verify.Diagnostic("NG1001", DiagnosticSeverity.Warning).WithLocation(0));

    [Fact]
    public Task NG1001_OutputLayerIsNotPartOfTheStack() =>
        Verify.AnalyzeAsync(Source.Network([
            "[Network(Inputs = 8)]", .. Source.Repeat(4, "[Layer(16, Activation.Sigmoid)]"), "[Layer(1, Activation.Sigmoid)]"]));

    [Fact]
    public Task NG1002_LinearHiddenLayer_IsReportedOnTheActivation() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, {|#0:Activation.Linear|})]", "[Layer(1)]"),
            Verify.Diagnostic("NG1002", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage("Layer 1 is a hidden layer with a linear activation, so it and layer 2 compose into a single affine map"));

    [Fact]
    public Task NG1002_OmittedActivation_IsReportedOnTheLayer() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[{|#0:Layer(16)|}]", "[Layer(1)]"),
            Verify.Diagnostic("NG1002", DiagnosticSeverity.Warning).WithLocation(0));

    [Fact]
    public Task NG1002_LeakyReLUWithSlopeOne_IsLinear() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.LeakyReLU, {|#0:Slope = 1|})]", "[Layer(1)]"),
            Verify.Diagnostic("NG1002", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage("Layer 1 is a LeakyReLU with Slope = 1, which is the identity, so it and layer 2 compose into a single affine map"));

    [Theory]
    [InlineData("Activation.LeakyReLU, Slope = 0.5")]
    [InlineData("Activation.PReLU, Slope = 1")] // learned: it leaves 1 as soon as it trains
    public Task NG1002_OtherSlopes_AreNotReported(string activation) =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4)]", $"[Layer(16, {activation})]", "[Layer(1)]"));

    [Fact]
    public Task NG1002_LinearOutputLayer_IsNotReported() =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1, Activation.Linear)]"));

    [Theory]
    [InlineData("0.5", false)]
    [InlineData("0.51", true)]
    public Task NG1003_DropoutAboveHalf_IsInfo(string rate, bool reported) =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", $"[Dropout({{|#0:{rate}|}})]", "[Layer(1)]"),
            reported ? [Verify.Diagnostic("NG1003", DiagnosticSeverity.Info).WithLocation(0)] : []);

    [Fact]
    public Task NG1003_ThresholdComesFromEditorConfig() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Dropout(0.6)]", "[Layer(1)]"),
            "netgen.NG1003.max_dropout_rate = 0.7\n");

    [Fact]
    public Task NG1004_BiasBeforeBatchNorm_IsReportedOnTheLayer() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[{|#0:Layer(16, Activation.ReLU)|}]", "[BatchNorm]", "[Layer(1)]"),
            Verify.Diagnostic("NG1004", DiagnosticSeverity.Info).WithLocation(0));

    [Fact]
    public Task NG1004_WrittenBias_IsReportedOnTheArgument() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, {|#0:Bias = true|})]", "[BatchNorm]", "[Layer(1)]"),
            Verify.Diagnostic("NG1004", DiagnosticSeverity.Info).WithLocation(0));

    [Fact]
    public Task NG1004_NoBiasBeforeBatchNorm_IsNotReported() =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm]", "[Layer(1)]"));

    [Fact]
    public Task NG1005_FourReLULayers_AreNotReported() =>
        Verify.AnalyzeAsync(Source.Network(["[Network(Inputs = 8)]", .. Source.Repeat(4, "[Layer(16, Activation.ReLU)]"), Output]));

    [Fact]
    public Task NG1005_FiveReLUFamilyLayers_AreInfoOnTheFifth() =>
        Verify.AnalyzeAsync(
            Source.Network(
                "[Network(Inputs = 8)]",
                "[Layer(16, Activation.ReLU)]",
                "[Layer(16, Activation.LeakyReLU)]",
                "[Layer(16, Activation.ELU)]",
                "[Layer(16, Activation.GELU)]",
                "[Layer(16, {|#0:Activation.PReLU|})]",
                Output),
            Verify.Diagnostic("NG1005", DiagnosticSeverity.Info).WithLocation(0));

    [Theory]
    [InlineData("[GradientClip(MaxNorm = 1)]")]
    [InlineData("[GradientClip(MaxValue = 1)]")]
    public Task NG1005_GradientClipping_SilencesIt(string clip) =>
        Verify.AnalyzeAsync(Source.Network(["[Network(Inputs = 8)]", .. Source.Repeat(6, "[Layer(16, Activation.ReLU)]"), Output, clip]));

    [Fact]
    public Task NG1005_OneBatchNormLowInTheStack_LeavesTheLayersAboveReported() =>
        Verify.AnalyzeAsync(
            Source.Network([
                "[Network(Inputs = 8)]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm]", .. Source.Repeat(4, "[Layer(16, Activation.ReLU)]"), "[Layer(16, {|#0:Activation.ReLU|})]", Output]),
            Verify.Diagnostic("NG1005", DiagnosticSeverity.Info).WithLocation(0)
                .WithMessage("Layers 2 to 6 have 5 ReLU-family hidden layers and no [BatchNorm] among them (a [BatchNorm] bounds only the layer it follows), and the network has no [GradientClip], so their gradients can explode"));

    [Fact]
    public Task NG1005_BatchNormSplittingTheStack_SilencesIt() =>
        Verify.AnalyzeAsync(Source.Network([
            "[Network(Inputs = 8)]", .. Source.Repeat(3, "[Layer(16, Activation.ReLU)]"), "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm]", .. Source.Repeat(4, "[Layer(16, Activation.ReLU)]"), Output]));

    [Fact]
    public Task NG1006_BatchNormMomentumZero_Warns() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm({|#0:Momentum = 0|})]", "[Layer(1)]"),
            Verify.Diagnostic("NG1006", DiagnosticSeverity.Warning).WithLocation(0));

    [Theory]
    [InlineData("[BatchNorm(Momentum = 0.01)]")]
    [InlineData("[BatchNorm]")]
    public Task NG1006_MovingStatistics_AreNotReported(string batchNorm) =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, Bias = false)]", batchNorm, "[Layer(1)]"));

    [Fact]
    public Task NG1007_SeluWithDropout_IsInfoOnTheRate() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.SELU)]", "[Dropout({|#0:0.2|})]", "[Layer(1)]"),
            Verify.Diagnostic("NG1007", DiagnosticSeverity.Info).WithLocation(0));

    [Fact]
    public Task NG1007_ReLUWithDropout_IsNotReported() =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Dropout(0.2)]", "[Layer(1)]"));

    [Fact]
    public Task NG1008_DropoutFeedingABatchNormedLayer_IsInfoOnTheRate() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Dropout({|#0:0.3|})]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm]", "[Layer(1)]"),
            Verify.Diagnostic("NG1008", DiagnosticSeverity.Info).WithLocation(0));

    [Fact]
    public Task NG1008_DropoutAfterTheLastBatchNorm_IsNotReported() =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm]", "[Dropout(0.3)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]"));

    [Theory]
    [InlineData("Activation.Sigmoid")]
    [InlineData("Activation.Tanh")]
    public Task NG1009_BatchNormWithoutAffine_BeforeASaturatingActivation_IsInfo(string activation) =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", $"[Layer(16, {activation}, Bias = false)]", "[BatchNorm({|#0:Affine = false|})]", "[Layer(1)]"),
            Verify.Diagnostic("NG1009", DiagnosticSeverity.Info).WithLocation(0));

    [Theory]
    [InlineData("Activation.ReLU", "[BatchNorm(Affine = false)]")]
    [InlineData("Activation.Sigmoid", "[BatchNorm]")]
    public Task NG1009_AffineOrNonSaturating_IsNotReported(string activation, string batchNorm) =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4)]", $"[Layer(16, {activation}, Bias = false)]", batchNorm, "[Layer(1)]"));

    [Fact]
    public Task NG1020_SixtyLayers_AreNotReported() =>
        Verify.AnalyzeAsync(Source.Network([
            "[Network(Inputs = 8)]", .. Source.Repeat(59, "[Layer(64, Activation.ReLU, Bias = false)]\n[BatchNorm]"), Output]));

    [Fact]
    public Task NG1020_HundredLayers_WarnOnTheLayerThatTakesTheEstimateOver8MB() =>
        // About 15 KB for the network, 103 KB per 64-unit layer with batch norm, 78 KB for the output: layer 78 crosses 8 MB.
        Verify.AnalyzeAsync(
            Source.Network([
                "[Network(Inputs = 8)]",
                .. Source.Repeat(77, "[Layer(64, Activation.ReLU, Bias = false)]\n[BatchNorm]"),
                "[{|#0:Layer(64, Activation.ReLU, Bias = false)|}]\n[BatchNorm]",
                .. Source.Repeat(21, "[Layer(64, Activation.ReLU, Bias = false)]\n[BatchNorm]"),
                Output]),
            Verify.Diagnostic("NG1020", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage("The network's 100 layers generate about 10 MB of C# (about 103 KB per layer), more than 8 MB from layer 78 on; every build compiles it, at a few seconds per megabyte"));

    [Fact]
    public Task NG1020_ThresholdComesFromEditorConfig() =>
        Verify.AnalyzeAsync(
            Source.Network([
                "[Network(Inputs = 8)]",
                .. Source.Repeat(9, "[Layer(64, Activation.ReLU, Bias = false)]\n[BatchNorm]"),
                "[{|#0:Layer(64, Activation.ReLU, Bias = false)|}]\n[BatchNorm]",
                "[Layer(64, Activation.ReLU, Bias = false)]\n[BatchNorm]",
                Output]),
            "netgen.NG1020.max_generated_megabytes = 1\n",
            Verify.Diagnostic("NG1020", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage("The network's 12 layers generate about 1.2 MB of C# (about 102 KB per layer), more than 1 MB from layer 10 on; every build compiles it, at a few seconds per megabyte"));
}

internal static class MarkupExtensions
{
    public static string Bracket(this string attribute) => "[" + attribute + "]";
}
