using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using NetGen.Benchmarks.Mlp;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetGen.SideBySide;

/// <summary>
/// One of the four networks in TorchSharp, as a PyTorch user writes it: <c>nn.Linear</c> layers with ReLU between
/// them, softmax at inference and <c>cross_entropy</c> on the logits in training for several outputs, a linear output
/// with <c>mse_loss</c> for one; <c>torch.optim.SGD</c> or <c>torch.optim.Adam</c> with NetGen's hyperparameters.
/// </summary>
/// <remarks>
/// Every call copies its input in and its output out (as NetGen's <c>Predict</c> reads a span and writes one), into and
/// out of tensors made once, and runs under a dispose scope, so no tensor outlives its call.
/// </remarks>
internal sealed class TorchMlp : IDisposable
{
    private readonly MlpSpec _spec;
    private readonly Sequential _model;
    private readonly List<Linear> _layers = [];
    private readonly optim.Optimizer? _optimizer;
    private readonly Dictionary<int, Tensor> _inputs = [];
    private readonly Dictionary<int, Tensor> _targets = [];

    /// <summary>The network of <paramref name="spec"/> with <paramref name="parameters"/> in NetGen's exchange layout (per layer W[out, in], then b).</summary>
    /// <param name="optimizer">"Sgd", "Adam", or <see langword="null"/> for inference only.</param>
    public TorchMlp(MlpSpec spec, ReadOnlySpan<float> parameters, string? optimizer)
    {
        _spec = spec;
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var l = 0; l < spec.Sizes.Length - 1; l++)
        {
            var linear = nn.Linear(spec.Sizes[l], spec.Sizes[l + 1]);
            _layers.Add(linear);
            modules.Add(($"linear{l}", linear));
            if (l < spec.Sizes.Length - 2)
            {
                modules.Add(($"relu{l}", nn.ReLU()));
            }
        }

        _model = nn.Sequential(modules);
        SetParameters(parameters);
        if (optimizer == "Sgd")
        {
            _optimizer = optim.SGD(_model.parameters(), 0.01);
        }
        else if (optimizer == "Adam")
        {
            // torch.optim.Adam's defaults, spelled out: TorchSharp's own default for beta2 has not always been 0.999.
            _optimizer = optim.Adam(_model.parameters(), lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8);
        }
        else
        {
            _model.eval();
        }
    }

    /// <summary>Copies parameters in NetGen's exchange layout into the <c>nn.Linear</c> weights and biases.</summary>
    public void SetParameters(ReadOnlySpan<float> parameters)
    {
        using var noGrad = no_grad();
        var offset = 0;
        foreach (var layer in _layers)
        {
            var weight = layer.weight!;
            var count = (int)weight.numel();
            weight.copy_(tensor(parameters.Slice(offset, count).ToArray(), weight.shape));
            offset += count;
            var bias = layer.bias!;
            count = (int)bias.numel();
            bias.copy_(tensor(parameters.Slice(offset, count).ToArray(), bias.shape));
            offset += count;
        }
    }

    /// <summary>The parameters in NetGen's exchange layout.</summary>
    public float[] GetParameters()
    {
        var values = new List<float>();
        foreach (var layer in _layers)
        {
            values.AddRange(layer.weight!.data<float>().ToArray());
            values.AddRange(layer.bias!.data<float>().ToArray());
        }

        return values.ToArray();
    }

    /// <summary>Inference on <c>inputs.Length / inputs-per-sample</c> samples, as NetGen's <c>Predict</c> gives it (softmax included).</summary>
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs)
    {
        var rows = inputs.Length / _spec.Inputs;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = Batch(_inputs, rows, _spec.Inputs);
        inputs.CopyTo(Floats(x));
        var y = _model.forward(x);
        if (_spec.Softmax)
        {
            y = y.softmax(1);
        }

        Floats(y).CopyTo(outputs);
    }

    /// <summary>One update on a mini-batch (zero_grad, forward, loss, backward, step); returns the loss before it.</summary>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        var rows = inputs.Length / _spec.Inputs;
        using var scope = NewDisposeScope();
        var x = Batch(_inputs, rows, _spec.Inputs);
        inputs.CopyTo(Floats(x));
        var t = Batch(_targets, rows, _spec.Outputs);
        targets.CopyTo(Floats(t));
        _optimizer!.zero_grad();
        var z = _model.forward(x);
        var loss = _spec.Softmax ? nn.functional.cross_entropy(z, t) : nn.functional.mse_loss(z, t);
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    public void Dispose()
    {
        foreach (var batch in _inputs.Values)
        {
            batch.Dispose();
        }

        foreach (var batch in _targets.Values)
        {
            batch.Dispose();
        }

        _optimizer?.Dispose();
        _model.Dispose();
    }

    /// <summary>
    /// The floats of a contiguous CPU tensor, in place: <c>Tensor.bytes</c> is a span over the tensor's own memory.
    /// (<c>data&lt;float&gt;().CopyFrom</c> and <c>CopyTo</c> go element by element through the strides, or through a
    /// new array: several microseconds for a 784-input sample, which would be measuring the accessor, not the network.)
    /// </summary>
    private static Span<float> Floats(Tensor tensor) => MemoryMarshal.Cast<byte, float>(tensor.bytes);

    /// <summary>A tensor of <paramref name="rows"/> × <paramref name="columns"/> made once per row count and kept (outside every dispose scope).</summary>
    private static Tensor Batch(Dictionary<int, Tensor> cache, int rows, int columns)
    {
        if (!cache.TryGetValue(rows, out var batch))
        {
            batch = empty(rows, columns, dtype: ScalarType.Float32);
            batch.DetachFromDisposeScope();
            cache[rows] = batch;
        }

        return batch;
    }
}
