using System;
using System.IO;
using System.Linq;
using NetGen.Monitoring;
using NetGen.Schedules;
using NetGen.Tests.Training;
using NetGen.Training;
using Xunit.Abstractions;

namespace NetGen.Tests.Monitoring;

/// <summary>
/// Every monitor fires on a real-data run seeded with its fault, and none fires on healthy runs of the sample networks.
/// Fixed seeds throughout; the probe runs after every epoch so that the healthy runs are checked as strictly as possible.
/// </summary>
public class MonitorTests(ITestOutputHelper output)
{
    [Fact]
    public void IrisSample_Healthy_NoFindings()
    {
        var (train, test) = MonitorData.IrisOneHot();
        var monitors = Fit(new MonitorIrisNet(), train, test, epochs: 100, batchSize: 8, seed: 7);
        Assert.Empty(monitors.Findings);
    }

    [Fact]
    public void Digits_Healthy_NoFindings()
    {
        var (train, test) = MonitorData.DigitsOneHot();
        Assert.Empty(Fit(new DigitsAdam(), train, test, epochs: 30).Findings);
        Assert.Empty(Fit(new DigitsMomentum(), train, test, epochs: 30).Findings);
    }

    [Fact]
    public void BreastCancer_Healthy_NoFindings()
    {
        var (train, test) = MonitorData.BreastCancer();
        Assert.Empty(Fit(new BreastCancerAdam(), train, test, epochs: 40).Findings);
        Assert.Empty(Fit(new BreastCancerMomentum(), train, test, epochs: 40).Findings);
    }

    [Fact]
    public void NG6001_GradientOverflowWithFiniteLoss_NamesLayerTensorAndCounts()
    {
        // Hidden unit 1 outputs 1e-30 for every sample and feeds output 1 with a weight of 3e38: the logit (3e8) and the
        // loss stay finite in float, but backpropagating through that weight overflows the first layer's gradients.
        var (train, test) = MonitorData.IrisOneHot();
        var network = new MonitorIrisNet();
        var parameters = new float[network.ParameterCount];
        network.GetParameters(parameters);
        parameters.AsSpan(0, 4).Clear();     // W1 row 1
        parameters[16 * 4] = 1e-30f;         // b1[1]
        var w2 = (16 * 4) + 16;
        parameters.AsSpan(w2, 3 * 16).Clear();
        parameters[w2] = 3e38f;              // W2[1, 1]
        network.SetParameters(parameters);

        var monitors = Fit(network, train, test, epochs: 1, batchSize: 8);
        var finding = monitors.Findings.First(f => f.Epoch == 1);
        Assert.Equal("NG6001", finding.Id);
        Assert.Equal(1, finding.Step);
        Assert.Equal(1, finding.Layer);
        Assert.Contains("layer norms not finite in layer 1 (∞)", finding.Message.Replace("Infinity", "∞"));
        Assert.Contains("the largest is 1.88E+38 in layer 1 bias b1 (0.bias) at index 0", finding.Message);
    }

    [Fact]
    public void NG6001_LossTurnsInfinite_ReportsTheDivergenceAndTheLayerPushedHardest()
    {
        var (train, _) = MonitorData.IrisOneHot();
        var monitors = Fit(new MonitorIrisHugeRate(), train, null, epochs: 20, batchSize: 8);
        var finding = Assert.Single(monitors.Findings, f => f.Id == "NG6001");
        Assert.StartsWith("Training diverged in epoch 1: the training loss of update 5 was ∞", finding.Message.Replace("Infinity", "∞"));
        Assert.Contains("The last update with a finite loss had its largest gradient in layer", finding.Message);
        Assert.NotNull(finding.Layer);
    }

    [Fact]
    public void NG6001_LossTurnsInfinite_NamesTheLayerNormsOfTheLastFiniteUpdate()
    {
        // The monitors no longer copy the layer norms after every update: the ones reported must still be those of update
        // 4, the last with a finite loss, as a callback reading the network after each update sees them.
        var (train, _) = MonitorData.IrisOneHot();
        var seen = new float[2];
        var recorder = new LambdaCallback(onBatchEnd: (context, _) => ((TrainingContext<float>)context).Network.GetLayerGradientNorms(seen));
        var monitors = new TrainingMonitors();
        var history = Trainer.Fit(new MonitorIrisHugeRate(), train, new TrainingOptions { Epochs = 20, BatchSize = 8, ShuffleSeed = 1, Callbacks = [recorder, monitors] });
        Assert.Equal(5, history.Divergence!.Update);
        var finding = Assert.Single(monitors.Findings, f => f.Id == "NG6001");
        var largest = seen[0] >= seen[1] ? 1 : 2;
        var perLayer = string.Join(", ", seen.Select(n => TrainingMonitor.Format(n)));
        Assert.Contains($"largest gradient in layer {largest} (norm {TrainingMonitor.Format(seen[largest - 1])}; per layer: {perLayer})", finding.Message);
        Assert.Equal(largest, finding.Layer);
    }

    [Fact]
    public void NG6002_UnstandardizedIris_FiresBeforeTraining()
    {
        var (train, test) = MonitorData.IrisOneHot(standardize: false);
        var monitors = Fit(new MonitorIrisNet(), train, test, epochs: 3, batchSize: 8);
        var finding = monitors.Findings[0];
        Assert.Equal("NG6002", finding.Id);
        Assert.Contains("3 of 4 input features are not standardized", finding.Message);
    }

    [Fact]
    public void NG6003_OutputWeightsTenTimesTooLarge_InitialLossFarFromLnC()
    {
        var (train, test) = MonitorData.IrisOneHot();
        var network = new MonitorIrisNet();
        var parameters = new float[network.ParameterCount];
        network.GetParameters(parameters);
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] *= 10;
        }

        network.SetParameters(parameters);
        var monitors = Fit(network, train, test, epochs: 1, batchSize: 8);
        var finding = monitors.Findings[0];
        Assert.Equal("NG6003", finding.Id);
        Assert.Contains("ln 3 = 1.1", finding.Message);
    }

    [Fact]
    public void NG6004_RawBreastCancerIntoTanh_SaturatesAfterTheRootCauseNG6002()
    {
        var (train, test) = MonitorData.BreastCancer(standardize: false);
        var monitors = Fit(new MonitorBreastCancerTanh(), train, test, epochs: 2);
        Assert.Equal("NG6002", monitors.Findings[0].Id);
        var saturation = Assert.Single(monitors.Findings, f => f.Id == "NG6004");
        Assert.Equal(1, saturation.Layer);
        Assert.Equal(1, saturation.Epoch);
    }

    [Fact]
    public void NG6005_ReluBiasesAtMinusTen_DeadUnitsReportedBeforeTheirVanishingGradients()
    {
        var (train, test) = MonitorData.IrisOneHot();
        var network = new MonitorIrisNet();
        var parameters = new float[network.ParameterCount];
        network.GetParameters(parameters);
        parameters.AsSpan(16 * 4, 16).Fill(-10); // b1
        network.SetParameters(parameters);
        var monitors = Fit(network, train, test, epochs: 3, batchSize: 8);
        var dying = monitors.Findings.First(f => f.Epoch == 1);
        Assert.Equal("NG6005", dying.Id);
        Assert.Contains("layer 1: 16 of 16 units (100 %)", dying.Message);
        var vanishing = Assert.Single(monitors.Findings, f => f.Id == "NG6006");
        Assert.True(monitors.Findings.ToList().IndexOf(dying) < monitors.Findings.ToList().IndexOf(vanishing));
    }

    [Fact]
    public void NG6006_EightSigmoidLayers_VanishingGradients()
    {
        var (train, test) = MonitorData.DigitsOneHot();
        var monitors = Fit(new Demonstrations.NG1001Flagged(), train, test, epochs: 2);
        var finding = Assert.Single(monitors.Findings, f => f.Id == "NG6006");
        Assert.Equal(1, finding.Layer);
        Assert.Equal(1, finding.Epoch);
    }

    [Fact]
    public void NG6007AndNG6009_HugeLearningRateWithoutClipping_ExplodeAndDiverge()
    {
        var (train, _) = MonitorData.IrisOneHot();
        var monitors = Fit(new MonitorIrisHugeRate(), train, null, epochs: 20, batchSize: 8);
        var exploding = Assert.Single(monitors.Findings, f => f.Id == "NG6007");
        var diverged = Assert.Single(monitors.Findings, f => f.Id == "NG6009");
        Assert.Equal(1, exploding.Epoch);
        Assert.Equal(1, diverged.Epoch);
    }

    [Fact]
    public void NG6008AndNG6010_TinyLearningRate_UpdatesTooSmallThenLossStalls()
    {
        var (train, test) = MonitorData.IrisOneHot();
        var monitors = Fit(new MonitorIrisTinyRate(), train, test, epochs: 12, batchSize: 8);
        var ratio = Assert.Single(monitors.Findings, f => f.Id == "NG6008");
        Assert.Equal(3, ratio.Epoch);
        Assert.Contains("too low", ratio.Message);
        var stalled = Assert.Single(monitors.Findings, f => f.Id == "NG6010");
        Assert.Equal(11, stalled.Epoch);
        Assert.Equal(2, monitors.Findings.Count);
    }

    [Theory]
    [InlineData(10, 13)] // healthy in epoch 1, measured again in epoch 11, then every epoch: 11, 12, 13
    [InlineData(1, 7)] // every epoch: 5, 6, 7
    public void NG6008_RatioLeavesTheBoundsLater_ReportedWithinIntervalOfIt(int interval, int reportedEpoch)
    {
        // The Iris network at its healthy rate for 4 epochs, then at 1e-7 of it (MultiStepLR, milestone at 0-based epoch 4).
        var (train, test) = MonitorData.IrisOneHot();
        var monitors = new TrainingMonitors { ProbeInterval = 1, UpdateRatio = { Interval = interval } };
        var options = new TrainingOptions
        {
            Epochs = 16,
            BatchSize = 8,
            ShuffleSeed = 1,
            LearningRateSchedule = new MultiStepDecay([4], gamma: 1e-7),
            Callbacks = [monitors],
        };
        Trainer.Fit(new MonitorIrisNet(), train, options, test);
        var ratio = Assert.Single(monitors.Findings, f => f.Id == "NG6008");
        Assert.Equal(reportedEpoch, ratio.Epoch);
        Assert.Contains("too low", ratio.Message);
    }

    [Fact]
    public void NG6008_Interval_RefusesBelowOne()
    {
        var monitors = new TrainingMonitors();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => monitors.UpdateRatio.Interval = 0);
        Assert.Equal("Interval", error.ParamName);
    }

    [Fact]
    public void NG6010_FullBatchLearningRateTooHigh_LossOscillates()
    {
        // Full-batch SGD on Iris: at a rate of 1 the loss falls smoothly; at 4 it overshoots, bouncing between 0.2 and 1.8
        // without diverging, and rises by more than 10 % four times in ten epochs.
        var (train, test) = MonitorData.IrisOneHot();
        var smooth = Fit(new MonitorIrisNet { LearningRate = 1f }, train, test, epochs: 40, batchSize: 0);
        Assert.Empty(smooth.Findings);

        var monitors = Fit(new MonitorIrisNet { LearningRate = 4f }, train, test, epochs: 40, batchSize: 0);
        var oscillating = Assert.Single(monitors.Findings, f => f.Id == "NG6010");
        Assert.Equal(18, oscillating.Epoch);
        Assert.StartsWith("the training loss oscillates: over the last 10 epochs it rose by more than 10 % 4 times", oscillating.Message);
        Assert.DoesNotContain(monitors.Findings, f => f.Id is "NG6009" or "NG6001" or "NG6007");
    }

    [Fact]
    public void NG6011_WideNetworkOnSixtyDigits_Overfits()
    {
        var (train, test) = MonitorData.DigitsOneHot();
        var small = new TrainingData<float>(train.Inputs.AsSpan(0, 60 * 64).ToArray(), train.Targets.AsSpan(0, 60 * 10).ToArray(), 64, 10);
        var monitors = Fit(new MonitorDigitsWide(), small, test, epochs: 60, batchSize: 16);
        var finding = Assert.Single(monitors.Findings);
        Assert.Equal("NG6011", finding.Id);
    }

    [Fact]
    public void StopAction_EndsTrainingWithTheFindingAsStopReason()
    {
        var (train, test) = MonitorData.IrisOneHot();
        var monitors = new TrainingMonitors { ProbeInterval = 1, UpdateRatio = { Action = MonitorAction.Stop } };
        var history = Trainer.Fit(new MonitorIrisTinyRate(), train, new TrainingOptions { Epochs = 12, BatchSize = 8, Callbacks = [monitors] }, test);
        Assert.Equal(3, history.Count);
        Assert.True(history.StoppedEarly);
        Assert.StartsWith("NG6008 update-to-weight ratio (epoch 3, step 45, layer ", history.StopReason);
    }

    [Fact]
    public void ThrowAction_ThrowsTheRootCauseWithEveryFindingOfTheMoment()
    {
        var (train, test) = MonitorData.BreastCancer(standardize: false);
        var monitors = new TrainingMonitors(MonitorAction.Throw);
        var error = Assert.Throws<TrainingMonitorException>(() =>
            Trainer.Fit(new MonitorBreastCancerTanh(), train, new TrainingOptions { Epochs = 2, Callbacks = [monitors] }, test));
        Assert.Equal("NG6002", error.Finding.Id);
        Assert.Equal(error.Findings.Select(f => f.Id).Order(StringComparer.Ordinal), error.Findings.Select(f => f.Id));
        Assert.Same(error.Finding, monitors.Findings[0]);
    }

    [Fact]
    public void Output_WritesOneLinePerFinding()
    {
        var (train, test) = MonitorData.IrisOneHot(standardize: false);
        var writer = new StringWriter();
        var monitors = new TrainingMonitors { Output = writer };
        Trainer.Fit(new MonitorIrisNet(), train, new TrainingOptions { Epochs = 1, BatchSize = 8, Callbacks = [monitors] }, test);
        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(monitors.Findings.Select(f => f.ToString()), lines);
        Assert.StartsWith("NG6002 inputs not standardized (epoch 0, step 0): ", lines[0]);
    }

    [Fact]
    public void Off_SilencesOneMonitor()
    {
        var (train, test) = MonitorData.IrisOneHot(standardize: false);
        var monitors = new TrainingMonitors { InputsNotStandardized = { Action = MonitorAction.Off } };
        Trainer.Fit(new MonitorIrisNet(), train, new TrainingOptions { Epochs = 1, BatchSize = 8, Callbacks = [monitors] }, test);
        Assert.DoesNotContain(monitors.Findings, f => f.Id == "NG6002");
    }

    [Fact]
    public void Thresholds_OutOfRange_ThrowNamingTheProperty()
    {
        var monitors = new TrainingMonitors();
        Assert.Equal("MaxDeadShare", Assert.Throws<ArgumentOutOfRangeException>(() => monitors.DyingRelu.MaxDeadShare = 1.5).ParamName);
        Assert.Equal("MaxRatio", Assert.Throws<ArgumentOutOfRangeException>(() => monitors.VanishingGradients.MaxRatio = double.NaN).ParamName);
        Assert.Equal("Patience", Assert.Throws<ArgumentOutOfRangeException>(() => monitors.Overfitting.Patience = 0).ParamName);
        Assert.Equal("ProbeSamples", Assert.Throws<ArgumentOutOfRangeException>(() => monitors.ProbeSamples = 0).ParamName);
        Assert.Equal("Action", Assert.Throws<ArgumentOutOfRangeException>(() => monitors.LossDiverged.Action = (MonitorAction)9).ParamName);
        Assert.Equal(0.7, monitors.DyingRelu.MaxDeadShare);
    }

    private TrainingMonitors Fit(INetwork<float> network, TrainingData<float> train, TrainingData<float>? test, int epochs, int batchSize = 32, int seed = 1)
    {
        var monitors = new TrainingMonitors { ProbeInterval = 1 };
        var history = Trainer.Fit(network, train, new TrainingOptions { Epochs = epochs, BatchSize = batchSize, ShuffleSeed = seed, Callbacks = [monitors] }, test);
        var last = history.Count > 0 ? $", training loss {history[^1].TrainingLoss:F4}, validation loss {history[^1].ValidationLoss:F4}" : "";
        output.WriteLine($"{network.GetType().Name}: {history.Count} epochs{last}{(history.Divergence is { } d ? "; " + d : "")}");
        foreach (var finding in monitors.Findings)
        {
            output.WriteLine("  " + finding);
        }

        return monitors;
    }
}
