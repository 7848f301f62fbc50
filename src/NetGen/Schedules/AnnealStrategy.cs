namespace NetGen.Schedules;

/// <summary>How <see cref="OneCycle"/> moves between the end points of a phase, PyTorch's <c>anneal_strategy</c>.</summary>
public enum AnnealStrategy
{
    /// <summary>PyTorch's <c>"cos"</c>: <c>end + (start − end)/2·(cos(π·pct) + 1)</c>.</summary>
    Cos,

    /// <summary>PyTorch's <c>"linear"</c>: <c>(end − start)·pct + start</c>.</summary>
    Linear,
}
