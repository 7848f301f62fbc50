namespace NetGen;

/// <summary>The update rule applied by <c>TrainStep</c>.</summary>
/// <remarks>Linked into the generator and analyzers.</remarks>
public enum OptimizerKind
{
    /// <summary>
    /// Stochastic gradient descent, <c>p ← p − lr·g</c>. Full-batch gradient descent, SGD and mini-batch SGD
    /// are this update with different batch sizes.
    /// </summary>
    Sgd = 0,
}
