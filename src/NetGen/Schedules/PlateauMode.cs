namespace NetGen.Schedules;

/// <summary>Whether <see cref="ReduceOnPlateau"/> wants the monitored value low or high, PyTorch's <c>mode</c>.</summary>
public enum PlateauMode
{
    /// <summary>PyTorch's <c>"min"</c>: lower is better (a loss).</summary>
    Min,

    /// <summary>PyTorch's <c>"max"</c>: higher is better (an accuracy).</summary>
    Max,
}
