using System;
using System.Collections.Generic;

namespace NetGen.Tuning.Storage;

/// <summary>One trial as a storage keeps it.</summary>
/// <param name="Id">The storage's key of the trial, unique across studies.</param>
/// <param name="Number">The 0-based number of the trial within its study, given in the order trials were claimed; never reused.</param>
/// <param name="State">Where the trial is.</param>
/// <param name="ParametersJson">The trial's parameters as the tuner serialized them, or <see langword="null"/> before its worker proposed them.</param>
/// <param name="Value">The objective value of a complete trial (or the last intermediate value of a pruned one); otherwise <see langword="null"/>.</param>
/// <param name="IntermediateValues">The values reported while the trial ran (for pruning), in step order.</param>
/// <param name="AttributesJson">What the tuner recorded with the result (metrics, history summary, error), as serialized by it; may be <see langword="null"/>.</param>
/// <param name="WorkerId">The worker that holds or last held the trial.</param>
/// <param name="Attempts">How many times the trial has been claimed (more than 1 when it was given back and retried).</param>
/// <param name="Started">When the current or last attempt was claimed, by the storage's clock.</param>
/// <param name="Finished">When the trial finished, by the storage's clock; <see langword="null"/> until it does.</param>
public sealed record TrialRecord(
    long Id,
    int Number,
    TrialState State,
    string? ParametersJson,
    double? Value,
    IReadOnlyList<IntermediateValue> IntermediateValues,
    string? AttributesJson,
    string? WorkerId,
    int Attempts,
    DateTimeOffset? Started,
    DateTimeOffset? Finished);

/// <summary>A value a running trial reported at one step (an epoch, a rung), which pruners compare across trials.</summary>
/// <param name="Step">The step, 0 or more; a step is reported at most once per attempt.</param>
/// <param name="Value">The objective's value at that step.</param>
public readonly record struct IntermediateValue(int Step, double Value);

/// <summary>A study as a storage keeps it.</summary>
/// <param name="Id">The storage's key of the study.</param>
/// <param name="Name">The study's name, unique within a storage.</param>
/// <param name="DefinitionJson">What the tuner recorded when it created the study (search space, direction, seed, strategy), so a resumed or shared study can be checked to be the same one.</param>
public sealed record StudyRecord(long Id, string Name, string DefinitionJson);
