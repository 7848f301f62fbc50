using System;
using System.Numerics;

namespace NetGen.Training;

/// <summary>The metrics of an epoch record, from one inference pass over a data set.</summary>
internal sealed class Evaluator<T>
    where T : unmanaged, INumberBase<T>
{
    private readonly INetwork<T> _network;
    private readonly TrainingData<T> _data;
    private readonly T[] _outputs;
    private readonly bool _parallel;

    public Evaluator(INetwork<T> network, TrainingData<T> data, bool parallel = false)
    {
        _network = network;
        _data = data;
        _outputs = new T[data.Count * data.OutputCount];
        _parallel = parallel;
    }

    public (double? Accuracy, double? MeanAbsoluteError, double? RSquared) Evaluate()
    {
        if (_parallel)
        {
            _network.PredictParallel(_data.Inputs, _outputs);
        }
        else
        {
            _network.Predict(_data.Inputs, _outputs);
        }

        return _network.Loss switch
        {
            // Arg-max over a single output is always 0 for prediction and target alike; a lone output is read as binary.
            LossKind.CategoricalCrossEntropy when _data.OutputCount > 1 => (ArgMaxAccuracy(), null, null),
            LossKind.CategoricalCrossEntropy => (ThresholdAccuracy(), null, null),
            LossKind.BinaryCrossEntropy => (ThresholdAccuracy(), null, null),
            _ => Regression(),
        };
    }

    private double ArgMaxAccuracy()
    {
        var width = _data.OutputCount;
        var correct = 0;
        for (var s = 0; s < _data.Count; s++)
        {
            correct += ArgMax(_outputs.AsSpan(s * width, width)) == ArgMax(_data.Targets.AsSpan(s * width, width)) ? 1 : 0;
        }

        return (double)correct / _data.Count;
    }

    private double ThresholdAccuracy()
    {
        var correct = 0;
        for (var k = 0; k < _outputs.Length; k++)
        {
            correct += (double.CreateTruncating(_outputs[k]) >= 0.5) == (double.CreateTruncating(_data.Targets[k]) >= 0.5) ? 1 : 0;
        }

        return (double)correct / _outputs.Length;
    }

    /// <summary>MAE over all outputs, and R² with each output's own mean in the total sum of squares (variance-weighted).</summary>
    private (double?, double?, double?) Regression()
    {
        var width = _data.OutputCount;
        Span<double> means = stackalloc double[Math.Min(width, 256)];
        var columnMeans = width <= 256 ? means[..width] : new double[width];
        columnMeans.Clear();
        for (var k = 0; k < _outputs.Length; k++)
        {
            columnMeans[k % width] += double.CreateTruncating(_data.Targets[k]);
        }

        for (var o = 0; o < width; o++)
        {
            columnMeans[o] /= _data.Count;
        }

        double absolute = 0, residual = 0, total = 0;
        for (var k = 0; k < _outputs.Length; k++)
        {
            var target = double.CreateTruncating(_data.Targets[k]);
            var difference = double.CreateTruncating(_outputs[k]) - target;
            absolute += Math.Abs(difference);
            residual += difference * difference;
            total += (target - columnMeans[k % width]) * (target - columnMeans[k % width]);
        }

        return (null, absolute / _outputs.Length, total > 0 ? 1 - residual / total : null);
    }

    private static int ArgMax(ReadOnlySpan<T> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (double.CreateTruncating(values[i]) > double.CreateTruncating(values[best]))
            {
                best = i;
            }
        }

        return best;
    }
}
