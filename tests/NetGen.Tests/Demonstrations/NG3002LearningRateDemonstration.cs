using System.Linq;

namespace NetGen.Tests.Demonstrations;

/// <summary>
/// NG3002 (learning rate out of band): (a) a learning rate of 0 makes every update <c>p − 0·step</c>, so training
/// leaves the parameters bit for bit as they were; (b) Adam at 0.1, a hundred times its default 1e-3, overshoots on
/// a network of four ReLU layers: the loss jumps and training stalls near a uniform guess
/// while the default rate trains. Digits, same seeds, optimizer and epochs.
/// </summary>
public class NG3002LearningRateDemonstration(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void ZeroLearningRate_ParametersNeverChange_DefaultRateTrains()
    {
        var (train, test) = DemonstrationData.DigitsOneHot();
        var flaggedNetwork = new NG3002ZeroRate();
        var fixedNetwork = new NG3002ZeroRateFixed();
        var initial = DemonstrationData.Parameters(flaggedNetwork);
        var fixedInitial = DemonstrationData.Parameters(fixedNetwork);
        var flagged = DemonstrationData.Fit(flaggedNetwork, train, test, epochs: 3);
        var fixedHistory = DemonstrationData.Fit(fixedNetwork, train, test, epochs: 3);

        output.WriteLine("epoch  Adam lr 0 (validation loss, accuracy)   Adam lr 1e-3 (validation loss, accuracy)");
        for (var e = 0; e < flagged.Count; e++)
        {
            output.WriteLine($"{e + 1,5}  {flagged[e].ValidationLoss,8:F4} {flagged[e].Accuracy,8:P1}                      {fixedHistory[e].ValidationLoss,8:F4} {fixedHistory[e].Accuracy,8:P1}");
        }

        var changed = DemonstrationData.Parameters(flaggedNetwork).Zip(initial).Count(p => p.First != p.Second);
        var fixedChanged = DemonstrationData.Parameters(fixedNetwork).Zip(fixedInitial).Count(p => p.First != p.Second);
        output.WriteLine($"parameters changed by training: {changed} of {initial.Length} with lr 0, {fixedChanged} with lr 1e-3");
        output.WriteLine($"epoch 1 layer gradient norms with lr 0: {DemonstrationData.Norms(flagged[0])} (the gradients exist, the steps are 0)");

        Assert.Equal(initial, DemonstrationData.Parameters(flaggedNetwork));
        Assert.All(flagged, e => Assert.Equal(flagged[0].ValidationLoss, e.ValidationLoss));
        Assert.True(flagged[0].LayerGradientNorms[0] > 0.1, "the gradients are not zero: only the steps are");
        Assert.True(flagged[^1].Accuracy < 0.2, $"lr 0 reached {flagged[^1].Accuracy:P1}");
        Assert.True(fixedChanged > initial.Length / 2, "the default rate should change the parameters");
        Assert.True(fixedHistory[^1].Accuracy > 0.8, $"lr 1e-3 reached only {fixedHistory[^1].Accuracy:P1}");
    }

    [Fact]
    public void AdamAtHundredTimesItsDefaultRate_TrainingCollapses_DefaultRateTrains()
    {
        var (train, test) = DemonstrationData.DigitsOneHot();
        var flagged = DemonstrationData.Fit(new NG3002HighRate(), train, test, epochs: 5);
        var fixedHistory = DemonstrationData.Fit(new NG3002HighRateFixed(), train, test, epochs: 5);

        output.WriteLine("epoch  Adam lr 0.1 (loss, accuracy, layer gradient norms)     Adam lr 1e-3 (loss, accuracy, layer gradient norms)");
        for (var e = 0; e < flagged.Count; e++)
        {
            output.WriteLine($"{e + 1,5}  {flagged[e].TrainingLoss,8:F4} {flagged[e].Accuracy,8:P1} [{DemonstrationData.Norms(flagged[e])}]   {fixedHistory[e].TrainingLoss,8:F4} {fixedHistory[e].Accuracy,8:P1} [{DemonstrationData.Norms(fixedHistory[e])}]");
        }

        // Finite or not: a diverged (NaN) loss fails "< 1" too, so this also covers divergence.
        Assert.False(flagged[^1].TrainingLoss < 1.0, $"lr 0.1 ended at loss {flagged[^1].TrainingLoss:F4}");
        Assert.True(fixedHistory[^1].TrainingLoss < flagged[^1].TrainingLoss / 10 || double.IsNaN(flagged[^1].TrainingLoss));
        Assert.True(flagged[^1].Accuracy < 0.5, $"lr 0.1 reached {flagged[^1].Accuracy:P1}");
        Assert.True(fixedHistory[^1].Accuracy > 0.9, $"lr 1e-3 reached only {fixedHistory[^1].Accuracy:P1}");
    }
}

#pragma warning disable NG3002 // the flagged design, trained on purpose
[Network(Inputs = 64, Seed = 13)]
[Layer(32, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0)]
public partial class NG3002ZeroRate
{
}
#pragma warning restore NG3002

[Network(Inputs = 64, Seed = 13)]
[Layer(32, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam)]
public partial class NG3002ZeroRateFixed
{
}

#pragma warning disable NG3002 // the flagged design, trained on purpose
[Network(Inputs = 64, Seed = 13)]
[Layer(64, Activation.ReLU)]
[Layer(64, Activation.ReLU)]
[Layer(64, Activation.ReLU)]
[Layer(64, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.1)]
public partial class NG3002HighRate
{
}
#pragma warning restore NG3002

[Network(Inputs = 64, Seed = 13)]
[Layer(64, Activation.ReLU)]
[Layer(64, Activation.ReLU)]
[Layer(64, Activation.ReLU)]
[Layer(64, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam)]
public partial class NG3002HighRateFixed
{
}
