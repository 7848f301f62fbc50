using System.Linq;
using NetGen.Training;

namespace NetGen.Tests.Demonstrations;

/// <summary>
/// NG4002 (output count does not match the loss): categorical cross-entropy on one Softmax unit. Softmax over one
/// unit is always 1, so the loss <c>t·(logsumexp(z) − z)</c> is 0 and its gradient <c>softmax(z)·Σt − t</c> is 0 for
/// every sample: nothing ever trains and the network predicts class 1 for everyone. One Sigmoid unit with binary
/// cross-entropy trains. Breast cancer (targets 0/1), Adam at its default rate, 20 epochs, same seeds.
/// </summary>
public class NG4002OutputCountDemonstration(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void CrossEntropyOnOneSoftmaxUnit_NothingTrains_SigmoidWithBinaryCrossEntropyTrains()
    {
        var (trainSet, testSet) = DemonstrationData.BreastCancer();
        var train = TrainingData.WithRawTargets(trainSet);
        var test = TrainingData.WithRawTargets(testSet);
        var flaggedNetwork = new NG4002Flagged();
        var fixedNetwork = new NG4002Fixed();
        var initial = DemonstrationData.Parameters(flaggedNetwork);
        var flagged = DemonstrationData.Fit(flaggedNetwork, train, test, epochs: 20);
        var fixedHistory = DemonstrationData.Fit(fixedNetwork, train, test, epochs: 20);
        var flaggedAccuracy = DemonstrationData.ThresholdAccuracy(flaggedNetwork, test);
        var fixedAccuracy = DemonstrationData.ThresholdAccuracy(fixedNetwork, test);
        var positives = (double)test.Targets.Count(t => t == 1) / test.Count;

        output.WriteLine("epoch  1 Softmax + CCE (loss, layer gradient norms)   1 Sigmoid + BCE (loss, layer gradient norms)");
        for (var e = 0; e < flagged.Count; e++)
        {
            output.WriteLine($"{e + 1,5}  {flagged[e].TrainingLoss,8:F4} [{DemonstrationData.Norms(flagged[e])}]                 {fixedHistory[e].TrainingLoss,8:F4} [{DemonstrationData.Norms(fixedHistory[e])}]");
        }

        output.WriteLine($"test accuracy (output ≥ 0.5 means class 1): {flaggedAccuracy:P1} Softmax + CCE (the share of class 1 is {positives:P1}), {fixedAccuracy:P1} Sigmoid + BCE");
        // The trainer reads a lone output as binary (arg-max over one value would always agree), so it reports the same.
        output.WriteLine($"the trainer's accuracy of the Softmax + CCE network: {flagged[^1].Accuracy:P1}");

        Assert.All(flagged, e => Assert.Equal(0.0, e.TrainingLoss));
        Assert.All(flagged, e => Assert.All(e.LayerGradientNorms, n => Assert.Equal(0.0, n)));
        Assert.Equal(initial, DemonstrationData.Parameters(flaggedNetwork));
        Assert.Equal(positives, flaggedAccuracy);
        Assert.Equal(flaggedAccuracy, flagged[^1].Accuracy);
        Assert.True(fixedAccuracy > 0.9, $"Sigmoid + BCE reached only {fixedAccuracy:P1}");
    }
}

#pragma warning disable NG4002 // the flagged design, trained on purpose
[Network(Inputs = 30, Seed = 19)]
[Layer(16, Activation.ReLU)]
[Layer(1, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class NG4002Flagged
{
}
#pragma warning restore NG4002

[Network(Inputs = 30, Seed = 19)]
[Layer(16, Activation.ReLU)]
[Layer(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class NG4002Fixed
{
}
