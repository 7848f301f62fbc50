using System;
using System.IO;
using NetGen.Data;
using NetGen.Serialization;

namespace NetGen.Runtime.Tests.Data;

public sealed class TargetScalerTests
{
    private static TabularDataSet TwoTargets() =>
        TabularDataSet.ParseCsv(new StringReader("x,a,b\n1,10,5\n2,20,5\n3,30,5\n4,40,5\n"), "data.csv", ["a", "b"]);

    [Fact]
    public void Fit_MeansAndPopulationStandardDeviations()
    {
        var scaler = TargetScaler.Fit(TwoTargets());

        // a: mean 25, population variance (225 + 25 + 25 + 225) / 4 = 125; b: constant 5.
        Assert.Equal([25.0, 5.0], scaler.Means.ToArray());
        Assert.Equal([Math.Sqrt(125), 0.0], scaler.StandardDeviations.ToArray());
        Assert.Equal(["a", "b"], scaler.TargetNames);
    }

    [Fact]
    public void Transform_ScalesTargetsOnly_AndInverseRestoresThem()
    {
        var data = TwoTargets();
        var scaler = TargetScaler.Fit(data);

        var scaled = scaler.Transform(data);
        var restored = (float[])scaled.Targets.Clone();
        scaler.InverseTransformInPlace(restored);

        Assert.Equal(data.Features, scaled.Features);
        Assert.Equal((float)(-15 / Math.Sqrt(125)), scaled.Targets[0], 6);
        Assert.Equal(0f, scaled.Targets[1]); // the constant target is centered, not divided by 0
        for (var i = 0; i < restored.Length; i++)
        {
            Assert.Equal(data.Targets[i], restored[i], 4); // float rounding of the scaled value
        }

        Assert.Equal([10f, 5f, 20f, 5f, 30f, 5f, 40f, 5f], data.Targets); // unchanged
    }

    [Fact]
    public void InverseTransformInPlace_Doubles()
    {
        var scaler = TargetScaler.FromStatistics(["y"], [100.0], [10.0]);
        double[] predictions = [-1.5, 0, 2];

        scaler.InverseTransformInPlace(predictions);

        Assert.Equal([85.0, 100.0, 120.0], predictions);
    }

    [Fact]
    public void SaveAndLoad_RoundTripsTheStatistics()
    {
        var scaler = TargetScaler.Fit(TwoTargets());
        using var stream = new MemoryStream();

        scaler.Save(stream);
        stream.Position = 0;
        var loaded = TargetScaler.Load(stream);

        Assert.Equal(scaler.TargetNames, loaded.TargetNames);
        Assert.Equal(scaler.Means.ToArray(), loaded.Means.ToArray());
        Assert.Equal(scaler.StandardDeviations.ToArray(), loaded.StandardDeviations.ToArray());
    }

    [Fact]
    public void Load_AStandardizerFile_ThrowsSayingWhichKind()
    {
        using var stream = new MemoryStream();
        Standardizer.FromStatistics(["x"], [1.0], [2.0]).Save(stream);
        stream.Position = 0;

        var exception = Assert.Throws<ModelFileException>(() => TargetScaler.Load(stream));

        Assert.Equal("Cannot load a target scaler: The file holds a standardizer; expected netgen.kind 'target-scaler'.", exception.Message);
    }

    [Fact]
    public void Transform_OtherTargetColumns_Throws()
    {
        var scaler = TargetScaler.FromStatistics(["y"], [0.0], [1.0]);
        var data = TabularDataSet.ParseCsv(new StringReader("x,z\n1,2\n"), "data.csv");

        var exception = Assert.Throws<ArgumentException>(() => scaler.Transform(data));

        Assert.Equal("data", exception.ParamName);
        Assert.StartsWith("Target 0 is 'z', but the target scaler was fitted on 'y' there; the columns must match.", exception.Message);
    }

    [Fact]
    public void Fit_ClassLabels_Throws()
    {
        var data = TabularDataSet.ParseCsv(new StringReader("x,y\n1,cat\n2,dog\n"), "data.csv");

        var exception = Assert.Throws<ArgumentException>(() => TargetScaler.Fit(data));

        Assert.StartsWith("The target column 'y' holds class labels ('cat', 'dog'), which are not scaled.", exception.Message);
    }

    [Fact]
    public void InverseTransformInPlace_NotWholeRows_Throws()
    {
        var scaler = TargetScaler.Fit(TwoTargets());

        var exception = Assert.Throws<ArgumentException>(() => scaler.InverseTransformInPlace(new float[3]));

        Assert.Equal("rows", exception.ParamName);
        Assert.StartsWith("Expected whole rows of 2 targets, but got 3 values.", exception.Message);
    }
}
