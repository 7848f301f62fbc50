using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace NetGen;

/// <summary>
/// The helper threads of <see cref="Parallelism.PredictParallel{T}"/> and of parallel training (<see cref="ParallelWork"/>):
/// one fewer than the processors, started on first use and kept, each waiting on its own semaphore. One job at a time;
/// the caller runs job part 0 itself and waits for the rest. Nothing is allocated per job (the semaphores and the
/// completion event wait on monitors they already have).
/// </summary>
internal static class PredictionWorkers
{
    /// <summary>Work split into numbered parts, run once each, in any order, on any thread.</summary>
    internal abstract class Job
    {
        public abstract void Run(int part);
    }

    private static readonly ManualResetEventSlim Finished = new(false);
    private static Worker[]? s_workers;
    private static int s_busy;
    private static int s_remaining;
    private static Exception? s_error;

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
        Finished.Reset();
        Volatile.Write(ref s_remaining, parts - 1);
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
            Finished.Wait();
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

        if (Interlocked.Decrement(ref s_remaining) == 0)
        {
            Finished.Set();
        }
    }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _start = new(0);
        private Job? _job;
        private int _part;

        public Worker(int number)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"NetGen prediction worker {number}" };
            thread.Start();
        }

        /// <summary>Hands <paramref name="job"/>'s part <paramref name="part"/> to this thread (the semaphore's release publishes the fields).</summary>
        public void Post(Job job, int part)
        {
            _job = job;
            _part = part;
            _start.Release();
        }

        private void Loop()
        {
            while (true)
            {
                _start.Wait();
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
    }
}
