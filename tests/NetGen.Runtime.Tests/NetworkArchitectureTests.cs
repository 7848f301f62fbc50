using System;

namespace NetGen.Runtime.Tests;

public sealed class NetworkArchitectureTests
{
    private static NetworkArchitecture Architecture(Activation hidden = Activation.ReLU, int units = 16, Precision precision = Precision.Single) => new(
        precision,
        4,
        [
            new LayerArchitecture(4, units, hidden, Bias: false, Slope: 0, SlopeCount: 0, new BatchNormArchitecture(0.1, 1e-5, Affine: true), DropoutRate: 0.5),
            new LayerArchitecture(units, 3, Activation.Softmax, Bias: true, Slope: 0, SlopeCount: 0, BatchNorm: null, DropoutRate: 0),
        ],
        LossKind.CategoricalCrossEntropy,
        OptimizerKind.Adam,
        ["exp_avg", "exp_avg_sq"],
        [new Hyperparameter("LearningRate", 1e-3)]);

    [Fact]
    public void Describe_ListsEveryLayerInPyTorchTerms()
    {
        Assert.Equal(
            "inputs 4\nlayer 1: Linear(4, 16, bias=False) → BatchNorm1d(16, eps=1E-05, momentum=0.1) → ReLU → Dropout(0.5)\nlayer 2: Linear(16, 3) → Softmax",
            Architecture().Describe());
    }

    [Fact]
    public void Fingerprint_IsStable_IgnoresPrecision_AndChangesWithTheLayers()
    {
        // A fixed value: changing it breaks every saved file's fingerprint check, so it changes only with the format version.
        Assert.Equal("b362cf6f40a8d591", Architecture().Fingerprint);
        var hash = System.IO.Hashing.XxHash64.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(Architecture().Describe()));
        Assert.Equal(hash.ToString("x16"), Architecture().Fingerprint);
        Assert.Equal(Architecture().Fingerprint, Architecture(precision: Precision.Double).Fingerprint);
        Assert.NotEqual(Architecture().Fingerprint, Architecture(Activation.Tanh).Fingerprint);
        Assert.NotEqual(Architecture().Fingerprint, Architecture(units: 17).Fingerprint);
    }

    [Fact]
    public void Counts_FollowTheLayers()
    {
        var architecture = Architecture();
        Assert.Equal((16 * 4) + (2 * 16) + (3 * 16) + 3, architecture.ParameterCount);
        Assert.Equal(32, architecture.RunningStatisticsCount);
        Assert.Equal(3, architecture.OutputCount);
    }

    [Fact]
    public void LayersThatDoNotChain_AreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new NetworkArchitecture(
            Precision.Single, 4, [new LayerArchitecture(5, 3, Activation.ReLU, true, 0, 0, null, 0)], LossKind.MeanSquaredError, OptimizerKind.Sgd, [], []));
        Assert.Equal("layers", error.ParamName);
        Assert.Contains("Layer 1 has 5 inputs and 3 units; expected 4 inputs", error.Message);
    }
}
