using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = NetGen.Analyzers.Tests.Verifier<NetGen.CodeFixes.ArgumentCodeFixProvider>;

namespace NetGen.Analyzers.Tests;

/// <summary>NG3001–NG3003 against the declared training setup, on both sides of every threshold.</summary>
public class TrainingRuleTests
{
    [Theory]
    [InlineData(1, DiagnosticSeverity.Error)]
    [InlineData(2, DiagnosticSeverity.Info)]
    [InlineData(4, DiagnosticSeverity.Info)]
    [InlineData(5, null)]
    [InlineData(0, null)]
    public Task NG3001_BatchNormWithATinyBatch(int batchSize, DiagnosticSeverity? severity) =>
        Verify.AnalyzeAsync(
            Source.Network(
                "[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm]", "[Layer(1)]",
                $"[Training({{|#0:BatchSize = {batchSize}|}}, Epochs = 10)]"),
            severity is { } s ? [Verify.Diagnostic("NG3001", s).WithLocation(0)] : []);

    [Fact]
    public Task NG3001_WithoutBatchNorm_IsNotReported() =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Training(BatchSize = 1)]"));

    [Fact]
    public Task NG3001_SmallBatchThresholdComesFromEditorConfig() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm]", "[Layer(1)]", "[Training({|#0:BatchSize = 8|})]"),
            "netgen.NG3001.small_batch_size = 8\n",
            Verify.Diagnostic("NG3001", DiagnosticSeverity.Info).WithLocation(0));

    [Theory]
    [InlineData("Sgd", "0", DiagnosticSeverity.Warning)]
    [InlineData("Sgd", "0.1", null)]
    [InlineData("Sgd", "0.1001", DiagnosticSeverity.Warning)]
    [InlineData("Sgd", "0.0001", null)]
    [InlineData("Sgd", "0.00009", DiagnosticSeverity.Info)]
    [InlineData("Adam", "0.01", null)]
    [InlineData("Adam", "0.05", DiagnosticSeverity.Warning)]
    [InlineData("Adam", "1e-6", DiagnosticSeverity.Info)]
    [InlineData("Adadelta", "1.0", null)]
    [InlineData("Adadelta", "0.001", DiagnosticSeverity.Info)]
    public Task NG3002_LearningRateRelativeToTheDefault(string optimizer, string rate, DiagnosticSeverity? severity) =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", $"[Optimizer(OptimizerKind.{optimizer}, {{|#0:LearningRate = {rate}|}})]"),
            severity is { } s ? [Verify.Diagnostic("NG3002", s).WithLocation(0)] : []);

    [Fact]
    public Task NG3002_BandComesFromEditorConfig() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer(OptimizerKind.Sgd, LearningRate = 0.5)]"),
            "netgen.NG3002.max_factor = 100\n");

    [Theory]
    [InlineData("Epochs = 1000, Samples = 320", true)] // 1000 epochs × 10 updates of 32 = 10 000
    [InlineData("Epochs = 1000, Samples = 288", false)] // × 9 = 9 000
    [InlineData("BatchSize = 0, Epochs = 10000, Samples = 5", true)] // full batch: 1 update per epoch
    [InlineData("BatchSize = 0, Epochs = 9999, Samples = 5", false)]
    [InlineData("Epochs = 100000", false)] // no sample count, no estimate
    public Task NG3003_AdagradOverALongRun(string training, bool reported) =>
        Verify.AnalyzeAsync(
            Source.Network(
                "[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]",
                "[Optimizer({|#0:OptimizerKind.Adagrad|}, LearningRateDecay = 0.001)]", $"[Training({training})]"),
            reported ? [Verify.Diagnostic("NG3003", DiagnosticSeverity.Info).WithLocation(0)] : []);

    [Fact]
    public Task NG3003_LongRunThresholdComesFromEditorConfig() =>
        Verify.AnalyzeAsync(
            Source.Network(
                "[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer({|#0:OptimizerKind.Adagrad|})]", "[Training(Epochs = 10, Samples = 320)]"),
            "netgen.NG3003.long_run_steps = 100\n",
            Verify.Diagnostic("NG3003", DiagnosticSeverity.Info).WithLocation(0)
                .WithMessage("Adagrad runs 100 updates (10 epochs of 10), and its step, divided by the root of every squared gradient so far, shrinks towards zero over such a run; Adam or RMSProp forget old gradients"));
}
