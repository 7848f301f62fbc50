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

    private static TabularDataSet Table() => new(["a", "b"], "class", [1, 2, 3, 4, 5, 6], [2, 0, 1]);
}
