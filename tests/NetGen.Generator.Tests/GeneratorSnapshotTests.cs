namespace NetGen.Generator.Tests;

/// <summary>
/// Whole generated files of representative networks, compared with the committed snapshots in <c>Snapshots/</c>.
/// Each run also goes through the harness: no generator diagnostics, no warning in the generated code, and caching.
/// </summary>
public sealed class GeneratorSnapshotTests
{
    [Fact]
    public void XorNetwork_MatchesSnapshot()
    {
        var run = GeneratorHarness.Run("""
            using NetGen;

            namespace NetGen.Samples.Xor;

            /// <summary>The classic 2-4-1 network that learns exclusive-or.</summary>
            [Network(Inputs = 2, Seed = 1)]
            [Layer(4, Activation.Tanh, Init.XavierUniform)]
            [Layer(1, Activation.Sigmoid, Init.XavierUniform)]
            [Loss(LossKind.BinaryCrossEntropy)]
            [Optimizer(OptimizerKind.Sgd, LearningRate = 0.5)]
            public partial class XorNet
            {
            }
            """);

        Assert.Equal(["NetGen.Samples.Xor.XorNet.g.cs"], run.Sources.Keys);
        Snapshot.Verify(run.Sources);
    }

    [Fact]
    public void IrisLikeSoftmaxNetwork_MatchesSnapshot()
    {
        var run = GeneratorHarness.Run("""
            using NetGen;

            namespace Samples.Iris;

            /// <summary>4 features → 16 ReLU → 3 classes.</summary>
            [Network(Inputs = 4, Seed = 42)]
            [Layer(16, Activation.ReLU)]
            [Layer(3, Activation.Softmax)]
            [Loss(LossKind.CategoricalCrossEntropy)]
            [Optimizer(OptimizerKind.Sgd, LearningRate = 0.05)]
            public partial class IrisNet
            {
            }
            """);

        Assert.Equal(["Samples.Iris.IrisNet.g.cs"], run.Sources.Keys);
        Snapshot.Verify(run.Sources);
    }

    [Fact]
    public void AdamWithAmsgradAndClipping_MatchesSnapshot()
    {
        var run = GeneratorHarness.Run("""
            using NetGen;

            namespace Samples.Training;

            /// <summary>A classifier trained with AMSGrad and both clipping modes.</summary>
            [Network(Inputs = 8)]
            [Layer(12, Activation.ELU)]
            [Layer(4, Activation.Softmax)]
            [Optimizer(OptimizerKind.Adam, LearningRate = 3e-4, WeightDecay = 1e-4, Amsgrad = true)]
            [GradientClip(MaxNorm = 5, MaxValue = 1)]
            public partial class ClippedClassifier
            {
            }
            """);

        Assert.Equal(["Samples.Training.ClippedClassifier.g.cs"], run.Sources.Keys);
        Snapshot.Verify(run.Sources);
    }

    [Fact]
    public void BatchNormAndDropout_MatchesSnapshot()
    {
        var run = GeneratorHarness.Run("""
            using NetGen;

            namespace Samples.Regularized;

            /// <summary>Batch norm after the first hidden layer, dropout after the second.</summary>
            [Network(Inputs = 6)]
            [Layer(10, Activation.ReLU)]
            [BatchNorm]
            [Layer(10, Activation.Tanh)]
            [Dropout(0.3)]
            [Layer(3, Activation.Softmax)]
            [Optimizer(OptimizerKind.Momentum, LearningRate = 0.05)]
            public partial class RegularizedNet
            {
            }
            """);

        Assert.Equal(["Samples.Regularized.RegularizedNet.g.cs"], run.Sources.Keys);
        Snapshot.Verify(run.Sources);
    }

    [Fact]
    public void BiasFreeLayerBeforeBatchNorm_MatchesSnapshot()
    {
        // Bias = false: no b block in either layout, the kernels' accumulators start at zero, no db in the backward pass.
        var run = GeneratorHarness.Run("""
            using NetGen;

            namespace Samples.BiasFree;

            /// <summary>A bias-free hidden layer before batch norm (whose mean subtraction cancels a bias), then a bias-free output.</summary>
            [Network(Inputs = 6, Seed = 5)]
            [Layer(12, Activation.ReLU, Bias = false)]
            [BatchNorm]
            [Layer(3, Activation.Linear, Bias = false)]
            [Loss(LossKind.MeanSquaredError)]
            [Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
            public partial class BiasFreeNet
            {
            }
            """);

        Assert.Equal(["Samples.BiasFree.BiasFreeNet.g.cs"], run.Sources.Keys);
        Snapshot.Verify(run.Sources);
    }

    [Fact]
    public void DoublePrecisionWithSlopesAndHuber_MatchesSnapshot()
    {
        var run = GeneratorHarness.Run("""
            using NetGen;

            namespace Samples.Regression;

            /// <summary>Double precision with learned per-unit PReLU slopes, GELU, a fixed leaky slope and a Huber loss.</summary>
            [Network(Inputs = 5, Precision = Precision.Double, Seed = 7)]
            [Layer(6, Activation.PReLU, SlopePerUnit = true)]
            [Layer(7, Activation.GELU)]
            [Layer(5, Activation.LeakyReLU, Slope = 0.2)]
            [Layer(2, Activation.Linear)]
            [Loss(LossKind.Huber, Delta = 0.5)]
            public partial class RobustRegressor
            {
            }
            """);

        Assert.Equal(["Samples.Regression.RobustRegressor.g.cs"], run.Sources.Keys);
        Snapshot.Verify(run.Sources);
    }

    [Fact]
    public void WideLayer_MatchesSnapshot()
    {
        // 130 float units pad to 136 = 17 vectors: more than one chunk of accumulators in every kernel of layer 1.
        var run = GeneratorHarness.Run("""
            using NetGen;

            namespace Samples.Wide;

            /// <summary>A hidden layer wider than one chunk of vector accumulators.</summary>
            [Network(Inputs = 20, Seed = 3)]
            [Layer(130, Activation.ReLU)]
            [Layer(10, Activation.Linear)]
            [Loss(LossKind.MeanSquaredError)]
            public partial class WideNet
            {
            }
            """);

        Assert.Equal(["Samples.Wide.WideNet.g.cs"], run.Sources.Keys);
        Snapshot.Verify(run.Sources);
    }

    [Fact]
    public void AdamUpdatedInTheBackwardPass_MatchesSnapshot()
    {
        // Adam without clipping: TrainStep updates each layer inside its WeightGradients; layer 1 (100 × 128, 51 KB)
        // block by block, layer 2 once at the end.
        var run = GeneratorHarness.Run("""
            using NetGen;

            namespace Samples.Adam;

            /// <summary>A classifier trained with Adam.</summary>
            [Network(Inputs = 100, Seed = 4)]
            [Layer(128, Activation.ReLU)]
            [Layer(4, Activation.Softmax)]
            [Loss(LossKind.CategoricalCrossEntropy)]
            [Optimizer(OptimizerKind.Adam)]
            public partial class AdamNet
            {
            }
            """);

        Assert.Equal(["Samples.Adam.AdamNet.g.cs"], run.Sources.Keys);
        Snapshot.Verify(run.Sources);
    }

    [Fact]
    public void GlobalNamespace_MatchesSnapshot()
    {
        var run = GeneratorHarness.Run("""
            using NetGen;

            /// <summary>A network outside any namespace.</summary>
            [Network(Inputs = 3)]
            [Layer(2, Activation.Sigmoid)]
            public partial class GlobalNet
            {
            }
            """);

        Assert.Equal(["GlobalNet.g.cs"], run.Sources.Keys);
        Snapshot.Verify(run.Sources);
    }

    [Fact]
    public void NestedInClassAndStruct_MatchesSnapshot()
    {
        var run = GeneratorHarness.Run("""
            using NetGen;

            namespace Samples.Nested;

            /// <summary>A class container.</summary>
            public partial class Outer
            {
                /// <summary>A struct container.</summary>
                public partial struct Middle
                {
                    /// <summary>A network two types deep.</summary>
                    [Network(Inputs = 2)]
                    [Layer(3, Activation.ELU)]
                    [Layer(1, Activation.Linear)]
                    public partial class InnerNet
                    {
                    }
                }
            }
            """);

        Assert.Equal(["Samples.Nested.Outer.Middle.InnerNet.g.cs"], run.Sources.Keys);
        Snapshot.Verify(run.Sources);
    }

    [Fact]
    public void NestedInGenericClass_MatchesSnapshot()
    {
        var run = GeneratorHarness.Run("""
            using NetGen;

            namespace Samples.Nested;

            /// <summary>A generic container.</summary>
            /// <typeparam name="T">Unused.</typeparam>
            public partial class Outer<T>
            {
                /// <summary>A struct container.</summary>
                public partial struct Middle
                {
                    /// <summary>A network two types deep, itself not generic.</summary>
                    [Network(Inputs = 2)]
                    [Layer(3, Activation.ELU)]
                    [Layer(1, Activation.Linear)]
                    public partial class InnerNet
                    {
                    }
                }
            }
            """);

        Assert.Equal(["Samples.Nested.Outer[T].Middle.InnerNet.g.cs"], run.Sources.Keys);
        Snapshot.Verify(run.Sources);
    }
}
