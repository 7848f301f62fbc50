using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using NetGen.Training;
using ScottPlot;

namespace NetGen.Plots;

/// <summary>
/// Plots of <see cref="Trainer.Fit"/> runs: loss and metric curves, the learning rate, per-layer gradient norms — the
/// picture of vanishing and exploding gradients — and comparisons of runs, such as optimizers on the same data.
/// </summary>
/// <remarks>
/// Each method returns a ScottPlot <see cref="Plot"/> to customize or save (<c>plot.SavePng(path, width, height)</c>);
/// <see cref="SaveOverview"/> writes the usual four in one PNG. Norms are drawn on a log₁₀ axis, where a vanishing
/// gradient is a gap of orders of magnitude between the first and the last layer; values of 0 or that are not finite
/// have no point on a log axis and are left out.
/// </remarks>
public static class TrainingPlots
{
    /// <summary>The training loss per epoch, and the validation loss when the run had validation data.</summary>
    /// <param name="history">The run.</param>
    /// <param name="logScale">Whether the loss axis is log₁₀ (for losses that fall over orders of magnitude).</param>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="history"/> has no epochs.</exception>
    public static Plot Loss(TrainingHistory history, bool logScale = false)
    {
        RequireEpochs(history, nameof(history));
        var plot = NewPlot("Loss", "epoch", logScale ? "loss (log scale)" : "loss");
        AddLine(plot, history, r => r.TrainingLoss, "training", logScale);
        if (history.Any(r => r.ValidationLoss is not null))
        {
            AddLine(plot, history, r => r.ValidationLoss, "validation", logScale);
        }

        if (history.BestEpoch > 0)
        {
            var best = plot.Add.VerticalLine(history.BestEpoch);
            best.LinePattern = LinePattern.Dotted;
            best.LegendText = $"best epoch ({history.BestEpoch})";
        }

        FinishEpochAxis(plot, logScale);
        return plot;
    }

    /// <summary>
    /// The run's metrics per epoch, on the training data and on the validation data where the run has them: accuracy for
    /// classification, else R² and the mean absolute error (<see cref="EpochRecord.TrainingMetrics"/> and
    /// <see cref="EpochRecord.ValidationMetrics"/> say how each is computed).
    /// </summary>
    /// <param name="history">The run.</param>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="history"/> has no epochs.</exception>
    public static Plot Metrics(TrainingHistory history)
    {
        RequireEpochs(history, nameof(history));
        if (history.Any(r => r.Accuracy is not null))
        {
            var accuracy = NewPlot("Accuracy", "epoch", "accuracy");
            AddLines(accuracy, history, m => m.Accuracy, "");
            accuracy.Axes.SetLimitsY(0, 1.02);
            FinishEpochAxis(accuracy, logScale: false);
            return accuracy;
        }

        var regression = NewPlot("Regression metrics", "epoch", "value");
        AddLines(regression, history, m => m.RSquared, "R², ");
        AddLines(regression, history, m => m.MeanAbsoluteError, "mean absolute error, ");
        FinishEpochAxis(regression, logScale: false);
        return regression;
    }

    /// <summary>A metric's training and validation lines, each only where the run has it.</summary>
    private static void AddLines(Plot plot, TrainingHistory history, Func<EpochMetrics, double?> metric, string prefix)
    {
        if (history.Any(r => r.TrainingMetrics is { } m && metric(m) is not null))
        {
            AddLine(plot, history, r => r.TrainingMetrics is { } m ? metric(m) : null, prefix + "training", logScale: false);
        }

        if (history.Any(r => r.ValidationMetrics is { } m && metric(m) is not null))
        {
            AddLine(plot, history, r => r.ValidationMetrics is { } m ? metric(m) : null, prefix + "validation", logScale: false);
        }
    }

    /// <summary>The learning rate of each epoch's last update, on a log₁₀ axis when it spans more than a factor of 10.</summary>
    /// <param name="history">The run.</param>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="history"/> has no epochs.</exception>
    public static Plot LearningRate(TrainingHistory history)
    {
        RequireEpochs(history, nameof(history));
        var rates = history.Select(r => r.LearningRate).Where(r => r > 0).ToArray();
        var logScale = rates.Length > 0 && rates.Max() > 10 * rates.Min();
        var plot = NewPlot("Learning rate", "epoch", logScale ? "learning rate (log scale)" : "learning rate");
        AddLine(plot, history, r => r.LearningRate, "learning rate", logScale);
        FinishEpochAxis(plot, logScale);
        plot.HideLegend();
        return plot;
    }

    /// <summary>
    /// Each layer's gradient L2 norm (the mean over the epoch's updates, before clipping) per epoch, on a log₁₀ axis:
    /// lines far apart mean the layers learn at very different speeds.
    /// </summary>
    /// <param name="history">The run.</param>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="history"/> has no epochs.</exception>
    public static Plot LayerGradientNorms(TrainingHistory history)
    {
        RequireEpochs(history, nameof(history));
        var plot = NewPlot("Gradient norm per layer", "epoch", "gradient L2 norm (log scale)");
        var layers = history[0].LayerGradientNorms.Count;
        var palette = new ScottPlot.Palettes.Category10();
        for (var layer = 0; layer < layers; layer++)
        {
            var index = layer;
            var line = AddLine(plot, history, r => r.LayerGradientNorms[index], $"layer {layer + 1}", logScale: true);
            line.Color = palette.GetColor(layer);
        }

        FinishEpochAxis(plot, logScale: true);
        return plot;
    }

    /// <summary>
    /// The gradient norm of every layer at one epoch, one line per run, on a log₁₀ axis: the classic picture of vanishing
    /// gradients, where a deep sigmoid stack's norms fall by orders of magnitude towards the first layer and the same
    /// stack with ReLU and He initialization, or with batch normalization, stays level.
    /// </summary>
    /// <param name="runs">The runs, each with the name of its line.</param>
    /// <param name="epoch">The 1-based epoch to draw (the first by default, before training has changed the picture).</param>
    /// <exception cref="ArgumentNullException"><paramref name="runs"/>, a name or a history is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="runs"/> is empty, or a run has no epochs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A run has fewer than <paramref name="epoch"/> epochs, or <paramref name="epoch"/> is below 1.</exception>
    public static Plot GradientNormsByLayer(IEnumerable<(string Name, TrainingHistory History)> runs, int epoch = 1)
    {
        var list = RequireRuns(runs, nameof(runs));
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        var plot = NewPlot($"Gradient norm by layer, epoch {epoch}", "layer (input → output)", "gradient L2 norm (log scale)");
        foreach (var (name, history) in list)
        {
            if (history.Count < epoch)
            {
                throw new ArgumentOutOfRangeException(nameof(epoch), epoch, $"The run '{name}' has {history.Count} epochs, fewer than {epoch}.");
            }

            var norms = history[epoch - 1].LayerGradientNorms;
            var points = Enumerable.Range(0, norms.Count)
                .Where(layer => norms[layer] > 0 && double.IsFinite(norms[layer]))
                .Select(layer => (X: layer + 1.0, Y: Math.Log10(norms[layer])))
                .ToArray();
            var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
            line.LegendText = name;
        }

        IntegerTicks(plot.Axes.Bottom);
        LogTicks(plot.Axes.Left);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>
    /// One value per epoch for several runs on the same axes, such as the training loss of SGD, momentum, RMSProp and
    /// Adam on the same data.
    /// </summary>
    /// <param name="runs">The runs, each with the name of its line.</param>
    /// <param name="value">The value of an epoch to draw; epochs where it is <see langword="null"/> have no point.</param>
    /// <param name="valueName">The name of the value, for the title and the axis.</param>
    /// <param name="logScale">Whether the value axis is log₁₀.</param>
    /// <exception cref="ArgumentNullException">An argument, a name or a history is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="runs"/> is empty, a run has no epochs, or <paramref name="valueName"/> is blank.</exception>
    public static Plot Compare(IEnumerable<(string Name, TrainingHistory History)> runs, Func<EpochRecord, double?> value, string valueName, bool logScale = false)
    {
        var list = RequireRuns(runs, nameof(runs));
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrWhiteSpace(valueName);
        var plot = NewPlot(char.ToUpperInvariant(valueName[0]) + valueName[1..], "epoch", logScale ? $"{valueName} (log scale)" : valueName);
        foreach (var (name, history) in list)
        {
            AddLine(plot, history, value, name, logScale);
        }

        FinishEpochAxis(plot, logScale);
        return plot;
    }

    /// <summary>
    /// Writes the run's <see cref="Loss"/>, <see cref="Metrics"/>, <see cref="LearningRate"/> and
    /// <see cref="LayerGradientNorms"/> plots as one PNG, two by two.
    /// </summary>
    /// <param name="history">The run.</param>
    /// <param name="path">The PNG file to write (replaced if it exists); its folder must exist.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="height">The image height in pixels.</param>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="history"/> has no epochs, or <paramref name="path"/> is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is below 100.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    public static void SaveOverview(TrainingHistory history, string path, int width = 1200, int height = 900)
    {
        RequireEpochs(history, nameof(history));
        var full = RequireOutputPath(path, width, height);
        var overview = new Multiplot(Loss(history)); // a Multiplot starts with one plot: this one
        overview.AddPlot(Metrics(history));
        overview.AddPlot(LearningRate(history));
        overview.AddPlot(LayerGradientNorms(history));
        overview.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 2);
        overview.SavePng(full, width, height);
    }

    /// <summary>Writes <paramref name="plot"/> as a PNG, checking the path first (ScottPlot's own errors do not name it).</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="path">The PNG file to write (replaced if it exists); its folder must exist.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="height">The image height in pixels.</param>
    /// <exception cref="ArgumentNullException"><paramref name="plot"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is below 100.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    public static void SavePng(Plot plot, string path, int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(plot);
        plot.SavePng(RequireOutputPath(path, width, height), width, height);
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    private static ScottPlot.Plottables.Scatter AddLine(Plot plot, TrainingHistory history, Func<EpochRecord, double?> value, string name, bool logScale)
    {
        var xs = new List<double>(history.Count);
        var ys = new List<double>(history.Count);
        foreach (var record in history)
        {
            if (value(record) is not { } y || !double.IsFinite(y) || (logScale && y <= 0))
            {
                continue;
            }

            xs.Add(record.Epoch);
            ys.Add(logScale ? Math.Log10(y) : y);
        }

        var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
        line.LegendText = name;
        line.MarkerSize = history.Count > 30 ? 0 : 4;
        return line;
    }

    private static void FinishEpochAxis(Plot plot, bool logScale)
    {
        IntegerTicks(plot.Axes.Bottom);
        if (logScale)
        {
            LogTicks(plot.Axes.Left);
        }

        plot.ShowLegend(Alignment.UpperRight);
    }

    internal static void IntegerTicks(IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    /// <summary>Ticks at powers of 10 for values plotted as their log₁₀, labelled with the value.</summary>
    internal static void LogTicks(IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            LabelFormatter = PowerOfTen,
        };

    internal static string PowerOfTen(double exponent) => exponent switch
    {
        0 => "1",
        1 => "10",
        -1 => "0.1",
        _ => "1e" + exponent.ToString("0", CultureInfo.InvariantCulture),
    };

    private static void RequireEpochs(TrainingHistory history, string name)
    {
        ArgumentNullException.ThrowIfNull(history, name);
        if (history.Count == 0)
        {
            throw new ArgumentException("The training history has no epochs to plot.", name);
        }
    }

    private static List<(string Name, TrainingHistory History)> RequireRuns(IEnumerable<(string Name, TrainingHistory History)> runs, string name)
    {
        ArgumentNullException.ThrowIfNull(runs, name);
        var list = runs.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("Expected at least one run to plot.", name);
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(list[i].Name))
            {
                throw new ArgumentException($"Run {i} has no name; each run needs one for the legend.", name);
            }

            if (list[i].History is null)
            {
                throw new ArgumentNullException(name, $"The history of run '{list[i].Name}' is null.");
            }

            if (list[i].History.Count == 0)
            {
                throw new ArgumentException($"The run '{list[i].Name}' has no epochs to plot.", name);
            }
        }

        return list;
    }

    internal static string RequireOutputPath(string path, int width, int height)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 100);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Cannot write the plot '{full}': the folder '{folder}' does not exist.");
        }

        return full;
    }
}
