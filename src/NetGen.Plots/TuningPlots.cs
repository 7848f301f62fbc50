using System;
using System.Globalization;
using System.IO;
using System.Linq;
using NetGen.Tuning;
using NetGen.Tuning.Storage;
using ScottPlot;

namespace NetGen.Plots;

/// <summary>
/// Plots of a tuning study from its <see cref="StudySummary"/>, as Optuna's <c>plot_optimization_history</c> and
/// <c>plot_slice</c> draw them: the optimization history (each trial's value and the best so far) and, per parameter,
/// the objective against the parameter's value.
/// </summary>
/// <remarks>
/// Each method returns a ScottPlot <see cref="Plot"/> to customize or save (<see cref="TrainingPlots.SavePng"/>);
/// <see cref="SaveOptimizationHistory"/> and <see cref="SaveParameterScatter"/> write PNG files directly.
/// </remarks>
public static class TuningPlots
{
    /// <summary>Legend text of the complete trials' values.</summary>
    internal const string CompleteLegend = "complete trials";

    /// <summary>Legend text of the best-so-far line.</summary>
    internal const string BestLegend = "best so far";

    /// <summary>Legend text of the pruned trials' last reported values.</summary>
    internal const string PrunedLegend = "pruned (last reported value)";

    /// <summary>Legend text of the failed trials' marks.</summary>
    internal const string FailedLegend = "failed";

    /// <summary>
    /// The optimization history: each complete trial's value (filled circles) and the best value so far (a step line)
    /// against the trial number (<see cref="StudySummary.History"/>); pruned trials as open circles at their last
    /// reported value; failed trials, which have no value, as dotted vertical lines at their number.
    /// </summary>
    /// <param name="summary">The study's summary (<c>study.Summarize()</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The study has no finished trial.</exception>
    public static Plot OptimizationHistory(StudySummary summary)
    {
        RequireFinished(summary, nameof(summary));
        var plot = NewPlot($"Optimization history: {summary.StudyName}", "trial", $"objective ({summary.Direction.ToString().ToLowerInvariant()})");
        var palette = new ScottPlot.Palettes.Category10();
        if (summary.History.Count > 0)
        {
            var values = plot.Add.Scatter(summary.History.Select(p => (double)p.Number).ToArray(), summary.History.Select(p => p.Value).ToArray());
            values.LegendText = CompleteLegend;
            values.LineWidth = 0;
            values.MarkerSize = 7;
            values.MarkerShape = MarkerShape.FilledCircle;
            values.Color = palette.GetColor(0);

            var best = plot.Add.Scatter(summary.History.Select(p => (double)p.Number).ToArray(), summary.History.Select(p => p.BestSoFar).ToArray());
            best.LegendText = BestLegend;
            best.ConnectStyle = ConnectStyle.StepHorizontal;
            best.MarkerSize = 0;
            best.LineWidth = 2;
            best.Color = palette.GetColor(3);
        }

        var pruned = summary.Trials
            .Where(t => t.State == TrialState.Pruned && PrunedValue(t) is { } v && double.IsFinite(v))
            .ToList();
        if (pruned.Count > 0)
        {
            var marks = plot.Add.Scatter(pruned.Select(t => (double)t.Number).ToArray(), pruned.Select(t => PrunedValue(t)!.Value).ToArray());
            marks.LegendText = PrunedLegend;
            marks.LineWidth = 0;
            marks.MarkerSize = 7;
            marks.MarkerShape = MarkerShape.OpenCircle;
            marks.Color = Colors.Gray;
        }

        var failed = summary.Trials.Where(t => t.State == TrialState.Failed).ToList();
        for (var i = 0; i < failed.Count; i++)
        {
            var line = plot.Add.VerticalLine(failed[i].Number);
            line.LinePattern = LinePattern.Dotted;
            line.Color = Colors.Red.WithAlpha(0.6);
            if (i == 0)
            {
                line.LegendText = FailedLegend;
            }
        }

        TrainingPlots.IntegerTicks(plot.Axes.Bottom);
        // Values gather near the best, at the top when maximizing: the legend goes to the other side.
        plot.ShowLegend(summary.Direction == StudyDirection.Maximize ? Alignment.LowerRight : Alignment.UpperRight);
        return plot;
    }

    /// <summary>
    /// The objective of each complete trial against its value of one parameter (<see cref="StudySummary.ParameterValues"/>):
    /// a log₁₀ axis for a log-scaled dimension, and for a categorical one each choice at its index, labelled with the choice.
    /// </summary>
    /// <param name="summary">The study's summary.</param>
    /// <param name="parameter">A dimension of the study's space.</param>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> or <paramref name="parameter"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The space has no dimension named <paramref name="parameter"/>.</exception>
    public static Plot ParameterScatter(StudySummary summary, string parameter)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(parameter);
        var dimension = summary.Space.FirstOrDefault(d => d.Name == parameter)
            ?? throw new ArgumentException($"The study's space has no dimension named '{parameter}'; its dimensions are {string.Join(", ", summary.Space.Select(d => d.Name))}.", nameof(parameter));
        var log = dimension is FloatDimension { Log: true } or IntDimension { Log: true };
        var points = summary.ParameterValues(parameter).Where(p => !log || p.Position > 0).ToList();
        var plot = NewPlot(parameter, log ? $"{parameter} (log scale)" : parameter, "objective");
        var scatter = plot.Add.Scatter(
            points.Select(p => log ? Math.Log10(p.Position) : p.Position).ToArray(),
            points.Select(p => p.Objective).ToArray());
        scatter.LegendText = parameter;
        scatter.LineWidth = 0;
        scatter.MarkerSize = 7;
        scatter.MarkerShape = MarkerShape.FilledCircle;
        if (dimension is CategoricalDimension categorical)
        {
            var labels = categorical.Choices.Select(c => c is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : c.ToString() ?? "").ToArray();
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Length).Select(i => (double)i).ToArray(), labels);
            plot.Axes.SetLimitsX(-0.5, labels.Length - 0.5);
            if (labels.Sum(l => l.Length + 2) > 40)
            {
                // Long choices (variant names) overlap side by side: slant them.
                plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
                plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
                plot.Axes.Bottom.MinimumSize = 8 * labels.Max(l => l.Length);
            }
        }
        else if (log)
        {
            TrainingPlots.LogTicks(plot.Axes.Bottom);
        }

        plot.HideLegend();
        return plot;
    }

    /// <summary>Writes the <see cref="OptimizationHistory"/> plot as a PNG.</summary>
    /// <param name="summary">The study's summary.</param>
    /// <param name="path">The PNG file to write (replaced if it exists); its folder must exist.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="height">The image height in pixels.</param>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The study has no finished trial, or <paramref name="path"/> is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is below 100.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    public static void SaveOptimizationHistory(StudySummary summary, string path, int width = 800, int height = 500)
    {
        var full = TrainingPlots.RequireOutputPath(path, width, height);
        OptimizationHistory(summary).SavePng(full, width, height);
    }

    /// <summary>Writes a <see cref="ParameterScatter"/> of every parameter of the study's space side by side in one PNG.</summary>
    /// <param name="summary">The study's summary.</param>
    /// <param name="path">The PNG file to write (replaced if it exists); its folder must exist.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="height">The image height in pixels.</param>
    /// <exception cref="ArgumentNullException"><paramref name="summary"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is below 100.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    public static void SaveParameterScatter(StudySummary summary, string path, int width = 1200, int height = 450)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var full = TrainingPlots.RequireOutputPath(path, width, height);
        var plots = summary.Space.Select(d => ParameterScatter(summary, d.Name)).ToList();
        var all = new Multiplot(plots[0]); // a Multiplot starts with one plot: this one
        foreach (var plot in plots.Skip(1))
        {
            all.AddPlot(plot);
        }

        all.Layout = new ScottPlot.MultiplotLayouts.Columns();
        all.SavePng(full, width, height);
    }

    /// <summary>The value a pruned trial is drawn at: its value, else its last reported one.</summary>
    internal static double? PrunedValue(TrialResult trial) => trial.Value ?? trial.LastIntermediateValue?.Value;

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    private static void RequireFinished(StudySummary summary, string name)
    {
        ArgumentNullException.ThrowIfNull(summary, name);
        if (!summary.Trials.Any(t => t.State is TrialState.Complete or TrialState.Pruned or TrialState.Failed))
        {
            throw new ArgumentException($"The study '{summary.StudyName}' has no finished trial to plot.", name);
        }
    }
}
