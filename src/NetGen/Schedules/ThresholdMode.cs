namespace NetGen.Schedules;

/// <summary>How <see cref="ReduceOnPlateau"/> measures a significant improvement, PyTorch's <c>threshold_mode</c>.</summary>
public enum ThresholdMode
{
    /// <summary>PyTorch's <c>"rel"</c>: better means below <c>best·(1 − threshold)</c> (min) or above <c>best·(1 + threshold)</c> (max).</summary>
    Rel,

    /// <summary>PyTorch's <c>"abs"</c>: better means below <c>best − threshold</c> (min) or above <c>best + threshold</c> (max).</summary>
    Abs,
}
