using System.Collections.Generic;
using NetGen.Monitoring;
using NetGen.Training;

namespace NetGen.Tests.Monitoring;

/// <summary>
/// Fit calls the per-update monitors (NG6001, NG6007, NG6009) only for updates at their thresholds
/// (<see cref="TrainingCallback.BatchLossBound"/>): they must still fire at exactly the update an unfiltered check after
/// every update would name, computed here from every update's loss and gradient norm.
/// </summary>
public class MonitorBatchFilterTests
{
    [Fact]
    public void NG6007AndNG6009_HugeLearningRate_FireAtTheFirstUpdateOverTheirThresholds()
    {
        var (train, _) = MonitorData.IrisOneHot();
        // This run explodes at its third update: a reference of 2 updates leaves the check after it to the filter.
        var monitors = new TrainingMonitors { ExplodingGradients = { ReferenceUpdates = 2 } };
        var updates = new List<(long Step, double Loss, double Norm)>();
        var recorder = new LambdaCallback(onBatchEnd: (_, batch) => updates.Add((batch.Step, batch.Loss, batch.GradientNorm)));
        Trainer.Fit(new MonitorIrisHugeRate(), train, new TrainingOptions { Epochs = 20, BatchSize = 8, ShuffleSeed = 1, Callbacks = [monitors, recorder] });

        // NG6007: an update's norm above 100 times the mean of the first 2 finite norms (of those seen so far).
        long? exploding = null;
        double sum = 0;
        var count = 0;
        foreach (var (step, _, norm) in updates)
        {
            if (!double.IsFinite(norm))
            {
                continue;
            }

            if (count > 0 && sum / count > 0 && norm > monitors.ExplodingGradients.GrowthFactor * (sum / count))
            {
                exploding = step;
                break;
            }

            if (count < monitors.ExplodingGradients.ReferenceUpdates)
            {
                sum += norm;
                count++;
            }
        }

        // NG6009 (a regression loss): an update's loss above 10 times the first update's.
        long? diverged = null;
        foreach (var (step, loss, _) in updates)
        {
            if (loss > monitors.LossDiverged.Factor * updates[0].Loss)
            {
                diverged = step;
                break;
            }
        }

        Assert.NotNull(exploding);
        Assert.NotNull(diverged);
        Assert.True(exploding > monitors.ExplodingGradients.ReferenceUpdates, $"NG6007 fired at update {exploding}, within the reference updates; the case tests the filter only after them.");
        Assert.Equal(exploding, Assert.Single(monitors.Findings, f => f.Id == "NG6007").Step);
        Assert.Equal(diverged, Assert.Single(monitors.Findings, f => f.Id == "NG6009").Step);
    }

    [Fact]
    public void HealthyFit_MonitorsAskOnlyForUpdatesAtTheirThresholds()
    {
        var (train, _) = MonitorData.IrisOneHot();
        var monitors = new TrainingMonitors();
        Trainer.Fit(new MonitorIrisNet(), train, new TrainingOptions { Epochs = 5, BatchSize = 8, ShuffleSeed = 1, Callbacks = [monitors] });

        Assert.Empty(monitors.Findings);
        Assert.Equal(monitors.LossDiverged.LossBound, monitors.BatchLossBound);
        Assert.True(monitors.BatchLossBound > 0 && double.IsFinite(monitors.BatchLossBound), $"loss bound {monitors.BatchLossBound}");
        Assert.Equal(monitors.ExplodingGradients.GradientNormBound, monitors.BatchGradientNormBound);
        Assert.True(monitors.BatchGradientNormBound > 0 && double.IsFinite(monitors.BatchGradientNormBound), $"gradient norm bound {monitors.BatchGradientNormBound}");
    }

    [Fact]
    public void MonitorsOff_NoUpdateAskedFor()
    {
        var (train, _) = MonitorData.IrisOneHot();
        var monitors = new TrainingMonitors(MonitorAction.Off);
        Trainer.Fit(new MonitorIrisNet(), train, new TrainingOptions { Epochs = 2, BatchSize = 8, ShuffleSeed = 1, Callbacks = [monitors] });

        Assert.Equal(double.PositiveInfinity, monitors.BatchLossBound);
        Assert.Equal(double.PositiveInfinity, monitors.BatchGradientNormBound);
    }
}
