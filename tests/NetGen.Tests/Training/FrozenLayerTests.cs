using System;
using System.Linq;
using NetGen.Tests.BatchNorm;
using NetGen.Tests.Depth;
using NetGen.Tests.Networks;
using NetGen.Tests.Optimizers;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>
/// Frozen layers (<see cref="INetwork{T}.SetLayerFrozen"/>): no gradient, no update, gradients still flowing through them.
/// Freezing changes which gradients are computed, never their values, so the layers that train are compared bit for bit
/// with the same network unfrozen, whose gradients the finite-difference checks cover.
/// </summary>
public class FrozenLayerTests
{
    private const int Samples = 4;

    [Theory]
    [MemberData(nameof(GradientCheckNetworks.Names), MemberType = typeof(GradientCheckNetworks))]
    public void FrozenLayers_GetZeroGradients_AndTheLayersThatTrainGetTheUnfrozenGradients(string name)
    {
        var layers = GradientCheckNetworks.Create(name).Network.LayerCount;
        // Every combination of frozen layers, none and all included.
        for (var mask = 0; mask < 1 << layers; mask++)
        {
            var free = GradientCheckNetworks.Create(name).Network;
            var frozen = GradientCheckNetworks.Create(name).Network;
            Freeze(frozen, mask);
            AssertGradients(free, frozen, mask, $"{name}, frozen mask {mask}");
        }
    }

    [Fact]
    public void DeepNetwork_WithBatchNormDropoutAndSlopes_FreezesAcrossLayerRuns()
    {
        // 18 layers: the backward pass goes through helpers for layers 1–16 and 17–18.
        foreach (var mask in new[] { 1, 1 << 17, (1 << 9) | (1 << 3), (1 << 16) - 1, (1 << 18) - 2 })
        {
            var free = new DeepNet18();
            var frozen = new DeepNet18();
            Freeze(frozen, mask);
            AssertGradients(free, frozen, mask, $"DeepNet18, frozen mask {mask}");
        }
    }

    [Theory]
    [MemberData(nameof(OptimizerNetworks.Names), MemberType = typeof(OptimizerNetworks))]
    public void TrainStep_LeavesAFrozenLayersParametersAndOptimizerStateAlone_AndUpdatesTheOthersAsUnfrozen(string name)
    {
        var free = OptimizerNetworks.Create(name);
        var frozen = OptimizerNetworks.Create(name);
        frozen.SetLayerFrozen(0, true);
        var (inputs, targets) = Batch(free, seed: 7);
        var before = Parameters(frozen);
        var stateBefore = OptimizerState(frozen);

        // One step from the same state: the layer that trains gets the same gradient, so the same update, bit for bit.
        free.TrainStep(inputs, targets);
        frozen.TrainStep(inputs, targets);
        var (start, end) = LayerRange(frozen, 0);
        var afterFree = Parameters(free);
        var afterFrozen = Parameters(frozen);
        Assert.Equal(before[start..end], afterFrozen[start..end]);
        Assert.Equal(afterFree[end..], afterFrozen[end..]);
        Assert.NotEqual(before[end..], afterFrozen[end..]);

        // More steps: the frozen layer and its optimizer state stay as they were (PyTorch skips parameters without a gradient).
        for (var step = 0; step < 5; step++)
        {
            frozen.TrainStep(inputs, targets);
        }

        Assert.Equal(before[start..end], Parameters(frozen)[start..end]);
        var state = OptimizerState(frozen);
        var perTensor = frozen.ParameterCount;
        for (var tensor = 0; tensor < state.Length / Math.Max(perTensor, 1); tensor++)
        {
            Assert.Equal(stateBefore[(tensor * perTensor + start)..(tensor * perTensor + end)], state[(tensor * perTensor + start)..(tensor * perTensor + end)]);
        }

        Assert.Equal(6, frozen.StepCount);
    }

    [Fact]
    public void FrozenBatchNormLayer_KeepsGammaAndBeta_ButUpdatesItsRunningStatistics()
    {
        var free = new BatchNormReLU();
        var frozen = new BatchNormReLU();
        frozen.SetLayerFrozen(0, true);
        var (inputs, targets) = Batch(free, seed: 8);
        var before = Parameters(frozen);

        free.TrainStep(inputs, targets);
        frozen.TrainStep(inputs, targets);

        var (start, end) = LayerRange(frozen, 0);
        Assert.Equal(before[start..end], Parameters(frozen)[start..end]);
        // The forward pass is the same, so are the running statistics it updates (as PyTorch's train mode).
        var freeStatistics = new double[free.RunningStatisticsCount];
        var frozenStatistics = new double[frozen.RunningStatisticsCount];
        free.GetRunningStatistics(freeStatistics);
        frozen.GetRunningStatistics(frozenStatistics);
        Assert.Equal(freeStatistics, frozenStatistics);
        Assert.Equal(1, frozen.BatchesTracked);
    }

    [Fact]
    public void EveryLayerFrozen_TrainStepChangesNoParameter_AndUnfreezingResumesTraining()
    {
        var network = new AdamDefault();
        var (inputs, targets) = Batch(network, seed: 9);
        var before = Parameters(network);
        for (var layer = 0; layer < network.LayerCount; layer++)
        {
            network.SetLayerFrozen(layer, true);
        }

        var loss = network.TrainStep(inputs, targets);
        Assert.True(double.IsFinite(loss) && loss > 0);
        Assert.Equal(before, Parameters(network));
        Assert.Equal(0, network.GradientNorm);
        Assert.All(Gradients(network), g => Assert.Equal(0, g));

        for (var layer = 0; layer < network.LayerCount; layer++)
        {
            network.SetLayerFrozen(layer, false);
            Assert.False(network.IsLayerFrozen(layer));
        }

        network.TrainStep(inputs, targets);
        Assert.NotEqual(before, Parameters(network));
    }

    [Fact]
    public void Freezing_ClearsTheLayersLastGradients_AtOnce()
    {
        var network = new AdamDefault();
        var (inputs, targets) = Batch(network, seed: 10);
        network.ComputeGradients(inputs, targets);
        network.SetLayerFrozen(1, true);

        var (start, end) = LayerRange(network, 1);
        Assert.All(Gradients(network)[start..end], g => Assert.Equal(0, g));
        Assert.Contains(Gradients(network)[..start], g => g != 0);
        var norms = new double[network.LayerCount];
        network.GetLayerGradientNorms(norms);
        Assert.Equal(0, norms[1]);
        Assert.True(network.IsLayerFrozen(1));
    }

    [Fact]
    public void Fit_WithTheFirstLayerFrozen_TrainsOnlyTheLayersAbove()
    {
        var network = new MomentumDefault();
        network.SetLayerFrozen(0, true);
        var inputs = TestData.Normal(32 * network.InputCount, seed: 11);
        var targets = TestData.Targets(network.Loss, 32, network.OutputCount, seed: 12);
        var before = Parameters(network);

        var history = Trainer.Fit(network, new TrainingData<double>(inputs, targets, network.InputCount, network.OutputCount), new TrainingOptions { Epochs = 20, BatchSize = 8 });

        var (start, end) = LayerRange(network, 0);
        Assert.Equal(before[start..end], Parameters(network)[start..end]);
        Assert.True(history[^1].TrainingLoss < history[0].TrainingLoss, $"{history[0].TrainingLoss} → {history[^1].TrainingLoss}");
        Assert.Equal(0, history[^1].LayerGradientNorms[0]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    [InlineData(int.MaxValue)]
    public void LayerIndexOutOfRange_IsRefusedWithTheValidRange(int layer)
    {
        var network = new AdamDefault();
        var set = Assert.Throws<ArgumentOutOfRangeException>(() => network.SetLayerFrozen(layer, true));
        Assert.Equal("layer", set.ParamName);
        Assert.StartsWith("Expected a 0-based layer index from 0 to 1 (the network has 2 layers).", set.Message);
        Assert.Equal("layer", Assert.Throws<ArgumentOutOfRangeException>(() => network.IsLayerFrozen(layer)).ParamName);
        Assert.All(Enumerable.Range(0, network.LayerCount), l => Assert.False(network.IsLayerFrozen(l)));
    }

    private static void AssertGradients(INetwork<double> free, INetwork<double> frozen, int mask, string name)
    {
        var (inputs, targets) = Batch(free, seed: 3);
        var freeLoss = free.ComputeGradients(inputs, targets);
        var frozenLoss = frozen.ComputeGradients(inputs, targets);
        Assert.Equal(freeLoss, frozenLoss);

        var freeGradients = Gradients(free);
        var frozenGradients = Gradients(frozen);
        var freeNorms = new double[free.LayerCount];
        var frozenNorms = new double[frozen.LayerCount];
        free.GetLayerGradientNorms(freeNorms);
        frozen.GetLayerGradientNorms(frozenNorms);
        var sumOfSquares = 0.0;
        for (var layer = 0; layer < free.LayerCount; layer++)
        {
            var (start, end) = LayerRange(free, layer);
            var isFrozen = (mask >> layer & 1) == 1;
            Assert.Equal(isFrozen, frozen.IsLayerFrozen(layer));
            if (isFrozen)
            {
                Assert.True(frozenGradients[start..end].All(g => g == 0), $"{name}: layer {layer} is frozen but has gradients");
                Assert.Equal(0, frozenNorms[layer]);
            }
            else
            {
                Assert.True(freeGradients[start..end].SequenceEqual(frozenGradients[start..end]), $"{name}: layer {layer} trains but its gradients differ from the unfrozen network's");
                Assert.Equal(freeNorms[layer], frozenNorms[layer]);
                sumOfSquares += freeNorms[layer] * freeNorms[layer];
            }
        }

        Assert.Equal(Math.Sqrt(sumOfSquares), frozen.GradientNorm, 1e-12);
    }

    private static void Freeze(INetwork<double> network, int mask)
    {
        for (var layer = 0; layer < network.LayerCount; layer++)
        {
            network.SetLayerFrozen(layer, (mask >> layer & 1) == 1);
        }
    }

    /// <summary>Where a layer's block is in the exchange layout: the layers' parameters one after another.</summary>
    private static (int Start, int End) LayerRange(INetwork<double> network, int layer)
    {
        var start = network.Architecture.Layers.Take(layer).Sum(l => l.ParameterCount);
        return (start, start + network.Architecture.Layers[layer].ParameterCount);
    }

    private static (double[] Inputs, double[] Targets) Batch(INetwork<double> network, int seed) =>
        (TestData.Normal(Samples * network.InputCount, seed), TestData.Targets(network.Loss, Samples, network.OutputCount, seed + 100));

    private static double[] Parameters(INetwork<double> network)
    {
        var values = new double[network.ParameterCount];
        network.GetParameters(values);
        return values;
    }

    private static double[] Gradients(INetwork<double> network)
    {
        var values = new double[network.ParameterCount];
        network.GetGradients(values);
        return values;
    }

    private static double[] OptimizerState(INetwork<double> network)
    {
        var values = new double[network.OptimizerStateCount];
        network.GetOptimizerState(values);
        return values;
    }
}
