using System;
using System.Linq;
using NetGen.Tests.BatchNorm;
using NetGen.Tests.Networks;

namespace NetGen.Tests;

/// <summary>
/// <c>[Layer(Bias = false)]</c> as PyTorch's <c>nn.Linear(bias=False)</c>: no bias block in the parameter layout, and
/// otherwise the network computes what the same network with zero biases computes. (The gradient checks against finite
/// differences and the reference model are in <see cref="GradientCheckTests"/> and <see cref="BatchNormTests"/>.)
/// </summary>
public class BiasFreeLayerTests
{
    // BatchNormBiasFree's exchange layout: W1 [6 × 4], γ1, β1 (6 each), W2 [70 × 6] (no affine batch norm), W3 [2 × 70].
    private const int Gamma1 = 24;
    private const int Beta1 = 30;
    private const int W2 = 36;
    private const int W3 = 456;

    [Fact]
    public void ParameterCount_HasNoBiasBlocks()
    {
        Assert.Equal(4 * 6 + 6 + 6 + 6 * 70 + 70 * 2, BatchNormBiasFree.Sizes.ParameterCount);
        Assert.Equal(BatchNormBiasedTwin.Sizes.ParameterCount - 6 - 70 - 2, BatchNormBiasFree.Sizes.ParameterCount);
        Assert.Equal(5 * 70 + 70 * 9 + 9 + 9 * 3, BiasFreeWide.Sizes.ParameterCount);
        Assert.Equal(3 * 6 + 6 + 6 * 5 + 5 + 5 * 4, BiasFreeSoftmaxOutput.Sizes.ParameterCount);
        Assert.Equal(BatchNormBiasFree.Sizes.ParameterCount, new BatchNormBiasFree().OptimizerStateCount);
    }

    [Fact]
    public void BlocksAfterABiasFreeWeight_FollowItDirectly()
    {
        var parameters = Parameters(new BatchNormBiasFree());
        Assert.All(parameters[Gamma1..Beta1], g => Assert.Equal(1, g)); // γ1 = 1 right after W1
        Assert.All(parameters[Beta1..W2], b => Assert.Equal(0, b));     // β1 = 0
        Assert.DoesNotContain(0.0, parameters[W2..W3]);                 // W2, drawn by its initializer
        Assert.DoesNotContain(0.0, parameters[W3..]);                   // W3, up to the end

        var prelu = Parameters(new BiasFreeSoftmaxOutput());
        Assert.All(prelu[18..24], a => Assert.Equal(0.25, a));          // per-unit PReLU slopes right after W1 [6 × 3]
    }

    [Fact]
    public void SetParameters_ThenGetParameters_RoundTripsExactly()
    {
        var network = new BatchNormBiasFree();
        var values = TestData.Normal(BatchNormBiasFree.Sizes.ParameterCount, seed: 71);
        network.SetParameters(values);
        Assert.Equal(values, Parameters(network));

        var wide = new BiasFreeWide();
        var wideValues = TestData.Normal(BiasFreeWide.Sizes.ParameterCount, seed: 72);
        wide.SetParameters(wideValues);
        Assert.Equal(wideValues, Parameters(wide));

        var state = TestData.Normal(network.OptimizerStateCount, seed: 73);
        network.SetOptimizerState(state);
        var copy = new double[network.OptimizerStateCount];
        network.GetOptimizerState(copy);
        Assert.Equal(state, copy);
    }

    [Fact]
    public void BatchPredict_EqualsPredictingEachSample()
    {
        var network = new BatchNormBiasFree();
        network.TrainStep(TestData.Normal(9 * 4, seed: 74), TestData.Normal(9 * 2, seed: 75)); // running statistics off 0 and 1
        PredictionAssert.BatchEqualsSingles(network, count: 11, seed: 76);
        PredictionAssert.BatchEqualsSingles(new BiasFreeWide(), count: 11, seed: 77);
        PredictionAssert.BatchEqualsSingles(new BiasFreeSoftmaxOutput(), count: 11, seed: 78);
    }

    [Fact]
    public void Network_ComputesWhatItsTwinWithZeroBiasesComputes()
    {
        var network = new BatchNormBiasFree();
        var twin = new BatchNormBiasedTwin();
        var parameters = TestData.Normal(BatchNormBiasFree.Sizes.ParameterCount, seed: 79, scale: 0.5);
        network.SetParameters(parameters);
        twin.SetParameters(WithZeroBiases(parameters));
        var inputs = TestData.Normal(9 * 4, seed: 80);
        var targets = TestData.Normal(9 * 2, seed: 81);

        Assert.Equal(twin.ComputeGradients(inputs, targets), network.ComputeGradients(inputs, targets), 12);
        var gradients = new double[BatchNormBiasFree.Sizes.ParameterCount];
        network.GetGradients(gradients);
        var twinGradients = new double[BatchNormBiasedTwin.Sizes.ParameterCount];
        twin.GetGradients(twinGradients);
        AssertAllClose(WithoutBiases(twinGradients), gradients);

        var running = new double[BatchNormBiasFree.Sizes.RunningStatisticsCount];
        network.GetRunningStatistics(running);
        var twinRunning = new double[BatchNormBiasedTwin.Sizes.RunningStatisticsCount];
        twin.GetRunningStatistics(twinRunning);
        AssertAllClose(twinRunning, running);

        var outputs = new double[9 * 2];
        network.Predict(inputs, outputs);
        var twinOutputs = new double[9 * 2];
        twin.Predict(inputs, twinOutputs);
        AssertAllClose(twinOutputs, outputs);
    }

    [Fact]
    public void LayerGradientNorms_CoverTheParametersThatExist()
    {
        var network = new BatchNormBiasFree();
        network.SetParameters(TestData.Normal(BatchNormBiasFree.Sizes.ParameterCount, seed: 82, scale: 0.5));
        network.ComputeGradients(TestData.Normal(5 * 4, seed: 83), TestData.Normal(5 * 2, seed: 84));
        var gradients = new double[BatchNormBiasFree.Sizes.ParameterCount];
        network.GetGradients(gradients);
        var norms = new double[BatchNormBiasFree.Sizes.LayerCount];
        network.GetLayerGradientNorms(norms);

        double Norm(double[] values) => Math.Sqrt(values.Sum(v => v * v));
        Assert.Equal(Norm(gradients[..W2]), norms[0], 12);   // W1, γ1, β1
        Assert.Equal(Norm(gradients[W2..W3]), norms[1], 12); // W2
        Assert.Equal(Norm(gradients[W3..]), norms[2], 12);   // W3
        Assert.Equal(Norm(gradients), network.GradientNorm, 12);
    }

    [Fact]
    public void TrainStep_ClipsAndUpdatesExactlyTheParametersThatExist()
    {
        // Momentum SGD (lr 0.1, μ 0.9): v = g on the first update, then v = μ·v + g; p ← p − lr·v. Clipping: each
        // element to ±0.05, then the global norm to 0.1.
        var network = new BatchNormBiasFree();
        var inputs = TestData.Normal(6 * 4, seed: 85);
        var targets = TestData.Normal(6 * 2, seed: 86);
        var velocity = new double[BatchNormBiasFree.Sizes.ParameterCount];
        for (var step = 1; step <= 2; step++)
        {
            var before = Parameters(network);
            network.ComputeGradients(inputs, targets); // training-mode gradients do not depend on the running statistics
            var raw = new double[BatchNormBiasFree.Sizes.ParameterCount];
            network.GetGradients(raw);

            network.TrainStep(inputs, targets);

            var clipped = raw.Select(g => Math.Clamp(g, -0.05, 0.05)).ToArray();
            var norm = Math.Sqrt(clipped.Sum(g => g * g));
            var coefficient = 0.1 / (norm + 1e-6);
            Assert.True(coefficient < 1, "the norm clipping applies");
            clipped = clipped.Select(g => g * coefficient).ToArray();
            var used = new double[BatchNormBiasFree.Sizes.ParameterCount];
            network.GetGradients(used);
            AssertAllClose(clipped, used);

            var after = Parameters(network);
            var state = new double[network.OptimizerStateCount];
            network.GetOptimizerState(state);
            for (var k = 0; k < velocity.Length; k++)
            {
                velocity[k] = step == 1 ? clipped[k] : 0.9 * velocity[k] + clipped[k];
                Assert.Equal(velocity[k], state[k], 12);
                Assert.Equal(before[k] - 0.1 * velocity[k], after[k], 12);
            }
        }
    }

    private static void AssertAllClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-12 * Math.Max(1, Math.Abs(expected[k])), $"value {k}: expected {expected[k]:R}, got {actual[k]:R}");
        }
    }

    private static double[] Parameters(INetwork<double> network)
    {
        var parameters = new double[network.ParameterCount];
        network.GetParameters(parameters);
        return parameters;
    }

    /// <summary>BatchNormBiasFree's parameters in BatchNormBiasedTwin's layout: W1, b1 = 0, γ1, β1, W2, b2 = 0, W3, b3 = 0.</summary>
    private static double[] WithZeroBiases(double[] p) =>
        [.. p[..Gamma1], .. new double[6], .. p[Gamma1..W2], .. p[W2..W3], .. new double[70], .. p[W3..], .. new double[2]];

    /// <summary>The inverse of <see cref="WithZeroBiases"/>: drops b1 [24, 30), b2 [462, 532) and b3 [672, 674).</summary>
    private static double[] WithoutBiases(double[] t) => [.. t[..24], .. t[30..462], .. t[532..672]];
}

/// <summary><see cref="BatchNormBiasFree"/> with its biases.</summary>
[Network(Inputs = 4, Precision = Precision.Double, Seed = 16)]
[Layer(6, Activation.ReLU)]
[BatchNorm]
[Layer(70, Activation.Tanh)]
[BatchNorm(Affine = false)]
[Layer(2, Activation.Linear)]
[Optimizer(OptimizerKind.Momentum, LearningRate = 0.1)]
[GradientClip(MaxNorm = 0.1, MaxValue = 0.05)]
public partial class BatchNormBiasedTwin
{
}
