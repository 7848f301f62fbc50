using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetGen.Monitoring;

/// <summary>
/// NG6005: ReLU layers in which most units are never active on the probe batch (their pre-activation is ≤ 0 for every
/// sample), so they pass no gradient and cannot recover.
/// </summary>
public sealed class DyingReluMonitor : TrainingMonitor
{
    private double _maxDeadShare = 0.7;

    internal DyingReluMonitor()
        : base("NG6005", "dying ReLU")
    {
    }

    /// <summary>Fires when at least this share of a ReLU layer's units are dead; 0.7 by default, as AUTOTRAINER.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not from 0 to 1.</exception>
    public double MaxDeadShare
    {
        get => _maxDeadShare;
        set => _maxDeadShare = Require(value, 0, 1, nameof(MaxDeadShare));
    }

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
        for (var l = 0; l < layers.Count; l++)
        {
            if (layers[l].Activation != Activation.ReLU)
            {
                continue;
            }

            var units = layers[l].Units;
            var pre = probe.GetPreActivations(l);
            var dead = 0;
            for (var u = 0; u < units; u++)
            {
                var active = false;
                for (var s = 0; s < probe.SampleCount && !active; s++)
                {
                    active = pre[(s * units) + u] > 0;
                }

                dead += active ? 0 : 1;
            }

            var share = (double)dead / units;
            if (share >= MaxDeadShare)
            {
                firstLayer ??= l + 1;
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"layer {l + 1}: {dead} of {units} units ({Percent(share)})"));
            }
        }

        if (parts.Count > 0)
        {
            session.Report(this, firstLayer, string.Create(CultureInfo.InvariantCulture,
                $"at least {Percent(MaxDeadShare)} of the ReLU units are never active on the probe batch of {probe.SampleCount} samples: {string.Join("; ", parts)}. A dead unit's gradient is 0, so it never comes back. Lower the learning rate, use He initialization (Init.HeNormal) with zero biases, or LeakyReLU."));
        }
    }
}
