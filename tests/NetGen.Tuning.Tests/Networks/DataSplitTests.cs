using System;
using System.Linq;
using NetGen.Tuning.Networks;

namespace NetGen.Tuning.Tests.Networks;

public sealed class DataSplitTests
{
    private static int[] Classes() => Enumerable.Range(0, 120).Select(i => i < 60 ? 0 : i < 100 ? 1 : 2).ToArray();

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public void StratifiedKFold_FoldsAreDisjoint_CoverTheData_AndKeepEachClassShare(int k)
    {
        var classes = Classes();
        var folds = DataSplits.StratifiedKFold(classes, k, seed: 4);

        Assert.Equal(k, folds.Length);
        var all = folds.SelectMany(f => f).ToList();
        Assert.Equal(classes.Length, all.Count);
        Assert.Equal(Enumerable.Range(0, classes.Length), all.Order());
        Assert.True(folds.Max(f => f.Length) - folds.Min(f => f.Length) <= 1);
        foreach (var c in new[] { 0, 1, 2 })
        {
            var perFold = folds.Select(f => f.Count(i => classes[i] == c)).ToArray();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"class {c}: {string.Join(", ", perFold)}");
        }
    }

    [Fact]
    public void KFold_IsSeeded()
    {
        Assert.Equal(DataSplits.KFold(50, 5, 1), DataSplits.KFold(50, 5, 1));
        Assert.NotEqual(DataSplits.KFold(50, 5, 1), DataSplits.KFold(50, 5, 2));
        var folds = DataSplits.KFold(50, 5, 1);
        Assert.Equal(Enumerable.Range(0, 50), folds.SelectMany(f => f).Order());
        Assert.All(folds, f => Assert.Equal(10, f.Length));
    }

    [Fact]
    public void StratifiedHoldOut_KeepsEachClassShare()
    {
        var classes = Classes();
        var (training, validation) = DataSplits.StratifiedHoldOut(classes, 0.25, seed: 8);

        Assert.Equal(30, validation.Length);
        Assert.Equal(Enumerable.Range(0, 120), training.Concat(validation).Order());
        Assert.Equal(15, validation.Count(i => classes[i] == 0));
        Assert.Equal(10, validation.Count(i => classes[i] == 1));
        Assert.Equal(5, validation.Count(i => classes[i] == 2));
    }

    [Fact]
    public void BadSplits_AreReported()
    {
        Assert.Equal("folds", Assert.Throws<ArgumentOutOfRangeException>(() => DataSplits.KFold(10, 1, 0)).ParamName);
        Assert.Equal("folds", Assert.Throws<ArgumentOutOfRangeException>(() => DataSplits.KFold(3, 4, 0)).ParamName);
        Assert.Equal("fraction", Assert.Throws<ArgumentOutOfRangeException>(() => DataSplits.HoldOut(10, 1.0, 0)).ParamName);
        Assert.Equal("fraction", Assert.Throws<ArgumentOutOfRangeException>(() => DataSplits.HoldOut(10, 0.01, 0)).ParamName);
    }

    [Fact]
    public void ClassesOf_ReadsOneHotRows()
    {
        var data = NetworkObjectiveTests.Blobs();
        var classes = DataSplits.ClassesOf(data, LossKind.CategoricalCrossEntropy)!;
        Assert.Equal(60, classes.Count(c => c == 0));
        Assert.Equal(40, classes.Count(c => c == 1));
        Assert.Equal(20, classes.Count(c => c == 2));
        Assert.Null(DataSplits.ClassesOf(data, LossKind.MeanSquaredError));
    }
}
