using System;
using System.Linq;

namespace NetGen.Tests;

/// <summary>
/// The batch-major training kernels at their edges: every remainder of the eight-sample tiles, their four-sample halves
/// and the two-sample dx blocks (batches of 1, 2, 3, 5, 9 and 13), layer widths that are no multiple of the vector width, layers wide enough for the
/// chunk loops, input counts that are no multiple of the four-input blocks, and a first layer with many inputs.
/// </summary>
public class BatchedTrainingTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in new[] { "ManyInputs", "Narrow", "WideBatchNorm" })
        {
            foreach (var batch in new[] { 1, 2, 3, 5, 9, 13 })
            {
                if (batch > 1 || name != "WideBatchNorm")
                {
                    data.Add(name, batch);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_AtEveryTileRemainder_MatchCentralFiniteDifferences(string name, int batch)
    {
        var network = Create(name);
        var inputs = TestData.Normal(batch * network.InputCount, seed: 61);
        var targets = TestData.Targets(network.Loss, batch, network.OutputCount, seed: 62);
        var parameters = new double[network.ParameterCount];
        network.GetParameters(parameters);
        var shifted = TestData.Normal(parameters.Length, seed: 63, scale: 0.1);
        for (var k = 0; k < parameters.Length; k++)
        {
            parameters[k] += shifted[k];
        }

        network.SetParameters(parameters);
        double Loss()
        {
            (network as WideBatchNormNet)?.ReseedDropout(5); // the same dropout masks for every evaluation
            return network.ComputeGradients(inputs, targets);
        }

        GradientChecker.AssertMatches(network, Loss, $"{name}, batch {batch}", fourthOrder: name == "WideBatchNorm");
    }

    [Theory]
    [InlineData("ManyInputs")]
    [InlineData("Narrow")]
    public void BatchGradients_AreTheMeanOfOneSampleGradients(string name)
    {
        // The mean loss of 13 samples (a tile of 8, a half tile of 4, one more) has the mean of their gradients: the
        // tiles and the one-sample remainders agree.
        const int batch = 13;
        var network = Create(name);
        var inputs = TestData.Normal(batch * network.InputCount, seed: 64);
        var targets = TestData.Targets(network.Loss, batch, network.OutputCount, seed: 65);
        var loss = network.ComputeGradients(inputs, targets);
        var gradients = new double[network.ParameterCount];
        network.GetGradients(gradients);

        var meanLoss = 0.0;
        var mean = new double[network.ParameterCount];
        var one = new double[network.ParameterCount];
        for (var s = 0; s < batch; s++)
        {
            meanLoss += network.ComputeGradients(
                inputs.AsSpan(s * network.InputCount, network.InputCount),
                targets.AsSpan(s * network.OutputCount, network.OutputCount)) / batch;
            network.GetGradients(one);
            for (var k = 0; k < one.Length; k++)
            {
                mean[k] += one[k] / batch;
            }
        }

        Assert.Equal(meanLoss, loss, 1e-12);
        var largest = mean.Max(Math.Abs);
        for (var k = 0; k < mean.Length; k++)
        {
            Assert.True(Math.Abs(gradients[k] - mean[k]) <= 1e-12 * largest, $"gradient {k}: {gradients[k]:R} vs {mean[k]:R}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(13)]
    [InlineData(16)]
    public void FloatKernels_AgreeWithTheDoubleTwin_AtEveryTileRemainder(int batch)
    {
        // Float vectors hold 8 lanes, double ones 4: the same network meets other chunk and block edges in each precision.
        var single = new WideFloatTwin();
        var twin = new WideDoubleTwin();
        var parameters = new double[WideDoubleTwin.Sizes.ParameterCount];
        twin.GetParameters(parameters);
        var rounded = Array.ConvertAll(parameters, v => (double)(float)v);
        single.SetParameters(Array.ConvertAll(rounded, v => (float)v));
        twin.SetParameters(rounded);

        var inputs = Array.ConvertAll(TestData.Normal(batch * WideDoubleTwin.Sizes.InputCount, seed: 66), v => (double)(float)v);
        var targets = TestData.Targets(LossKind.BinaryCrossEntropy, batch, WideDoubleTwin.Sizes.OutputCount, seed: 67);
        var loss = single.ComputeGradients(Array.ConvertAll(inputs, v => (float)v), Array.ConvertAll(targets, v => (float)v));
        var expectedLoss = twin.ComputeGradients(inputs, Array.ConvertAll(targets, v => (double)(float)v));
        Assert.True(Math.Abs(expectedLoss - loss) <= 1e-5 * Math.Max(1, Math.Abs(expectedLoss)), $"loss {loss} vs {expectedLoss}");

        var gradients = new float[WideFloatTwin.Sizes.ParameterCount];
        var expected = new double[WideDoubleTwin.Sizes.ParameterCount];
        single.GetGradients(gradients);
        twin.GetGradients(expected);
        var largest = expected.Max(Math.Abs);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(gradients[k] - expected[k]) <= 1e-4 * largest, $"gradient {k}: {gradients[k]} vs {expected[k]}");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(33)]
    public void FloatBatchNorm_AgreesWithTheDoubleTwin(int batch)
    {
        // 20 float units: two vectors of batch-norm statistics widened to double, then 4 units in the scalar loop.
        var single = new BatchNormFloatTwin();
        var twin = new BatchNormDoubleTwin();
        var parameters = new double[BatchNormDoubleTwin.Sizes.ParameterCount];
        twin.GetParameters(parameters);
        var rounded = Array.ConvertAll(parameters, v => (double)(float)v);
        single.SetParameters(Array.ConvertAll(rounded, v => (float)v));
        twin.SetParameters(rounded);

        var inputs = Array.ConvertAll(TestData.Normal(batch * BatchNormDoubleTwin.Sizes.InputCount, seed: 72), v => (double)(float)v);
        var targets = TestData.Targets(LossKind.CategoricalCrossEntropy, batch, BatchNormDoubleTwin.Sizes.OutputCount, seed: 73);
        var loss = single.ComputeGradients(Array.ConvertAll(inputs, v => (float)v), Array.ConvertAll(targets, v => (float)v));
        var expectedLoss = twin.ComputeGradients(inputs, Array.ConvertAll(targets, v => (double)(float)v));
        Assert.True(Math.Abs(expectedLoss - loss) <= 1e-5 * Math.Max(1, Math.Abs(expectedLoss)), $"loss {loss} vs {expectedLoss}");

        var gradients = new float[BatchNormFloatTwin.Sizes.ParameterCount];
        var expected = new double[BatchNormDoubleTwin.Sizes.ParameterCount];
        single.GetGradients(gradients);
        twin.GetGradients(expected);
        var largest = expected.Max(Math.Abs);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(gradients[k] - expected[k]) <= 1e-4 * largest, $"gradient {k}: {gradients[k]} vs {expected[k]}");
        }

        var running = new float[BatchNormFloatTwin.Sizes.RunningStatisticsCount];
        var expectedRunning = new double[BatchNormDoubleTwin.Sizes.RunningStatisticsCount];
        single.GetRunningStatistics(running);
        twin.GetRunningStatistics(expectedRunning);
        for (var k = 0; k < running.Length; k++)
        {
            Assert.True(Math.Abs(running[k] - expectedRunning[k]) <= 1e-5 * Math.Max(1, Math.Abs(expectedRunning[k])), $"running statistic {k}: {running[k]} vs {expectedRunning[k]}");
        }
    }

    [Fact]
    public void SameSeed_TrainsBitIdentically_AcrossGrowingAndShrinkingBatches()
    {
        // Dropout masks, tiles and remainders all deterministic: two networks of one seed stay equal bit for bit.
        var first = new DropoutFloatNet(seed: 9);
        var second = new DropoutFloatNet(seed: 9);
        var inputs = Array.ConvertAll(TestData.Normal(40 * DropoutFloatNet.Sizes.InputCount, seed: 68), v => (float)v);
        var targets = Array.ConvertAll(TestData.Targets(LossKind.CategoricalCrossEntropy, 40, DropoutFloatNet.Sizes.OutputCount, seed: 69), v => (float)v);
        foreach (var batch in new[] { 5, 32, 3, 40, 1, 9 })
        {
            var x = inputs.AsSpan(0, batch * DropoutFloatNet.Sizes.InputCount);
            var t = targets.AsSpan(0, batch * DropoutFloatNet.Sizes.OutputCount);
            Assert.Equal(first.TrainStep(x, t), second.TrainStep(x, t));
        }

        var a = new float[DropoutFloatNet.Sizes.ParameterCount];
        var b = new float[DropoutFloatNet.Sizes.ParameterCount];
        first.GetParameters(a);
        second.GetParameters(b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void ComputeGradients_AllocatesNothing_OnceItsBuffersHoldTheBatch()
    {
        var network = new DropoutFloatNet();
        var inputs = Array.ConvertAll(TestData.Normal(32 * DropoutFloatNet.Sizes.InputCount, seed: 70), v => (float)v);
        var targets = Array.ConvertAll(TestData.Targets(LossKind.CategoricalCrossEntropy, 32, DropoutFloatNet.Sizes.OutputCount, seed: 71), v => (float)v);
        network.TrainStep(inputs, targets); // the buffers grow to 32 samples here

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            network.TrainStep(inputs, targets);
            network.TrainStep(inputs.AsSpan(0, 7 * DropoutFloatNet.Sizes.InputCount), targets.AsSpan(0, 7 * DropoutFloatNet.Sizes.OutputCount));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static INetwork<double> Create(string name) => name switch
    {
        "ManyInputs" => new ManyInputsNet(),
        "Narrow" => new NarrowNet(),
        "WideBatchNorm" => new WideBatchNormNet(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such test network."),
    };
}

// 45 inputs (11 four-input blocks and one more), then widths of 19 (5 double vectors: a 3-vector chunk and a 2-vector
// one), 70 (18 vectors: the 3-vector chunk loop and the 8-vector bias chunks), 6 and 3; every dx has an input remainder.
[Network(Inputs = 45, Precision = Precision.Double, Seed = 21)]
[Layer(19, Activation.Tanh)]
[Layer(70, Activation.ELU)]
[Layer(6, Activation.LeakyReLU)]
[Layer(3, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
public partial class ManyInputsNet
{
}

// Fewer inputs than one four-input block, and a hidden layer of 9 (3 double vectors, 9 = 2 blocks of 4 and one more).
[Network(Inputs = 2, Precision = Precision.Double, Seed = 22)]
[Layer(9, Activation.Sigmoid)]
[Layer(2, Activation.Linear)]
[Loss(LossKind.MeanSquaredError)]
public partial class NarrowNet
{
}

// Batch norm and dropout in the batched path with wide, bias-free and odd-width layers.
[Network(Inputs = 6, Precision = Precision.Double, Seed = 23)]
[Layer(45, Activation.ReLU, Bias = false)]
[BatchNorm]
[Dropout(0.2)]
[Layer(13, Activation.GELU)]
[Layer(2, Activation.Linear)]
[Loss(LossKind.Huber)]
public partial class WideBatchNormNet
{
}

// 130 float units are 17 vectors of 8 (the 8-vector bias chunk loop and one more), 37 inputs are 9 blocks of 4 and one more.
[Network(Inputs = 37, Seed = 24)]
[Layer(130, Activation.Tanh)]
[Layer(11, Activation.ReLU)]
[Layer(5, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class WideFloatTwin
{
}

[Network(Inputs = 37, Precision = Precision.Double, Seed = 24)]
[Layer(130, Activation.Tanh)]
[Layer(11, Activation.ReLU)]
[Layer(5, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class WideDoubleTwin
{
}

[Network(Inputs = 10)]
[Layer(20, Activation.ReLU)]
[Dropout(0.3)]
[Layer(4, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam)]
public partial class DropoutFloatNet
{
}

[Network(Inputs = 5, Seed = 25)]
[Layer(20, Activation.ReLU)]
[BatchNorm]
[Layer(3, Activation.Softmax)]
public partial class BatchNormFloatTwin
{
}

[Network(Inputs = 5, Precision = Precision.Double, Seed = 25)]
[Layer(20, Activation.ReLU)]
[BatchNorm]
[Layer(3, Activation.Softmax)]
public partial class BatchNormDoubleTwin
{
}
