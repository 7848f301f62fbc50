namespace NetGen.Tests.Demonstrations;

/// <summary>
/// NG4001 (output activation does not match the loss), on the digits with the same seeds, optimizer and epochs:
/// (a) categorical cross-entropy on a Linear output computes <c>−Σ t·log y</c> of unbounded outputs — log of a
/// negative output is NaN, and the gradient <c>−t/y</c> explodes near 0 — while the Softmax output trains;
/// (b) mean squared error on a Softmax output multiplies the error by the softmax Jacobian (small while the outputs
/// are near uniform) and averages over the ten outputs, so its gradients are tiny and it learns far slower than
/// categorical cross-entropy on the same Softmax output.
/// </summary>
public class NG4001OutputLossMismatchDemonstration(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void CrossEntropyOnLinearOutput_LossIsNaN_SoftmaxTrains()
    {
        var (train, test) = DemonstrationData.DigitsOneHot();
        var flaggedNetwork = new NG4001LinearOutputFlagged();
        var fixedNetwork = new NG4001LinearOutputFixed();
        var flagged = DemonstrationData.Fit(flaggedNetwork, train, test, epochs: 5);
        var fixedHistory = DemonstrationData.Fit(fixedNetwork, train, test, epochs: 5);
        var flaggedAccuracy = DemonstrationData.ArgMaxAccuracy(flaggedNetwork, test);
        var fixedAccuracy = DemonstrationData.ArgMaxAccuracy(fixedNetwork, test);

        output.WriteLine("epoch  Linear output (loss, gradient norm)   Softmax output (loss, gradient norm)");
        for (var e = 0; e < flagged.Count; e++)
        {
            output.WriteLine($"{e + 1,5}  {flagged[e].TrainingLoss,8:F4} {flagged[e].GradientNorm,12:E2}              {fixedHistory[e].TrainingLoss,8:F4} {fixedHistory[e].GradientNorm,12:E2}");
        }

        output.WriteLine($"test accuracy: {flaggedAccuracy:P1} Linear output, {fixedAccuracy:P1} Softmax output");

        Assert.All(flagged, e => Assert.True(double.IsNaN(e.TrainingLoss), $"epoch {e.Epoch} loss {e.TrainingLoss}"));
        Assert.True(flagged[0].GradientNorm > 1e6, $"Linear output gradient norm {flagged[0].GradientNorm:E2}");
        Assert.True(flaggedAccuracy < 0.3, $"the Linear output reached {flaggedAccuracy:P1}");
        Assert.All(fixedHistory, e => Assert.True(double.IsFinite(e.TrainingLoss)));
        Assert.True(fixedAccuracy > 0.85, $"the Softmax output reached only {fixedAccuracy:P1}");
    }

    [Fact]
    public void SquaredErrorOnSoftmax_LearnsFarSlowerThanCrossEntropy()
    {
        var (train, test) = DemonstrationData.DigitsOneHot();
        var flaggedNetwork = new NG4001SquaredErrorFlagged();
        var fixedNetwork = new NG4001SquaredErrorFixed();
        var flagged = DemonstrationData.Fit(flaggedNetwork, train, test, epochs: 5);
        var fixedHistory = DemonstrationData.Fit(fixedNetwork, train, test, epochs: 5);
        var flaggedAccuracy = DemonstrationData.ArgMaxAccuracy(flaggedNetwork, test);
        var fixedAccuracy = DemonstrationData.ArgMaxAccuracy(fixedNetwork, test);

        output.WriteLine("epoch  MSE (loss, layer gradient norms)    cross-entropy (loss, layer gradient norms)");
        for (var e = 0; e < flagged.Count; e++)
        {
            output.WriteLine($"{e + 1,5}  {flagged[e].TrainingLoss,8:F4} [{DemonstrationData.Norms(flagged[e])}]      {fixedHistory[e].TrainingLoss,8:F4} [{DemonstrationData.Norms(fixedHistory[e])}]");
        }

        output.WriteLine($"test accuracy after {flagged.Count} epochs: {flaggedAccuracy:P1} MSE, {fixedAccuracy:P1} cross-entropy");

        Assert.True(flagged[0].LayerGradientNorms[0] < fixedHistory[0].LayerGradientNorms[0] / 10, "MSE's first-layer gradient should be far smaller");
        Assert.True(flaggedAccuracy < 0.5, $"MSE on softmax reached {flaggedAccuracy:P1}");
        Assert.True(fixedAccuracy > 0.9, $"cross-entropy reached only {fixedAccuracy:P1}");
    }
}

#pragma warning disable NG4001 // the flagged design, trained on purpose
[Network(Inputs = 64, Seed = 17)]
[Layer(32, Activation.ReLU)]
[Layer(10, Activation.Linear)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class NG4001LinearOutputFlagged
{
}
#pragma warning restore NG4001

[Network(Inputs = 64, Seed = 17)]
[Layer(32, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class NG4001LinearOutputFixed
{
}

#pragma warning disable NG4001 // the flagged design, trained on purpose
[Network(Inputs = 64, Seed = 17)]
[Layer(32, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.1)]
public partial class NG4001SquaredErrorFlagged
{
}
#pragma warning restore NG4001

[Network(Inputs = 64, Seed = 17)]
[Layer(32, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.1)]
public partial class NG4001SquaredErrorFixed
{
}
