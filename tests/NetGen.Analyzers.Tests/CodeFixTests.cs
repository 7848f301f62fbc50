using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using NetGen.CodeFixes;
using Args = NetGen.Analyzers.Tests.Verifier<NetGen.CodeFixes.ArgumentCodeFixProvider>;
using Partial = NetGen.Analyzers.Tests.Verifier<NetGen.CodeFixes.MakePartialCodeFixProvider>;
using Dropout = NetGen.Analyzers.Tests.Verifier<NetGen.CodeFixes.RemoveDropoutCodeFixProvider>;
using Stack = NetGen.Analyzers.Tests.Verifier<NetGen.CodeFixes.LayerStackCodeFixProvider>;

namespace NetGen.Analyzers.Tests;

/// <summary>
/// Every code fix, applied to one diagnostic and through Fix All (each source holds at least two diagnostics), gives
/// the expected declaration; what the fixed declaration still reports is listed.
/// </summary>
public class CodeFixTests
{
    private static DiagnosticResult Warning(string id, int location) => Args.Diagnostic(id, DiagnosticSeverity.Warning).WithLocation(location);

    private static DiagnosticResult Info(string id, int location) => Args.Diagnostic(id, DiagnosticSeverity.Info).WithLocation(location);

    [Fact]
    public Task NG0001_AddsPartialToTheClassAndItsContainingType() =>
        Partial.FixAsync(
            """
            using NetGen;

            namespace Samples;

            public class Outer
            {
                [Network(Inputs = 4)]
                [Layer(1, Activation.Sigmoid)]
                public class {|#0:Net|}
                {
                }
            }

            [Network(Inputs = 4)]
            [Layer(1, Activation.Sigmoid)]
            public sealed class {|#1:Other|}
            {
            }
            """,
            [
                new DiagnosticResult("NG0001", DiagnosticSeverity.Error).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                    .WithMessage("Network class 'Net' must be declared partial so the generated code can be added to it"),
                new DiagnosticResult("NG0001", DiagnosticSeverity.Error).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                    .WithMessage("Type 'Outer', which contains network class 'Net', must be declared partial"),
                new DiagnosticResult("NG0001", DiagnosticSeverity.Error).WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
            ],
            """
            using NetGen;

            namespace Samples;

            public partial class Outer
            {
                [Network(Inputs = 4)]
                [Layer(1, Activation.Sigmoid)]
                public partial class Net
                {
                }
            }

            [Network(Inputs = 4)]
            [Layer(1, Activation.Sigmoid)]
            public sealed partial class Other
            {
            }
            """,
            MakePartialCodeFixProvider.EquivalenceKey,
            iterations: 2);

    [Fact]
    public Task NG1001_UseReLUWithHe_ChangesEveryLayerOfEachRun() =>
        Stack.FixAsync(
            Source.Networks(
                ["[Network(Inputs = 8)]", .. Source.Repeat(4, "[Layer(16, Activation.Sigmoid)]"), "[Layer(16, {|#0:Activation.Sigmoid|}, Init.XavierNormal)]", "[Layer(10, Activation.Softmax)]"],
                ["[Network(Inputs = 8)]", .. Source.Repeat(4, "[Layer(16, Activation.Sigmoid)]"), "[Layer(16, {|#1:Activation.Sigmoid|})]", "[Layer(1, Activation.Sigmoid)]"]),
            [Warning("NG1001", 0), Warning("NG1001", 1)],
            Source.Networks(
                ["[Network(Inputs = 8)]", .. Source.Repeat(4, "[Layer(16, Activation.ReLU)]"), "[Layer(16, {|#0:Activation.ReLU|}, Init.HeNormal)]", "[Layer(10, Activation.Softmax)]"],
                ["[Network(Inputs = 8)]", .. Source.Repeat(4, "[Layer(16, Activation.ReLU)]"), "[Layer(16, {|#1:Activation.ReLU|})]", "[Layer(1, Activation.Sigmoid)]"]),
            LayerStackCodeFixProvider.UseReLUWithHeKey,
            // Five ReLU layers without normalization: the next rule speaks up, as it should.
            remaining: [Info("NG1005", 0), Info("NG1005", 1)]);

    [Fact]
    public Task NG1001_InsertBatchNorm_AfterEachLayerOfTheRunWithoutBias() =>
        Stack.FixAsync(
            Source.Networks(
                ["[Network(Inputs = 8)]", .. Source.Repeat(4, "[Layer(16, Activation.Sigmoid)]"), "[Layer(16, {|#0:Activation.Sigmoid|})]", "[Layer(10, Activation.Softmax)]"],
                ["[Network(Inputs = 8)]", "[Layer(16, Activation.Tanh), Layer(16, Activation.Tanh)]", .. Source.Repeat(2, "[Layer(16, Activation.Tanh)]"), "[Layer(16, {|#1:Activation.Tanh|})]", "[Layer(1)]"]),
            [Warning("NG1001", 0), Info("NG1001", 1)],
            Source.Networks(
                ["[Network(Inputs = 8)]", .. Source.Repeat(5, "[Layer(16, Activation.Sigmoid, Bias = false)]\n[BatchNorm]"), "[Layer(10, Activation.Softmax)]"],
                ["[Network(Inputs = 8)]", "[Layer(16, Activation.Tanh, Bias = false), BatchNorm, Layer(16, Activation.Tanh, Bias = false), BatchNorm]", .. Source.Repeat(3, "[Layer(16, Activation.Tanh, Bias = false)]\n[BatchNorm]"), "[Layer(1)]"]),
            LayerStackCodeFixProvider.InsertBatchNormKey);

    [Fact]
    public Task NG1002_UseReLUWithHe_WritesTheActivationAndReplacesAWrittenInit() =>
        Args.FixAsync(
            Source.Network("[Network(Inputs = 4)]", "[{|#0:Layer(16)|}]", "[Layer(16, {|#1:Activation.Linear|}, Init.XavierUniform)]", "[Layer(1)]"),
            [Warning("NG1002", 0), Warning("NG1002", 1)],
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(16, Activation.ReLU, Init.HeNormal)]", "[Layer(1)]"),
            "NG1002.UseReLUWithHe");

    [Fact]
    public Task NG1004_RemoveBias() =>
        Args.FixAsync(
            Source.Network("[Network(Inputs = 4)]", "[{|#0:Layer(16, Activation.ReLU)|}]", "[BatchNorm]", "[Layer(16, Activation.ReLU, {|#1:Bias = true|})]", "[BatchNorm]", "[Layer(1)]"),
            [Info("NG1004", 0), Info("NG1004", 1)],
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm]", "[Layer(1)]"),
            "NG1004.RemoveBias");

    [Fact]
    public Task NG1005_InsertBatchNorm_AfterEveryHiddenLayer() =>
        Stack.FixAsync(
            Source.Networks(
                ["[Network(Inputs = 8)]", .. Source.Repeat(4, "[Layer(16, Activation.ReLU)]"), "[Layer(16, {|#0:Activation.ReLU|})]", "[Layer(1)]"],
                ["[Network(Inputs = 8)]", .. Source.Repeat(4, "[Layer(8, Activation.ELU)]"), "[Layer(8, {|#1:Activation.ELU|})]", "[Layer(1)]"]),
            [Info("NG1005", 0), Info("NG1005", 1)],
            Source.Networks(
                ["[Network(Inputs = 8)]", .. Source.Repeat(5, "[Layer(16, Activation.ReLU, Bias = false)]\n[BatchNorm]"), "[Layer(1)]"],
                ["[Network(Inputs = 8)]", .. Source.Repeat(5, "[Layer(8, Activation.ELU, Bias = false)]\n[BatchNorm]"), "[Layer(1)]"]),
            LayerStackCodeFixProvider.DeepInsertBatchNormKey);

    [Fact]
    public Task NG1005_InsertBatchNorm_OnlyWhereTheStackHasNone() =>
        Stack.FixAsync(
            Source.Networks(
                ["[Network(Inputs = 8)]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm]", .. Source.Repeat(4, "[Layer(16, Activation.ReLU)]"), "[Layer(16, {|#0:Activation.ReLU|})]", "[Layer(1)]"],
                ["[Network(Inputs = 8)]", .. Source.Repeat(4, "[Layer(8, Activation.GELU)]"), "[Layer(8, {|#1:Activation.GELU|})]", "[Layer(8, Activation.GELU, Bias = false)]", "[BatchNorm]", "[Layer(1)]"]),
            [Info("NG1005", 0), Info("NG1005", 1)],
            Source.Networks(
                ["[Network(Inputs = 8)]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm]", .. Source.Repeat(5, "[Layer(16, Activation.ReLU, Bias = false)]\n[BatchNorm]"), "[Layer(1)]"],
                ["[Network(Inputs = 8)]", .. Source.Repeat(5, "[Layer(8, Activation.GELU, Bias = false)]\n[BatchNorm]"), "[Layer(8, Activation.GELU, Bias = false)]", "[BatchNorm]", "[Layer(1)]"]),
            LayerStackCodeFixProvider.DeepInsertBatchNormKey);

    [Fact]
    public Task NG1005_AddGradientClip_AfterTheLastAttribute() =>
        Stack.FixAsync(
            Source.Networks(
                ["[Network(Inputs = 8)]", .. Source.Repeat(4, "[Layer(16, Activation.ReLU)]"), "[Layer(16, {|#0:Activation.ReLU|})]", "[Layer(1)]", "[Optimizer(OptimizerKind.Adam)]"],
                ["[Network(Inputs = 8)]", .. Source.Repeat(4, "[Layer(16, Activation.ReLU)]"), "[Layer(16, {|#1:Activation.ReLU|})]", "[Layer(1)]"]),
            [Info("NG1005", 0), Info("NG1005", 1)],
            Source.Networks(
                ["[Network(Inputs = 8)]", .. Source.Repeat(5, "[Layer(16, Activation.ReLU)]"), "[Layer(1)]", "[Optimizer(OptimizerKind.Adam)]", "[GradientClip(MaxNorm = 5)]"],
                ["[Network(Inputs = 8)]", .. Source.Repeat(5, "[Layer(16, Activation.ReLU)]"), "[Layer(1)]", "[GradientClip(MaxNorm = 5)]"]),
            LayerStackCodeFixProvider.AddGradientClipKey);

    [Theory]
    [InlineData("NG2001.HeNormal", "Init.HeNormal")]
    [InlineData("NG2001.HeUniform", "Init.HeUniform")]
    public Task NG2001_UseHe(string key, string init) =>
        Args.FixAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, {|#0:Init.XavierUniform|})]", "[Layer(16, Activation.GELU, {|#1:init: NetGen.Init.XavierNormal|})]", "[Layer(1)]"),
            [Warning("NG2001", 0), Warning("NG2001", 1)],
            Source.Network("[Network(Inputs = 4)]", $"[Layer(16, Activation.ReLU, {init})]", $"[Layer(16, Activation.GELU, init: {init})]", "[Layer(1)]"),
            key);

    [Fact]
    public Task NG2002_UseXavierUniform() =>
        Args.FixAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.Sigmoid, {|#0:Init.HeNormal|})]", "[Layer(1, Activation.Sigmoid, {|#1:Init.HeUniform|})]"),
            [Info("NG2002", 0), Info("NG2002", 1)],
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.Sigmoid, Init.XavierUniform)]", "[Layer(1, Activation.Sigmoid, Init.XavierUniform)]"),
            "NG2002.XavierUniform");

    [Fact]
    public Task NG2003_UseTheMatchingInit_AndDropTheZeroScale() =>
        Args.FixAsync(
            Source.Network(
                "[Network(Inputs = 4)]",
                "[Layer(16, Activation.ReLU, {|#0:Init.Zeros|})]",
                "[Layer(16, Activation.Tanh, Init.RandomNormal, {|#1:Scale = 0|}, Bias = false)]",
                "[Layer(1)]"),
            [Warning("NG2003", 0), Warning("NG2003", 1)],
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, Init.HeNormal)]", "[Layer(16, Activation.Tanh, Init.XavierUniform, Bias = false)]", "[Layer(1)]"),
            "NG2003.MatchingInit");

    [Fact]
    public Task NG2004_UseLeCunNormal() =>
        Args.FixAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.SELU, {|#0:Init.HeNormal|})]", "[Layer(16, Activation.SELU, {|#1:Init.LeCunUniform|})]", "[Layer(1)]"),
            [Info("NG2004", 0), Info("NG2004", 1)],
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.SELU, Init.LeCunNormal)]", "[Layer(16, Activation.SELU, Init.LeCunNormal)]", "[Layer(1)]"),
            "NG2004.LeCunNormal");

    [Fact]
    public Task NG3002_UseTheDefaultLearningRate() =>
        Args.FixAsync(
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer(OptimizerKind.Adam, {|#0:LearningRate = 0.5|}, Beta1 = 0.8)]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer(OptimizerKind.Sgd, {|#1:LearningRate = 0|})]"]),
            [Warning("NG3002", 0), Warning("NG3002", 1)],
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer(OptimizerKind.Adam, Beta1 = 0.8)]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer(OptimizerKind.Sgd)]"]),
            "NG3002.DefaultLearningRate");

    [Theory]
    [InlineData("NG3003.Adam", "OptimizerKind.Adam")]
    [InlineData("NG3003.RmsProp", "OptimizerKind.RmsProp")]
    public Task NG3003_SwitchOptimizer_AndDropAdagradOnlyArguments(string key, string optimizer) =>
        Args.FixAsync(
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer({|#0:OptimizerKind.Adagrad|}, LearningRateDecay = 0.01, InitialAccumulator = 0.1, {|#2:WeightDecay = 0.001|})]", "[Training(Epochs = 100, Samples = 5000)]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer({|#1:OptimizerKind.Adagrad|})]", "[Training(Epochs = 100, Samples = 5000)]"]),
            [Info("NG3003", 0), Info("NG3003", 1)],
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", $"[Optimizer({optimizer}, {{|#2:WeightDecay = 0.001|}})]", "[Training(Epochs = 100, Samples = 5000)]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", $"[Optimizer({optimizer})]", "[Training(Epochs = 100, Samples = 5000)]"]),
            key,
            // Adam couples that weight decay to the gradient: NG3005 then suggests AdamW.
            remaining: optimizer == "OptimizerKind.Adam" ? [Info("NG3005", 2)] : []);

    [Fact]
    public Task NG4001_MatchingActivation_OnTheOutputLayer() =>
        Args.FixAsync(
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(3)]", "[Loss({|#0:LossKind.CategoricalCrossEntropy|})]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1, Activation.Tanh)]", "[Loss({|#1:LossKind.BinaryCrossEntropy|})]"]),
            [Warning("NG4001", 0), Warning("NG4001", 1)],
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(3, Activation.Softmax)]", "[Loss(LossKind.CategoricalCrossEntropy)]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1, Activation.Sigmoid)]", "[Loss(LossKind.BinaryCrossEntropy)]"]),
            "NG4001.MatchingActivation");

    [Fact]
    public Task NG4001_MatchingLoss() =>
        Args.FixAsync(
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(3, Activation.Softmax)]", "[Loss({|#0:LossKind.MeanSquaredError|})]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1, Activation.Sigmoid)]", "[Loss({|#1:LossKind.CategoricalCrossEntropy|})]"]),
            [Warning("NG4001", 0), Warning("NG4001", 1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)],
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(3, Activation.Softmax)]", "[Loss(LossKind.CategoricalCrossEntropy)]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1, Activation.Sigmoid)]", "[Loss(LossKind.BinaryCrossEntropy)]"]),
            "NG4001.MatchingLoss",
            // CCE over one sigmoid unit is also NG4002; after the fix it is binary cross-entropy on one unit: clean.
            extra: [Args.Diagnostic("NG4002", DiagnosticSeverity.Warning).WithSpan(15, 8, 15, 9)]);

    [Fact]
    public Task NG1002_LeakyReLUWithSlopeOne_BecomesReLUWithoutTheSlope() =>
        Args.FixAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.LeakyReLU, {|#0:Slope = 1|})]", "[Layer(16, Activation.LeakyReLU, Init.HeUniform, {|#1:Slope = 1.0|}, Bias = false)]", "[Layer(1)]"),
            [Warning("NG1002", 0), Warning("NG1002", 1)],
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(16, Activation.ReLU, Init.HeNormal, Bias = false)]", "[Layer(1)]"),
            "NG1002.UseReLUWithHe");

    [Fact]
    public Task NG1006_UseTheDefaultMomentum() =>
        Args.FixAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm({|#0:Momentum = 0|})]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm({|#1:Momentum = 0.0|}, Epsilon = 1e-3)]", "[Layer(1)]"),
            [Warning("NG1006", 0), Warning("NG1006", 1)],
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm(Epsilon = 1e-3)]", "[Layer(1)]"),
            "NG1006.DefaultMomentum");

    [Fact]
    public Task NG1007_RemoveTheDropout() =>
        Dropout.FixAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.SELU)]", "[Dropout({|#0:0.2|})]", "[Layer(16, Activation.SELU), Dropout({|#1:0.1|})]", "[Layer(1)]"),
            [Info("NG1007", 0), Info("NG1007", 1)],
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.SELU)]", "[Layer(16, Activation.SELU)]", "[Layer(1)]"),
            "NG1007.RemoveDropout");

    [Fact]
    public Task NG1008_RemoveTheDropout() =>
        Dropout.FixAsync(
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Dropout({|#0:0.3|})]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm]", "[Layer(1)]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.Tanh)]", "[Dropout({|#1:0.5|})]", "[Layer(8, Activation.Tanh, Bias = false)]", "[BatchNorm]", "[Layer(1)]"]),
            [Info("NG1008", 0), Info("NG1008", 1)],
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(16, Activation.ReLU, Bias = false)]", "[BatchNorm]", "[Layer(1)]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.Tanh)]", "[Layer(8, Activation.Tanh, Bias = false)]", "[BatchNorm]", "[Layer(1)]"]),
            "NG1008.RemoveDropout");

    [Fact]
    public Task NG1009_LearnGammaAndBeta() =>
        Args.FixAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.Sigmoid, Bias = false)]", "[BatchNorm({|#0:Affine = false|})]", "[Layer(16, Activation.Tanh, Bias = false)]", "[BatchNorm(Momentum = 0.2, {|#1:Affine = false|})]", "[Layer(1)]"),
            [Info("NG1009", 0), Info("NG1009", 1)],
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.Sigmoid, Bias = false)]", "[BatchNorm]", "[Layer(16, Activation.Tanh, Bias = false)]", "[BatchNorm(Momentum = 0.2)]", "[Layer(1)]"),
            "NG1009.Affine");

    [Fact]
    public Task NG2005_UseTheMatchingInit_AndDropTheScale() =>
        Args.FixAsync(
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, {|#0:Init.RandomNormal|})]", "[Layer(16, Activation.Tanh, Init.RandomUniform, {|#1:Scale = 1|})]", "[Layer(1)]"),
            [Info("NG2005", 0), Info("NG2005", 1)],
            Source.Network("[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU, Init.HeNormal)]", "[Layer(16, Activation.Tanh, Init.XavierUniform)]", "[Layer(1)]"),
            "NG2005.MatchingInit");

    [Fact]
    public Task NG3002_UseTheDefaultMomentum() =>
        Args.FixAsync(
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer(OptimizerKind.Momentum, {|#0:Momentum = 0.995|})]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer(OptimizerKind.Momentum, {|#1:LearningRate = 0.01|}, Momentum = 0.995)]"]),
            [Warning("NG3002", 0), Warning("NG3002", 1)],
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer(OptimizerKind.Momentum)]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer(OptimizerKind.Momentum, LearningRate = 0.01)]"]),
            "NG3002.DefaultMomentum");

    [Fact]
    public Task NG3005_UseAdamW() =>
        Args.FixAsync(
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer(OptimizerKind.Adam, {|#0:WeightDecay = 1e-4|})]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer(kind: OptimizerKind.Adam, LearningRate = 3e-4, {|#1:WeightDecay = 0.01|}, Amsgrad = true)]"]),
            [Info("NG3005", 0), Info("NG3005", 1)],
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer(OptimizerKind.AdamW, WeightDecay = 1e-4)]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Optimizer(kind: OptimizerKind.AdamW, LearningRate = 3e-4, WeightDecay = 0.01, Amsgrad = true)]"]),
            "NG3005.AdamW");

    [Fact]
    public Task NG3006_UseFullBatchTraining() =>
        Args.FixAsync(
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Training({|#0:BatchSize = 64|}, Samples = 50)]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Training(Epochs = 5, {|#1:BatchSize = 1000|}, Samples = 999)]"]),
            [Info("NG3006", 0), Info("NG3006", 1)],
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Training(BatchSize = 0, Samples = 50)]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1)]", "[Training(Epochs = 5, BatchSize = 0, Samples = 999)]"]),
            "NG3006.FullBatch");

    [Fact]
    public Task NG4003_UseALinearOutput() =>
        Args.FixAsync(
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1, {|#0:Activation.ReLU|})]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(2, {|#1:Activation.ReLU|}, Init.HeNormal)]", "[Loss(LossKind.Huber)]"]),
            [Info("NG4003", 0), Info("NG4003", 1)],
            Source.Networks(
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(1, Activation.Linear)]"],
                ["[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(2, Activation.Linear, Init.HeNormal)]", "[Loss(LossKind.Huber)]"]),
            "NG4003.Linear");
}
