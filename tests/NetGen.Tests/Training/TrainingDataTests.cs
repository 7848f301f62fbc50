using System;
using NetGen.Data;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>Pairing inputs with targets: shapes are checked up front, and tabular data converts explicitly.</summary>
public class TrainingDataTests
{
    [Fact]
    public void Constructor_WithMismatchedTargets_ThrowsNamingTargets()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingData<double>(new double[9], new double[5], 3, 2));
        Assert.Equal("targets", error.ParamName);
        Assert.Contains("Expected 6 values", error.Message);
        Assert.Contains("got 5", error.Message);
    }

    [Fact]
    public void Constructor_WithPartialSample_ThrowsNamingInputs()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingData<float>(new float[10], new float[3], 3, 1));
        Assert.Equal("inputs", error.ParamName);
    }

    [Fact]
    public void Constructor_WithNoSamples_ThrowsNamingInputs()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingData<float>([], [], 3, 1));
        Assert.Equal("inputs", error.ParamName);
    }

    [Theory]
    [InlineData(0, 1, "inputCount")]
    [InlineData(1, 0, "outputCount")]
    public void Constructor_WithCountBelowOne_Throws(int inputCount, int outputCount, string name)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingData<float>(new float[2], new float[2], inputCount, outputCount));
        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void WithRawTargets_UsesTheTargetColumnAsOneOutput()
    {
        var data = Table();
        var training = TrainingData.WithRawTargets(data);
        Assert.Same(data.Features, training.Inputs);
        Assert.Same(data.Targets, training.Targets);
        Assert.Equal((3, 2, 1), (training.Count, training.InputCount, training.OutputCount));
    }

    [Fact]
    public void WithOneHotTargets_ExpandsClassNumbers()
    {
        var training = TrainingData.WithOneHotTargets(Table(), 3);
        Assert.Equal(3, training.OutputCount);
        Assert.Equal([0f, 0f, 1f, 1f, 0f, 0f, 0f, 1f, 0f], training.Targets);
    }

    [Fact]
    public void WithOneHotTargets_WithTooFewClasses_Throws() =>
        Assert.Throws<ArgumentException>(() => TrainingData.WithOneHotTargets(Table(), 2));

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Constructor_NonFiniteInput_ThrowsNamingRowAndColumn(double bad, string shown)
    {
        // One NaN in the data used to make every weight NaN in a single update.
        var inputs = new double[12];
        inputs[7] = bad;

        var error = Assert.Throws<ArgumentException>(() => new TrainingData<double>(inputs, new double[4], 3, 1));

        Assert.Equal("inputs", error.ParamName);
        Assert.StartsWith($"Row 2, column 1 of inputs (0-based) is {shown}; every value must be a finite number", error.Message);
    }

    [Fact]
    public void Constructor_NonFiniteTarget_ThrowsNamingRowAndColumn()
    {
        var targets = new float[6];
        targets[5] = float.NaN;

        var error = Assert.Throws<ArgumentException>(() => new TrainingData<float>(new float[9], targets, 3, 2));

        Assert.Equal("targets", error.ParamName);
        Assert.StartsWith("Row 2, column 1 of targets (0-based) is NaN", error.Message);
    }

    [Theory]
    [InlineData(new[] { 1.0, 1.0, 0.0 }, "Target row 1 (0-based) sums to 2")]
    [InlineData(new[] { 0.0, 0.0, 0.0 }, "Target row 1 (0-based) sums to 0")]
    [InlineData(new[] { 0.5, 0.25, 0.0 }, "Target row 1 (0-based) sums to 0.75")]
    [InlineData(new[] { 2.0, -1.0, 0.0 }, "Target row 1, column 0 (0-based) is 2")]
    public void Fit_CategoricalCrossEntropyWithRowsThatAreNotDistributions_ThrowsNamingTheRow(double[] badRow, string message)
    {
        double[] targets = [0, 1, 0, .. badRow, 0, 0, 1];
        var data = new TrainingData<double>(new double[9], targets, 3, 3);

        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(new ThreeClassifier(), data, new TrainingOptions { Epochs = 1 }));

        Assert.Equal("training", error.ParamName);
        Assert.StartsWith(message, error.Message);
        Assert.Contains("categorical cross-entropy needs every target row to be one-hot or a probability distribution over the 3 outputs", error.Message);
    }

    [Fact]
    public void Fit_CategoricalCrossEntropy_AcceptsOneHotAndSmoothedLabels()
    {
        // Label smoothing (ε = 0.1 over 3 classes) is a distribution, as PyTorch's CrossEntropyLoss accepts it.
        double[] targets = [0, 1, 0, 0.9 + (0.1 / 3), 0.1 / 3, 0.1 / 3, 1.0 / 3, 1.0 / 3, 1.0 / 3];
        var data = new TrainingData<double>(TestData.Normal(9, 1), targets, 3, 3);

        var history = Trainer.Fit(new ThreeClassifier(), data, new TrainingOptions { Epochs = 1 });

        Assert.Single(history);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(-1.0)]
    public void Fit_BinaryCrossEntropyWithTargetsOutside0To1_ThrowsNamingRowAndColumn(double bad)
    {
        var data = new TrainingData<double>(new double[6], [0, 1, 1, bad], 3, 2);

        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(new TwoLabelClassifier(), data, new TrainingOptions { Epochs = 1 }));

        Assert.Equal("training", error.ParamName);
        Assert.StartsWith($"Target row 1, column 1 (0-based) is {bad}, but binary cross-entropy needs every target in [0, 1]", error.Message);
    }

    [Fact]
    public void Fit_ValidationTargetsThatDoNotSuitTheLoss_ThrowNamingValidation()
    {
        var training = new TrainingData<double>(new double[6], [0, 1, 1, 0], 3, 2);
        var validation = new TrainingData<double>(new double[3], [0, 2], 3, 2);

        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(new TwoLabelClassifier(), training, new TrainingOptions { Epochs = 1 }, validation));

        Assert.Equal("validation", error.ParamName);
    }

    [Fact]
    public void Fit_BadTargets_ThrowBeforeAnyUpdate()
    {
        var network = new TwoLabelClassifier();
        var data = new TrainingData<double>(new double[6], [0, 1, 1, 2], 3, 2);

        Assert.Throws<ArgumentException>(() => Trainer.Fit(network, data, new TrainingOptions { Epochs = 1 }));

        Assert.Equal(0, network.StepCount);
    }

    [Fact]
    public void Fit_RegressionTargets_NeedOnlyBeFinite()
    {
        var data = new TrainingData<double>(TestData.Normal(6, 1), [-5, 1e6, 2, -0.5], 3, 2);

        Assert.Single(Trainer.Fit(new Regressor(), data, new TrainingOptions { Epochs = 1 }));
    }

    [Fact]
    public void Fit_ChecksTheTargetsOncePerDataSetAndLoss()
    {
        // The check runs when the data first meets a loss, not per Fit or per update: the arrays are the caller's
        // afterwards (documented), so a target changed later is not seen again.
        var targets = new double[] { 0, 1, 1, 0 };
        var data = new TrainingData<double>(new double[6], targets, 3, 2);
        Trainer.Fit(new TwoLabelClassifier(), data, new TrainingOptions { Epochs = 1 });
        targets[3] = 2;

        Assert.Single(Trainer.Fit(new TwoLabelClassifier(), data, new TrainingOptions { Epochs = 1 }));
    }

    private static TabularDataSet Table() => new(["a", "b"], "class", [1, 2, 3, 4, 5, 6], [2, 0, 1]);
}
