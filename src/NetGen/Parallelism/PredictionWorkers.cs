using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace NetGen;

/// <summary>
/// The helper threads of <see cref="Parallelism.PredictParallel{T}"/> and of parallel training (<see cref="ParallelWork"/>):
/// one fewer than the processors, started on first use and kept. One job at a time; the caller runs job part 0 itself
/// and waits for the rest. A training step posts a few short jobs (tens of microseconds each), where waking a blocked
/// thread would cost as much as the job: so a helper spins for <see cref="SpinMicroseconds"/> after each part before it
/// blocks on its semaphore, and the caller spins as long for the last part before it blocks on the completion event.
/// Nothing is allocated per job (the semaphores and the completion event wait on monitors they already have).
/// </summary>
internal static class PredictionWorkers
{
    /// <summary>Work split into numbered parts, run once each, in any order, on any thread.</summary>
    internal abstract class Job
    {
        public abstract void Run(int part);
    }

    /// <summary>How long a helper waits for the next part, and the caller for the last one, spinning before it blocks.</summary>
    private const int SpinMicroseconds = 100;

    private static readonly long SpinTicks = System.Diagnostics.Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
    private static readonly ManualResetEventSlim Finished = new(false);
    private static Worker[]? s_workers;
    private static int s_busy;

    // 2 × the helper parts of the current job still running, plus 1 while the caller blocks on Finished. One word, so a
    // helper's count-down and its look at the caller's flag are one atomic step: a helper of an earlier job, delayed
    // between the two, once saw the next job's flag and set Finished for it, which let that caller go on before its
    // helper had finished (wrong sums, then a count gone negative and a hang).
    private static int s_state;
    private static Exception? s_error;

    /// <summary>Tests only: runs on a helper right after it counts its part down, to hold it there as a preempted thread would be.</summary>
    internal static Action? AfterCountDown { get; set; }

    /// <summary>
    /// Claims the pool for one job of up to <paramref name="parts"/> parts; <paramref name="granted"/> is how many it
    /// can run at once (the caller's thread included). False when another job holds the pool or there is no helper
    /// (one processor): the caller then computes alone.
    /// </summary>
    public static bool TryAcquire(int parts, out int granted)
    {
        granted = 0;
        if (Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            return false;
        }

        var workers = s_workers ??= StartWorkers();
        granted = Math.Min(parts, workers.Length + 1);
        if (granted < 2)
        {
            Volatile.Write(ref s_busy, 0);
            return false;
        }

        return true;
    }

    /// <summary>Releases the pool claimed by <see cref="TryAcquire"/> without running a job.</summary>
    public static void Release() => Volatile.Write(ref s_busy, 0);

    /// <summary>Runs parts 1 … <paramref name="parts"/> − 1 on the helpers and part 0 here, waits for all, releases the pool, and rethrows the first failure.</summary>
    public static void RunAndRelease(Job job, int parts)
    {
        Post(job, parts);
        Exception? own = null;
        try
        {
            job.Run(0);
        }
        catch (Exception exception)
        {
            own = exception;
        }

        WaitAndRelease(own);
    }

    /// <summary>Hands parts 1 … <paramref name="parts"/> − 1 of <paramref name="job"/> to the helpers (the pool must be acquired); the caller then computes its own share and calls <see cref="WaitAndRelease"/>.</summary>
    public static void Post(Job job, int parts)
    {
        var workers = s_workers!;
        s_error = null;
        Volatile.Write(ref s_state, 2 * (parts - 1));
        for (var part = 1; part < parts; part++)
        {
            workers[part - 1].Post(job, part);
        }
    }

    /// <summary>
    /// Waits for the helpers of the posted job (always: they read the caller's buffers until they are done), releases
    /// the pool, and rethrows <paramref name="own"/> (the caller's failure) or else the first helper's.
    /// </summary>
    public static void WaitAndRelease(Exception? own)
    {
        try
        {
            WaitForHelpers();
            if ((own ?? s_error) is { } error)
            {
                ExceptionDispatchInfo.Throw(error);
            }
        }
        finally
        {
            s_error = null;
            Volatile.Write(ref s_busy, 0);
        }
    }

    /// <summary>
    /// Spins until every helper has finished, or blocks on <see cref="Finished"/> past the spin budget. The caller's flag
    /// lives in <see cref="s_state"/> with the count: either it goes in while a part still runs, and the helper whose
    /// count-down leaves just the flag sets <see cref="Finished"/> (this job's last helper, and only it), or the count was
    /// already 0 and nothing will be set. <see cref="Finished"/> is reset by the caller it woke.
    /// </summary>
    private static void WaitForHelpers()
    {
        var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTicks;
        var spinner = default(SpinWait); // yields now and then: on a busy machine a pure busy spin kept the awaited thread off the cores (10× slower steps)
        while (Volatile.Read(ref s_state) != 0)
        {
            if (System.Diagnostics.Stopwatch.GetTimestamp() > deadline)
            {
                if (Interlocked.Or(ref s_state, 1) != 0)
                {
                    Finished.Wait();
                    Finished.Reset();
                }

                Volatile.Write(ref s_state, 0); // the flag off again (no helper of this job touches the word any more)
                return;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    private static Worker[] StartWorkers()
    {
        var workers = new Worker[Math.Max(0, Environment.ProcessorCount - 1)];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = new Worker(w + 1);
        }

        return workers;
    }

    private static void Complete(Exception? error)
    {
        if (error is not null)
        {
            Interlocked.CompareExchange(ref s_error, error, null);
        }

        var state = Interlocked.Add(ref s_state, -2);
        AfterCountDown?.Invoke();
        if (state == 1)
        {
            Finished.Set(); // the last part, and the caller blocks: nothing of this job remains for the next to see
        }
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _start = new(0);
        private Job? _job;
        private int _part;
        private int _posted; // 1 from Post until the helper takes the part
        private int _blocked; // 1 while the helper blocks on _start: Post then releases it

        public Worker(int number)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"NetGen prediction worker {number}" };
            thread.Start();
        }

        /// <summary>
        /// Hands <paramref name="job"/>'s part <paramref name="part"/> to this thread: a spinning helper sees the flag,
        /// a blocked one is released (exactly one of Post and the helper takes the blocked flag back).
        /// </summary>
        public void Post(Job job, int part)
        {
            _job = job;
            _part = part;
            Interlocked.Exchange(ref _posted, 1);
            if (Interlocked.Exchange(ref _blocked, 0) == 1)
            {
                _start.Release();
            }
        }

        private void Loop()
        {
            while (true)
            {
                WaitForPart();
                Volatile.Write(ref _posted, 0);
                var job = _job!;
                _job = null;
                Exception? error = null;
                try
                {
                    job.Run(_part);
                }
                catch (Exception exception)
                {
                    error = exception;
                }

                Complete(error);
            }
        }

        private void WaitForPart()
        {
            var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTicks;
            var spinner = default(SpinWait);
            while (Volatile.Read(ref _posted) == 0)
            {
                if (System.Diagnostics.Stopwatch.GetTimestamp() > deadline)
                {
                    Interlocked.Exchange(ref _blocked, 1);
                    if (Volatile.Read(ref _posted) == 0 || Interlocked.Exchange(ref _blocked, 0) == 0)
                    {
                        // Nothing posted yet, or posted and Post took the flag back: its Release comes (or came).
                        _start.Wait();
                    }

                    return;
                }

                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
    }
}
