using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning;

/// <summary>One point of a study's optimization history: a complete trial's value and the best value up to it.</summary>
/// <param name="Number">The trial's number.</param>
/// <param name="Value">Its objective value.</param>
/// <param name="BestSoFar">The best value of the complete trials numbered up to it.</param>
public readonly record struct HistoryPoint(int Number, double Value, double BestSoFar);

/// <summary>One complete trial's value of a parameter against its objective value, for a per-parameter scatter plot.</summary>
/// <param name="Number">The trial's number.</param>
/// <param name="Position">Where to plot the parameter: its value for a number, the choice's index for a categorical.</param>
/// <param name="Label">The parameter's value as text.</param>
/// <param name="Objective">The trial's objective value.</param>
public readonly record struct ParameterPoint(int Number, double Position, string Label, double Objective);

/// <summary>
/// A study at one moment: its best trial, the table of its trials (number, state, value, duration, parameters), and the
/// series to plot (the optimization history and each parameter against the objective), as Optuna's
/// <c>plot_optimization_history</c> and <c>plot_slice</c> show them.
/// </summary>
public sealed class StudySummary
{
    internal StudySummary(Study study, IReadOnlyList<TrialResult> trials)
    {
        StudyName = study.Name;
        Direction = study.Direction;
        Space = study.Space;
        Trials = trials;
        BestTrial = study.Best(trials);
        var history = new List<HistoryPoint>();
        double? best = null;
        foreach (var trial in trials.Where(t => t.State == TrialState.Complete && t.Value is not null))
        {
            var value = trial.Value!.Value;
            best = best is { } b && !Direction.IsBetter(value, b) ? b : value;
            history.Add(new HistoryPoint(trial.Number, value, best.Value));
        }

        History = history;
    }

    /// <summary>The study's name.</summary>
    public string StudyName { get; }

    /// <summary>Whether the study minimizes or maximizes.</summary>
    public StudyDirection Direction { get; }

    /// <summary>The study's space.</summary>
    public SearchSpace Space { get; }

    /// <summary>Every trial, in number order.</summary>
    public IReadOnlyList<TrialResult> Trials { get; }

    /// <summary>The best complete trial, or <see langword="null"/>.</summary>
    public TrialResult? BestTrial { get; }

    /// <summary>The optimization history: each complete trial's value and the best so far, in number order.</summary>
    public IReadOnlyList<HistoryPoint> History { get; }

    /// <summary>Each complete trial's value of the parameter <paramref name="name"/> (trials where it was inactive left out) against its objective value.</summary>
    /// <param name="name">A dimension's name.</param>
    /// <exception cref="ArgumentException">The space has no dimension of that name.</exception>
    public IReadOnlyList<ParameterPoint> ParameterValues(string name)
    {
        var index = Space.IndexOf(name);
        return Trials
            .Where(t => t.State == TrialState.Complete && t.Value is not null && t.Parameters?.InternalValue(index) is not null)
            .Select(t => new ParameterPoint(t.Number, t.Parameters!.InternalValue(index)!.Value, TrialParameters.Format(t.Parameters[name]), t.Value!.Value))
            .ToList();
    }

    /// <summary>
    /// How much of the spread of the complete trials' values each parameter explains, normalized to sum to 1 (all 0
    /// with fewer than two complete trials or no spread), in the space's order.
    /// </summary>
    /// <remarks>
    /// Each parameter's score is the bias-corrected correlation ratio ε² = (SS_between − (k − 1)·MS_within) / SS_total
    /// (at least 0) of the objective values grouped by the parameter into k groups: by choice for a categorical, and for a number in ⌈√n⌉ (at most 10) bins of equal count by value,
    /// over the trials where the parameter is active. A quick one-way measure (interactions are not separated): a
    /// simpler stand-in for Optuna's fANOVA importance (Hutter, Hoos and Leyton-Brown, 2014), enough to see which
    /// parameters matter.
    /// </remarks>
    public IReadOnlyDictionary<string, double> ParameterImportance()
    {
        var scores = new double[Space.Count];
        for (var d = 0; d < Space.Count; d++)
        {
            var points = Trials
                .Where(t => t.State == TrialState.Complete && t.Value is not null && t.Parameters?.InternalValue(d) is not null)
                .Select(t => (Parameter: t.Parameters!.InternalValue(d)!.Value, Value: t.Value!.Value))
                .OrderBy(p => p.Parameter)
                .ToList();
            if (points.Count < 2)
            {
                continue;
            }

            var mean = points.Average(p => p.Value);
            var total = points.Sum(p => (p.Value - mean) * (p.Value - mean));
            if (!(total > 0))
            {
                continue;
            }

            IEnumerable<IEnumerable<double>> groups;
            if (Space[d] is CategoricalDimension)
            {
                groups = points.GroupBy(p => p.Parameter).Select(g => g.Select(p => p.Value));
            }
            else
            {
                var bins = Math.Min(10, (int)Math.Ceiling(Math.Sqrt(points.Count)));
                groups = points.Select((p, i) => (p.Value, Bin: i * bins / points.Count)).GroupBy(p => p.Bin).Select(g => g.Select(p => p.Value));
            }

            var groupList = groups.Select(g => g.ToList()).ToList();
            var between = groupList.Sum(g => g.Count * Math.Pow(g.Average() - mean, 2));
            var k = groupList.Count;
            if (k < 2 || points.Count <= k)
            {
                continue;
            }

            // ε² = (SS_between − (k − 1)·MS_within) / SS_total: η² less what k groups of noise would explain by chance.
            var withinMeanSquare = (total - between) / (points.Count - k);
            scores[d] = Math.Max(0, (between - ((k - 1) * withinMeanSquare)) / total);
        }

        var sum = scores.Sum();
        var importance = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var d = 0; d < Space.Count; d++)
        {
            importance[Space[d].Name] = sum > 0 ? scores[d] / sum : 0;
        }

        return importance;
    }

    /// <summary>The number of trials in <paramref name="state"/>.</summary>
    /// <param name="state">A state.</param>
    public int Count(TrialState state) => Trials.Count(t => t.State == state);

    /// <summary>
    /// The summary as text: a line on the study, the best trial, then a table with a row per trial (number, state,
    /// value, duration, then one column per parameter; a failed trial's error after its row).
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Study '{StudyName}' ({Direction.ToString().ToLowerInvariant()}): {Trials.Count} trials, ");
        text.Append(CultureInfo.InvariantCulture, $"{Count(TrialState.Complete)} complete, {Count(TrialState.Pruned)} pruned, {Count(TrialState.Failed)} failed, {Count(TrialState.Running) + Count(TrialState.Waiting)} running or waiting").AppendLine();
        text.AppendLine(BestTrial is { } best
            ? string.Create(CultureInfo.InvariantCulture, $"Best trial {best.Number}: {FormatValue(best.Value)} ({best.Parameters})")
            : "No complete trial yet.");
        text.AppendLine();

        var header = new List<string> { "#", "State", "Value", "Duration" };
        header.AddRange(Space.Select(d => d.Name));
        var rows = Trials.Select(t =>
        {
            var row = new List<string>
            {
                t.Number.ToString(CultureInfo.InvariantCulture),
                t.State.ToString(),
                FormatValue(t.Value),
                t.Duration is { } d ? d.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "",
            };
            row.AddRange(Space.Select(dimension => t.Parameters is { } p && p.Contains(dimension.Name) ? TrialParameters.Format(p[dimension.Name]) : ""));
            return row;
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        void Line(IReadOnlyList<string> cells)
        {
            // Numbers right-aligned, text left-aligned.
            var parts = cells.Select((cell, i) => i == 0 ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
            text.AppendLine(string.Join("  ", parts).TrimEnd());
        }

        Line(header);
        for (var i = 0; i < rows.Count; i++)
        {
            Line(rows[i]);
            if (Trials[i].Error is { } error)
            {
                text.Append(' ', widths[0] + 2).AppendLine(error);
            }
        }

        return text.ToString();
    }

    private static string FormatValue(double? value) => value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : "";
}
