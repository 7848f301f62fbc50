using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Intrinsics;
using System.Text;
using NetGen.Benchmarks;
using NetGen.Benchmarks.Mlp;
using NetGen.Training;

namespace NetGen.SideBySide;

/// <summary>
/// NetGen, the naive scalar loops and TorchSharp (where it loads) interleaved in one process with identical weights on
/// the performance issue's four networks: 1-sample latency, batch-1024 inference, and one training epoch (10 000
/// samples, batch 32, SGD and Adam; NetGen's bare <c>TrainStep</c> loop and <c>Trainer.Fit</c>). README.md says how to
/// run it and what it reports.
/// </summary>
internal static class Program
{
    private const int Batch = 1024;
    private const int Samples = 10_000;
    private const int BatchSize = 32;
    private const string NetGenName = "NetGen";
    private const string NaiveName = "naive";
    private const string TorchName = "TorchSharp";
    private const string LoopName = "NetGen loop";
    private const string FitName = "NetGen Fit";
    private const string TorchSharpPackage = "TorchSharp-cpu 0.107.0 (libtorch 2.10.0)";

    /// <summary>How long a timed block of epochs lasts at least: shorter epochs run back to back in one block.</summary>
    internal const double EpochBlockSeconds = 0.01;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = Invariant;
        CultureInfo.CurrentCulture = Invariant;
        var quick = args.Contains("--quick");
        var withTorch = !args.Contains("--no-torch");
        var rounds = Option(args, "--rounds") is { } r ? int.Parse(r, Invariant) : quick ? 3 : 25;
        var output = Option(args, "--out") ?? "side-by-side.md";
        var nets = Option(args, "--nets") is { } n ? n.Split(',').Select(MlpCatalog.Get).ToArray() : MlpCatalog.All;
        var latencyBlock = quick ? 0.5e-3 : 4e-3;
        var batchBlock = quick ? 2e-3 : 15e-3;
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();

        var torchStatus = withTorch ? TorchSetup.TryLoad() : "not run (--no-torch)";
        var torch = torchStatus == TorchSetup.Loaded;
        Console.Error.WriteLine($"TorchSharp: {torchStatus} ({LibTorchSharpLoader.Outcome})");

        var checks = new List<string>();
        var peak = PeakCell();
        var latency = new List<(MlpSpec Spec, Cell Cell)>();
        var batch = new List<(MlpSpec Spec, Cell Cell)>();
        var epochs = new List<(MlpSpec Spec, string Optimizer, Cell Cell)>();
        var disposables = new List<IDisposable>();
        foreach (var spec in nets)
        {
            var (latencyCell, batchCell) = InferenceCells(spec, torch, latencyBlock, batchBlock, checks, disposables);
            latency.Add((spec, latencyCell));
            batch.Add((spec, batchCell));
            foreach (var optimizer in new[] { "Sgd", "Adam" })
            {
                epochs.Add((spec, optimizer, EpochCell(spec, optimizer, torch, checks, disposables)));
            }
        }

        foreach (var line in checks)
        {
            Console.Error.WriteLine(line);
        }

        var cells = new List<Cell> { peak };
        cells.AddRange(latency.Select(item => item.Cell));
        cells.AddRange(batch.Select(item => item.Cell));
        cells.AddRange(epochs.Select(item => item.Cell));
        Console.Error.WriteLine($"calibrating and warming up ({clock.Elapsed.TotalSeconds:F0} s)");
        foreach (var cell in cells)
        {
            Harness.Calibrate(cell);
        }

        foreach (var cell in cells)
        {
            cell.RunRound(0, record: false);
        }

        var load = new List<CpuUse>();
        var measuredFrom = CpuSnapshot.Take();
        var measuredStart = DateTime.UtcNow;
        for (var round = 0; round < rounds; round++)
        {
            var before = CpuSnapshot.Take();
            foreach (var cell in cells)
            {
                cell.RunRound(round, record: true);
            }

            var use = CpuSnapshot.Take().Since(before);
            load.Add(use);
            Console.Error.WriteLine(
                $"round {round + 1}/{rounds}: {use.Seconds:F1} s, other processes {use.OtherCores:F2} cores, this one {use.SelfCores:F2}");
        }

        var whole = CpuSnapshot.Take().Since(measuredFrom);
        var measuredEnd = DateTime.UtcNow;
        foreach (var disposable in disposables)
        {
            disposable.Dispose();
        }

        var report = new Report(peak, latency, batch, epochs, torch)
        {
            Started = started,
            MeasuredStart = measuredStart,
            MeasuredEnd = measuredEnd,
            Rounds = rounds,
            Quick = quick,
            TorchStatus = torch ? $"{TorchSharpPackage}, loaded ({LibTorchSharpLoader.Outcome}), `torch.set_num_threads(1)`: {TorchSetup.Threads}" : $"not measured: {torchStatus}",
            Checks = checks,
            Load = load,
            WholeLoad = whole,
            TotalSeconds = clock.Elapsed.TotalSeconds,
        };
        var markdown = report.Write();
        File.WriteAllText(output, markdown);
        if (Option(args, "--docs") is { } docs)
        {
            DocsSection.Replace(docs, markdown);
            Console.Error.WriteLine($"replaced the side-by-side section of {docs}");
        }

        Console.WriteLine(markdown);
        Console.Error.WriteLine($"written to {Path.GetFullPath(output)} ({clock.Elapsed.TotalSeconds:F0} s in all)");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>The core's FMA peak as FmaPeakBenchmarks measures it, one invocation per round for each width.</summary>
    private static Cell PeakCell()
    {
        var kernels = new FmaPeakBenchmarks();
        var sink = 0f;
        var contenders = new List<Contender>
        {
            new(nameof(FmaPeakBenchmarks.Vector256Fma), n => { for (var i = 0; i < n; i++) { sink += kernels.Vector256Fma(); } }),
        };
        if (Vector512.IsHardwareAccelerated)
        {
            contenders.Add(new(nameof(FmaPeakBenchmarks.Vector512Fma), n => { for (var i = 0; i < n; i++) { sink += kernels.Vector512Fma(); } }));
        }

        GC.KeepAlive(sink);
        return new Cell("FMA peak", 0, contenders.ToArray());
    }

    /// <summary>The widest accelerated width's peak: the width the generated kernels run.</summary>
    public static string PeakName => Vector512.IsHardwareAccelerated ? nameof(FmaPeakBenchmarks.Vector512Fma) : nameof(FmaPeakBenchmarks.Vector256Fma);

    private static (Cell Latency, Cell Batch) InferenceCells(
        MlpSpec spec, bool torch, double latencyBlock, double batchBlock, List<string> checks, List<IDisposable> disposables)
    {
        var network = spec.CreateSgd();
        var parameters = new float[network.ParameterCount];
        network.GetParameters(parameters);
        var naive = spec.CreateNaive(adam: false);
        naive.SetParameters(parameters);
        TorchMlp? twin = null;
        if (torch)
        {
            twin = new TorchMlp(spec, parameters, optimizer: null);
            disposables.Add(twin);
        }

        var one = MlpData.Inputs(spec.Inputs, 1, 3);
        var many = MlpData.Inputs(spec.Inputs, Batch, 4);
        var outOne = new float[spec.Outputs];
        var outMany = new float[Batch * spec.Outputs];
        var naiveOne = new float[spec.Outputs];
        var naiveMany = new float[Batch * spec.Outputs];
        var torchOne = new float[spec.Outputs];
        var torchMany = new float[Batch * spec.Outputs];

        // Identical weights must give the same outputs before any of them is timed.
        network.Predict(one, outOne);
        network.Predict(many, outMany);
        naive.Predict(one, naiveOne);
        naive.PredictBatch(many, naiveMany);
        var line = $"{spec.Name} inference, same weights: |NetGen − naive| ≤ {Check(outMany.Concat(outOne), naiveMany.Concat(naiveOne), $"{spec.Name} inference vs naive")}";
        if (twin is not null)
        {
            twin.Predict(one, torchOne);
            twin.Predict(many, torchMany);
            line += $", |NetGen − TorchSharp| ≤ {Check(outMany.Concat(outOne), torchMany.Concat(torchOne), $"{spec.Name} inference vs TorchSharp")}";
        }

        checks.Add(line + $" (max over 1 + {Batch} samples × {spec.Outputs} output{(spec.Outputs == 1 ? "" : "s")})");

        var latencyContenders = new List<Contender>
        {
            new(NetGenName, n => { for (var i = 0; i < n; i++) { network.Predict(one, outOne); } }),
            new(NaiveName, n => { for (var i = 0; i < n; i++) { naive.Predict(one, naiveOne); } }),
        };
        var batchContenders = new List<Contender>
        {
            new(NetGenName, n => { for (var i = 0; i < n; i++) { network.Predict(many, outMany); } }),
            new(NaiveName, n => { for (var i = 0; i < n; i++) { naive.PredictBatch(many, naiveMany); } }),
        };
        if (twin is not null)
        {
            latencyContenders.Add(new(TorchName, n => { for (var i = 0; i < n; i++) { twin.Predict(one, torchOne); } }));
            batchContenders.Add(new(TorchName, n => { for (var i = 0; i < n; i++) { twin.Predict(many, torchMany); } }));
        }

        return (new Cell($"{spec.Name} latency", latencyBlock, latencyContenders.ToArray()),
                new Cell($"{spec.Name} batch", batchBlock, batchContenders.ToArray()));
    }

    private static Cell EpochCell(MlpSpec spec, string optimizer, bool torch, List<string> checks, List<IDisposable> disposables)
    {
        var adam = optimizer == "Adam";
        INetwork<float> Create() => adam ? spec.CreateAdam() : spec.CreateSgd();
        var inputs = MlpData.Inputs(spec.Inputs, Samples, 5);
        var data = new TrainingData<float>(inputs, MlpData.Targets(inputs, spec.Inputs, spec.Outputs, 5), spec.Inputs, spec.Outputs);
        var loop = Create();
        var parameters = new float[loop.ParameterCount];
        loop.GetParameters(parameters);

        CheckTraining(spec, optimizer, Create, parameters, data, torch, checks);

        var naive = spec.CreateNaive(adam);
        naive.SetParameters(parameters);
        var options = new TrainingOptions { Epochs = 1 };

        // The bare loop, the naive loop and TorchSharp shuffle with the same seed once per epoch: the same batches.
        var loopEpoch = new EpochLoop(data, (x, t) => loop.TrainStep(x, t));
        var naiveOrder = Enumerable.Range(0, Samples).ToArray();
        var naiveRandom = new DeterministicRandom(7);
        var contenders = new List<Contender>
        {
            new(LoopName, n => { for (var i = 0; i < n; i++) { loopEpoch.Run(); } }),
            // Fit trains the bare loop's network: where an instance's buffers lie in memory moves a step's time by several
            // percent (docs/performance.md, Open items), which two instances would count as Fit's overhead.
            new(FitName, n => { for (var i = 0; i < n; i++) { Trainer.Fit(loop, data, options); } }),
            new(NaiveName, n => { for (var i = 0; i < n; i++) { naive.TrainEpoch(data.Inputs, data.Targets, naiveOrder, BatchSize, naiveRandom); } }),
        };
        if (torch)
        {
            var twin = new TorchMlp(spec, parameters, optimizer);
            disposables.Add(twin);
            var torchEpoch = new EpochLoop(data, twin.TrainStep);
            contenders.Add(new(TorchName, n => { for (var i = 0; i < n; i++) { torchEpoch.Run(); } }));
        }

        // Epochs shorter than the block run back to back in blocks of ~10 ms (2-16-16-1's take 0.5 ms: one alone is timed
        // to within its own noise, and `Fit` is called as often as a user's longer training calls its per-epoch code).
        return new Cell($"{spec.Name} {optimizer} epoch", EpochBlockSeconds, contenders.ToArray());
    }

    /// <summary>
    /// Five updates on the first five mini-batches from the same weights, NetGen against the naive loops and TorchSharp:
    /// the losses and the parameters after them must agree (five, so that Adam's β₂ and bias correction show).
    /// </summary>
    private static void CheckTraining(
        MlpSpec spec, string optimizer, Func<INetwork<float>> create, float[] parameters, TrainingData<float> data, bool torch, List<string> checks)
    {
        const int Steps = 5;
        var network = create();
        network.SetParameters(parameters);
        var naive = spec.CreateNaive(optimizer == "Adam");
        naive.SetParameters(parameters);
        using var twin = torch ? new TorchMlp(spec, parameters, optimizer) : null;
        var losses = new List<float>();
        var naiveLosses = new List<float>();
        var torchLosses = new List<float>();
        for (var step = 0; step < Steps; step++)
        {
            var x = data.Inputs.AsSpan(step * BatchSize * spec.Inputs, BatchSize * spec.Inputs);
            var t = data.Targets.AsSpan(step * BatchSize * spec.Outputs, BatchSize * spec.Outputs);
            losses.Add(network.TrainStep(x, t));
            naiveLosses.Add(naive.TrainStep(x, t));
            if (twin is not null)
            {
                torchLosses.Add(twin.TrainStep(x, t));
            }
        }

        var lr = optimizer == "Adam" ? 1e-3 : 0.01;
        var after = new float[network.ParameterCount];
        network.GetParameters(after);
        var naiveAfter = new float[after.Length];
        naive.GetParameters(naiveAfter);
        var line = $"{spec.Name} {optimizer}, {Steps} steps from the same weights: losses |NetGen − naive| ≤ {Check(losses, naiveLosses, $"{spec.Name} {optimizer} loss vs naive")}, "
            + $"parameters {Compare(after, naiveAfter, lr, Steps, $"{spec.Name} {optimizer} parameters vs naive")}";
        if (twin is not null)
        {
            line += $"; |NetGen − TorchSharp| losses ≤ {Check(losses, torchLosses, $"{spec.Name} {optimizer} loss vs TorchSharp")}, "
                + $"parameters {Compare(after, twin.GetParameters(), lr, Steps, $"{spec.Name} {optimizer} parameters vs TorchSharp")}";
        }

        checks.Add(line);
    }

    /// <summary>
    /// Parameters after a few updates. Adam divides each gradient by its own running magnitude, so a gradient that is
    /// zero up to rounding (a cancelling sum over the batch) moves its weight by up to the learning rate in a direction
    /// the rounding decides: a few weights may differ by that much. A wrong hyperparameter (a β, ε, the bias
    /// correction) moves nearly all of them by more than 1e-6 within five updates; so at most 1% may, and none by more
    /// than the learning rate per update.
    /// </summary>
    private static string Compare(float[] expected, float[] actual, double learningRate, int steps, string what)
    {
        const double Differs = 1e-6;
        var largest = 0.0;
        var differing = 0;
        for (var k = 0; k < expected.Length; k++)
        {
            var difference = Math.Abs((double)expected[k] - actual[k]);
            largest = Math.Max(largest, double.IsNaN(difference) ? double.PositiveInfinity : difference);
            differing += difference > Differs ? 1 : 0;
        }

        var share = (double)differing / expected.Length;
        if (!(largest <= learningRate * steps && share <= 0.01))
        {
            throw new InvalidOperationException(
                $"{what}: largest difference {largest:0.0e0} (allowed {learningRate * steps}), {differing} of {expected.Length} over {Differs} (allowed 1%).");
        }

        return $"max |Δ| {largest.ToString("0.0e0", Invariant)}" + (differing > 0 ? $" ({differing} of {expected.Length} over 1e-6)" : "");
    }

    /// <summary>The largest difference, after stopping the run if any exceeds 1e-4 relative (a benchmark of a wrong result is worthless).</summary>
    private static string Check(IEnumerable<float> expected, IEnumerable<float> actual, string what)
    {
        var a = expected.ToArray();
        var b = actual.ToArray();
        if (a.Length != b.Length)
        {
            throw new InvalidOperationException($"{what}: {a.Length} values against {b.Length}.");
        }

        var largest = 0.0;
        for (var k = 0; k < a.Length; k++)
        {
            var difference = Math.Abs((double)a[k] - b[k]);
            if (!(difference <= 1e-4 * Math.Max(1, Math.Abs(a[k]))))
            {
                throw new InvalidOperationException($"{what}: value {k} is {a[k]} against {b[k]}.");
            }

            largest = Math.Max(largest, difference);
        }

        return largest.ToString("0.0e0", Invariant);
    }

    /// <summary>
    /// One epoch as the suite's bare loop runs it: shuffle the sample order, gather each mini-batch of 32 (the last keeps
    /// the rest), one update per batch. The naive baseline's <c>TrainEpoch</c> does the same with the same seed.
    /// </summary>
    private sealed class EpochLoop(TrainingData<float> data, EpochLoop.Step step)
    {
        public delegate float Step(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets);

        private readonly int[] _order = Enumerable.Range(0, data.Count).ToArray();
        private readonly DeterministicRandom _random = new(7);
        private readonly float[] _inputs = new float[BatchSize * data.InputCount];
        private readonly float[] _targets = new float[BatchSize * data.OutputCount];

        public double Run()
        {
            _random.Shuffle<int>(_order);
            var inputCount = data.InputCount;
            var outputCount = data.OutputCount;
            var lossSum = 0.0;
            for (var start = 0; start < _order.Length; start += BatchSize)
            {
                var rows = Math.Min(BatchSize, _order.Length - start);
                for (var r = 0; r < rows; r++)
                {
                    data.Inputs.AsSpan(_order[start + r] * inputCount, inputCount).CopyTo(_inputs.AsSpan(r * inputCount));
                    data.Targets.AsSpan(_order[start + r] * outputCount, outputCount).CopyTo(_targets.AsSpan(r * outputCount));
                }

                lossSum += rows * (double)step(_inputs.AsSpan(0, rows * inputCount), _targets.AsSpan(0, rows * outputCount));
            }

            return lossSum / _order.Length;
        }
    }
}

/// <summary>Loads TorchSharp's natives once and keeps it to one thread.</summary>
internal static class TorchSetup
{
    public const string Loaded = "loaded";

    /// <summary>libtorch's thread counts after <see cref="TryLoad"/>, as libtorch reports them.</summary>
    public static string Threads { get; private set; } = "";

    public static string TryLoad()
    {
        try
        {
            TorchSharp.torch.set_num_threads(1);
            try
            {
                TorchSharp.torch.set_num_interop_threads(1);
            }
            catch (Exception)
            {
                // libtorch refuses once inter-op work has started; the intra-op setting above is what matters.
            }

            using var probe = TorchSharp.torch.ones(2, 2);
            Threads = $"{TorchSharp.torch.get_num_threads()} intra-op, {TorchSharp.torch.get_num_interop_threads()} inter-op thread(s)";
            return Loaded;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return $"TorchSharp did not load: {exception.GetType().Name}: {exception.Message.Split('\n')[0]}";
        }
    }
}
