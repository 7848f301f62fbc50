using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetGen.Schedules;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>The training loop's contract: update counts, schedules, early stopping, determinism, cancellation, errors.</summary>
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
    public void SameSeeds_GiveIdenticalHistoriesAndWeights()
    {
        (EpochRecord[] History, double[] Weights) Run()
        {
            var network = new Regressor(seed: 4);
            var options = new TrainingOptions { Epochs = 4, BatchSize = 3, ShuffleSeed = 9 };
            var history = Trainer.Fit(network, Data(1), options, validation: Data(2));
            return (history.Select(r => r with { Elapsed = TimeSpan.Zero, LayerGradientNorms = [] }).ToArray(), Parameters(network));
        }

        var first = Run();
        var second = Run();
        Assert.Equal(first.History, second.History);
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
        var schedule = new RecordingSchedule();
        var network = new Regressor();
        var history = Trainer.Fit(network, Data(1), new TrainingOptions { Epochs = 3, BatchSize = 8, LearningRateSchedule = schedule });

        // 20 samples in batches of 8: 3 updates per epoch, numbered across epochs.
        Assert.Equal(
            Enumerable.Range(0, 9).Select(i => new SchedulePosition(i / 3, i, 3)),
            schedule.Positions);
        Assert.Equal(schedule.Rate(8), network.LearningRate, 12);
        Assert.Equal(schedule.Rate(8), history[^1].LearningRate, 12);
        Assert.Equal(3, schedule.EpochEnds.Count); // told the monitored (training) loss after every epoch
        Assert.Equal(history.Select(r => r.TrainingLoss), schedule.EpochEnds);
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
    public void EarlyStopping_MinDelta_CountsSmallImprovementsAsNone()
    {
        var network = new Regressor();
        var history = Trainer.Fit(network, Data(1), new TrainingOptions
        {
            Epochs = 30,
            BatchSize = 0,
            EarlyStopping = new EarlyStopping(Patience: 2, MinDelta: 1e9, RestoreBestWeights: false),
        });

        // Nothing improves by 1e9, so training stops after epoch 1 + patience.
        Assert.Equal(3, history.Count);
        Assert.False(history.RestoredBestWeights);
    }

    [Fact]
    public void Cancellation_StopsBetweenUpdates()
    {
        using var cancellation = new CancellationTokenSource();
        var network = new Regressor();
        var progress = new CallbackProgress(record =>
        {
            if (record.Epoch == 2)
            {
                cancellation.Cancel();
            }
        });

        Assert.Throws<OperationCanceledException>(() => Trainer.Fit(
            network, Data(1), new TrainingOptions { Epochs = 10, BatchSize = 5, Progress = progress }, cancellationToken: cancellation.Token));
        Assert.Equal(8, network.StepCount); // two complete epochs of four updates
    }

    [Fact]
    public void History_RecordsRegressionMetricsAndGradientNorms()
    {
        var network = new Regressor();
        var history = Trainer.Fit(network, Data(1), new TrainingOptions { Epochs = 2, BatchSize = 0 }, validation: Data(2));
        var record = history[^1];
        Assert.Null(record.Accuracy);
        Assert.NotNull(record.MeanAbsoluteError);
        Assert.NotNull(record.RSquared);
        Assert.Equal(network.ComputeLoss(Data(2).Inputs, Data(2).Targets), record.ValidationLoss!.Value, 12);
        Assert.Equal(2, record.LayerGradientNorms.Count);
        // Full batch: one update, so the epoch's mean norm is that update's norm, which the network still reports.
        Assert.Equal(network.GradientNorm, record.GradientNorm, 12);
        Assert.Equal(Math.Sqrt(record.LayerGradientNorms.Sum(n => n * n)), record.GradientNorm, 10);
    }

    [Fact]
    public void Data_ThatDoesNotFitTheNetwork_ThrowsNamingTheArgument()
    {
        var wrong = new TrainingData<double>(new double[8], new double[4], 4, 2);
        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(new Regressor(), wrong, new TrainingOptions()));
        Assert.Equal("training", error.ParamName);
        Assert.Contains("3 inputs", error.Message);
    }

    [Theory]
    [InlineData(0, 32)]
    [InlineData(1, -1)]
    public void InvalidOptions_Throw(int epochs, int batchSize)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Trainer.Fit(new Regressor(), Data(1), new TrainingOptions { Epochs = epochs, BatchSize = batchSize }));
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void TrainingData_WithMismatchedTargets_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingData<double>(new double[9], new double[5], 3, 2));
        Assert.Equal("targets", error.ParamName);
    }

    private static TrainingData<double> Data(int seed) =>
        new(TestData.Normal(Samples * 3, seed), TestData.Normal(Samples * 2, seed + 100), 3, 2);

    private static double[] Parameters(INetwork<double> network)
    {
        var values = new double[network.ParameterCount];
        network.GetParameters(values);
        return values;
    }

    private sealed class RecordingSchedule : LearningRateSchedule
    {
        public List<SchedulePosition> Positions { get; } = new();

        public List<double> EpochEnds { get; } = new();

        public double Rate(long step) => 0.01 / (step + 1);

        public override double GetLearningRate(SchedulePosition position, double baseLearningRate)
        {
            Positions.Add(position);
            return Rate(position.Step);
        }

        public override void OnEpochEnd(int epoch, double monitoredValue) => EpochEnds.Add(monitoredValue);
    }

    private sealed class DoublingBatches : BatchSizeSchedule
    {
        public override int GetBatchSize(int epoch, int baseBatchSize) => baseBatchSize << epoch;
    }

    /// <summary>Synchronous progress (Progress&lt;T&gt; would post to the thread pool) that keeps each epoch's parameters.</summary>
    private sealed class RecordingProgress(INetwork<double> network) : IProgress<EpochRecord>
    {
        public List<double[]> ParametersAfterEpoch { get; } = new();

        public void Report(EpochRecord value) => ParametersAfterEpoch.Add(Parameters(network));
    }

    private sealed class CallbackProgress(Action<EpochRecord> callback) : IProgress<EpochRecord>
    {
        public void Report(EpochRecord value) => callback(value);
    }
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 2)]
[Layer(6, Activation.Tanh)]
[Layer(2)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.05)]
public partial class Regressor
{
}
