using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;
using NetGen.Benchmarks.Mlp;

namespace NetGen.Benchmarks;

/// <summary>
/// Turns the summaries of one run into the tables of docs/performance.md: medians from this run, ratios between
/// benchmarks of this run, the issue's TorchSharp numbers (TorchSharp does not load here), GFLOP/s as a share of the
/// FMA peak measured in this run, allocations, and each goal met or not. Printed after the run and written to
/// <c>BenchmarkDotNet.Artifacts/results/NetGen-performance.md</c>.
/// </summary>
internal static class PerformanceReport
{
    /// <summary>The peak docs/jit-and-simd.md measured, used only when the run did not include <see cref="FmaPeakBenchmarks"/>.</summary>
    private const double DocumentedPeak = 116.6;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private sealed record Result(double MedianNanoseconds, long? BytesPerOperation);

    public static void Write(IReadOnlyList<Summary> summaries)
    {
        var results = new Dictionary<(string Type, string Method, string Net, string Optimizer), Result>();
        string? directory = null;
        foreach (var summary in summaries)
        {
            directory ??= summary.ResultsDirectoryPath;
            foreach (var report in summary.Reports)
            {
                if (report.ResultStatistics is not { } statistics)
                {
                    continue;
                }

                var benchmark = report.BenchmarkCase;
                string Parameter(string name) => benchmark.Parameters.Items.FirstOrDefault(p => p.Name == name)?.Value as string ?? "";
                results[(benchmark.Descriptor.Type.Name, benchmark.Descriptor.WorkloadMethod.Name, Parameter("Net"), Parameter("Optimizer"))] =
                    new Result(statistics.Median, report.GcStats.GetBytesAllocatedPerOperation(benchmark));
            }
        }

        if (results.Count == 0 || directory is null)
        {
            return;
        }

        var text = Render(results);
        Console.WriteLine();
        Console.WriteLine(text);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "NetGen-performance.md");
        File.WriteAllText(path, text);
        Console.WriteLine($"NetGen performance tables written to {path}");
    }

    private static string Render(Dictionary<(string Type, string Method, string Net, string Optimizer), Result> results)
    {
        Result? Find(string type, string method, string net = "", string optimizer = "") =>
            results.TryGetValue((type, method, net, optimizer), out var result) ? result : null;

        var text = new StringBuilder();
        var goals = new List<string>();
        text.AppendLine($"Medians of one BenchmarkDotNet run, {DateTime.UtcNow:yyyy-MM-dd} (UTC), {Environment.ProcessorCount} cores, .NET {Environment.Version}.");
        text.AppendLine("TorchSharp columns: the performance issue's table (TorchSharp 0.107.0, one thread), not measured in this run.");
        text.AppendLine();

        // The FMA peaks: the generated kernels use Vector256, so both the core's peak (the better kernel) and the
        // 256-bit peak are shares worth knowing; on a core with full-width 512-bit FMA units they differ by 2×. Where
        // AVX2 is off (DOTNET_EnableAVX2=0, NativeAOT's default x64 target) the kernels run their Vector128 bodies, and
        // the shares are of the Vector128 peak (a multiply and an add there, as in the kernels).
        var peak256 = DocumentedPeak;
        var peak = DocumentedPeak;
        var widthPeak = "256-bit peak";
        var peakSource = $"{DocumentedPeak} GFLOP/s from docs/jit-and-simd.md for both (FmaPeakBenchmarks was not in this run)";
        var v256 = Find(nameof(FmaPeakBenchmarks), nameof(FmaPeakBenchmarks.Vector256Fma));
        var v512 = Find(nameof(FmaPeakBenchmarks), nameof(FmaPeakBenchmarks.Vector512Fma));
        var v128 = Find(nameof(FmaPeakBenchmarks), nameof(FmaPeakBenchmarks.Vector128Fma));
        var gflops128 = v128 is null ? double.NaN : FmaPeakBenchmarks.Flops(nameof(FmaPeakBenchmarks.Vector128Fma)) / v128.MedianNanoseconds;
        if (!System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated && v128 is not null)
        {
            peak = peak256 = gflops128;
            widthPeak = "128-bit peak";
            text.AppendLine("### FMA peak (`FmaPeakBenchmarks`)");
            text.AppendLine("| kernel | median per invocation | GFLOP/s |");
            text.AppendLine("|---|---:|---:|");
            text.AppendLine($"| Vector128 (`Simd.MultiplyAdd`), 12 chains | {Time(v128.MedianNanoseconds)} | {gflops128:F1} |");
            text.AppendLine();
            peakSource = $"the Vector128 peak {gflops128:F1} GFLOP/s for both, measured in this run (Vector256 is not accelerated: the kernels run their Vector128 bodies)";
        }
        else if (v256 is not null)
        {
            // Without the Vector512 kernel (a run with AVX-512 off, where it would be emulated) the core's peak is the 256-bit one.
            peak256 = FmaPeakBenchmarks.Flops(nameof(FmaPeakBenchmarks.Vector256Fma)) / v256.MedianNanoseconds;
            var gflops512 = v512 is null ? double.NaN : FmaPeakBenchmarks.Flops(nameof(FmaPeakBenchmarks.Vector512Fma)) / v512.MedianNanoseconds;
            peak = v512 is null ? peak256 : Math.Max(peak256, gflops512);
            text.AppendLine("### FMA peak (`FmaPeakBenchmarks`)");
            text.AppendLine("| kernel | median per invocation | GFLOP/s |");
            text.AppendLine("|---|---:|---:|");
            text.AppendLine($"| Vector256, 12 chains | {Time(v256.MedianNanoseconds)} | {peak256:F1} |");
            if (v512 is not null)
            {
                text.AppendLine($"| Vector512, 12 chains | {Time(v512.MedianNanoseconds)} | {gflops512:F1} |");
            }

            if (v128 is not null)
            {
                text.AppendLine($"| Vector128 (`Simd.MultiplyAdd`), 12 chains | {Time(v128.MedianNanoseconds)} | {gflops128:F1} |");
            }

            text.AppendLine();
            peakSource = v512 is null
                ? $"the Vector256 peak {peak256:F1} GFLOP/s for both, measured in this run (Vector512Fma was not in it)"
                : $"the core's peak {peak:F1} GFLOP/s (the better kernel) and the Vector256 peak {peak256:F1} GFLOP/s, both measured in this run";
        }

        text.AppendLine($"Shares below: GFLOP/s (% of {peakSource}).");
        text.AppendLine();
        string Share(double flops, double nanoseconds) =>
            $"{flops / nanoseconds:F1} ({100 * flops / nanoseconds / peak:F0}% · {100 * flops / nanoseconds / peak256:F0}%)";

        // One-sample latency.
        var latency = nameof(MlpLatencyBenchmarks);
        if (MlpCatalog.All.Any(spec => Find(latency, nameof(MlpLatencyBenchmarks.NetGen), spec.Name) is not null))
        {
            text.AppendLine("### One-sample `Predict` latency (`MlpLatencyBenchmarks`)");
            text.AppendLine($"| net | NetGen | naive | × naive | TorchSharp (issue) | × TorchSharp | goal × TorchSharp | GFLOP/s (% peak · % {widthPeak}) | allocated |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var spec in MlpCatalog.All)
            {
                var netGen = Find(latency, nameof(MlpLatencyBenchmarks.NetGen), spec.Name);
                var naive = Find(latency, nameof(MlpLatencyBenchmarks.Naive), spec.Name);
                if (netGen is null)
                {
                    continue;
                }

                var torch = spec.TorchSharp.LatencyMicroseconds * 1000;
                var versusTorch = torch / netGen.MedianNanoseconds;
                var versusNaive = naive is null ? double.NaN : naive.MedianNanoseconds / netGen.MedianNanoseconds;
                text.AppendLine($"| {spec.Name} | {Time(netGen.MedianNanoseconds)} | {Time(naive?.MedianNanoseconds)} | {Ratio(versusNaive)} | {Time(torch)} | {Ratio(versusTorch)} | {spec.LatencyGoalVersusTorchSharp}× {Mark(versusTorch >= spec.LatencyGoalVersusTorchSharp)} | {Share(spec.InferenceFlops, netGen.MedianNanoseconds)} | {Bytes(netGen.BytesPerOperation)} |");
                goals.Add(Goal($"{spec.Name} latency ≥ {spec.LatencyGoalVersusTorchSharp}× TorchSharp", versusTorch, spec.LatencyGoalVersusTorchSharp));
                goals.Add(Goal($"{spec.Name} latency ≥ 2× naive", versusNaive, 2));
                goals.Add(Allocation($"{spec.Name} Predict (one sample)", netGen.BytesPerOperation));
            }

            text.AppendLine();
        }

        // Batch-1024 throughput and the parallel scaling.
        var batch = nameof(MlpBatchBenchmarks);
        if (MlpCatalog.All.Any(spec => Find(batch, nameof(MlpBatchBenchmarks.NetGen), spec.Name) is not null))
        {
            text.AppendLine($"### Batch-{MlpBatchBenchmarks.Batch} inference, per sample (`MlpBatchBenchmarks`)");
            text.AppendLine($"| net | NetGen | samples/s | naive | × naive | TorchSharp (issue) | × TorchSharp | goal × TorchSharp | GFLOP/s (% peak · % {widthPeak}) | {Environment.ProcessorCount} cores `PredictParallel` | scaling 1 → {Environment.ProcessorCount} | allocated per batch (1 / {Environment.ProcessorCount} cores) |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var spec in MlpCatalog.All)
            {
                var netGen = Find(batch, nameof(MlpBatchBenchmarks.NetGen), spec.Name);
                var naive = Find(batch, nameof(MlpBatchBenchmarks.Naive), spec.Name);
                var parallel = Find(batch, nameof(MlpBatchBenchmarks.NetGenParallel), spec.Name);
                if (netGen is null)
                {
                    continue;
                }

                var perSample = netGen.MedianNanoseconds / MlpBatchBenchmarks.Batch;
                var rate = 1e9 / perSample;
                var versusTorch = rate / spec.TorchSharp.BatchSamplesPerSecond;
                var versusNaive = naive is null ? double.NaN : naive.MedianNanoseconds / netGen.MedianNanoseconds;
                var share = spec.InferenceFlops / perSample / peak;
                var scaling = parallel is null ? double.NaN : netGen.MedianNanoseconds / parallel.MedianNanoseconds;
                text.AppendLine($"| {spec.Name} | {Time(perSample)} | {Rate(rate)} | {Time(naive?.MedianNanoseconds / MlpBatchBenchmarks.Batch)} | {Ratio(versusNaive)} | {Rate(spec.TorchSharp.BatchSamplesPerSecond)} | {Ratio(versusTorch)} | {spec.BatchGoalVersusTorchSharp}× {Mark(versusTorch >= spec.BatchGoalVersusTorchSharp)} | {Share(spec.InferenceFlops, perSample)} | {(parallel is null ? "–" : Rate(1e9 * MlpBatchBenchmarks.Batch / parallel.MedianNanoseconds))} | {Ratio(scaling)} | {Bytes(netGen.BytesPerOperation)} / {Bytes(parallel?.BytesPerOperation)} |");
                goals.Add(Goal($"{spec.Name} batch ≥ {spec.BatchGoalVersusTorchSharp}× TorchSharp", versusTorch, spec.BatchGoalVersusTorchSharp));
                goals.Add(Goal($"{spec.Name} batch ≥ 2× naive", versusNaive, 2));
                if (spec.BatchGoalVersusTorchSharp > 1)
                {
                    goals.Add(Goal($"{spec.Name} batch ≥ 70% of peak", share, 0.7));
                }

                goals.Add(Allocation($"{spec.Name} Predict (batch)", netGen.BytesPerOperation));
                goals.Add(Allocation($"{spec.Name} PredictParallel (batch)", parallel?.BytesPerOperation));
            }

            text.AppendLine();
        }

        // Training epochs.
        var training = nameof(MlpTrainingBenchmarks);
        if (results.Keys.Any(key => key.Type == training))
        {
            text.AppendLine($"### One training epoch, {MlpTrainingBenchmarks.Samples} samples, batch {MlpTrainingBenchmarks.BatchSize} (`MlpTrainingBenchmarks`)");
            text.AppendLine($"| net | optimizer | `Fit` epoch | samples/s | `TrainStep` loop | naive loop | `Fit` × naive | loop × naive | TorchSharp (issue) | `Fit` × TorchSharp | goal × TorchSharp | loop GFLOP/s (% peak · % {widthPeak}) | allocated: `Fit` / loop |");
            text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var spec in MlpCatalog.All)
            {
                foreach (var optimizer in new[] { "Sgd", "Adam" })
                {
                    var fit = Find(training, nameof(MlpTrainingBenchmarks.Fit), spec.Name, optimizer);
                    var loop = Find(training, nameof(MlpTrainingBenchmarks.TrainSteps), spec.Name, optimizer);
                    var naive = Find(training, nameof(MlpTrainingBenchmarks.Naive), spec.Name, optimizer);
                    if (fit is null)
                    {
                        continue;
                    }

                    var rate = MlpTrainingBenchmarks.Samples * 1e9 / fit.MedianNanoseconds;
                    var torch = optimizer == "Sgd" ? spec.TorchSharp.SgdSamplesPerSecond : spec.TorchSharp.AdamSamplesPerSecond;
                    var versusTorch = rate / torch;
                    var fitVersusNaive = naive is null ? double.NaN : naive.MedianNanoseconds / fit.MedianNanoseconds;
                    var loopVersusNaive = naive is null || loop is null ? double.NaN : naive.MedianNanoseconds / loop.MedianNanoseconds;
                    var loopShare = loop is null ? "–" : Share(spec.TrainingFlops * MlpTrainingBenchmarks.Samples, loop.MedianNanoseconds);
                    text.AppendLine($"| {spec.Name} | {optimizer} | {Time(fit.MedianNanoseconds)} | {Rate(rate)} | {Time(loop?.MedianNanoseconds)} | {Time(naive?.MedianNanoseconds)} | {Ratio(fitVersusNaive)} | {Ratio(loopVersusNaive)} | {Rate(torch)} | {Ratio(versusTorch)} | {spec.TrainingGoalVersusTorchSharp}× {Mark(versusTorch >= spec.TrainingGoalVersusTorchSharp)} | {loopShare} | {Bytes(fit.BytesPerOperation)} / {Bytes(loop?.BytesPerOperation)} |");
                    goals.Add(Goal($"{spec.Name} {optimizer} epoch ≥ {spec.TrainingGoalVersusTorchSharp}× TorchSharp", versusTorch, spec.TrainingGoalVersusTorchSharp));
                    goals.Add(Goal($"{spec.Name} {optimizer} epoch ≥ 2× naive", fitVersusNaive, 2));
                    goals.Add(Allocation($"{spec.Name} {optimizer} TrainStep loop (epoch)", loop?.BytesPerOperation));
                }
            }

            text.AppendLine();
            text.AppendLine("`Fit`'s allocation is its per-call setup plus one epoch record; `TrainerAllocationTests` measures the per-epoch part.");
            text.AppendLine();
        }

        if (goals.Count > 0)
        {
            text.AppendLine("### Goals");
            foreach (var goal in goals)
            {
                text.AppendLine($"- {goal}");
            }
        }

        return text.ToString();
    }

    private static string Goal(string name, double value, double goal) =>
        double.IsNaN(value)
            ? $"{name}: not measured in this run"
            : $"{name}: {Mark(value >= goal)} ({(goal < 1 ? (100 * value).ToString("0", Invariant) + "%" : value.ToString("0.##", Invariant) + "×")}{(value >= goal ? "" : $", {(goal / value).ToString("0.##", Invariant)}× short")})";

    private static string Allocation(string name, long? bytes) =>
        bytes is null ? $"{name}: allocation not measured" : $"{name} allocates 0 bytes: {Mark(bytes == 0)} ({bytes} B)";

    private static string Mark(bool met) => met ? "met" : "**not met**";

    private static string Ratio(double ratio) => double.IsNaN(ratio) ? "–" : ratio.ToString(ratio >= 100 ? "0" : ratio >= 10 ? "0.0" : "0.00", Invariant) + "×";

    private static string Rate(double perSecond) =>
        perSecond >= 1e6 ? (perSecond / 1e6).ToString("0.00", Invariant) + " M" : (perSecond / 1e3).ToString("0.0", Invariant) + " k";

    private static string Bytes(long? bytes) => bytes is null ? "–" : bytes.Value.ToString("N0", Invariant) + " B";

    private static string Time(double? nanoseconds) => nanoseconds switch
    {
        null => "–",
        < 1e3 => nanoseconds.Value.ToString("0.0", Invariant) + " ns",
        < 1e6 => (nanoseconds.Value / 1e3).ToString("0.00", Invariant) + " µs",
        < 1e9 => (nanoseconds.Value / 1e6).ToString("0.00", Invariant) + " ms",
        _ => (nanoseconds.Value / 1e9).ToString("0.00", Invariant) + " s",
    };
}
