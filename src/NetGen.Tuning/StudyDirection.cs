namespace NetGen.Tuning;

/// <summary>Whether a study looks for the smallest or the largest objective value.</summary>
public enum StudyDirection
{
    /// <summary>Smaller is better (a loss, an error).</summary>
    Minimize,

    /// <summary>Larger is better (an accuracy, an F1, an R²).</summary>
    Maximize,
}

/// <summary>Comparisons in a study's direction.</summary>
internal static class Directions
{
    /// <summary>Whether <paramref name="candidate"/> is strictly better than <paramref name="incumbent"/>.</summary>
    public static bool IsBetter(this StudyDirection direction, double candidate, double incumbent) =>
        direction == StudyDirection.Minimize ? candidate < incumbent : candidate > incumbent;

    /// <summary>The value as a loss: itself when minimizing, its negation when maximizing (so smaller is always better).</summary>
    public static double AsLoss(this StudyDirection direction, double value) => direction == StudyDirection.Minimize ? value : -value;
}
