using System;

namespace NetGen.Benchmarks.Mlp;

/// <summary>
/// The baseline: a multilayer perceptron written the way a C# developer writes one first — scalar loops over
/// PyTorch-layout weights (<c>W[o, i]</c> at <c>o·in + i</c>), hidden ReLU, a linear output with MSE or a softmax
/// output with categorical cross-entropy, mean-reduced over the batch, and SGD or Adam as torch.optim defines them.
/// </summary>
/// <remarks>
/// All parameters live in one array in NetGen's exchange layout (per layer W then b), so
/// <see cref="SetParameters"/> takes a generated network's <c>GetParameters</c> as it is. Nothing is allocated after
/// construction. Also compiled into NetGen.Tests, which checks its gradients and updates against the generated code.
/// </remarks>
public sealed class NaiveMlp
{
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-8f;

    private readonly int[] _sizes;
    private readonly int[] _weightOffsets;
    private readonly int[] _biasOffsets;
    private readonly bool _softmax;
    private readonly bool _adam;
    private readonly float[] _parameters;
    private readonly float[] _gradients;
    private readonly float[] _m;
    private readonly float[] _v;
    private readonly float[][] _activations; // a[0] = input, a[l + 1] = output of layer l (after its activation)
    private readonly float[][] _deltas;      // d[l + 1] = dL/dz of layer l
    private readonly float[] _batchInputs;
    private readonly float[] _batchTargets;

    /// <summary>A network of layers <paramref name="sizes"/> (inputs first), all parameters zero until <see cref="SetParameters"/>.</summary>
    /// <param name="sizes">Inputs, then the units of every layer.</param>
    /// <param name="softmax">A softmax output with categorical cross-entropy; otherwise a linear output with MSE.</param>
    /// <param name="adam">Adam (β 0.9/0.999, ε 1e-8); otherwise plain SGD.</param>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="maxBatch">The largest batch <see cref="TrainEpoch"/> gathers.</param>
    public NaiveMlp(int[] sizes, bool softmax, bool adam, float learningRate, int maxBatch = 32)
    {
        _sizes = sizes;
        _softmax = softmax;
        _adam = adam;
        LearningRate = learningRate;
        var layers = sizes.Length - 1;
        _weightOffsets = new int[layers];
        _biasOffsets = new int[layers];
        var offset = 0;
        for (var l = 0; l < layers; l++)
        {
            _weightOffsets[l] = offset;
            offset += sizes[l + 1] * sizes[l];
            _biasOffsets[l] = offset;
            offset += sizes[l + 1];
        }

        _parameters = new float[offset];
        _gradients = new float[offset];
        _m = new float[adam ? offset : 0];
        _v = new float[adam ? offset : 0];
        _activations = new float[sizes.Length][];
        _deltas = new float[sizes.Length][];
        for (var l = 0; l < sizes.Length; l++)
        {
            _activations[l] = new float[sizes[l]];
            _deltas[l] = new float[sizes[l]];
        }

        _batchInputs = new float[maxBatch * InputCount];
        _batchTargets = new float[maxBatch * OutputCount];
    }

    public int InputCount => _sizes[0];

    public int OutputCount => _sizes[^1];

    public int ParameterCount => _parameters.Length;

    public float LearningRate { get; set; }

    public long StepCount { get; private set; }

    public void SetParameters(ReadOnlySpan<float> source) => source.CopyTo(_parameters);

    public void GetParameters(Span<float> destination) => _parameters.CopyTo(destination);

    public void GetGradients(Span<float> destination) => _gradients.CopyTo(destination);

    /// <summary>Inference for one sample.</summary>
    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        Forward(input);
        _activations[^1].CopyTo(output);
    }

    /// <summary>Inference for a batch, sample by sample.</summary>
    public void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        var count = inputs.Length / InputCount;
        for (var s = 0; s < count; s++)
        {
            Predict(inputs.Slice(s * InputCount, InputCount), outputs.Slice(s * OutputCount, OutputCount));
        }
    }

    /// <summary>Forward and backward over a batch: leaves the gradients of the mean loss and returns that loss.</summary>
    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        Array.Clear(_gradients);
        var count = inputs.Length / InputCount;
        var layers = _sizes.Length - 1;
        var outputs = OutputCount;
        var total = 0.0;
        for (var s = 0; s < count; s++)
        {
            Forward(inputs.Slice(s * InputCount, InputCount));
            var y = _activations[layers];
            var d = _deltas[layers];
            var t = targets.Slice(s * outputs, outputs);

            // The loss of the sample and dL/dz of the output layer, for the mean over the batch.
            if (_softmax)
            {
                // y holds the softmax; -Σ t·log y, and dL/dz = (y - t) / count.
                for (var o = 0; o < outputs; o++)
                {
                    if (t[o] != 0)
                    {
                        total -= t[o] * Math.Log(Math.Max(y[o], 1e-30));
                    }

                    d[o] = (y[o] - t[o]) / count;
                }
            }
            else
            {
                // Σ (y - t)² / outputs, and dL/dz = 2 (y - t) / (count · outputs).
                for (var o = 0; o < outputs; o++)
                {
                    var error = y[o] - t[o];
                    total += error * error / outputs;
                    d[o] = 2 * error / (count * outputs);
                }
            }

            // Backward: dW += d·aᵀ, db += d, and dL/dz of the layer below through its ReLU.
            for (var l = layers - 1; l >= 0; l--)
            {
                var inputsOfLayer = _sizes[l];
                var units = _sizes[l + 1];
                var a = _activations[l];
                var delta = _deltas[l + 1];
                var w = _weightOffsets[l];
                var b = _biasOffsets[l];
                for (var o = 0; o < units; o++)
                {
                    _gradients[b + o] += delta[o];
                    for (var i = 0; i < inputsOfLayer; i++)
                    {
                        _gradients[w + o * inputsOfLayer + i] += delta[o] * a[i];
                    }
                }

                if (l > 0)
                {
                    var below = _deltas[l];
                    for (var i = 0; i < inputsOfLayer; i++)
                    {
                        var sum = 0f;
                        for (var o = 0; o < units; o++)
                        {
                            sum += _parameters[w + o * inputsOfLayer + i] * delta[o];
                        }

                        below[i] = a[i] > 0 ? sum : 0;
                    }
                }
            }
        }

        return (float)(total / count);
    }

    /// <summary>One optimizer update from the gradients of the last <see cref="ComputeGradients"/>.</summary>
    public void Update()
    {
        StepCount++;
        if (!_adam)
        {
            for (var k = 0; k < _parameters.Length; k++)
            {
                _parameters[k] -= LearningRate * _gradients[k];
            }

            return;
        }

        // torch.optim.Adam: p -= lr / (1 - β1ᵗ) · m / (√v / √(1 - β2ᵗ) + ε)
        var stepSize = (float)(LearningRate / (1 - Math.Pow(Beta1, StepCount)));
        var correction2 = (float)Math.Sqrt(1 - Math.Pow(Beta2, StepCount));
        for (var k = 0; k < _parameters.Length; k++)
        {
            var g = _gradients[k];
            _m[k] = Beta1 * _m[k] + (1 - Beta1) * g;
            _v[k] = Beta2 * _v[k] + (1 - Beta2) * g * g;
            _parameters[k] -= stepSize * _m[k] / (MathF.Sqrt(_v[k]) / correction2 + Epsilon);
        }
    }

    /// <summary><see cref="ComputeGradients"/>, then <see cref="Update"/>; returns the loss before the update.</summary>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        var loss = ComputeGradients(inputs, targets);
        Update();
        return loss;
    }

    /// <summary>
    /// One epoch: shuffles <paramref name="order"/> with <paramref name="random"/>, then one update per mini-batch of
    /// <paramref name="batchSize"/> (the last keeps the rest). Returns the mean training loss.
    /// </summary>
    public double TrainEpoch(float[] inputs, float[] targets, int[] order, int batchSize, DeterministicRandom random)
    {
        random.Shuffle<int>(order);
        var lossSum = 0.0;
        for (var start = 0; start < order.Length; start += batchSize)
        {
            var rows = Math.Min(batchSize, order.Length - start);
            for (var r = 0; r < rows; r++)
            {
                inputs.AsSpan(order[start + r] * InputCount, InputCount).CopyTo(_batchInputs.AsSpan(r * InputCount));
                targets.AsSpan(order[start + r] * OutputCount, OutputCount).CopyTo(_batchTargets.AsSpan(r * OutputCount));
            }

            lossSum += rows * (double)TrainStep(_batchInputs.AsSpan(0, rows * InputCount), _batchTargets.AsSpan(0, rows * OutputCount));
        }

        return lossSum / order.Length;
    }

    /// <summary>One sample through every layer, keeping each layer's activation.</summary>
    private void Forward(ReadOnlySpan<float> input)
    {
        input.CopyTo(_activations[0]);
        var layers = _sizes.Length - 1;
        for (var l = 0; l < layers; l++)
        {
            var inputsOfLayer = _sizes[l];
            var units = _sizes[l + 1];
            var a = _activations[l];
            var z = _activations[l + 1];
            var w = _weightOffsets[l];
            var b = _biasOffsets[l];
            for (var o = 0; o < units; o++)
            {
                var sum = _parameters[b + o];
                for (var i = 0; i < inputsOfLayer; i++)
                {
                    sum += _parameters[w + o * inputsOfLayer + i] * a[i];
                }

                z[o] = l < layers - 1 ? Math.Max(sum, 0) : sum;
            }
        }

        if (_softmax)
        {
            var y = _activations[layers];
            var max = float.NegativeInfinity;
            for (var o = 0; o < y.Length; o++)
            {
                max = Math.Max(max, y[o]);
            }

            var sum = 0f;
            for (var o = 0; o < y.Length; o++)
            {
                y[o] = MathF.Exp(y[o] - max);
                sum += y[o];
            }

            for (var o = 0; o < y.Length; o++)
            {
                y[o] /= sum;
            }
        }
    }
}
