using System;
using System.ComponentModel;

namespace NetGen;

/// <summary>
/// Work of one generated network that its training splits over the shared helper threads (those of
/// <see cref="Parallelism.PredictParallel{T}"/>): the shards of a mini-batch, the sum of their gradients, the optimizer
/// update. Public for the generated code in users' assemblies, which alone should use it.
/// </summary>
/// <remarks>
/// <para>
/// Results never depend on the number of threads: a mini-batch is cut into shards by <see cref="ShardCount"/> and
/// <see cref="ShardStart"/>, which look only at the batch size and the network, and the generated code sums the shards'
/// gradients in shard order; threads only decide who computes which shards. With one thread the same shards run one
/// after the other.
/// </para>
/// <para>
/// A run on several threads: <see cref="TryAcquire"/> claims the pool, <see cref="Start"/> hands parts 1 … n − 1 to the
/// helpers (<see cref="RunPart"/>), the caller computes part 0 itself (it may read the caller's spans, which the helpers
/// cannot), and <see cref="Finish"/> waits for the helpers. Nothing is allocated per run.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ParallelWork
{
    /// <summary>
    /// Every shard but the last starts at a multiple of this many samples, so the batched kernels' sample tiles (1, 2,
    /// 4, 8 or 16 samples) are whole in each shard.
    /// </summary>
    public const int ShardAlignment = Parallelism.SampleAlignment;

    /// <summary>
    /// The fewest samples of a shard. With 16-sample shards (batch 32 in two) a step lost against one thread on the
    /// 2-core machine of docs/performance.md: three hand-overs per step and every core fetching the weights the other
    /// updated cost more than half of a 30–80 µs step; from 32 samples a shard the step gained.
    /// </summary>
    public const int MinimumShardSamples = 2 * ShardAlignment;

    /// <summary>
    /// The most shards a mini-batch is cut into: each shard has a gradient buffer of its own that the sum reads, so more
    /// shards than cores only cost; 4 keeps that sum small next to the shards' work and uses 2 or 4 cores evenly.
    /// </summary>
    public const int MaxShards = 4;

    /// <summary>
    /// The least work of a shard, in multiply-adds of the forward pass (about <see cref="INetwork{T}.ParameterCount"/> per
    /// sample; training does about three times as many): below it, waking a helper and summing one more gradient
    /// buffer costs about what the helper would save.
    /// </summary>
    public const long MinimumMultiplyAddsPerShard = 1 << 18;

    private readonly Adapter _adapter;
    private int _parts;

    /// <summary>Creates the work; a network creates one and keeps it.</summary>
    protected ParallelWork() => _adapter = new Adapter(this);

    /// <summary>
    /// How many shards a training batch of <paramref name="count"/> samples is cut into: at most
    /// <see cref="MaxShards"/>, one per <see cref="MinimumShardSamples"/> samples and one per
    /// <see cref="MinimumMultiplyAddsPerShard"/>; 1 means the batch is computed whole, exactly as without parallelism.
    /// It depends on the batch and the network only, never on the threads.
    /// </summary>
    /// <param name="count">The samples in the batch, at least 1.</param>
    /// <param name="parameterCount">The network's parameter count (about its multiply-adds per sample).</param>
    public static int ShardCount(int count, int parameterCount)
    {
        var bySamples = count / MinimumShardSamples;
        var byWork = (long)count * Math.Max(parameterCount, 1) / MinimumMultiplyAddsPerShard;
        return (int)Math.Max(1, Math.Min(Math.Min(MaxShards, bySamples), byWork));
    }

    /// <summary>The first sample of shard <paramref name="shard"/> of <paramref name="shards"/> over <paramref name="count"/> samples (shard <paramref name="shards"/> gives <paramref name="count"/>).</summary>
    public static int ShardStart(int shard, int shards, int count) => Parallelism.RunStart(shard, shards, count);

    /// <summary>The first of <paramref name="items"/> items (shards, or blocks of parameters) that part <paramref name="part"/> of <paramref name="parts"/> computes; part <paramref name="parts"/> gives <paramref name="items"/>.</summary>
    public static int PartStart(int part, int parts, int items) => (int)((long)items * part / parts);

    /// <summary>
    /// The threads a run of <paramref name="items"/> items would use: <paramref name="maxDegreeOfParallelism"/> (−1 for
    /// one per processor), at most one per processor and per item.
    /// </summary>
    public static int ThreadCount(int maxDegreeOfParallelism, int items)
    {
        var threads = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : Math.Min(maxDegreeOfParallelism, Environment.ProcessorCount);
        return Math.Max(1, Math.Min(threads, items));
    }

    /// <summary>
    /// Claims the helper threads for a run of up to <paramref name="threads"/> parts; <paramref name="granted"/> is how
    /// many parts the run has (the caller's included). False when fewer than 2 threads were asked for, another run or
    /// <c>PredictParallel</c> holds the pool (also from inside it), or there is no helper: the caller then computes
    /// everything alone, which gives the same results.
    /// </summary>
    public bool TryAcquire(int threads, out int granted)
    {
        granted = 1;
        if (threads < 2 || !PredictionWorkers.TryAcquire(threads, out granted))
        {
            granted = 1;
            return false;
        }

        _parts = granted;
        return true;
    }

    /// <summary>Hands parts 1 … granted − 1 to the helpers (after <see cref="TryAcquire"/> returned true); the caller computes part 0 and then calls <see cref="Finish"/>, also when part 0 failed.</summary>
    public void Start() => PredictionWorkers.Post(_adapter, _parts);

    /// <summary>Waits for the helpers, releases the pool, and rethrows <paramref name="callerFailure"/> or else the first helper's failure.</summary>
    public void Finish(Exception? callerFailure = null) => PredictionWorkers.WaitAndRelease(callerFailure);

    /// <summary>
    /// Runs <see cref="RunPart"/> for parts 0 … n − 1 of a run on up to <paramref name="threads"/> threads (n of them:
    /// part 0 on the calling thread), or part 0 of 1 alone when the pool is not to be had.
    /// </summary>
    public void Run(int threads)
    {
        if (!TryAcquire(threads, out var parts))
        {
            RunPart(0, 1);
            return;
        }

        Start();
        Exception? failure = null;
        try
        {
            RunPart(0, parts);
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        Finish(failure);
    }

    /// <summary>Computes part <paramref name="part"/> of <paramref name="parts"/>; called once per part, on any thread.</summary>
    /// <param name="part">The part, from 0 to <paramref name="parts"/> − 1.</param>
    /// <param name="parts">The parts of this run.</param>
    protected abstract void RunPart(int part, int parts);

    /// <summary>The pool's view of the work: part p of the current run.</summary>
    private sealed class Adapter(ParallelWork work) : PredictionWorkers.Job
    {
        public override void Run(int part) => work.RunPart(part, work._parts);
    }
}
