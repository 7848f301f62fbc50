using NetGen;

namespace NetGen.Samples.Shipping;

/// <summary>
/// Handwritten digits (8 × 8 pixels, 0–16 each, scaled to [0, 1]) into 10 classes. Train/Program.cs trains it and saves
/// its weights; App/DigitsModel.cs compiles those weights into the same layers, checked against the file at compile time.
/// </summary>
[Network(Inputs = 64, Seed = 11)]
[Layer(32, Activation.ReLU, Init.HeNormal)]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 3e-3)]
public partial class DigitsNet
{
    /// <summary>Pixels are 0–16: dividing by 16 puts them in [0, 1] (a fixed scale, so the shipped app needs no statistics file).</summary>
    public const float PixelScale = 1f / 16;
}
