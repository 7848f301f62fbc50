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
}
