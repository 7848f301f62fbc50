using System;
using System.Collections.Generic;
using NetGen.Data;

namespace NetGen.Runtime.Tests.Data;

public sealed class TabularDataSetTests
{
    [Fact]
    public void Constructor_Arrays_AreKeptNotCopied()
    {
        float[] features = [1, 2, 3, 4];
        float[] targets = [0, 1];

        var data = new TabularDataSet(["a", "b"], "y", features, targets);

        Assert.Same(features, data.Features);
        Assert.Same(targets, data.Targets);
        Assert.Equal((2, 2), (data.Count, data.FeatureCount));
    }

    [Fact]
    public void Constructor_FeatureNames_AreCopied()
    {
        var names = new List<string> { "a", "b" };

        var data = new TabularDataSet(names, "y", [1, 2], [0]);
        names[0] = "changed";

        Assert.Equal("a", data.FeatureNames[0]);
    }

    [Fact]
    public void Constructor_FeaturesNotOneRowPerTarget_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new TabularDataSet(["a", "b"], "y", [1, 2, 3], [0, 1]));

        Assert.Equal("features", e.ParamName);
        Assert.StartsWith("Expected 4 feature values (2 rows × 2 features), but got 3.", e.Message);
    }

    [Fact]
    public void Constructor_NoFeatureNames_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new TabularDataSet([], "y", [], []));

        Assert.Equal("featureNames", e.ParamName);
    }

    [Fact]
    public void Constructor_NoRows_ThrowsAsLoadCsvDoes()
    {
        var e = Assert.Throws<ArgumentException>(() => new TabularDataSet(["a", "b"], "y", [], []));

        Assert.Equal("targets", e.ParamName);
        Assert.StartsWith("A data set needs at least one row", e.Message);
    }

    [Theory]
    [InlineData("a", "a", "y", "featureNames", "Feature name 1 (0-based) is 'a', the same as feature name 0 (0-based)")]
    [InlineData("a", "b", "a", "targetName", "The target's name is 'a', the same as feature name 0 (0-based)")]
    [InlineData("a", "", "y", "featureNames", "Feature name 1 (0-based) is ''; every column needs a name that is not blank.")]
    [InlineData("a", "b", " ", "targetName", "The target's name is ' '; every column needs a name that is not blank.")]
    [InlineData(null, "b", "y", "featureNames", "Feature name 0 (0-based) is null")]
    public void Constructor_BlankOrRepeatedNames_ThrowNamingThem(string? first, string second, string target, string argument, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new TabularDataSet([first!, second], target, [1, 2], [0]));

        Assert.Equal(argument, e.ParamName);
        Assert.StartsWith(message, e.Message);
    }

    [Theory]
    [InlineData(float.NaN, 0f, "features", "Row 1, column 1 ('b') of features (0-based) is NaN")]
    [InlineData(float.PositiveInfinity, 0f, "features", "Row 1, column 1 ('b') of features (0-based) is Infinity")]
    [InlineData(1f, float.NegativeInfinity, "targets", "Row 1, column 0 ('y') of targets (0-based) is -Infinity")]
    public void Constructor_NonFiniteValue_ThrowsNamingRowAndColumn(float feature, float target, string argument, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new TabularDataSet(["a", "b"], "y", [1, 2, 3, feature], [0, target]));

        Assert.Equal(argument, e.ParamName);
        Assert.StartsWith(message + "; every value must be a finite number.", e.Message);
    }

    [Fact]
    public void Subset_NoIndices_Throws()
    {
        var data = new TabularDataSet(["a"], "y", [1, 2], [0, 1]);

        var e = Assert.Throws<ArgumentException>(() => data.Subset([]));

        Assert.Equal("indices", e.ParamName);
    }
}
