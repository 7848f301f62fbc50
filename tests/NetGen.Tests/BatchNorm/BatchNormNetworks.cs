// Networks for the batch-norm gradient checks: every activation after a batch-normalized layer.
namespace NetGen.Tests.BatchNorm;

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.Linear)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormLinear
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.Sigmoid)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormSigmoid
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.Tanh)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormTanh
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.ReLU)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormReLU
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.LeakyReLU)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormLeakyReLU
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.PReLU)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormPReLU
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.ELU)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormELU
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.SELU)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormSELU
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 12)]
[Layer(5, Activation.GELU)]
[BatchNorm]
[Layer(2)]
public partial class BatchNormGELU
{
}

// Batch norm with the fused losses, on the output layer, without affine parameters, in double-wide layers, and with
// dropout and an optimizer with state in the same network.
[Network(Inputs = 4, Precision = Precision.Double, Seed = 13)]
[Layer(6, Activation.ReLU)]
[BatchNorm(Momentum = 0.3, Epsilon = 1e-3)]
[Layer(3, Activation.Softmax)]
[BatchNorm]
[Loss(LossKind.CategoricalCrossEntropy)]
public partial class BatchNormSoftmaxOutput
{
}

[Network(Inputs = 4, Precision = Precision.Double, Seed = 14)]
[Layer(40, Activation.ELU)]
[BatchNorm(Affine = false)]
[Layer(2, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam)]
public partial class BatchNormBinaryOutput
{
}

[Network(Inputs = 4, Precision = Precision.Double, Seed = 15)]
[Layer(7, Activation.Tanh)]
[BatchNorm]
[Dropout(0.25)]
[Layer(5, Activation.PReLU, SlopePerUnit = true)]
[BatchNorm]
[Layer(2, Activation.Linear)]
[Loss(LossKind.Huber)]
[Optimizer(OptimizerKind.RmsProp, Centered = true)]
public partial class BatchNormWithDropout
{
}

// Bias-free layers before batch norm (its mean subtraction cancels a bias), one of them wide (72 padded doubles) and
// without affine parameters, and a bias-free output; momentum SGD with both clipping modes.
[Network(Inputs = 4, Precision = Precision.Double, Seed = 16)]
[Layer(6, Activation.ReLU, Bias = false)]
[BatchNorm]
[Layer(70, Activation.Tanh, Bias = false)]
[BatchNorm(Affine = false)]
[Layer(2, Activation.Linear, Bias = false)]
[Optimizer(OptimizerKind.Momentum, LearningRate = 0.1)]
[GradientClip(MaxNorm = 0.1, MaxValue = 0.05)]
public partial class BatchNormBiasFree
{
}

public static class BatchNormNetworks
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in new[] { "Linear", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "PReLU", "ELU", "SELU", "GELU" })
        {
            foreach (var batch in new[] { 2, 3, 17, 64 })
            {
                data.Add(name, batch);
            }
        }

        foreach (var name in new[] { "SoftmaxOutput", "BinaryOutput", "WithDropout", "BiasFree" })
        {
            data.Add(name, 2);
            data.Add(name, 9);
        }

        return data;
    }

    public static INetwork<double> Create(string activation) => activation switch
    {
        "Linear" => new BatchNormLinear(),
        "Sigmoid" => new BatchNormSigmoid(),
        "Tanh" => new BatchNormTanh(),
        "ReLU" => new BatchNormReLU(),
        "LeakyReLU" => new BatchNormLeakyReLU(),
        "PReLU" => new BatchNormPReLU(),
        "ELU" => new BatchNormELU(),
        "SELU" => new BatchNormSELU(),
        "GELU" => new BatchNormGELU(),
        "SoftmaxOutput" => new BatchNormSoftmaxOutput(),
        "BinaryOutput" => new BatchNormBinaryOutput(),
        "WithDropout" => new BatchNormWithDropout(),
        "BiasFree" => new BatchNormBiasFree(),
        _ => throw new System.ArgumentOutOfRangeException(nameof(activation), activation, "No such test network."),
    };
}
