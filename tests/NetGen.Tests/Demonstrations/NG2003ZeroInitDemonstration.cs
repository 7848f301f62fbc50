using System.Linq;

namespace NetGen.Tests.Demonstrations;

/// <summary>
/// NG2003 (constant initialization of hidden layers): with every weight zero, the hidden activations are tanh(0) = 0
/// and the output weights are 0, so the gradient reaching the hidden layers (Wᵀ·δ) and the output weights' gradient
/// (δ·aᵀ) are exactly zero forever; only the output biases learn, which fits the class frequencies and nothing else.
/// Xavier initialization of the same Tanh network trains. Digits, SGD with learning rate 0.1, 5 epochs, same seeds.
/// </summary>
public class NG2003ZeroInitDemonstration(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void ZeroInitializedNetwork_HiddenGradientsStayZero_XavierTrains()
    {
        var (train, test) = DemonstrationData.DigitsOneHot();
        var flaggedNetwork = new NG2003Flagged();
        var flagged = DemonstrationData.Fit(flaggedNetwork, train, test, epochs: 5);
        var fixedHistory = DemonstrationData.Fit(new NG2003Fixed(), train, test, epochs: 5);

        output.WriteLine("epoch  zeros (loss, accuracy, layer gradient norms)        Xavier (loss, accuracy, layer gradient norms)");
        for (var e = 0; e < flagged.Count; e++)
        {
            output.WriteLine($"{e + 1,5}  {flagged[e].TrainingLoss,8:F4} {flagged[e].Accuracy,8:P1} [{DemonstrationData.Norms(flagged[e])}]   {fixedHistory[e].TrainingLoss,8:F4} {fixedHistory[e].Accuracy,8:P1} [{DemonstrationData.Norms(fixedHistory[e])}]");
        }

        // Exchange layout: per layer W [units × inputs] row-major, then b. Only the output biases (the last 10) moved.
        var parameters = DemonstrationData.Parameters(flaggedNetwork);
        var outputBiases = DemonstrationData.DigitClasses;
        var moved = parameters.Count(p => p != 0);
        output.WriteLine($"non-zero parameters after training: {moved} of {parameters.Length} (the output biases)");

        Assert.All(flagged, e => Assert.Equal(new[] { 0.0, 0.0 }, e.LayerGradientNorms.Take(2)));
        Assert.Equal(0, parameters[..^outputBiases].Count(p => p != 0));
        Assert.True(flagged[^1].Accuracy < 0.15, $"the zero-initialized network reached {flagged[^1].Accuracy:P1} (chance is 10 %)");
        Assert.All(fixedHistory[0].LayerGradientNorms, n => Assert.True(n > 0.1, $"Xavier layer gradient norm {n:E2}"));
        Assert.True(fixedHistory[^1].Accuracy > 0.9, $"Xavier reached only {fixedHistory[^1].Accuracy:P1}");
    }
}

#pragma warning disable NG2003 // the flagged design, trained on purpose
[Network(Inputs = 64, Seed = 11)]
[Layer(32, Activation.Tanh, Init.Zeros)]
[Layer(32, Activation.Tanh, Init.Zeros)]
[Layer(10, Activation.Softmax, Init.Zeros)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.1)]
public partial class NG2003Flagged
{
}
#pragma warning restore NG2003

[Network(Inputs = 64, Seed = 11)]
[Layer(32, Activation.Tanh, Init.XavierNormal)]
[Layer(32, Activation.Tanh, Init.XavierNormal)]
[Layer(10, Activation.Softmax, Init.XavierNormal)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.1)]
public partial class NG2003Fixed
{
}
