namespace NetGen.Schedules;

/// <summary>The three amplitude policies of <see cref="CyclicLearningRate"/> (Smith, 2017), PyTorch's <c>mode</c>.</summary>
public enum CyclicMode
{
    /// <summary>PyTorch's <c>"triangular"</c>: every cycle has the full height <c>maxLr − baseLr</c>.</summary>
    Triangular,

    /// <summary>PyTorch's <c>"triangular2"</c>: cycle c (from 1) has height <c>(maxLr − baseLr)/2^(c−1)</c>.</summary>
    Triangular2,

    /// <summary>PyTorch's <c>"exp_range"</c>: the height at update t is scaled by <c>γ^t</c>.</summary>
    ExpRange,
}
