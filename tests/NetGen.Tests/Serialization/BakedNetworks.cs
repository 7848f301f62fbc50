// Networks whose trained state is compiled in ([Network(Weights = …)]): the PyTorch fixtures and a NetGen checkpoint.
namespace NetGen.Tests.Serialization;

[Network(Inputs = 5, Precision = Precision.Double, Weights = "Fixtures/PyTorch/mixed_double.safetensors")]
[Layer(8, Activation.Tanh)]
[BatchNorm]
[Layer(6, Activation.PReLU, Bias = false, SlopePerUnit = true)]
[Dropout(0.2)]
[Layer(7, Activation.GELU)]
[Layer(4, Activation.ELU)]
[Layer(3, Activation.Softmax)]
public partial class BakedMixedDoubleNet
{
}

[Network(Inputs = 4, Weights = "Fixtures/PyTorch/mixed_float.safetensors")]
[Layer(10, Activation.SELU, Init.LeCunNormal)]
[Layer(6, Activation.LeakyReLU, Slope = 0.2)]
[BatchNorm]
[Layer(5, Activation.PReLU)]
[Layer(4, Activation.ReLU)]
[Layer(2, Activation.Sigmoid)]
public partial class BakedMixedFloatNet
{
}

[Network(Inputs = 4, Weights = "Fixtures/PyTorch/mixed_float.bf16.safetensors")]
[Layer(10, Activation.SELU, Init.LeCunNormal)]
[Layer(6, Activation.LeakyReLU, Slope = 0.2)]
[BatchNorm]
[Layer(5, Activation.PReLU)]
[Layer(4, Activation.ReLU)]
[Layer(2, Activation.Sigmoid)]
public partial class BakedMixedBFloat16Net
{
}

[Network(Inputs = 5, Seed = 3, Weights = "Fixtures/NetGen/resumable.safetensors")]
[Layer(12, Activation.ReLU, Bias = false)]
[BatchNorm]
[Layer(8, Activation.Tanh)]
[Dropout(0.25)]
[Layer(3, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.01, Amsgrad = true)]
[GradientClip(MaxNorm = 5)]
public partial class BakedResumableNet
{
}

/// <summary>The PyTorch double fixture as the form to ship: batch norm folded, dropout gone, no training members.</summary>
[Network(Inputs = 5, Precision = Precision.Double, Weights = "Fixtures/PyTorch/mixed_double.safetensors", InferenceOnly = true)]
[Layer(8, Activation.Tanh)]
[BatchNorm]
[Layer(6, Activation.PReLU, Bias = false, SlopePerUnit = true)]
[Dropout(0.2)]
[Layer(7, Activation.GELU)]
[Layer(4, Activation.ELU)]
[Layer(3, Activation.Softmax)]
public partial class ShippedMixedDoubleNet
{
}

/// <summary>The PyTorch float fixture as the form to ship.</summary>
[Network(Inputs = 4, Weights = "Fixtures/PyTorch/mixed_float.safetensors", InferenceOnly = true)]
[Layer(10, Activation.SELU, Init.LeCunNormal)]
[Layer(6, Activation.LeakyReLU, Slope = 0.2)]
[BatchNorm]
[Layer(5, Activation.PReLU)]
[Layer(4, Activation.ReLU)]
[Layer(2, Activation.Sigmoid)]
public partial class ShippedMixedFloatNet
{
}

/// <summary>The NetGen checkpoint (bias-free layer before batch norm, dropout) as the form to ship.</summary>
[Network(Inputs = 5, Weights = "Fixtures/NetGen/resumable.safetensors", InferenceOnly = true)]
[Layer(12, Activation.ReLU, Bias = false)]
[BatchNorm]
[Layer(8, Activation.Tanh)]
[Dropout(0.25)]
[Layer(3, Activation.Softmax)]
public partial class ShippedResumableNet
{
}
