using System;
using System.Text;

namespace NetGen.Generator.Tests;

/// <summary>
/// The generated code compiles without a single warning (documentation comments checked, highest warning level) for
/// every activation as a hidden and as an output layer, every loss fused and not, and both precisions: users build with
/// warnings as errors and documentation files.
/// </summary>
public sealed class GeneratedCodeWarningTests
{
    [Theory]
    [InlineData(Precision.Single)]
    [InlineData(Precision.Double)]
    public void EveryActivationAndLoss_CompilesWithoutWarnings(Precision precision)
    {
        var activations = Enum.GetValues<Activation>();
        var hidden = Array.FindAll(activations, a => a != Activation.Softmax);
        var losses = Enum.GetValues<LossKind>();
        var source = new StringBuilder("using NetGen;\n\nnamespace Samples.Sweep;\n");
        var count = 0;

        void Declare(Activation output, LossKind loss, Activation? firstHidden = null, string extra = "")
        {
            var first = firstHidden ?? hidden[count % hidden.Length];
            var second = hidden[(count + 4) % hidden.Length];
            source.Append($$"""

                /// <summary>Sweep network {{count}}.</summary>
                [Network(Inputs = 3, Precision = Precision.{{precision}})]
                [Layer({{5 + count % 4}}, Activation.{{first}}{{extra}})]
                [Layer(9, Activation.{{second}})]
                [Layer(3, Activation.{{output}})]
                [Loss(LossKind.{{loss}})]
                public partial class Net{{count}}
                {
                }

                """);
            count++;
        }

        // Every output activation, the losses cycling through them.
        for (var i = 0; i < activations.Length; i++)
        {
            Declare(activations[i], losses[i % losses.Length]);
        }

        // The fused losses, and the probability losses on outputs they are not fused with.
        Declare(Activation.Sigmoid, LossKind.BinaryCrossEntropy);
        Declare(Activation.Softmax, LossKind.CategoricalCrossEntropy);
        Declare(Activation.Softmax, LossKind.BinaryCrossEntropy);
        Declare(Activation.Sigmoid, LossKind.CategoricalCrossEntropy);

        // Per-unit PReLU slopes.
        Declare(Activation.Linear, LossKind.MeanSquaredError, Activation.PReLU, ", SlopePerUnit = true");

        var run = GeneratorHarness.Run(source.ToString());

        Assert.Equal(activations.Length + 5, run.Sources.Count);
    }

    [Theory]
    [InlineData(Precision.Single)]
    [InlineData(Precision.Double)]
    public void EveryOptimizerClipDropoutAndBatchNorm_CompilesWithoutWarnings(Precision precision)
    {
        string[] optimizers =
        [
            "OptimizerKind.Sgd", "OptimizerKind.Momentum", "OptimizerKind.Momentum, Nesterov = true", "OptimizerKind.ExponentialMomentum",
            "OptimizerKind.Adagrad", "OptimizerKind.RmsProp", "OptimizerKind.RmsProp, Centered = true", "OptimizerKind.Adadelta",
            "OptimizerKind.Adam", "OptimizerKind.Adam, Amsgrad = true", "OptimizerKind.AdamW", "OptimizerKind.AdamW, Amsgrad = true",
        ];
        string[] clips = ["", "[GradientClip(MaxNorm = 1)]", "[GradientClip(MaxValue = 0.5)]", "[GradientClip(MaxNorm = 1, MaxValue = 0.5)]"];
        var source = new StringBuilder("using NetGen;\n\nnamespace Samples.Optimizers;\n");
        for (var i = 0; i < optimizers.Length; i++)
        {
            source.Append($$"""

                /// <summary>Optimizer network {{i}}.</summary>
                [Network(Inputs = 3, Precision = Precision.{{precision}})]
                [Layer(5, Activation.ReLU)]
                {{(i % 3 == 0 ? "[BatchNorm]" : i % 3 == 1 ? "[BatchNorm(Affine = false, Momentum = 0.2)]" : "")}}
                {{(i % 2 == 0 ? "[Dropout(0.25)]" : "")}}
                [Layer(2)]
                [Optimizer({{optimizers[i]}})]
                {{clips[i % clips.Length]}}
                public partial class Net{{i}}
                {
                }

                """);
        }

        var run = GeneratorHarness.Run(source.ToString());

        Assert.Equal(optimizers.Length, run.Sources.Count);
    }
}
