using System.Collections.Generic;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning;

/// <summary>
/// Decides from a running trial's intermediate values (<see cref="Trial.Report"/>) and the other trials' whether to stop
/// it early: <see cref="MedianPruner"/>, <see cref="SuccessiveHalvingPruner"/>, or <see cref="NopPruner"/> (the default).
/// </summary>
/// <remarks>A pruner must be thread-safe: parallel workers call it at once.</remarks>
public abstract class Pruner
{
    /// <summary>Whether the trial should stop now.</summary>
    /// <param name="context">The trial's values and the study's other trials.</param>
    public abstract bool ShouldPrune(PrunerContext context);

    /// <summary>The pruner with its settings.</summary>
    public abstract override string ToString();
}

/// <summary>A pruner that never prunes: every trial runs to the end.</summary>
public sealed class NopPruner : Pruner
{
    /// <inheritdoc/>
    public override bool ShouldPrune(PrunerContext context) => false;

    /// <inheritdoc/>
    public override string ToString() => "NopPruner()";
}

/// <summary>What a <see cref="Pruner"/> knows about the trial it judges.</summary>
public sealed class PrunerContext
{
    /// <summary>Creates a context (for testing a pruner on made-up curves).</summary>
    /// <param name="direction">Whether the study minimizes or maximizes.</param>
    /// <param name="trialNumber">The trial's number.</param>
    /// <param name="intermediateValues">The trial's reported values, in step order.</param>
    /// <param name="trials">The study's other trials.</param>
    public PrunerContext(StudyDirection direction, int trialNumber, IReadOnlyList<IntermediateValue> intermediateValues, IReadOnlyList<TrialResult> trials)
    {
        Direction = direction;
        TrialNumber = trialNumber;
        IntermediateValues = intermediateValues;
        Trials = trials;
    }

    /// <summary>Whether the study minimizes or maximizes.</summary>
    public StudyDirection Direction { get; }

    /// <summary>The trial's number.</summary>
    public int TrialNumber { get; }

    /// <summary>The trial's reported values so far, in step order (the last is the current step).</summary>
    public IReadOnlyList<IntermediateValue> IntermediateValues { get; }

    /// <summary>The study's other trials (any state), in number order.</summary>
    public IReadOnlyList<TrialResult> Trials { get; }
}
