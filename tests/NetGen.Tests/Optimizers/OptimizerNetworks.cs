// One tiny network per optimizer configuration for the closed-form tests: defaults and non-defaults, with and
// without weight decay. Two layers so hidden and output parameters both move.
namespace NetGen.Tests.Optimizers;

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Sgd)]
public partial class SgdDefault
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.2, WeightDecay = 0.1)]
public partial class SgdDecay
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Momentum)]
public partial class MomentumDefault
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Momentum, LearningRate = 0.05, Momentum = 0.5, Dampening = 0.3, WeightDecay = 0.1)]
public partial class MomentumDampened
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Momentum, Momentum = 0.8, Nesterov = true, WeightDecay = 0.01)]
public partial class MomentumNesterov
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.ExponentialMomentum)]
public partial class ExponentialMomentumDefault
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.ExponentialMomentum, LearningRate = 0.1, Momentum = 0.7, WeightDecay = 0.1)]
public partial class ExponentialMomentumCustom
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adagrad)]
public partial class AdagradDefault
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adagrad, LearningRate = 0.1, LearningRateDecay = 0.05, InitialAccumulator = 0.2, Epsilon = 1e-6, WeightDecay = 0.1)]
public partial class AdagradCustom
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.RmsProp)]
public partial class RmsPropDefault
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.RmsProp, Alpha = 0.9, Momentum = 0.5, Centered = true, Epsilon = 1e-6, WeightDecay = 0.1)]
public partial class RmsPropMomentumCentered
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.RmsProp, Centered = true)]
public partial class RmsPropCentered
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adadelta)]
public partial class AdadeltaDefault
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adadelta, LearningRate = 0.5, Rho = 0.8, Epsilon = 1e-4, WeightDecay = 0.1)]
public partial class AdadeltaCustom
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adam)]
public partial class AdamDefault
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.01, Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-6, WeightDecay = 0.1)]
public partial class AdamCustom
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.01, Amsgrad = true)]
public partial class AdamAmsgrad
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.AdamW)]
public partial class AdamWDefault
{
}

[Network(Inputs = 3, Precision = Precision.Double, Seed = 5)]
[Layer(4, Activation.Tanh)]
[Layer(2)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.AdamW, LearningRate = 0.01, WeightDecay = 0.05, Amsgrad = true)]
public partial class AdamWCustom
{
}

public static class OptimizerNetworks
{
    public static TheoryData<string> Names => new() { "SgdDefault", "SgdDecay", "MomentumDefault", "MomentumDampened", "MomentumNesterov", "ExponentialMomentumDefault", "ExponentialMomentumCustom", "AdagradDefault", "AdagradCustom", "RmsPropDefault", "RmsPropMomentumCentered", "RmsPropCentered", "AdadeltaDefault", "AdadeltaCustom", "AdamDefault", "AdamCustom", "AdamAmsgrad", "AdamWDefault", "AdamWCustom" };

    public static INetwork<double> Create(string name) => name switch
    {
        "SgdDefault" => new SgdDefault(),
        "SgdDecay" => new SgdDecay(),
        "MomentumDefault" => new MomentumDefault(),
        "MomentumDampened" => new MomentumDampened(),
        "MomentumNesterov" => new MomentumNesterov(),
        "ExponentialMomentumDefault" => new ExponentialMomentumDefault(),
        "ExponentialMomentumCustom" => new ExponentialMomentumCustom(),
        "AdagradDefault" => new AdagradDefault(),
        "AdagradCustom" => new AdagradCustom(),
        "RmsPropDefault" => new RmsPropDefault(),
        "RmsPropMomentumCentered" => new RmsPropMomentumCentered(),
        "RmsPropCentered" => new RmsPropCentered(),
        "AdadeltaDefault" => new AdadeltaDefault(),
        "AdadeltaCustom" => new AdadeltaCustom(),
        "AdamDefault" => new AdamDefault(),
        "AdamCustom" => new AdamCustom(),
        "AdamAmsgrad" => new AdamAmsgrad(),
        "AdamWDefault" => new AdamWDefault(),
        "AdamWCustom" => new AdamWCustom(),
        _ => throw new System.ArgumentOutOfRangeException(nameof(name), name, "No such test network."),
    };
}
