using System;
using System.Collections.Generic;
using System.Linq;

namespace NetGen.Tuning.Storage;

/// <summary>
/// A storage that keeps studies in this process's memory: the default of <see cref="Study"/>, for studies that need
/// not survive the process. Thread-safe: every method takes one lock.
/// </summary>
public sealed class InMemoryStudyStorage : IStudyStorage
{
    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private readonly List<StudyRecord> _studies = new();
    private readonly Dictionary<long, List<MutableTrial>> _trialsByStudy = new();
    private readonly Dictionary<long, MutableTrial> _trialsById = new();
    private long _nextTrialId = 1;

    /// <summary>Creates an empty storage on the system clock.</summary>
    public InMemoryStudyStorage()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates an empty storage on <paramref name="clock"/> (a fake clock lets tests make trials stale).</summary>
    /// <param name="clock">The clock for claims, heartbeats and finishes.</param>
    public InMemoryStudyStorage(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
    }

    /// <inheritdoc/>
    public StudyRecord CreateOrOpenStudy(string name, string definitionJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(definitionJson);
        lock (_gate)
        {
            var existing = _studies.Find(s => s.Name == name);
            if (existing is not null)
            {
                return existing;
            }

            var study = new StudyRecord(_studies.Count + 1, name, definitionJson);
            _studies.Add(study);
            _trialsByStudy.Add(study.Id, new List<MutableTrial>());
            return study;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<TrialRecord> GetTrials(long studyId)
    {
        lock (_gate)
        {
            return TrialsOf(studyId).Select(t => t.ToRecord()).ToList();
        }
    }

    /// <inheritdoc/>
    public TrialRecord? ClaimTrial(long studyId, string workerId, int maxTrials)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        if (maxTrials < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTrials), maxTrials, "Expected a trial budget of 0 or more.");
        }

        lock (_gate)
        {
            var trials = TrialsOf(studyId);
            var now = _clock.GetUtcNow();
            var waiting = trials.Find(t => t.State == TrialState.Waiting);
            if (waiting is not null)
            {
                waiting.State = TrialState.Running;
                waiting.WorkerId = workerId;
                waiting.Attempts++;
                waiting.Started = now;
                waiting.Heartbeat = now;
                return waiting.ToRecord();
            }

            if (trials.Count >= maxTrials)
            {
                return null;
            }

            var trial = new MutableTrial(_nextTrialId++, trials.Count)
            {
                State = TrialState.Running,
                WorkerId = workerId,
                Attempts = 1,
                Started = now,
                Heartbeat = now,
            };
            trials.Add(trial);
            _trialsById.Add(trial.Id, trial);
            return trial.ToRecord();
        }
    }

    /// <inheritdoc/>
    public bool SetParameters(long trialId, string workerId, string parametersJson)
    {
        ArgumentNullException.ThrowIfNull(parametersJson);
        lock (_gate)
        {
            if (!Holds(trialId, workerId, out var trial) || trial.ParametersJson is not null)
            {
                return false;
            }

            trial.ParametersJson = parametersJson;
            return true;
        }
    }

    /// <inheritdoc/>
    public bool ReportIntermediate(long trialId, string workerId, int step, double value)
    {
        if (step < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Expected a step of 0 or more.");
        }

        lock (_gate)
        {
            if (!Holds(trialId, workerId, out var trial))
            {
                return false;
            }

            trial.Intermediate[step] = value;
            trial.Heartbeat = _clock.GetUtcNow();
            return true;
        }
    }

    /// <inheritdoc/>
    public bool Heartbeat(long trialId, string workerId)
    {
        lock (_gate)
        {
            if (!Holds(trialId, workerId, out var trial))
            {
                return false;
            }

            trial.Heartbeat = _clock.GetUtcNow();
            return true;
        }
    }

    /// <inheritdoc/>
    public bool FinishTrial(long trialId, string workerId, TrialState state, double? value, string? attributesJson)
    {
        if (state is not (TrialState.Complete or TrialState.Pruned or TrialState.Failed))
        {
            throw new ArgumentException($"A trial finishes as Complete, Pruned or Failed, not {state}.", nameof(state));
        }

        if (state == TrialState.Complete && value is null)
        {
            throw new ArgumentNullException(nameof(value), "A complete trial needs its objective value.");
        }

        lock (_gate)
        {
            if (!Holds(trialId, workerId, out var trial))
            {
                return false;
            }

            trial.State = state;
            trial.Value = value;
            trial.AttributesJson = attributesJson;
            trial.Finished = _clock.GetUtcNow();
            return true;
        }
    }

    /// <inheritdoc/>
    public int RequeueStaleTrials(long studyId, TimeSpan staleAfter)
    {
        if (staleAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(staleAfter), staleAfter, "Expected a time of 0 or more.");
        }

        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var count = 0;
            foreach (var trial in TrialsOf(studyId))
            {
                if (trial.State == TrialState.Running && now - trial.Heartbeat > staleAfter)
                {
                    trial.State = TrialState.Waiting;
                    trial.Intermediate.Clear();
                    count++;
                }
            }

            return count;
        }
    }

    /// <inheritdoc/>
    public TrialRecord EnqueueTrial(long studyId, string parametersJson)
    {
        ArgumentNullException.ThrowIfNull(parametersJson);
        lock (_gate)
        {
            var trials = TrialsOf(studyId);
            var trial = new MutableTrial(_nextTrialId++, trials.Count) { State = TrialState.Waiting, ParametersJson = parametersJson };
            trials.Add(trial);
            _trialsById.Add(trial.Id, trial);
            return trial.ToRecord();
        }
    }

    /// <summary>Nothing to release.</summary>
    public void Dispose()
    {
    }

    private List<MutableTrial> TrialsOf(long studyId) =>
        _trialsByStudy.TryGetValue(studyId, out var trials)
            ? trials
            : throw new ArgumentException($"This storage has no study with id {studyId}.", nameof(studyId));

    private bool Holds(long trialId, string workerId, out MutableTrial trial) =>
        _trialsById.TryGetValue(trialId, out trial!) && trial.State == TrialState.Running && trial.WorkerId == workerId;

    private sealed class MutableTrial(long id, int number)
    {
        public long Id { get; } = id;

        public int Number { get; } = number;

        public TrialState State { get; set; }

        public string? ParametersJson { get; set; }

        public double? Value { get; set; }

        public SortedDictionary<int, double> Intermediate { get; } = new();

        public string? AttributesJson { get; set; }

        public string? WorkerId { get; set; }

        public int Attempts { get; set; }

        public DateTimeOffset? Started { get; set; }

        public DateTimeOffset Heartbeat { get; set; }

        public DateTimeOffset? Finished { get; set; }

        public TrialRecord ToRecord() => new(
            Id,
            Number,
            State,
            ParametersJson,
            Value,
            Intermediate.Select(p => new IntermediateValue(p.Key, p.Value)).ToArray(),
            AttributesJson,
            WorkerId,
            Attempts,
            Started,
            Finished);
    }
}
