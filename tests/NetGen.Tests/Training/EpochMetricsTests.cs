using System;
using System.Linq;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>
/// Each number of an epoch record against reference code written here, from the network's predictions after
/// training (the record is computed after the epoch's last update, so the predictions are the same).
/// </summary>
public class EpochMetricsTests
{
    private const int Samples = 24;

    [Fact]
    public void CategoricalCrossEntropy_AccuracyIsTheShareOfArgMaxMatches_OnTheValidationData()
    {
        var network = new ThreeClassifier();
        var training = new TrainingData<double>(TestData.Normal(Samples * 3, 1), TestData.Targets(LossKind.CategoricalCrossEntropy, Samples, 3, 2), 3, 3);
        var validation = new TrainingData<double>(TestData.Normal(Samples * 3, 3), TestData.Targets(LossKind.CategoricalCrossEntropy, Samples, 3, 4), 3, 3);
        var record = Trainer.Fit(network, training, new TrainingOptions { Epochs = 3, BatchSize = 5 }, validation)[^1];

        var outputs = Predict(network, validation);
        var correct = Enumerable.Range(0, Samples).Count(s => ArgMax(outputs, s, 3) == ArgMax(validation.Targets, s, 3));
        Assert.Equal((double)correct / Samples, record.Accuracy);
        Assert.Null(record.MeanAbsoluteError);
        Assert.Null(record.RSquared);
        Assert.Equal(network.ComputeLoss(validation.Inputs, validation.Targets), record.ValidationLoss!.Value, 12);
    }

    [Fact]
    public void BinaryCrossEntropy_AccuracyThresholdsEachOutputAtOneHalf_OnTheTrainingDataWithoutValidation_InAnExactPass()
    {
        var network = new TwoLabelClassifier();
        var targets = TestData.Normal(Samples * 2, 5).Select(v => v > 0 ? 1.0 : 0.0).ToArray();
        var training = new TrainingData<double>(TestData.Normal(Samples * 3, 6), targets, 3, 2);
        var record = Trainer.Fit(network, training, new TrainingOptions { Epochs = 3, BatchSize = 5, TrainingMetrics = EpochMetricsSource.ExactPass })[^1];
        Assert.Equal(record.TrainingMetrics, new EpochMetrics(record.Accuracy, null, null));

        var outputs = Predict(network, training);
        var correct = Enumerable.Range(0, outputs.Length).Count(k => (outputs[k] >= 0.5) == (targets[k] >= 0.5));
        Assert.Equal((double)correct / outputs.Length, record.Accuracy);
        Assert.Null(record.ValidationLoss);
        Assert.Null(record.MeanAbsoluteError);
    }

    [Fact]
    public void Regression_ReportsMeanAbsoluteErrorAndRSquared_OverAllOutputs()
    {
        var network = new Regressor();
        var training = TrainerTests.Data(1);
        var validation = TrainerTests.Data(2);
        var record = Trainer.Fit(network, training, new TrainingOptions { Epochs = 3, BatchSize = 0 }, validation)[^1];

        var outputs = Predict(network, validation);
        var targets = validation.Targets;
        var mae = Enumerable.Range(0, outputs.Length).Average(k => Math.Abs(outputs[k] - targets[k]));
        var residual = Enumerable.Range(0, outputs.Length).Sum(k => (outputs[k] - targets[k]) * (outputs[k] - targets[k]));
        double total = 0;
        for (var o = 0; o < 2; o++)
        {
            // Each output's deviation from its own mean (scikit-learn's r2_score, multioutput="variance_weighted").
            var column = Enumerable.Range(0, validation.Count).Select(s => targets[(s * 2) + o]).ToArray();
            total += column.Sum(t => (t - column.Average()) * (t - column.Average()));
        }

        Assert.Null(record.Accuracy);
        Assert.Equal(mae, record.MeanAbsoluteError!.Value, 12);
        Assert.Equal(1 - (residual / total), record.RSquared!.Value, 12);
    }

    [Fact]
    public void TrainingMetrics_FromUpdates_ScoreEachSampleWithTheWeightsBeforeItsUpdate()
    {
        // Full batch: one update per epoch, whose outputs are the predictions of the weights at the start of the epoch.
        var network = new ThreeClassifier();
        var training = new TrainingData<double>(TestData.Normal(Samples * 3, 11), TestData.Targets(LossKind.CategoricalCrossEntropy, Samples, 3, 12), 3, 3);
        var validation = new TrainingData<double>(TestData.Normal(Samples * 3, 13), TestData.Targets(LossKind.CategoricalCrossEntropy, Samples, 3, 14), 3, 3);
        var expected = new double[3];
        var options = new TrainingOptions { Epochs = 1, BatchSize = 0 };
        for (var epoch = 0; epoch < 3; epoch++)
        {
            var before = Predict(network, training);
            expected[epoch] = (double)Enumerable.Range(0, Samples).Count(s => ArgMax(before, s, 3) == ArgMax(training.Targets, s, 3)) / Samples;
            var record = Trainer.Fit(network, training, options, validation)[0];
            Assert.Equal(expected[epoch], record.TrainingMetrics!.Accuracy);

            // The validation metrics are the inference pass after the epoch, and the record's own metrics are those.
            var after = Predict(network, validation);
            var correct = Enumerable.Range(0, Samples).Count(s => ArgMax(after, s, 3) == ArgMax(validation.Targets, s, 3));
            Assert.Equal((double)correct / Samples, record.ValidationMetrics!.Accuracy);
            Assert.Equal(record.ValidationMetrics.Accuracy, record.Accuracy);
        }
    }

    [Fact]
    public void TrainingMetrics_FromUpdates_OfMiniBatches_ScoreEverySampleOnce_InTheDatasOrder()
    {
        // Mini-batches in shuffled order: each sample is scored by the update that used it. The regression metrics of a
        // network whose outputs are gathered by hand from GetTrainingOutputs after each update must match.
        var network = new Regressor();
        var twin = new Regressor();
        var training = TrainerTests.Data(1);
        var options = new TrainingOptions { Epochs = 1, BatchSize = 7, ShuffleSeed = 3 };
        var record = Trainer.Fit(network, training, options)[0];

        var outputs = new double[training.Targets.Length];
        var order = Enumerable.Range(0, training.Count).ToArray();
        new DeterministicRandom(3).Shuffle<int>(order);
        for (var start = 0; start < training.Count; start += 7)
        {
            var rows = order[start..Math.Min(start + 7, training.Count)];
            var inputs = rows.SelectMany(r => training.Inputs.Skip(r * training.InputCount).Take(training.InputCount)).ToArray();
            var targets = rows.SelectMany(r => training.Targets.Skip(r * 2).Take(2)).ToArray();
            twin.TrainStep(inputs, targets);
            var batch = new double[rows.Length * 2];
            twin.GetTrainingOutputs(batch);
            for (var r = 0; r < rows.Length; r++)
            {
                Array.Copy(batch, r * 2, outputs, rows[r] * 2, 2);
            }
        }

        var mae = Enumerable.Range(0, outputs.Length).Average(k => Math.Abs(outputs[k] - training.Targets[k]));
        Assert.Equal(mae, record.TrainingMetrics!.MeanAbsoluteError!.Value, 12);
        // R² weighted by each output's variance (Keras and scikit-learn's variance_weighted): 1 − Σ SS_res / Σ SS_tot.
        var residual = Enumerable.Range(0, outputs.Length).Sum(k => Math.Pow(outputs[k] - training.Targets[k], 2));
        var means = Enumerable.Range(0, 2).Select(o => Enumerable.Range(0, training.Count).Average(s => training.Targets[(s * 2) + o])).ToArray();
        var total = Enumerable.Range(0, outputs.Length).Sum(k => Math.Pow(training.Targets[k] - means[k % 2], 2));
        Assert.Equal(1 - (residual / total), record.TrainingMetrics.RSquared!.Value, 12);
        Assert.Equal(record.TrainingMetrics.MeanAbsoluteError, record.MeanAbsoluteError);
        Assert.Null(record.ValidationMetrics);
    }

    [Theory]
    [InlineData(10)] // 10 values an update: two vectors of four and two left over
    [InlineData(32)]
    public void TrainingMetrics_FromUpdates_OfAFloatNetWithOneOutput_AreTheHandGatheredOutputsErrors(int batchSize)
    {
        // The float path of the error sums (four partial sums in vectors, then the values left over), against the
        // outputs each update computed, gathered by hand from a twin network and scored in double.
        const int samples = 203;
        var network = new OneOutputFloatRegressor();
        var twin = new OneOutputFloatRegressor();
        var inputs = Array.ConvertAll(TestData.Normal(samples * 2, 21), v => (float)v);
        var targets = Array.ConvertAll(TestData.Normal(samples, 22), v => (float)(v * 3 + 1));
        var training = new TrainingData<float>(inputs, targets, 2, 1);
        var record = Trainer.Fit(network, training, new TrainingOptions { Epochs = 1, BatchSize = batchSize, ShuffleSeed = 5 })[0];

        var outputs = new double[samples];
        var order = Enumerable.Range(0, samples).ToArray();
        new DeterministicRandom(5).Shuffle<int>(order);
        for (var start = 0; start < samples; start += batchSize)
        {
            var rows = order[start..Math.Min(start + batchSize, samples)];
            twin.TrainStep(rows.SelectMany(r => inputs.Skip(r * 2).Take(2)).ToArray(), rows.Select(r => targets[r]).ToArray());
            var batch = new float[rows.Length];
            twin.GetTrainingOutputs(batch);
            for (var r = 0; r < rows.Length; r++)
            {
                outputs[rows[r]] = batch[r];
            }
        }

        var mae = Enumerable.Range(0, samples).Average(k => Math.Abs(outputs[k] - targets[k]));
        var residual = Enumerable.Range(0, samples).Sum(k => Math.Pow(outputs[k] - targets[k], 2));
        var mean = targets.Average(t => (double)t);
        var total = targets.Sum(t => Math.Pow(t - mean, 2));
        Assert.Equal(mae, record.TrainingMetrics!.MeanAbsoluteError!.Value, 12);
        Assert.Equal(1 - (residual / total), record.TrainingMetrics.RSquared!.Value, 12);
    }

    [Fact]
    public void TrainingMetrics_None_AndAnEpochCutShort_HaveNoTrainingMetrics()
    {
        var none = Trainer.Fit(new Regressor(), TrainerTests.Data(1), new TrainingOptions { Epochs = 2, BatchSize = 7, TrainingMetrics = EpochMetricsSource.None });
        Assert.All(none, r => Assert.Null(r.TrainingMetrics));
        Assert.All(none, r => Assert.Null(r.MeanAbsoluteError));

        var stopper = new LambdaCallback(onBatchEnd: (context, batch) => context.StopTraining("enough"));
        var cut = Trainer.Fit(new Regressor(), TrainerTests.Data(1), new TrainingOptions { Epochs = 2, BatchSize = 7, Callbacks = [stopper] });
        Assert.Equal(1, cut[0].Updates);
        Assert.Null(cut[0].TrainingMetrics);
    }

    [Fact]
    public void TrainingMetrics_OutOfRange_IsRefusedNamingTheOption()
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { Epochs = 1, TrainingMetrics = (EpochMetricsSource)7 });
        Assert.Equal("TrainingMetrics", refused.ParamName);
        Assert.StartsWith("TrainingMetrics must be FromUpdates, ExactPass or None.", refused.Message);
    }

    [Fact]
    public void TrainingLoss_IsTheSizeWeightedMeanOfTheLossesBeforeEachUpdate()
    {
        // Full batch: one update, so the epoch's loss is the loss of the parameters at the start of the epoch.
        var network = new Regressor();
        var training = TrainerTests.Data(1);
        var expected = network.ComputeLoss(training.Inputs, training.Targets);
        var record = Trainer.Fit(network, training, new TrainingOptions { Epochs = 1, BatchSize = 0 })[0];
        Assert.Equal(expected, record.TrainingLoss, 14);
    }

    [Fact]
    public void EpochRecord_HasTheEpochsSettingsAndTime()
    {
        var history = Trainer.Fit(new Regressor(), TrainerTests.Data(1), new TrainingOptions { Epochs = 2, BatchSize = 7 });
        Assert.Equal([1, 2], history.Select(r => r.Epoch));
        Assert.All(history, r => Assert.Equal(7, r.BatchSize));
        Assert.All(history, r => Assert.Equal(3, r.Updates));
        Assert.All(history, r => Assert.Equal(0.05, r.LearningRate, 15)); // no schedule: the declared rate
        Assert.All(history, r => Assert.True(r.Elapsed > TimeSpan.Zero));
        Assert.False(history.StoppedEarly);
    }

    private static double[] Predict(INetwork<double> network, TrainingData<double> data)
    {
        var outputs = new double[data.Count * data.OutputCount];
        network.Predict(data.Inputs, outputs);
        return outputs;
    }

    private static int ArgMax(double[] rows, int sample, int width)
    {
        var row = rows.AsSpan(sample * width, width);
        var best = 0;
        for (var i = 1; i < width; i++)
        {
            best = row[i] > row[best] ? i : best;
        }

        return best;
    }
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 3)]
[Layer(5, Activation.Tanh)]
[Layer(3, Activation.Softmax)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.1)]
public partial class ThreeClassifier
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 3)]
[Layer(5, Activation.Tanh)]
[Layer(2, Activation.Sigmoid)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.1)]
public partial class TwoLabelClassifier
{
}

[Network(Inputs = 2, Seed = 8)]
[Layer(6, Activation.Tanh)]
[Layer(1)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.05)]
public partial class OneOutputFloatRegressor
{
}
