using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetGen.Schedules;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>The training loop's contract: update counts, batching, schedules, early stopping, determinism, cancellation, errors.</summary>
public class TrainerTests
{
    private const int Samples = 20;

    [Theory]
    [InlineData(0, 1)]   // full batch: one update per epoch
    [InlineData(1, 20)]  // SGD: one per sample
    [InlineData(6, 4)]   // mini-batches of 6, 6, 6 and 2
    [InlineData(20, 1)]
    [InlineData(50, 1)]  // larger than the data: one full batch
    public void BatchSize_GivesTheDocumentedNumberOfUpdates(int batchSize, int updatesPerEpoch)
    {
        var network = new Regressor();
        var history = Trainer.Fit(network, Data(1), new TrainingOptions { Epochs = 3, BatchSize = batchSize });

        Assert.All(history, record => Assert.Equal(updatesPerEpoch, record.Updates));
        Assert.All(history, record => Assert.Equal(batchSize == 0 ? Samples : Math.Min(batchSize, Samples), record.BatchSize));
        Assert.Equal(3 * updatesPerEpoch, network.StepCount);
    }

    [Fact]
    public void WithoutShuffle_MatchesAHandWrittenLoop_WithAShorterLastBatch()
    {
        // Reference: batches [0, 6), [6, 12), [12, 18), [18, 20) in order; the epoch loss is the batch losses
        // weighted by their sizes over the 20 samples.
        var data = Data(1);
        var reference = new Regressor();
        var expectedLosses = new double[2];
        for (var epoch = 0; epoch < 2; epoch++)
        {
            var sum = 0.0;
            for (var start = 0; start < Samples; start += 6)
            {
                var rows = Math.Min(6, Samples - start);
                sum += rows * reference.TrainStep(data.Inputs.AsSpan(start * 3, rows * 3), data.Targets.AsSpan(start * 2, rows * 2));
            }

            expectedLosses[epoch] = sum / Samples;
        }

        var network = new Regressor();
        var history = Trainer.Fit(network, data, new TrainingOptions { Epochs = 2, BatchSize = 6, Shuffle = false });

        Assert.Equal(expectedLosses, history.Select(r => r.TrainingLoss));
        Assert.Equal(Parameters(reference), Parameters(network));
    }

    [Fact]
    public void SameSeeds_GiveIdenticalHistoriesAndWeights()
    {
        (EpochRecord[] History, double[][] LayerNorms, double[] Weights) Run()
        {
            var network = new Regressor(seed: 4);
            var options = new TrainingOptions { Epochs = 4, BatchSize = 3, ShuffleSeed = 9 };
            var history = Trainer.Fit(network, Data(1), options, validation: Data(2));
            return (
                history.Select(r => r with { Elapsed = TimeSpan.Zero, LayerGradientNorms = [] }).ToArray(),
                history.Select(r => r.LayerGradientNorms.ToArray()).ToArray(),
                Parameters(network));
        }

        var first = Run();
        var second = Run();
        Assert.Equal(first.History, second.History);
        Assert.Equal(first.LayerNorms, second.LayerNorms);
        Assert.Equal(first.Weights, second.Weights);
    }

    [Fact]
    public void ShuffleSeed_ChangesTheVisitingOrder()
    {
        var a = new Regressor(seed: 4);
        var b = new Regressor(seed: 4);
        Trainer.Fit(a, Data(1), new TrainingOptions { Epochs = 2, BatchSize = 3, ShuffleSeed = 1 });
        Trainer.Fit(b, Data(1), new TrainingOptions { Epochs = 2, BatchSize = 3, ShuffleSeed = 2 });
        Assert.NotEqual(Parameters(a), Parameters(b));
    }

    [Fact]
    public void LearningRateSchedule_SetsTheRateBeforeEveryUpdate()
    {
        var network = new Regressor();
        var schedule = new RecordingSchedule(network);
        var history = Trainer.Fit(network, Data(1), new TrainingOptions { Epochs = 3, BatchSize = 8, LearningRateSchedule = schedule });

        // 20 samples in batches of 8: 3 updates per epoch, numbered across epochs.
        Assert.Equal(Enumerable.Range(0, 9).Select(i => new SchedulePosition(i / 3, i, 3)), schedule.Positions);

        // When asked for update k's rate, the network still holds update k − 1's: the rate after every step is the
        // schedule's value for that step; the declared 0.05 is only the base.
        Assert.Equal(0.05, schedule.RatesOnEntry[0]);
        Assert.Equal(Enumerable.Range(0, 8).Select(k => schedule.Rate(k)), schedule.RatesOnEntry.Skip(1));
        Assert.Equal(0.05, network.LearningRate); // back to the base rate when Fit ends
        Assert.Equal(schedule.Rate(8), history[^1].LearningRate);
        Assert.All(schedule.BaseRates, rate => Assert.Equal(0.05, rate));
        Assert.Equal(history.Select(r => r.TrainingLoss), schedule.EpochEnds); // the monitored (training) loss after every epoch
    }

    [Fact]
    public void LearningRateSchedule_IsTheRateTheUpdateUses()
    {
        // Plain SGD, full batch: each epoch is one update p ← p − lr·g, with lr from the schedule.
        var network = new Regressor();
        var schedule = new RecordingSchedule(network);
        var progress = new RecordingProgress(network);
        var before = Parameters(network);
        Trainer.Fit(network, Data(1), new TrainingOptions { Epochs = 3, BatchSize = 0, LearningRateSchedule = schedule, Progress = progress });

        for (var epoch = 0; epoch < 3; epoch++)
        {
            var gradients = progress.GradientsAfterEpoch[epoch];
            var after = progress.ParametersAfterEpoch[epoch];
            for (var i = 0; i < before.Length; i++)
            {
                Assert.Equal(before[i] - (schedule.Rate(epoch) * gradients[i]), after[i], 1e-14);
            }

            before = after;
        }
    }

    [Fact]
    public void BatchSizeSchedule_SetsEachEpochsBatchSize()
    {
        var history = Trainer.Fit(new Regressor(), Data(1), new TrainingOptions { Epochs = 3, BatchSize = 4, BatchSizeSchedule = new DoublingBatches() });
        Assert.Equal([4, 8, 16], history.Select(r => r.BatchSize));
        Assert.Equal([5, 3, 2], history.Select(r => r.Updates));
    }

    [Fact]
    public void EarlyStopping_StopsAfterPatience_AndRestoresTheBestWeights()
    {
        // Validation targets are the negated training targets: once the network fits the training data, the
        // validation loss can only rise, so training stops `patience` epochs after the best one.
        var network = new Regressor();
        var progress = new RecordingProgress(network);
        var training = Data(1);
        var validation = new TrainingData<double>(training.Inputs, training.Targets.Select(t => -t).ToArray(), 3, 2);
        var history = Trainer.Fit(network, training, new TrainingOptions
        {
            Epochs = 50,
            BatchSize = 5,
            EarlyStopping = new EarlyStopping(Patience: 3),
            Progress = progress,
        }, validation);

        var losses = history.Select(r => r.ValidationLoss!.Value).ToList();
        var best = losses.IndexOf(losses.Min()) + 1;
        Assert.True(history.StoppedEarly);
        Assert.Equal(best, history.BestEpoch);
        Assert.Equal(best + 3, history.Count);
        Assert.True(history.RestoredBestWeights);
        Assert.Equal(progress.ParametersAfterEpoch[best - 1], Parameters(network));
        Assert.All(losses.Skip(best), loss => Assert.True(loss >= losses[best - 1]));
    }

    [Fact]
    public void EarlyStopping_RestoresTheBestEpochsBatchNormRunningStatistics()
    {
        // The inference-mode validation loss of the best epoch depended on its running statistics too.
        var network = new BatchNormRegressor();
        var progress = new RecordingProgress(network);
        var training = Data(1);
        var validation = new TrainingData<double>(training.Inputs, training.Targets.Select(t => -t).ToArray(), 3, 2);
        var history = Trainer.Fit(network, training, new TrainingOptions
        {
            Epochs = 50,
            BatchSize = 5,
            EarlyStopping = new EarlyStopping(Patience: 2),
            Progress = progress,
        }, validation);

        Assert.True(history.RestoredBestWeights);
        var running = new double[BatchNormRegressor.RunningStatisticsCount];
        network.GetRunningStatistics(running);
        Assert.Equal(progress.RunningStatisticsAfterEpoch[history.BestEpoch - 1], running);
        Assert.NotEqual(progress.RunningStatisticsAfterEpoch[^1], running);
        Assert.Equal(progress.ParametersAfterEpoch[history.BestEpoch - 1], Parameters(network));
    }

    [Fact]
    public void EarlyStopping_WhenNoEpochImproves_RestoresNothing()
    {
        // The largest finite learning rate overflows the parameters in the first update, so every validation loss is
        // ∞ or NaN and never an improvement: no best epoch, nothing to restore, stop after `patience` epochs. (A NaN
        // learning rate, which did the same, is refused by the LearningRate setter now.)
        var network = new Regressor();
        var history = Trainer.Fit(network, Data(1), new TrainingOptions
        {
            Epochs = 10,
            BatchSize = 0,
            LearningRateSchedule = new OverflowingSchedule(),
            EarlyStopping = new EarlyStopping(Patience: 2),
        }, validation: Data(2));

        Assert.Equal(0, history.BestEpoch);
        Assert.Equal(2, history.Count);
        Assert.False(history.RestoredBestWeights);
        Assert.Contains(Parameters(network), p => !double.IsFinite(p));
    }

    [Fact]
    public void EarlyStopping_WithoutRestore_KeepsTheLastWeights()
    {
        var network = new Regressor();
        var progress = new RecordingProgress(network);
        var training = Data(1);
        var validation = new TrainingData<double>(training.Inputs, training.Targets.Select(t => -t).ToArray(), 3, 2);
        var history = Trainer.Fit(network, training, new TrainingOptions
        {
            Epochs = 50,
            BatchSize = 5,
            EarlyStopping = new EarlyStopping(Patience: 3, RestoreBestWeights: false),
            Progress = progress,
        }, validation);

        Assert.True(history.StoppedEarly);
        Assert.False(history.RestoredBestWeights);
        Assert.Equal(progress.ParametersAfterEpoch[^1], Parameters(network));
    }

    [Fact]
    public void EarlyStopping_MinDelta_CountsSmallImprovementsAsNone()
    {
        var network = new Regressor();
        var history = Trainer.Fit(network, Data(1), new TrainingOptions
        {
            Epochs = 30,
            BatchSize = 0,
            EarlyStopping = new EarlyStopping(Patience: 2, MinDelta: 1e9, RestoreBestWeights: false),
        });

        // Without validation data the training loss is monitored; nothing improves by 1e9, so training stops after
        // epoch 1 + patience.
        Assert.Equal(3, history.Count);
        Assert.Equal(1, history.BestEpoch);
        Assert.True(history.StoppedEarly);
        Assert.False(history.RestoredBestWeights);
    }

    [Fact]
    public void Cancellation_StopsBetweenUpdates_LeavingTheLastCompletedUpdate()
    {
        using var cancellation = new CancellationTokenSource();
        var network = new Regressor();
        var progress = new RecordingProgress(network, record =>
        {
            if (record.Epoch == 2)
            {
                cancellation.Cancel();
            }
        });

        Assert.Throws<OperationCanceledException>(() => Trainer.Fit(
            network, Data(1), new TrainingOptions { Epochs = 10, BatchSize = 5, Progress = progress }, cancellationToken: cancellation.Token));
        Assert.Equal(8, network.StepCount); // two complete epochs of four updates
        Assert.Equal(2, progress.ParametersAfterEpoch.Count);
        Assert.Equal(progress.ParametersAfterEpoch[^1], Parameters(network));
    }

    [Fact]
    public void Cancellation_BeforeTheFirstUpdate_TrainsNothing()
    {
        var network = new Regressor();
        var before = Parameters(network);
        Assert.Throws<OperationCanceledException>(() => Trainer.Fit(
            network, Data(1), new TrainingOptions { Epochs = 3 }, cancellationToken: new CancellationToken(canceled: true)));
        Assert.Equal(0, network.StepCount);
        Assert.Equal(before, Parameters(network));
    }

    [Fact]
    public void GradientNorms_AreTheMeanOverTheEpochsUpdates()
    {
        var network = new Regressor();
        var norms = new List<(double Global, double[] Layers)>();
        var history = Trainer.Fit(network, Data(1), new TrainingOptions
        {
            Epochs = 2,
            BatchSize = 8,
            LearningRateSchedule = new NormRecorder(network, norms),
        });

        // The schedule is asked before each update, so it sees the norms of the update before it; the last
        // update's norms are still on the network after Fit.
        var layerNorms = new double[2];
        network.GetLayerGradientNorms(layerNorms);
        norms.RemoveAt(0);
        norms.Add((network.GradientNorm, layerNorms));
        for (var epoch = 0; epoch < 2; epoch++)
        {
            var updates = norms.Skip(3 * epoch).Take(3).ToArray();
            Assert.Equal(updates.Average(n => n.Global), history[epoch].GradientNorm, 12);
            for (var layer = 0; layer < 2; layer++)
            {
                Assert.Equal(updates.Average(n => n.Layers[layer]), history[epoch].LayerGradientNorms[layer], 12);
            }
        }

        Assert.Equal(2, history[^1].LayerGradientNorms.Count);
    }

    [Fact]
    public void TrainingData_ThatDoesNotFitTheNetwork_ThrowsNamingTheArgument()
    {
        var wrong = new TrainingData<double>(new double[8], new double[4], 4, 2);
        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(new Regressor(), wrong, new TrainingOptions { Epochs = 1 }));
        Assert.Equal("training", error.ParamName);
        Assert.Contains("3 inputs", error.Message);
        Assert.Contains("4 inputs", error.Message);
    }

    [Fact]
    public void ValidationData_ThatDoesNotFitTheNetwork_ThrowsNamingTheArgument()
    {
        var wrong = new TrainingData<double>(new double[6], new double[6], 3, 3);
        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(new Regressor(), Data(1), new TrainingOptions { Epochs = 1 }, wrong));
        Assert.Equal("validation", error.ParamName);
        Assert.Contains("2 outputs", error.Message);
        Assert.Contains("3 targets", error.Message);
    }

    [Theory]
    [InlineData(0, 32)]
    [InlineData(-1, 32)]
    [InlineData(1, -1)]
    public void InvalidOptions_Throw(int epochs, int batchSize)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Trainer.Fit(new Regressor(), Data(1), new TrainingOptions { Epochs = epochs, BatchSize = batchSize }));
        Assert.Equal("options", error.ParamName);
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(2, -0.1)]
    [InlineData(2, double.NaN)]
    public void InvalidEarlyStopping_Throws(int patience, double minDelta)
    {
        var options = new TrainingOptions { Epochs = 1, EarlyStopping = new EarlyStopping(patience, minDelta) };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Fit(new Regressor(), Data(1), options));
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void BatchSizeSchedule_ThatReturnsANegativeSize_Throws()
    {
        var options = new TrainingOptions { Epochs = 1, BatchSizeSchedule = new NegativeBatches() };
        Assert.Throws<InvalidOperationException>(() => Trainer.Fit(new Regressor(), Data(1), options));
    }

    [Fact]
    public void NullArguments_Throw()
    {
        var options = new TrainingOptions { Epochs = 1 };
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => Trainer.Fit(null!, Data(1), options)).ParamName);
        Assert.Equal("training", Assert.Throws<ArgumentNullException>(() => Trainer.Fit(new Regressor(), null!, options)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => Trainer.Fit(new Regressor(), Data(1), null!)).ParamName);
    }

    internal static TrainingData<double> Data(int seed) =>
        new(TestData.Normal(Samples * 3, seed), TestData.Normal(Samples * 2, seed + 100), 3, 2);

    internal static double[] Parameters(INetwork<double> network)
    {
        var values = new double[network.ParameterCount];
        network.GetParameters(values);
        return values;
    }

    /// <summary>Rate 0.01 / (step + 1); records what it is asked and the network's rate at that moment.</summary>
    [Fact]
    public void OptionsFor_StartFromTheDeclaredTraining()
    {
        var network = new DeclaredTrainingNet();

        var options = TrainingOptions.For(network);

        Assert.Equal(new TrainingDeclaration(BatchSize: 16, Epochs: 12, Samples: 200), DeclaredTrainingNet.DeclaredTraining);
        Assert.Equal(12, options.Epochs);
        Assert.Equal(16, options.BatchSize);
        Assert.Equal(new TrainingDeclaration(null, null, null), ((INetwork<double>)new Regressor()).DeclaredTraining);
    }

    [Fact]
    public void OptionsFor_WithoutDeclaredEpochs_NamesTheNetworkAndTheFix()
    {
        var error = Assert.Throws<ArgumentException>(() => TrainingOptions.For(new Regressor()));

        Assert.Equal("network", error.ParamName);
        Assert.Contains("[Training(Epochs = ...)]", error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingSchedule(INetwork<double> network) : LearningRateSchedule
    {
        public List<SchedulePosition> Positions { get; } = new();

        public List<double> RatesOnEntry { get; } = new();

        public List<double> BaseRates { get; } = new();

        public List<double> EpochEnds { get; } = new();

        public double Rate(long step) => 0.01 / (step + 1);

        public override double GetLearningRate(SchedulePosition position, double baseLearningRate)
        {
            Positions.Add(position);
            RatesOnEntry.Add(network.LearningRate);
            BaseRates.Add(baseLearningRate);
            return Rate(position.Step);
        }

        public override void OnEpochEnd(int epoch, double monitoredValue) => EpochEnds.Add(monitoredValue);
    }

    /// <summary>Keeps the base rate and records the gradient norms the network holds before each update.</summary>
    private sealed class NormRecorder(INetwork<double> network, List<(double Global, double[] Layers)> norms) : LearningRateSchedule
    {
        public override double GetLearningRate(SchedulePosition position, double baseLearningRate)
        {
            var layers = new double[network.LayerCount];
            network.GetLayerGradientNorms(layers);
            norms.Add((network.GradientNorm, layers));
            return baseLearningRate;
        }
    }

    private sealed class OverflowingSchedule : LearningRateSchedule
    {
        public override double GetLearningRate(SchedulePosition position, double baseLearningRate) => double.MaxValue;
    }

    private sealed class DoublingBatches : BatchSizeSchedule
    {
        public override int GetBatchSize(int epoch, int baseBatchSize) => baseBatchSize << epoch;
    }

    private sealed class NegativeBatches : BatchSizeSchedule
    {
        public override int GetBatchSize(int epoch, int baseBatchSize) => -1;
    }

    /// <summary>Synchronous progress (Progress&lt;T&gt; would post to the thread pool) that keeps each epoch's parameters and gradients.</summary>
    private sealed class RecordingProgress(INetwork<double> network, Action<EpochRecord>? callback = null) : IProgress<EpochRecord>
    {
        public List<double[]> ParametersAfterEpoch { get; } = new();

        public List<double[]> GradientsAfterEpoch { get; } = new();

        public List<double[]> RunningStatisticsAfterEpoch { get; } = new();

        public void Report(EpochRecord value)
        {
            ParametersAfterEpoch.Add(Parameters(network));
            var running = new double[network.RunningStatisticsCount];
            network.GetRunningStatistics(running);
            RunningStatisticsAfterEpoch.Add(running);
            var gradients = new double[network.ParameterCount];
            network.GetGradients(gradients);
            GradientsAfterEpoch.Add(gradients);
            callback?.Invoke(value);
        }
    }
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 2)]
[Layer(6, Activation.Tanh)]
[Layer(2)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.05)]
public partial class Regressor
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 2)]
[Layer(6, Activation.Tanh)]
[BatchNorm]
[Layer(2)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.05)]
public partial class BatchNormRegressor
{
}

/// <summary>A network that declares its training setup.</summary>
[Network(Inputs = 3, Precision = Precision.Double, Seed = 2)]
[Layer(4, Activation.Tanh)]
[Layer(1)]
[Training(BatchSize = 16, Epochs = 12, Samples = 200)]
public partial class DeclaredTrainingNet
{
}
