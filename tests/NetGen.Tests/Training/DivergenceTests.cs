using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Schedules;
using NetGen.Training;

namespace NetGen.Tests.Training;

[Network(Inputs = 3, Seed = 2)]
[Layer(6, Activation.Tanh)]
[Layer(2)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.05, Momentum = 0.9)]
public partial class MomentumRegressor
{
}

[Network(Inputs = 3, Seed = 2)]
[Layer(6, Activation.ReLU)]
[Layer(2)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.05)]
public partial class ReLURegressor
{
}

[Network(Inputs = 3, Seed = 2)]
[Layer(6, Activation.Tanh)]
[BatchNorm]
[Layer(2)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.05)]
public partial class FloatBatchNormRegressor
{
}

/// <summary>
/// Training that diverges stops, as Keras' TerminateOnNaN does, and leaves the network with the state of the end of
/// the last whole epoch; schedules that return an unusable rate are rejected before any update uses it.
/// </summary>
public class DivergenceTests
{
    private const int Samples = 20;

    [Fact]
    public void HugeLearningRate_StopsOnTheFirstNonFiniteLoss_KeepingTheLastFiniteEpochsState()
    {
        // The issue's case: learning rate 1e6, 30 epochs. Losses went to ∞ and NaN, every epoch ran, every weight ended NaN.
        var network = new MomentumRegressor { LearningRate = 1e6f };
        var progress = new StateRecorder(network);
        var history = Trainer.Fit(network, Data(), new TrainingOptions { Epochs = 30, BatchSize = 5, Progress = progress });

        var divergence = Assert.IsType<TrainingDivergence>(history.Divergence);
        Assert.Equal(DivergenceSource.TrainingLoss, divergence.Source);
        Assert.False(double.IsFinite(divergence.Value));
        Assert.True(history.Count < 30);
        Assert.Equal(history.Count + 1, divergence.Epoch);
        Assert.InRange(divergence.Update, (history.Count * 4) + 1, (history.Count + 1) * 4);
        Assert.All(history, record => Assert.True(double.IsFinite(record.TrainingLoss)));

        // Everything an update changes is back where the last whole epoch left it.
        var expected = history.Count == 0 ? progress.Initial : progress.AfterEpoch[^1];
        Assert.Equal(expected, StateRecorder.Capture(network));
        Assert.All(expected.Parameters, p => Assert.True(float.IsFinite(p)));
        Assert.Equal(history.Count * 4, network.StepCount);
    }

    [Fact]
    public void Divergence_InTheFirstEpoch_WithRestoreBestWeights_LeavesTheStartingWeights()
    {
        // RestoreBestWeights restored nothing when epoch 1 already diverged: the network kept NaN weights.
        var network = new MomentumRegressor { LearningRate = 1e12f };
        var before = StateRecorder.Capture(network);
        var history = Trainer.Fit(network, Data(), new TrainingOptions
        {
            Epochs = 30,
            BatchSize = 5,
            EarlyStopping = new EarlyStopping(Patience: 3, RestoreBestWeights: true),
        });

        Assert.Empty(history);
        Assert.Equal(1, history.Divergence!.Epoch);
        Assert.Equal(0, history.BestEpoch);
        Assert.False(history.RestoredBestWeights);
        Assert.Equal(before, StateRecorder.Capture(network));
        Assert.Equal(0, network.StepCount);
        Assert.StartsWith("Training diverged in epoch 1: the training loss of update ", history.Divergence.ToString());
        Assert.Contains("the network holds the state training started from", history.Divergence.ToString());
    }

    [Fact]
    public void Divergence_AfterTheBestEpoch_RestoresTheBestWeights()
    {
        // A schedule that is fine for three epochs, then asks for a rate large enough to diverge.
        var network = new MomentumRegressor();
        var progress = new StateRecorder(network);
        var schedule = new StepUp(fromEpoch: 3, rate: 1e12);
        var history = Trainer.Fit(network, Data(), new TrainingOptions
        {
            Epochs = 30,
            BatchSize = 5,
            LearningRateSchedule = schedule,
            EarlyStopping = new EarlyStopping(Patience: 10, RestoreBestWeights: true),
            Progress = progress,
        });

        Assert.Equal(4, history.Divergence!.Epoch);
        Assert.Equal(3, history.Count);
        Assert.Equal(3, history.BestEpoch); // the training loss is still falling after three epochs at 0.05
        Assert.False(history.RestoredBestWeights); // the best epoch is the last whole one, whose state is back
        Assert.Equal(progress.AfterEpoch[2], StateRecorder.Capture(network));
        Assert.Equal(0.05f, network.LearningRate); // the base rate is put back as after any Fit with a schedule
    }

    [Fact]
    public void ValidationLossThatOverflows_StopsTraining()
    {
        // Validation inputs far beyond the training data's: the squared errors overflow float although every weight is finite.
        var network = new ReLURegressor();
        var training = Data();
        var validation = new TrainingData<float>(training.Inputs.Select(x => x * 1e36f).ToArray(), training.Targets, 3, 2);
        var before = StateRecorder.Capture(network);

        var history = Trainer.Fit(network, training, new TrainingOptions { Epochs = 5, BatchSize = 5 }, validation);

        var divergence = history.Divergence!;
        Assert.Equal((1, 4L, DivergenceSource.ValidationLoss), (divergence.Epoch, divergence.Update, divergence.Source));
        Assert.False(double.IsFinite(divergence.Value));
        Assert.Empty(history);
        Assert.Equal(before, StateRecorder.Capture(network));
    }

    [Fact]
    public void StateThatOverflowsWhileTheLossStaysFinite_IsFoundAtTheEndOfTheEpoch()
    {
        // Batch norm hides a layer whose outputs overflow: the normalized values and the loss stay finite, but the
        // running variance does not.
        var network = new FloatBatchNormRegressor();
        var parameters = new float[((INetwork<float>)network).ParameterCount];
        network.GetParameters(parameters);
        for (var i = 0; i < 18; i++)
        {
            parameters[i] *= 1e30f; // W1, 6 × 3
        }

        network.SetParameters(parameters);
        var before = StateRecorder.Capture(network);

        var history = Trainer.Fit(network, Data(), new TrainingOptions { Epochs = 3, BatchSize = 0 });

        var divergence = history.Divergence!;
        Assert.Equal((1, 1L), (divergence.Epoch, divergence.Update));
        Assert.Equal(DivergenceSource.RunningStatistics, divergence.Source);
        Assert.Equal(before, StateRecorder.Capture(network));
    }

    [Fact]
    public void NetworkThatIsAlreadyNotFinite_IsRejectedBeforeTraining()
    {
        var network = new MomentumRegressor();
        network.TrainStep([float.NaN, 0, 0], [0, 0]); // TrainStep itself does not check its data

        var error = Assert.Throws<ArgumentException>(() => Trainer.Fit(network, Data(), new TrainingOptions { Epochs = 1 }));

        Assert.Equal("network", error.ParamName);
        Assert.StartsWith("The network's parameters include NaN before training", error.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-0.01)]
    public void ScheduleReturningAnUnusableRate_ThrowsNamingTheScheduleAndTheUpdate(double bad)
    {
        // From update 6 on (epoch 2, with 4 updates per epoch) the schedule returns the bad rate.
        var network = new MomentumRegressor();
        var progress = new StateRecorder(network);
        var options = new TrainingOptions { Epochs = 3, BatchSize = 5, LearningRateSchedule = new BadFrom(step: 5, bad), Progress = progress };

        var error = Assert.Throws<InvalidOperationException>(() => Trainer.Fit(network, Data(), options));

        var text = bad.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"The learning-rate schedule BadFrom returned {text} for update 6 (epoch 2) of MomentumRegressor; a learning rate must be a finite number of at least 0.", error.Message);
        Assert.Equal(5, network.StepCount); // no update used the bad rate
        Assert.All(StateRecorder.Capture(network).Parameters, p => Assert.True(float.IsFinite(p)));
        Assert.Equal(0.05f, network.LearningRate);
    }

    [Fact]
    public void ScheduleRateThatOverflowsTheNetworksPrecision_Throws()
    {
        var network = new MomentumRegressor();
        var options = new TrainingOptions { Epochs = 1, LearningRateSchedule = new BadFrom(step: 0, 1e300) };

        var error = Assert.Throws<InvalidOperationException>(() => Trainer.Fit(network, Data(), options));

        Assert.Contains("returned 1E+300 for update 1 (epoch 1) of MomentumRegressor (1E+300 overflows the network's Single precision)", error.Message);
        Assert.Equal(0, network.StepCount);
    }

    [Fact]
    public void ScheduleReturningZero_IsAllowed()
    {
        // PyTorch's schedules reach 0 (CosineAnnealing to eta_min = 0): a rate of 0 is a valid, if idle, update.
        var network = new MomentumRegressor();
        var before = StateRecorder.Capture(network).Parameters;

        var history = Trainer.Fit(network, Data(), new TrainingOptions { Epochs = 1, LearningRateSchedule = new BadFrom(step: 0, 0.0) });

        Assert.Null(history.Divergence);
        Assert.Equal(before, StateRecorder.Capture(network).Parameters);
    }

    [Fact]
    public void TrainingThatConverges_HasNoDivergence()
    {
        var history = Trainer.Fit(new MomentumRegressor(), Data(), new TrainingOptions { Epochs = 3, BatchSize = 5 });

        Assert.Null(history.Divergence);
        Assert.Equal(3, history.Count);
    }

    private static TrainingData<float> Data() => new(
        TestData.Normal(Samples * 3, 1).Select(v => (float)v).ToArray(),
        TestData.Normal(Samples * 2, 101).Select(v => (float)v).ToArray(),
        3,
        2);

    /// <summary>Everything an update changes, as values that compare by content.</summary>
    internal sealed record State(float[] Parameters, float[] RunningStatistics, float[] OptimizerState, long StepCount, long BatchesTracked)
    {
        public bool Equals(State? other) =>
            other is not null
            && Parameters.SequenceEqual(other.Parameters)
            && RunningStatistics.SequenceEqual(other.RunningStatistics)
            && OptimizerState.SequenceEqual(other.OptimizerState)
            && StepCount == other.StepCount
            && BatchesTracked == other.BatchesTracked;

        public override int GetHashCode() => StepCount.GetHashCode();
    }

    /// <summary>Synchronous progress that keeps each epoch's end state.</summary>
    private sealed class StateRecorder(INetwork<float> network) : IProgress<EpochRecord>
    {
        public State Initial { get; } = Capture(network);

        public List<State> AfterEpoch { get; } = new();

        public static State Capture(INetwork<float> network)
        {
            var parameters = new float[network.ParameterCount];
            var running = new float[network.RunningStatisticsCount];
            var optimizer = new float[network.OptimizerStateCount];
            network.GetParameters(parameters);
            network.GetRunningStatistics(running);
            network.GetOptimizerState(optimizer);
            return new State(parameters, running, optimizer, network.StepCount, network.BatchesTracked);
        }

        public void Report(EpochRecord value) => AfterEpoch.Add(Capture(network));
    }

    private sealed class StepUp(int fromEpoch, double rate) : LearningRateSchedule
    {
        public override double GetLearningRate(SchedulePosition position, double baseLearningRate) =>
            position.Epoch >= fromEpoch ? rate : baseLearningRate;
    }

    private sealed class BadFrom(long step, double rate) : LearningRateSchedule
    {
        public override double GetLearningRate(SchedulePosition position, double baseLearningRate) =>
            position.Step >= step ? rate : baseLearningRate;
    }
}
