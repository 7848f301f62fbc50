using System;
using System.Collections.Generic;

namespace NetGen.Tuning.Storage;

/// <summary>
/// Where a study and its trials are kept while it runs: the contract between the tuner and its storages (in memory,
/// a SQLite file, a PostgreSQL database shared by workers on many machines).
/// </summary>
/// <remarks>
/// <para>
/// Every method is atomic and safe to call from many threads and, for the database storages, from many processes at
/// once. A trial belongs to the worker that claimed it; <see cref="SetParameters"/>, <see cref="ReportIntermediate"/>,
/// <see cref="Heartbeat"/> and <see cref="FinishTrial"/> change nothing and return <see langword="false"/> when it no
/// longer does (it was given back by <see cref="RequeueStaleTrials"/> and claimed by another): so a trial's result is
/// recorded once, by the attempt that holds it, and none is lost.
/// </para>
/// <para>Times are the storage's own clock (the database server's), so workers on machines whose clocks differ agree on staleness.</para>
/// </remarks>
public interface IStudyStorage : IDisposable
{
    /// <summary>
    /// Creates the study <paramref name="name"/> with <paramref name="definitionJson"/>, or returns the existing one
    /// (with the definition it was created with; the caller compares them).
    /// </summary>
    StudyRecord CreateOrOpenStudy(string name, string definitionJson);

    /// <summary>Every trial of the study, in number order.</summary>
    IReadOnlyList<TrialRecord> GetTrials(long studyId);

    /// <summary>
    /// Claims a trial for <paramref name="workerId"/>: the <see cref="TrialState.Waiting"/> trial with the lowest number
    /// (keeping its number and parameters), or else a new <see cref="TrialState.Running"/> trial numbered after every
    /// other, as long as the study has fewer than <paramref name="maxTrials"/> trials. Returns <see langword="null"/>
    /// when the budget is used and nothing waits.
    /// </summary>
    TrialRecord? ClaimTrial(long studyId, string workerId, int maxTrials);

    /// <summary>Records the parameters the worker proposed for a claimed trial that has none yet.</summary>
    bool SetParameters(long trialId, string workerId, string parametersJson);

    /// <summary>Records a value of a running trial at <paramref name="step"/> (replacing an earlier one of that step).</summary>
    bool ReportIntermediate(long trialId, string workerId, int step, double value);

    /// <summary>Tells the storage the worker still runs the trial.</summary>
    bool Heartbeat(long trialId, string workerId);

    /// <summary>Ends a running trial as <see cref="TrialState.Complete"/>, <see cref="TrialState.Pruned"/> or <see cref="TrialState.Failed"/>.</summary>
    bool FinishTrial(long trialId, string workerId, TrialState state, double? value, string? attributesJson);

    /// <summary>
    /// Gives back every running trial of the study whose last heartbeat (or claim) is older than
    /// <paramref name="staleAfter"/>: it becomes <see cref="TrialState.Waiting"/> with its number and parameters, its
    /// intermediate values cleared, for the next <see cref="ClaimTrial"/>. Returns how many were given back.
    /// </summary>
    int RequeueStaleTrials(long studyId, TimeSpan staleAfter);

    /// <summary>Adds a <see cref="TrialState.Waiting"/> trial with the given parameters (numbered after every other), to be claimed before any new one.</summary>
    TrialRecord EnqueueTrial(long studyId, string parametersJson);
}
