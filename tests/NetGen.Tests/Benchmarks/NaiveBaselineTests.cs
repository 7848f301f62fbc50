using System;
using NetGen.Benchmarks.Mlp;

namespace NetGen.Tests.Benchmarks;

[Network(Inputs = 5, Seed = 8)]
[Layer(7, Activation.ReLU)]
[Layer(6, Activation.ReLU)]
[Layer(3, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Sgd)]
public partial class NaiveCheckSoftmaxSgd
{
}

[Network(Inputs = 3, Seed = 9)]
[Layer(9, Activation.ReLU)]
[Layer(1)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adam)]
public partial class NaiveCheckRegressionAdam
{
}

/// <summary>
/// The benchmarks' naive baseline (tests/NetGen.Benchmarks/Mlp/NaiveMlp.cs, compiled in here) computes what the
/// generated network computes: the same loss, gradients and updates from the same parameters. A faster baseline that
/// computed something else would make every ratio of docs/performance.md meaningless.
/// </summary>
public class NaiveBaselineTests
{
    [Fact]
    public void SoftmaxSgd_MatchesTheGeneratedLossGradientsAndUpdates() =>
        Compare(new NaiveCheckSoftmaxSgd(), [5, 7, 6, 3], softmax: true, adam: false, learningRate: 0.01f);

    [Fact]
    public void RegressionAdam_MatchesTheGeneratedLossGradientsAndUpdates() =>
        Compare(new NaiveCheckRegressionAdam(), [3, 9, 1], softmax: false, adam: true, learningRate: 1e-3f);

    [Fact]
    public void NaiveEpochs_ReduceTheLoss()
    {
        var naive = new NaiveMlp([4, 16, 3], softmax: true, adam: true, learningRate: 1e-2f);
        var parameters = new float[naive.ParameterCount];
        var random = new DeterministicRandom(3);
        for (var k = 0; k < parameters.Length; k++)
        {
            parameters[k] = (float)(random.NextNormal() * 0.3);
        }

        naive.SetParameters(parameters);
        var (inputs, targets) = Batch(4, 3, 256, softmax: true, seed: 4);
        var order = new int[256];
        for (var k = 0; k < order.Length; k++)
        {
            order[k] = k;
        }

        var first = naive.TrainEpoch(inputs, targets, order, 32, random);
        var last = first;
        for (var epoch = 0; epoch < 30; epoch++)
        {
            last = naive.TrainEpoch(inputs, targets, order, 32, random);
        }

        Assert.True(last < 0.5 * first, $"loss {first} → {last}");
    }

    private static void Compare(INetwork<float> network, int[] sizes, bool softmax, bool adam, float learningRate)
    {
        var naive = new NaiveMlp(sizes, softmax, adam, learningRate);
        var parameters = new float[network.ParameterCount];
        network.GetParameters(parameters);
        naive.SetParameters(parameters);
        Assert.Equal(learningRate, network.LearningRate);

        // Inference
        var (sample, _) = Batch(sizes[0], sizes[^1], 1, softmax, seed: 1);
        var expected = new float[sizes[^1]];
        var actual = new float[sizes[^1]];
        network.Predict(sample, expected);
        naive.Predict(sample, actual);
        AssertClose(expected, actual);

        // Five training steps on batches of 8: the loss and gradients of each, and the parameters after.
        var expectedGradients = new float[parameters.Length];
        var actualGradients = new float[parameters.Length];
        for (var step = 0; step < 5; step++)
        {
            var (inputs, targets) = Batch(sizes[0], sizes[^1], 8, softmax, seed: (ulong)(10 + step));
            var expectedLoss = network.TrainStep(inputs, targets);
            var actualLoss = naive.ComputeGradients(inputs, targets);
            Assert.Equal(expectedLoss, actualLoss, 1e-5f * Math.Max(1, Math.Abs(expectedLoss)));
            network.GetGradients(expectedGradients);
            naive.GetGradients(actualGradients);
            AssertClose(expectedGradients, actualGradients);
            naive.Update();
            network.GetParameters(parameters);
            var naiveParameters = new float[parameters.Length];
            naive.GetParameters(naiveParameters);
            AssertClose(parameters, naiveParameters);
        }
    }

    private static (float[] Inputs, float[] Targets) Batch(int inputs, int outputs, int count, bool softmax, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var x = new float[inputs * count];
        for (var k = 0; k < x.Length; k++)
        {
            x[k] = (float)random.NextNormal();
        }

        var t = new float[outputs * count];
        for (var s = 0; s < count; s++)
        {
            if (softmax)
            {
                // A learnable class: the input with the largest value among the first `outputs`.
                var best = 0;
                for (var o = 1; o < outputs; o++)
                {
                    best = x[s * inputs + o] > x[s * inputs + best] ? o : best;
                }

                t[s * outputs + best] = 1;
            }
            else
            {
                t[s] = (float)Math.Sin(x[s * inputs]);
            }
        }

        return (x, t);
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.True(
                Math.Abs(expected[k] - actual[k]) <= 1e-5f + 1e-4f * Math.Abs(expected[k]),
                $"value {k}: generated {expected[k]}, naive {actual[k]}");
        }
    }
}
