using System;

namespace NetGen;

/// <summary>
/// Batched inference on several cores: <see cref="PredictParallel{T}"/> splits a batch into contiguous runs of samples
/// and calls the network's thread-safe <see cref="IPredictor{T}.Predict"/> on each from its own thread. Opt-in: plain
/// <see cref="IPredictor{T}.Predict"/> always runs on the calling thread alone.
/// </summary>
/// <remarks>
/// The helper threads are a small static pool (one fewer than <see cref="Environment.ProcessorCount"/>, started on the
/// first parallel call and kept, as background threads); the calling thread computes the first run itself. A call
/// allocates nothing once the pool has started. One parallel call uses the pool at a time: a call made while another
/// one is running (from another thread, or from inside a network's <c>Predict</c>) computes its whole batch on its own
/// thread instead of waiting. docs/performance.md has the measured scaling.
/// </remarks>
public static class Parallelism
{
    /// <summary>
    /// Every run but the last starts at a multiple of this many samples, so a batched kernel that works in tiles of 1,
    /// 2, 4, 8 or 16 samples splits the batch into exactly the same tiles and single samples as one
    /// <see cref="IPredictor{T}.Predict"/> over the whole batch would.
    /// </summary>
    internal const int SampleAlignment = 16;

    /// <summary>
    /// The least work worth handing to another thread, in multiply-adds (about <see cref="INetwork{T}.ParameterCount"/>
    /// per sample): waking a helper and waiting for it costs a few microseconds, about what a core computes in 2¹⁸
    /// multiply-adds.
    /// </summary>
    internal const long MinimumMultiplyAddsPerRun = 1 << 18;

    /// <summary>
    /// <see cref="IPredictor{T}.Predict"/> over a batch on up to <paramref name="maxDegreeOfParallelism"/> threads: each
    /// thread computes a contiguous run of samples, and the outputs are bit for bit those of one
    /// <see cref="IPredictor{T}.Predict"/> call over the whole batch.
    /// </summary>
    /// <remarks>
    /// A batch too small to share (fewer than 2 × 16 samples, or too little work per thread to pay for waking one) is
    /// computed on the calling thread. The memory types, rather than spans, are what lets the other threads see the
    /// batch: an array converts to them implicitly.
    /// </remarks>
    /// <typeparam name="T">The network's number type.</typeparam>
    /// <param name="network">The network; its <see cref="IPredictor{T}.Predict"/> must be safe to call from several threads at once, as every generated network's is.</param>
    /// <param name="inputs">The samples, row-major, <see cref="IPredictor{T}.InputCount"/> values each.</param>
    /// <param name="outputs">Receives <see cref="IPredictor{T}.OutputCount"/> values per sample.</param>
    /// <param name="maxDegreeOfParallelism">The most threads to use, the calling thread included; -1 (the default) for one per processor, 1 for the calling thread alone.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    /// <exception cref="ArgumentException">The batch is empty or not whole samples (<paramref name="inputs"/>), or <paramref name="outputs"/> does not hold exactly one output row per sample.</exception>
    public static void PredictParallel<T>(
        this INetwork<T> network,
        ReadOnlyMemory<T> inputs,
        Memory<T> outputs,
        int maxDegreeOfParallelism = -1)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(network);
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxDegreeOfParallelism),
                maxDegreeOfParallelism,
                "The degree of parallelism must be -1 (one thread per processor) or at least 1.");
        }

        var count = NetworkArguments.CountSamples(
            inputs.Length, network.InputCount, nameof(inputs), outputs.Length, network.OutputCount, nameof(outputs));
        var runs = RunCount(count, network.ParameterCount, maxDegreeOfParallelism, Environment.ProcessorCount);
        if (runs > 1 && PredictionJob<T>.TryRun(network, inputs, outputs, count, runs))
        {
            return;
        }

        network.Predict(inputs.Span, outputs.Span);
    }

    /// <summary>How many runs a batch is split into: at most one per thread, per 16 samples and per <see cref="MinimumMultiplyAddsPerRun"/>.</summary>
    internal static int RunCount(int count, int parameterCount, int maxDegreeOfParallelism, int processorCount)
    {
        var threads = maxDegreeOfParallelism == -1 ? processorCount : Math.Min(maxDegreeOfParallelism, processorCount);
        var byAlignment = count / SampleAlignment;
        var byWork = (long)count * Math.Max(parameterCount, 1) / MinimumMultiplyAddsPerRun;
        return (int)Math.Max(1, Math.Min(Math.Min(threads, byAlignment), byWork));
    }

    /// <summary>The first sample of run <paramref name="run"/> of <paramref name="runs"/> over <paramref name="count"/> samples (run <paramref name="runs"/> gives <paramref name="count"/>).</summary>
    internal static int RunStart(int run, int runs, int count)
    {
        if (run >= runs)
        {
            return count;
        }

        // Equal shares, each rounded down to the alignment; the last run takes the rest.
        var blocks = count / SampleAlignment;
        return (int)((long)blocks * run / runs) * SampleAlignment;
    }

    /// <summary>One parallel prediction: the arguments, kept in one reused instance per number type while the pool runs it.</summary>
    private sealed class PredictionJob<T> : PredictionWorkers.Job
        where T : unmanaged
    {
        private static readonly PredictionJob<T> Shared = new();

        private INetwork<T>? _network;
        private ReadOnlyMemory<T> _inputs;
        private Memory<T> _outputs;
        private int _count;
        private int _runs;

        public static bool TryRun(INetwork<T> network, ReadOnlyMemory<T> inputs, Memory<T> outputs, int count, int runs)
        {
            if (!PredictionWorkers.TryAcquire(runs, out var granted))
            {
                return false;
            }

            var job = Shared;
            job._network = network;
            job._inputs = inputs;
            job._outputs = outputs;
            job._count = count;
            job._runs = granted;
            try
            {
                PredictionWorkers.RunAndRelease(job, granted);
            }
            finally
            {
                // Keep no reference to the caller's network or buffers once the call has returned.
                job._network = null;
                job._inputs = default;
                job._outputs = default;
            }

            return true;
        }

        public override void Run(int run)
        {
            var start = RunStart(run, _runs, _count);
            var end = RunStart(run + 1, _runs, _count);
            var network = _network!;
            var inputCount = network.InputCount;
            var outputCount = network.OutputCount;
            network.Predict(
                _inputs.Span.Slice(start * inputCount, (end - start) * inputCount),
                _outputs.Span.Slice(start * outputCount, (end - start) * outputCount));
        }
    }
}
