using System;

namespace NetGen.Tests.Optimizers;

/// <summary>Every optimizer's generated update against its formula, over three steps, with the state carried between them.</summary>
public class OptimizerTests
{
    [Theory]
    [MemberData(nameof(OptimizerNetworks.Names), MemberType = typeof(OptimizerNetworks))]
    public void ThreeSteps_MatchTheClosedForm(string name)
    {
        var network = OptimizerNetworks.Create(name);
        var reference = ReferenceOptimizer.For(name, network.ParameterCount);
        var inputs = TestData.Normal(5 * 3, seed: 21);
        var targets = TestData.Normal(5 * 2, seed: 22);
        var expected = Parameters(network);

        for (var step = 1; step <= 3; step++)
        {
            // The gradient at the current point comes from the (separately gradient-checked) backward pass.
            network.ComputeGradients(inputs, targets);
            var gradients = new double[network.ParameterCount];
            network.GetGradients(gradients);
            reference.Step(expected, gradients);

            network.TrainStep(inputs, targets);
            Assert.Equal(step, network.StepCount);
            var actual = Parameters(network);
            for (var k = 0; k < expected.Length; k++)
            {
                Assert.True(
                    Math.Abs(expected[k] - actual[k]) <= 1e-12 * Math.Max(1, Math.Abs(expected[k])),
                    $"{name}, step {step}, parameter {k}: expected {expected[k]:R}, got {actual[k]:R}");
            }

            Assert.NotEqual(Parameters(OptimizerNetworks.Create(name)), actual); // the update moved something
        }
    }

    [Theory]
    [MemberData(nameof(OptimizerNetworks.Names), MemberType = typeof(OptimizerNetworks))]
    public void ResetOptimizer_ThenSameSteps_GivesTheSameParameters(string name)
    {
        var inputs = TestData.Normal(4 * 3, seed: 23);
        var targets = TestData.Normal(4 * 2, seed: 24);
        var network = OptimizerNetworks.Create(name);
        var start = Parameters(network);
        network.TrainStep(inputs, targets);
        network.TrainStep(inputs, targets);
        var twoSteps = Parameters(network);

        network.SetParameters(start);
        network.ResetOptimizer();
        Assert.Equal(0, network.StepCount);
        network.TrainStep(inputs, targets);
        network.TrainStep(inputs, targets);
        Assert.Equal(twoSteps, Parameters(network));
    }

    [Theory]
    [MemberData(nameof(OptimizerNetworks.Names), MemberType = typeof(OptimizerNetworks))]
    public void OptimizerState_RoundTripsIntoAFreshNetwork(string name)
    {
        var inputs = TestData.Normal(4 * 3, seed: 25);
        var targets = TestData.Normal(4 * 2, seed: 26);
        var trained = OptimizerNetworks.Create(name);
        trained.TrainStep(inputs, targets);
        trained.TrainStep(inputs, targets);

        // A fresh network given the parameters, state and step count continues exactly where the first one is.
        var resumed = OptimizerNetworks.Create(name);
        resumed.SetParameters(Parameters(trained));
        var state = new double[trained.OptimizerStateCount];
        trained.GetOptimizerState(state);
        resumed.SetOptimizerState(state);
        resumed.StepCount = trained.StepCount;

        trained.TrainStep(inputs, targets);
        resumed.TrainStep(inputs, targets);
        Assert.Equal(Parameters(trained), Parameters(resumed));
    }

    // A decaying state whose gradient stays zero: flushed to 0 once it turns subnormal (it would stay subnormal for good,
    // and every later update would run the slow subnormal paths); the states under a square root keep their value.
    // The blocks are the states in GetOptimizerState's order, each ParameterCount long.
    [Theory]
    [InlineData("AdamDefault", new[] { 0 }, new[] { 1 })]
    [InlineData("AdamWDefault", new[] { 0 }, new[] { 1 })]
    [InlineData("ExponentialMomentumDefault", new[] { 0 }, new int[0])]
    [InlineData("RmsPropCentered", new[] { 1, 2 }, new[] { 0 })]
    public void SubnormalState_OfAZeroGradient_IsFlushedToZero_UnlessUnderASquareRoot(string name, int[] flushed, int[] kept)
    {
        var network = OptimizerNetworks.Create(name);
        var count = network.ParameterCount;
        var subnormal = 1e-310; // β times it is subnormal too, for every β here
        var state = new double[network.OptimizerStateCount];
        Array.Fill(state, subnormal);
        network.SetOptimizerState(state);

        // Zero inputs: the first layer's 4 × 3 weights (the first 12 parameters) get a gradient of exactly 0.
        var inputs = new double[2 * 3];
        var targets = TestData.Normal(2 * 2, seed: 29);
        network.ComputeGradients(inputs, targets);
        var gradients = new double[count];
        network.GetGradients(gradients);
        Assert.All(gradients[..12], gradient => Assert.Equal(0, gradient));

        network.TrainStep(inputs, targets);
        network.GetOptimizerState(state);
        foreach (var block in flushed)
        {
            Assert.All(state[(block * count)..(block * count + 12)], value => Assert.Equal(0, value));
        }

        foreach (var block in kept)
        {
            Assert.All(state[(block * count)..(block * count + 12)], value => Assert.True(double.IsSubnormal(value), $"{value:R} is not subnormal"));
        }
    }

    [Fact]
    public void StateCounts_FollowTheOptimizer()
    {
        var parameters = SgdDefault.Sizes.ParameterCount;
        Assert.Equal(0, new SgdDefault().OptimizerStateCount);
        Assert.Equal(parameters, new MomentumDefault().OptimizerStateCount);
        Assert.Equal(2 * parameters, new AdamDefault().OptimizerStateCount);
        Assert.Equal(3 * parameters, new AdamAmsgrad().OptimizerStateCount);
        Assert.Equal(3 * parameters, new RmsPropCentered().OptimizerStateCount);
    }

    [Fact]
    public void Hyperparameters_StartAtTheDeclaredValues_AndChangeTheNextUpdate()
    {
        var network = new AdamCustom();
        Assert.Equal(0.01, network.LearningRate);
        Assert.Equal(0.8, network.Beta1);
        Assert.Equal(0.99, network.Beta2);
        Assert.Equal(1e-6, network.Epsilon);
        Assert.Equal(0.1, network.WeightDecay);
        Assert.Equal(1.0, new AdadeltaDefault().LearningRate);
        Assert.Equal(0.95, new ExponentialMomentumDefault().Momentum);
        Assert.Equal(0.01, new AdamWDefault().WeightDecay);

        var inputs = TestData.Normal(2 * 3, seed: 27);
        var targets = TestData.Normal(2 * 2, seed: 28);
        var halved = new AdamCustom { LearningRate = 0.005 };
        var start = Parameters(halved);
        network.TrainStep(inputs, targets);
        halved.TrainStep(inputs, targets);
        var full = Parameters(network);
        var half = Parameters(halved);
        for (var k = 0; k < start.Length; k++)
        {
            // Adam's first step moves every parameter by about lr (sign of the gradient), plus weight decay's part.
            Assert.Equal(0.5 * (full[k] - start[k]), half[k] - start[k], 9);
        }
    }

    [Fact]
    public void SetOptimizerState_OfTheWrongLength_ThrowsNamingSource()
    {
        var network = new AdamDefault();
        var error = Assert.Throws<ArgumentException>(() => network.SetOptimizerState(new double[3]));
        Assert.Equal("source", error.ParamName);
    }

    private static double[] Parameters(INetwork<double> network)
    {
        var values = new double[network.ParameterCount];
        network.GetParameters(values);
        return values;
    }
}
