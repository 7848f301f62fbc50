using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.InteropServices;
using NetGen.Training;

namespace NetGen.Monitoring;

/// <summary>The network of one Fit as the monitors read it: in double precision, without knowing its number type.</summary>
internal abstract class NetworkAccess
{
    public abstract bool IsSinglePrecision { get; }

    /// <summary>The parameters in the exchange layout: O(parameters), for per-epoch work.</summary>
    public abstract void GetParameters(Span<double> destination);

    /// <summary>The gradients of the last update in the exchange layout: O(parameters), for the fault path.</summary>
    public abstract void GetGradients(Span<double> destination);

    /// <summary>Keeps a copy of the parameters, in the network's own precision, for <see cref="MeasureUpdateRatios"/>.</summary>
    public abstract void SaveParameters();

    /// <summary>
    /// Per layer ‖W − W₀‖/‖W₀‖ of the weights W (not the biases), where W₀ are the weights <see cref="SaveParameters"/>
    /// kept: one copy of the parameters and one pass over them, summed in double precision.
    /// </summary>
    public abstract void MeasureUpdateRatios(NetworkArchitecture architecture, Span<double> ratios);
}

internal sealed class NetworkAccess<T>(INetwork<T> network) : NetworkAccess
    where T : unmanaged, INumberBase<T>
{
    private T[]? _parameters;
    private T[]? _saved;

    public override bool IsSinglePrecision => typeof(T) == typeof(float);

    public override void GetParameters(Span<double> destination)
    {
        _parameters ??= new T[network.ParameterCount];
        network.GetParameters(_parameters);
        Widen(destination);
    }

    public override void GetGradients(Span<double> destination)
    {
        _parameters ??= new T[network.ParameterCount];
        network.GetGradients(_parameters);
        Widen(destination);
    }

    public override void SaveParameters()
    {
        _saved ??= new T[network.ParameterCount];
        network.GetParameters(_saved);
    }

    public override void MeasureUpdateRatios(NetworkArchitecture architecture, Span<double> ratios)
    {
        _parameters ??= new T[network.ParameterCount];
        network.GetParameters(_parameters);
        var before = (ReadOnlySpan<T>)_saved;
        var after = (ReadOnlySpan<T>)_parameters;
        var offset = 0;
        var layers = architecture.Layers;
        for (var l = 0; l < layers.Count; l++)
        {
            var count = layers[l].Units * layers[l].Inputs;
            double change = 0, weight = 0;
            var layerBefore = before.Slice(offset, count);
            var layerAfter = after.Slice(offset, count);
            var i = 0;
            if (typeof(T) == typeof(float) && Vector.IsHardwareAccelerated)
            {
                // A vector of floats at a time, widened to doubles: this runs in every measured epoch.
                var beforeVectors = MemoryMarshal.Cast<T, Vector<float>>(layerBefore);
                var afterVectors = MemoryMarshal.Cast<T, Vector<float>>(layerAfter);
                Vector<double> changes = default, weights = default;
                for (var v = 0; v < beforeVectors.Length; v++)
                {
                    Vector.Widen(beforeVectors[v], out var w0Low, out var w0High);
                    Vector.Widen(afterVectors[v], out var wLow, out var wHigh);
                    var deltaLow = wLow - w0Low;
                    var deltaHigh = wHigh - w0High;
                    changes += (deltaLow * deltaLow) + (deltaHigh * deltaHigh);
                    weights += (w0Low * w0Low) + (w0High * w0High);
                }

                change = Vector.Sum(changes);
                weight = Vector.Sum(weights);
                i = beforeVectors.Length * Vector<float>.Count;
            }

            for (; i < layerBefore.Length; i++)
            {
                var w0 = double.CreateTruncating(layerBefore[i]);
                var delta = double.CreateTruncating(layerAfter[i]) - w0;
                change += delta * delta;
                weight += w0 * w0;
            }

            ratios[l] = weight > 0 ? Math.Sqrt(change / weight) : double.PositiveInfinity;
            offset += layers[l].ParameterCount;
        }
    }

    private void Widen(Span<double> destination)
    {
        for (var i = 0; i < _parameters!.Length; i++)
        {
            destination[i] = double.CreateTruncating(_parameters[i]);
        }
    }
}

/// <summary>
/// What the monitors of one Fit share: the network, what was measured so far, and the findings of the current moment
/// (one update, one epoch end), which <see cref="TrainingMonitors"/> reports root cause first.
/// </summary>
internal sealed class MonitorSession
{
    private readonly List<MonitorFinding> _pending = new();

    public MonitorSession(NetworkArchitecture architecture, NetworkAccess network, int trainingSamples, bool hasValidation)
    {
        Architecture = architecture;
        Network = network;
        TrainingSamples = trainingSamples;
        HasValidation = hasValidation;
        LayerGradientNorms = new double[architecture.Layers.Count];
        UpdateRatios = new double[architecture.Layers.Count];
    }

    public NetworkArchitecture Architecture { get; }

    public NetworkAccess Network { get; }

    public int LayerCount => Architecture.Layers.Count;

    public int TrainingSamples { get; }

    public bool HasValidation { get; }

    public int Epoch { get; set; }

    public long Step { get; set; }

    // Measured before training.
    public double[] FeatureMeans { get; set; } = [];

    public double[] FeatureDeviations { get; set; } = [];

    /// <summary>The inference-mode loss of the probe batch before the first update, for the classification losses; null otherwise.</summary>
    public double? InitialLoss { get; set; }

    // The last update.
    public double BatchLoss { get; set; }

    public double GradientNorm { get; set; }

    /// <summary>
    /// Each layer's gradient norm of the last update whose loss was finite: filled only when a monitor reports (from
    /// <see cref="TrainingContext{T}.LayerGradientNorms"/>), not after every update.
    /// </summary>
    public double[] LayerGradientNorms { get; }

    // The last epoch.
    public EpochRecord? Record { get; set; }

    public List<double> TrainingLosses { get; } = new();

    public List<double> ValidationLosses { get; } = new();

    public bool ProbeRan { get; set; }

    public ActivationProbe? Probe { get; set; }

    /// <summary>Whether <see cref="UpdateRatios"/> holds this epoch's measurement.</summary>
    public bool UpdateRatiosMeasured { get; set; }

    /// <summary>Per layer ‖ΔW‖/‖W‖ of the epoch's first update (the weights W only).</summary>
    public double[] UpdateRatios { get; }

    public TrainingDivergence? Divergence { get; set; }

    public IReadOnlyList<MonitorFinding> Pending => _pending;

    /// <summary>Records what <paramref name="monitor"/> found; it will not report again in this Fit.</summary>
    public void Report(TrainingMonitor monitor, int? layer, string message)
    {
        monitor.Fired = true;
        _pending.Add(new MonitorFinding(monitor.Id, monitor.Title, Epoch, Step, layer, message, monitor.Action));
    }

    /// <summary>The findings of the current moment, root cause first (the IDs are numbered in causal order).</summary>
    public MonitorFinding[] TakePending()
    {
        var findings = _pending.ToArray();
        _pending.Clear();
        Array.Sort(findings, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return findings;
    }
}
