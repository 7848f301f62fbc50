using System;
using NetGen.Training;

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

        // The first mini-batch's gradients, before any update: −t/y explodes where the linear outputs are near 0.
        var probe = new NG4001LinearOutputFlagged();
        probe.ComputeGradients(train.Inputs.AsSpan(0, 32 * train.InputCount), train.Targets.AsSpan(0, 32 * train.OutputCount));
        var firstGradientNorm = (double)probe.GradientNorm;

        var flagged = DemonstrationData.Fit(flaggedNetwork, train, test, epochs: 5);
        var fixedHistory = DemonstrationData.Fit(fixedNetwork, train, test, epochs: 5);
        var flaggedAccuracy = DemonstrationData.ArgMaxAccuracy(flaggedNetwork, test);
        var fixedAccuracy = DemonstrationData.ArgMaxAccuracy(fixedNetwork, test);

        output.WriteLine($"Linear output: first gradient norm {firstGradientNorm:E2}; {flagged.Divergence}");
        output.WriteLine("epoch  Softmax output (loss, gradient norm)");
        for (var e = 0; e < fixedHistory.Count; e++)
        {
            output.WriteLine($"{e + 1,5}  {fixedHistory[e].TrainingLoss,8:F4} {fixedHistory[e].GradientNorm,12:E2}");
        }

        output.WriteLine($"test accuracy: {flaggedAccuracy:P1} Linear output (its starting weights), {fixedAccuracy:P1} Softmax output");

        // Training stops at the first NaN loss, in epoch 1, and the network keeps its starting weights.
        var divergence = Assert.IsType<TrainingDivergence>(flagged.Divergence);
        Assert.Equal((1, DivergenceSource.TrainingLoss), (divergence.Epoch, divergence.Source));
        Assert.True(double.IsNaN(divergence.Value), $"the loss was {divergence.Value}");
        Assert.Empty(flagged);
        Assert.True(firstGradientNorm > 1e6, $"Linear output gradient norm {firstGradientNorm:E2}");
        Assert.True(flaggedAccuracy < 0.3, $"the Linear output reached {flaggedAccuracy:P1}");
        Assert.Null(fixedHistory.Divergence);
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
