using System;
using System.Linq;
using NetGen.Tests.Optimizers;

namespace NetGen.Tests.RuntimeInputs;

/// <summary>
/// Every value set from outside is checked against the range the declaration's value is (NG0002), in the network's
/// precision: a bad one throws an exception naming it and the range, and changes nothing. Before, NaN, ∞, β₁ = 1,
/// β₂ = 1.5 or a step count of −3 were taken and every parameter was NaN three steps later.
/// </summary>
public class SettingValidationTests
{
    /// <summary>Network, hyperparameter, a value outside its range, the range the message gives.</summary>
    public static TheoryData<string, string, double, string> OutOfRange() => new()
    {
        { "float", "LearningRate", double.NaN, "a finite number of at least 0" },
        { "float", "LearningRate", double.PositiveInfinity, "a finite number of at least 0" },
        { "float", "LearningRate", -0.01, "a finite number of at least 0" }, // would ascend the loss
        { "float", "LearningRate", 1e300, "a finite number of at least 0" }, // ∞ in float
        { "float", "Beta1", 1, "in [0, 1)" },
        { "float", "Beta1", 0.99999999, "in [0, 1)" }, // 1 in float
        { "float", "Beta2", 1.5, "in [0, 1)" },
        { "float", "Beta2", -0.1, "in [0, 1)" },
        { "float", "Epsilon", -1e-8, "a finite number of at least 0" },
        { "float", "WeightDecay", double.NaN, "a finite number of at least 0" },
        { "float", "GradientClipNorm", 0, "a finite number greater than 0" },
        { "float", "GradientClipValue", double.PositiveInfinity, "a finite number greater than 0" },
        { "double", "LearningRate", double.NaN, "a finite number of at least 0" },
        { "double", "LearningRate", double.NegativeInfinity, "a finite number of at least 0" },
        { "double", "Beta1", 1, "in [0, 1)" },
        { "double", "Beta2", 1.5, "in [0, 1)" },
        { "double", "GradientClipValue", -1, "a finite number greater than 0" },
        { "momentum", "Momentum", 1, "in [0, 1)" },
        { "momentum", "Dampening", 1.01, "in [0, 1]" },
        { "rmsprop", "Alpha", 1, "in [0, 1)" },
        { "adadelta", "Rho", double.NaN, "in [0, 1]" },
        { "adagrad", "LearningRateDecay", -0.5, "a finite number of at least 0" },
        { "adagrad", "InitialAccumulator", double.PositiveInfinity, "a finite number of at least 0" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void SetHyperparameter_OutsideItsRange_ThrowsNamingItAndTheRange_AndKeepsTheValue(string network, string name, double value, string range)
    {
        var (get, set) = Hyperparameters(network);
        var before = get(name);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => set(name, value));

        Assert.Equal("value", error.ParamName);
        Assert.Contains($"{name} must be {range}", error.Message);
        Assert.Equal(before, get(name));
    }

    [Fact]
    public void FloatProperties_OutsideTheirRange_Throw_AndTrainingStaysFinite()
    {
        var network = new CheckedFloatNet();
        Assert.Throws<ArgumentOutOfRangeException>("value", () => network.LearningRate = float.NaN);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => network.LearningRate = float.PositiveInfinity);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => network.LearningRate = -0.1f);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => network.Beta1 = 1f);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => network.Beta2 = 1.5f);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => network.Epsilon = float.NaN);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => network.GradientClipNorm = -5f);
        var stepCount = Assert.Throws<ArgumentOutOfRangeException>("value", () => network.StepCount = -3);
        Assert.Contains("StepCount must be at least 0, but it is -3", stepCount.Message);

        Assert.Equal(0.01f, network.LearningRate);
        Assert.Equal(0.9f, network.Beta1);
        Assert.Equal(0.999f, network.Beta2);
        Assert.Equal(0, network.StepCount);
        var inputs = TestData.Normal(4 * CheckedFloatNet.Sizes.InputCount, seed: 1).Select(v => (float)v).ToArray();
        var targets = TestData.Normal(4 * CheckedFloatNet.Sizes.OutputCount, seed: 2).Select(v => (float)v).ToArray();
        for (var step = 0; step < 3; step++)
        {
            Assert.True(float.IsFinite(network.TrainStep(inputs, targets)));
        }

        var parameters = new float[CheckedFloatNet.Sizes.ParameterCount];
        network.GetParameters(parameters);
        Assert.All(parameters, p => Assert.True(float.IsFinite(p)));
    }

    [Fact]
    public void DoubleProperties_OutsideTheirRange_Throw()
    {
        var network = new CheckedDoubleNet();
        Assert.Throws<ArgumentOutOfRangeException>("value", () => network.LearningRate = double.NaN);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => network.Beta1 = 1);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => network.Beta2 = 1.5);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => network.GradientClipValue = 0);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => network.StepCount = -3);
        Assert.Equal(0.01, network.LearningRate);
        Assert.Equal(0.9, network.Beta1);
    }

    [Fact]
    public void ValuesAtTheEdgesOfTheRanges_AreTaken()
    {
        var network = new CheckedFloatNet();
        network.LearningRate = 0;
        network.Beta1 = 0;
        network.Beta2 = 0.99999994f; // the largest float below 1
        network.Epsilon = 0;
        network.StepCount = 0;
        network.StepCount = long.MaxValue;
        var momentum = new MomentumDampened();
        momentum.SetHyperparameter("Dampening", 1);
        var adadelta = new AdadeltaCustom();
        adadelta.SetHyperparameter("Rho", 1);

        Assert.Equal(0.99999994f, network.Beta2);
        Assert.Equal(1, momentum.Dampening);
        Assert.Equal(1, adadelta.Rho);
    }

    [Fact]
    public void SetHyperparameter_ChecksTheValueInTheNetworksPrecision()
    {
        // 0.99999999 and 1e300 are fine as doubles; a float network would use 1 and ∞.
        var single = new CheckedFloatNet();
        var twice = new CheckedDoubleNet();

        Assert.Throws<ArgumentOutOfRangeException>("value", () => single.SetHyperparameter("Beta1", 0.99999999));
        Assert.Throws<ArgumentOutOfRangeException>("value", () => single.SetHyperparameter("LearningRate", 1e300));
        twice.SetHyperparameter("Beta1", 0.99999999);
        twice.SetHyperparameter("LearningRate", 1e300);

        Assert.Equal(0.9f, single.Beta1);
        Assert.Equal(0.99999999, twice.Beta1);
    }

    [Fact]
    public void SetParameters_WithNaN_ThrowsNamingTheIndex_AndKeepsTheParameters()
    {
        AssertSetRejects<float>(new CheckedFloatNet(), float.NaN, (n, values) => n.SetParameters(values), (n, values) => n.GetParameters(values), n => n.ParameterCount, at: 17);
        AssertSetRejects<double>(new CheckedDoubleNet(), double.NegativeInfinity, (n, values) => n.SetParameters(values), (n, values) => n.GetParameters(values), n => n.ParameterCount, at: 0);
    }

    [Fact]
    public void SetRunningStatistics_WithANegativeVariance_ThrowsNamingTheLayer_AndPredictStaysFinite()
    {
        // Running means 0–5, then variances 6–11 of the one batch-norm layer.
        var network = new CheckedFloatNet();
        var error = AssertSetRejects<float>(network, -0.5f, (n, values) => n.SetRunningStatistics(values), (n, values) => n.GetRunningStatistics(values), n => n.RunningStatisticsCount, at: 8);
        Assert.Contains("layer 1's running variances to be at least 0, but source[8] is -0.5", error.Message);
        AssertSetRejects<float>(network, float.NaN, (n, values) => n.SetRunningStatistics(values), (n, values) => n.GetRunningStatistics(values), n => n.RunningStatisticsCount, at: 2);
        AssertSetRejects<double>(new CheckedDoubleNet(), -1e-300, (n, values) => n.SetRunningStatistics(values), (n, values) => n.GetRunningStatistics(values), n => n.RunningStatisticsCount, at: 11);

        // A negative running mean is a mean like any other; a zero variance is fine with ε > 0.
        var statistics = new float[CheckedFloatNet.Sizes.RunningStatisticsCount];
        statistics[0] = -3;
        network.SetRunningStatistics(statistics);
        var outputs = new float[CheckedFloatNet.Sizes.OutputCount];
        network.Predict([1f, 2f, 3f, 4f], outputs);
        Assert.All(outputs, o => Assert.True(float.IsFinite(o)));
    }

    [Fact]
    public void SetOptimizerState_WithANegativeSecondMoment_ThrowsNamingIt_AndKeepsTheState()
    {
        // Adam's state is m then v, each ParameterCount long: √v needs v ≥ 0; m may be anything finite.
        var network = new CheckedFloatNet();
        var count = CheckedFloatNet.Sizes.ParameterCount;
        var error = AssertSetRejects<float>(network, -1f, (n, values) => n.SetOptimizerState(values), (n, values) => n.GetOptimizerState(values), n => n.OptimizerStateCount, at: count + 5);
        Assert.Contains($"Expected the second moment v (exp_avg_sq) to be at least 0, but source[{count + 5}] is -1", error.Message);
        AssertSetRejects<float>(network, float.NaN, (n, values) => n.SetOptimizerState(values), (n, values) => n.GetOptimizerState(values), n => n.OptimizerStateCount, at: 3);
        AssertSetRejects<double>(new AdadeltaCustom(), -2, (n, values) => n.SetOptimizerState(values), (n, values) => n.GetOptimizerState(values), n => n.OptimizerStateCount, at: 2 * AdadeltaCustom.Sizes.ParameterCount - 1);

        var state = new float[network.OptimizerStateCount];
        state[0] = -1f; // a negative first moment is fine
        network.SetOptimizerState(state);
        var momentum = new MomentumDampened();
        momentum.SetOptimizerState(Enumerable.Repeat(-1.0, momentum.OptimizerStateCount).ToArray()); // so is a negative momentum buffer
    }

    /// <summary>
    /// Sets values that are valid but for <paramref name="bad"/> at index <paramref name="at"/>; asserts the exception
    /// names <c>source</c> and the index, and that the network still holds what it held before. Returns the exception.
    /// </summary>
    private static ArgumentException AssertSetRejects<T>(INetwork<T> network, T bad, Action<INetwork<T>, T[]> set, Action<INetwork<T>, T[]> get, Func<INetwork<T>, int> count, int at)
        where T : unmanaged
    {
        var before = new T[count(network)];
        get(network, before);
        var values = (T[])before.Clone();
        values[at] = bad;

        var error = Assert.Throws<ArgumentException>("source", () => set(network, values));

        Assert.Contains($"source[{at}]", error.Message);
        var after = new T[count(network)];
        get(network, after);
        Assert.Equal(before, after);
        return error;
    }

    private static (Func<string, double> Get, Action<string, double> Set) Hyperparameters(string network)
    {
        INetwork<double>? twice = network switch
        {
            "double" => new CheckedDoubleNet(),
            "momentum" => new MomentumDampened(),
            "rmsprop" => new RmsPropMomentumCentered(),
            "adadelta" => new AdadeltaCustom(),
            "adagrad" => new AdagradCustom(),
            _ => null,
        };
        if (twice is not null)
        {
            return (twice.GetHyperparameter, twice.SetHyperparameter);
        }

        var single = new CheckedFloatNet();
        return (single.GetHyperparameter, single.SetHyperparameter);
    }
}
