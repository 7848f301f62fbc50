using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetGen.Monitoring;

/// <summary>
/// NG6004: sigmoid or tanh layers most of whose pre-activations on the probe batch lie where the activation is flat
/// (|z| ≥ 5 by default), so almost no gradient passes through them.
/// </summary>
public sealed class SaturatedActivationsMonitor : TrainingMonitor
{
    private double _saturationThreshold = 5;
    private double _maxSaturatedShare = 0.5;

    internal SaturatedActivationsMonitor()
        : base("NG6004", "saturated activations")
    {
    }

    /// <summary>A pre-activation z with |z| at or above this is saturated; 5 by default (σ′(5) ≈ 0.0066, tanh′(5) ≈ 0.00018).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number above 0.</exception>
    public double SaturationThreshold
    {
        get => _saturationThreshold;
        set => _saturationThreshold = Require(value, double.Epsilon, double.MaxValue, nameof(SaturationThreshold));
    }

    /// <summary>Fires when more than this share of a layer's pre-activations (samples × units) are saturated; 0.5 by default, as SageMaker Debugger's <c>threshold_layer</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not from 0 to 1.</exception>
    public double MaxSaturatedShare
    {
        get => _maxSaturatedShare;
        set => _maxSaturatedShare = Require(value, 0, 1, nameof(MaxSaturatedShare));
    }

    /// <summary>
    /// Whether a sigmoid output layer counts too; <see langword="false"/> by default, because a well-trained binary
    /// classifier is meant to give confident outputs, which are saturated pre-activations.
    /// </summary>
    public bool IncludeOutputLayer { get; set; }

    internal override bool UsesProbe => true;

    internal override void Epoch(MonitorSession session)
    {
        if (!session.ProbeRan || session.Probe is not { } probe)
        {
            return;
        }

        var parts = new List<string>();
        int? firstLayer = null;
        var layers = session.Architecture.Layers;
        var last = IncludeOutputLayer ? layers.Count : layers.Count - 1;
        for (var l = 0; l < last; l++)
        {
            if (layers[l].Activation is not (Activation.Sigmoid or Activation.Tanh))
            {
                continue;
            }

            var pre = probe.GetPreActivations(l);
            var saturated = 0;
            foreach (var z in pre)
            {
                saturated += Math.Abs(z) >= SaturationThreshold ? 1 : 0;
            }

            var share = (double)saturated / pre.Length;
            if (share > MaxSaturatedShare)
            {
                firstLayer ??= l + 1;
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"layer {l + 1} ({layers[l].Activation}): {Percent(share)}"));
            }
        }

        if (parts.Count > 0)
        {
            session.Report(this, firstLayer, string.Create(CultureInfo.InvariantCulture,
                $"more than {Percent(MaxSaturatedShare)} of the pre-activations have |z| ≥ {Format(SaturationThreshold)} on the probe batch of {probe.SampleCount} samples: {string.Join("; ", parts)}. The activation's gradient is nearly 0 there, so the layers before barely learn. Standardize the inputs, use Xavier initialization (Init.XavierNormal), a lower learning rate, batch norm, or ReLU."));
        }
    }
}
