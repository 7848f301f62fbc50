namespace NetGen.Tuning;

/// <summary>placeholder</summary>
public sealed class StudySummary
{
    internal StudySummary(Study study, System.Collections.Generic.IReadOnlyList<TrialResult> trials)
    {
    }
}
