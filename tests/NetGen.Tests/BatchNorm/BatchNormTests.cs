using System;
using System.Linq;

namespace NetGen.Tests.BatchNorm;

/// <summary>Batch normalization as PyTorch's BatchNorm1d defines it: exact gradients, running statistics, inference.</summary>
public class BatchNormTests
{
    [Theory]
    [MemberData(nameof(BatchNormNetworks.Cases), MemberType = typeof(BatchNormNetworks))]
    public void Gradients_ThroughBatchStatistics_MatchCentralFiniteDifferences(string activation, int batch)
    {
        var network = BatchNormNetworks.Create(activation);
        var inputs = TestData.Normal(batch * network.InputCount, seed: 51);
        var targets = TestData.Targets(network.Loss, batch, network.OutputCount, seed: 52);
        double Loss()
        {
            (network as BatchNormWithDropout)?.ReseedDropout(4); // the same dropout mask for every evaluation
            return network.ComputeGradients(inputs, targets);
        }

        var parameters = new double[network.ParameterCount];
        network.GetParameters(parameters);
        var shifted = TestData.Normal(parameters.Length, seed: 53, scale: 0.1);
        for (var k = 0; k < parameters.Length; k++)
        {
            parameters[k] += shifted[k]; // γ away from 1 and β away from 0 too
        }

        network.SetParameters(parameters);

        // Fourth-order differences: batch statistics of small batches curve the loss sharply (two samples normalize
        // to ±1), where the second-order formula's truncation error alone approaches the tolerance.
        GradientChecker.AssertMatches(network, Loss, $"{activation}, batch {batch}", fourthOrder: true);
    }

    [Fact]
    public void RunningStatistics_AfterKSteps_FollowTheMomentumFormula()
    {
        var network = new BatchNormTanh();
        var inputs = TestData.Normal(6 * 3, seed: 54);
        var targets = TestData.Normal(6 * 2, seed: 55);
        var parameters = new double[BatchNormTanh.Sizes.ParameterCount];
        network.GetParameters(parameters);

        // z = W1·x + b1 per sample (PyTorch layout: W1 [5 × 3], then b1), then the batch mean and unbiased variance.
        var z = Enumerable.Range(0, 6).Select(s => Enumerable.Range(0, 5).Select(u =>
            parameters[15 + u] + Enumerable.Range(0, 3).Sum(i => parameters[u * 3 + i] * inputs[s * 3 + i])).ToArray()).ToArray();
        var mean = Enumerable.Range(0, 5).Select(u => z.Average(row => row[u])).ToArray();
        var variance = Enumerable.Range(0, 5).Select(u => z.Sum(row => (row[u] - mean[u]) * (row[u] - mean[u])) / 5).ToArray();

        const int steps = 3;
        for (var k = 0; k < steps; k++)
        {
            network.ComputeGradients(inputs, targets); // the same batch and parameters each time
        }

        var running = new double[BatchNormTanh.Sizes.RunningStatisticsCount];
        network.GetRunningStatistics(running);
        var decay = Math.Pow(0.9, steps);
        for (var u = 0; u < 5; u++)
        {
            Assert.Equal(decay * 0 + (1 - decay) * mean[u], running[u], 12);
            Assert.Equal(decay * 1 + (1 - decay) * variance[u], running[5 + u], 12);
        }
    }

    [Fact]
    public void Predict_UsesTheRunningStatistics_AsAnUnfusedInferenceForward()
    {
        var network = new BatchNormGELU();
        var inputs = TestData.Normal(9 * 3, seed: 56);
        network.TrainStep(inputs, TestData.Normal(9 * 2, seed: 57));
        network.TrainStep(inputs, TestData.Normal(9 * 2, seed: 58));
        var parameters = new double[BatchNormGELU.Sizes.ParameterCount];
        network.GetParameters(parameters);
        var running = new double[BatchNormGELU.Sizes.RunningStatisticsCount];
        network.GetRunningStatistics(running);

        // Exchange layout: W1 [5 × 3], b1, γ1, β1, W2 [2 × 5], b2.
        var outputs = new double[9 * 2];
        network.Predict(inputs, outputs); // nine samples: a tile of eight and a single one
        for (var s = 0; s < 9; s++)
        {
            var hidden = new double[5];
            for (var u = 0; u < 5; u++)
            {
                var zu = parameters[15 + u] + Enumerable.Range(0, 3).Sum(i => parameters[u * 3 + i] * inputs[s * 3 + i]);
                var normalized = (zu - running[u]) / Math.Sqrt(running[5 + u] + 1e-5) * parameters[20 + u] + parameters[25 + u];
                hidden[u] = 0.5 * normalized * (1 + Numerics.DeterministicMath.Erf(normalized / Math.Sqrt(2)));
            }

            for (var o = 0; o < 2; o++)
            {
                var expected = parameters[40 + o] + Enumerable.Range(0, 5).Sum(u => parameters[30 + o * 5 + u] * hidden[u]);
                Assert.Equal(expected, outputs[s * 2 + o], 12);
            }
        }
    }

    [Fact]
    public void TrainingWithABatchOfOne_ThrowsSayingWhy()
    {
        var network = new BatchNormReLU();
        var error = Assert.Throws<ArgumentException>(() => network.TrainStep(new double[3], new double[2]));
        Assert.Equal("inputs", error.ParamName);
        Assert.Contains("Expected more than 1 value per channel when training", error.Message);
    }

    [Fact]
    public void RunningStatistics_RoundTrip_AndStartAtMeanZeroVarianceOne()
    {
        var network = new BatchNormSELU();
        var running = new double[BatchNormSELU.Sizes.RunningStatisticsCount];
        network.GetRunningStatistics(running);
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1, 1], running);
        var values = TestData.Normal(10, seed: 59);
        for (var k = 5; k < 10; k++)
        {
            values[k] = Math.Abs(values[k]); // variances
        }

        network.SetRunningStatistics(values);
        network.GetRunningStatistics(running);
        Assert.Equal(values, running);
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => network.SetRunningStatistics(new double[3])).ParamName);
    }

    [Fact]
    public void GammaAndBeta_FollowTheBiasInTheParameterLayout()
    {
        var parameters = new double[BatchNormReLU.Sizes.ParameterCount];
        new BatchNormReLU().GetParameters(parameters);
        Assert.Equal(3 * 5 + 5 + 5 + 5 + 5 * 2 + 2, BatchNormReLU.Sizes.ParameterCount);
        Assert.All(parameters[15..20], b => Assert.Equal(0, b));  // b1
        Assert.All(parameters[20..25], g => Assert.Equal(1, g));  // γ1 = 1
        Assert.All(parameters[25..30], b => Assert.Equal(0, b));  // β1 = 0
    }
}

/// <summary>The training loop with batch norm: a lone last sample joins the batch before it; batches of 1 are refused.</summary>
public class BatchNormTrainingLoopTests
{
    [Fact]
    public void LastBatchOfOneSample_IsMergedIntoThePreviousBatch()
    {
        var network = new BatchNormReLU();
        // 21 samples in batches of 5: 5, 5, 5, 6 instead of 5, 5, 5, 5, 1.
        var data = new NetGen.Training.TrainingData<double>(TestData.Normal(21 * 3, seed: 61), TestData.Normal(21 * 2, seed: 62), 3, 2);
        var history = NetGen.Training.Trainer.Fit(network, data, new NetGen.Training.TrainingOptions { Epochs = 2, BatchSize = 5 });
        Assert.All(history, record => Assert.Equal(4, record.Updates));
        Assert.Equal(8, network.StepCount);
    }

    [Fact]
    public void BatchSizeOne_WithBatchNorm_IsRefusedBeforeTraining()
    {
        var network = new BatchNormReLU();
        var data = new NetGen.Training.TrainingData<double>(TestData.Normal(4 * 3, seed: 63), TestData.Normal(4 * 2, seed: 64), 3, 2);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            NetGen.Training.Trainer.Fit(network, data, new NetGen.Training.TrainingOptions { Epochs = 1, BatchSize = 1 }));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("at least 2 samples", error.Message);
        Assert.Equal(0, network.StepCount);
    }

    [Fact]
    public void WithoutBatchNorm_TheLastBatchKeepsItsSingleSample()
    {
        var network = new Regressor2();
        var data = new NetGen.Training.TrainingData<double>(TestData.Normal(21 * 3, seed: 65), TestData.Normal(21 * 2, seed: 66), 3, 2);
        var history = NetGen.Training.Trainer.Fit(network, data, new NetGen.Training.TrainingOptions { Epochs = 1, BatchSize = 5 });
        Assert.Equal(5, history[0].Updates);
    }
}

[Network(Inputs = 3, Precision = Precision.Double)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
public partial class Regressor2
{
}
