using System;
using System.Threading;
using System.Threading.Tasks;

namespace NetGen.Tests.Parallelism;

/// <summary>The helper pool's hand-over under preemption: a run returns only once every part has finished.</summary>
public class ParallelWorkTests
{
    [Fact]
    public async Task Run_ReturnsOnlyAfterEveryPart_EvenWhenThreadsArePreemptedBetweenRuns()
    {
        // Busy threads beyond the processors, so the helper is often preempted in the middle of handing a run back: an
        // earlier protocol let a delayed helper wake the next run's caller, which then went on before its own helper.
        using var stop = new CancellationTokenSource();
        var hogs = new Thread[Environment.ProcessorCount * 2];
        for (var h = 0; h < hogs.Length; h++)
        {
            hogs[h] = new Thread(() =>
            {
                var spinner = 0L;
                while (!stop.IsCancellationRequested)
                {
                    spinner++;
                }
            }) { IsBackground = true };
            hogs[h].Start();
        }

        var work = new CountingWork();
        var runs = Task.Run(() =>
        {
            for (var run = 1; run <= 5000; run++)
            {
                work.Run(2);
                for (var part = 0; part < work.Parts; part++)
                {
                    Assert.Equal(run, Volatile.Read(ref work.Finished[part]));
                }

                work.Reset(run);
            }
        });

        try
        {
            var first = await Task.WhenAny(runs, Task.Delay(TimeSpan.FromMinutes(2)));
            Assert.True(first == runs, "the runs hung");
            await runs;
        }
        finally
        {
            stop.Cancel();
        }
    }

    [Fact]
    public void Run_ReturnsOnlyAfterItsOwnPart_WhenTheLastRunsHelperIsHeldAfterCountingDown()
    {
        // The helper of each run is held for 1 ms right after it counts its part down, past the next run's spin budget
        // (100 µs): the next caller blocks meanwhile, and must be woken by its own helper, not by this late one.
        var work = new CountingWork();
        var hold = 0;
        PredictionWorkers.AfterCountDown = () =>
        {
            if (Interlocked.Increment(ref hold) % 2 == 1)
            {
                Thread.Sleep(1);
            }
        };
        try
        {
            for (var run = 1; run <= 200; run++)
            {
                work.Run(2);
                for (var part = 0; part < work.Parts; part++)
                {
                    Assert.Equal(run, Volatile.Read(ref work.Finished[part]));
                }

                work.Reset(run);
            }
        }
        finally
        {
            PredictionWorkers.AfterCountDown = null;
        }
    }

    private sealed class CountingWork : ParallelWork
    {
        public readonly int[] Finished = new int[2];

        public int Parts { get; private set; }

        public void Reset(int run)
        {
            // A part of 1 only when the pool was busy elsewhere: the other slot catches up so the next check holds.
            for (var part = Parts; part < Finished.Length; part++)
            {
                Finished[part] = run;
            }
        }

        protected override void RunPart(int part, int parts)
        {
            Parts = parts;
            Thread.SpinWait(200); // a few microseconds of work
            Interlocked.Increment(ref Finished[part]);
        }
    }
}
