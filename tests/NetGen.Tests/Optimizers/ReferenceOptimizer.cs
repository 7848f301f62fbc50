using System;

namespace NetGen.Tests.Optimizers;

/// <summary>
/// The update rules written out from PyTorch's torch.optim documentation (and the textbook EWA momentum), one element
/// at a time in double precision, independent of the generated code.
/// </summary>
public sealed class ReferenceOptimizer
{
    private readonly double[] _a, _b, _c;
    private long _t;

    public ReferenceOptimizer(int count, double initialAccumulator = 0)
    {
        _a = new double[count];
        _b = new double[count];
        _c = new double[count];
        Array.Fill(_a, initialAccumulator);
    }

    public required OptimizerKind Kind { get; init; }
    public double LearningRate { get; init; }
    public double Momentum { get; init; }
    public double Dampening { get; init; }
    public bool Nesterov { get; init; }
    public double Alpha { get; init; } = 0.99;
    public bool Centered { get; init; }
    public double Rho { get; init; } = 0.9;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public bool Amsgrad { get; init; }
    public double Epsilon { get; init; }
    public double WeightDecay { get; init; }
    public double LearningRateDecay { get; init; }

    public void Step(double[] parameters, double[] gradients)
    {
        _t++;
        for (var k = 0; k < parameters.Length; k++)
        {
            var p = parameters[k];
            var g = gradients[k];
            if (Kind != OptimizerKind.AdamW)
            {
                g += WeightDecay * p;
            }

            switch (Kind)
            {
                case OptimizerKind.Sgd:
                    p -= LearningRate * g;
                    break;
                case OptimizerKind.Momentum:
                    // PyTorch: the buffer starts as a copy of the first gradient, without dampening.
                    _a[k] = _t == 1 ? g : Momentum * _a[k] + (1 - Dampening) * g;
                    p -= LearningRate * (Nesterov ? g + Momentum * _a[k] : _a[k]);
                    break;
                case OptimizerKind.ExponentialMomentum:
                    _a[k] = Momentum * _a[k] + (1 - Momentum) * g;
                    p -= LearningRate * _a[k];
                    break;
                case OptimizerKind.Adagrad:
                    _a[k] += g * g;
                    p -= LearningRate / (1 + (_t - 1) * LearningRateDecay) * g / (Math.Sqrt(_a[k]) + Epsilon);
                    break;
                case OptimizerKind.RmsProp:
                    _a[k] = Alpha * _a[k] + (1 - Alpha) * g * g;
                    var average = _a[k];
                    if (Centered)
                    {
                        _c[k] = Alpha * _c[k] + (1 - Alpha) * g;
                        average -= _c[k] * _c[k];
                    }

                    var scaled = g / (Math.Sqrt(average) + Epsilon);
                    if (Momentum > 0)
                    {
                        _b[k] = Momentum * _b[k] + scaled;
                        p -= LearningRate * _b[k];
                    }
                    else
                    {
                        p -= LearningRate * scaled;
                    }

                    break;
                case OptimizerKind.Adadelta:
                    _a[k] = Rho * _a[k] + (1 - Rho) * g * g;
                    var delta = Math.Sqrt(_b[k] + Epsilon) / Math.Sqrt(_a[k] + Epsilon) * g;
                    _b[k] = Rho * _b[k] + (1 - Rho) * delta * delta;
                    p -= LearningRate * delta;
                    break;
                default:
                    if (Kind == OptimizerKind.AdamW)
                    {
                        p *= 1 - LearningRate * WeightDecay;
                    }

                    _a[k] = Beta1 * _a[k] + (1 - Beta1) * g;
                    _b[k] = Beta2 * _b[k] + (1 - Beta2) * g * g;
                    var second = _b[k];
                    if (Amsgrad)
                    {
                        _c[k] = Math.Max(_c[k], _b[k]);
                        second = _c[k];
                    }

                    var firstHat = _a[k] / (1 - Math.Pow(Beta1, _t));
                    var secondHat = second / (1 - Math.Pow(Beta2, _t));
                    p -= LearningRate * firstHat / (Math.Sqrt(secondHat) + Epsilon);
                    break;
            }

            parameters[k] = p;
        }
    }

    /// <summary>The reference for each test network, with the defaults of docs/optimizers.md written out.</summary>
    public static ReferenceOptimizer For(string name, int count) => name switch
    {
        "SgdDefault" => new(count) { Kind = OptimizerKind.Sgd, LearningRate = 0.01 },
        "SgdDecay" => new(count) { Kind = OptimizerKind.Sgd, LearningRate = 0.2, WeightDecay = 0.1 },
        "MomentumDefault" => new(count) { Kind = OptimizerKind.Momentum, LearningRate = 0.01, Momentum = 0.9 },
        "MomentumDampened" => new(count) { Kind = OptimizerKind.Momentum, LearningRate = 0.05, Momentum = 0.5, Dampening = 0.3, WeightDecay = 0.1 },
        "MomentumNesterov" => new(count) { Kind = OptimizerKind.Momentum, LearningRate = 0.01, Momentum = 0.8, Nesterov = true, WeightDecay = 0.01 },
        "ExponentialMomentumDefault" => new(count) { Kind = OptimizerKind.ExponentialMomentum, LearningRate = 0.01, Momentum = 0.95 },
        "ExponentialMomentumCustom" => new(count) { Kind = OptimizerKind.ExponentialMomentum, LearningRate = 0.1, Momentum = 0.7, WeightDecay = 0.1 },
        "AdagradDefault" => new(count) { Kind = OptimizerKind.Adagrad, LearningRate = 0.01, Epsilon = 1e-10 },
        "AdagradCustom" => new(count, initialAccumulator: 0.2) { Kind = OptimizerKind.Adagrad, LearningRate = 0.1, LearningRateDecay = 0.05, Epsilon = 1e-6, WeightDecay = 0.1 },
        "RmsPropDefault" => new(count) { Kind = OptimizerKind.RmsProp, LearningRate = 0.01, Epsilon = 1e-8 },
        "RmsPropMomentumCentered" => new(count) { Kind = OptimizerKind.RmsProp, LearningRate = 0.01, Alpha = 0.9, Momentum = 0.5, Centered = true, Epsilon = 1e-6, WeightDecay = 0.1 },
        "RmsPropCentered" => new(count) { Kind = OptimizerKind.RmsProp, LearningRate = 0.01, Centered = true, Epsilon = 1e-8 },
        "AdadeltaDefault" => new(count) { Kind = OptimizerKind.Adadelta, LearningRate = 1.0, Epsilon = 1e-6 },
        "AdadeltaCustom" => new(count) { Kind = OptimizerKind.Adadelta, LearningRate = 0.5, Rho = 0.8, Epsilon = 1e-4, WeightDecay = 0.1 },
        "AdamDefault" => new(count) { Kind = OptimizerKind.Adam, LearningRate = 1e-3, Epsilon = 1e-8 },
        "AdamCustom" => new(count) { Kind = OptimizerKind.Adam, LearningRate = 0.01, Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-6, WeightDecay = 0.1 },
        "AdamAmsgrad" => new(count) { Kind = OptimizerKind.Adam, LearningRate = 0.01, Amsgrad = true, Epsilon = 1e-8 },
        "AdamWDefault" => new(count) { Kind = OptimizerKind.AdamW, LearningRate = 1e-3, WeightDecay = 0.01, Epsilon = 1e-8 },
        "AdamWCustom" => new(count) { Kind = OptimizerKind.AdamW, LearningRate = 0.01, WeightDecay = 0.05, Amsgrad = true, Epsilon = 1e-8 },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No reference for this network."),
    };
}
