using System;
using System.Globalization;
using System.Linq;

namespace NetGen.Monitoring;

/// <summary>
/// NG6006: the first layer's gradient is a tiny fraction of the last layer's and tiny in itself, as AUTOTRAINER defines
/// vanishing gradients; measured on each epoch's mean per-layer gradient norms (<see cref="Training.EpochRecord.LayerGradientNorms"/>).
/// </summary>
public sealed class VanishingGradientsMonitor : TrainingMonitor
{
    private double _maxRatio = 1e-3;
    private double _maxFirstLayerNorm = 1e-4;

    internal VanishingGradientsMonitor()
        : base("NG6006", "vanishing gradients")
    {
    }

    /// <summary>Fires when the first layer's gradient norm is below this share of the last layer's (and <see cref="MaxFirstLayerNorm"/> holds); 1e-3 by default, as AUTOTRAINER.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number above 0.</exception>
    public double MaxRatio
    {
        get => _maxRatio;
        set => _maxRatio = Require(value, double.Epsilon, double.MaxValue, nameof(MaxRatio));
    }

    /// <summary>…and the first layer's gradient norm is below this; 1e-4 by default, as AUTOTRAINER.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number above 0.</exception>
    public double MaxFirstLayerNorm
    {
        get => _maxFirstLayerNorm;
        set => _maxFirstLayerNorm = Require(value, double.Epsilon, double.MaxValue, nameof(MaxFirstLayerNorm));
    }

    internal override bool ChecksEveryEpoch => true;

    internal override void Epoch(MonitorSession session)
    {
        if (session.Record is not { } record || record.LayerGradientNorms.Count < 2)
        {
            return;
        }

        var norms = record.LayerGradientNorms;
        var first = norms[0];
        var last = norms[^1];
        if (!(last > 0) || !double.IsFinite(first))
        {
            return;
        }

        var ratio = first / last;
        if (ratio < MaxRatio && first < MaxFirstLayerNorm)
        {
            var all = string.Join(", ", norms.Select(Format));
            session.Report(this, 1, string.Create(CultureInfo.InvariantCulture,
                $"the first layer's mean gradient norm {Format(first)} is {Format(ratio)} of the last layer's {Format(last)} (thresholds: ratio < {Format(MaxRatio)} and first-layer norm < {Format(MaxFirstLayerNorm)}); per layer, first to last: {all}. The early layers barely learn. Use ReLU with He initialization, batch norm, or fewer saturating layers."));
        }
    }
}
