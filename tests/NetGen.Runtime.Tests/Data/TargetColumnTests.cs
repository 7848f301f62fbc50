using System;
using System.IO;
using NetGen.Data;

namespace NetGen.Runtime.Tests.Data;

public sealed class TargetColumnTests
{
    private const string Table = "a,target,b,c\n1,10,2,100\n3,30,4,300\n";

    [Fact]
    public void ParseCsv_TargetByName_IsTakenFromTheMiddleAndTheRestAreFeatures()
    {
        var data = TabularDataSet.ParseCsv(new StringReader(Table), "data.csv", "target");

        Assert.Equal(["a", "b", "c"], data.FeatureNames);
        Assert.Equal("target", data.TargetName);
        Assert.Equal([1f, 2f, 100f, 3f, 4f, 300f], data.Features);
        Assert.Equal([10f, 30f], data.Targets);
    }

    [Fact]
    public void ParseCsv_SeveralTargets_RowMajorInTheOrderNamed()
    {
        var data = TabularDataSet.ParseCsv(new StringReader(Table), "data.csv", ["c", "target"]);

        Assert.Equal(["a", "b"], data.FeatureNames);
        Assert.Equal(["c", "target"], data.TargetNames);
        Assert.Equal(2, data.TargetCount);
        Assert.Equal(2, data.Count);
        Assert.Equal([100f, 10f, 300f, 30f], data.Targets);
    }

    [Fact]
    public void TargetName_SeveralTargets_ThrowsNamingThem()
    {
        var data = TabularDataSet.ParseCsv(new StringReader(Table), "data.csv", ["c", "target"]);

        var exception = Assert.Throws<InvalidOperationException>(() => data.TargetName);

        Assert.Equal("The data set has 2 target columns ('c', 'target'); use TargetNames.", exception.Message);
    }

    [Fact]
    public void ParseCsv_UnknownTargetColumn_ListsTheColumns()
    {
        var exception = Assert.Throws<ArgumentException>(() => TabularDataSet.ParseCsv(new StringReader(Table), "data.csv", "Target"));

        Assert.Equal("targetColumn", exception.ParamName);
        Assert.Equal("data.csv has no column named 'Target'; its columns are 'a', 'target', 'b', 'c'. (Parameter 'targetColumn')", exception.Message);
    }

    [Fact]
    public void ParseCsv_TargetNamedTwice_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => TabularDataSet.ParseCsv(new StringReader(Table), "data.csv", ["c", "c"]));

        Assert.Equal("targetColumns", exception.ParamName);
        Assert.StartsWith("The target column 'c' is named twice; name each target column once.", exception.Message);
    }

    [Fact]
    public void ParseCsv_EveryColumnATarget_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => TabularDataSet.ParseCsv(new StringReader("x,y\n1,2\n"), "data.csv", ["x", "y"]));

        Assert.StartsWith("Every column of data.csv would be a target ('x', 'y'); at least one must be left as a feature.", exception.Message);
    }

    [Fact]
    public void ParseCsv_NoHeader_TargetByGeneratedName()
    {
        var data = TabularDataSet.ParseCsv(new StringReader("1,2,3\n4,5,6\n"), "data.csv", "column1", hasHeader: false);

        Assert.Equal([1f, 4f], data.Targets);
        Assert.Equal(["column2", "column3"], data.FeatureNames);
    }

    [Fact]
    public void ParseCsv_BadValueInNamedTarget_NamesLineAndColumn()
    {
        var exception = Assert.Throws<CsvFormatException>(() => TabularDataSet.ParseCsv(new StringReader("a,t,b\n1,2,3\n4,5x,6\n7,8,9\n"), "data.csv", "t"));

        Assert.Equal("data.csv: line 3, column 2 (t): expected a number but found '5x'.", exception.Message);
        Assert.Equal(3, exception.Line);
        Assert.Equal(2, exception.Column);
    }

    [Fact]
    public void ParseCsv_NonFiniteTarget_IsACsvError()
    {
        var exception = Assert.Throws<CsvFormatException>(() => TabularDataSet.ParseCsv(new StringReader("a,t\n1,2\n4,NaN\n"), "data.csv"));

        Assert.Equal("data.csv: line 3, column 2 (t): expected a finite number but found 'NaN'.", exception.Message);
    }

    [Fact]
    public void SubsetAndSplit_SeveralTargets_KeepRowsTogether()
    {
        var data = TabularDataSet.ParseCsv(new StringReader(Table), "data.csv", ["c", "target"]);

        var subset = data.Subset([1, 0]);

        Assert.Equal([300f, 30f, 100f, 10f], subset.Targets);
        Assert.Equal(["c", "target"], subset.TargetNames);
        Assert.Throws<InvalidOperationException>(() => data.Split(0.5, seed: 1, stratify: true));
    }

    [Fact]
    public void Constructor_TargetRowsNotWhole_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => new TabularDataSet(["x"], ["a", "b"], [1f, 2f], [1f, 2f, 3f]));

        Assert.Equal("targets", exception.ParamName);
        Assert.StartsWith("Expected whole rows of 2 targets, but got 3 values.", exception.Message);
    }

    [Fact]
    public void Constructor_TargetNameRepeatsAFeature_ThrowsNamingBoth()
    {
        var exception = Assert.Throws<ArgumentException>(() => new TabularDataSet(["x", "y"], ["a", "y"], [1f, 2f], [1f, 2f]));

        Assert.Equal("targetNames", exception.ParamName);
        Assert.StartsWith("Target name 1 (0-based) is 'y', the same as feature name 1 (0-based); every column needs its own name.", exception.Message);
    }
}
