using System;
using System.Numerics;
using System.Runtime.CompilerServices;
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
/// Dropout does nothing at inference. Buffers are allocated once, for up to <see cref="Capacity"/> samples. The affine
/// step runs on Wᵀ, padded to whole SIMD vectors, in tiles of 4 samples × 2 vectors of units; the last layer's
/// activation is computed when <see cref="GetActivations"/> first asks for it after a run.
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
    private readonly int[] _strides;
    private readonly double[][] _transposedWeights;
    private readonly double[][] _paddedBiases;
    private readonly double[] _scratch;
    private object? _networkBuffer;
    private bool _outputsPending;

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
        _strides = new int[_layers.Length];
        _transposedWeights = new double[_layers.Length][];
        _paddedBiases = new double[_layers.Length][];
        var widest = 0;
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
            // Rows of Wᵀ padded with zeros to whole SIMD vectors, so that every unit is computed in vectors.
            var stride = (layer.Units + Vector<double>.Count - 1) / Vector<double>.Count * Vector<double>.Count;
            _strides[l] = stride;
            _transposedWeights[l] = new double[layer.Inputs * stride];
            _paddedBiases[l] = new double[stride];
            widest = stride == layer.Units ? widest : Math.Max(widest, stride);
        }

        _scratch = new double[capacity * widest];
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
        TransposeWeights();
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
        if (_outputsPending && layer == _layers.Length - 1)
        {
            // The last layer's activation is computed when first asked for: the monitors read only its pre-activations
            // when those are finite and the activation bounded (a softmax output costs an Exp per value).
            _outputsPending = false;
            var units = _layers[layer].Units;
            Activate(_layers[layer], GetPreActivations(layer), Slopes(layer), _activations[layer].AsSpan(0, SampleCount * units));
        }

        return _activations[layer].AsSpan(0, SampleCount * _layers[layer].Units);
    }

    /// <summary>Whether layer <paramref name="layer"/>'s activation maps every finite pre-activation to a value in [−1, 1].</summary>
    internal bool IsBounded(int layer) => _layers[layer].Activation is Activation.Sigmoid or Activation.Tanh or Activation.Softmax;

    private ReadOnlySpan<double> Slopes(int layer)
    {
        var architecture = _layers[layer];
        var offset = _parameterOffsets[layer] + architecture.ParameterCount - architecture.SlopeCount;
        return _parameters.AsSpan(offset, architecture.SlopeCount);
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

    /// <summary>
    /// Each layer's W <c>[units × inputs]</c> from the exchange layout as Wᵀ <c>[inputs × stride]</c> (the padding stays
    /// 0), and its bias padded to the stride (0 without a bias, which adds nothing, as the generated code adds none).
    /// </summary>
    private void TransposeWeights()
    {
        for (var l = 0; l < _layers.Length; l++)
        {
            var inputs = _layers[l].Inputs;
            var units = _layers[l].Units;
            var stride = _strides[l];
            var weights = _parameters.AsSpan(_parameterOffsets[l], units * inputs);
            var transposed = _transposedWeights[l].AsSpan(0, inputs * stride);
            for (var o = 0; o < units; o++)
            {
                var row = weights.Slice(o * inputs, inputs);
                for (var i = 0; i < row.Length; i++)
                {
                    transposed[(i * stride) + o] = row[i];
                }
            }

            if (_layers[l].Bias)
            {
                _parameters.AsSpan(_parameterOffsets[l] + weights.Length, units).CopyTo(_paddedBiases[l]);
            }
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
            var offset = _parameterOffsets[l] + (units * inputs);
            offset += layer.Bias ? units : 0;
            ReadOnlySpan<double> gamma = default, beta = default;
            if (layer.BatchNorm is { Affine: true })
            {
                gamma = _parameters.AsSpan(offset, units);
                beta = _parameters.AsSpan(offset + units, units);
                offset += 2 * units;
            }

            var slopes = Slopes(l);
            var pre = _preActivations[l].AsSpan(0, SampleCount * units);
            var post = _activations[l].AsSpan(0, SampleCount * units);
            var stride = _strides[l];
            var output = stride == units ? pre : _scratch.AsSpan(0, SampleCount * stride);
            Affine(x, _transposedWeights[l], _paddedBiases[l], output, SampleCount, inputs, stride);
            if (stride != units)
            {
                for (var s = 0; s < SampleCount; s++)
                {
                    output.Slice(s * stride, units).CopyTo(pre.Slice(s * units, units));
                }
            }

            if (layer.BatchNorm is { } batchNorm)
            {
                var mean = _running.AsSpan(_runningOffsets[l], units);
                var variance = _running.AsSpan(_runningOffsets[l] + units, units);
                for (var s = 0; s < SampleCount; s++)
                {
                    var z = pre.Slice(s * units, units);
                    for (var o = 0; o < units; o++)
                    {
                        var normalized = (z[o] - mean[o]) / Math.Sqrt(variance[o] + batchNorm.Epsilon);
                        z[o] = gamma.IsEmpty ? normalized : (normalized * gamma[o]) + beta[o];
                    }
                }
            }

            if (l == _layers.Length - 1)
            {
                _outputsPending = true;
                break;
            }

            Activate(layer, pre, slopes, post);
            x = post;
        }
    }

    /// <summary>
    /// <c>z = x·Wᵀ + b</c> for every sample, into rows of <paramref name="stride"/> values: <paramref name="weightsT"/> is
    /// W transposed and padded, <c>[inputs × stride]</c>, so a SIMD vector holds consecutive units of one input's row. A
    /// tile of 4 samples × 2 vectors of units stays in 8 registers over the whole input loop: each weight vector loaded
    /// serves 4 samples, each input value 2 vectors, and no horizontal sum is needed (the probe's former dot product per
    /// unit spent most of its run on those, on calls and on scalar remainders).
    /// </summary>
    private static void Affine(ReadOnlySpan<double> x, double[] weightsT, double[] bias, Span<double> z, int samples, int inputs, int stride)
    {
        var width = Vector<double>.Count;

        // Every index below is within these lengths, checked once here, so that the loads and stores need no checks.
        if (x.Length < samples * inputs || weightsT.Length < inputs * stride || z.Length < samples * stride || bias.Length < stride || stride % width != 0)
        {
            throw new InvalidOperationException("The probe's buffers do not match its layer.");
        }

        ref var w = ref MemoryMarshal.GetArrayDataReference(weightsT);
        ref var b = ref MemoryMarshal.GetArrayDataReference(bias);
        ref var input = ref MemoryMarshal.GetReference(x);
        ref var output = ref MemoryMarshal.GetReference(z);
        var columns = (nuint)stride;
        var vector = (nuint)width;
        var s = 0;
        for (; s + 4 <= samples; s += 4)
        {
            var x0 = (nuint)(s * inputs);
            var x1 = x0 + (nuint)inputs;
            var x2 = x1 + (nuint)inputs;
            var x3 = x2 + (nuint)inputs;
            var o = (nuint)(s * stride);
            nuint u = 0;
            for (; u + (2 * vector) <= columns; u += 2 * vector)
            {
                Vector<double> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default, a30 = default, a31 = default;
                var row = u;
                for (nuint i = 0; i < (nuint)inputs; i++, row += columns)
                {
                    var w0 = Vector.LoadUnsafe(ref w, row);
                    var w1 = Vector.LoadUnsafe(ref w, row + vector);
                    var v = new Vector<double>(Unsafe.Add(ref input, x0 + i));
                    a00 += v * w0;
                    a01 += v * w1;
                    v = new Vector<double>(Unsafe.Add(ref input, x1 + i));
                    a10 += v * w0;
                    a11 += v * w1;
                    v = new Vector<double>(Unsafe.Add(ref input, x2 + i));
                    a20 += v * w0;
                    a21 += v * w1;
                    v = new Vector<double>(Unsafe.Add(ref input, x3 + i));
                    a30 += v * w0;
                    a31 += v * w1;
                }

                var b0 = Vector.LoadUnsafe(ref b, u);
                var b1 = Vector.LoadUnsafe(ref b, u + vector);
                (a00 + b0).StoreUnsafe(ref output, o + u);
                (a01 + b1).StoreUnsafe(ref output, o + u + vector);
                (a10 + b0).StoreUnsafe(ref output, o + columns + u);
                (a11 + b1).StoreUnsafe(ref output, o + columns + u + vector);
                (a20 + b0).StoreUnsafe(ref output, o + (2 * columns) + u);
                (a21 + b1).StoreUnsafe(ref output, o + (2 * columns) + u + vector);
                (a30 + b0).StoreUnsafe(ref output, o + (3 * columns) + u);
                (a31 + b1).StoreUnsafe(ref output, o + (3 * columns) + u + vector);
            }

            if (u < columns)
            {
                // One vector of units left: 4 samples × 1 vector.
                Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
                var row = u;
                for (nuint i = 0; i < (nuint)inputs; i++, row += columns)
                {
                    var w0 = Vector.LoadUnsafe(ref w, row);
                    a0 += new Vector<double>(Unsafe.Add(ref input, x0 + i)) * w0;
                    a1 += new Vector<double>(Unsafe.Add(ref input, x1 + i)) * w0;
                    a2 += new Vector<double>(Unsafe.Add(ref input, x2 + i)) * w0;
                    a3 += new Vector<double>(Unsafe.Add(ref input, x3 + i)) * w0;
                }

                var b0 = Vector.LoadUnsafe(ref b, u);
                (a0 + b0).StoreUnsafe(ref output, o + u);
                (a1 + b0).StoreUnsafe(ref output, o + columns + u);
                (a2 + b0).StoreUnsafe(ref output, o + (2 * columns) + u);
                (a3 + b0).StoreUnsafe(ref output, o + (3 * columns) + u);
            }
        }

        // The last samples, fewer than 4: one at a time.
        for (; s < samples; s++)
        {
            var x0 = (nuint)(s * inputs);
            var o = (nuint)(s * stride);
            for (nuint u = 0; u < columns; u += vector)
            {
                var a0 = Vector<double>.Zero;
                var row = u;
                for (nuint i = 0; i < (nuint)inputs; i++, row += columns)
                {
                    a0 += new Vector<double>(Unsafe.Add(ref input, x0 + i)) * Vector.LoadUnsafe(ref w, row);
                }

                (a0 + Vector.LoadUnsafe(ref b, u)).StoreUnsafe(ref output, o + u);
            }
        }
    }

    /// <summary>The layer's activation of every sample's <paramref name="z"/> into <paramref name="a"/>, both <c>[samples × units]</c>.</summary>
    private static void Activate(LayerArchitecture layer, ReadOnlySpan<double> z, ReadOnlySpan<double> slopes, Span<double> a)
    {
        var units = layer.Units;
        switch (layer.Activation)
        {
            case Activation.Softmax:
                for (var s = 0; s < z.Length; s += units)
                {
                    Softmax(z.Slice(s, units), a.Slice(s, units));
                }

                return;
            case Activation.ReLU:
                Relu(z, a);
                return;
            case Activation.Linear:
                z.CopyTo(a);
                return;
        }

        // The rest cost an Exp, a Tanh or an Erfc per value anyway: next to that the switch is cheap.
        var activation = layer.Activation;
        for (var i = 0; i < z.Length; i++)
        {
            var v = z[i];
            a[i] = activation switch
            {
                Activation.Sigmoid => 1 / (1 + Math.Exp(-v)),
                Activation.Tanh => Math.Tanh(v),
                Activation.LeakyReLU => v >= 0 ? v : layer.Slope * v,
                Activation.PReLU => v >= 0 ? v : slopes[slopes.Length == 1 ? 0 : i % units] * v,
                Activation.ELU => v > 0 ? v : Math.Exp(v) - 1,
                Activation.SELU => SeluLambda * (v > 0 ? v : SeluAlpha * (Math.Exp(v) - 1)),
                Activation.GELU => 0.5 * v * DeterministicMath.Erfc(-v / Math.Sqrt(2)),
                _ => throw new InvalidOperationException($"Layer activation {activation} is not known to the probe."),
            };
        }
    }

    private static void Softmax(ReadOnlySpan<double> z, Span<double> a)
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
    }

    /// <summary><c>a = z &gt; 0 ? z : 0</c>, a SIMD vector at a time (NaN gives 0, as the scalar form).</summary>
    private static void Relu(ReadOnlySpan<double> z, Span<double> a)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var zv = MemoryMarshal.Cast<double, Vector<double>>(z);
            var av = MemoryMarshal.Cast<double, Vector<double>>(a);
            for (var v = 0; v < zv.Length; v++)
            {
                av[v] = Vector.ConditionalSelect(Vector.GreaterThan(zv[v], Vector<double>.Zero), zv[v], Vector<double>.Zero);
            }

            i = zv.Length * Vector<double>.Count;
        }

        for (; i < z.Length; i++)
        {
            var v = z[i];
            a[i] = v > 0 ? v : 0;
        }
    }
}
