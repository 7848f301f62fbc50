using System;
using System.Numerics;
using System.Runtime.InteropServices;
using NetGen.Numerics;

namespace NetGen.Monitoring;

/// <summary>
/// A plain inference-mode forward pass of any network, in double precision, that keeps every layer's pre-activations and
/// activations: what the generated code computes but does not expose. The runtime monitors run it on a probe batch to
/// look for dead ReLUs, saturated sigmoids and non-finite activations.
/// </summary>
/// <remarks>
/// It rebuilds the network from <see cref="INetwork{T}.Architecture"/> and the parameter exchange layout (per layer the
/// weights <c>W</c> as <c>[units × inputs]</c>, the bias, the batch-norm γ and β, the PReLU slopes) and the running
/// statistics (per batch-norm layer the running mean, then the running variance), as PyTorch's <c>nn.Sequential</c> in
/// <c>eval()</c> mode: <c>z = W·x + b</c>, then <c>(z − mean)/√(var + ε)·γ + β</c> with batch norm, then the activation.
/// Dropout does nothing at inference. Buffers are allocated once, for up to <see cref="Capacity"/> samples.
/// </remarks>
public sealed class ActivationProbe
{
    private const double SeluLambda = 1.0507009873554804934193349852946;
    private const double SeluAlpha = 1.6732632423543772848170429916717;

    private readonly LayerArchitecture[] _layers;
    private readonly int[] _parameterOffsets;
    private readonly int[] _runningOffsets;
    private readonly double[] _parameters;
    private readonly double[] _running;
    private readonly double[] _inputs;
    private readonly double[][] _preActivations;
    private readonly double[][] _activations;
    private object? _networkBuffer;

    /// <summary>Prepares a probe for networks of <paramref name="architecture"/> and batches of up to <paramref name="capacity"/> samples.</summary>
    /// <param name="architecture">The network's <see cref="INetwork{T}.Architecture"/>.</param>
    /// <param name="capacity">The largest number of samples one <see cref="Run{T}"/> takes; at least 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="architecture"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 1.</exception>
    public ActivationProbe(NetworkArchitecture architecture, int capacity)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1, nameof(capacity));
        Architecture = architecture;
        Capacity = capacity;
        _layers = new LayerArchitecture[architecture.Layers.Count];
        _parameterOffsets = new int[_layers.Length];
        _runningOffsets = new int[_layers.Length];
        _preActivations = new double[_layers.Length][];
        _activations = new double[_layers.Length][];
        int parameter = 0, running = 0;
        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = architecture.Layers[l];
            _layers[l] = layer;
            _parameterOffsets[l] = parameter;
            _runningOffsets[l] = running;
            parameter += layer.ParameterCount;
            running += layer.BatchNorm is null ? 0 : 2 * layer.Units;
            _preActivations[l] = new double[capacity * layer.Units];
            _activations[l] = new double[capacity * layer.Units];
        }

        _parameters = new double[parameter];
        _running = new double[running];
        _inputs = new double[capacity * architecture.InputCount];
    }

    /// <summary>The architecture the probe was prepared for.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>The largest number of samples one <see cref="Run{T}"/> takes.</summary>
    public int Capacity { get; }

    /// <summary>The number of samples of the last <see cref="Run{T}"/>; 0 before the first.</summary>
    public int SampleCount { get; private set; }

    /// <summary>
    /// Runs the network's current parameters and running statistics over <paramref name="inputs"/> (samples row-major),
    /// keeping every layer's values for <see cref="GetPreActivations"/> and <see cref="GetActivations"/>.
    /// </summary>
    /// <param name="network">A network of <see cref="Architecture"/>; read, never changed.</param>
    /// <param name="inputs">Whole samples, at most <see cref="Capacity"/> of them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The network's architecture is not the probe's (the parameter is <paramref name="network"/>), or the input length is
    /// not a positive multiple of the input count of at most <see cref="Capacity"/> samples (<paramref name="inputs"/>).
    /// </exception>
    public void Run<T>(INetwork<T> network, ReadOnlySpan<T> inputs)
        where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!ReferenceEquals(network.Architecture, Architecture) && network.Architecture.Fingerprint != Architecture.Fingerprint)
        {
            throw new ArgumentException($"The probe was prepared for the architecture {Architecture.Fingerprint}, but the network's is {network.Architecture.Fingerprint}.", nameof(network));
        }

        var width = Architecture.InputCount;
        if (inputs.Length == 0 || inputs.Length % width != 0 || inputs.Length / width > Capacity)
        {
            throw new ArgumentException($"Expected 1 to {Capacity} samples of {width} inputs ({width} to {Capacity * width} values, a multiple of {width}), but got {inputs.Length} values.", nameof(inputs));
        }

        var buffer = _networkBuffer as T[];
        var needed = Math.Max(_parameters.Length, _running.Length);
        if (buffer is null || buffer.Length < needed)
        {
            buffer = new T[needed];
            _networkBuffer = buffer;
        }

        network.GetParameters(buffer.AsSpan(0, _parameters.Length));
        Widen(buffer.AsSpan(0, _parameters.Length), _parameters);
        network.GetRunningStatistics(buffer.AsSpan(0, _running.Length));
        Widen(buffer.AsSpan(0, _running.Length), _running);
        Widen(inputs, _inputs);
        SampleCount = inputs.Length / width;
        Forward();
    }

    /// <summary>
    /// The inputs of layer <paramref name="layer"/>'s activation in the last run, <c>[samples × units]</c> row-major: the
    /// affine output <c>W·x + b</c>, batch-normalized when the layer has batch norm.
    /// </summary>
    /// <param name="layer">The 0-based layer index.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is not a layer index.</exception>
    public ReadOnlySpan<double> GetPreActivations(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, _layers.Length);
        return _preActivations[layer].AsSpan(0, SampleCount * _layers[layer].Units);
    }

    /// <summary>The outputs of layer <paramref name="layer"/>'s activation in the last run, <c>[samples × units]</c> row-major; the last layer's are the network's outputs.</summary>
    /// <param name="layer">The 0-based layer index.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is not a layer index.</exception>
    public ReadOnlySpan<double> GetActivations(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, _layers.Length);
        return _activations[layer].AsSpan(0, SampleCount * _layers[layer].Units);
    }

    private static void Widen<T>(ReadOnlySpan<T> source, Span<double> destination)
        where T : unmanaged, INumberBase<T>
    {
        if (typeof(T) == typeof(double))
        {
            MemoryMarshal.Cast<T, double>(source).CopyTo(destination);
            return;
        }

        var i = 0;
        if (typeof(T) == typeof(float) && Vector.IsHardwareAccelerated)
        {
            // The parameters are copied on every run: a vector at a time.
            var floats = MemoryMarshal.Cast<T, Vector<float>>(source);
            var doubles = MemoryMarshal.Cast<double, Vector<double>>(destination);
            for (var v = 0; v < floats.Length; v++)
            {
                Vector.Widen(floats[v], out doubles[2 * v], out doubles[(2 * v) + 1]);
            }

            i = floats.Length * Vector<float>.Count;
        }

        for (; i < source.Length; i++)
        {
            destination[i] = double.CreateTruncating(source[i]);
        }
    }

    private void Forward()
    {
        ReadOnlySpan<double> x = _inputs.AsSpan(0, SampleCount * Architecture.InputCount);
        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var inputs = layer.Inputs;
            var units = layer.Units;
            var offset = _parameterOffsets[l];
            var weights = _parameters.AsSpan(offset, units * inputs);
            offset += weights.Length;
            ReadOnlySpan<double> bias = layer.Bias ? _parameters.AsSpan(offset, units) : default;
            offset += bias.Length;
            ReadOnlySpan<double> gamma = default, beta = default;
            if (layer.BatchNorm is { Affine: true })
            {
                gamma = _parameters.AsSpan(offset, units);
                beta = _parameters.AsSpan(offset + units, units);
                offset += 2 * units;
            }

            ReadOnlySpan<double> slopes = _parameters.AsSpan(offset, layer.SlopeCount);
            var pre = _preActivations[l].AsSpan(0, SampleCount * units);
            var post = _activations[l].AsSpan(0, SampleCount * units);

            // Four samples at a time share each row of weights they are multiplied by: a quarter of the weight loads.
            var s = 0;
            for (; s + 4 <= SampleCount; s += 4)
            {
                for (var o = 0; o < units; o++)
                {
                    var (z0, z1, z2, z3) = Dot4(weights.Slice(o * inputs, inputs), x.Slice(s * inputs, 4 * inputs));
                    var b = bias.IsEmpty ? 0 : bias[o];
                    pre[(s * units) + o] = z0 + b;
                    pre[((s + 1) * units) + o] = z1 + b;
                    pre[((s + 2) * units) + o] = z2 + b;
                    pre[((s + 3) * units) + o] = z3 + b;
                }
            }

            for (; s < SampleCount; s++)
            {
                var sample = x.Slice(s * inputs, inputs);
                for (var o = 0; o < units; o++)
                {
                    pre[(s * units) + o] = Dot(weights.Slice(o * inputs, inputs), sample) + (bias.IsEmpty ? 0 : bias[o]);
                }
            }

            for (s = 0; s < SampleCount; s++)
            {
                var z = pre.Slice(s * units, units);
                if (layer.BatchNorm is { } batchNorm)
                {
                    var mean = _running.AsSpan(_runningOffsets[l], units);
                    var variance = _running.AsSpan(_runningOffsets[l] + units, units);
                    for (var o = 0; o < units; o++)
                    {
                        var normalized = (z[o] - mean[o]) / Math.Sqrt(variance[o] + batchNorm.Epsilon);
                        z[o] = gamma.IsEmpty ? normalized : (normalized * gamma[o]) + beta[o];
                    }
                }

                Activate(layer, z, slopes, post.Slice(s * units, units));
            }

            x = post;
        }
    }

    /// <summary>The dot products of <paramref name="w"/> with each of the four consecutive rows of <paramref name="rows"/>.</summary>
    private static (double, double, double, double) Dot4(ReadOnlySpan<double> w, ReadOnlySpan<double> rows)
    {
        var n = w.Length;
        ReadOnlySpan<double> x0 = rows.Slice(0, n), x1 = rows.Slice(n, n), x2 = rows.Slice(2 * n, n), x3 = rows.Slice(3 * n, n);
        double d0 = 0, d1 = 0, d2 = 0, d3 = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var wv = MemoryMarshal.Cast<double, Vector<double>>(w);
            var v0 = MemoryMarshal.Cast<double, Vector<double>>(x0);
            var v1 = MemoryMarshal.Cast<double, Vector<double>>(x1);
            var v2 = MemoryMarshal.Cast<double, Vector<double>>(x2);
            var v3 = MemoryMarshal.Cast<double, Vector<double>>(x3);
            Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero, s2 = Vector<double>.Zero, s3 = Vector<double>.Zero;
            for (var v = 0; v < wv.Length; v++)
            {
                var weight = wv[v];
                s0 += weight * v0[v];
                s1 += weight * v1[v];
                s2 += weight * v2[v];
                s3 += weight * v3[v];
            }

            (d0, d1, d2, d3) = (Vector.Sum(s0), Vector.Sum(s1), Vector.Sum(s2), Vector.Sum(s3));
            i = wv.Length * Vector<double>.Count;
        }

        for (; i < n; i++)
        {
            d0 += w[i] * x0[i];
            d1 += w[i] * x1[i];
            d2 += w[i] * x2[i];
            d3 += w[i] * x3[i];
        }

        return (d0, d1, d2, d3);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var i = 0;
        var sum = 0.0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<double>.Count)
        {
            // Four independent sums, so the additions overlap instead of each waiting for the one before.
            var av = MemoryMarshal.Cast<double, Vector<double>>(a);
            var bv = MemoryMarshal.Cast<double, Vector<double>>(b);
            Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero, s2 = Vector<double>.Zero, s3 = Vector<double>.Zero;
            var v = 0;
            for (; v + 4 <= av.Length; v += 4)
            {
                s0 += av[v] * bv[v];
                s1 += av[v + 1] * bv[v + 1];
                s2 += av[v + 2] * bv[v + 2];
                s3 += av[v + 3] * bv[v + 3];
            }

            for (; v < av.Length; v++)
            {
                s0 += av[v] * bv[v];
            }

            sum = Vector.Sum((s0 + s1) + (s2 + s3));
            i = av.Length * Vector<double>.Count;
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void Activate(LayerArchitecture layer, ReadOnlySpan<double> z, ReadOnlySpan<double> slopes, Span<double> a)
    {
        if (layer.Activation == Activation.Softmax)
        {
            var max = double.NegativeInfinity;
            foreach (var v in z)
            {
                max = Math.Max(max, v);
            }

            var sum = 0.0;
            for (var o = 0; o < z.Length; o++)
            {
                a[o] = Math.Exp(z[o] - max);
                sum += a[o];
            }

            for (var o = 0; o < z.Length; o++)
            {
                a[o] /= sum;
            }

            return;
        }

        // The common cases without a switch per value: the probe's activations are a fair share of its run.
        if (layer.Activation == Activation.ReLU)
        {
            for (var o = 0; o < z.Length; o++)
            {
                var v = z[o];
                a[o] = v > 0 ? v : 0;
            }

            return;
        }

        if (layer.Activation == Activation.Linear)
        {
            z.CopyTo(a);
            return;
        }

        for (var o = 0; o < z.Length; o++)
        {
            var v = z[o];
            a[o] = layer.Activation switch
            {
                Activation.Linear => v,
                Activation.Sigmoid => 1 / (1 + Math.Exp(-v)),
                Activation.Tanh => Math.Tanh(v),
                Activation.ReLU => v > 0 ? v : 0,
                Activation.LeakyReLU => v >= 0 ? v : layer.Slope * v,
                Activation.PReLU => v >= 0 ? v : slopes[slopes.Length == 1 ? 0 : o] * v,
                Activation.ELU => v > 0 ? v : Math.Exp(v) - 1,
                Activation.SELU => SeluLambda * (v > 0 ? v : SeluAlpha * (Math.Exp(v) - 1)),
                Activation.GELU => 0.5 * v * DeterministicMath.Erfc(-v / Math.Sqrt(2)),
                _ => throw new InvalidOperationException($"Layer activation {layer.Activation} is not known to the probe."),
            };
        }
    }
}
