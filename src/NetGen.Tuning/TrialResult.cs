using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning;

/// <summary>A trial of a study as it was when read from the storage: its number, state, parameters, value and what it reported.</summary>
public sealed class TrialResult
{
    internal TrialResult(TrialRecord record, TrialParameters? parameters)
    {
        Id = record.Id;
        Number = record.Number;
        State = record.State;
        Parameters = parameters;
        Value = record.Value;
        IntermediateValues = record.IntermediateValues;
        Attempts = record.Attempts;
        Started = record.Started;
        Finished = record.Finished;
        WorkerId = record.WorkerId;
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        if (record.AttributesJson is { } json)
        {
            using var document = JsonDocument.Parse(json);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == ErrorKey && property.Value.ValueKind == JsonValueKind.String)
                {
                    Error = property.Value.GetString();
                }
                else
                {
                    attributes[property.Name] = property.Value.ValueKind == JsonValueKind.Number
                        ? double.Parse(property.Value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)
                        : property.Value.ToString();
                }
            }
        }

        Attributes = attributes;
    }

    /// <summary>The attribute key under which a failed trial's error is recorded.</summary>
    internal const string ErrorKey = "error";

    /// <summary>The storage's key of the trial.</summary>
    internal long Id { get; }

    /// <summary>The 0-based number of the trial in its study, in claim order.</summary>
    public int Number { get; }

    /// <summary>Where the trial is.</summary>
    public TrialState State { get; }

    /// <summary>The trial's parameters, or <see langword="null"/> before its worker proposed them.</summary>
    public TrialParameters? Parameters { get; }

    /// <summary>The objective value of a complete trial, the last intermediate value of a pruned one, else <see langword="null"/>.</summary>
    public double? Value { get; }

    /// <summary>The values the trial reported with <see cref="Trial.Report"/>, in step order.</summary>
    public IReadOnlyList<IntermediateValue> IntermediateValues { get; }

    /// <summary>The error of a failed trial: the exception's type and message, or why its value was rejected.</summary>
    public string? Error { get; }

    /// <summary>What the objective recorded with <see cref="Trial.SetAttribute(string, double)"/> (numbers as <see cref="double"/>, text as <see cref="string"/>).</summary>
    public IReadOnlyDictionary<string, object> Attributes { get; }

    /// <summary>How many times the trial was claimed (more than 1 when its worker died and it was retried).</summary>
    public int Attempts { get; }

    /// <summary>When its last attempt started, by the storage's clock.</summary>
    public DateTimeOffset? Started { get; }

    /// <summary>When it finished, by the storage's clock.</summary>
    public DateTimeOffset? Finished { get; }

    /// <summary>How long its last attempt took, once finished.</summary>
    public TimeSpan? Duration => Started is { } started && Finished is { } finished ? finished - started : null;

    /// <summary>The worker that holds or last held it.</summary>
    public string? WorkerId { get; }

    /// <summary>The intermediate value at <paramref name="step"/>, or <see langword="null"/> when the trial did not report that step.</summary>
    /// <param name="step">A step.</param>
    public double? IntermediateValueAt(int step)
    {
        foreach (var value in IntermediateValues)
        {
            if (value.Step == step)
            {
                return value.Value;
            }
        }

        return null;
    }

    /// <summary>The last reported step and its value, or <see langword="null"/> when nothing was reported.</summary>
    public IntermediateValue? LastIntermediateValue => IntermediateValues.Count == 0 ? null : IntermediateValues[^1];

    /// <inheritdoc/>
    public override string ToString() =>
        $"Trial {Number} {State}{(Value is { } v ? " " + v.ToString("G6", CultureInfo.InvariantCulture) : "")}{(Parameters is null ? "" : " (" + Parameters + ")")}";
}
