using System;
using System.Linq;
using NetGen.Evaluation;
using NetGen.Training;
using NetGen.Tuning.Networks;

namespace NetGen.Tuning.Tests.Networks;

/// <summary>A small family for growth: 3 depths × 2 widths.</summary>
[Network(Inputs = 2, Seed = 1)]
[Variants(Depth = [1, 2, 3], Units = [6, 10])]
[Layer(3, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.02)]
[Training(Epochs = 4, BatchSize = 16)]
public partial class GrowthFamily;

public sealed class ProgressiveGrowthTests
{
    private static readonly TrainingData<float> Data = NetworkObjectiveTests.Blobs();

    private static (TrainingData<float> Training, TrainingData<float> Validation) Split()
    {
        var classes = DataSplits.ClassesOf(Data, LossKind.CategoricalCrossEntropy)!;
        var (training, validation) = DataSplits.StratifiedHoldOut(classes, 0.25, seed: 3);
        return (DataSplits.Subset(Data, training), DataSplits.Subset(Data, validation));
    }

    private static ProgressiveGrowth<float> Growth(int patience = 1, ObjectiveMetric? metric = null, bool freeze = true, int fineTune = 0) =>
        new(GrowthFamily.Variants.Where(v => v.Units == 6), metric ?? ObjectiveMetric.ValidationLoss)
        {
            Patience = patience,
            FreezeCopiedLayers = freeze,
            FineTuneEpochs = fineTune,
            Seed = 5,
        };

    private static float[] Parameters(INetwork<float> network)
    {
        var values = new float[network.ParameterCount];
        network.GetParameters(values);
        return values;
    }

    [Fact]
    public void FrozenLayers_AreBitEqualToThePreviousStagesTrainedLayers_AndTheNewLayersTrain()
    {
        var (training, validation) = Split();
        // Patience 3 so all three depths are grown whatever the scores.
        var result = Growth(patience: 3).Run(training, validation);

        Assert.Equal(3, result.Stages.Count);
        Assert.Equal(new[] { 1, 2, 3 }, result.Stages.Select(s => s.Variant.Depth));
        Assert.Equal(new[] { 0, 1, 2 }, result.Stages.Select(s => s.FrozenLayers));
        for (var k = 1; k < result.Stages.Count; k++)
        {
            var previous = result.Stages[k - 1];
            var current = result.Stages[k];
            var copied = previous.Network.Architecture.Layers.Take(previous.Variant.Depth).Sum(l => l.ParameterCount);
            var before = Parameters(previous.Network).AsSpan(0, copied).ToArray();
            var after = Parameters(current.Network).AsSpan(0, copied).ToArray();
            Assert.Equal(before.Select(BitConverter.SingleToInt32Bits), after.Select(BitConverter.SingleToInt32Bits));

            // The new hidden layer trained: it is not the fresh network's initial weights.
            var fresh = Parameters(current.Variant.Create(5 + k));
            var newLayer = current.Network.Architecture.Layers[current.Variant.Depth - 1].ParameterCount;
            Assert.NotEqual(fresh.AsSpan(copied, newLayer).ToArray(), Parameters(current.Network).AsSpan(copied, newLayer).ToArray());
            Assert.All(Enumerable.Range(0, current.Network.LayerCount), layer => Assert.False(current.Network.IsLayerFrozen(layer)));
        }
    }

    [Fact]
    public void WithoutFreezing_TheCopiedLayersTrainOn()
    {
        var (training, validation) = Split();
        var result = Growth(patience: 3, freeze: false).Run(training, validation);

        var copied = result.Stages[0].Network.Architecture.Layers[0].ParameterCount;
        Assert.Equal(0, result.Stages[1].FrozenLayers);
        Assert.NotEqual(Parameters(result.Stages[0].Network).AsSpan(0, copied).ToArray(), Parameters(result.Stages[1].Network).AsSpan(0, copied).ToArray());
    }

    [Fact]
    public void StopsAfterPatienceStagesWithoutImprovement_AndPicksTheBestStage()
    {
        var (training, validation) = Split();
        // A metric that prefers depth 1 ever more strongly: every deeper stage is worse.
        var preferShallow = ObjectiveMetric.Custom("shallowness", StudyDirection.Maximize, _ => 1.0);
        var counter = 0;
        var decreasing = ObjectiveMetric.Custom("decreasing", StudyDirection.Maximize, report => 10 - counter++);

        var patienceOne = Growth(patience: 1, metric: decreasing).Run(training, validation);
        Assert.Equal(2, patienceOne.Stages.Count);
        Assert.Same(patienceOne.Stages[0], patienceOne.Best);
        Assert.Contains("patience 1", patienceOne.StopReason, StringComparison.Ordinal);

        counter = 0;
        var patienceTwo = Growth(patience: 2, metric: decreasing).Run(training, validation);
        Assert.Equal(3, patienceTwo.Stages.Count);
        Assert.Same(patienceTwo.Stages[0], patienceTwo.Best);

        // Ties do not improve: a constant score stops after the second stage too.
        var constant = Growth(patience: 1, metric: preferShallow).Run(training, validation);
        Assert.Equal(2, constant.Stages.Count);
        Assert.Equal(0, constant.Best.Index);
    }

    [Fact]
    public void PicksTheBestStage_AndReachesTheDeepest_WhenEveryStageImproves()
    {
        var (training, validation) = Split();
        var counter = 0;
        var increasing = ObjectiveMetric.Custom("increasing", StudyDirection.Maximize, report => counter++);
        var result = Growth(metric: increasing).Run(training, validation);

        Assert.Equal(3, result.Stages.Count);
        Assert.Same(result.Stages[2], result.Best);
        Assert.StartsWith("reached the deepest variant", result.StopReason, StringComparison.Ordinal);

        // The real metric: the best is the stage with the lowest validation loss, and its score is that network's loss.
        var real = Growth(patience: 3).Run(training, validation);
        var lowest = real.Stages.MinBy(s => s.Score)!;
        Assert.Same(lowest, real.Best);
        Assert.Equal(real.Best.Network.Evaluate(validation).Loss, real.Best.Score);
    }

    [Fact]
    public void FineTuning_AddsAStageThatTrainsEveryLayerOfTheBest()
    {
        var (training, validation) = Split();
        var result = Growth(patience: 3, fineTune: 2).Run(training, validation);

        var last = result.Stages[^1];
        Assert.True(last.IsFineTuning);
        Assert.Equal(4, result.Stages.Count);
        Assert.Equal(2, last.History.Count);
        Assert.Equal(0, last.FrozenLayers);
        Assert.DoesNotContain(result.Stages.Take(3), s => s.IsFineTuning);
        var best = result.Stages.Where(s => !s.IsFineTuning).MinBy(s => s.Score)!;
        Assert.Same(best.Variant, last.Variant);
        Assert.Same(last.Score < best.Score ? last : best, result.Best);
    }

    [Fact]
    public void Configure_SetsEachStagesHyperparameters_BeforeItTrains()
    {
        var (training, validation) = Split();
        var configured = 0;
        var growth = new ProgressiveGrowth<float>(GrowthFamily.Variants.Where(v => v.Units == 6), ObjectiveMetric.ValidationLoss)
        {
            Patience = 3,
            FineTuneEpochs = 1,
            Configure = network =>
            {
                Assert.Equal(0, network.StepCount);
                network.SetHyperparameter("LearningRate", 0.005);
                configured++;
            },
        };
        var result = growth.Run(training, validation);

        Assert.Equal(4, configured);
        Assert.All(result.Stages, stage => Assert.Equal(0.005f, stage.Network.LearningRate));
    }

    [Fact]
    public void SameSeed_GivesTheSameScores_BitForBit()
    {
        var (training, validation) = Split();
        var first = Growth(patience: 3).Run(training, validation);
        var second = Growth(patience: 3).Run(training, validation);
        Assert.Equal(first.Stages.Select(s => BitConverter.DoubleToInt64Bits(s.Score)), second.Stages.Select(s => BitConverter.DoubleToInt64Bits(s.Score)));
        Assert.Equal(Parameters(first.Best.Network), Parameters(second.Best.Network));
    }

    [Fact]
    public void BadInput_IsAnArgumentException_ThatSaysWhatIsWrong()
    {
        var empty = Assert.Throws<ArgumentException>(() => new ProgressiveGrowth<float>([], ObjectiveMetric.Accuracy));
        Assert.Equal("variants", empty.ParamName);
        Assert.Contains("at least one variant", empty.Message, StringComparison.Ordinal);

        var mixed = Assert.Throws<ArgumentException>(() => new ProgressiveGrowth<float>(GrowthFamily.Variants, ObjectiveMetric.Accuracy));
        Assert.Equal("variants", mixed.ParamName);
        Assert.Contains("differ in Units (6 against 10)", mixed.Message, StringComparison.Ordinal);

        var twice = Assert.Throws<ArgumentException>(() => new ProgressiveGrowth<float>(
            [GrowthFamily.Variants[0], GrowthFamily.Variants[0]], ObjectiveMetric.Accuracy));
        Assert.Contains("both have depth 1", twice.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentOutOfRangeException>(() => Growth(patience: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Growth(fineTune: -1));
        Assert.Throws<ArgumentNullException>(() => Growth().Run(null!, Data));

        // A metric that does not suit the loss says so.
        var (training, validation) = Split();
        var wrong = Assert.Throws<InvalidOperationException>(() => Growth(metric: ObjectiveMetric.RSquared).Run(training, validation));
        Assert.Contains("R²", wrong.Message, StringComparison.Ordinal);
    }
}
