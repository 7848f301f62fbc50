using System;
using System.Numerics;

namespace NetGen.Tests.Optimizers;

// Networks whose TrainStep updates each layer inside its backward pass (an optimizer with state, no clipping), each with
// a twin that updates after the pass: the twin's clipping never clips (a norm limit of 1e30), but clipping needs every
// gradient first. Layer 1 (70 → 130, 41 KB of float parameters) is updated block by block inside WeightGradients, 70
// inputs leaving two rows after the blocks of four; layer 2 once at the end of its WeightGradients.

[Network(Inputs = 70, Precision = Precision.Single, Seed = 9)]
[Layer(130, Activation.ReLU)]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adam, WeightDecay = 0.01)]
public partial class BackwardAdam
{
}

[Network(Inputs = 70, Precision = Precision.Single, Seed = 9)]
[Layer(130, Activation.ReLU)]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adam, WeightDecay = 0.01)]
[GradientClip(MaxNorm = 1e30)]
public partial class UnclippedAdam
{
}

[Network(Inputs = 70, Precision = Precision.Single, Seed = 9)]
[Layer(130, Activation.ReLU)]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.AdamW, Amsgrad = true)]
public partial class BackwardAdamWAmsgrad
{
}

[Network(Inputs = 70, Precision = Precision.Single, Seed = 9)]
[Layer(130, Activation.ReLU)]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.AdamW, Amsgrad = true)]
[GradientClip(MaxNorm = 1e30)]
public partial class UnclippedAdamWAmsgrad
{
}

[Network(Inputs = 70, Precision = Precision.Single, Seed = 9)]
[Layer(130, Activation.ReLU)]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Momentum, Nesterov = true, WeightDecay = 0.001)]
public partial class BackwardNesterovMomentum
{
}

[Network(Inputs = 70, Precision = Precision.Single, Seed = 9)]
[Layer(130, Activation.ReLU)]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Momentum, Nesterov = true, WeightDecay = 0.001)]
[GradientClip(MaxNorm = 1e30)]
public partial class UnclippedNesterovMomentum
{
}

[Network(Inputs = 70, Precision = Precision.Single, Seed = 9)]
[Layer(130, Activation.ReLU)]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.ExponentialMomentum)]
public partial class BackwardExponentialMomentum
{
}

[Network(Inputs = 70, Precision = Precision.Single, Seed = 9)]
[Layer(130, Activation.ReLU)]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.ExponentialMomentum)]
[GradientClip(MaxNorm = 1e30)]
public partial class UnclippedExponentialMomentum
{
}

[Network(Inputs = 70, Precision = Precision.Single, Seed = 9)]
[Layer(130, Activation.ReLU)]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.RmsProp, Centered = true, Momentum = 0.5)]
public partial class BackwardCenteredRmsProp
{
}

[Network(Inputs = 70, Precision = Precision.Single, Seed = 9)]
[Layer(130, Activation.ReLU)]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.RmsProp, Centered = true, Momentum = 0.5)]
[GradientClip(MaxNorm = 1e30)]
public partial class UnclippedCenteredRmsProp
{
}

[Network(Inputs = 70, Precision = Precision.Single, Seed = 9)]
[Layer(130, Activation.ReLU)]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adagrad, LearningRateDecay = 0.01, InitialAccumulator = 0.1)]
public partial class BackwardAdagrad
{
}

[Network(Inputs = 70, Precision = Precision.Single, Seed = 9)]
[Layer(130, Activation.ReLU)]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adagrad, LearningRateDecay = 0.01, InitialAccumulator = 0.1)]
[GradientClip(MaxNorm = 1e30)]
public partial class UnclippedAdagrad
{
}

[Network(Inputs = 70, Precision = Precision.Single, Seed = 9)]
[Layer(130, Activation.ReLU)]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adadelta)]
public partial class BackwardAdadelta
{
}

[Network(Inputs = 70, Precision = Precision.Single, Seed = 9)]
[Layer(130, Activation.ReLU)]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adadelta)]
[GradientClip(MaxNorm = 1e30)]
public partial class UnclippedAdadelta
{
}

[Network(Inputs = 70, Precision = Precision.Double, Seed = 9)]
[Layer(130, Activation.ReLU)]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adam)]
public partial class BackwardAdamDouble
{
}

[Network(Inputs = 70, Precision = Precision.Double, Seed = 9)]
[Layer(130, Activation.ReLU)]
[Layer(3)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adam)]
[GradientClip(MaxNorm = 1e30)]
public partial class UnclippedAdamDouble
{
}

/// <summary>
/// TrainStep with the update inside the backward pass against the update after it: the same bits for the loss, the
/// parameters, the optimizer state and the gradient norms, step after step, with and without a frozen layer.
/// </summary>
public class UpdateInBackwardTests
{
    public static TheoryData<string, bool> Cases()
    {
        var cases = new TheoryData<string, bool>();
        foreach (var name in new[] { "Adam", "AdamWAmsgrad", "NesterovMomentum", "ExponentialMomentum", "CenteredRmsProp", "Adagrad", "Adadelta", "AdamDouble" })
        {
            cases.Add(name, false);
            cases.Add(name, true);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrainStep_GivesTheBitsOfAnUpdateAfterTheBackwardPass(string name, bool frozen)
    {
        switch (name)
        {
            case "Adam": Compare(new BackwardAdam(), new UnclippedAdam(), frozen); break;
            case "AdamWAmsgrad": Compare(new BackwardAdamWAmsgrad(), new UnclippedAdamWAmsgrad(), frozen); break;
            case "NesterovMomentum": Compare(new BackwardNesterovMomentum(), new UnclippedNesterovMomentum(), frozen); break;
            case "ExponentialMomentum": Compare(new BackwardExponentialMomentum(), new UnclippedExponentialMomentum(), frozen); break;
            case "CenteredRmsProp": Compare(new BackwardCenteredRmsProp(), new UnclippedCenteredRmsProp(), frozen); break;
            case "Adagrad": Compare(new BackwardAdagrad(), new UnclippedAdagrad(), frozen); break;
            case "Adadelta": Compare(new BackwardAdadelta(), new UnclippedAdadelta(), frozen); break;
            case "AdamDouble": Compare(new BackwardAdamDouble(), new UnclippedAdamDouble(), frozen); break;
            default: throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
    }

    [Fact]
    public void ComputeGradients_LeavesParametersAndStateAlone()
    {
        var network = new BackwardAdam();
        var inputs = Array.ConvertAll(TestData.Normal(13 * 70, seed: 41), value => (float)value);
        var targets = Array.ConvertAll(TestData.Normal(13 * 3, seed: 42), value => (float)value);
        network.TrainStep(inputs, targets); // some state to keep
        var parameters = Snapshot<float>(network.GetParameters, network.ParameterCount);
        var state = Snapshot<float>(network.GetOptimizerState, network.OptimizerStateCount);

        network.ComputeGradients(inputs, targets);

        Assert.Equal(parameters, Snapshot<float>(network.GetParameters, network.ParameterCount));
        Assert.Equal(state, Snapshot<float>(network.GetOptimizerState, network.OptimizerStateCount));
        Assert.Equal(1, network.StepCount);
    }

    private static void Compare<T>(INetwork<T> inBackward, INetwork<T> after, bool frozen)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        after.SetParameters(Snapshot<T>(inBackward.GetParameters, inBackward.ParameterCount));
        if (frozen)
        {
            inBackward.SetLayerFrozen(0, true);
            after.SetLayerFrozen(0, true);
        }

        for (var step = 1; step <= 4; step++)
        {
            // 13 samples: a tile of eight, a quad of four and one alone in every batch kernel
            var inputs = Array.ConvertAll(TestData.Normal(13 * 70, seed: 50 + step), T.CreateTruncating);
            var targets = Array.ConvertAll(TestData.Normal(13 * 3, seed: 60 + step), T.CreateTruncating);
            var loss = inBackward.TrainStep(inputs, targets);
            var expectedLoss = after.TrainStep(inputs, targets);

            Assert.Equal(expectedLoss, loss);
            Assert.Equal(after.StepCount, inBackward.StepCount);
            Assert.Equal(after.GradientNorm, inBackward.GradientNorm);
            AssertSameBits(Snapshot<T>(after.GetParameters, after.ParameterCount), Snapshot<T>(inBackward.GetParameters, inBackward.ParameterCount), $"parameters after step {step}");
            AssertSameBits(Snapshot<T>(after.GetOptimizerState, after.OptimizerStateCount), Snapshot<T>(inBackward.GetOptimizerState, inBackward.OptimizerStateCount), $"optimizer state after step {step}");
        }
    }

    private static T[] Snapshot<T>(SpanAction<T> copy, int length)
    {
        var values = new T[length];
        copy(values);
        return values;
    }

    private delegate void SpanAction<T>(Span<T> destination);

    private static void AssertSameBits<T>(T[] expected, T[] actual, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            // Equal values, NaN as NaN, and the same sign of zero
            Assert.True(expected[k].Equals(actual[k]) && T.IsNegative(expected[k]) == T.IsNegative(actual[k]), $"{what}, value {k}: expected {expected[k]}, got {actual[k]}");
        }
    }
}
