using System;
using System.Linq;

namespace NetGen.Runtime.Tests;

/// <summary>How <see cref="Parallelism.PredictParallel{T}"/> divides a batch: the run count and the run boundaries.</summary>
public sealed class ParallelismTests
{
    [Theory]
    [InlineData(1024, 100_000, -1, 2, 2)]  // a large batch of a large network: one run per processor
    [InlineData(1024, 100_000, 1, 2, 1)]   // degree 1: the calling thread alone
    [InlineData(1024, 100_000, 8, 2, 2)]   // never more runs than processors
    [InlineData(1024, 100_000, 3, 8, 3)]   // nor more than the degree asked for
    [InlineData(31, 100_000, -1, 8, 1)]    // fewer than 2 × 16 samples: one run
    [InlineData(47, 100_000, -1, 8, 2)]    // one run per whole 16 samples
    [InlineData(1024, 337, -1, 2, 1)]      // 2-16-16-1: 345 000 multiply-adds, not worth a second thread
    [InlineData(1024, 4_675, -1, 8, 8)]    // 4-64-64-3: 4.8 M multiply-adds, enough for 8 × 2¹⁸
    [InlineData(1024, 1_000, -1, 8, 3)]    // 1 M multiply-adds: 3 runs of at least 2¹⁸
    public void RunCount_IsBoundedByThreadsAlignmentAndWork(int count, int parameters, int degree, int processors, int expected)
    {
        Assert.Equal(expected, Parallelism.RunCount(count, parameters, degree, processors));
    }

    [Theory]
    [InlineData(1024, 2)]
    [InlineData(1031, 2)]
    [InlineData(1031, 3)]
    [InlineData(47, 2)]
    [InlineData(100, 6)]
    [InlineData(16 * 7 + 5, 7)]
    public void Runs_AreContiguous_CoverTheBatch_AndStartOnMultiplesOf16(int count, int runs)
    {
        var starts = Enumerable.Range(0, runs + 1).Select(run => Parallelism.RunStart(run, runs, count)).ToArray();

        Assert.Equal(0, starts[0]);
        Assert.Equal(count, starts[^1]);
        Assert.All(starts[..^1], start => Assert.Equal(0, start % Parallelism.SampleAlignment));
        for (var run = 0; run < runs; run++)
        {
            // Every run gets samples, and the shares differ by at most one block of 16 (plus the tail on the last).
            Assert.True(starts[run + 1] > starts[run]);
            Assert.InRange(starts[run + 1] - starts[run], count / Parallelism.SampleAlignment / runs * Parallelism.SampleAlignment, (count / Parallelism.SampleAlignment / runs + 1) * Parallelism.SampleAlignment + count % Parallelism.SampleAlignment);
        }
    }
}
