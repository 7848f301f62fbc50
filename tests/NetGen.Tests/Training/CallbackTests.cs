using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>When callbacks run, what they see, and how one stops training.</summary>
public class CallbackTests
{
    private const int Samples = 20;

    [Fact]
    public void Hooks_RunInOrder_WithTheRunsPosition()
    {
        var log = new List<string>();
        var network = new Regressor();
        var history = Trainer.Fit(network, Data(), new TrainingOptions
        {
            Epochs = 2,
            BatchSize = 8,
            Shuffle = false,
            Progress = new SynchronousProgress(record => log.Add($"progress {record.Epoch}")),
            Callbacks = [new Recorder("a", log), new Recorder("b", log)],
        });

        Assert.Equal(
            [
                "a begin", "b begin",
                "a epoch 1", "b epoch 1",
                "a batch 1/1 of 3 step 1 size 8", "b batch 1/1 of 3 step 1 size 8",
                "a batch 1/2 of 3 step 2 size 8", "b batch 1/2 of 3 step 2 size 8",
                "a batch 1/3 of 3 step 3 size 4", "b batch 1/3 of 3 step 3 size 4",
                "progress 1", "a end of 1 (history 1)", "b end of 1 (history 1)",
                "a epoch 2", "b epoch 2",
                "a batch 2/1 of 3 step 4 size 8", "b batch 2/1 of 3 step 4 size 8",
                "a batch 2/2 of 3 step 5 size 8", "b batch 2/2 of 3 step 5 size 8",
                "a batch 2/3 of 3 step 6 size 4", "b batch 2/3 of 3 step 6 size 4",
                "progress 2", "a end of 2 (history 2)", "b end of 2 (history 2)",
                "a training end (history 2)", "b training end (history 2)",
            ],
            log);
        Assert.Null(history.StopReason);
        Assert.False(history.StoppedEarly);
    }

    [Fact]
    public void BatchLosses_AreTheUpdatesLosses_AndAverageToTheEpochLoss()
    {
        var losses = new List<(int Size, double Loss)>();
        var history = Trainer.Fit(new Regressor(), Data(), new TrainingOptions
        {
            Epochs = 1,
            BatchSize = 6,
            Callbacks = [new Delegating(onBatch: (_, batch) => losses.Add((batch.BatchSize, batch.Loss)))],
        });

        Assert.Equal([6, 6, 6, 2], losses.Select(l => l.Size));
        Assert.Equal(history[0].TrainingLoss, losses.Sum(l => l.Size * l.Loss) / Samples, 12);
    }

    [Fact]
    public void BatchGradientNorms_AreTheUpdatesGlobalNorms_AndAverageToTheEpochNorm()
    {
        var norms = new List<(double Record, double Network)>();
        var history = Trainer.Fit(new Regressor(), Data(), new TrainingOptions
        {
            Epochs = 1,
            BatchSize = 6,
            Callbacks = [new Delegating(onBatch: (context, batch) => norms.Add((batch.GradientNorm, context.Network.GradientNorm)))],
        });

        Assert.Equal(4, norms.Count);
        Assert.All(norms, n => Assert.Equal(n.Network, n.Record));
        Assert.All(norms, n => Assert.True(n.Record > 0));
        Assert.Equal(history[0].GradientNorm, norms.Average(n => n.Record), 12);
    }

    [Fact]
    public void StopAtEpochEnd_EndsTraining_WithTheReason()
    {
        var network = new Regressor();
        var history = Trainer.Fit(network, Data(), new TrainingOptions
        {
            Epochs = 10,
            BatchSize = 5,
            Callbacks = [new Delegating(onEpoch: (context, record) =>
            {
                if (record.Epoch == 3)
                {
                    context.StopTraining("enough after three");
                    context.StopTraining("a later reason is ignored");
                }
            })],
        });

        Assert.Equal(3, history.Count);
        Assert.True(history.StoppedEarly);
        Assert.Equal("enough after three", history.StopReason);
        Assert.Equal(12, network.StepCount);
    }

    [Fact]
    public void StopWithinAnEpoch_RecordsThePartialEpoch_AsKeras()
    {
        // Stopping after the 2nd of 4 updates of epoch 2: the epoch's record covers those 2 updates (10 samples).
        var losses = new List<double>();
        var network = new Regressor();
        var history = Trainer.Fit(network, Data(), new TrainingOptions
        {
            Epochs = 5,
            BatchSize = 5,
            Callbacks = [new Delegating(onBatch: (context, batch) =>
            {
                if (batch.Epoch == 2)
                {
                    losses.Add(batch.Loss);
                    if (batch.Batch == 2)
                    {
                        context.StopTraining("stop mid-epoch");
                    }
                }
            })],
        });

        Assert.Equal(2, history.Count);
        Assert.Equal(2, history[1].Updates);
        Assert.Equal(losses.Average(), history[1].TrainingLoss, 12);
        Assert.Equal(6, network.StepCount);
        Assert.Equal("stop mid-epoch", history.StopReason);
        Assert.True(history.StoppedEarly);
    }

    [Fact]
    public void StopBeforeAnEpoch_EndsTrainingWithoutIt_AndRecordsTheReason()
    {
        var atBegin = new Regressor();
        var console = new System.IO.StringWriter();
        var stoppedAtBegin = Trainer.Fit(atBegin, Data(), new TrainingOptions
        {
            Epochs = 3,
            Verbosity = Verbosity.Epochs,
            ProgressWriter = console,
            Callbacks = [new LambdaCallback(onTrainingBegin: context => context.StopTraining("nothing to do"))],
        });
        Assert.Empty(stoppedAtBegin);
        Assert.True(stoppedAtBegin.StoppedEarly);
        Assert.Equal("nothing to do", stoppedAtBegin.StopReason);
        Assert.Equal(0, atBegin.StepCount);
        Assert.Equal("Stopped before the first of 3 epochs: nothing to do." + Environment.NewLine, console.ToString());

        var atEpoch = new Regressor();
        var stoppedAtEpoch = Trainer.Fit(atEpoch, Data(), new TrainingOptions
        {
            Epochs = 5,
            BatchSize = 5,
            Callbacks = [new LambdaCallback(onEpochBegin: context =>
            {
                if (context.Epoch == 3)
                {
                    context.StopTraining("two epochs are enough");
                }
            })],
        });
        Assert.Equal(2, stoppedAtEpoch.Count);
        Assert.Equal("two epochs are enough", stoppedAtEpoch.StopReason);
        Assert.Equal(8, atEpoch.StepCount);
    }

    [Fact]
    public void StopOnTheLastUpdate_IsNotAnEarlyStop()
    {
        var history = Trainer.Fit(new Regressor(), Data(), new TrainingOptions
        {
            Epochs = 2,
            BatchSize = 0,
            Callbacks = [new Delegating(onBatch: (context, batch) =>
            {
                if (batch.Step == 2)
                {
                    context.StopTraining("done anyway");
                }
            })],
        });

        Assert.Equal(2, history.Count);
        Assert.False(history.StoppedEarly);
        Assert.Equal("done anyway", history.StopReason);
    }

    [Fact]
    public void EarlyStopping_SaysWhy()
    {
        var flat = new ConstantLossSchedule();
        var history = Trainer.Fit(new Regressor(), Data(), new TrainingOptions
        {
            Epochs = 20,
            BatchSize = 0,
            LearningRateSchedule = flat,
            EarlyStopping = new EarlyStopping(Patience: 2),
        });

        Assert.True(history.StoppedEarly);
        Assert.Equal("early stopping: the training loss has not improved for 2 epochs since epoch 1", history.StopReason);
    }

    [Fact]
    public void ThrowingCallback_EndsFit_WithItsException_AndNoEndHook()
    {
        var ended = false;
        var network = new Regressor();
        var error = Assert.Throws<InvalidOperationException>(() => Trainer.Fit(network, Data(), new TrainingOptions
        {
            Epochs = 3,
            BatchSize = 5,
            Callbacks = [new Delegating(
                onBatch: (_, batch) =>
                {
                    if (batch.Step == 7)
                    {
                        throw new InvalidOperationException("monitor says no");
                    }
                },
                onEnd: _ => ended = true)],
        }));

        Assert.Equal("monitor says no", error.Message);
        Assert.False(ended);
        Assert.Equal(7, network.StepCount); // the update the callback saw was made
    }

    [Fact]
    public void EndHook_SeesTheRestoredBestWeights_AndTheBaseLearningRate()
    {
        double[]? atEnd = null;
        double rateAtEnd = 0;
        var network = new Regressor();
        var history = Trainer.Fit(network, Data(), new TrainingOptions
        {
            Epochs = 4,
            BatchSize = 0,
            LearningRateSchedule = new GrowingRate(), // the rate grows 30× per epoch: later epochs get worse
            EarlyStopping = new EarlyStopping(Patience: 10),
            Callbacks = [new Delegating(onEnd: context =>
            {
                atEnd = new double[context.Network.ParameterCount];
                context.Network.GetParameters(atEnd);
                rateAtEnd = context.Network.LearningRate;
            })],
        });

        var final = new double[network.ParameterCount];
        network.GetParameters(final);
        Assert.Equal(final, atEnd);
        Assert.Equal(0.05, rateAtEnd);
        Assert.True(history.Divergence is not null || history.RestoredBestWeights || history.BestEpoch == history.Count);
    }

    [Fact]
    public void NullCallbacks_AreRejectedByName()
    {
        Assert.Equal("Callbacks", Assert.Throws<ArgumentNullException>(() => new TrainingOptions { Epochs = 1, Callbacks = null! }).ParamName);
        var error = Assert.Throws<ArgumentNullException>(() => new TrainingOptions { Epochs = 1, Callbacks = [new Delegating(), null!] });
        Assert.Contains("Callbacks[1] is null", error.Message);
        Assert.Throws<ArgumentException>(() => new Delegating(onEpoch: (context, _) => context.StopTraining(" ")).Run());
    }

    [Fact]
    public void CallbackHooks_WorkForFloatNetworks_Too()
    {
        var seen = new List<Type>();
        var inputs = TestData.Normal(Samples * 4, seed: 3).Select(v => (float)v).ToArray();
        var targets = TestData.Targets(LossKind.CategoricalCrossEntropy, Samples, 3, seed: 4).Select(v => (float)v).ToArray();
        Trainer.Fit(new FloatClassifier(), new TrainingData<float>(inputs, targets, 4, 3), new TrainingOptions
        {
            Epochs = 1,
            Callbacks = [new TypeRecorder(seen)],
        });

        Assert.Equal([typeof(float)], seen.Distinct());
    }

    private static TrainingData<double> Data()
    {
        var inputs = TestData.Normal(Samples * 3, seed: 1);
        var targets = TestData.Normal(Samples * 2, seed: 2);
        return new TrainingData<double>(inputs, targets, 3, 2);
    }

    private sealed class SynchronousProgress(Action<EpochRecord> report) : IProgress<EpochRecord>
    {
        public void Report(EpochRecord value) => report(value);
    }

    private sealed class ConstantLossSchedule : NetGen.Schedules.LearningRateSchedule
    {
        public override double GetLearningRate(NetGen.Schedules.SchedulePosition position, double baseLearningRate) => 0;
    }

    private sealed class GrowingRate : NetGen.Schedules.LearningRateSchedule
    {
        public override double GetLearningRate(NetGen.Schedules.SchedulePosition position, double baseLearningRate) =>
            baseLearningRate * Math.Pow(30, position.Epoch);
    }

    private sealed class Recorder(string name, List<string> log) : TrainingCallback
    {
        public override void OnTrainingBegin<T>(TrainingContext<T> context) => log.Add($"{name} begin");

        public override void OnEpochBegin<T>(TrainingContext<T> context) => log.Add($"{name} epoch {context.Epoch}");

        public override void OnBatchEnd<T>(TrainingContext<T> context, BatchRecord batch) =>
            log.Add($"{name} batch {batch.Epoch}/{batch.Batch} of {batch.BatchesInEpoch} step {context.Step} size {batch.BatchSize}");

        public override void OnEpochEnd<T>(TrainingContext<T> context, EpochRecord record) =>
            log.Add($"{name} end of {record.Epoch} (history {context.History.Count})");

        public override void OnTrainingEnd<T>(TrainingContext<T> context) => log.Add($"{name} training end (history {context.History.Count})");
    }

    private sealed class TypeRecorder(List<Type> seen) : TrainingCallback
    {
        public override void OnBatchEnd<T>(TrainingContext<T> context, BatchRecord batch) => seen.Add(typeof(T));

        public override void OnEpochEnd<T>(TrainingContext<T> context, EpochRecord record) => seen.Add(typeof(T));
    }

    /// <summary>A callback for double networks from lambdas.</summary>
    private sealed class Delegating(
        Action<TrainingContext<double>, BatchRecord>? onBatch = null,
        Action<TrainingContext<double>, EpochRecord>? onEpoch = null,
        Action<TrainingContext<double>>? onEnd = null) : TrainingCallback
    {
        public override void OnBatchEnd<T>(TrainingContext<T> context, BatchRecord batch) => onBatch?.Invoke(As(context), batch);

        public override void OnEpochEnd<T>(TrainingContext<T> context, EpochRecord record) => onEpoch?.Invoke(As(context), record);

        public override void OnTrainingEnd<T>(TrainingContext<T> context) => onEnd?.Invoke(As(context));

        public void Run() => Trainer.Fit(new Regressor(), Data(), new TrainingOptions { Epochs = 1, Callbacks = [this] });

        private static TrainingContext<double> As<T>(TrainingContext<T> context)
            where T : unmanaged, INumberBase<T> => (TrainingContext<double>)(object)context;
    }
}

[Network(Inputs = 4, Seed = 5)]
[Layer(5, Activation.ReLU)]
[Layer(3, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
public partial class FloatClassifier
{
}
