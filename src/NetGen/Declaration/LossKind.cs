namespace NetGen;

/// <summary>The training loss. Every loss uses PyTorch's default <c>mean</c> reduction.</summary>
/// <remarks>Linked into the generator and analyzers.</remarks>
public enum LossKind
{
    /// <summary>Mean of <c>(y − t)²</c> over all batch × output elements.</summary>
    MeanSquaredError = 0,
    /// <summary>Mean of <c>|y − t|</c> over all batch × output elements.</summary>
    MeanAbsoluteError = 1,
    /// <summary>PyTorch's <c>HuberLoss</c>: <c>½d²</c> for <c>|d| &lt; δ</c>, else <c>δ(|d| − ½δ)</c>; δ = 1 unless <see cref="LossAttribute.Delta"/> says otherwise.</summary>
    Huber = 2,
    /// <summary>Binary cross-entropy; computed from the logits (fused, stable) when the output activation is Sigmoid.</summary>
    BinaryCrossEntropy = 3,
    /// <summary>Categorical cross-entropy <c>−Σ t·log p</c>, averaged over the batch; computed from the logits when the output activation is Softmax.</summary>
    CategoricalCrossEntropy = 4,
}
