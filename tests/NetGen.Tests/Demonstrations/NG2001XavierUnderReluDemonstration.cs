namespace NetGen.Tests.Demonstrations;

/// <summary>
/// NG2001 (Xavier initialization under ReLU layers): Xavier keeps the variance only for activations with
/// unit slope; ReLU zeroes half of its inputs, so every layer halves the signal's variance and twelve layers shrink the
/// gradients, the first layer's most, and training starts late. The same stack with He initialization (gain √2) keeps
/// the scale and trains. Digits, twelve ReLU hidden layers of 32 units, SGD with learning rate 0.05, 8 epochs, same seeds.
/// </summary>
public class NG2001XavierUnderReluDemonstration(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void TwelveReluLayersWithXavier_SmallGradientsSlowTraining_HeInitTrains()
    {
        var (train, test) = DemonstrationData.DigitsOneHot();
        var flagged = DemonstrationData.Fit(new NG2001Flagged(), train, test, epochs: 8);
        var fixedHistory = DemonstrationData.Fit(new NG2001Fixed(), train, test, epochs: 8);

        output.WriteLine("epoch  Xavier (loss, accuracy)   He (loss, accuracy)");
        for (var e = 0; e < flagged.Count; e++)
        {
            output.WriteLine($"{e + 1,5}  {flagged[e].TrainingLoss,8:F4} {flagged[e].Accuracy,8:P1}       {fixedHistory[e].TrainingLoss,8:F4} {fixedHistory[e].Accuracy,8:P1}");
        }

        output.WriteLine($"epoch 1 layer gradient norms, Xavier: {DemonstrationData.Norms(flagged[0])}");
        output.WriteLine($"epoch 1 layer gradient norms, He:     {DemonstrationData.Norms(fixedHistory[0])}");
        var flaggedFirst = flagged[0].LayerGradientNorms[0];
        var fixedFirst = fixedHistory[0].LayerGradientNorms[0];
        var flaggedRatio = flaggedFirst / flagged[0].LayerGradientNorms[^1];
        var fixedRatio = fixedFirst / fixedHistory[0].LayerGradientNorms[^1];
        output.WriteLine($"first layer gradient norm in epoch 1: {flaggedFirst:E2} Xavier, {fixedFirst:E2} He");
        output.WriteLine($"first/last layer gradient norm in epoch 1: {flaggedRatio:E2} Xavier, {fixedRatio:E2} He");

        Assert.True(flaggedFirst < fixedFirst / 10, "Xavier's first-layer gradient should be far smaller than He's");
        Assert.True(flaggedRatio < fixedRatio / 4, "Xavier's first/last ratio should be far smaller than He's");
        // Xavier's loss hardly leaves log 10 ≈ 2.303 for the first epochs, while He's falls at once.
        Assert.True(flagged[2].TrainingLoss > 2.25, $"Xavier's epoch-3 loss {flagged[2].TrainingLoss:F4}");
        Assert.True(fixedHistory[2].TrainingLoss < 1.8, $"He's epoch-3 loss {fixedHistory[2].TrainingLoss:F4}");
        Assert.True(flagged[^1].Accuracy < 0.6, $"Xavier reached {flagged[^1].Accuracy:P1}");
        Assert.True(fixedHistory[^1].Accuracy > flagged[^1].Accuracy + 0.25, $"He reached only {fixedHistory[^1].Accuracy:P1}");
    }
}

#pragma warning disable NG2001 // the flagged design, trained on purpose
[Network(Inputs = 64, Seed = 7)]
[Layer(32, Activation.ReLU, Init.XavierNormal)]
[Layer(32, Activation.ReLU, Init.XavierNormal)]
[Layer(32, Activation.ReLU, Init.XavierNormal)]
[Layer(32, Activation.ReLU, Init.XavierNormal)]
[Layer(32, Activation.ReLU, Init.XavierNormal)]
[Layer(32, Activation.ReLU, Init.XavierNormal)]
[Layer(32, Activation.ReLU, Init.XavierNormal)]
[Layer(32, Activation.ReLU, Init.XavierNormal)]
[Layer(32, Activation.ReLU, Init.XavierNormal)]
[Layer(32, Activation.ReLU, Init.XavierNormal)]
[Layer(32, Activation.ReLU, Init.XavierNormal)]
[Layer(32, Activation.ReLU, Init.XavierNormal)]
[Layer(10, Activation.Softmax, Init.XavierNormal)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.05)]
public partial class NG2001Flagged
{
}
#pragma warning restore NG2001

[Network(Inputs = 64, Seed = 7)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(10, Activation.Softmax, Init.XavierNormal)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.05)]
public partial class NG2001Fixed
{
}
