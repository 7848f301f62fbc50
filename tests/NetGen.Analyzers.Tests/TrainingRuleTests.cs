using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = NetGen.Analyzers.Tests.Verifier<NetGen.CodeFixes.ArgumentCodeFixProvider>;

namespace NetGen.Analyzers.Tests;

/// <summary>NG3001–NG3006 against the declared training setup, on both sides of every threshold.</summary>
public class TrainingRuleTests
{
    [Theory]
    [InlineData(1, DiagnosticSeverity.Error)]
    [InlineData(2, DiagnosticSeverity.Warning)]
    [InlineData(4, DiagnosticSeverity.Warning)]
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
            Verify.Diagnostic("NG3001", DiagnosticSeverity.Warning).WithLocation(0));

    [Theory]
    [InlineData("{|#0:Samples = 3|}", DiagnosticSeverity.Warning)] // batches of at most 3, whatever the default 32 says
    [InlineData("{|#1:BatchSize = 64|}, {|#0:Samples = 3|}", DiagnosticSeverity.Warning)]
    [InlineData("BatchSize = 0, {|#0:Samples = 3|}", DiagnosticSeverity.Warning)]
    [InlineData("{|#0:Samples = 1|}", DiagnosticSeverity.Error)]
    [InlineData("Samples = 100", null)]
    [InlineData("BatchSize = 0, Samples = 100", null)]
    public Task NG3001_TinyDeclaredTrainingSet_LimitsTheBatch(string training, DiagnosticSeverity? severity) =>
        Verify.AnalyzeAsync(
            Source.Network(
                "[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm]", "[Layer(1)]", $"[Training({training})]"),
            [.. severity is { } s ? [Verify.Diagnostic("NG3001", s).WithLocation(0)] : System.Array.Empty<DiagnosticResult>(),
             .. training.Contains("#1", System.StringComparison.Ordinal) ? [Verify.Diagnostic("NG3006", DiagnosticSeverity.Info).WithLocation(1)] : System.Array.Empty<DiagnosticResult>()]);

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

    [Theory]
    [InlineData("OptimizerKind.Momentum, {|#0:Momentum = 0.995|}", DiagnosticSeverity.Warning)] // 0.01/(1 − 0.995) = 2: 20× the defaults' 0.1
    [InlineData("OptimizerKind.RmsProp, {|#0:Momentum = 0.99|}", DiagnosticSeverity.Warning)] // 0.01/(1 − 0.99) = 1: 100× RMSProp's 0.01
    [InlineData("OptimizerKind.Momentum, {|#0:LearningRate = 0.2|}", DiagnosticSeverity.Warning)] // with the default 0.9: 2
    [InlineData("OptimizerKind.Momentum, {|#0:LearningRate = 0.00005|}", DiagnosticSeverity.Info)] // 0.0005: below 0.01 × 0.1
    [InlineData("OptimizerKind.Momentum, LearningRate = 0.1, Momentum = 0.9", null)] // steps of 1, the top of the band (the Xor sample)
    [InlineData("OptimizerKind.Momentum, Momentum = 0.99", null)] // steps of 1 as well
    [InlineData("OptimizerKind.Momentum, LearningRate = 0.001, Momentum = 0.99", null)]
    [InlineData("OptimizerKind.Momentum, Momentum = 0.999, Dampening = 0.9", null)] // 0.01 × 0.1/0.001 = 1
    [InlineData("OptimizerKind.ExponentialMomentum, Momentum = 0.999", null)] // an average: no amplification
    public Task NG3002_MomentumMultipliesTheStep(string optimizer, DiagnosticSeverity? severity) =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", $"[Optimizer({optimizer})]"),
            severity is { } s ? [Verify.Diagnostic("NG3002", s).WithLocation(0)] : []);

    [Fact]
    public Task NG3002_MomentumMessage_GivesTheEffectiveStep() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer(OptimizerKind.Momentum, {|#0:Momentum = 0.995|})]"),
            Verify.Diagnostic("NG3002", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage("Learning rate 0.01 with momentum 0.995 takes steps of lr/(1 − momentum) = 2 per unit of gradient, which is more than 10× the step of Momentum's defaults, 0.01/(1 − 0.9) = 0.1, and tends to diverge"));

    [Theory]
    [InlineData("", DiagnosticSeverity.Warning)] // 0 as a float
    [InlineData(", Precision = Precision.Double", DiagnosticSeverity.Info)]
    public Task NG3002_RateThatIsZeroAsAFloat_NeverUpdates(string precision, DiagnosticSeverity severity) =>
        Verify.AnalyzeAsync(
            Source.Network($"[Network(Inputs = 4{precision})]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer(OptimizerKind.Sgd, {|#0:LearningRate = 1e-50|})]"),
            Verify.Diagnostic("NG3002", severity).WithLocation(0));

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
    [InlineData("Epochs = 20000", true)] // no sample count: at least one update per epoch
    [InlineData("Epochs = 9999", false)]
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

    [Fact]
    public Task NG3003_WithoutSamples_CountsAtLeastOneUpdatePerEpoch() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer({|#0:OptimizerKind.Adagrad|})]", "[Training(Epochs = 20000)]"),
            Verify.Diagnostic("NG3003", DiagnosticSeverity.Info).WithLocation(0)
                .WithMessage("Adagrad runs at least 20000 updates (20000 epochs of at least one), and its step, divided by the root of every squared gradient so far, shrinks towards zero over such a run; Adam or RMSProp forget old gradients"));

    [Fact]
    public Task NG3005_AdamWithWeightDecay_IsInfoOnTheDecay() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer(OptimizerKind.Adam, {|#0:WeightDecay = 1e-4|})]"),
            Verify.Diagnostic("NG3005", DiagnosticSeverity.Info).WithLocation(0));

    [Theory]
    [InlineData("OptimizerKind.AdamW, WeightDecay = 1e-4")]
    [InlineData("OptimizerKind.Adam, WeightDecay = 0")]
    [InlineData("OptimizerKind.Sgd, WeightDecay = 1e-4")]
    public Task NG3005_DecoupledOrNoDecay_IsNotReported(string optimizer) =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", $"[Optimizer({optimizer})]"));

    [Fact]
    public Task NG3006_BatchSizeAboveSamples_IsInfoOnTheBatchSize() =>
        Verify.AnalyzeAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Training({|#0:BatchSize = 64|}, Samples = 50, Epochs = 10)]"),
            Verify.Diagnostic("NG3006", DiagnosticSeverity.Info).WithLocation(0)
                .WithMessage("BatchSize = 64 is more than the 50 declared Samples, so every batch is the whole training set: 10 updates in 10 epochs; say BatchSize = 0 for full-batch training, or use smaller batches"));

    [Theory]
    [InlineData("BatchSize = 50, Samples = 50")]
    [InlineData("BatchSize = 0, Samples = 50")]
    [InlineData("BatchSize = 64")]
    public Task NG3006_BatchWithinTheSamples_IsNotReported(string training) =>
        Verify.AnalyzeAsync(Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", $"[Training({training})]"));
}
