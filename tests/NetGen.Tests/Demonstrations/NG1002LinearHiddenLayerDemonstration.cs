namespace NetGen.Tests.Demonstrations;

/// <summary>
/// NG1002 (linear hidden layer before another layer): a composition of affine maps is affine, so two Linear hidden
/// layers add parameters but no expressive power — the stack stays at the accuracy of logistic regression (one
/// Sigmoid unit) on a curved class boundary, while the same widths with ReLU and He initialization fit the curve.
/// Points uniform in [−1, 1]², class 1 above <c>x₂ = x₁² − ½</c>; Adam with learning rate 0.01, 60 epochs, same seeds.
/// </summary>
public class NG1002LinearHiddenLayerDemonstration(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void LinearHiddenLayers_StayAtTheLinearModel_ReluFitsTheCurve()
    {
        var train = DemonstrationData.Parabola(400, seed: 1);
        var test = DemonstrationData.Parabola(400, seed: 2);
        var flaggedNetwork = new NG1002Flagged();
        var fixedNetwork = new NG1002Fixed();
        var linearNetwork = new NG1002LogisticRegression();
        var flagged = DemonstrationData.Fit(flaggedNetwork, train, test, epochs: 60);
        var fixedHistory = DemonstrationData.Fit(fixedNetwork, train, test, epochs: 60);
        var linear = DemonstrationData.Fit(linearNetwork, train, test, epochs: 60);
        var flaggedAccuracy = DemonstrationData.ThresholdAccuracy(flaggedNetwork, test);
        var fixedAccuracy = DemonstrationData.ThresholdAccuracy(fixedNetwork, test);
        var linearAccuracy = DemonstrationData.ThresholdAccuracy(linearNetwork, test);

        output.WriteLine("                         training loss  test accuracy");
        output.WriteLine($"2 Linear hidden layers   {flagged[^1].TrainingLoss,13:F4}  {flaggedAccuracy,13:P1}");
        output.WriteLine($"logistic regression      {linear[^1].TrainingLoss,13:F4}  {linearAccuracy,13:P1}");
        output.WriteLine($"2 ReLU + He layers       {fixedHistory[^1].TrainingLoss,13:F4}  {fixedAccuracy,13:P1}");

        Assert.InRange(flaggedAccuracy, linearAccuracy - 0.02, linearAccuracy + 0.02);
        Assert.True(flaggedAccuracy < 0.92, $"the linear stack reached {flaggedAccuracy:P1}");
        Assert.True(fixedAccuracy > 0.96, $"ReLU + He reached only {fixedAccuracy:P1}");
        Assert.True(fixedHistory[^1].TrainingLoss < flagged[^1].TrainingLoss / 5, "ReLU + He should fit the training data far better");
    }
}

#pragma warning disable NG1002 // the flagged design, trained on purpose
[Network(Inputs = 2, Seed = 3)]
[Layer(16, Activation.Linear)]
[Layer(16, Activation.Linear)]
[Layer(1, Activation.Sigmoid)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.01)]
public partial class NG1002Flagged
{
}
#pragma warning restore NG1002

[Network(Inputs = 2, Seed = 3)]
[Layer(16, Activation.ReLU, Init.HeNormal)]
[Layer(16, Activation.ReLU, Init.HeNormal)]
[Layer(1, Activation.Sigmoid)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.01)]
public partial class NG1002Fixed
{
}

[Network(Inputs = 2, Seed = 3)]
[Layer(1, Activation.Sigmoid)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.01)]
public partial class NG1002LogisticRegression
{
}
