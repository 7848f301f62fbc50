using NetGen;

namespace NetGen.Samples.Shipping;

/// <summary>
/// The trained digits network, inference only, with its weights compiled in from digits.safetensors (saved by the Train project). The
/// layers repeat DigitsNet's; the compiler checks them against the file (NG5003 names any difference).
/// </summary>
[Network(Inputs = 64, Weights = "digits.safetensors", InferenceOnly = true)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(10, Activation.Softmax)]
public partial class DigitsModel
{
}
