using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = NetGen.Analyzers.Tests.Verifier<NetGen.CodeFixes.ArgumentCodeFixProvider>;

namespace NetGen.Analyzers.Tests;

/// <summary>NG4001–NG4003: the output layer against the loss.</summary>
public class OutputRuleTests
{
    [Theory]
    [InlineData("Activation.Linear", "LossKind.CategoricalCrossEntropy", 3, true)]
    [InlineData("Activation.Sigmoid", "LossKind.CategoricalCrossEntropy", 3, true)]
    [InlineData("Activation.Softmax", "LossKind.CategoricalCrossEntropy", 3, false)]
    [InlineData("Activation.Linear", "LossKind.BinaryCrossEntropy", 1, true)]
    [InlineData("Activation.Sigmoid", "LossKind.BinaryCrossEntropy", 1, false)]
    [InlineData("Activation.Softmax", "LossKind.MeanSquaredError", 3, true)]
    [InlineData("Activation.Softmax", "LossKind.MeanAbsoluteError", 3, true)]
    [InlineData("Activation.Softmax", "LossKind.Huber", 3, true)]
    [InlineData("Activation.Sigmoid", "LossKind.MeanSquaredError", 3, false)]
    [InlineData("Activation.Linear", "LossKind.Huber", 3, false)]
    public Task NG4001_OutputActivationAgainstTheLoss(string activation, string loss, int units, bool reported) =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", $"[{{|#1:Layer({units}, {activation})|}}]", $"[Loss({{|#0:{loss}|}})]"),
            reported ? [new DiagnosticResult("NG4001", DiagnosticSeverity.Warning).WithLocation(0).WithLocation(1)] : []);

    [Theory]
    [InlineData("Activation.Softmax", "LossKind.CategoricalCrossEntropy", 1, true)]
    [InlineData("Activation.Softmax", "LossKind.CategoricalCrossEntropy", 2, false)]
    [InlineData("Activation.Sigmoid", "LossKind.BinaryCrossEntropy", 1, false)]
    [InlineData("Activation.Sigmoid", "LossKind.BinaryCrossEntropy", 2, true)]
    public Task NG4002_OutputUnitsAgainstTheLoss(string activation, string loss, int units, bool reported) =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", $"[Layer({{|#0:{units}|}}, {activation})]", $"[Loss({loss})]"),
            reported ? [Verify.Diagnostic("NG4002", DiagnosticSeverity.Warning).WithLocation(0)] : []);

    [Fact]
    public Task NG4002_ImplicitLoss_IsJudgedToo() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer({|#0:1|}, Activation.Softmax)]"),
            Verify.Diagnostic("NG4002", DiagnosticSeverity.Warning).WithLocation(0));

    [Theory]
    [InlineData("LossKind.MeanSquaredError")]
    [InlineData("LossKind.Huber")]
    public Task NG4002_OneUnitSoftmax_IsConstantWhateverTheLoss(string loss) =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[{|#1:Layer({|#0:1|}, Activation.Softmax)|}]", $"[Loss({{|#2:{loss}|}})]"),
            Verify.Diagnostic("NG4002", DiagnosticSeverity.Warning).WithLocation(0),
            // A regression loss on softmax is also NG4001's.
            new DiagnosticResult("NG4001", DiagnosticSeverity.Warning).WithLocation(2).WithLocation(1));

    [Theory]
    [InlineData("[Loss(LossKind.MeanSquaredError)]")]
    [InlineData("[Loss(LossKind.MeanAbsoluteError)]")]
    [InlineData("")] // an omitted [Loss] implies MSE for a ReLU output
    public Task NG4003_ReLUOutputForRegression_IsInfoOnTheActivation(string loss) =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1, {|#0:Activation.ReLU|})]", loss),
            Verify.Diagnostic("NG4003", DiagnosticSeverity.Info).WithLocation(0));

    [Theory]
    [InlineData("[Layer(1)]")]
    [InlineData("[Layer(1, Activation.Sigmoid)]\n[Loss(LossKind.MeanSquaredError)]")]
    public Task NG4003_LinearOrBoundedOutput_IsNotReported(string output) =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", output));
}
