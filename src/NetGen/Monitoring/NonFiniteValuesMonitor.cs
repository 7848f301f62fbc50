using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;

namespace NetGen.Monitoring;

/// <summary>
/// NG6001: NaN or infinite values in the gradients, the parameters, the activations of the probe batch, or the
/// loss (when <see cref="Training.Trainer.Fit"/> stops on divergence): names the layer, the tensor and the counts.
/// </summary>
/// <remarks>
/// The data needs no check: <see cref="Training.TrainingData{T}"/> refuses NaN and infinite values. Per update it tests one number, the global gradient norm (a NaN or ∞ anywhere makes it NaN or ∞); only when that is
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

    /// <summary>
    /// After every update, called directly by <see cref="TrainingMonitors"/>, which has put the update's layer gradient
    /// norms into the session if the global norm is not finite.
    /// </summary>
    internal void Batch(MonitorSession session)
    {
        if (double.IsFinite(session.GradientNorm))
        {
            return;
        }

        ReportNonFiniteGradients(session);
    }

    /// <summary>
    /// The fault path: read everything once to say which layers and tensors hold what. A method of its own because its
    /// lambdas capture <paramref name="session"/>, and a closure is allocated on entry to the method that declares it.
    /// </summary>
    private void ReportNonFiniteGradients(MonitorSession session)
    {
        var layers = string.Join(", ", Enumerable.Range(0, session.LayerCount)
            .Where(l => !double.IsFinite(session.LayerGradientNorms[l]))
            .Select(l => string.Create(CultureInfo.InvariantCulture, $"layer {l + 1} ({Format(session.LayerGradientNorms[l])})")));
        var values = new double[session.Architecture.ParameterCount];
        session.Network.GetGradients(values);
        var gradients = Census(session.Architecture, values, out var firstLayer);
        if (gradients.Length == 0)
        {
            // Every value is finite, but the sum of their squares overflowed: say where the largest one is.
            gradients = "every gradient value is finite but their squares overflow; the largest is " + Largest(session.Architecture, values, out firstLayer);
        }

        session.Network.GetParameters(values);
        var parameters = Census(session.Architecture, values, out _);
        var message = string.Create(CultureInfo.InvariantCulture,
            $"the gradients of update {session.Step} (loss {Format(session.BatchLoss)}) are not finite: global norm {Format(session.GradientNorm)}, layer norms not finite in {(layers.Length == 0 ? "no layer" : layers)}; {gradients}.");
        message += parameters.Length == 0
            ? " The parameters are still finite."
            : $" After the update the parameters hold {parameters}.";
        message += " Lower the learning rate, clip the gradients ([GradientClip]) or standardize the inputs.";
        session.Report(this, firstLayer, message);
    }

    /// <summary>"layer 1 bias b1 (0.bias): 3.1E+38 at index 0" for the parameter tensor holding the largest magnitude.</summary>
    private static string Largest(NetworkArchitecture architecture, double[] values, out int? layer)
    {
        layer = null;
        var text = "";
        var largest = -1.0;
        foreach (var tensor in architecture.StateTensors.Where(t => t.Kind == StateTensorKind.Parameter))
        {
            var block = values.AsSpan(tensor.Offset, tensor.Length);
            for (var i = 0; i < block.Length; i++)
            {
                if (Math.Abs(block[i]) > largest)
                {
                    largest = Math.Abs(block[i]);
                    layer = tensor.Layer;
                    text = string.Create(CultureInfo.InvariantCulture, $"{Format(block[i])} in {tensor.Description} ({tensor.Name}) at index {i}");
                }
            }
        }

        return text;
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

            // A bounded activation (sigmoid, tanh, softmax) of finite values is finite: nothing to count then.
            var post = pre == 0 && probe.IsBounded(l) ? 0 : CountBeyond(probe.GetActivations(l), limit);
            if (pre + post > 0)
            {
                firstLayer ??= l + 1;
                var size = probe.GetPreActivations(l).Length;
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
        if (session.Divergence is not { } divergence)
        {
            return;
        }

        // The network is back at its last finite state; what is left to say is where the last finite update pushed hardest.
        var norms = session.LayerGradientNorms;
        var largest = 0;
        for (var l = 1; l < norms.Length; l++)
        {
            largest = norms[l] > norms[largest] ? l : largest;
        }

        var last = session.Step > 0 && norms[largest] > 0
            ? string.Create(CultureInfo.InvariantCulture, $" The last update with a finite loss had its largest gradient in layer {largest + 1} (norm {Format(norms[largest])}; per layer: {string.Join(", ", norms.Select(Format))}).")
            : "";
        session.Report(this, last.Length > 0 ? largest + 1 : null, divergence + last + " Lower the learning rate or clip the gradients ([GradientClip]).");
    }

    /// <summary>The number of values that are NaN or beyond ±<paramref name="limit"/>, a SIMD vector at a time.</summary>
    internal static int CountBeyond(ReadOnlySpan<double> values, double limit)
    {
        var count = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // A lane within the limit is all ones (−1) in the comparison's mask: the within-count is minus their sum.
            var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
            var bound = new Vector<double>(limit);
            var within = Vector<long>.Zero;
            foreach (var vector in vectors)
            {
                within += Vector.LessThanOrEqual(Vector.Abs(vector), bound);
            }

            i = vectors.Length * Vector<double>.Count;
            count = i + (int)Vector.Sum(within);
        }

        for (; i < values.Length; i++)
        {
            count += !(Math.Abs(values[i]) <= limit) ? 1 : 0;
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
