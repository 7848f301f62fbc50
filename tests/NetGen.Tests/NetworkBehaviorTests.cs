using System;
using System.Threading.Tasks;
using NetGen.Tests.BatchNorm;
using NetGen.Tests.Networks;

namespace NetGen.Tests;

/// <summary>The generated API's contract: construction, parameter exchange, inference, argument checks.</summary>
public class NetworkBehaviorTests
{
    [Fact]
    public void SameSeed_GivesBitIdenticalParameters()
    {
        var first = Parameters(new Random2(seed: 123));
        var second = Parameters(new Random2(seed: 123));
        Assert.Equal(first, second);
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentParameters()
    {
        Assert.NotEqual(Parameters(new Random2(seed: 1)), Parameters(new Random2(seed: 2)));
    }

    [Fact]
    public void ParameterlessConstructor_UsesDeclaredSeed()
    {
        var network = new Random2();
        Assert.Equal(11, Random2.DefaultSeed);
        Assert.Equal(Random2.DefaultSeed, network.Seed);
        Assert.Equal(Parameters(new Random2(seed: 11)), Parameters(network));
    }

    [Fact]
    public void Initialization_DrawsEachLayerFromTheRuntimeInitializer()
    {
        // W1 of PReLUPerUnit: He normal with PReLU's initial slope 0.25 in the gain, layer index 0.
        var network = new PReLUPerUnit(seed: 5);
        var expected = new double[5 * 3];
        Initialization.WeightInitializer.Fill(expected, units: 5, inputs: 3, Init.HeNormal, gain: 1, scale: 0.05, negativeSlope: 0.25, seed: 5, layerIndex: 0);
        var parameters = Parameters(network);
        Assert.Equal(expected, parameters.AsSpan(0, 15).ToArray());
        Assert.All(parameters.AsSpan(15, 5).ToArray(), b => Assert.Equal(0, b)); // biases start at zero
        Assert.All(parameters.AsSpan(20, 5).ToArray(), a => Assert.Equal(0.25, a)); // per-unit PReLU slopes
        Assert.Equal(0.1, parameters[20 + 5 + 30 + 6]); // layer 2's declared Slope = 0.1, one per layer
    }

    [Fact]
    public void Sizes_AreOnTheInstance_AndConstantsInSizes()
    {
        // net.ParameterCount was error CS0176 while the sizes were constants of the class.
        var network = new BatchNormBiasFree();
        INetwork<double> viaInterface = network;

        Assert.Equal((network.InputCount, network.OutputCount, network.ParameterCount, network.LayerCount, network.RunningStatisticsCount, network.OptimizerStateCount),
            (BatchNormBiasFree.Sizes.InputCount, BatchNormBiasFree.Sizes.OutputCount, BatchNormBiasFree.Sizes.ParameterCount, BatchNormBiasFree.Sizes.LayerCount, BatchNormBiasFree.Sizes.RunningStatisticsCount, BatchNormBiasFree.Sizes.OptimizerStateCount));
        Assert.Equal(network.ParameterCount, viaInterface.ParameterCount);
        Assert.Equal(BatchNormBiasFree.Architecture.ParameterCount, network.ParameterCount);
        Assert.Equal(BatchNormBiasFree.Architecture.RunningStatisticsCount, network.RunningStatisticsCount);
    }

    [Fact]
    public void SetParameters_ThenGetParameters_RoundTripsExactly()
    {
        var network = new Random4();
        var values = TestData.Normal(Random4.Sizes.ParameterCount, seed: 9);
        network.SetParameters(values);
        Assert.Equal(values, Parameters(network));
    }

    /// <summary>
    /// Layers with few output vectors sum their inputs in interleaved partial sums (2 or 4, more when the layer is
    /// narrower, some inputs left over); the tile kernel must add them in the single-sample kernel's order. These
    /// networks have such layers at every split and remainder, in float and double.
    /// </summary>
    [Theory]
    [InlineData(nameof(FloatTwin))]
    [InlineData(nameof(WideFloatTwin))]
    [InlineData(nameof(Parallelism.ParallelWideNet))]
    [InlineData(nameof(ManyInputsNet))]
    [InlineData(nameof(Random2))]
    public void BatchPredict_EqualsPredictingEachSample(string name)
    {
        // Eleven samples: a tile of eight, then three one at a time.
        const int count = 11;
        const int seed = 31;
        switch (name)
        {
            case nameof(FloatTwin): PredictionAssert.BatchEqualsSingles(new FloatTwin(), count, seed); break;
            case nameof(WideFloatTwin): PredictionAssert.BatchEqualsSingles(new WideFloatTwin(), count, seed); break;
            case nameof(Parallelism.ParallelWideNet): PredictionAssert.BatchEqualsSingles(new Parallelism.ParallelWideNet(), count, seed); break;
            case nameof(ManyInputsNet): PredictionAssert.BatchEqualsSingles(new ManyInputsNet(), count, seed); break;
            default: PredictionAssert.BatchEqualsSingles(new Random2(), count, seed); break;
        }
    }

    [Fact]
    public void Predict_FromManyThreadsAtOnce_GivesTheSameResults()
    {
        var network = new FloatTwin();
        var inputs = Array.ConvertAll(TestData.Normal(FloatTwin.Sizes.InputCount, seed: 12), v => (float)v);
        var expected = new float[FloatTwin.Sizes.OutputCount];
        network.Predict(inputs, expected);
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            var outputs = new float[FloatTwin.Sizes.OutputCount];
            network.Predict(inputs, outputs);
            Assert.Equal(expected, outputs);
        });
    }

    [Fact]
    public void Predict_SoftmaxOutputs_AreAProbabilityDistribution()
    {
        var network = new FloatTwin();
        var inputs = Array.ConvertAll(TestData.Normal(5 * FloatTwin.Sizes.InputCount, seed: 13, scale: 10), v => (float)v);
        var outputs = new float[5 * FloatTwin.Sizes.OutputCount];
        network.Predict(inputs, outputs);
        for (var s = 0; s < 5; s++)
        {
            var row = outputs.AsSpan(s * FloatTwin.Sizes.OutputCount, FloatTwin.Sizes.OutputCount).ToArray();
            Assert.All(row, p => Assert.InRange(p, 0f, 1f));
            Assert.Equal(1.0, Sum(row), 5);
        }
    }

    [Fact]
    public void TrainStep_ReturnsLossBeforeUpdate_AndAppliesSgd()
    {
        var network = new Random5();
        var inputs = TestData.Normal(4 * Random5.Sizes.InputCount, seed: 14);
        var targets = TestData.Targets(LossKind.CategoricalCrossEntropy, 4, Random5.Sizes.OutputCount, seed: 15);
        var before = Parameters(network);
        var expectedLoss = network.ComputeGradients(inputs, targets);
        var gradients = new double[Random5.Sizes.ParameterCount];
        network.GetGradients(gradients);

        network.LearningRate = 0.3;
        var loss = network.TrainStep(inputs, targets);

        Assert.Equal(expectedLoss, loss);
        var after = Parameters(network);
        for (var k = 0; k < after.Length; k++)
        {
            Assert.Equal(before[k] - 0.3 * gradients[k], after[k], 14);
        }
    }

    [Fact]
    public void DeclaredLearningRate_IsTheInitialLearningRate()
    {
        Assert.Equal(0.01, new Random5().LearningRate); // no [Optimizer]: SGD with 0.01
        Assert.Equal(0.5f, new Samples.XorNet().LearningRate);
    }

    [Fact]
    public void Xor_TrainsToFullAccuracy()
    {
        float[] inputs = [0, 0, 0, 1, 1, 0, 1, 1];
        float[] targets = [0, 1, 1, 0];
        var network = new Samples.XorNet();
        var first = network.TrainStep(inputs, targets);
        var last = first;
        for (var epoch = 1; epoch < 2000; epoch++)
        {
            last = network.TrainStep(inputs, targets);
        }

        var outputs = new float[4];
        network.Predict(inputs, outputs);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(targets[i], outputs[i] >= 0.5f ? 1f : 0f);
        }

        Assert.True(last < first / 10, $"loss fell only from {first} to {last}");
    }

    [Fact]
    public void Training_IsDeterministic()
    {
        static double[] Train()
        {
            var network = new Random2(seed: 3);
            var inputs = TestData.Normal(8 * Random2.Sizes.InputCount, seed: 16);
            var targets = TestData.Targets(LossKind.BinaryCrossEntropy, 8, Random2.Sizes.OutputCount, seed: 17);
            for (var step = 0; step < 20; step++)
            {
                network.TrainStep(inputs, targets);
            }

            return Parameters(network);
        }

        Assert.Equal(Train(), Train());
    }

    [Theory]
    [InlineData(0, 0, "inputs")]
    [InlineData(7, 2, "inputs")]
    [InlineData(10, 3, "outputs")]
    [InlineData(10, 0, "outputs")]
    public void Predict_WithMismatchedLengths_ThrowsNamingTheArgument(int inputLength, int outputLength, string parameter)
    {
        // Random2 has 13 inputs per sample, hence the lengths: 0 (empty), 7 (not whole), 10 samples' worth below.
        var network = new Random2();
        var inputs = new double[inputLength == 10 ? 10 * Random2.Sizes.InputCount : inputLength];
        var outputs = new double[outputLength];
        var error = Assert.Throws<ArgumentException>(() => network.Predict(inputs, outputs));
        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void ComputeGradients_WithMismatchedTargets_ThrowsNamingTargetsAndLengths()
    {
        var network = new Random2();
        var error = Assert.Throws<ArgumentException>(() =>
            network.ComputeGradients(new double[2 * Random2.Sizes.InputCount], new double[3]));
        Assert.Equal("targets", error.ParamName);
        Assert.Contains("Expected 4 values", error.Message);
        Assert.Contains("got 3", error.Message);
    }

    [Fact]
    public void TrainStep_WithEmptyBatch_ThrowsAndLeavesParametersUnchanged()
    {
        var network = new Random2();
        var before = Parameters(network);
        var error = Assert.Throws<ArgumentException>(() => network.TrainStep([], []));
        Assert.Equal("inputs", error.ParamName);
        Assert.Equal(before, Parameters(network));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void ParameterSpans_OfTheWrongLength_Throw(int extra)
    {
        var network = new Random4();
        var wrong = new double[Random4.Sizes.ParameterCount - 1 + 2 * extra];
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => network.SetParameters(wrong)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => network.GetParameters(wrong)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => network.GetGradients(wrong)).ParamName);
    }

    private static double[] Parameters(INetwork<double> network)
    {
        var parameters = new double[network.ParameterCount];
        network.GetParameters(parameters);
        return parameters;
    }

    private static double Sum(float[] values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }
}
