using System;
using System.IO;
using System.Linq;

namespace NetGen.Tests.Serialization;

/// <summary>A network declared with <c>Weights</c> starts with exactly the state that loading the file at run time gives.</summary>
public class BakedWeightsTests
{
    private static string Fixture(string path) => Path.Combine(AppContext.BaseDirectory, path);

    private static void AssertSameState<T>(INetwork<T> baked, INetwork<T> loaded)
        where T : unmanaged
    {
        var expected = new T[loaded.ParameterCount];
        var actual = new T[baked.ParameterCount];
        loaded.GetParameters(expected);
        baked.GetParameters(actual);
        Assert.Equal(expected, actual);
        var expectedRunning = new T[loaded.RunningStatisticsCount];
        var actualRunning = new T[baked.RunningStatisticsCount];
        loaded.GetRunningStatistics(expectedRunning);
        baked.GetRunningStatistics(actualRunning);
        Assert.Equal(expectedRunning, actualRunning);
        Assert.Equal(loaded.BatchesTracked, baked.BatchesTracked);
    }

    [Fact]
    public void PyTorchDoubleFile_BakedIn_EqualsLoadingIt()
    {
        var loaded = new MixedDoubleNet();
        loaded.Load(Fixture("Fixtures/PyTorch/mixed_double.safetensors"));
        var baked = new BakedMixedDoubleNet();
        AssertSameState(baked, loaded);
        Assert.Equal(20, baked.BatchesTracked);

        var inputs = TestData.Normal(7 * 5, seed: 3);
        var expected = new double[7 * 3];
        var actual = new double[7 * 3];
        loaded.Predict(inputs, expected);
        baked.Predict(inputs, actual);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("Fixtures/PyTorch/mixed_float.safetensors")]
    [InlineData("Fixtures/PyTorch/mixed_float.bf16.safetensors")]
    public void PyTorchFloatFile_BakedIn_EqualsLoadingIt(string file)
    {
        var loaded = new MixedFloatNet();
        loaded.Load(Fixture(file));
        INetwork<float> baked = file.Contains("bf16") ? new BakedMixedBFloat16Net() : new BakedMixedFloatNet();
        AssertSameState(baked, loaded);
    }

    [Fact]
    public void NetGenCheckpoint_BakedIn_EqualsLoadingIt_AndKeepsTraining()
    {
        var loaded = new ResumableNet();
        loaded.Load(Fixture(NetGenFixture.Path), new LoadOptions { WeightsOnly = true });
        var baked = new BakedResumableNet();
        AssertSameState(baked, loaded);

        // A baked network is a whole network: it fine-tunes like any other.
        var x = TestData.Normal(8 * 5, seed: 1).Select(v => (float)v).ToArray();
        var t = TestData.Targets(LossKind.CategoricalCrossEntropy, 8, 3, seed: 2).Select(v => (float)v).ToArray();
        Assert.Equal(loaded.TrainStep(x, t), baked.TrainStep(x, t));
        AssertSameState(baked, loaded);
    }

    [Fact]
    public void BakedNetwork_ConstructsWithoutAllocatingItsWeightsTwice()
    {
        // The constants are read from the assembly's data; constructing allocates only the instance's own arrays.
        _ = new BakedMixedFloatNet();
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = new BakedMixedFloatNet();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var untrained = GC.GetAllocatedBytesForCurrentThread();
        _ = new MixedFloatNet();
        var fresh = GC.GetAllocatedBytesForCurrentThread() - untrained;
        Assert.True(allocated < fresh, $"baked {allocated} B, initialized from the seed {fresh} B");
    }
}
