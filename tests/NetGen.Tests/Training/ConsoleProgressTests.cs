using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>The built-in console output: its exact text, its order, redirected output and the cost of the bar.</summary>
public class ConsoleProgressTests
{
    private const int Samples = 20;

    [Fact]
    public void Epochs_PrintOneLinePerEpochAndASummary_BeforeLaterCallbacksOutput()
    {
        var clock = new ManualClock();
        var output = new StringWriter { NewLine = "\n" };
        var history = Trainer.Fit(new Regressor(), Data(), new TrainingOptions
        {
            Epochs = 3,
            BatchSize = 8,
            Callbacks =
            [
                new Ticker(clock, perUpdate: 40),
                new ConsoleProgress(Verbosity.Epochs, output, clock: clock),
                new LambdaCallback(onEpochEnd: (_, record) => output.WriteLine($"after epoch {record.Epoch}")),
            ],
        });

        var expected = string.Concat(history.Select(r =>
            $"Epoch {r.Epoch}/3 - 120ms - loss: {F4(r.TrainingLoss)} - mae: {F4(r.MeanAbsoluteError!.Value)} - r2: {F4(r.RSquared!.Value)} - lr: 0.05\n" +
            $"after epoch {r.Epoch}\n"));
        var best = history[history.BestEpoch - 1];
        expected += $"Trained 3 epochs in 360ms. Best epoch {best.Epoch}: loss {F4(best.TrainingLoss)}.\n";
        Assert.Equal(expected, output.ToString());
    }

    [Fact]
    public void VerbosityOption_PrintsBeforeTheCallbacks_OfEachEpoch()
    {
        var output = new StringWriter { NewLine = "\n" };
        Trainer.Fit(new Regressor(), Data(), new TrainingOptions
        {
            Epochs = 2,
            Verbosity = Verbosity.Epochs,
            ProgressWriter = output,
            Callbacks =
            [
                new LambdaCallback(
                    onEpochEnd: (_, record) => output.WriteLine($"callback after epoch {record.Epoch}"),
                    onTrainingEnd: _ => output.WriteLine("callback at the end")),
            ],
        });

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("Epoch 1/2 - ", lines[0]);
        Assert.Equal("callback after epoch 1", lines[1]);
        Assert.StartsWith("Epoch 2/2 - ", lines[2]);
        Assert.Equal("callback after epoch 2", lines[3]);
        Assert.StartsWith("Trained 2 epochs in ", lines[4]);
        Assert.Equal("callback at the end", lines[5]);
    }

    [Fact]
    public void ValidationRun_NamesTheMetricsVal_AndPadsTheEpoch()
    {
        var output = new StringWriter { NewLine = "\n" };
        var (training, validation) = ClassificationData();
        var history = Trainer.Fit(new FloatClassifier(), training, new TrainingOptions
        {
            Epochs = 12,
            Verbosity = Verbosity.Epochs,
            ProgressWriter = output,
        }, validation);

        var lines = output.ToString().Split('\n');
        Assert.Equal(14, lines.Length); // 12 epochs, the summary, and the empty rest after the last newline
        Assert.Matches(
            @"^Epoch  1/12 - [\d.]+m?s - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4} - lr: \d[\d.]*$",
            lines[0]);
        Assert.StartsWith("Epoch 12/12 - ", lines[11]);
        Assert.Contains($"- loss: {F4(history[11].TrainingLoss)} - accuracy: {F4(history[11].TrainingMetrics!.Accuracy!.Value)} - val_loss: {F4(history[11].ValidationLoss!.Value)} - val_accuracy: {F4(history[11].ValidationMetrics!.Accuracy!.Value)} -", lines[11]);
        Assert.StartsWith($"Trained 12 epochs in ", lines[12]);
        Assert.EndsWith($"Best epoch {history.BestEpoch}: val_loss {F4(history[history.BestEpoch - 1].ValidationLoss!.Value)}.", lines[12]);
    }

    [Fact]
    public void Bar_IsRedrawnInPlace_AtMostEvery100Milliseconds()
    {
        // 20 updates of 40 ms per epoch: the bar is drawn after updates 3, 6, …, 18 (120 ms after the last drawing),
        // never after the last update, whose epoch line replaces it.
        var clock = new ManualClock();
        var output = new StringWriter { NewLine = "\n" };
        var losses = new List<double>();
        var history = Trainer.Fit(new Regressor(), Data(), new TrainingOptions
        {
            Epochs = 2,
            BatchSize = 1,
            Callbacks =
            [
                new Ticker(clock, perUpdate: 40),
                new LambdaCallback(onBatchEnd: (_, batch) => losses.Add(batch.Loss)),
                new ConsoleProgress(Verbosity.Bar, output, redraw: true, clock: clock),
            ],
        });

        var lines = output.ToString().Split('\n');
        Assert.Equal(4, lines.Length);
        var firstEpoch = lines[0].Split('\r');
        Assert.Equal(8, firstEpoch.Length); // "", six bars and the epoch line
        Assert.Equal("", firstEpoch[0]);
        // After update 3 of 20: 4 of 30 cells, 17 updates left at 40 ms each, the mean of the first three losses.
        Assert.Equal($"Epoch 1/2 [===>..........................] 3/20 - ETA: 680ms - loss: {F4(losses.Take(3).Average())}", firstEpoch[1]);
        Assert.Equal($"Epoch 1/2 [==========================>...] 18/20 - ETA: 80ms - loss: {F4(losses.Take(18).Average())} ", firstEpoch[6]); // padded over the longer ETA before it
        var epochLine = $"Epoch 1/2 - 800ms - loss: {F4(history[0].TrainingLoss)} - mae: {F4(history[0].MeanAbsoluteError!.Value)} - r2: {F4(history[0].RSquared!.Value)} - lr: 0.05";
        Assert.Equal(epochLine.PadRight(firstEpoch[6].Length - 1), firstEpoch[^1]);
        Assert.StartsWith("\rEpoch 2/2 [===>", lines[1]);
        Assert.StartsWith("Trained 2 epochs in 1.6s.", lines[2]);
    }

    [Fact]
    public void Bar_IsWipedWhenFitThrows_SoTheExceptionStartsOnACleanLine()
    {
        var clock = new ManualClock();
        var output = new StringWriter { NewLine = "\n" };
        var failing = new LambdaCallback(onBatchEnd: (_, batch) =>
        {
            if (batch.Batch == 10)
            {
                throw new InvalidOperationException("callback failed");
            }
        });
        var thrown = Assert.Throws<InvalidOperationException>(() => Trainer.Fit(new Regressor(), Data(), new TrainingOptions
        {
            Epochs = 2,
            BatchSize = 1,
            Callbacks = [new Ticker(clock, perUpdate: 40), new ConsoleProgress(Verbosity.Bar, output, redraw: true, clock: clock), failing],
        }));

        Assert.Equal("callback failed", thrown.Message);
        // The bar (after update 9) was drawn, then overwritten by as many spaces, and the cursor returned to the line's start.
        var text = output.ToString();
        var wiped = text[(text.LastIndexOf("\rEpoch 1/2 [", StringComparison.Ordinal) + 1)..];
        Assert.Contains("] 9/20 - ETA: ", wiped);
        Assert.Matches(@"^Epoch 1/2 [^\r\n]+\r +\r$", wiped);
        Assert.Equal(wiped.IndexOf('\r'), wiped.Length - wiped.IndexOf('\r') - 2);
    }

    [Fact]
    public void RedirectedBar_IsPlainLines_WithoutCarriageReturnsOrEscapes()
    {
        var clock = new ManualClock();
        string Run(Verbosity verbosity, bool useOptions)
        {
            var output = new StringWriter { NewLine = "\n" };
            Trainer.Fit(new Regressor(), Data(), new TrainingOptions
            {
                Epochs = 3,
                BatchSize = 1,
                Verbosity = useOptions ? verbosity : Verbosity.Silent,
                ProgressWriter = useOptions ? output : null,
                Callbacks = useOptions
                    ? [new Ticker(clock, perUpdate: 500)]
                    : [new Ticker(clock, perUpdate: 500), new ConsoleProgress(verbosity, output, clock: clock)],
            });
            return output.ToString();
        }

        var bar = Run(Verbosity.Bar, useOptions: false);
        Assert.DoesNotContain('\r', bar);
        Assert.DoesNotContain('\u001b', bar);
        Assert.Equal(Run(Verbosity.Epochs, useOptions: false), bar);
        Assert.Equal(4, bar.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // Through the options, with the system clock: whole lines only.
        var viaOptions = Run(Verbosity.Bar, useOptions: true);
        Assert.DoesNotContain('\r', viaOptions);
        Assert.Equal(4, viaOptions.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Numbers_UseTheInvariantCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var output = new StringWriter { NewLine = "\n" };
            Trainer.Fit(new Regressor(), Data(), new TrainingOptions { Epochs = 1, Verbosity = Verbosity.Epochs, ProgressWriter = output });
            Assert.Matches(@"^Epoch 1/1 - [\d.]+m?s - loss: \d+\.\d{4} - mae: \d+\.\d{4} - r2: -?\d+\.\d{4} - lr: 0\.05\n", output.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void BarUpdates_AllocateNothing_DrawnOrNot()
    {
        foreach (var millisecondsPerUpdate in new[] { 0, 1000 })
        {
            // Every update redraws when the clock moves 1 s per reading; none does when it stands still.
            var clock = new ManualClock { AdvancePerReading = millisecondsPerUpdate };
            var progress = new ConsoleProgress(Verbosity.Bar, TextWriter.Null, redraw: true, clock: clock);
            var context = new TrainingContext<double>(new Regressor(), Data(), null, new TrainingOptions { Epochs = 1 }, new TrainingHistory());
            progress.OnTrainingBegin(context);
            progress.OnEpochBegin(context);
            void Updates(int count)
            {
                for (var i = 0; i < count; i++)
                {
                    progress.OnBatchEnd(context, new BatchRecord(1, i % 999 + 1, 1000, i + 1, 0.25 + i * 1e-6, 8, 0.05));
                }
            }

            Updates(1000);
            var before = GC.GetAllocatedBytesForCurrentThread();
            Updates(10_000);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void Summary_SaysHowTrainingEnded_AndTheBestEpoch()
    {
        var history = new TrainingHistory();
        history.Add(Record(1, 0.5, 0.45));
        history.Add(Record(2, 0.4, 0.0004));
        history.BestEpoch = 2;
        var elapsed = TimeSpan.FromSeconds(75.4);
        Assert.Equal("Trained 2 epochs in 1m15s. Best epoch 2: val_loss 4.0000e-04.", ConsoleProgress.Summary(history, 2, elapsed));

        history.StoppedEarly = true;
        history.StopReason = "early stopping: the validation loss has not improved for 3 epochs since epoch 2";
        history.RestoredBestWeights = true;
        Assert.Equal(
            "Stopped after epoch 2 of 10: early stopping: the validation loss has not improved for 3 epochs since epoch 2. Best epoch 2: val_loss 4.0000e-04, weights restored.",
            ConsoleProgress.Summary(history, 10, elapsed));

        var diverged = new TrainingHistory { Divergence = new TrainingDivergence(1, 3, DivergenceSource.TrainingLoss, double.NaN) };
        Assert.Equal(
            "Training diverged in epoch 1: the training loss of update 3 was NaN. Training stopped; the network holds the state training started from (or the best epoch's weights, if they were restored).",
            ConsoleProgress.Summary(diverged, 10, elapsed));
    }

    [Theory]
    [InlineData(0.00042, "0.4ms")]
    [InlineData(0.0099, "9.9ms")]
    [InlineData(0.012, "12ms")]
    [InlineData(0.9999, "1.0s")]
    [InlineData(3.44, "3.4s")]
    [InlineData(59.97, "1m00s")]
    [InlineData(754.4, "12m34s")]
    public void Durations_AreShort(double seconds, string expected) =>
        Assert.Equal(expected, ConsoleProgress.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(0.0, "0.0000")]
    [InlineData(-0.5, "-0.5000")]
    [InlineData(0.001, "0.0010")]
    [InlineData(0.0004, "4.0000e-04")]
    [InlineData(999999.0, "999999.0000")]
    [InlineData(1234567.0, "1.2346e+06")]
    public void Numbers_HaveFourDecimals_OrAnExponent(double value, string expected) =>
        Assert.Equal(expected, ConsoleProgress.Number(value));

    [Fact]
    public void DivergenceWithinAnEpoch_WipesTheBar_AndEndsWithTheDivergence()
    {
        var clock = new ManualClock();
        var output = new StringWriter { NewLine = "\n" };
        var history = Trainer.Fit(new Regressor(), Data(), new TrainingOptions
        {
            Epochs = 3,
            BatchSize = 1,
            LearningRateSchedule = new ExplodingRate(),
            Callbacks = [new Ticker(clock, perUpdate: 200), new ConsoleProgress(Verbosity.Bar, output, redraw: true, clock: clock)],
        });

        // Every update but an epoch's last draws the bar (200 ms each); the diverging epoch has no line, so its bar is
        // wiped with spaces before the summary.
        Assert.NotNull(history.Divergence);
        var lastLine = output.ToString().TrimEnd('\n').Split('\n')[^1];
        Assert.Matches(@"^\rEpoch [23]/3 \[.*\r +\r[^\r]+$", lastLine);
        Assert.Equal(ConsoleProgress.Summary(history, 3, TimeSpan.Zero), lastLine.Split('\r')[^1]);
        Assert.StartsWith($"Training diverged in epoch {history.Divergence.Epoch}", lastLine.Split('\r')[^1]);
    }

    [Fact]
    public void BadArguments_AreRejectedByName()
    {
        Assert.Equal(Verbosity.Silent, new TrainingOptions { Epochs = 1 }.Verbosity);
        Assert.Equal("Verbosity", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { Epochs = 1, Verbosity = (Verbosity)7 }).ParamName);
        Assert.Equal("verbosity", Assert.Throws<ArgumentOutOfRangeException>(() => new ConsoleProgress(Verbosity.Silent)).ParamName);
    }

    private static string F4(double value) =>
        Math.Abs(value) is >= 1e-3 and < 1e6 || value == 0 ? value.ToString("F4", CultureInfo.InvariantCulture) : value.ToString("0.0000e+00", CultureInfo.InvariantCulture);

    private static EpochRecord Record(int epoch, double loss, double validationLoss) =>
        new(epoch, loss, validationLoss, null, 0.1, 0.9, 0.05, 8, 3, TimeSpan.FromMilliseconds(5), 1, [1.0]);

    private static TrainingData<double> Data() =>
        new(TestData.Normal(Samples * 3, seed: 1), TestData.Normal(Samples * 2, seed: 2), 3, 2);

    private static (TrainingData<float> Training, TrainingData<float> Validation) ClassificationData()
    {
        TrainingData<float> Make(int seed) => new(
            TestData.Normal(Samples * 4, seed).Select(v => (float)v).ToArray(),
            TestData.Targets(LossKind.CategoricalCrossEntropy, Samples, 3, seed + 1).Select(v => (float)v).ToArray(),
            4,
            3);
        return (Make(3), Make(30));
    }

    /// <summary>A clock that moves only when told to (and, if asked, by a fixed step at every reading): milliseconds.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public long Now { get; set; }

        public long AdvancePerReading { get; init; }

        public override long TimestampFrequency => 1000;

        public override long GetTimestamp()
        {
            Now += AdvancePerReading;
            return Now;
        }
    }

    /// <summary>Moves the clock as if every update took <paramref name="perUpdate"/> milliseconds (it runs before the progress).</summary>
    private sealed class Ticker(ManualClock clock, long perUpdate) : TrainingCallback
    {
        public override void OnBatchEnd<T>(TrainingContext<T> context, BatchRecord batch) => clock.Now += perUpdate;
    }

    /// <summary>A rate that is fine for the first epoch and then 1e6 times larger, so the second epoch diverges.</summary>
    private sealed class ExplodingRate : NetGen.Schedules.LearningRateSchedule
    {
        public override double GetLearningRate(NetGen.Schedules.SchedulePosition position, double baseLearningRate) =>
            position.Epoch == 0 ? baseLearningRate : baseLearningRate * 1e6;
    }
}
