using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using NetGen.Kernels;

namespace NetGen.Benchmarks.Mlp;

/// <summary>
/// <c>-- --step-kernels [net…]</c>: where one training step (batch 32) of the large nets goes, kernel by kernel, for SGD and
/// Adam: the forward tiles, dW and dX of every layer, the activation passes and their derivatives, the loss, the gradient
/// norms and the optimizer update, next to the <c>Vector512</c> FMA peak measured in the same rounds.
/// The generated kernels are private: this calls them through delegates made by reflection on the network's own
/// methods and buffers (nothing is added to generated code), in the order <c>ComputeGradients</c> calls them, after a
/// real <c>TrainStep</c> has filled the buffers. Each kernel is timed two ways:
/// <b>alone</b>, a block of consecutive calls timed by the thread's CPU time (so other processes on the cores do not
/// count), the median over interleaved rounds; and <b>in the step</b>, the whole sequence of kernels run as the step
/// runs them with a timestamp between consecutive kernels (wall clock, ~20 ns each; the median over the steps), which
/// includes what the other kernels leave in the caches.
/// </summary>
internal static class StepKernelsCheck
{
    private const int Batch = 32;
    private const int Samples = 10_000;
    private const int WarmUpEpochs = 20;
    private const int Rounds = 15;
    private const double BlockSeconds = 0.002;
    private static float peakSink;

    private delegate void LinearBatch(ref float p, ref float x, ref float z, int count);

    private delegate void ActivateBatch(ref float p, ref float pre, ref float post, int count);

    private delegate double LossAndGradient(ref float y, ref float t, ref float d, float scale);

    private delegate void WeightGradients(ref float g, ref float x, ref float d, int count);

    // WeightGradients of a network whose TrainStep updates inside the backward pass: the network to update, or null
    private delegate void WeightGradientsUpdating<TNetwork>(ref float g, ref float x, ref float d, int count, TNetwork? update)
        where TNetwork : class;

    private delegate void InputGradientsWide(ref float p, ref float d, ref float dx, int count);

    private delegate void InputGradientsNarrow(ref float p, ref float wt, ref float d, ref float dx, int count);

    private delegate void ActivationBackwardBatch(ref float p, ref float g, ref float pre, ref float post, ref float d, int count);

    private delegate double SumOfSquares(ref float values, nuint start, nuint length);

    /// <summary>One kernel call of the step: its label, its FLOPs (2 per multiply-add of real, unpadded sizes; 0 for passes) and the call.</summary>
    private sealed record Stage(string Kernel, string Layer, double Flops, Action Run);

    public static void Run(string[] nets)
    {
        var specs = nets.Length == 0
            ? new[] { MlpCatalog.Get(MlpCatalog.Net64), MlpCatalog.Get(MlpCatalog.Net784) }
            : nets.Select(MlpCatalog.Get).ToArray();
        Console.WriteLine($"Step kernels, batch {Batch}: {Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
            $"Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load {Load()}");
        foreach (var spec in specs)
        {
            foreach (var adam in new[] { false, true })
            {
                Measure(spec, adam);
            }
        }

        Console.WriteLine($"Done {DateTime.UtcNow:HH:mm} UTC; load {Load()}");
    }

    private static void Measure(MlpSpec spec, bool adam)
    {
        var network = adam ? spec.CreateAdam() : spec.CreateSgd();
        var inputs = MlpData.Inputs(spec.Inputs, Samples, 5);
        var feed = new Feed(inputs, MlpData.Targets(inputs, spec.Inputs, spec.Outputs, 5), spec.Inputs, spec.Outputs);

        // Twenty epochs first, batch after batch as the side-by-side epochs run (it times ~25), so the weights,
        // gradients and optimizer state are those of a network well into training: units that died by then have left
        // their decaying optimizer state subnormal where it is not flushed (one batch over and over would instead
        // saturate the softmax). Every timed call below moves on to the next batch too.
        for (var k = 0; k < WarmUpEpochs * (Samples / Batch); k++)
        {
            feed.Next();
            network.TrainStep(feed.Inputs, feed.Targets);
        }

        var stages = Stages(network, spec, feed);
        var peak = new FmaPeakBenchmarks();
        var peakFlops = FmaPeakBenchmarks.Flops(nameof(FmaPeakBenchmarks.Vector512Fma));
        Action computeGradients = () =>
        {
            feed.Next();
            network.ComputeGradients(feed.Inputs, feed.Targets);
        };
        Action trainStep = () =>
        {
            feed.Next();
            network.TrainStep(feed.Inputs, feed.Targets);
        };
        Action[] whole = [computeGradients, trainStep, () => peakSink += peak.Vector512Fma()]; // kept, or the JIT drops the FMAs

        // Warm-up: every kernel well past tiering, and each block's call count set to ~2 ms of CPU time
        var alone = stages.Select(stage => stage.Run).Concat(whole).ToArray();
        var calls = new int[alone.Length];
        for (var k = 0; k < alone.Length; k++)
        {
            for (var warm = 0; warm < 300; warm++)
            {
                alone[k]();
            }

            var start = ThreadCpuTime.Now();
            alone[k]();
            var one = Math.Max(ThreadCpuTime.Now() - start, 1e-7);
            calls[k] = Math.Clamp((int)(BlockSeconds / one), 1, 100_000);
        }

        calls[^1] = 1; // the peak kernel is ~2 ms a call
        var aloneTimes = new double[alone.Length][];
        var sequenceTimes = new double[stages.Length][];
        for (var k = 0; k < alone.Length; k++)
        {
            aloneTimes[k] = new double[Rounds];
        }

        const int StepsPerRound = 200;
        for (var k = 0; k < stages.Length; k++)
        {
            sequenceTimes[k] = new double[Rounds * StepsPerRound];
        }

        var stamps = new long[stages.Length + 1];
        var loadBefore = Load();
        for (var round = 0; round < Rounds; round++)
        {
            // Alone: blocks of consecutive calls of one kernel, in an order rotated from round to round
            for (var j = 0; j < alone.Length; j++)
            {
                var k = (j + round) % alone.Length;
                var run = alone[k];
                var start = ThreadCpuTime.Now();
                for (var c = 0; c < calls[k]; c++)
                {
                    run();
                }

                aloneTimes[k][round] = (ThreadCpuTime.Now() - start) / calls[k];
            }

            // In the step: the kernels in ComputeGradients' order, then the update, a timestamp between each two
            for (var step = 0; step < StepsPerRound; step++)
            {
                feed.Next();
                stamps[0] = Stopwatch.GetTimestamp();
                for (var k = 0; k < stages.Length; k++)
                {
                    stages[k].Run();
                    stamps[k + 1] = Stopwatch.GetTimestamp();
                }

                for (var k = 0; k < stages.Length; k++)
                {
                    sequenceTimes[k][round * StepsPerRound + step] = Stopwatch.GetElapsedTime(stamps[k], stamps[k + 1]).TotalSeconds;
                }
            }
        }

        var loadAfter = Load();
        var peakSeconds = Median(aloneTimes[^1]);
        var peakRate = peakFlops / peakSeconds;
        var stepSeconds = Median(aloneTimes[^2]);
        var gradientSeconds = Median(aloneTimes[^3]);
        var stepFlops = spec.TrainingFlops * Batch;
        var sequenceTotal = Enumerable.Range(0, stages.Length).Sum(k => Median(sequenceTimes[k]));
        var aloneTotal = Enumerable.Range(0, stages.Length).Sum(k => Median(aloneTimes[k]));

        Console.WriteLine();
        Console.WriteLine($"#### {spec.Name}, {(adam ? "Adam" : "SGD")}, batch {Batch}");
        Console.WriteLine($"load {loadBefore} before, {loadAfter} after; Vector512 FMA peak {Rate(peakRate)} GFLOP/s (thread CPU time, median of {Rounds} rounds)");
        Console.WriteLine($"TrainStep {Micro(stepSeconds)} µs = {Rate(stepFlops / stepSeconds)} GFLOP/s, {Percent(stepFlops / stepSeconds / peakRate)} of the peak " +
            $"(ComputeGradients {Micro(gradientSeconds)} µs; training FLOPs {stepFlops / 1e6:0.00} M per step)");
        Console.WriteLine();
        Console.WriteLine("| kernel | layer | alone, µs | GFLOP/s | % peak | in the step, µs | share of the step |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        for (var k = 0; k < stages.Length; k++)
        {
            var stage = stages[k];
            var a = Median(aloneTimes[k]);
            var s = Median(sequenceTimes[k]);
            var rate = stage.Flops > 0 ? Rate(stage.Flops / a) : "";
            var share = stage.Flops > 0 ? Percent(stage.Flops / a / peakRate) : "";
            Console.WriteLine($"| {stage.Kernel} | {stage.Layer} | {Micro(a)} | {rate} | {share} | {Micro(s)} | {Percent(s / sequenceTotal)} |");
        }

        Console.WriteLine($"| **sum** | | {Micro(aloneTotal)} | {Rate(stepFlops / aloneTotal)} | {Percent(stepFlops / aloneTotal / peakRate)} | {Micro(sequenceTotal)} | 100% |");

        // By kind: what closing each kind's gap to the peak would give the step
        Console.WriteLine();
        Console.WriteLine("| kind | in the step, µs | share | at the peak, µs |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var group in stages.Select((stage, k) => (stage, k)).GroupBy(item => item.stage.Kernel))
        {
            var seconds = group.Sum(item => Median(sequenceTimes[item.k]));
            var flops = group.Sum(item => item.stage.Flops);
            Console.WriteLine($"| {group.Key} | {Micro(seconds)} | {Percent(seconds / sequenceTotal)} | {(flops > 0 ? Micro(flops / peakRate) : "")} |");
        }

        Console.WriteLine($"The step's FLOPs at the peak: {Micro(stepFlops / peakRate)} µs; 85% of the peak: {Micro(stepFlops / peakRate / 0.85)} µs.");

        // Subnormal operands make the update's square roots and divisions slow (a microcode assist per lane)
        foreach (var name in new[] { "__ng_gradients", "__ng_firstMoment", "__ng_secondMoment" })
        {
            if (network.GetType().GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(network) is AlignedBuffer<float> { Length: > 0 } buffer)
            {
                var values = buffer.Span.ToArray();
                var subnormal = values.Count(value => value != 0 && float.IsSubnormal(value));
                var zero = values.Count(value => value == 0);
                var squareSubnormal = values.Count(value => value != 0 && float.IsSubnormal(value * value));
                Console.WriteLine($"{name}: {subnormal} subnormal, {squareSubnormal} with a subnormal square, {zero} zero of {values.Length}");
            }
        }
    }

    private static Stage[] Stages(INetwork<float> network, MlpSpec spec, Feed feed)
    {
        var type = network.GetType();
        const BindingFlags Static = BindingFlags.NonPublic | BindingFlags.Static;
        const BindingFlags Instance = BindingFlags.NonPublic | BindingFlags.Instance;
        T Kernel<T>(string name) where T : Delegate =>
            type.GetMethod(name, Static)?.CreateDelegate<T>() ?? throw new InvalidOperationException($"{type.Name} has no {name}.");
        AlignedBuffer<float> Buffer(string name) =>
            (AlignedBuffer<float>)(type.GetField(name, Instance)?.GetValue(network) ?? throw new InvalidOperationException($"{type.Name} has no {name}."));

        var layers = spec.Sizes.Length - 1;
        var parameters = Buffer("__ng_parameters");
        var gradients = Buffer("__ng_gradients");
        var layerStorage = (int[])type.GetField("__ng_LayerStorage", Static)!.GetValue(null)!;
        int Padded(int units) => (units + 15) / 16 * 16;
        Operand Input(int layer) => layer == 1 ? new(feed, spec.Inputs, default) : new(null, 0, Buffer($"__ng_a{layer - 1}"));
        string Shape(int layer) => $"{layer}: {spec.Sizes[layer - 1]}→{spec.Sizes[layer]}";
        double Products(int layer) => 2.0 * spec.Sizes[layer - 1] * spec.Sizes[layer] * Batch;

        var stages = new List<Stage>();
        // A hidden ReLU layer's products store a = max(z, 0) themselves: no z buffer and no activation pass
        bool StoresActivated(int layer) => type.GetField($"__ng_z{layer}", Instance) is null;
        for (var layer = 1; layer <= layers; layer++)
        {
            var linear = Kernel<LinearBatch>($"__ng_LinearBatch{layer}");
            var x = Input(layer);
            var fused = StoresActivated(layer);
            var z = Buffer(fused ? $"__ng_a{layer}" : $"__ng_z{layer}");
            stages.Add(new(fused ? "forward (LinearBatch, ReLU as it stores)" : "forward (LinearBatch)", Shape(layer), Products(layer), () => linear(
                ref parameters.Start, ref x.Start, ref z.Start, Batch)));
            if (layer < layers && !fused)
            {
                var activate = Kernel<ActivateBatch>($"__ng_ActivateBatch{layer}");
                var a = Buffer($"__ng_a{layer}");
                stages.Add(new("activation (ActivateBatch)", Shape(layer), 0, () => activate(
                    ref parameters.Start, ref z.Start, ref a.Start, Batch)));
            }
        }

        var loss = Kernel<LossAndGradient>("__ng_LossAndGradient");
        var logits = Buffer($"__ng_z{layers}");
        var outputGradient = Buffer($"__ng_d{layers}");
        var padded = Padded(spec.Outputs);
        var outputs = spec.Outputs;
        stages.Add(new("loss (LossAndGradient)", $"{layers}: {spec.Outputs}", 0, () =>
        {
            double total = 0;
            for (var s = 0; s < Batch; s++)
            {
                total += loss(ref logits[s * padded], ref feed.AllTargets[(feed.Start + s) * outputs], ref outputGradient[s * padded], 1f / Batch);
            }
        }));

        for (var layer = layers; layer >= 1; layer--)
        {
            var d = Buffer($"__ng_d{layer}");
            if (layer < layers)
            {
                var backward = Kernel<ActivationBackwardBatch>($"__ng_ActivationBackwardBatch{layer}");
                var z = Buffer(StoresActivated(layer) ? $"__ng_a{layer}" : $"__ng_z{layer}");
                var a = Buffer($"__ng_a{layer}");
                stages.Add(new("activation′ (ActivationBackwardBatch)", Shape(layer), 0, () => backward(
                    ref parameters.Start, ref gradients.Start,
                    ref z.Start, ref a.Start, ref d.Start, Batch)));
            }

            if (layer > 1)
            {
                var dx = Buffer($"__ng_d{layer - 1}");
                var method = type.GetMethod($"__ng_InputGradients{layer}", Static)!;
                if (method.GetParameters().Length == 5)
                {
                    var narrow = method.CreateDelegate<InputGradientsNarrow>();
                    var wt = Buffer($"__ng_wt{layer}");
                    stages.Add(new("dX (InputGradients)", Shape(layer) + " narrow", Products(layer), () => narrow(
                        ref parameters.Start, ref wt.Start,
                        ref d.Start, ref dx.Start, Batch)));
                }
                else
                {
                    var wide = method.CreateDelegate<InputGradientsWide>();
                    stages.Add(new("dX (InputGradients)", Shape(layer), Products(layer), () => wide(
                        ref parameters.Start, ref d.Start, ref dx.Start, Batch)));
                }
            }

            // After dX, as the step runs it: with the update inside the backward pass, WeightGradients updates W
            var weightsMethod = type.GetMethod($"__ng_WeightGradients{layer}", Static)!;
            var input = Input(layer);
            if (weightsMethod.GetParameters().Length == 5)
            {
                var run = (Action)typeof(StepKernelsCheck).GetMethod(nameof(UpdatingWeightGradients), Static)!
                    .MakeGenericMethod(type)
                    .Invoke(null, [weightsMethod, network, gradients, input, d])!;
                stages.Add(new("dW and the update (WeightGradients)", Shape(layer), Products(layer), run));
            }
            else
            {
                var weights = weightsMethod.CreateDelegate<WeightGradients>();
                stages.Add(new("dW (WeightGradients)", Shape(layer), Products(layer), () => weights(
                    ref gradients.Start, ref input.Start, ref d.Start, Batch)));
            }
        }

        var sumOfSquares = Kernel<SumOfSquares>("__ng_SumOfSquares");
        stages.Add(new("gradient norms (SumOfSquares)", "all", 0, () =>
        {
            double total = 0;
            for (var layer = 0; layer < layers; layer++)
            {
                total += sumOfSquares(ref gradients.Start, (nuint)layerStorage[layer], (nuint)(layerStorage[layer + 1] - layerStorage[layer]));
            }
        }));

        if (!stages.Any(stage => stage.Kernel.StartsWith("dW and the update", StringComparison.Ordinal)))
        {
            var update = type.GetMethod("__ng_UpdateParameters", Instance)!.CreateDelegate<Action>(network);
            stages.Add(new("optimizer update (UpdateParameters)", $"{parameters.Length} parameters", 0, update));
        }

        return stages.ToArray();
    }

    /// <summary>WeightGradients with the network to update, as TrainStep's backward pass calls it (the step's coefficients as its last TrainStep set them).</summary>
    private static Action UpdatingWeightGradients<TNetwork>(MethodInfo method, TNetwork network, AlignedBuffer<float> gradients, Operand input, AlignedBuffer<float> d)
        where TNetwork : class
    {
        var weights = method.CreateDelegate<WeightGradientsUpdating<TNetwork>>();
        return () => weights(ref gradients.Start, ref input.Start, ref d.Start, Batch, network);
    }

    /// <summary>A kernel's input: the current batch of the training data (layer 1, as the step reads it) or a layer's batch buffer.</summary>
    private readonly record struct Operand(Feed? Feed, int InputCount, AlignedBuffer<float> Buffer)
    {
        public ref float Start => ref Feed is null ? ref Buffer.Start : ref Feed.AllInputs[Feed.Start * InputCount];
    }

    /// <summary>The training data, one batch of <see cref="Batch"/> after another (the last partial batch left out).</summary>
    private sealed class Feed(float[] inputs, float[] targets, int inputCount, int outputCount)
    {
        public float[] AllInputs { get; } = inputs;

        public float[] AllTargets { get; } = targets;

        /// <summary>The first sample of the current batch.</summary>
        public int Start { get; private set; } = -Batch;

        public ReadOnlySpan<float> Inputs => AllInputs.AsSpan(Start * inputCount, Batch * inputCount);

        public ReadOnlySpan<float> Targets => AllTargets.AsSpan(Start * outputCount, Batch * outputCount);

        public void Next() => Start = Start + (2 * Batch) > AllTargets.Length / outputCount ? 0 : Start + Batch;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }

    private static string Micro(double seconds) => (seconds * 1e6).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Rate(double flopsPerSecond) => (flopsPerSecond / 1e9).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => (100 * fraction).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Load()
    {
        try
        {
            return string.Join(' ', System.IO.File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (System.IO.IOException)
        {
            return "?";
        }
    }
}
