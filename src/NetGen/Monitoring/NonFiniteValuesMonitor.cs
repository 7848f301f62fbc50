using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NetGen.Monitoring;

/// <summary>
/// NG6001: NaN or infinite values in the data, the gradients, the parameters, the activations of the probe batch, or the
/// loss (when <see cref="Training.Trainer.Fit"/> stops on divergence): names the layer, the tensor and the counts.
/// </summary>
/// <remarks>
/// Per update it tests one number, the global gradient norm (a NaN or ∞ anywhere makes it NaN or ∞); only when that is
/// not finite does it read every gradient and parameter to say where. Non-finite activations come from the probe; for a
/// float network an activation beyond <see cref="float.MaxValue"/> counts as infinite, as the network would compute it.
/// </remarks>
public sealed class NonFiniteValuesMonitor : TrainingMonitor
{
    internal NonFiniteValuesMonitor()
        : base("NG6001", "non-finite values")
    {
    }

    internal override bool UsesProbe => true;

    internal override void Begin(MonitorSession session)
    {
        if (session.NonFiniteInputs > 0 || session.NonFiniteTargets > 0)
        {
            var first = session.NonFiniteInputs > 0
                ? string.Create(CultureInfo.InvariantCulture, $" (the first in sample {session.FirstNonFiniteInputSample + 1}, feature {session.FirstNonFiniteInputFeature + 1})")
                : "";
            session.Report(this, null, string.Create(CultureInfo.InvariantCulture,
                $"the training data holds {session.NonFiniteInputs} NaN or infinite input values{first} and {session.NonFiniteTargets} NaN or infinite targets; every loss and gradient they touch will be NaN. Remove or impute them before training."));
        }
    }

    internal override void Batch(MonitorSession session)
    {
        if (double.IsFinite(session.GradientNorm))
        {
            return;
        }

        // The fault path: read everything once to say which tensors hold what.
        var count = session.Architecture.ParameterCount;
        var values = new double[count];
        session.Network.GetGradients(values);
        var gradients = Census(session.Architecture, values, out var firstLayer);
        session.Network.GetParameters(values);
        var parameters = Census(session.Architecture, values, out var firstParameterLayer);
        var message = string.Create(CultureInfo.InvariantCulture,
            $"the gradients of update {session.Step} (loss {Format(session.BatchLoss)}) are not finite: global norm {Format(session.GradientNorm)}; {gradients}.");
        message += parameters.Length == 0
            ? " The parameters are still finite."
            : $" After the update the parameters hold {parameters}.";
        message += " Lower the learning rate, clip the gradients ([GradientClip]) or standardize the inputs.";
        session.Report(this, firstLayer ?? firstParameterLayer, message);
    }

    internal override void Epoch(MonitorSession session)
    {
        if (!session.ProbeRan || session.Probe is not { } probe)
        {
            return;
        }

        var parts = new List<string>();
        int? firstLayer = null;
        var limit = session.Network.IsSinglePrecision ? float.MaxValue : double.MaxValue;
        for (var l = 0; l < session.LayerCount; l++)
        {
            var pre = CountBeyond(probe.GetPreActivations(l), limit);
            var post = CountBeyond(probe.GetActivations(l), limit);
            if (pre + post > 0)
            {
                firstLayer ??= l + 1;
                var size = probe.GetActivations(l).Length;
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"layer {l + 1}: {pre} of {size} pre-activations and {post} of {size} activations"));
            }
        }

        if (parts.Count > 0)
        {
            session.Report(this, firstLayer, $"on the probe batch of {probe.SampleCount} samples the activations are NaN or overflow the network's precision: {string.Join("; ", parts)}. The weights or inputs are too large: lower the learning rate, standardize the inputs, or use batch norm.");
        }
    }

    internal override void End(MonitorSession session)
    {
        if (session.Divergence is { } divergence)
        {
            session.Report(this, null, divergence.ToString());
        }
    }

    private static int CountBeyond(ReadOnlySpan<double> values, double limit)
    {
        var count = 0;
        foreach (var value in values)
        {
            count += !(Math.Abs(value) <= limit) ? 1 : 0;
        }

        return count;
    }

    /// <summary>"layer 1 weights W1 (0.weight): 3 NaN, 1 infinite of 64; …" for every parameter tensor with a non-finite value.</summary>
    private static string Census(NetworkArchitecture architecture, double[] values, out int? firstLayer)
    {
        firstLayer = null;
        var parts = new List<string>();
        foreach (var tensor in architecture.StateTensors.Where(t => t.Kind == StateTensorKind.Parameter))
        {
            int nan = 0, infinite = 0;
            foreach (var value in values.AsSpan(tensor.Offset, tensor.Length))
            {
                nan += double.IsNaN(value) ? 1 : 0;
                infinite += double.IsInfinity(value) ? 1 : 0;
            }

            if (nan + infinite > 0)
            {
                firstLayer ??= tensor.Layer;
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{tensor.Description} ({tensor.Name}): {nan} NaN, {infinite} infinite of {tensor.Length}"));
            }
        }

        return string.Join("; ", parts);
    }
}
