using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using NetGen.Training;

namespace NetGen.Tests.Parallelism;

/// <summary>
/// Training on several threads (<c>MaxDegreeOfParallelism</c>): the same bits on 1, 2 and 3 threads, gradients that
/// match finite differences, the networks that stay on one thread, and the option's argument errors. In the pool's
/// collection: holding the pool is how a test makes the shards run on one thread.
/// </summary>
[Collection(nameof(ParallelPredictionCollection))]
public class ParallelTrainingTests
{
    /// <summary>Batch sizes of the runs: one shard (32, 40, 10, 17), 2 shards (64), 3 shards not a multiple of 16 (100), 4 shards (200).</summary>
    private static readonly int[] Batches = [32, 40, 100, 10, 64, 17, 200];

    public static TheoryData<string> NetworkNames => new() { "adam", "clipped", "double", "deep", "adam, layer 1 frozen", "adam, layers 1 and 2 frozen", "clipped, layer 3 frozen" };

    [Theory]
    [MemberData(nameof(NetworkNames))]
    public void Training_GivesTheSameBitsOnOneTwoAndThreeThreads(string name)
    {
        var oneThread = TrainNamed(name, maxDegreeOfParallelism: 2, holdPool: true);
        foreach (var degree in new[] { 2, 3, -1 })
        {
            var parallel = TrainNamed(name, degree, holdPool: false);
            oneThread.AssertSameBits(parallel, $"{name}, {degree} threads");
        }
    }

    [Fact]
    public void Batches_AreCutIntoShardsByTheirSizeAndTheNetworkOnly()
    {
        Assert.Equal(1, ParallelWork.ShardCount(32, ParallelAdamNet.Sizes.ParameterCount)); // at least 32 samples a shard
        Assert.Equal(1, ParallelWork.ShardCount(17, ParallelAdamNet.Sizes.ParameterCount));
        Assert.Equal(2, ParallelWork.ShardCount(64, ParallelAdamNet.Sizes.ParameterCount));
        Assert.Equal(3, ParallelWork.ShardCount(100, ParallelAdamNet.Sizes.ParameterCount));
        Assert.Equal(4, ParallelWork.ShardCount(200, ParallelAdamNet.Sizes.ParameterCount));
        Assert.Equal(3, ParallelWork.ShardCount(100, ParallelClippedNet.Sizes.ParameterCount));
        Assert.Equal(2, ParallelWork.ShardCount(64, ParallelDoubleTrainingNet.Sizes.ParameterCount));
        Assert.Equal(2, ParallelWork.ShardCount(64, ParallelDeepNet.Sizes.ParameterCount));
        // The small nets of the benchmarks never pay for a second thread at batch 32.
        Assert.Equal(1, ParallelWork.ShardCount(32, 4 * 64 + 64 + 64 * 64 + 64 + 64 * 3 + 3));
        Assert.Equal(1, ParallelWork.ShardCount(256, 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1));
    }

    [Fact]
    public void ShardedTraining_DiffersFromOneThreadOnlyInRounding()
    {
        var single = Train(new ParallelAdamNet(), 1, holdPool: false);
        var parallel = Train(new ParallelAdamNet(), 2, holdPool: false);

        Assert.False(single.Parameters.AsSpan().SequenceEqual(parallel.Parameters), "the shards' sums round differently");
        for (var k = 0; k < single.Parameters.Length; k++)
        {
            Assert.True(Math.Abs(single.Parameters[k] - parallel.Parameters[k]) <= 1e-4f, $"parameter {k}: {single.Parameters[k]} vs {parallel.Parameters[k]}");
        }

        for (var step = 0; step < single.Losses.Length; step++)
        {
            Assert.True(Math.Abs(single.Losses[step] - parallel.Losses[step]) <= 1e-5f * Math.Abs(single.Losses[step]), $"step {step}");
        }
    }

    [Fact]
    public void ShardedTraining_KeepsTheOutputsOfEachSampleInItsRow()
    {
        // Shards start on multiples of 16 samples, so each sample's forward pass is exactly the whole batch's.
        var count = 100;
        var (inputs, targets) = Batch<float>(count, ParallelAdamNet.Sizes.InputCount, ParallelAdamNet.Sizes.OutputCount, LossKind.CategoricalCrossEntropy, 5);
        var single = new ParallelAdamNet();
        var parallel = new ParallelAdamNet { MaxDegreeOfParallelism = 2 };
        single.ComputeGradients(inputs, targets);
        parallel.ComputeGradients(inputs, targets);
        var expected = new float[count * ParallelAdamNet.Sizes.OutputCount];
        var actual = new float[expected.Length];
        single.GetTrainingOutputs(expected);
        parallel.GetTrainingOutputs(actual);

        Assert.True(expected.AsSpan().SequenceEqual(actual));
    }

    [Fact]
    public void ABatchOfOneShard_IsComputedExactlyAsOnOneThread()
    {
        var single = Train(new ParallelAdamNet(), 1, holdPool: false, batches: [17, 10, 32, 63]);
        var parallel = Train(new ParallelAdamNet(), -1, holdPool: false, batches: [17, 10, 32, 63]);

        single.AssertSameBits(parallel, "batches of one shard");
    }

    [Fact]
    public void GradientsOfShardedBatches_MatchFiniteDifferences()
    {
        var network = new ParallelDoubleTrainingNet { MaxDegreeOfParallelism = 2 };
        const int count = 64;
        Assert.True(ParallelWork.ShardCount(count, ParallelDoubleTrainingNet.Sizes.ParameterCount) > 1);
        var (inputs, targets) = Batch<double>(count, ParallelDoubleTrainingNet.Sizes.InputCount, ParallelDoubleTrainingNet.Sizes.OutputCount, LossKind.BinaryCrossEntropy, 9);

        GradientChecker.AssertMatches(network, () => network.ComputeGradients(inputs, targets), "sharded batch of 64");
    }

    [Fact]
    public void NetworksWithBatchNormOrDropout_TrainOnTheCallingThreadWhateverTheOption()
    {
        Train(new ParallelBatchNormNet(), 1, holdPool: false).AssertSameBits(Train(new ParallelBatchNormNet(), 2, holdPool: false), "batch norm");
        Train(new ParallelDropoutNet(), 1, holdPool: false).AssertSameBits(Train(new ParallelDropoutNet(), -1, holdPool: false), "dropout");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(int.MinValue)]
    public void MaxDegreeOfParallelism_RefusesZeroAndBelowMinusOne(int value)
    {
        var network = new ParallelAdamNet { MaxDegreeOfParallelism = 3 };

        // As every generated setter: ParamName "value", as .NET's setters, and the message names the property.
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => network.MaxDegreeOfParallelism = value);
        Assert.Equal("value", error.ParamName);
        Assert.Contains("MaxDegreeOfParallelism must be -1", error.Message);
        Assert.Equal(3, network.MaxDegreeOfParallelism);

        var optionError = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { Epochs = 1, MaxDegreeOfParallelism = value });
        Assert.Equal("MaxDegreeOfParallelism", optionError.ParamName);
    }

    [Fact]
    public void Fit_TrainsWithTheOptionsThreadsAndLeavesTheNetworksSetting()
    {
        var (inputs, targets) = Batch<float>(300, ParallelAdamNet.Sizes.InputCount, ParallelAdamNet.Sizes.OutputCount, LossKind.CategoricalCrossEntropy, 11);
        var data = new TrainingData<float>(inputs, targets, ParallelAdamNet.Sizes.InputCount, ParallelAdamNet.Sizes.OutputCount);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 64, TrainingMetrics = EpochMetricsSource.None };
        float[] Fit(int? threads, bool holdPool)
        {
            var network = new ParallelAdamNet();
            using (holdPool ? PoolHold.Take() : null)
            {
                Trainer.Fit(network, data, options with { MaxDegreeOfParallelism = threads });
            }

            Assert.Equal(1, network.MaxDegreeOfParallelism);
            var parameters = new float[network.ParameterCount];
            network.GetParameters(parameters);
            return parameters;
        }

        var oneThread = Fit(2, holdPool: true);
        Assert.True(oneThread.AsSpan().SequenceEqual(Fit(2, holdPool: false)));
        Assert.True(oneThread.AsSpan().SequenceEqual(Fit(-1, holdPool: false)));
        Assert.False(oneThread.AsSpan().SequenceEqual(Fit(null, holdPool: false)), "null keeps the network's 1: one whole batch");
    }

    [Fact]
    public void ShardedTrainStep_AllocatesNothingOnceStarted()
    {
        var network = new ParallelAdamNet { MaxDegreeOfParallelism = 2 };
        var (inputs, targets) = Batch<float>(64, ParallelAdamNet.Sizes.InputCount, ParallelAdamNet.Sizes.OutputCount, LossKind.CategoricalCrossEntropy, 13);
        for (var i = 0; i < 20; i++)
        {
            network.TrainStep(inputs, targets);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
        {
            network.TrainStep(inputs, targets);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static Result<float> TrainNamed(string name, int maxDegreeOfParallelism, bool holdPool) => name switch
    {
        "adam" => Train(new ParallelAdamNet(), maxDegreeOfParallelism, holdPool),
        "clipped" => Train(new ParallelClippedNet(), maxDegreeOfParallelism, holdPool),
        "double" => Train(new ParallelDoubleTrainingNet(), maxDegreeOfParallelism, holdPool).ToFloat(),
        "deep" => Train(new ParallelDeepNet(), maxDegreeOfParallelism, holdPool),
        "adam, layer 1 frozen" => Train(Frozen(new ParallelAdamNet(), 0), maxDegreeOfParallelism, holdPool),
        "adam, layers 1 and 2 frozen" => Train(Frozen(new ParallelAdamNet(), 0, 1), maxDegreeOfParallelism, holdPool),
        "clipped, layer 3 frozen" => Train(Frozen(new ParallelClippedNet(), 2), maxDegreeOfParallelism, holdPool),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    private static TNetwork Frozen<TNetwork>(TNetwork network, params int[] layers)
        where TNetwork : INetwork<float>
    {
        foreach (var layer in layers)
        {
            network.SetLayerFrozen(layer, true);
        }

        return network;
    }

    /// <summary>TrainStep over <see cref="Batches"/> (or <paramref name="batches"/>), keeping everything a step leaves behind.</summary>
    private static Result<T> Train<T>(INetwork<T> network, int maxDegreeOfParallelism, bool holdPool, int[]? batches = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        network.MaxDegreeOfParallelism = maxDegreeOfParallelism;
        var losses = new List<T>();
        var gradientNorms = new List<T>();
        var layerNorms = new T[network.LayerCount];
        var seed = 100;
        T[] outputs = [];
        using (holdPool ? PoolHold.Take() : null)
        {
            foreach (var count in batches ?? Batches)
            {
                var (inputs, targets) = Batch<T>(count, network.InputCount, network.OutputCount, network.Loss, seed++);
                losses.Add(network.TrainStep(inputs, targets));
                gradientNorms.Add(network.GradientNorm);
                network.GetLayerGradientNorms(layerNorms);
                gradientNorms.AddRange(layerNorms);
                outputs = new T[count * network.OutputCount];
                network.GetTrainingOutputs(outputs);
            }
        }

        var parameters = new T[network.ParameterCount];
        network.GetParameters(parameters);
        var gradients = new T[network.ParameterCount];
        network.GetGradients(gradients);
        var state = new T[network.OptimizerStateCount];
        network.GetOptimizerState(state);
        return new Result<T>(parameters, gradients, state, [.. losses], [.. gradientNorms], outputs);
    }

    private static (T[] Inputs, T[] Targets) Batch<T>(int count, int inputCount, int outputCount, LossKind loss, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var inputs = TestData.Normal(count * inputCount, seed).Select(T.CreateTruncating).ToArray();
        var targets = TestData.Targets(loss, count, outputCount, seed + 1000).Select(T.CreateTruncating).ToArray();
        return (inputs, targets);
    }

    private sealed record Result<T>(T[] Parameters, T[] Gradients, T[] OptimizerState, T[] Losses, T[] Norms, T[] Outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void AssertSameBits(Result<T> other, string what)
        {
            Assert.True(Parameters.AsSpan().SequenceEqual(other.Parameters), $"{what}: parameters");
            Assert.True(Gradients.AsSpan().SequenceEqual(other.Gradients), $"{what}: gradients");
            Assert.True(OptimizerState.AsSpan().SequenceEqual(other.OptimizerState), $"{what}: optimizer state");
            Assert.True(Losses.AsSpan().SequenceEqual(other.Losses), $"{what}: losses");
            Assert.True(Norms.AsSpan().SequenceEqual(other.Norms), $"{what}: gradient norms");
            Assert.True(Outputs.AsSpan().SequenceEqual(other.Outputs), $"{what}: training outputs");
        }

        /// <summary>Each double's bits as two floats, so comparing the floats' bits compares the doubles'.</summary>
        public Result<float> ToFloat() => new(Bits(Parameters), Bits(Gradients), Bits(OptimizerState), Bits(Losses), Bits(Norms), Bits(Outputs));

        private static float[] Bits(T[] values) =>
            System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(values.AsSpan()).ToArray();
    }

    /// <summary>Holds the helper threads, as a concurrent <c>PredictParallel</c> would: every sharded batch then runs its shards on the calling thread.</summary>
    private sealed class PoolHold : IDisposable
    {
        private readonly bool _held;

        private PoolHold(bool held) => _held = held;

        public static PoolHold Take() => new(PredictionWorkers.TryAcquire(2, out _));

        public void Dispose()
        {
            if (_held)
            {
                PredictionWorkers.Release();
            }
        }
    }
}
