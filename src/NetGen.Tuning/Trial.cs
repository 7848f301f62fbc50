using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning;

/// <summary>
/// One run of the objective, as the objective sees it: its number, its seed, the parameters to try, and the means to
/// report progress and to ask whether it should stop early.
/// </summary>
/// <remarks>
/// A trial is used by one thread, the one running the objective. <see cref="Seed"/> depends only on the study's seed
/// and <see cref="Number"/>: seed the network, the shuffling and anything else random from it and the trial is
/// reproducible.
/// </remarks>
public sealed class Trial
{
    private readonly Study _study;
    private readonly long _id;
    private readonly string _workerId;
    private readonly SortedList<int, double> _intermediate = new();
    private readonly Dictionary<string, object> _attributes = new(StringComparer.Ordinal);

    internal Trial(Study study, long id, string workerId, int number, TrialParameters parameters, CancellationToken cancellationToken)
    {
        _study = study;
        _id = id;
        _workerId = workerId;
        Number = number;
        Parameters = parameters;
        Seed = Seeds.TrialSeed(study.Seed, number);
        CancellationToken = cancellationToken;
    }

    /// <summary>The 0-based number of the trial in its study (kept when a trial is retried).</summary>
    public int Number { get; }

    /// <summary>
    /// The trial's seed, a non-negative <see cref="int"/> derived from the study's seed and <see cref="Number"/> (with
    /// SplitMix64 and <see cref="DeterministicRandom"/>): pass it to the network's constructor and the shuffling.
    /// </summary>
    public int Seed { get; }

    /// <summary>The study's seed, for what every trial must share (such as the data split).</summary>
    public int StudySeed => _study.Seed;

    /// <summary>The study's name.</summary>
    public string StudyName => _study.Name;

    /// <summary>Whether the study minimizes or maximizes the objective.</summary>
    public StudyDirection Direction => _study.Direction;

    /// <summary>The parameters to try.</summary>
    public TrialParameters Parameters { get; }

    /// <summary>Cancelled when the study is asked to stop; the objective may pass it on (e.g. to <c>Trainer.Fit</c>).</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The values reported so far, in step order.</summary>
    public IReadOnlyList<IntermediateValue> IntermediateValues => _intermediate.Select(p => new IntermediateValue(p.Key, p.Value)).ToList();

    /// <summary>Whether the trial was given back to the study (its worker was thought dead) and another took it: what this attempt reports is then ignored.</summary>
    public bool IsAbandoned { get; private set; }

    /// <summary>
    /// Records the objective's value at <paramref name="step"/> (an epoch, a number of samples seen) for the pruner and
    /// the study's history; reporting a step again replaces its value.
    /// </summary>
    /// <param name="step">The step, 0 or more.</param>
    /// <param name="value">The objective's value at that step, a finite number, in the study's direction.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is NaN or infinite.</exception>
    public void Report(int step, double value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Trial {Number} reported {JsonValues.Format(value)} at step {step}; expected a finite number.", nameof(value));
        }

        _intermediate[step] = value;
        if (!_study.Storage.ReportIntermediate(_id, _workerId, step, value))
        {
            IsAbandoned = true;
        }
    }

    /// <summary>
    /// Whether the study's pruner finds the trial hopeless given what it reported so far and the other trials; the
    /// objective should then stop and throw <see cref="TrialPrunedException"/>. Also <see langword="true"/> when the
    /// trial was abandoned (<see cref="IsAbandoned"/>).
    /// </summary>
    public bool ShouldPrune()
    {
        if (IsAbandoned)
        {
            return true;
        }

        if (_intermediate.Count == 0 || _study.Pruner is NopPruner)
        {
            return false;
        }

        var others = _study.ReadTrials().Where(t => t.Number != Number).ToList();
        return _study.Pruner.ShouldPrune(new PrunerContext(_study.Direction, Number, IntermediateValues, others));
    }

    /// <summary>Records a number with the trial's result (a metric, a count), shown in <see cref="TrialResult.Attributes"/>.</summary>
    /// <param name="name">The attribute's name, not "error".</param>
    /// <param name="value">Its value, a finite number.</param>
    /// <exception cref="ArgumentException">The name is empty or "error", or the value is not finite.</exception>
    public void SetAttribute(string name, double value)
    {
        RequireAttributeName(name);
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Attribute '{name}' is {JsonValues.Format(value)}; expected a finite number.", nameof(value));
        }

        _attributes[name] = value;
    }

    /// <summary>Records a text with the trial's result, shown in <see cref="TrialResult.Attributes"/>.</summary>
    /// <param name="name">The attribute's name, not "error".</param>
    /// <param name="value">Its value.</param>
    /// <exception cref="ArgumentException">The name is empty or "error".</exception>
    public void SetAttribute(string name, string value)
    {
        RequireAttributeName(name);
        ArgumentNullException.ThrowIfNull(value);
        _attributes[name] = value;
    }

    /// <summary>The last reported value, for a pruned trial's value.</summary>
    internal double? LastIntermediate => _intermediate.Count == 0 ? null : _intermediate.Values[^1];

    /// <summary>The attributes as JSON, with <paramref name="error"/> when the trial failed.</summary>
    internal string? AttributesJson(string? error)
    {
        if (_attributes.Count == 0 && error is null)
        {
            return null;
        }

        return JsonValues.Build(writer =>
        {
            writer.WriteStartObject();
            if (error is not null)
            {
                writer.WriteString(TrialResult.ErrorKey, error);
            }

            foreach (var (name, value) in _attributes)
            {
                writer.WritePropertyName(name);
                if (value is double number)
                {
                    writer.WriteRawValue(JsonValues.Format(number));
                }
                else
                {
                    writer.WriteStringValue((string)value);
                }
            }

            writer.WriteEndObject();
        });
    }

    private static void RequireAttributeName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name == TrialResult.ErrorKey)
        {
            throw new ArgumentException("The attribute name \"error\" is reserved for a failed trial's error.", nameof(name));
        }
    }
}
