using System;
using System.IO;
using System.Linq;
using NetGen.Tuning;
using NetGen.Tuning.Storage;
using ScottPlot;

namespace NetGen.Plots.Tests;

/// <summary>The tuning plots draw the summary's numbers and write real PNG files.</summary>
public class TuningPlotsTests
{
    /// <summary>
    /// 14 random trials of a synthetic objective: trial 3 fails, every trial numbered 4 mod 5 is pruned after reporting
    /// its value at step 1, the rest complete.
    /// </summary>
    private static StudySummary Summary()
    {
        var space = new SearchSpace
        {
            SearchDimension.Float("LearningRate", 1e-4, 1e-1, log: true),
            SearchDimension.Int("Units", 8, 64),
            SearchDimension.Categorical("Optimizer", "Sgd", "Adam", "RmsProp"),
        };
        var study = Study.CreateOrOpen("plots", space, new StudyOptions { Seed = 7, Sampler = new RandomSampler() });
        study.Optimize(
            trial =>
            {
                var value = Math.Abs(Math.Log10(trial.Parameters.GetDouble("LearningRate")) + 2) + (trial.Parameters.GetDouble("Units") / 100);
                if (trial.Number == 3)
                {
                    throw new InvalidOperationException("broken on purpose");
                }

                if (trial.Number % 5 == 4)
                {
                    trial.Report(1, value + 1);
                    throw new TrialPrunedException();
                }

                return value;
            },
            trials: 14,
            parallelism: 1);
        return study.Summarize();
    }

    private static ScottPlot.Plottables.Scatter[] Series(Plot plot) => plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToArray();

    [Fact]
    public void OptimizationHistory_DrawsTheSummarysHistory_PrunedAndFailedApart()
    {
        var summary = Summary();
        Assert.Equal(1, summary.Count(TrialState.Failed));
        Assert.Equal(2, summary.Count(TrialState.Pruned));
        var plot = TuningPlots.OptimizationHistory(summary);

        var series = Series(plot);
        Assert.Equal([TuningPlots.CompleteLegend, TuningPlots.BestLegend, TuningPlots.PrunedLegend], series.Select(s => s.LegendText));
        Assert.Equal(summary.History.Select(p => (double)p.Number), series[0].Data.GetScatterPoints().Select(p => p.X));
        Assert.Equal(summary.History.Select(p => p.Value), series[0].Data.GetScatterPoints().Select(p => p.Y));
        Assert.Equal(summary.History.Select(p => p.BestSoFar), series[1].Data.GetScatterPoints().Select(p => p.Y));
        Assert.Equal(11, summary.History.Count);

        var pruned = summary.Trials.Where(t => t.State == TrialState.Pruned).ToList();
        Assert.Equal(pruned.Select(t => (double)t.Number), series[2].Data.GetScatterPoints().Select(p => p.X));
        Assert.Equal(pruned.Select(t => t.LastIntermediateValue!.Value.Value), series[2].Data.GetScatterPoints().Select(p => p.Y));
        var failed = Assert.Single(plot.GetPlottables().OfType<ScottPlot.Plottables.VerticalLine>());
        Assert.Equal(3, failed.X);
        Assert.Equal(TuningPlots.FailedLegend, failed.LegendText);
    }

    [Fact]
    public void ParameterScatter_DrawsObjectiveAgainstValue_Log10ForLogDimensions_IndexForChoices()
    {
        var summary = Summary();

        var rate = Assert.Single(Series(TuningPlots.ParameterScatter(summary, "LearningRate"))).Data.GetScatterPoints();
        var rates = summary.ParameterValues("LearningRate");
        Assert.Equal(rates.Select(p => Math.Log10(p.Position)), rate.Select(p => p.X));
        Assert.Equal(rates.Select(p => p.Objective), rate.Select(p => p.Y));

        var units = Assert.Single(Series(TuningPlots.ParameterScatter(summary, "Units"))).Data.GetScatterPoints();
        Assert.Equal(summary.ParameterValues("Units").Select(p => p.Position), units.Select(p => p.X));

        var optimizerPlot = TuningPlots.ParameterScatter(summary, "Optimizer");
        var optimizer = Assert.Single(Series(optimizerPlot)).Data.GetScatterPoints();
        var choices = summary.ParameterValues("Optimizer");
        Assert.Equal(choices.Select(p => new[] { "Sgd", "Adam", "RmsProp" }.ToList().IndexOf(p.Label)).Select(i => (double)i), optimizer.Select(p => p.X));
        Assert.Equal(choices.Select(p => p.Objective), optimizer.Select(p => p.Y));
        Assert.Equal(-0.5, optimizerPlot.Axes.Bottom.Min);
        Assert.Equal(2.5, optimizerPlot.Axes.Bottom.Max);
    }

    [Fact]
    public void SaveHelpers_WritePngsOfTheRequestedSize()
    {
        var summary = Summary();
        var folder = Directory.CreateTempSubdirectory("netgen-tuning-plots-").FullName;
        try
        {
            var history = Path.Combine(folder, "history.png");
            var scatter = Path.Combine(folder, "scatter.png");
            TuningPlots.SaveOptimizationHistory(summary, history, 700, 400);
            TuningPlots.SaveParameterScatter(summary, scatter, 1000, 350);
            AssertPng(history, 700, 400);
            AssertPng(scatter, 1000, 350);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void BadArguments_AreNamed()
    {
        var summary = Summary();
        var unknown = Assert.Throws<ArgumentException>(() => TuningPlots.ParameterScatter(summary, "Momentum"));
        Assert.Equal("parameter", unknown.ParamName);
        Assert.Contains("its dimensions are LearningRate, Units, Optimizer", unknown.Message, StringComparison.Ordinal);

        var empty = Study.CreateOrOpen("empty", new SearchSpace { SearchDimension.Int("X", 0, 3) }, new StudyOptions()).Summarize();
        var none = Assert.Throws<ArgumentException>(() => TuningPlots.OptimizationHistory(empty));
        Assert.Equal("summary", none.ParamName);
        Assert.Contains("no finished trial", none.Message, StringComparison.Ordinal);

        var missing = Path.Combine(Path.GetTempPath(), "netgen-missing-" + Guid.NewGuid().ToString("N"), "plot.png");
        Assert.Throws<DirectoryNotFoundException>(() => TuningPlots.SaveOptimizationHistory(summary, missing));
        Assert.Throws<ArgumentOutOfRangeException>(() => TuningPlots.SaveParameterScatter(summary, "x.png", height: 50));
    }

    private static void AssertPng(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal(width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
