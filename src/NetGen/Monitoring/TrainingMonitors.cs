using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;
using NetGen.Training;

namespace NetGen.Monitoring;

/// <summary>
/// The runtime monitors for the classic training pathologies (NG6001–NG6011), as one callback to add to
/// <see cref="TrainingOptions.Callbacks"/>: <c>Callbacks = [new TrainingMonitors()]</c>. Each monitor is a property to
/// configure (its thresholds and its <see cref="TrainingMonitor.Action"/>); what they find is in <see cref="Findings"/>.
/// </summary>
/// <remarks>
/// <para>
/// Cost: each piece of work is done only when a monitor that reads it is on. Per update, the monitors that look at every
/// update (NG6001, NG6007, NG6009) tell Fit their thresholds, and Fit calls them only for an update whose loss or
/// gradient norm reaches one (or is not finite): two comparisons on numbers it has computed anyway, allocating nothing.
/// Per epoch they read the epoch's record; every <see cref="UpdateRatioMonitor.Interval"/> epochs (every epoch while
/// a ratio is out of bounds) they copy the weights twice around the epoch's first update for the update-to-weight
/// ratio; and every <see cref="ProbeInterval"/> epochs they run a double-precision forward pass
/// (<see cref="ActivationProbe"/>) over a probe batch of up to <see cref="ProbeSamples"/> training samples, chosen once
/// per Fit with <see cref="ProbeSeed"/>. Before training they scan the training inputs once and compute the loss of the
/// probe batch. docs/monitors/README.md has the measured overhead.
/// </para>
/// <para>
/// When several monitors fire at the same moment (the same update or epoch end), they are reported root cause first,
/// in the order of their IDs: non-finite values, then the data (inputs not standardized, initial loss), then the
/// activations (saturation, dying ReLU), then the gradients (vanishing, exploding), then the updates, then the loss
/// (diverged, not decreasing) and last overfitting. Every monitor reports once per Fit. One instance serves one Fit at a
/// time; a new Fit clears <see cref="Findings"/>.
/// </para>
/// </remarks>
public sealed class TrainingMonitors : TrainingCallback
{
    private readonly List<MonitorFinding> _findings = new();
    private readonly TrainingMonitor[] _monitors;
    private int _probeSamples = 64;
    private int _probeInterval;
    private double _probeBudget = 0.01;

    /// <summary>
    /// A probe run's cost per probe sample, in training passes per training sample: measured at 3.3 (Iris) to 7.5 (digits)
    /// with the probe after every epoch (tests/MonitorOverhead, PROBE_INTERVAL=1; docs/monitors/README.md), about 3 on
    /// digits since the tiled probe; kept at 10 so that the probe runs after the same epochs, and reports the same, as before.
    /// </summary>
    private const double ProbeCostPerSample = 10;

    // Per Fit.
    private MonitorSession? _session;
    private bool _active;
    private bool _usesProbe;
    private bool _usesUpdateRatios;
    private bool _measuresUpdateRatios;
    private bool _checksNonFiniteGradients;
    private bool _checksExplodingGradients;
    private bool _checksLossDiverged;
    private bool _checksUpdates;
    private TrainingMonitor[] _onMonitors = [];
    private TrainingMonitor[] _everyEpochMonitors = [];
    private int _probeEvery;
    private int _lastProbedEpoch;
    private object? _probeInputs;

    /// <summary>Every monitor on with its documented defaults, each with <see cref="MonitorAction.Log"/>.</summary>
    public TrainingMonitors()
        : this(MonitorAction.Log)
    {
    }

    /// <summary>Every monitor on with its documented defaults, each with <paramref name="action"/>.</summary>
    /// <param name="action">What every monitor does when it fires; change single monitors afterwards.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not a <see cref="MonitorAction"/>.</exception>
    public TrainingMonitors(MonitorAction action)
    {
        _monitors =
        [
            NonFiniteValues,
            InputsNotStandardized,
            InitialLoss,
            SaturatedActivations,
            DyingRelu,
            VanishingGradients,
            ExplodingGradients,
            UpdateRatio,
            LossDiverged,
            LossNotDecreasing,
            Overfitting,
        ];
        foreach (var monitor in _monitors)
        {
            monitor.Action = action;
        }
    }

    /// <summary>A new set of every monitor with its defaults, logging (the same as <c>new TrainingMonitors()</c>).</summary>
    public static TrainingMonitors Default => new();

    /// <summary>NG6001: NaN or infinite data, gradients, parameters, activations or loss.</summary>
    public NonFiniteValuesMonitor NonFiniteValues { get; } = new();

    /// <summary>NG6002: input features far from mean 0 and standard deviation 1.</summary>
    public InputsNotStandardizedMonitor InputsNotStandardized { get; } = new();

    /// <summary>NG6003: a classification loss before training far from ln C.</summary>
    public InitialLossMonitor InitialLoss { get; } = new();

    /// <summary>NG6004: sigmoid or tanh layers mostly saturated on the probe batch.</summary>
    public SaturatedActivationsMonitor SaturatedActivations { get; } = new();

    /// <summary>NG6005: ReLU layers mostly dead on the probe batch.</summary>
    public DyingReluMonitor DyingRelu { get; } = new();

    /// <summary>NG6006: the first layer's gradient vanishing relative to the last layer's.</summary>
    public VanishingGradientsMonitor VanishingGradients { get; } = new();

    /// <summary>NG6007: gradients growing towards the input or during training.</summary>
    public ExplodingGradientsMonitor ExplodingGradients { get; } = new();

    /// <summary>NG6008: update-to-weight ratios far from about 1e-3.</summary>
    public UpdateRatioMonitor UpdateRatio { get; } = new();

    /// <summary>NG6009: the loss far above where it started.</summary>
    public LossDivergedMonitor LossDiverged { get; } = new();

    /// <summary>NG6010: the training loss stalled or oscillating.</summary>
    public LossNotDecreasingMonitor LossNotDecreasing { get; } = new();

    /// <summary>NG6011: the validation loss rising while the training loss falls.</summary>
    public OverfittingMonitor Overfitting { get; } = new();

    /// <summary>Every monitor, in causal (ID) order.</summary>
    public IReadOnlyList<TrainingMonitor> Monitors => _monitors;

    /// <summary>What the monitors found in the last (or current) Fit, in the order found; simultaneous findings root cause first.</summary>
    public IReadOnlyList<MonitorFinding> Findings => _findings;

    /// <summary>Where each finding is written as one line when found (e.g. <see cref="Console.Out"/>); none by default.</summary>
    public TextWriter? Output { get; set; }

    /// <summary>The largest number of training samples in the probe batch; 64 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int ProbeSamples
    {
        get => _probeSamples;
        set => _probeSamples = TrainingMonitor.Require(value, 1, nameof(ProbeSamples));
    }

    /// <summary>The seed that picks the probe samples; the same seed picks the same samples.</summary>
    public int ProbeSeed { get; set; }

    /// <summary>
    /// Run the probe after every n-th epoch (epochs 1, 1 + n, 1 + 2n, …, and once more when training ends); 0 (the
    /// default) chooses the smallest n at which all those runs cost at most <see cref="ProbeBudget"/> of the training
    /// work (at least the first and the last run are made).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int ProbeInterval
    {
        get => _probeInterval;
        set => _probeInterval = TrainingMonitor.Require(value, 0, nameof(ProbeInterval));
    }

    /// <summary>The share of the training work the probe may take when <see cref="ProbeInterval"/> is 0; 0.01 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not above 0 and at most 1.</exception>
    public double ProbeBudget
    {
        get => _probeBudget;
        set => _probeBudget = TrainingMonitor.Require(value, 1e-9, 1, nameof(ProbeBudget));
    }

    /// <inheritdoc/>
    public override void OnTrainingBegin<T>(TrainingContext<T> context)
    {
        _findings.Clear();
        _session = null;
        _active = false;
        _measuresUpdateRatios = false;
        _checksUpdates = false;
        _checksLossDiverged = false;
        _checksExplodingGradients = false;
        SetBatchBounds();
        foreach (var monitor in _monitors)
        {
            monitor.Fired = false;
            _active |= monitor.Action != MonitorAction.Off;
        }

        if (!_active)
        {
            return;
        }

        var network = context.Network;
        var architecture = network.Architecture;
        var training = context.Training;
        var session = new MonitorSession(architecture, new NetworkAccess<T>(network), training.Count, context.Validation is not null);
        _session = session;
        // Each piece of work is done only for the monitors that are on and read it: per update, only the monitors that
        // look at every update run (the gradient norms the network computed anyway), so the rest cost nothing there.
        var on = Array.FindAll(_monitors, static m => m.Action != MonitorAction.Off);
        _onMonitors = on;
        _everyEpochMonitors = Array.FindAll(on, static m => m.ChecksEveryEpoch);
        _usesProbe = Array.Exists(on, static m => m.UsesProbe);
        _usesUpdateRatios = Array.Exists(on, static m => m.UsesUpdateRatios);
        _checksNonFiniteGradients = NonFiniteValues.Action != MonitorAction.Off;
        _checksExplodingGradients = ExplodingGradients.Action != MonitorAction.Off;
        _checksLossDiverged = LossDiverged.Action != MonitorAction.Off;
        _checksUpdates = _checksNonFiniteGradients || _checksExplodingGradients || _checksLossDiverged;
        if (Array.Exists(on, static m => m.UsesInputStatistics))
        {
            (session.FeatureMeans, session.FeatureDeviations) = InputStatistics(training);
        }

        var usesInitialLoss = Array.Exists(on, static m => m.UsesInitialLoss)
            && network.Loss is LossKind.CategoricalCrossEntropy or LossKind.BinaryCrossEntropy;
        if (_usesProbe || usesInitialLoss)
        {
            ChooseProbeBatch(network, session, training, usesInitialLoss, context.Options.Epochs);
        }

        _lastProbedEpoch = 0;
        foreach (var monitor in on)
        {
            monitor.Begin(session);
        }

        SetBatchBounds();
        Flush(context, session);
    }

    /// <summary>The probe batch: the same training samples for the whole Fit, picked with the probe seed.</summary>
    private void ChooseProbeBatch<T>(INetwork<T> network, MonitorSession session, TrainingData<T> training, bool measureInitialLoss, int epochs)
        where T : unmanaged, INumberBase<T>
    {
        var probeCount = Math.Min(ProbeSamples, training.Count);
        var rows = new int[training.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = i;
        }

        new DeterministicRandom(unchecked((ulong)(long)ProbeSeed)).Shuffle<int>(rows);
        var probeInputs = new T[probeCount * training.InputCount];
        var probeTargets = new T[probeCount * training.OutputCount];
        for (var r = 0; r < probeCount; r++)
        {
            training.Inputs.AsSpan(rows[r] * training.InputCount, training.InputCount).CopyTo(probeInputs.AsSpan(r * training.InputCount));
            training.Targets.AsSpan(rows[r] * training.OutputCount, training.OutputCount).CopyTo(probeTargets.AsSpan(r * training.OutputCount));
        }

        _probeInputs = probeInputs;
        if (measureInitialLoss)
        {
            session.InitialLoss = double.CreateTruncating(network.ComputeLoss(probeInputs, probeTargets));
        }

        if (_usesProbe)
        {
            session.Probe = new ActivationProbe(network.Architecture, probeCount);
            _probeEvery = ProbeInterval > 0 ? ProbeInterval : ProbeIntervalWithinBudget(probeCount, training.Count, epochs);
        }
    }

    /// <inheritdoc/>
    public override void OnEpochBegin<T>(TrainingContext<T> context)
    {
        if (_session is not { } session)
        {
            return;
        }

        session.Epoch = context.Epoch;
        session.UpdateRatiosMeasured = false;
        _measuresUpdateRatios = _usesUpdateRatios && UpdateRatio.Measures(context.Epoch);
        if (_measuresUpdateRatios)
        {
            session.Network.SaveParameters();
        }

        SetBatchBounds();
    }

    /// <summary>
    /// Tells Fit which updates need <see cref="BatchEnded"/> (<see cref="TrainingCallback.BatchLossBound"/>): every one
    /// while a reference is measured or the update ratios are due; else only those whose loss or gradient norm reaches a
    /// threshold of NG6009 or NG6007, or whose gradient norm is not finite (NG6001). The checks in <see cref="BatchEnded"/>
    /// are unchanged, so the findings are the same as with a call after every update.
    /// </summary>
    private void SetBatchBounds()
    {
        if (_measuresUpdateRatios)
        {
            BatchLossBound = double.NegativeInfinity;
            BatchGradientNormBound = double.NegativeInfinity;
            return;
        }

        BatchLossBound = _checksLossDiverged && !LossDiverged.Fired ? LossDiverged.LossBound : double.PositiveInfinity;
        BatchGradientNormBound = _checksExplodingGradients && !ExplodingGradients.Fired ? ExplodingGradients.GradientNormBound : double.PositiveInfinity;
    }

    /// <summary>Only when a monitor that looks at every update is on, or the update ratios are measured on this epoch's first.</summary>
    internal override bool ObservesNextBatch => _session is not null && (_checksUpdates || _measuresUpdateRatios);

    /// <inheritdoc/>
    public override void OnBatchEnd<T>(TrainingContext<T> context, BatchRecord batch) => BatchEnded(context, batch);

    /// <summary>After every update: not generic, so Fit calls it without the generic virtual dispatch.</summary>
    internal override void BatchEnded(TrainingContext context, in BatchRecord batch)
    {
        if (_session is not { } session)
        {
            return;
        }

        session.Step = batch.Step;
        session.BatchLoss = batch.Loss;
        if (_measuresUpdateRatios && batch.Batch == 1)
        {
            session.Network.MeasureUpdateRatios(session.Architecture, session.UpdateRatios);
            session.UpdateRatiosMeasured = true;
            _measuresUpdateRatios = false;
        }

        if (!_checksUpdates)
        {
            SetBatchBounds();
            return;
        }

        // The three per-update checks in one pass, in ID order, on the numbers Fit hands over (no call into the network,
        // no virtual call); the per-layer norms are read only for the message when the global norm is not finite.
        session.GradientNorm = batch.GradientNorm;
        if (_checksNonFiniteGradients && !double.IsFinite(batch.GradientNorm) && !NonFiniteValues.Fired)
        {
            context.ReadLayerGradientNorms(session.LayerGradientNorms);
            NonFiniteValues.Batch(session);
        }

        if (_checksExplodingGradients && !ExplodingGradients.Fired)
        {
            ExplodingGradients.Batch(session);
        }

        if (_checksLossDiverged && !LossDiverged.Fired)
        {
            LossDiverged.Batch(session);
        }

        SetBatchBounds();
        if (session.Pending.Count > 0)
        {
            Flush(context, session);
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd<T>(TrainingContext<T> context, EpochRecord record)
    {
        if (_session is not { } session)
        {
            return;
        }

        session.Epoch = context.Epoch;
        session.Step = context.Step;
        session.Record = record;
        session.TrainingLosses.Add(record.TrainingLoss);
        if (record.ValidationLoss is { } validation)
        {
            session.ValidationLosses.Add(validation);
        }

        if (_usesProbe && (context.Epoch - 1) % _probeEvery == 0)
        {
            RunProbe(context.Network, session);
        }

        // The probe's readers have nothing to do after the other epochs.
        foreach (var monitor in session.ProbeRan ? _onMonitors : _everyEpochMonitors)
        {
            if (!monitor.Fired)
            {
                monitor.Epoch(session);
            }
        }

        session.ProbeRan = false;
        Flush(context, session);
    }

    /// <inheritdoc/>
    public override void OnTrainingEnd<T>(TrainingContext<T> context)
    {
        if (_session is not { } session)
        {
            return;
        }

        session.Step = context.Step;
        session.Divergence = context.History.Divergence;
        if (session.Divergence is not null)
        {
            context.ReadLayerGradientNorms(session.LayerGradientNorms);
        }

        // One last look at the final weights, unless the last epoch's probe already saw them.
        if (_usesProbe && _lastProbedEpoch != context.History.Count && context.History.Count > 0)
        {
            RunProbe(context.Network, session);
            foreach (var monitor in _monitors)
            {
                if (monitor.Action != MonitorAction.Off && !monitor.Fired && monitor.UsesProbe)
                {
                    monitor.Epoch(session);
                }
            }

            session.ProbeRan = false;
        }

        foreach (var monitor in _monitors)
        {
            if (monitor.Action != MonitorAction.Off && !monitor.Fired)
            {
                monitor.End(session);
            }
        }

        Flush(context, session);
    }

    private void RunProbe<T>(INetwork<T> network, MonitorSession session)
        where T : unmanaged, INumberBase<T>
    {
        session.Probe!.Run(network, (T[])_probeInputs!);
        session.ProbeRan = true;
        _lastProbedEpoch = session.Epoch;
    }

    /// <summary>
    /// The smallest interval at which the probe's runs (epoch 1, every n-th epoch after it, and the last epoch) cost at
    /// most <see cref="ProbeBudget"/> of the training; when even the first and the last run cost more, those two alone.
    /// </summary>
    private int ProbeIntervalWithinBudget(int probeCount, int trainingCount, int epochs)
    {
        // A training epoch is about 3 passes (forward, backward, update) over every sample in the float SIMD kernels;
        // a probe run is one double-precision pass over its samples plus a copy of the parameters.
        var runCost = probeCount * ProbeCostPerSample / (3.0 * trainingCount);
        for (var interval = 1; interval < epochs; interval++)
        {
            var runs = ((epochs - 1) / interval) + 1 + ((epochs - 1) % interval == 0 ? 0 : 1);
            if (runs * runCost <= ProbeBudget * epochs)
            {
                return interval;
            }
        }

        return Math.Max(1, epochs);
    }

    /// <summary>
    /// Per-feature mean and standard deviation of the training inputs (which <see cref="TrainingData{T}"/> keeps finite),
    /// in one pass: sums of each value's difference from the first sample's and of its square, in double precision (the
    /// shifted-data variance), so a constant feature has a deviation of exactly 0 and a large mean costs no accuracy.
    /// </summary>
    internal static (double[] Means, double[] Deviations) InputStatistics<T>(TrainingData<T> training)
        where T : unmanaged, INumberBase<T>
    {
        var width = training.InputCount;
        var sums = new double[width];
        var squares = new double[width];
        var shifts = new double[width];
        var inputs = training.Inputs.AsSpan(0, training.Count * width);
        for (var f = 0; f < width; f++)
        {
            shifts[f] = double.CreateTruncating(inputs[f]);
        }

        // The pass is most of the monitors' setup on wide data (it was 2 % of a 30-epoch digits Fit as a scalar loop):
        // whole rows at a time in SIMD vectors, the same additions in the same order as the scalar loop.
        if (typeof(T) == typeof(float))
        {
            AccumulateSingle(MemoryMarshal.Cast<T, float>(inputs), shifts, sums, squares);
        }
        else if (typeof(T) == typeof(double))
        {
            AccumulateDouble(MemoryMarshal.Cast<T, double>(inputs), shifts, sums, squares);
        }
        else
        {
            for (var s = 0; s < training.Count; s++)
            {
                var row = inputs.Slice(s * width, width);
                for (var f = 0; f < row.Length; f++)
                {
                    var difference = double.CreateTruncating(row[f]) - shifts[f];
                    sums[f] += difference;
                    squares[f] += difference * difference;
                }
            }
        }

        var means = new double[width];
        var deviations = new double[width];
        for (var f = 0; f < width; f++)
        {
            var meanDifference = sums[f] / training.Count;
            means[f] = shifts[f] + meanDifference;
            deviations[f] = Math.Sqrt(Math.Max(0, (squares[f] / training.Count) - (meanDifference * meanDifference)));
        }

        return (means, deviations);
    }

    /// <summary>Adds each float value's difference from its feature's shift, and its square, to the feature's sums.</summary>
    private static void AccumulateSingle(ReadOnlySpan<float> inputs, double[] shifts, double[] sums, double[] squares)
    {
        var width = shifts.Length;
        var vectorWidth = Vector.IsHardwareAccelerated ? width - (width % Vector<float>.Count) : 0;
        var shiftVectors = MemoryMarshal.Cast<double, Vector<double>>(shifts.AsSpan(0, vectorWidth));
        var sumVectors = MemoryMarshal.Cast<double, Vector<double>>(sums.AsSpan(0, vectorWidth));
        var squareVectors = MemoryMarshal.Cast<double, Vector<double>>(squares.AsSpan(0, vectorWidth));
        for (var start = 0; start < inputs.Length; start += width)
        {
            var row = inputs.Slice(start, width);
            var rowVectors = MemoryMarshal.Cast<float, Vector<float>>(row.Slice(0, vectorWidth));
            for (var v = 0; v < rowVectors.Length; v++)
            {
                Vector.Widen(rowVectors[v], out var low, out var high);
                var lowDifference = low - shiftVectors[2 * v];
                var highDifference = high - shiftVectors[(2 * v) + 1];
                sumVectors[2 * v] += lowDifference;
                sumVectors[(2 * v) + 1] += highDifference;
                squareVectors[2 * v] += lowDifference * lowDifference;
                squareVectors[(2 * v) + 1] += highDifference * highDifference;
            }

            for (var f = vectorWidth; f < row.Length; f++)
            {
                var difference = row[f] - shifts[f];
                sums[f] += difference;
                squares[f] += difference * difference;
            }
        }
    }

    /// <summary>Adds each double value's difference from its feature's shift, and its square, to the feature's sums.</summary>
    private static void AccumulateDouble(ReadOnlySpan<double> inputs, double[] shifts, double[] sums, double[] squares)
    {
        var width = shifts.Length;
        var vectorWidth = Vector.IsHardwareAccelerated ? width - (width % Vector<double>.Count) : 0;
        var shiftVectors = MemoryMarshal.Cast<double, Vector<double>>(shifts.AsSpan(0, vectorWidth));
        var sumVectors = MemoryMarshal.Cast<double, Vector<double>>(sums.AsSpan(0, vectorWidth));
        var squareVectors = MemoryMarshal.Cast<double, Vector<double>>(squares.AsSpan(0, vectorWidth));
        for (var start = 0; start < inputs.Length; start += width)
        {
            var row = inputs.Slice(start, width);
            var rowVectors = MemoryMarshal.Cast<double, Vector<double>>(row.Slice(0, vectorWidth));
            for (var v = 0; v < rowVectors.Length; v++)
            {
                var difference = rowVectors[v] - shiftVectors[v];
                sumVectors[v] += difference;
                squareVectors[v] += difference * difference;
            }

            for (var f = vectorWidth; f < row.Length; f++)
            {
                var difference = row[f] - shifts[f];
                sums[f] += difference;
                squares[f] += difference * difference;
            }
        }
    }

    /// <summary>Logs the moment's findings root cause first, then stops or throws as their monitors ask.</summary>
    private void Flush(TrainingContext context, MonitorSession session)
    {
        if (session.Pending.Count == 0)
        {
            return;
        }

        var findings = session.TakePending();
        _findings.AddRange(findings);
        if (Output is { } output)
        {
            foreach (var finding in findings)
            {
                output.WriteLine(finding.ToString());
            }
        }

        foreach (var finding in findings)
        {
            if (finding.Action == MonitorAction.Stop)
            {
                context.StopTraining(finding.ToString());
                break;
            }
        }

        foreach (var finding in findings)
        {
            if (finding.Action == MonitorAction.Throw)
            {
                throw new TrainingMonitorException(finding, findings);
            }
        }
    }
}
