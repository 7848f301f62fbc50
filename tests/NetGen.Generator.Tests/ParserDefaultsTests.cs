using System.Linq;

namespace NetGen.Generator.Tests;

/// <summary>What the parser fills in for omitted arguments: initializer from the activation, loss from the output, SGD 0.01.</summary>
public sealed class ParserDefaultsTests
{
    [Theory]
    [InlineData(Activation.ReLU, Init.HeNormal)]
    [InlineData(Activation.LeakyReLU, Init.HeNormal)]
    [InlineData(Activation.PReLU, Init.HeNormal)]
    [InlineData(Activation.ELU, Init.HeNormal)]
    [InlineData(Activation.GELU, Init.HeNormal)]
    [InlineData(Activation.SELU, Init.LeCunNormal)]
    [InlineData(Activation.Tanh, Init.XavierUniform)]
    [InlineData(Activation.Sigmoid, Init.XavierUniform)]
    [InlineData(Activation.Linear, Init.XavierUniform)]
    [InlineData(Activation.Softmax, Init.XavierUniform)]
    public void InitOmitted_FollowsActivation(Activation activation, Init expected)
    {
        var spec = ParseSpec($"[Network(Inputs = 3)]\n[Layer(4, Activation.{activation})]");

        Assert.Equal(expected, Assert.Single(spec.Layers).Init);
    }

    [Fact]
    public void TrainingAndBias_AreParsedAndOmittedValuesStayUndeclared()
    {
        var spec = ParseSpec("[Network(Inputs = 3)]\n[Layer(8, Activation.ReLU, Bias = false)]\n[Layer(2)]\n[Training(Epochs = 40, Samples = 500)]");

        Assert.Equal([false, true], spec.Layers.Select(layer => layer.Bias));
        Assert.Equal(new NetGen.Generator.Model.TrainingSpec(null, 40, 500), spec.Training);
        Assert.Null(ParseSpec("[Network(Inputs = 3)]\n[Layer(2)]").Training);
    }

    [Fact]
    public void InitOmittedPerLayer_ResolvedForEachLayer()
    {
        var spec = ParseSpec("[Network(Inputs = 3)]\n[Layer(8, Activation.ReLU)]\n[Layer(6, Activation.SELU)]\n[Layer(2, Activation.Tanh)]");

        Assert.Equal([Init.HeNormal, Init.LeCunNormal, Init.XavierUniform], spec.Layers.Select(layer => layer.Init));
    }

    [Fact]
    public void InitGiven_OverridesActivationDefault()
    {
        var spec = ParseSpec("[Network(Inputs = 3)]\n[Layer(4, Activation.ReLU, Init.Orthogonal)]");

        Assert.Equal(Init.Orthogonal, Assert.Single(spec.Layers).Init);
    }

    [Theory]
    [InlineData(Activation.Softmax, LossKind.CategoricalCrossEntropy)]
    [InlineData(Activation.Sigmoid, LossKind.BinaryCrossEntropy)]
    [InlineData(Activation.Linear, LossKind.MeanSquaredError)]
    [InlineData(Activation.Tanh, LossKind.MeanSquaredError)]
    [InlineData(Activation.ReLU, LossKind.MeanSquaredError)]
    public void LossOmitted_FollowsOutputActivation(Activation output, LossKind expected)
    {
        var spec = ParseSpec($"[Network(Inputs = 3)]\n[Layer(5, Activation.Tanh)]\n[Layer(2, Activation.{output})]");

        Assert.Equal(expected, spec.Loss.Kind);
    }

    [Fact]
    public void OptimizerOmitted_IsSgdWithLearningRate0_01()
    {
        var spec = ParseSpec("[Network(Inputs = 3)]\n[Layer(2, Activation.Linear)]");

        Assert.Equal(new Model.OptimizerSpec(OptimizerKind.Sgd, 0.01), spec.Optimizer);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.01, 0.0, 1e-8, 0.0)]
    [InlineData(OptimizerKind.Momentum, 0.01, 0.9, 1e-8, 0.0)]
    [InlineData(OptimizerKind.ExponentialMomentum, 0.01, 0.95, 1e-8, 0.0)]
    [InlineData(OptimizerKind.Adagrad, 0.01, 0.0, 1e-10, 0.0)]
    [InlineData(OptimizerKind.RmsProp, 0.01, 0.0, 1e-8, 0.0)]
    [InlineData(OptimizerKind.Adadelta, 1.0, 0.0, 1e-6, 0.0)]
    [InlineData(OptimizerKind.Adam, 1e-3, 0.0, 1e-8, 0.0)]
    [InlineData(OptimizerKind.AdamW, 1e-3, 0.0, 1e-8, 0.01)]
    public void OptimizerArgumentsOmitted_TakePyTorchDefaults(OptimizerKind kind, double learningRate, double momentum, double epsilon, double weightDecay)
    {
        var spec = ParseSpec($"[Network(Inputs = 3)]\n[Layer(2, Activation.Linear)]\n[Optimizer(OptimizerKind.{kind})]");

        Assert.Equal(kind, spec.Optimizer.Kind);
        Assert.Equal(learningRate, spec.Optimizer.LearningRate);
        Assert.Equal(momentum, spec.Optimizer.Momentum);
        Assert.Equal(epsilon, spec.Optimizer.Epsilon);
        Assert.Equal(weightDecay, spec.Optimizer.WeightDecay);
        Assert.Equal((0.9, 0.999, 0.99, 0.9), (spec.Optimizer.Beta1, spec.Optimizer.Beta2, spec.Optimizer.Alpha, spec.Optimizer.Rho));
    }

    private static Model.NetworkSpec ParseSpec(string attributes)
    {
        var result = ParserHarness.Parse("Samples.Net", ParserHarness.Declare(attributes));
        Assert.Empty(result.Problems);
        Assert.NotNull(result.Spec);
        return result.Spec;
    }
}
