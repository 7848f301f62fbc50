using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.Intrinsics;
using System.Text;
using NetGen.Benchmarks;
using NetGen.Benchmarks.Mlp;

namespace NetGen.SideBySide;

/// <summary>The markdown tables of one side-by-side run: medians of the rounds, per-round ratio quartiles, goals.</summary>
internal sealed class Report(
    Cell peak,
    List<(MlpSpec Spec, Cell Cell)> latency,
    List<(MlpSpec Spec, Cell Cell)> batch,
    List<(MlpSpec Spec, string Optimizer, Cell Cell)> epochs,
    bool torch)
{
    private const int Batch = 1024;
    private const int Samples = 10_000;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly StringBuilder _text = new();

    public DateTime Started { get; init; }

    public DateTime MeasuredStart { get; init; }

    public DateTime MeasuredEnd { get; init; }

    public int Rounds { get; init; }

    public bool Quick { get; init; }

    public string TorchStatus { get; init; } = "";

    public List<string> Checks { get; init; } = [];

    public List<CpuUse> Load { get; init; } = [];

    public CpuUse WholeLoad { get; init; }

    public double TotalSeconds { get; init; }

    /// <summary>GFLOP/s of the kernels' width in each round.</summary>
    private double[] PeakPerRound => peak[Program.PeakName].Seconds.Select(s => FmaPeakBenchmarks.Flops(Program.PeakName) / s / 1e9).ToArray();

    private double PeakMedian => Quartiles.Of(PeakPerRound).Median;

    public string Write()
    {
        WriteHeader();
        WritePeak();
        WriteLatency();
        WriteBatch();
        WriteEpochs();
        WriteGoals();
        return _text.ToString();
    }

    private void Line(string line = "") => _text.Append(line).Append('\n');

    private void WriteHeader()
    {
        var others = Quartiles.Of(Load.Select(use => use.OtherCores));
        Line("# NetGen side by side: one process, interleaved rounds, identical weights");
        Line();
        if (Quick)
        {
            Line("**A `--quick` smoke run: too few rounds and too short blocks for the numbers to mean much.**");
            Line();
        }

        Line($"- **Machine:** {MachineInfo.CpuModel}, {MachineInfo.Family}, {Environment.ProcessorCount} cores; {MachineInfo.Runtime}; "
            + $"`Vector512` {(Vector512.IsHardwareAccelerated ? "accelerated (the kernels run their 512-bit bodies)" : "not accelerated")}.");
        Line($"- **NetGen:** {NetGenVersion} (Release, the JIT's tiered compilation with its defaults); the naive loops and the FMA peak kernels are the suite's (`tests/NetGen.Benchmarks`).");
        Line($"- **TorchSharp:** {TorchStatus}.");
        Line($"- **When:** {Started:yyyy-MM-dd HH:mm} UTC; the {Rounds} measured rounds ran {MeasuredStart:HH:mm:ss}–{MeasuredEnd:HH:mm:ss} UTC "
            + $"({(MeasuredEnd - MeasuredStart).TotalSeconds:F0} s; {TotalSeconds:F0} s with setup, checks and a discarded warm-up round).");
        Line($"- **Load:** other processes used {WholeLoad.OtherCores:F2} of the {Environment.ProcessorCount} cores on average while the rounds ran "
            + $"(per round: median {others.Median:F2}, quartiles {others.Lower:F2}–{others.Upper:F2}, busiest {Load.Select(use => use.OtherCores).DefaultIfEmpty().Max():F2}); "
            + $"this process {WholeLoad.SelfCores:F2} (from /proc/stat less this process's /proc/self/stat times).");
        Line("- **Method:** every round runs every contender of every row once, in an order rotated from round to round; a "
            + "contender's time is the median over the rounds, a ratio is the median of the per-round ratios with their "
            + "quartiles in brackets, so a slow stretch of the machine hits both sides of a ratio alike. Inference timings "
            + $"are blocks of calls (~{(Quick ? "0.5" : "4")} ms for one sample, ~{(Quick ? "2" : "15")} ms for batches) divided by the calls; an epoch is timed whole, or in blocks of consecutive epochs of ~{Program.EpochBlockSeconds * 1e3:F0} ms when it is shorter (`Fit` called once per epoch). "
            + "TorchSharp copies each input into a tensor made once and its output back into an array, under a dispose scope, "
            + "as NetGen's `Predict` reads a span and writes one.");
        Line();
        Line("Identical weights, checked before timing. The run stops if an output or a loss differs by more than 1e-4 "
            + "relative, or if after five updates more than 1% of the parameters differ by more than 1e-6 or any by more than "
            + "five learning rates (Adam turns a gradient that is zero up to rounding into a step of up to the learning rate, "
            + "so a few weights may differ that much; a wrong β or ε would move nearly all):");
        Line();
        foreach (var check in Checks)
        {
            Line($"- {check}");
        }

        Line();
    }

    private void WritePeak()
    {
        Line("## FMA peak (FmaPeakBenchmarks' kernels, one invocation per round)");
        Line();
        Line("| kernel | GFLOP/s, median | quartiles |");
        Line("|---|---:|---:|");
        foreach (var contender in peak.Contenders)
        {
            var rates = Quartiles.Of(contender.Seconds.Select(s => FmaPeakBenchmarks.Flops(contender.Name) / s / 1e9));
            Line($"| `{contender.Name}` | {rates.Median:F1} | {rates.Lower:F1}–{rates.Upper:F1} |");
        }

        Line();
        Line($"Shares of peak below are of `{Program.PeakName}` measured in the same round.");
        Line();
    }

    private void WriteLatency()
    {
        Line("## One-sample `Predict` latency");
        Line();
        Line("| net | NetGen | naive | TorchSharp | × naive | × TorchSharp | NetGen GFLOP/s (% peak) |");
        Line("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (spec, cell) in latency)
        {
            var netgen = Median(cell, "NetGen");
            var share = Quartiles.Of(cell["NetGen"].Seconds.Zip(PeakPerRound, (s, p) => spec.InferenceFlops / s / 1e9 / p));
            Line($"| {spec.Name} | {Time(netgen)} | {Time(Median(cell, "naive"))} | {TorchTime(cell)} | {Ratio(cell, "naive", "NetGen")} | "
                + $"{TorchRatio(cell, "NetGen")} | {spec.InferenceFlops / netgen / 1e9:F1} ({Pct(share.Median)}) |");
        }

        Line();
    }

    private void WriteBatch()
    {
        Line($"## Batch-{Batch} inference, per sample");
        Line();
        Line("| net | NetGen | samples/s | naive | TorchSharp | × naive | × TorchSharp | NetGen % peak | TorchSharp % peak |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (spec, cell) in batch)
        {
            var netgen = Median(cell, "NetGen") / Batch;
            Line($"| {spec.Name} | {Time(netgen)} | {Rate(1 / netgen)} | {Time(Median(cell, "naive") / Batch)} | {TorchTime(cell, Batch)} | "
                + $"{Ratio(cell, "naive", "NetGen")} | {TorchRatio(cell, "NetGen")} | {Share(cell, "NetGen", spec.InferenceFlops * Batch)} | "
                + $"{(cell.Has("TorchSharp") ? Share(cell, "TorchSharp", spec.InferenceFlops * Batch) : "–")} |");
        }

        Line();
    }

    private void WriteEpochs()
    {
        Line($"## One training epoch ({Samples:N0} samples, batch 32)");
        Line();
        Line("`loop` is the bare loop (shuffle, gather, `TrainStep`), which the naive loops and TorchSharp also run over the same "
            + "batches; `Fit` is `Trainer.Fit` with `new TrainingOptions { Epochs = 1 }` (default options), on the bare loop's own network (one instance for both, so that its memory layout counts alike).");
        Line();
        Line("| net | optimizer | NetGen loop | NetGen `Fit` | naive | TorchSharp | `Fit` / loop | loop × TorchSharp | `Fit` × TorchSharp | loop × naive | loop % peak |");
        Line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (spec, optimizer, cell) in epochs)
        {
            Line($"| {spec.Name} | {optimizer} | {Time(Median(cell, "NetGen loop"))} | {Time(Median(cell, "NetGen Fit"))} | {Time(Median(cell, "naive"))} | "
                + $"{TorchTime(cell)} | {Ratio(cell, "NetGen Fit", "NetGen loop")} | {TorchRatio(cell, "NetGen loop")} | {TorchRatio(cell, "NetGen Fit")} | "
                + $"{Ratio(cell, "naive", "NetGen loop")} | {Share(cell, "NetGen loop", spec.TrainingFlops * Samples)} |");
        }

        Line();
        Line("Training FLOPs count the forward pass, dW and dX of every layer but the first (6·MACs − 2·in₁·out₁ per sample).");
        Line();
    }

    private void WriteGoals()
    {
        Line("## Goals (issue #15)");
        Line();
        Line("| goal | measured (median, per-round quartiles; `Fit`: time over the bare loop's) | |");
        Line("|---|---|---|");
        foreach (var (spec, optimizer, cell) in epochs)
        {
            var slower = Quartiles.Of(cell.Ratios("NetGen Fit", "NetGen loop"));
            Line($"| `Fit` ≤ 5% slower than the bare loop: {spec.Name} {optimizer} | {Percent(slower.Median - 1)} ({Percent(slower.Lower - 1)} to {Percent(slower.Upper - 1)}) | "
                + $"{Verdict(slower.Median <= 1.05, $"{Math.Abs(5 - (slower.Median - 1) * 100):F1} points {(slower.Median <= 1.05 ? "under" : "over")}")} |");
        }

        var (small, smallCell) = latency.FirstOrDefault(item => item.Spec.Name == MlpCatalog.Net4);
        if (smallCell is not null)
        {
            var nanoseconds = Quartiles.Of(smallCell["NetGen"].Seconds.Select(s => s * 1e9));
            Line($"| 1-sample latency of {small.Name} ≤ 150 ns | {nanoseconds.Median:F0} ns ({nanoseconds.Lower:F0}–{nanoseconds.Upper:F0}) | "
                + $"{Verdict(nanoseconds.Median <= 150, $"{Math.Abs(nanoseconds.Median - 150):F0} ns {(nanoseconds.Median <= 150 ? "under" : "over")}")} |");
            if (smallCell.Has("TorchSharp"))
            {
                var times = Quartiles.Of(smallCell.Ratios("TorchSharp", "NetGen"));
                Line($"| 1-sample latency of {small.Name} ≥ 80× TorchSharp | {times.Median:F1}× ({times.Lower:F1}–{times.Upper:F1}) | "
                    + $"{Verdict(times.Median >= 80, $"{Pct(times.Median / 80)} of the goal")} |");
            }
        }

        var (tiny, tinyCell) = latency.FirstOrDefault(item => item.Spec.Name == MlpCatalog.Net2);
        if (tinyCell is not null)
        {
            var floor = tiny.InferenceFlops / (PeakMedian * 1e9);
            var times = Quartiles.Of(tinyCell["NetGen"].Seconds.Zip(PeakPerRound, (s, p) => s / (tiny.InferenceFlops / (p * 1e9))));
            Line($"| 1-sample latency of {tiny.Name} within 2× of its FLOP floor ({tiny.InferenceFlops:F0} FLOPs at the peak: {floor * 1e9:F1} ns) | "
                + $"{Median(tinyCell, "NetGen") * 1e9:F1} ns, {times.Median:F1}× the floor ({times.Lower:F1}–{times.Upper:F1}) | "
                + $"{Verdict(times.Median <= 2, $"{(times.Median <= 2 ? "" : "needs ")}{times.Median / 2:F1}× {(times.Median <= 2 ? "of the allowance" : "less time")}")} |");
        }

        foreach (var (spec, cell) in batch.Where(item => item.Spec.Name is MlpCatalog.Net2 or MlpCatalog.Net4))
        {
            var share = Quartiles.Of(cell["NetGen"].Seconds.Zip(PeakPerRound, (s, p) => spec.InferenceFlops * Batch / s / 1e9 / p));
            Line($"| batch inference of {spec.Name} ≥ 75% of peak | {Pct(share.Median)} ({Pct(share.Lower)}–{Pct(share.Upper)}) | "
                + $"{Verdict(share.Median >= 0.75, $"{Math.Abs(share.Median - 0.75) * 100:F0} points {(share.Median >= 0.75 ? "over" : "short")}")} |");
        }

        foreach (var (spec, optimizer, cell) in epochs.Where(item => item.Spec.Name is MlpCatalog.Net64 or MlpCatalog.Net784))
        {
            var share = Quartiles.Of(cell["NetGen loop"].Seconds.Zip(PeakPerRound, (s, p) => spec.TrainingFlops * Samples / s / 1e9 / p));
            Line($"| bare-loop training ≥ 85% of peak: {spec.Name} {optimizer} | {Pct(share.Median)} ({Pct(share.Lower)}–{Pct(share.Upper)}) | "
                + $"{Verdict(share.Median >= 0.85, $"{Math.Abs(share.Median - 0.85) * 100:F0} points {(share.Median >= 0.85 ? "over" : "short")}")} |");
        }

        // Issue #6's goals against TorchSharp, now measured against it in the same run instead of a quoted table.
        foreach (var (spec, cell) in latency.Where(item => item.Cell.Has("TorchSharp")))
        {
            Against(cell, spec.LatencyGoalVersusTorchSharp, $"1-sample latency of {spec.Name} ≥ {spec.LatencyGoalVersusTorchSharp}× TorchSharp (#6)", "NetGen");
        }

        foreach (var (spec, cell) in batch.Where(item => item.Cell.Has("TorchSharp")))
        {
            Against(cell, spec.BatchGoalVersusTorchSharp, $"batch-1024 inference of {spec.Name} ≥ {spec.BatchGoalVersusTorchSharp}× TorchSharp (#6)", "NetGen");
        }

        foreach (var (spec, optimizer, cell) in epochs.Where(item => item.Cell.Has("TorchSharp")))
        {
            Against(cell, spec.TrainingGoalVersusTorchSharp, $"`Fit` epoch of {spec.Name} {optimizer} ≥ {spec.TrainingGoalVersusTorchSharp}× TorchSharp (#6)", "NetGen Fit");
        }

        Line();
    }

    private void Against(Cell cell, double goal, string what, string netgen)
    {
        var times = Quartiles.Of(cell.Ratios("TorchSharp", netgen));
        Line($"| {what} | {Times(times.Median)} ({Times(times.Lower, false)}–{Times(times.Upper, false)}) | "
            + $"{Verdict(times.Median >= goal, $"{times.Median / goal:F1}× the goal")} |");
    }

    /// <summary>The NetGen assembly's informational version, which the SDK ends with the commit it was built from.</summary>
    private static string NetGenVersion
    {
        get
        {
            var version = typeof(NetGen.INetwork<>).Assembly
                .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
            var plus = version.IndexOf('+');
            return plus < 0 ? version : $"{version[..plus]}, built from commit `{version[(plus + 1)..Math.Min(version.Length, plus + 11)]}`";
        }
    }

    private static string Verdict(bool met, string margin) => (met ? "**met**, " : "**not met**, ") + margin;

    private static double Median(Cell cell, string name) => Quartiles.Of(cell[name].Seconds).Median;

    private string TorchTime(Cell cell, int divisor = 1) => cell.Has("TorchSharp") ? Time(Median(cell, "TorchSharp") / divisor) : "–";

    private string TorchRatio(Cell cell, string netgen) => torch && cell.Has("TorchSharp") ? Ratio(cell, "TorchSharp", netgen) : "–";

    private static string Ratio(Cell cell, string numerator, string denominator)
    {
        var ratios = Quartiles.Of(cell.Ratios(numerator, denominator));
        return $"{Times(ratios.Median)} ({Times(ratios.Lower, false)}–{Times(ratios.Upper, false)})";
    }

    private string Share(Cell cell, string name, double flops)
    {
        var share = Quartiles.Of(cell[name].Seconds.Zip(PeakPerRound, (s, p) => flops / s / 1e9 / p));
        return $"{share.Median * 100:F0}% ({share.Lower * 100:F0}–{share.Upper * 100:F0})";
    }

    private static string Times(double ratio, bool sign = true)
    {
        var text = ratio >= 100 ? ratio.ToString("F0", Invariant) : ratio >= 10 ? ratio.ToString("F1", Invariant) : ratio.ToString("F2", Invariant);
        return sign ? text + "×" : text;
    }

    private static string Pct(double fraction) => (fraction * 100).ToString("F0", Invariant) + "%";

    private static string Percent(double fraction) => (fraction * 100).ToString("+0.0;−0.0", Invariant) + "%";

    private static string Rate(double perSecond) =>
        perSecond >= 1e6 ? (perSecond / 1e6).ToString("F2", Invariant) + " M" : (perSecond / 1e3).ToString("F1", Invariant) + " k";

    public static string Time(double seconds) => seconds switch
    {
        < 1e-6 => (seconds * 1e9).ToString("F1", Invariant) + " ns",
        < 1e-3 => (seconds * 1e6).ToString("F2", Invariant) + " µs",
        < 1 => (seconds * 1e3).ToString("F2", Invariant) + " ms",
        _ => seconds.ToString("F2", Invariant) + " s",
    };
}
