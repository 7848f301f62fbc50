using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using NetGen.Schedules;
using NetGen.Tests.Serialization;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>CsvLogger, ModelCheckpoint and LambdaCallback: what they write, when, and which arguments they refuse.</summary>
public sealed class BuiltInCallbackTests : IDisposable
{
    private const int Samples = 20;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "netgen-callbacks-" + Guid.NewGuid().ToString("N"));

    public BuiltInCallbackTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void CsvLogger_WritesAHeaderAndOneRowPerEpoch_ThatRoundTripTheRecords()
    {
        var path = Path.Combine(_folder, "log.csv");
        var history = Trainer.Fit(new Regressor(), Data(1), new TrainingOptions { Epochs = 3, BatchSize = 8, Callbacks = [new CsvLogger(path)] }, Data(7));

        var text = File.ReadAllText(path);
        Assert.EndsWith("\r\n", text);
        var lines = text.Split("\r\n")[..^1];
        Assert.Equal("epoch,loss,accuracy,mae,r2,val_loss,val_accuracy,val_mae,val_r2,learning_rate,batch_size,updates,elapsed_seconds,gradient_norm", lines[0]);
        Assert.Equal(4, lines.Length);
        foreach (var record in history)
        {
            var fields = lines[record.Epoch].Split(',');
            Assert.Equal(14, fields.Length);
            Assert.Equal(record.Epoch.ToString(CultureInfo.InvariantCulture), fields[0]);
            Assert.Equal(record.TrainingLoss, Parse(fields[1]));
            Assert.Equal("", fields[2]); // no accuracy for regression
            Assert.Equal(record.TrainingMetrics!.MeanAbsoluteError, Parse(fields[3]));
            Assert.Equal(record.TrainingMetrics.RSquared, Parse(fields[4]));
            Assert.Equal(record.ValidationLoss, Parse(fields[5]));
            Assert.Equal("", fields[6]);
            Assert.Equal(record.ValidationMetrics!.MeanAbsoluteError, Parse(fields[7]));
            Assert.Equal(record.ValidationMetrics.RSquared, Parse(fields[8]));
            Assert.Equal("0.05", fields[9]);
            Assert.Equal("8", fields[10]);
            Assert.Equal("3", fields[11]);
            Assert.Equal(record.Elapsed.TotalSeconds, Parse(fields[12]));
            Assert.Equal(record.GradientNorm, Parse(fields[13]));
        }
    }

    [Fact]
    public void CsvLogger_WithoutValidation_NamesTheTrainingMetrics_InTheInvariantCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var path = Path.Combine(_folder, "log.csv");
            var history = Trainer.Fit(new FloatClassifier(), Classification(), new TrainingOptions { Epochs = 2, Callbacks = [new CsvLogger(path)] });
            var lines = File.ReadAllLines(path);
            Assert.Equal("epoch,loss,accuracy,mae,r2,val_loss,val_accuracy,val_mae,val_r2,learning_rate,batch_size,updates,elapsed_seconds,gradient_norm", lines[0]);
            var fields = lines[2].Split(',');
            Assert.Equal(history[1].Accuracy!.Value.ToString("R", CultureInfo.InvariantCulture), fields[2]);
            Assert.Equal(["", "", "", "", "", ""], fields[3..9]);
            Assert.Contains('.', fields[1]);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void CsvLogger_KeepsTheRowsWritten_WhenTrainingCrashes()
    {
        var path = Path.Combine(_folder, "log.csv");
        Assert.Throws<InvalidOperationException>(() => Trainer.Fit(new Regressor(), Data(1), new TrainingOptions
        {
            Epochs = 5,
            Callbacks =
            [
                new CsvLogger(path),
                new LambdaCallback(onEpochEnd: (_, record) =>
                {
                    if (record.Epoch == 2)
                    {
                        throw new InvalidOperationException("crash");
                    }
                }),
            ],
        }));

        // The file is complete and closed: another writer may open it right away.
        using (File.Open(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
        }

        Assert.Equal(["epoch", "1", "2"], File.ReadAllLines(path).Select(line => line.Split(',')[0]));
    }

    [Fact]
    public void CsvLogger_Appends_UnderOneHeader_OrReplaces()
    {
        var path = Path.Combine(_folder, "log.csv");
        var options = new TrainingOptions { Epochs = 2, Callbacks = [new CsvLogger(path)] };
        Trainer.Fit(new Regressor(), Data(1), options);
        Trainer.Fit(new Regressor(), Data(1), options with { Callbacks = [new CsvLogger(path, append: true)] });
        Assert.Equal(["epoch", "1", "2", "1", "2"], File.ReadAllLines(path).Select(line => line.Split(',')[0]));

        Trainer.Fit(new Regressor(), Data(1), options with { Epochs = 1 });
        Assert.Equal(["epoch", "1"], File.ReadAllLines(path).Select(line => line.Split(',')[0]));

        // A new file when appending to none.
        var fresh = Path.Combine(_folder, "fresh.csv");
        Trainer.Fit(new Regressor(), Data(1), options with { Epochs = 1, Callbacks = [new CsvLogger(fresh, append: true)] });
        Assert.Equal(2, File.ReadAllLines(fresh).Length);
    }

    [Fact]
    public void CsvLogger_RefusesToAppendUnderAnotherHeader_BeforeAnyUpdate()
    {
        var path = Path.Combine(_folder, "log.csv");
        File.WriteAllText(path, "epoch,loss\r\n1,0.5\r\n");
        var network = new Regressor();
        var error = Assert.Throws<InvalidOperationException>(() =>
            Trainer.Fit(network, Data(1), new TrainingOptions { Epochs = 1, Callbacks = [new CsvLogger(path, append: true)] }));

        Assert.Equal(
            $"CsvLogger cannot append to '{path}': its header is 'epoch,loss', but this run writes 'epoch,loss,accuracy,mae,r2,val_loss,val_accuracy,val_mae,val_r2,learning_rate,batch_size,updates,elapsed_seconds,gradient_norm' (a file from another version of NetGen). Log to another file, or append = false to replace it.",
            error.Message);
        Assert.Equal(0, network.StepCount);
        Assert.Equal("epoch,loss\r\n1,0.5\r\n", File.ReadAllText(path));
    }

    [Fact]
    public void CsvFields_AreQuotedAsRfc4180Says()
    {
        Assert.Equal("0.5", CsvLogger.Field("0.5"));
        Assert.Equal("\"a,b\"", CsvLogger.Field("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", CsvLogger.Field("say \"hi\""));
        Assert.Equal("\"two\nlines\"", CsvLogger.Field("two\nlines"));
        Assert.Equal("\"cr\rhere\"", CsvLogger.Field("cr\rhere"));
    }

    [Fact]
    public void CsvLogger_RejectsBadPaths_ByName()
    {
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => new CsvLogger(null!)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => new CsvLogger(" ")).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => new CsvLogger("bad\0name.csv")).ParamName);
        Assert.Equal(Path.GetFullPath("log.csv"), new CsvLogger("log.csv").Path);
    }

    [Fact]
    public void ModelCheckpoint_Periodic_SavesEveryNthEpoch_UnderTheFormattedName()
    {
        var checkpoint = new ModelCheckpoint(Path.Combine(_folder, "run", "epoch-{epoch:000}.safetensors"), every: 2);
        Trainer.Fit(new Regressor(), Data(1), new TrainingOptions { Epochs = 5, Callbacks = [checkpoint] });

        Assert.Equal(["epoch-002.safetensors", "epoch-004.safetensors"], Directory.GetFiles(Path.Combine(_folder, "run")).Select(Path.GetFileName).Order());
        Assert.Equal(4, checkpoint.LastSavedEpoch);
        Assert.Equal(Path.Combine(_folder, "run", "epoch-004.safetensors"), checkpoint.LastSavedPath);
    }

    [Fact]
    public void ModelCheckpoint_BestOnly_SavesTheEpochsThatImprove_TheMonitoredLoss()
    {
        // A rate 40 times larger in epoch 3 makes the validation loss worse there, and for a while after.
        var checkpoint = new ModelCheckpoint(Path.Combine(_folder, "best-{epoch}.safetensors"), bestOnly: true);
        var history = Trainer.Fit(new Regressor(), Data(1), new TrainingOptions
        {
            Epochs = 8,
            BatchSize = 5,
            LearningRateSchedule = new SpikeAtEpoch3(),
            Callbacks = [checkpoint],
        }, Data(7));

        var improving = new List<int>();
        var best = double.PositiveInfinity;
        foreach (var record in history)
        {
            if (record.ValidationLoss < best)
            {
                best = record.ValidationLoss!.Value;
                improving.Add(record.Epoch);
            }
        }

        Assert.True(improving.Count is > 1 and < 8, "the run must both improve and fail to improve: " + string.Join(",", improving));
        Assert.Equal(improving.Select(e => $"best-{e}.safetensors"), Directory.GetFiles(_folder).Select(Path.GetFileName).Order().OrderBy(n => n!.Length));
        Assert.Equal(best, checkpoint.Best);
        Assert.Equal(history.BestEpoch, checkpoint.LastSavedEpoch);
    }

    [Fact]
    public void ModelCheckpoint_BestOnlyInOneFile_HoldsTheBestEpochsWeights_AndMinDeltaCounts()
    {
        var path = Path.Combine(_folder, "best.safetensors");
        var atEpochEnd = new List<double[]>();
        var network = new Regressor();
        var history = Trainer.Fit(network, Data(1), new TrainingOptions
        {
            Epochs = 8,
            BatchSize = 5,
            LearningRateSchedule = new SpikeAtEpoch3(),
            Callbacks =
            [
                new ModelCheckpoint(path, bestOnly: true),
                new LambdaCallback(onEpochEnd: (context, _) =>
                {
                    var parameters = new double[network.ParameterCount];
                    ((TrainingContext<double>)context).Network.GetParameters(parameters);
                    atEpochEnd.Add(parameters);
                }),
            ],
        }, Data(7));

        var loaded = new Regressor();
        loaded.Load(path);
        var parameters = new double[loaded.ParameterCount];
        loaded.GetParameters(parameters);
        Assert.Equal(atEpochEnd[history.BestEpoch - 1], parameters);

        // With a MinDelta larger than any loss, only the first epoch (which beats +∞) is saved.
        var strict = new ModelCheckpoint(Path.Combine(_folder, "strict-{epoch}.safetensors"), bestOnly: true, minDelta: 1e9);
        Trainer.Fit(new Regressor(), Data(1), new TrainingOptions { Epochs = 4, Callbacks = [strict] });
        Assert.Equal(["strict-1.safetensors"], Directory.GetFiles(_folder, "strict-*").Select(Path.GetFileName));
    }

    [Fact]
    public void ModelCheckpoint_FullCheckpoint_ReloadsBitIdentically_AndResumesTheSameRun()
    {
        var path = Path.Combine(_folder, "resume.safetensors");
        var data = Classification5();
        var options = new TrainingOptions { Epochs = 2, BatchSize = 8, ShuffleSeed = 4 };
        var original = new ResumableNet();
        Trainer.Fit(original, data, options with { Callbacks = [new ModelCheckpoint(path, every: 2)] });

        var reloaded = new ResumableNet();
        reloaded.Load(path);
        Assert.Equal(State(original), State(reloaded));

        var resumedOptions = options with { Epochs = 3, ShuffleSeed = 9 };
        var continued = Trainer.Fit(original, data, resumedOptions);
        var resumed = Trainer.Fit(reloaded, data, resumedOptions);
        Assert.Equal(continued.Select(r => r.TrainingLoss), resumed.Select(r => r.TrainingLoss));
        Assert.Equal(State(original), State(reloaded));

        // The control: weights alone lose the optimizer state and the step count, and the resumed run differs.
        var weightsPath = Path.Combine(_folder, "weights.safetensors");
        var again = new ResumableNet();
        Trainer.Fit(again, data, options with { Callbacks = [new ModelCheckpoint(weightsPath, weightsOnly: true)] });
        var fromWeights = new ResumableNet();
        fromWeights.Load(weightsPath);
        Assert.NotEqual(State(again), State(fromWeights));
        Assert.Equal(0, fromWeights.StepCount);
    }

    [Fact]
    public void ModelCheckpoint_UnderASchedule_SavesTheBaseLearningRate()
    {
        var path = Path.Combine(_folder, "scheduled.safetensors");
        var network = new ResumableNet();
        var baseRate = network.LearningRate;
        var rates = new List<double>();
        Trainer.Fit(network, Classification5(), new TrainingOptions
        {
            Epochs = 2,
            LearningRateSchedule = new CosineAnnealing(tMax: 4),
            Callbacks = [new ModelCheckpoint(path), new LambdaCallback(onEpochEnd: (_, record) => rates.Add(record.LearningRate))],
        });

        Assert.NotEqual((double)baseRate, rates[^1]); // the schedule did change the rate
        var loaded = new ResumableNet { LearningRate = 0.5f };
        loaded.Load(path);
        Assert.Equal(baseRate, loaded.LearningRate);
    }

    [Fact]
    public void ModelCheckpoint_PathPattern_LiteralBraces_AndBadPlaceholders()
    {
        Assert.Equal("{run}-7.safetensors", new ModelCheckpoint("{{run}}-{epoch}.safetensors").PathFor(7));
        Assert.Equal("e0012.bin", new ModelCheckpoint("e{epoch:0000}.bin").PathFor(12));

        var unknown = Assert.Throws<ArgumentException>(() => new ModelCheckpoint("model-{val_loss:.2f}.safetensors"));
        Assert.Equal("pathPattern", unknown.ParamName);
        Assert.StartsWith("The path pattern 'model-{val_loss:.2f}.safetensors' has the placeholder '{val_loss:.2f}'; the only placeholder is {epoch}, with an optional format such as {epoch:000}.", unknown.Message);

        Assert.Contains("has a '{' at position 6 that is not closed", Assert.Throws<ArgumentException>(() => new ModelCheckpoint("model-{epoch.safetensors")).Message);
        Assert.Contains("has a '}' at position 5 that closes no placeholder", Assert.Throws<ArgumentException>(() => new ModelCheckpoint("model}.safetensors")).Message);
        Assert.Contains("whose format 'Q' is not a valid format for an integer", Assert.Throws<ArgumentException>(() => new ModelCheckpoint("m{epoch:Q}")).Message);
        Assert.Equal("pathPattern", Assert.Throws<ArgumentException>(() => new ModelCheckpoint("bad\0{epoch}")).ParamName);
        Assert.Equal("pathPattern", Assert.Throws<ArgumentException>(() => new ModelCheckpoint("")).ParamName);
        Assert.Equal("every", Assert.Throws<ArgumentOutOfRangeException>(() => new ModelCheckpoint("m.st", every: 0)).ParamName);
        Assert.Equal("minDelta", Assert.Throws<ArgumentOutOfRangeException>(() => new ModelCheckpoint("m.st", minDelta: -1)).ParamName);
        Assert.Equal("minDelta", Assert.Throws<ArgumentOutOfRangeException>(() => new ModelCheckpoint("m.st", minDelta: double.NaN)).ParamName);
    }

    [Fact]
    public void LambdaCallback_RunsItsActions_ForFloatAndDoubleNetworks_AndCanStopTraining()
    {
        var log = new List<string>();
        LambdaCallback Logging() => new(
            onTrainingBegin: context => log.Add($"begin {context.GetType().GetGenericArguments()[0].Name}"),
            onEpochBegin: context => log.Add($"epoch {context.Epoch}"),
            onBatchEnd: (_, batch) => log.Add($"batch {batch.Step}"),
            onEpochEnd: (context, record) =>
            {
                log.Add($"end {record.Epoch}");
                if (record.Epoch == 2)
                {
                    context.StopTraining("two is enough");
                }
            },
            onTrainingEnd: context => log.Add($"done {context.History.Count}"));

        var history = Trainer.Fit(new Regressor(), Data(1), new TrainingOptions { Epochs = 5, BatchSize = 10, Callbacks = [Logging()] });
        Assert.Equal(["begin Double", "epoch 1", "batch 1", "batch 2", "end 1", "epoch 2", "batch 3", "batch 4", "end 2", "done 2"], log);
        Assert.Equal("two is enough", history.StopReason);
        Assert.True(history.StoppedEarly);

        log.Clear();
        Trainer.Fit(new FloatClassifier(), Classification(), new TrainingOptions { Epochs = 1, BatchSize = 0, Callbacks = [Logging()] });
        Assert.Equal(["begin Single", "epoch 1", "batch 1", "end 1", "done 1"], log);
    }

    [Fact]
    public void LambdaCallback_WithoutActions_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new LambdaCallback());
        Assert.StartsWith("A LambdaCallback needs at least one of onTrainingBegin, onEpochBegin, onBatchEnd, onEpochEnd and onTrainingEnd; all are null.", error.Message);
    }

    private static double? Parse(string field) => field.Length == 0 ? null : double.Parse(field, CultureInfo.InvariantCulture);

    private static TrainingData<double> Data(int seed) =>
        new(TestData.Normal(Samples * 3, seed), TestData.Normal(Samples * 2, seed + 1), 3, 2);

    private static TrainingData<float> Classification() => new(
        TestData.Normal(Samples * 4, seed: 3).Select(v => (float)v).ToArray(),
        TestData.Targets(LossKind.CategoricalCrossEntropy, Samples, 3, seed: 4).Select(v => (float)v).ToArray(),
        4,
        3);

    /// <summary>Data for <see cref="ResumableNet"/>: 5 inputs, 3 classes.</summary>
    private static TrainingData<float> Classification5() => new(
        TestData.Normal(40 * 5, seed: 11).Select(v => (float)v).ToArray(),
        TestData.Targets(LossKind.CategoricalCrossEntropy, 40, 3, seed: 12).Select(v => (float)v).ToArray(),
        5,
        3);

    /// <summary>Every value a run depends on, as bits: parameters, optimizer state, running statistics, step count, dropout stream, learning rate.</summary>
    private static string State(INetwork<float> network)
    {
        var parameters = new float[network.ParameterCount];
        network.GetParameters(parameters);
        var optimizer = new float[network.OptimizerStateCount];
        network.GetOptimizerState(optimizer);
        var running = new float[network.RunningStatisticsCount];
        network.GetRunningStatistics(running);
        var dropout = new ulong[DeterministicRandom.StateLength];
        network.DropoutRandom?.GetState(dropout);
        return string.Join(" ", parameters.Concat(optimizer).Concat(running).Select(v => BitConverter.SingleToInt32Bits(v).ToString("x8"))) +
            $" | t={network.StepCount} dropout={string.Join(",", dropout)} lr={BitConverter.SingleToInt32Bits(network.LearningRate):x8}";
    }

    private sealed class SpikeAtEpoch3 : LearningRateSchedule
    {
        public override double GetLearningRate(SchedulePosition position, double baseLearningRate) =>
            position.Epoch == 2 ? baseLearningRate * 40 : baseLearningRate;
    }
}
