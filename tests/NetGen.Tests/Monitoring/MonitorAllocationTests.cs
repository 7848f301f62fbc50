using System;
using NetGen.Monitoring;
using NetGen.Tests.Training;
using NetGen.Training;
using Xunit.Abstractions;

namespace NetGen.Tests.Monitoring;

/// <summary>
/// With every monitor on, Fit allocates per epoch only what it allocates without them plus a little (the loss lists
/// growing): nothing per update. Counted like <see cref="TrainerAllocationTests"/>, on the calling thread.
/// </summary>
public class MonitorAllocationTests(ITestOutputHelper output)
{
    [Fact]
    public void FitWithMonitors_AllocatesNothingPerUpdate()
    {
        var random = new DeterministicRandom(12);
        const int Samples = 1000;
        var inputs = new float[Samples * 6];
        var targets = new float[Samples * 4];
        for (var s = 0; s < Samples; s++)
        {
            for (var i = 0; i < 6; i++)
            {
                inputs[(s * 6) + i] = (float)random.NextNormal();
            }

            targets[(s * 4) + random.NextInt(4)] = 1;
        }

        var training = new TrainingData<float>(inputs, targets, 6, 4);
        var network = new AllocationProbeNet();
        var action = MonitorAction.Log;
        long Allocated(int epochs, int batchSize)
        {
            var monitors = new TrainingMonitors(action) { ProbeInterval = 1 };
            var before = GC.GetAllocatedBytesForCurrentThread();
            Trainer.Fit(network, training, new TrainingOptions { Epochs = epochs, BatchSize = batchSize, Callbacks = [monitors] });
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        // Warm up past tiered compilation (a method promoted while measured may allocate once), then take the quietest
        // of three runs of each. The same epochs with 4 times as many updates: per-update allocation shows in the difference.
        for (var k = 0; k < 5; k++)
        {
            Allocated(5, 32);
            Allocated(5, 128);
        }

        long PerUpdateExtra()
        {
            var fewUpdates = Math.Min(Allocated(5, 128), Math.Min(Allocated(5, 128), Allocated(5, 128)));
            var manyUpdates = Math.Min(Allocated(5, 32), Math.Min(Allocated(5, 32), Allocated(5, 32)));
            output.WriteLine($"monitors {action}: 5 epochs, {fewUpdates} bytes with 40 updates, {manyUpdates} bytes with 160 updates");
            return manyUpdates - fewUpdates;
        }

        // The control: the same callback with every monitor off returns at once from every hook, so whatever Fit itself
        // allocates per update for its callbacks shows there too.
        var monitored = PerUpdateExtra();
        action = MonitorAction.Off;
        var control = PerUpdateExtra();
        Assert.True(monitored - control <= 256, $"with monitors {monitored} bytes more for 120 more updates, without {control}");
    }
}
