using System.Threading.Tasks;
using Verify = NetGen.Analyzers.Tests.Verifier<NetGen.CodeFixes.ArgumentCodeFixProvider>;

namespace NetGen.Analyzers.Tests;

/// <summary>Sensible declarations produce no diagnostic at all, Info included: the rules do not cry wolf.</summary>
public class CleanDeclarationTests
{
    [Theory]
    // ReLU with He (written or resolved from Auto), linear regression output.
    [InlineData("[Layer(64, Activation.ReLU, Init.HeNormal)]", "[Layer(64, Activation.ReLU)]", "[Layer(1)]")]
    // Sigmoid output with binary cross-entropy.
    [InlineData("[Layer(16, Activation.Tanh)]", "[Layer(1, Activation.Sigmoid)]", "[Loss(LossKind.BinaryCrossEntropy)]")]
    // Softmax with categorical cross-entropy, dropout at 0.5.
    [InlineData("[Layer(32, Activation.ReLU)]", "[Dropout(0.5)]", "[Layer(10, Activation.Softmax)]", "[Loss(LossKind.CategoricalCrossEntropy)]")]
    // Batch norm without the redundant bias, trained on batches of 32.
    [InlineData("[Layer(64, Activation.ReLU, Bias = false)]", "[BatchNorm]", "[Layer(64, Activation.ReLU, Bias = false)]", "[BatchNorm]", "[Layer(3, Activation.Softmax)]", "[Training(BatchSize = 32, Epochs = 100, Samples = 120)]")]
    // A deep ReLU stack made safe by clipping; a deep sigmoid stack made safe by batch norm.
    [InlineData("[Layer(32, Activation.ReLU)]", "[Layer(32, Activation.ReLU)]", "[Layer(32, Activation.ReLU)]", "[Layer(32, Activation.ReLU)]", "[Layer(32, Activation.ReLU)]", "[Layer(32, Activation.ReLU)]", "[Layer(1)]", "[GradientClip(MaxNorm = 1)]")]
    [InlineData("[Layer(32, Activation.Sigmoid, Bias = false)]", "[BatchNorm]", "[Layer(32, Activation.Sigmoid, Bias = false)]", "[BatchNorm]", "[Layer(32, Activation.Sigmoid, Bias = false)]", "[BatchNorm]", "[Layer(32, Activation.Sigmoid, Bias = false)]", "[BatchNorm]", "[Layer(32, Activation.Sigmoid, Bias = false)]", "[BatchNorm]", "[Layer(1, Activation.Sigmoid)]")]
    // SELU with its default LeCun normal; orthogonal init under tanh; a zero-initialized output layer.
    [InlineData("[Layer(32, Activation.SELU)]", "[Layer(32, Activation.Tanh, Init.Orthogonal)]", "[Layer(1, Activation.Linear, Init.Zeros)]")]
    // The README's Iris declaration.
    [InlineData("[Layer(16, Activation.ReLU, Init.HeNormal, Bias = false)]", "[BatchNorm]", "[Layer(3, Activation.Softmax, Init.XavierUniform)]", "[Loss(LossKind.CategoricalCrossEntropy)]", "[Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]")]
    public Task SensibleDesigns_AreClean(params string[] attributes) =>
        Verify.AnalyzeAsync(Source.Network(["[Network(Inputs = 4)]", .. attributes]));

    [Theory]
    [InlineData("Sgd")]
    [InlineData("Momentum")]
    [InlineData("ExponentialMomentum")]
    [InlineData("Adagrad")]
    [InlineData("RmsProp")]
    [InlineData("Adadelta")]
    [InlineData("Adam")]
    [InlineData("AdamW")]
    public Task EveryOptimizerAtItsDefault_IsClean(string optimizer) =>
        Verify.AnalyzeAsync(Source.Network(
            "[Network(Inputs = 4)]", "[Layer(16, Activation.ReLU)]", "[Layer(3, Activation.Softmax)]", $"[Optimizer(OptimizerKind.{optimizer})]", "[Training(Epochs = 50, Samples = 1000)]"));
}
