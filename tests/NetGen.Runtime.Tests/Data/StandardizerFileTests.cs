using System;
using System.IO;
using NetGen.Data;

namespace NetGen.Runtime.Tests.Data;

/// <summary>A standardizer survives its process: saved next to the network, loaded in the application, the same transform.</summary>
public sealed class StandardizerFileTests
{
    private static readonly string[] s_names = ["sepal length", "constant", "名前 \"quoted\""];

    private static Standardizer Fitted() => Standardizer.Fit(new TabularDataSet(
        s_names,
        "y",
        [2, 3, 1, 4, 3, -1, 4, 3, 1, 4.25f, 3, -1, 5, 3, 1],
        [0, 1, 2, 3, 4]));

    [Fact]
    public void SaveThenLoad_GivesTheSameStatisticsNamesAndTransform()
    {
        var original = Fitted();
        using var file = new MemoryStream();
        original.Save(file);
        file.Position = 0;
        var loaded = Standardizer.Load(file);

        Assert.Equal(original.FeatureNames, loaded.FeatureNames);
        Assert.Equal(original.Means.ToArray(), loaded.Means.ToArray());
        Assert.Equal(original.StandardDeviations.ToArray(), loaded.StandardDeviations.ToArray());
        float[] rows = [3, 3, 0.5f, 10, 7, -2];
        float[] expected = (float[])rows.Clone();
        original.TransformInPlace(expected);
        loaded.TransformInPlace(rows);
        Assert.Equal(expected, rows);
    }

    [Fact]
    public void SaveToPath_IsAtomicAndLoads()
    {
        var folder = Directory.CreateTempSubdirectory("netgen-").FullName;
        try
        {
            var path = Path.Combine(folder, "scaler.safetensors");
            Fitted().Save(path);
            Fitted().Save(path); // over an existing file
            Assert.Equal(Fitted().Means.ToArray(), Standardizer.Load(path).Means.ToArray());
            Assert.Single(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void EveryTruncation_IsAModelFileException()
    {
        using var file = new MemoryStream();
        Fitted().Save(file);
        var bytes = file.ToArray();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<ModelFileException>(() => Standardizer.Load(new MemoryStream(bytes, 0, length)));
        }
    }

    [Fact]
    public void FromStatistics_RebuildsTheFittedStandardizer()
    {
        var fitted = Fitted();
        var rebuilt = Standardizer.FromStatistics(s_names, fitted.Means, fitted.StandardDeviations);
        float[] a = [1, 2, 3];
        float[] b = [1, 2, 3];
        fitted.TransformInPlace(a);
        rebuilt.TransformInPlace(b);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(double.NaN, 1.0, "means")]
    [InlineData(0.0, -1.0, "standardDeviations")]
    [InlineData(0.0, double.PositiveInfinity, "standardDeviations")]
    public void FromStatistics_BadValue_NamesTheArgument(double mean, double deviation, string argument)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Standardizer.FromStatistics(["x"], [mean], [deviation]));
        Assert.Equal(argument, error.ParamName);
        Assert.Contains("feature 0 ('x')", error.Message);
    }

    [Theory]
    [InlineData("x", "x", "Feature name 1 (0-based) is 'x', the same as feature name 0 (0-based)")]
    [InlineData("x", "", "Feature name 1 (0-based) is ''")]
    public void FromStatistics_BlankOrRepeatedNames_Throw(string first, string second, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Standardizer.FromStatistics([first, second], [0.0, 0.0], [1.0, 1.0]));
        Assert.Equal("featureNames", error.ParamName);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void FromStatistics_LengthsDiffer_SaysWhatItGot()
    {
        var error = Assert.Throws<ArgumentException>(() => Standardizer.FromStatistics(["x", "y"], [0.0], [1.0, 2.0]));
        Assert.Contains("2 names, 1 means and 2 standard deviations", error.Message);
    }
}
