using System;
using NetGen.Numerics;

namespace NetGen.Tests.Networks;

/// <summary>One layer of <see cref="ReferenceModel"/>; a NaN slope means the activation's default; without a bias, <c>nn.Linear(bias=False)</c>.</summary>
public sealed record ReferenceLayer(int Units, Activation Activation, double Slope, bool SlopePerUnit, bool Bias = true)
{
    public int BiasCount => Bias ? Units : 0;

    public int SlopeCount => Activation == Activation.PReLU ? (SlopePerUnit ? Units : 1) : 0;
}

/// <summary>
/// A deliberately plain re-statement of a network's forward pass and loss, written from the formulas (PyTorch's
/// nn.Linear, activations and mean-reduced losses) and independent of the generated code, in double precision.
/// </summary>
public sealed record ReferenceModel(int Inputs, ReferenceLayer[] Layers, LossKind Loss, double Delta)
{
    private const double SeluLambda = 1.0507009873554804934193349852946;
    private const double SeluAlpha = 1.6732632423543772848170429916717;

    public int Outputs => Layers[^1].Units;

    public int ParameterCount
    {
        get
        {
            var count = 0;
            var inputs = Inputs;
            foreach (var layer in Layers)
            {
                count += layer.Units * inputs + layer.BiasCount + layer.SlopeCount;
                inputs = layer.Units;
            }

            return count;
        }
    }

    /// <summary>The outputs of one sample (or the output layer's values before its activation), from parameters in the exchange layout.</summary>
    public double[] Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, bool logits = false)
    {
        var x = input.ToArray();
        var offset = 0;
        foreach (var layer in Layers)
        {
            var z = new double[layer.Units];
            var w = parameters.Slice(offset, layer.Units * x.Length);
            var b = parameters.Slice(offset + w.Length, layer.BiasCount);
            var slopes = parameters.Slice(offset + w.Length + layer.BiasCount, layer.SlopeCount);
            offset += w.Length + layer.BiasCount + layer.SlopeCount;
            for (var o = 0; o < layer.Units; o++)
            {
                var sum = layer.Bias ? b[o] : 0.0;
                for (var i = 0; i < x.Length; i++)
                {
                    sum += w[o * x.Length + i] * x[i];
                }

                z[o] = sum;
            }

            if (logits && layer == Layers[^1])
            {
                return z;
            }

            x = Activate(layer, z, slopes);
        }

        return x;
    }

    /// <summary>The mean loss of a batch, as PyTorch's default reduction defines it.</summary>
    public double MeanLoss(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets)
    {
        var count = inputs.Length / Inputs;
        var total = 0.0;
        for (var s = 0; s < count; s++)
        {
            var y = Forward(parameters, inputs.Slice(s * Inputs, Inputs));
            var t = targets.Slice(s * Outputs, Outputs);
            for (var o = 0; o < Outputs; o++)
            {
                var diff = y[o] - t[o];
                total += Loss switch
                {
                    LossKind.MeanSquaredError => diff * diff,
                    LossKind.MeanAbsoluteError => Math.Abs(diff),
                    LossKind.Huber => Math.Abs(diff) < Delta ? 0.5 * diff * diff : Delta * (Math.Abs(diff) - 0.5 * Delta),
                    LossKind.BinaryCrossEntropy => -(t[o] * Math.Max(Math.Log(y[o]), -100) + (1 - t[o]) * Math.Max(Math.Log(1 - y[o]), -100)),
                    _ => -t[o] * Math.Max(Math.Log(y[o]), -100),
                };
            }
        }

        return Loss == LossKind.CategoricalCrossEntropy ? total / count : total / (count * Outputs);
    }

    private static double[] Activate(ReferenceLayer layer, double[] z, ReadOnlySpan<double> slopes)
    {
        var a = new double[z.Length];
        if (layer.Activation == Activation.Softmax)
        {
            var sum = 0.0;
            for (var o = 0; o < z.Length; o++)
            {
                sum += Math.Exp(z[o]);
            }

            for (var o = 0; o < z.Length; o++)
            {
                a[o] = Math.Exp(z[o]) / sum;
            }

            return a;
        }

        for (var o = 0; o < z.Length; o++)
        {
            var v = z[o];
            a[o] = layer.Activation switch
            {
                Activation.Linear => v,
                Activation.Sigmoid => 1 / (1 + Math.Exp(-v)),
                Activation.Tanh => Math.Tanh(v),
                Activation.ReLU => Math.Max(v, 0),
                Activation.LeakyReLU => v >= 0 ? v : (double.IsNaN(layer.Slope) ? 0.01 : layer.Slope) * v,
                Activation.PReLU => v >= 0 ? v : slopes[layer.SlopePerUnit ? o : 0] * v,
                Activation.ELU => v > 0 ? v : Math.Exp(v) - 1,
                Activation.SELU => SeluLambda * (v > 0 ? v : SeluAlpha * (Math.Exp(v) - 1)),
                Activation.GELU => 0.5 * v * (1 + DeterministicMath.Erf(v / Math.Sqrt(2))),
                _ => throw new ArgumentOutOfRangeException(nameof(layer), layer.Activation, "Unknown activation."),
            };
        }

        return a;
    }
}
