using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace NetGen.Tests.Parallelism;

/// <summary>Runs alone, after the other tests: the pool serves one call at a time, and the allocation test counts every thread.</summary>
[CollectionDefinition(nameof(ParallelPredictionCollection), DisableParallelization = true)]
public class ParallelPredictionCollection
{
}

/// <summary><see cref="NetGen.Parallelism.PredictParallel{T}"/>: the same bits as one <c>Predict</c>, the runs it makes, and its argument errors.</summary>
[Collection(nameof(ParallelPredictionCollection))]
public class ParallelPredictionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(47)]
    [InlineData(100)]
    [InlineData(1024)]
    [InlineData(1031)]
    public void Float_OutputsAreBitForBitThoseOfPredict(int count)
    {
        var network = new ParallelWideNet();
        var inputs = Inputs<float>(count * ParallelWideNet.Sizes.InputCount, (ulong)count);
        var expected = new float[count * ParallelWideNet.Sizes.OutputCount];
        network.Predict(inputs, expected);

        foreach (var degree in new[] { -1, 1, 2, 3, 64 })
        {
            var actual = new float[expected.Length];
            network.PredictParallel(inputs, actual, degree);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"degree {degree}, {count} samples");
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(200)]
    [InlineData(999)]
    public void Double_OutputsAreBitForBitThoseOfPredict(int count)
    {
        var network = new ParallelDoubleNet();
        var inputs = Inputs<double>(count * ParallelDoubleNet.Sizes.InputCount, (ulong)count + 1);
        var expected = new double[count * ParallelDoubleNet.Sizes.OutputCount];
        network.Predict(inputs, expected);
        var actual = new double[expected.Length];

        network.PredictParallel(inputs, actual);

        Assert.True(expected.AsSpan().SequenceEqual(actual));
    }

    [Fact]
    public void SlicesOfLargerArrays_AreReadAndWrittenInPlace()
    {
        var network = new ParallelWideNet();
        const int count = 300;
        var inputs = Inputs<float>((count + 2) * ParallelWideNet.Sizes.InputCount, 9);
        var expected = new float[count * ParallelWideNet.Sizes.OutputCount];
        network.Predict(inputs.AsSpan(ParallelWideNet.Sizes.InputCount, count * ParallelWideNet.Sizes.InputCount), expected);
        var outputs = new float[(count + 2) * ParallelWideNet.Sizes.OutputCount];
        outputs.AsSpan().Fill(-7);

        network.PredictParallel(
            inputs.AsMemory(ParallelWideNet.Sizes.InputCount, count * ParallelWideNet.Sizes.InputCount),
            outputs.AsMemory(ParallelWideNet.Sizes.OutputCount, count * ParallelWideNet.Sizes.OutputCount));

        Assert.True(expected.AsSpan().SequenceEqual(outputs.AsSpan(ParallelWideNet.Sizes.OutputCount, expected.Length)));
        Assert.All(outputs.Take(ParallelWideNet.Sizes.OutputCount).Concat(outputs.Skip((count + 1) * ParallelWideNet.Sizes.OutputCount)), value => Assert.Equal(-7, value));
    }

    [Fact]
    public void ABatch_IsSplitIntoAlignedContiguousRuns_OnSeveralThreads()
    {
        var spy = new SpyNetwork(new ParallelWideNet());
        const int count = 1000;
        var inputs = Inputs<float>(count * spy.InputCount, 5);
        var outputs = new float[count * spy.OutputCount];

        spy.PredictParallel(inputs, outputs);

        var runs = spy.Calls.OrderBy(call => call.Start).ToArray();
        Assert.Equal(Math.Min(Environment.ProcessorCount, count / 16), runs.Length);
        Assert.Equal(0, runs[0].Start);
        for (var r = 1; r < runs.Length; r++)
        {
            Assert.Equal(runs[r - 1].Start + runs[r - 1].Count, runs[r].Start);
            Assert.Equal(0, runs[r].Start % 16);
        }

        Assert.Equal(count, runs[^1].Start + runs[^1].Count);
        Assert.Equal(runs.Length, runs.Select(call => call.Thread).Distinct().Count());
        Assert.Contains(runs, call => call.Thread == Environment.CurrentManagedThreadId);
    }

    [Fact]
    public void DegreeOne_AndSmallBatches_RunOnTheCallingThreadInOneCall()
    {
        var spy = new SpyNetwork(new ParallelWideNet());
        var inputs = Inputs<float>(1000 * spy.InputCount, 6);
        var outputs = new float[1000 * spy.OutputCount];

        spy.PredictParallel(inputs, outputs, maxDegreeOfParallelism: 1);
        spy.PredictParallel(inputs.AsMemory(0, 31 * spy.InputCount), outputs.AsMemory(0, 31 * spy.OutputCount));

        Assert.Equal(new[] { (0, 1000), (0, 31) }, spy.Calls.Select(call => (call.Start, call.Count)));
        Assert.All(spy.Calls, call => Assert.Equal(Environment.CurrentManagedThreadId, call.Thread));
    }

    [Fact]
    public void ConcurrentCallers_EachGetTheirOwnOutputs()
    {
        var network = new ParallelWideNet();
        var batches = Enumerable.Range(0, 6).Select(b => Inputs<float>(200 * ParallelWideNet.Sizes.InputCount, (ulong)(20 + b))).ToArray();
        var expected = batches.Select(batch =>
        {
            var outputs = new float[200 * ParallelWideNet.Sizes.OutputCount];
            network.Predict(batch, outputs);
            return outputs;
        }).ToArray();

        Parallel.For(0, 60, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
        {
            var outputs = new float[200 * ParallelWideNet.Sizes.OutputCount];
            network.PredictParallel(batches[k % 6], outputs);
            Assert.True(expected[k % 6].AsSpan().SequenceEqual(outputs));
        });
    }

    [Fact]
    public void AFailingRun_IsRethrownToTheCaller_AndThePoolKeepsWorking()
    {
        var spy = new SpyNetwork(new ParallelWideNet()) { FailFromSample = 16 };
        var inputs = Inputs<float>(1000 * spy.InputCount, 7);
        var outputs = new float[1000 * spy.OutputCount];

        if (Environment.ProcessorCount > 1)
        {
            Assert.Throws<InvalidOperationException>(() => spy.PredictParallel(inputs, outputs));
        }

        spy.FailFromSample = int.MaxValue;
        spy.PredictParallel(inputs, outputs);
        var expected = new float[outputs.Length];
        spy.Predict(inputs, expected);
        Assert.True(expected.AsSpan().SequenceEqual(outputs));
    }

    [Fact]
    public void ParallelCalls_AllocateNothing_OnAnyThread()
    {
        // 32 samples: two runs (on two or more processors), quick enough that little else happens meanwhile.
        var network = new ParallelWideNet();
        var inputs = Inputs<float>(32 * ParallelWideNet.Sizes.InputCount, 8);
        var outputs = new float[32 * ParallelWideNet.Sizes.OutputCount];
        // Warm up past tiered compilation (slow without hardware intrinsics), so the runtime's own rejits and call
        // counting are over before anything is counted.
        for (var k = 0; k < 400; k++)
        {
            network.PredictParallel(inputs, outputs);
        }

        // Process-wide, so the helper threads count too. The test host allocates now and then meanwhile, so the least of
        // thirty rounds counts: an allocation in every call would show in every round (20 × 24 bytes at least).
        var least = long.MaxValue;
        for (var round = 0; round < 30; round++)
        {
            var callerBefore = GC.GetAllocatedBytesForCurrentThread();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var k = 0; k < 20; k++)
            {
                network.PredictParallel(inputs, outputs);
            }

            least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - callerBefore);
        }

        Assert.True(least < 20 * 24, $"{least} bytes in the quietest round of 20 calls");
    }

    [Fact]
    public void FitWithParallelEvaluation_GivesTheSameRecordsAndWeights()
    {
        const int count = 400;
        var inputs = Inputs<float>(count * ParallelWideNet.Sizes.InputCount, 30);
        var targets = new float[count * ParallelWideNet.Sizes.OutputCount];
        for (var s = 0; s < count; s++)
        {
            targets[s * ParallelWideNet.Sizes.OutputCount + (s * 7 % ParallelWideNet.Sizes.OutputCount)] = 1;
        }

        var data = new NetGen.Training.TrainingData<float>(inputs, targets, ParallelWideNet.Sizes.InputCount, ParallelWideNet.Sizes.OutputCount);
        var options = new NetGen.Training.TrainingOptions { Epochs = 2, BatchSize = 50 };
        var serial = new ParallelWideNet();
        var parallel = new ParallelWideNet();

        var expected = NetGen.Training.Trainer.Fit(serial, data, options);
        var actual = NetGen.Training.Trainer.Fit(parallel, data, options with { ParallelEvaluation = true });

        Assert.Equal(expected.Select(r => (r.TrainingLoss, r.Accuracy)), actual.Select(r => (r.TrainingLoss, r.Accuracy)));
        var expectedParameters = new float[ParallelWideNet.Sizes.ParameterCount];
        var actualParameters = new float[ParallelWideNet.Sizes.ParameterCount];
        serial.GetParameters(expectedParameters);
        parallel.GetParameters(actualParameters);
        Assert.Equal(expectedParameters, actualParameters);
    }

    [Fact]
    public void ArgumentErrors_NameTheArgument()
    {
        var network = new ParallelWideNet();
        var inputs = new float[3 * ParallelWideNet.Sizes.InputCount];
        var outputs = new float[3 * ParallelWideNet.Sizes.OutputCount];

        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => ((INetwork<float>)null!).PredictParallel(inputs, outputs)).ParamName);
        Assert.Equal("maxDegreeOfParallelism", Assert.Throws<ArgumentOutOfRangeException>(() => network.PredictParallel(inputs, outputs, 0)).ParamName);
        Assert.Equal("maxDegreeOfParallelism", Assert.Throws<ArgumentOutOfRangeException>(() => network.PredictParallel(inputs, outputs, -2)).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => network.PredictParallel(ReadOnlyMemory<float>.Empty, Memory<float>.Empty)).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => network.PredictParallel(inputs.AsMemory(1), outputs)).ParamName);
        Assert.Equal("outputs", Assert.Throws<ArgumentException>(() => network.PredictParallel(inputs, outputs.AsMemory(1))).ParamName);
    }

    internal static T[] Inputs<T>(int length, ulong seed)
        where T : struct, System.Numerics.IFloatingPoint<T>
    {
        var random = new DeterministicRandom(seed);
        var values = new T[length];
        for (var k = 0; k < length; k++)
        {
            values[k] = T.CreateTruncating(random.NextNormal());
        }

        return values;
    }

    /// <summary>A real network whose <c>Predict</c> records which samples each call got and on which thread.</summary>
    private sealed class SpyNetwork(ParallelWideNet inner) : INetwork<float>
    {
        private float[]? _batch;

        public ConcurrentQueue<(int Start, int Count, int Thread)> Calls { get; } = new();

        public int FailFromSample { get; set; } = int.MaxValue;

        public int InputCount => ParallelWideNet.Sizes.InputCount;

        public int OutputCount => ParallelWideNet.Sizes.OutputCount;

        public int ParameterCount => ParallelWideNet.Sizes.ParameterCount;

        public float LearningRate { get => inner.LearningRate; set => inner.LearningRate = value; }

        public int LayerCount => ParallelWideNet.Sizes.LayerCount;

        public TrainingDeclaration DeclaredTraining => ParallelWideNet.DeclaredTraining;

        public LossKind Loss => inner.Loss;

        public float GradientNorm => inner.GradientNorm;

        public long StepCount { get => inner.StepCount; set => inner.StepCount = value; }

        public int MaxDegreeOfParallelism { get => inner.MaxDegreeOfParallelism; set => inner.MaxDegreeOfParallelism = value; }

        public int OptimizerStateCount => inner.OptimizerStateCount;

        public int RunningStatisticsCount => ParallelWideNet.Sizes.RunningStatisticsCount;

        public NetworkArchitecture Architecture => ParallelWideNet.Architecture;

        public long BatchesTracked { get => inner.BatchesTracked; set => inner.BatchesTracked = value; }

        public DeterministicRandom? DropoutRandom => ((INetwork<float>)inner).DropoutRandom;

        public double GetHyperparameter(string name) => inner.GetHyperparameter(name);

        public void SetHyperparameter(string name, double value) => inner.SetHyperparameter(name, value);

        public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs)
        {
            // The first call of a PredictParallel sees the batch start; each run is located by its offset in it.
            int start;
            if (_batch is { } batch && ((ReadOnlySpan<float>)batch).Overlaps(inputs, out var offset))
            {
                start = offset / InputCount;
            }
            else
            {
                start = 0;
            }

            if (start >= FailFromSample)
            {
                throw new InvalidOperationException("Failing on purpose.");
            }

            Calls.Enqueue((start, inputs.Length / InputCount, Environment.CurrentManagedThreadId));
            inner.Predict(inputs, outputs);
        }

        public void PredictParallel(float[] inputs, float[] outputs, int maxDegreeOfParallelism = -1)
        {
            _batch = inputs;
            NetGen.Parallelism.PredictParallel(this, inputs, outputs, maxDegreeOfParallelism);
        }

        public void PredictParallel(ReadOnlyMemory<float> inputs, Memory<float> outputs)
        {
            _batch = null;
            NetGen.Parallelism.PredictParallel(this, inputs, outputs);
        }

        public void GetLayerGradientNorms(Span<float> destination) => inner.GetLayerGradientNorms(destination);

        public void GetOptimizerState(Span<float> destination) => inner.GetOptimizerState(destination);

        public void SetOptimizerState(ReadOnlySpan<float> source) => inner.SetOptimizerState(source);

        public void GetRunningStatistics(Span<float> destination) => inner.GetRunningStatistics(destination);

        public void SetRunningStatistics(ReadOnlySpan<float> source) => inner.SetRunningStatistics(source);

        public void ResetOptimizer() => inner.ResetOptimizer();

        public bool IsLayerFrozen(int layer) => inner.IsLayerFrozen(layer);

        public void SetLayerFrozen(int layer, bool frozen) => inner.SetLayerFrozen(layer, frozen);

        public void GetTrainingOutputs(Span<float> destination) => inner.GetTrainingOutputs(destination);

        public void GetTrainingLogits(Span<float> destination) => inner.GetTrainingLogits(destination);

        public void GetParameters(Span<float> destination) => inner.GetParameters(destination);

        public void SetParameters(ReadOnlySpan<float> source) => inner.SetParameters(source);

        public void GetGradients(Span<float> destination) => inner.GetGradients(destination);

        public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets) => inner.ComputeGradients(inputs, targets);

        public float ComputeLoss(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets) => inner.ComputeLoss(inputs, targets);

        public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets) => inner.TrainStep(inputs, targets);
    }
}
