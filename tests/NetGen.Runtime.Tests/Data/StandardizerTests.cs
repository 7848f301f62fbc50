using System;
using NetGen.Data;

namespace NetGen.Runtime.Tests.Data;

public sealed class StandardizerTests
{
    private static readonly string[] s_names = ["a", "constant", "b"];

    // Column a: 2 4 4 4 5 5 7 9 — mean 5, Σ(x − 5)² = 32, population std √(32/8) = 2.
    // Column constant: always 3 — mean 3, std 0.
    // Column b: 1 −1 alternating — mean 0, std 1.
    private static TabularDataSet Train() => new(
        s_names,
        "y",
        [
            2, 3, 1,
            4, 3, -1,
            4, 3, 1,
            4, 3, -1,
            5, 3, 1,
            5, 3, -1,
            7, 3, 1,
            9, 3, -1,
        ],
        [0, 1, 2, 3, 4, 5, 6, 7]);

    [Fact]
    public void Fit_HandComputedExample_GivesMeansAndPopulationStandardDeviations()
    {
        var standardizer = Standardizer.Fit(Train());

        Assert.Equal([5.0, 3.0, 0.0], standardizer.Means.ToArray());
        Assert.Equal([2.0, 0.0, 1.0], standardizer.StandardDeviations.ToArray());
        Assert.Equal(s_names, standardizer.FeatureNames);
    }

    [Fact]
    public void Transform_TrainingData_SubtractsMeanAndDividesByStd()
    {
        var train = Train();

        var standardized = Standardizer.Fit(train).Transform(train);

        Assert.Equal(
            [
                -1.5f, 0f, 1f,
                -0.5f, 0f, -1f,
                -0.5f, 0f, 1f,
                -0.5f, 0f, -1f,
                0f, 0f, 1f,
                0f, 0f, -1f,
                1f, 0f, 1f,
                2f, 0f, -1f,
            ],
            standardized.Features);
    }

    [Fact]
    public void Transform_OtherData_UsesTheTrainingStatistics()
    {
        var standardizer = Standardizer.Fit(Train());
        var test = new TabularDataSet(s_names, "y", [11, 3, 0.5f, -1, 3, 4], [9, 8]);

        var standardized = standardizer.Transform(test);

        // (11 − 5)/2 = 3, (0.5 − 0)/1 = 0.5, (−1 − 5)/2 = −3, (4 − 0)/1 = 4; test's own mean of a would be 5 too, its std 6.
        Assert.Equal([3f, 0f, 0.5f, -3f, 0f, 4f], standardized.Features);
    }

    [Fact]
    public void Fit_OnTrainOnly_IgnoresTheTestSet()
    {
        var train = Train();
        var test = new TabularDataSet(s_names, "y", [100, 3, 50, 200, 3, -50], [0, 1]);
        var before = Standardizer.Fit(train);
        _ = before.Transform(test);

        var after = Standardizer.Fit(train);

        Assert.Equal(before.Means.ToArray(), after.Means.ToArray());
        Assert.Equal(before.StandardDeviations.ToArray(), after.StandardDeviations.ToArray());
        Assert.NotEqual(Standardizer.Fit(test).Means.ToArray(), after.Means.ToArray());
    }

    [Fact]
    public void Transform_ConstantFeature_IsCenteredButNotScaled()
    {
        var standardizer = Standardizer.Fit(Train());
        var test = new TabularDataSet(s_names, "y", [5, 8, 0, 5, 1.5f, 0], [0, 0]);

        var standardized = standardizer.Transform(test);

        // The constant column's mean is 3 and its std 0: 8 − 3 = 5 and 1.5 − 3 = −1.5, not ±∞ or NaN.
        Assert.Equal([0f, 5f, 0f, 0f, -1.5f, 0f], standardized.Features);
    }

    [Fact]
    public void Transform_ReturnsNewDataSet_LeavingTheInputUnchanged()
    {
        var train = Train();
        var original = (float[])train.Features.Clone();

        var standardized = Standardizer.Fit(train).Transform(train);

        Assert.Equal(original, train.Features);
        Assert.NotSame(train.Features, standardized.Features);
        Assert.NotSame(train.Targets, standardized.Targets);
        Assert.Equal(train.Targets, standardized.Targets);
        Assert.Equal(train.FeatureNames, standardized.FeatureNames);
        Assert.Equal(train.TargetName, standardized.TargetName);
    }

    [Fact]
    public void Fit_LargeOffset_KeepsTheStandardDeviationAccurate()
    {
        // 1000001, 1000002, 1000003 are exact in float: mean 1000002, std √(2/3).
        var data = new TabularDataSet(["x"], "y", [1_000_001, 1_000_002, 1_000_003], [0, 0, 0]);

        var standardizer = Standardizer.Fit(data);

        Assert.Equal(1_000_002.0, standardizer.Means[0]);
        Assert.Equal(Math.Sqrt(2.0 / 3.0), standardizer.StandardDeviations[0], 12);
    }

    [Fact]
    public void TransformInPlace_Rows_StandardizesEachColumn()
    {
        var standardizer = Standardizer.Fit(Train());
        float[] rows = [7, 3, 2, 3, 4, -2];

        standardizer.TransformInPlace(rows);

        Assert.Equal([1f, 0f, 2f, -1f, 1f, -2f], rows);
    }

    [Fact]
    public void TransformInPlace_PartialRow_Throws()
    {
        var standardizer = Standardizer.Fit(Train());

        var e = Assert.Throws<ArgumentException>(() => standardizer.TransformInPlace(new float[4]));

        Assert.Equal("rows", e.ParamName);
    }

    [Fact]
    public void Transform_DifferentColumns_ThrowsNamingTheMismatch()
    {
        var standardizer = Standardizer.Fit(Train());
        var reordered = new TabularDataSet(["a", "b", "constant"], "y", new float[3], [0]);

        var e = Assert.Throws<ArgumentException>(() => standardizer.Transform(reordered));

        Assert.StartsWith("Feature 1 is 'b', but the standardizer was fitted on 'constant' there", e.Message);
    }

    [Fact]
    public void Transform_FewerColumns_Throws()
    {
        var standardizer = Standardizer.Fit(Train());
        var narrower = new TabularDataSet(["a", "constant"], "y", new float[2], [0]);

        var e = Assert.Throws<ArgumentException>(() => standardizer.Transform(narrower));

        Assert.StartsWith("Feature 2 is '(none)', but the standardizer was fitted on 'b' there", e.Message);
    }
}
