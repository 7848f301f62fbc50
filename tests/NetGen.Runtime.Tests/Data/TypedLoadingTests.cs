using System;
using System.IO;
using NetGen.Data;
using NetGen.Training;

namespace NetGen.Runtime.Tests.Data;

public sealed class TypedLoadingTests
{
    private static TabularDataSet Parse(string text) => TabularDataSet.ParseCsv(new StringReader(text), "data.csv");

    [Fact]
    public void ForClassification_ThreeLabels_OneHotDoublesWithClassNames()
    {
        var data = Parse("x,y\n1,b\n2,a\n3,c\n");

        var training = TrainingData.ForClassification<double>(data);

        Assert.Equal(3, training.OutputCount);
        Assert.Equal([0.0, 1, 0, 1, 0, 0, 0, 0, 1], training.Targets);
        Assert.Equal([1.0, 2, 3], training.Inputs);
        Assert.Equal(["a", "b", "c"], training.ClassNames);
    }

    [Fact]
    public void ForClassification_TwoClasses_OneRawOutput()
    {
        var data = Parse("x,y\n1,1\n2,0\n");

        var training = TrainingData.ForClassification<float>(data);

        Assert.Equal(1, training.OutputCount);
        Assert.Equal([1f, 0f], training.Targets);
        Assert.Equal(["0", "1"], training.ClassNames);
        Assert.NotSame(data.Features, training.Inputs);
    }

    [Fact]
    public void ForClassification_TwoClassesOneHot_TwoOutputs()
    {
        var training = TrainingData.ForClassification<float>(Parse("x,y\n1,yes\n2,no\n"), classCount: 2, oneHot: true);

        Assert.Equal(2, training.OutputCount);
        Assert.Equal([0f, 1f, 1f, 0f], training.Targets);
        Assert.Equal(["no", "yes"], training.ClassNames);
    }

    [Fact]
    public void ForClassification_TestSetMissingTheLastClass_TakesTheGivenCount()
    {
        var training = TrainingData.ForClassification<float>(Parse("x,y\n1,0\n2,1\n"), classCount: 3);

        Assert.Equal(3, training.OutputCount);
    }

    [Fact]
    public void ForClassification_OneClass_ThrowsAskingForTheCount()
    {
        var exception = Assert.Throws<ArgumentException>(() => TrainingData.ForClassification<float>(Parse("x,y\n1,0\n2,0\n")));

        Assert.Equal("data", exception.ParamName);
        Assert.StartsWith("Only class 0 occurs in 'y'; classification needs at least 2 classes.", exception.Message);
    }

    [Fact]
    public void ForClassification_CountDiffersFromClassNames_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => TrainingData.ForClassification<float>(Parse("x,y\n1,a\n2,b\n"), classCount: 3));

        Assert.StartsWith("The data set has 2 class names ('a', 'b'), but 3 classes were asked for.", exception.Message);
    }

    [Fact]
    public void ForClassification_NotAClassNumber_ThrowsNamingTheRow()
    {
        var exception = Assert.Throws<ArgumentException>(() => TrainingData.ForClassification<float>(Parse("x,y\n1,0\n2,1.5\n")));

        Assert.StartsWith("Row 1 (0-based) has y = 1.5, which is not a class number", exception.Message);
    }

    [Fact]
    public void ForRegression_SeveralTargets_OutputsNamedAfterThem()
    {
        var data = TabularDataSet.ParseCsv(new StringReader("x,a,b\n1,10,5\n2,20,6\n"), "data.csv", ["b", "a"]);

        var training = TrainingData.ForRegression<double>(data);

        Assert.Equal(2, training.OutputCount);
        Assert.Equal([5.0, 10, 6, 20], training.Targets);
        Assert.Equal(["b", "a"], training.OutputNames);
        Assert.Null(training.ClassNames);
    }

    [Fact]
    public void ForRegression_ClassLabels_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => TrainingData.ForRegression<float>(Parse("x,y\n1,a\n2,b\n")));

        Assert.StartsWith("The target column 'y' holds class labels ('a', 'b'); use ForClassification for them.", exception.Message);
    }

    [Fact]
    public void ClassNames_WrongCount_ThrowsOnInit()
    {
        var exception = Assert.Throws<ArgumentException>(() => new TrainingData<float>([1f], [1f], 1, 1) { ClassNames = ["a", "b", "c"] });

        Assert.Equal("ClassNames", exception.ParamName);
        Assert.StartsWith("Expected 2 class names, one per class, but got 3.", exception.Message);
    }

    [Fact]
    public void ForRegression_Diabetes_LoadsEveryRow()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "data", "diabetes", "train.csv");

        var data = TabularDataSet.LoadCsv(path, "target");
        var training = TrainingData.ForRegression<float>(TargetScaler.Fit(data).Transform(data));

        Assert.Equal(10, training.InputCount);
        Assert.Equal(data.Count, training.Count);
        Assert.Equal(["target"], training.OutputNames);
    }
}
