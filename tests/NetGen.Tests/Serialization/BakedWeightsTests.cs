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

    [Fact]
    public void InferenceOnlyForm_PredictsAsTheFullNetwork_WithBatchNormFolded()
    {
        var full = new MixedDoubleNet();
        full.Load(Fixture("Fixtures/PyTorch/mixed_double.safetensors"));
        IPredictor<double> shipped = new ShippedMixedDoubleNet();
        foreach (var count in new[] { 1, 3, 8, 13 })
        {
            var inputs = TestData.Normal(count * 5, seed: count, scale: 3);
            var expected = new double[count * 3];
            var actual = new double[count * 3];
            full.Predict(inputs, expected);
            shipped.Predict(inputs, actual);
            for (var k = 0; k < expected.Length; k++)
            {
                // Folding reorders the batch-norm arithmetic: the same function, not the same rounding.
                Assert.True(Math.Abs(actual[k] - expected[k]) <= 1e-12 * Math.Max(Math.Abs(expected[k]), 1e-3), $"output {k} of {count}: {actual[k]:R} vs {expected[k]:R}");
            }
        }
    }

    [Theory]
    [InlineData("float")]
    [InlineData("checkpoint")]
    public void InferenceOnlyForm_FloatNetworks_PredictWithin1e5(string which)
    {
        INetwork<float> full = which == "float" ? new MixedFloatNet() : new ResumableNet();
        full.Load(Fixture(which == "float" ? "Fixtures/PyTorch/mixed_float.safetensors" : NetGenFixture.Path), new LoadOptions { WeightsOnly = true });
        IPredictor<float> shipped = which == "float" ? new ShippedMixedFloatNet() : new ShippedResumableNet();
        var inputs = TestData.Normal(11 * full.InputCount, seed: 4, scale: 2).Select(v => (float)v).ToArray();
        var expected = new float[11 * full.OutputCount];
        var actual = new float[expected.Length];
        full.Predict(inputs, expected);
        shipped.Predict(inputs, actual);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(actual[k] - expected[k]) <= 1e-5 * Math.Max(Math.Abs(expected[k]), 1e-2), $"output {k}: {actual[k]:R} vs {expected[k]:R}");
        }
    }

    [Fact]
    public void InferenceOnlyForm_HasNoTrainingMembers()
    {
        var type = typeof(ShippedMixedDoubleNet);
        Assert.False(typeof(INetwork<double>).IsAssignableFrom(type));
        Assert.True(typeof(IPredictor<double>).IsAssignableFrom(type));
        var members = type.GetMembers(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static)
            .Select(m => m.Name).ToHashSet();
        foreach (var training in new[] { "TrainStep", "ComputeGradients", "__ng_gradients", "__ng_UpdateParameters", "__ng_running", "__ng_BatchNormInference1", "__ng_dropoutRandom", "LearningRate" })
        {
            Assert.DoesNotContain(training, members);
        }

        // Constructing allocates the instance and its parameters only, and Predict nothing.
        _ = new ShippedMixedDoubleNet();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var shipped = new ShippedMixedDoubleNet();
        var constructed = GC.GetAllocatedBytesForCurrentThread() - before;
        var storage = (int)type.GetField("__ng_StorageLength", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetRawConstantValue()!;
        // The instance, then the parameters' array: its values, and one cache line of slack to start them on a 64-byte boundary.
        Assert.True(constructed <= (8 * storage) + NetGen.Kernels.AlignedBuffer<double>.Alignment + 64, $"constructing allocated {constructed} B for {storage} stored values");
        var x = new double[5];
        var y = new double[3];
        shipped.Predict(x, y);
        before = GC.GetAllocatedBytesForCurrentThread();
        shipped.Predict(x, y);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
