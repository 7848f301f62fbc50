// Networks for the gradient checks: every output activation with every regression loss, the probability losses
// on sigmoid and softmax outputs (fused and not), the activation options, and random architectures whose widths hit
// every vector tail and the multi-chunk kernels. Each carries an independent description for the reference model.
using NetGen;

namespace NetGen.Tests.Networks;

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Linear)]
[Layer(6, Activation.Linear)]
[Layer(4, Activation.Linear)]
[Loss(LossKind.MeanSquaredError)]
public partial class LinearMeanSquaredError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Linear, double.NaN, false), new ReferenceLayer(6, Activation.Linear, double.NaN, false), new ReferenceLayer(4, Activation.Linear, double.NaN, false)], LossKind.MeanSquaredError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Linear)]
[Layer(6, Activation.Linear)]
[Layer(4, Activation.Linear)]
[Loss(LossKind.MeanAbsoluteError)]
public partial class LinearMeanAbsoluteError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Linear, double.NaN, false), new ReferenceLayer(6, Activation.Linear, double.NaN, false), new ReferenceLayer(4, Activation.Linear, double.NaN, false)], LossKind.MeanAbsoluteError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Linear)]
[Layer(6, Activation.Linear)]
[Layer(4, Activation.Linear)]
[Loss(LossKind.Huber)]
public partial class LinearHuber
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Linear, double.NaN, false), new ReferenceLayer(6, Activation.Linear, double.NaN, false), new ReferenceLayer(4, Activation.Linear, double.NaN, false)], LossKind.Huber, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Sigmoid)]
[Layer(6, Activation.Sigmoid)]
[Layer(4, Activation.Sigmoid)]
[Loss(LossKind.MeanSquaredError)]
public partial class SigmoidMeanSquaredError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Sigmoid, double.NaN, false), new ReferenceLayer(6, Activation.Sigmoid, double.NaN, false), new ReferenceLayer(4, Activation.Sigmoid, double.NaN, false)], LossKind.MeanSquaredError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Sigmoid)]
[Layer(6, Activation.Sigmoid)]
[Layer(4, Activation.Sigmoid)]
[Loss(LossKind.MeanAbsoluteError)]
public partial class SigmoidMeanAbsoluteError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Sigmoid, double.NaN, false), new ReferenceLayer(6, Activation.Sigmoid, double.NaN, false), new ReferenceLayer(4, Activation.Sigmoid, double.NaN, false)], LossKind.MeanAbsoluteError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Sigmoid)]
[Layer(6, Activation.Sigmoid)]
[Layer(4, Activation.Sigmoid)]
[Loss(LossKind.Huber)]
public partial class SigmoidHuber
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Sigmoid, double.NaN, false), new ReferenceLayer(6, Activation.Sigmoid, double.NaN, false), new ReferenceLayer(4, Activation.Sigmoid, double.NaN, false)], LossKind.Huber, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Tanh)]
[Layer(6, Activation.Tanh)]
[Layer(4, Activation.Tanh)]
[Loss(LossKind.MeanSquaredError)]
public partial class TanhMeanSquaredError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Tanh, double.NaN, false), new ReferenceLayer(6, Activation.Tanh, double.NaN, false), new ReferenceLayer(4, Activation.Tanh, double.NaN, false)], LossKind.MeanSquaredError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Tanh)]
[Layer(6, Activation.Tanh)]
[Layer(4, Activation.Tanh)]
[Loss(LossKind.MeanAbsoluteError)]
public partial class TanhMeanAbsoluteError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Tanh, double.NaN, false), new ReferenceLayer(6, Activation.Tanh, double.NaN, false), new ReferenceLayer(4, Activation.Tanh, double.NaN, false)], LossKind.MeanAbsoluteError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Tanh)]
[Layer(6, Activation.Tanh)]
[Layer(4, Activation.Tanh)]
[Loss(LossKind.Huber)]
public partial class TanhHuber
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Tanh, double.NaN, false), new ReferenceLayer(6, Activation.Tanh, double.NaN, false), new ReferenceLayer(4, Activation.Tanh, double.NaN, false)], LossKind.Huber, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.ReLU)]
[Layer(6, Activation.ReLU)]
[Layer(4, Activation.ReLU)]
[Loss(LossKind.MeanSquaredError)]
public partial class ReLUMeanSquaredError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.ReLU, double.NaN, false), new ReferenceLayer(6, Activation.ReLU, double.NaN, false), new ReferenceLayer(4, Activation.ReLU, double.NaN, false)], LossKind.MeanSquaredError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.ReLU)]
[Layer(6, Activation.ReLU)]
[Layer(4, Activation.ReLU)]
[Loss(LossKind.MeanAbsoluteError)]
public partial class ReLUMeanAbsoluteError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.ReLU, double.NaN, false), new ReferenceLayer(6, Activation.ReLU, double.NaN, false), new ReferenceLayer(4, Activation.ReLU, double.NaN, false)], LossKind.MeanAbsoluteError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.ReLU)]
[Layer(6, Activation.ReLU)]
[Layer(4, Activation.ReLU)]
[Loss(LossKind.Huber)]
public partial class ReLUHuber
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.ReLU, double.NaN, false), new ReferenceLayer(6, Activation.ReLU, double.NaN, false), new ReferenceLayer(4, Activation.ReLU, double.NaN, false)], LossKind.Huber, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.LeakyReLU)]
[Layer(6, Activation.LeakyReLU)]
[Layer(4, Activation.LeakyReLU)]
[Loss(LossKind.MeanSquaredError)]
public partial class LeakyReLUMeanSquaredError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.LeakyReLU, double.NaN, false), new ReferenceLayer(6, Activation.LeakyReLU, double.NaN, false), new ReferenceLayer(4, Activation.LeakyReLU, double.NaN, false)], LossKind.MeanSquaredError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.LeakyReLU)]
[Layer(6, Activation.LeakyReLU)]
[Layer(4, Activation.LeakyReLU)]
[Loss(LossKind.MeanAbsoluteError)]
public partial class LeakyReLUMeanAbsoluteError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.LeakyReLU, double.NaN, false), new ReferenceLayer(6, Activation.LeakyReLU, double.NaN, false), new ReferenceLayer(4, Activation.LeakyReLU, double.NaN, false)], LossKind.MeanAbsoluteError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.LeakyReLU)]
[Layer(6, Activation.LeakyReLU)]
[Layer(4, Activation.LeakyReLU)]
[Loss(LossKind.Huber)]
public partial class LeakyReLUHuber
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.LeakyReLU, double.NaN, false), new ReferenceLayer(6, Activation.LeakyReLU, double.NaN, false), new ReferenceLayer(4, Activation.LeakyReLU, double.NaN, false)], LossKind.Huber, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.PReLU)]
[Layer(6, Activation.PReLU)]
[Layer(4, Activation.PReLU)]
[Loss(LossKind.MeanSquaredError)]
public partial class PReLUMeanSquaredError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.PReLU, double.NaN, false), new ReferenceLayer(6, Activation.PReLU, double.NaN, false), new ReferenceLayer(4, Activation.PReLU, double.NaN, false)], LossKind.MeanSquaredError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.PReLU)]
[Layer(6, Activation.PReLU)]
[Layer(4, Activation.PReLU)]
[Loss(LossKind.MeanAbsoluteError)]
public partial class PReLUMeanAbsoluteError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.PReLU, double.NaN, false), new ReferenceLayer(6, Activation.PReLU, double.NaN, false), new ReferenceLayer(4, Activation.PReLU, double.NaN, false)], LossKind.MeanAbsoluteError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.PReLU)]
[Layer(6, Activation.PReLU)]
[Layer(4, Activation.PReLU)]
[Loss(LossKind.Huber)]
public partial class PReLUHuber
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.PReLU, double.NaN, false), new ReferenceLayer(6, Activation.PReLU, double.NaN, false), new ReferenceLayer(4, Activation.PReLU, double.NaN, false)], LossKind.Huber, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.ELU)]
[Layer(6, Activation.ELU)]
[Layer(4, Activation.ELU)]
[Loss(LossKind.MeanSquaredError)]
public partial class ELUMeanSquaredError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.ELU, double.NaN, false), new ReferenceLayer(6, Activation.ELU, double.NaN, false), new ReferenceLayer(4, Activation.ELU, double.NaN, false)], LossKind.MeanSquaredError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.ELU)]
[Layer(6, Activation.ELU)]
[Layer(4, Activation.ELU)]
[Loss(LossKind.MeanAbsoluteError)]
public partial class ELUMeanAbsoluteError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.ELU, double.NaN, false), new ReferenceLayer(6, Activation.ELU, double.NaN, false), new ReferenceLayer(4, Activation.ELU, double.NaN, false)], LossKind.MeanAbsoluteError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.ELU)]
[Layer(6, Activation.ELU)]
[Layer(4, Activation.ELU)]
[Loss(LossKind.Huber)]
public partial class ELUHuber
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.ELU, double.NaN, false), new ReferenceLayer(6, Activation.ELU, double.NaN, false), new ReferenceLayer(4, Activation.ELU, double.NaN, false)], LossKind.Huber, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.SELU)]
[Layer(6, Activation.SELU)]
[Layer(4, Activation.SELU)]
[Loss(LossKind.MeanSquaredError)]
public partial class SELUMeanSquaredError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.SELU, double.NaN, false), new ReferenceLayer(6, Activation.SELU, double.NaN, false), new ReferenceLayer(4, Activation.SELU, double.NaN, false)], LossKind.MeanSquaredError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.SELU)]
[Layer(6, Activation.SELU)]
[Layer(4, Activation.SELU)]
[Loss(LossKind.MeanAbsoluteError)]
public partial class SELUMeanAbsoluteError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.SELU, double.NaN, false), new ReferenceLayer(6, Activation.SELU, double.NaN, false), new ReferenceLayer(4, Activation.SELU, double.NaN, false)], LossKind.MeanAbsoluteError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.SELU)]
[Layer(6, Activation.SELU)]
[Layer(4, Activation.SELU)]
[Loss(LossKind.Huber)]
public partial class SELUHuber
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.SELU, double.NaN, false), new ReferenceLayer(6, Activation.SELU, double.NaN, false), new ReferenceLayer(4, Activation.SELU, double.NaN, false)], LossKind.Huber, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.GELU)]
[Layer(6, Activation.GELU)]
[Layer(4, Activation.GELU)]
[Loss(LossKind.MeanSquaredError)]
public partial class GELUMeanSquaredError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.GELU, double.NaN, false), new ReferenceLayer(6, Activation.GELU, double.NaN, false), new ReferenceLayer(4, Activation.GELU, double.NaN, false)], LossKind.MeanSquaredError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.GELU)]
[Layer(6, Activation.GELU)]
[Layer(4, Activation.GELU)]
[Loss(LossKind.MeanAbsoluteError)]
public partial class GELUMeanAbsoluteError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.GELU, double.NaN, false), new ReferenceLayer(6, Activation.GELU, double.NaN, false), new ReferenceLayer(4, Activation.GELU, double.NaN, false)], LossKind.MeanAbsoluteError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.GELU)]
[Layer(6, Activation.GELU)]
[Layer(4, Activation.GELU)]
[Loss(LossKind.Huber)]
public partial class GELUHuber
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.GELU, double.NaN, false), new ReferenceLayer(6, Activation.GELU, double.NaN, false), new ReferenceLayer(4, Activation.GELU, double.NaN, false)], LossKind.Huber, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Tanh)]
[Layer(6, Activation.Tanh)]
[Layer(4, Activation.Softmax)]
[Loss(LossKind.MeanSquaredError)]
public partial class SoftmaxMeanSquaredError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Tanh, double.NaN, false), new ReferenceLayer(6, Activation.Tanh, double.NaN, false), new ReferenceLayer(4, Activation.Softmax, double.NaN, false)], LossKind.MeanSquaredError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Tanh)]
[Layer(6, Activation.Tanh)]
[Layer(4, Activation.Softmax)]
[Loss(LossKind.MeanAbsoluteError)]
public partial class SoftmaxMeanAbsoluteError
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Tanh, double.NaN, false), new ReferenceLayer(6, Activation.Tanh, double.NaN, false), new ReferenceLayer(4, Activation.Softmax, double.NaN, false)], LossKind.MeanAbsoluteError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Tanh)]
[Layer(6, Activation.Tanh)]
[Layer(4, Activation.Softmax)]
[Loss(LossKind.Huber)]
public partial class SoftmaxHuber
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Tanh, double.NaN, false), new ReferenceLayer(6, Activation.Tanh, double.NaN, false), new ReferenceLayer(4, Activation.Softmax, double.NaN, false)], LossKind.Huber, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Tanh)]
[Layer(3, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class SigmoidBinaryCrossEntropy
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Tanh, double.NaN, false), new ReferenceLayer(3, Activation.Sigmoid, double.NaN, false)], LossKind.BinaryCrossEntropy, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Tanh)]
[Layer(3, Activation.Sigmoid)]
[Loss(LossKind.CategoricalCrossEntropy)]
public partial class SigmoidCategoricalCrossEntropy
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Tanh, double.NaN, false), new ReferenceLayer(3, Activation.Sigmoid, double.NaN, false)], LossKind.CategoricalCrossEntropy, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Tanh)]
[Layer(4, Activation.Softmax)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class SoftmaxBinaryCrossEntropy
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Tanh, double.NaN, false), new ReferenceLayer(4, Activation.Softmax, double.NaN, false)], LossKind.BinaryCrossEntropy, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Tanh)]
[Layer(4, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
public partial class SoftmaxCategoricalCrossEntropy
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Tanh, double.NaN, false), new ReferenceLayer(4, Activation.Softmax, double.NaN, false)], LossKind.CategoricalCrossEntropy, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.LeakyReLU, Slope = 0.2)]
[Layer(2, Activation.Linear)]
[Loss(LossKind.MeanSquaredError)]
public partial class LeakyReLUSlope
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.LeakyReLU, 0.2, false), new ReferenceLayer(2, Activation.Linear, double.NaN, false)], LossKind.MeanSquaredError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.PReLU, SlopePerUnit = true)]
[Layer(6, Activation.PReLU, Slope = 0.1)]
[Layer(2, Activation.Linear)]
[Loss(LossKind.MeanSquaredError)]
public partial class PReLUPerUnit
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.PReLU, double.NaN, true), new ReferenceLayer(6, Activation.PReLU, 0.1, false), new ReferenceLayer(2, Activation.Linear, double.NaN, false)], LossKind.MeanSquaredError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(5, Activation.Tanh)]
[Layer(2, Activation.Linear)]
[Loss(LossKind.Huber, Delta = 0.3)]
public partial class HuberDelta
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(5, Activation.Tanh, double.NaN, false), new ReferenceLayer(2, Activation.Linear, double.NaN, false)], LossKind.Huber, 0.3);
}

[Network(Inputs = 7, Precision = Precision.Double, Seed = 11)]
[Layer(1, Activation.Tanh)]
[Layer(8, Activation.ELU)]
[Layer(5, Activation.PReLU)]
[Layer(3, Activation.SELU)]
[Layer(3, Activation.Linear)]
[Loss(LossKind.MeanSquaredError)]
public partial class Random1
{
    public static ReferenceModel Reference { get; } = new(7, [new ReferenceLayer(1, Activation.Tanh, double.NaN, false), new ReferenceLayer(8, Activation.ELU, double.NaN, false), new ReferenceLayer(5, Activation.PReLU, double.NaN, false), new ReferenceLayer(3, Activation.SELU, double.NaN, false), new ReferenceLayer(3, Activation.Linear, double.NaN, false)], LossKind.MeanSquaredError, 1.0);
}

[Network(Inputs = 13, Precision = Precision.Double, Seed = 11)]
[Layer(17, Activation.ELU)]
[Layer(9, Activation.LeakyReLU)]
[Layer(33, Activation.Tanh)]
[Layer(70, Activation.LeakyReLU)]
[Layer(2, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class Random2
{
    public static ReferenceModel Reference { get; } = new(13, [new ReferenceLayer(17, Activation.ELU, double.NaN, false), new ReferenceLayer(9, Activation.LeakyReLU, double.NaN, false), new ReferenceLayer(33, Activation.Tanh, double.NaN, false), new ReferenceLayer(70, Activation.LeakyReLU, double.NaN, false), new ReferenceLayer(2, Activation.Sigmoid, double.NaN, false)], LossKind.BinaryCrossEntropy, 1.0);
}

[Network(Inputs = 5, Precision = Precision.Double, Seed = 11)]
[Layer(8, Activation.Sigmoid)]
[Layer(17, Activation.PReLU)]
[Layer(1, Activation.ReLU)]
[Layer(4, Activation.Linear)]
[Loss(LossKind.MeanSquaredError)]
public partial class Random3
{
    public static ReferenceModel Reference { get; } = new(5, [new ReferenceLayer(8, Activation.Sigmoid, double.NaN, false), new ReferenceLayer(17, Activation.PReLU, double.NaN, false), new ReferenceLayer(1, Activation.ReLU, double.NaN, false), new ReferenceLayer(4, Activation.Linear, double.NaN, false)], LossKind.MeanSquaredError, 1.0);
}

[Network(Inputs = 2, Precision = Precision.Double, Seed = 11)]
[Layer(70, Activation.ELU)]
[Layer(33, Activation.ELU)]
[Layer(3, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class Random4
{
    public static ReferenceModel Reference { get; } = new(2, [new ReferenceLayer(70, Activation.ELU, double.NaN, false), new ReferenceLayer(33, Activation.ELU, double.NaN, false), new ReferenceLayer(3, Activation.Sigmoid, double.NaN, false)], LossKind.BinaryCrossEntropy, 1.0);
}

[Network(Inputs = 7, Precision = Precision.Double, Seed = 11)]
[Layer(17, Activation.Linear)]
[Layer(3, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
public partial class Random5
{
    public static ReferenceModel Reference { get; } = new(7, [new ReferenceLayer(17, Activation.Linear, double.NaN, false), new ReferenceLayer(3, Activation.Softmax, double.NaN, false)], LossKind.CategoricalCrossEntropy, 1.0);
}

[Network(Inputs = 33, Precision = Precision.Double, Seed = 11)]
[Layer(40, Activation.LeakyReLU)]
[Layer(3, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class Random6
{
    public static ReferenceModel Reference { get; } = new(33, [new ReferenceLayer(40, Activation.LeakyReLU, double.NaN, false), new ReferenceLayer(3, Activation.Sigmoid, double.NaN, false)], LossKind.BinaryCrossEntropy, 1.0);
}

// Bias-free layers (nn.Linear(bias=False)): a wide one (72 padded doubles: the chunked kernels and the tile kernel's
// chunk loop), a per-unit PReLU whose slopes follow W directly, and bias-free outputs, fused and not.
[Network(Inputs = 5, Precision = Precision.Double, Seed = 11)]
[Layer(70, Activation.ELU, Bias = false)]
[Layer(9, Activation.Tanh)]
[Layer(3, Activation.Linear, Bias = false)]
[Loss(LossKind.MeanSquaredError)]
public partial class BiasFreeWide
{
    public static ReferenceModel Reference { get; } = new(5, [new ReferenceLayer(70, Activation.ELU, double.NaN, false, Bias: false), new ReferenceLayer(9, Activation.Tanh, double.NaN, false), new ReferenceLayer(3, Activation.Linear, double.NaN, false, Bias: false)], LossKind.MeanSquaredError, 1.0);
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 11)]
[Layer(6, Activation.PReLU, SlopePerUnit = true, Bias = false)]
[Layer(5, Activation.GELU)]
[Layer(4, Activation.Softmax, Bias = false)]
[Loss(LossKind.CategoricalCrossEntropy)]
public partial class BiasFreeSoftmaxOutput
{
    public static ReferenceModel Reference { get; } = new(3, [new ReferenceLayer(6, Activation.PReLU, double.NaN, true, Bias: false), new ReferenceLayer(5, Activation.GELU, double.NaN, false), new ReferenceLayer(4, Activation.Softmax, double.NaN, false, Bias: false)], LossKind.CategoricalCrossEntropy, 1.0);
}

[Network(Inputs = 4, Precision = Precision.Double, Seed = 11)]
[Layer(7, Activation.ReLU)]
[Layer(2, Activation.Sigmoid, Bias = false)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class BiasFreeSigmoidOutput
{
    public static ReferenceModel Reference { get; } = new(4, [new ReferenceLayer(7, Activation.ReLU, double.NaN, false), new ReferenceLayer(2, Activation.Sigmoid, double.NaN, false, Bias: false)], LossKind.BinaryCrossEntropy, 1.0);
}

public static class GradientCheckNetworks
{
    public static TheoryData<string> Names => new() { "LinearMeanSquaredError", "LinearMeanAbsoluteError", "LinearHuber", "SigmoidMeanSquaredError", "SigmoidMeanAbsoluteError", "SigmoidHuber", "TanhMeanSquaredError", "TanhMeanAbsoluteError", "TanhHuber", "ReLUMeanSquaredError", "ReLUMeanAbsoluteError", "ReLUHuber", "LeakyReLUMeanSquaredError", "LeakyReLUMeanAbsoluteError", "LeakyReLUHuber", "PReLUMeanSquaredError", "PReLUMeanAbsoluteError", "PReLUHuber", "ELUMeanSquaredError", "ELUMeanAbsoluteError", "ELUHuber", "SELUMeanSquaredError", "SELUMeanAbsoluteError", "SELUHuber", "GELUMeanSquaredError", "GELUMeanAbsoluteError", "GELUHuber", "SoftmaxMeanSquaredError", "SoftmaxMeanAbsoluteError", "SoftmaxHuber", "SigmoidBinaryCrossEntropy", "SigmoidCategoricalCrossEntropy", "SoftmaxBinaryCrossEntropy", "SoftmaxCategoricalCrossEntropy", "LeakyReLUSlope", "PReLUPerUnit", "HuberDelta", "Random1", "Random2", "Random3", "Random4", "Random5", "Random6", "BiasFreeWide", "BiasFreeSoftmaxOutput", "BiasFreeSigmoidOutput" };

    public static (INetwork<double> Network, ReferenceModel Reference) Create(string name) => name switch
    {
        "LinearMeanSquaredError" => (new LinearMeanSquaredError(), LinearMeanSquaredError.Reference),
        "LinearMeanAbsoluteError" => (new LinearMeanAbsoluteError(), LinearMeanAbsoluteError.Reference),
        "LinearHuber" => (new LinearHuber(), LinearHuber.Reference),
        "SigmoidMeanSquaredError" => (new SigmoidMeanSquaredError(), SigmoidMeanSquaredError.Reference),
        "SigmoidMeanAbsoluteError" => (new SigmoidMeanAbsoluteError(), SigmoidMeanAbsoluteError.Reference),
        "SigmoidHuber" => (new SigmoidHuber(), SigmoidHuber.Reference),
        "TanhMeanSquaredError" => (new TanhMeanSquaredError(), TanhMeanSquaredError.Reference),
        "TanhMeanAbsoluteError" => (new TanhMeanAbsoluteError(), TanhMeanAbsoluteError.Reference),
        "TanhHuber" => (new TanhHuber(), TanhHuber.Reference),
        "ReLUMeanSquaredError" => (new ReLUMeanSquaredError(), ReLUMeanSquaredError.Reference),
        "ReLUMeanAbsoluteError" => (new ReLUMeanAbsoluteError(), ReLUMeanAbsoluteError.Reference),
        "ReLUHuber" => (new ReLUHuber(), ReLUHuber.Reference),
        "LeakyReLUMeanSquaredError" => (new LeakyReLUMeanSquaredError(), LeakyReLUMeanSquaredError.Reference),
        "LeakyReLUMeanAbsoluteError" => (new LeakyReLUMeanAbsoluteError(), LeakyReLUMeanAbsoluteError.Reference),
        "LeakyReLUHuber" => (new LeakyReLUHuber(), LeakyReLUHuber.Reference),
        "PReLUMeanSquaredError" => (new PReLUMeanSquaredError(), PReLUMeanSquaredError.Reference),
        "PReLUMeanAbsoluteError" => (new PReLUMeanAbsoluteError(), PReLUMeanAbsoluteError.Reference),
        "PReLUHuber" => (new PReLUHuber(), PReLUHuber.Reference),
        "ELUMeanSquaredError" => (new ELUMeanSquaredError(), ELUMeanSquaredError.Reference),
        "ELUMeanAbsoluteError" => (new ELUMeanAbsoluteError(), ELUMeanAbsoluteError.Reference),
        "ELUHuber" => (new ELUHuber(), ELUHuber.Reference),
        "SELUMeanSquaredError" => (new SELUMeanSquaredError(), SELUMeanSquaredError.Reference),
        "SELUMeanAbsoluteError" => (new SELUMeanAbsoluteError(), SELUMeanAbsoluteError.Reference),
        "SELUHuber" => (new SELUHuber(), SELUHuber.Reference),
        "GELUMeanSquaredError" => (new GELUMeanSquaredError(), GELUMeanSquaredError.Reference),
        "GELUMeanAbsoluteError" => (new GELUMeanAbsoluteError(), GELUMeanAbsoluteError.Reference),
        "GELUHuber" => (new GELUHuber(), GELUHuber.Reference),
        "SoftmaxMeanSquaredError" => (new SoftmaxMeanSquaredError(), SoftmaxMeanSquaredError.Reference),
        "SoftmaxMeanAbsoluteError" => (new SoftmaxMeanAbsoluteError(), SoftmaxMeanAbsoluteError.Reference),
        "SoftmaxHuber" => (new SoftmaxHuber(), SoftmaxHuber.Reference),
        "SigmoidBinaryCrossEntropy" => (new SigmoidBinaryCrossEntropy(), SigmoidBinaryCrossEntropy.Reference),
        "SigmoidCategoricalCrossEntropy" => (new SigmoidCategoricalCrossEntropy(), SigmoidCategoricalCrossEntropy.Reference),
        "SoftmaxBinaryCrossEntropy" => (new SoftmaxBinaryCrossEntropy(), SoftmaxBinaryCrossEntropy.Reference),
        "SoftmaxCategoricalCrossEntropy" => (new SoftmaxCategoricalCrossEntropy(), SoftmaxCategoricalCrossEntropy.Reference),
        "LeakyReLUSlope" => (new LeakyReLUSlope(), LeakyReLUSlope.Reference),
        "PReLUPerUnit" => (new PReLUPerUnit(), PReLUPerUnit.Reference),
        "HuberDelta" => (new HuberDelta(), HuberDelta.Reference),
        "Random1" => (new Random1(), Random1.Reference),
        "Random2" => (new Random2(), Random2.Reference),
        "Random3" => (new Random3(), Random3.Reference),
        "Random4" => (new Random4(), Random4.Reference),
        "Random5" => (new Random5(), Random5.Reference),
        "Random6" => (new Random6(), Random6.Reference),
        "BiasFreeWide" => (new BiasFreeWide(), BiasFreeWide.Reference),
        "BiasFreeSoftmaxOutput" => (new BiasFreeSoftmaxOutput(), BiasFreeSoftmaxOutput.Reference),
        "BiasFreeSigmoidOutput" => (new BiasFreeSigmoidOutput(), BiasFreeSigmoidOutput.Reference),
        _ => throw new System.ArgumentOutOfRangeException(nameof(name), name, "No such test network."),
    };
}
