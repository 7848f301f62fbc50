using System;
using System.Numerics;
using NetGen.Evaluation;

namespace NetGen.Training;

/// <summary>
/// The metrics of an epoch record, from one inference pass over a data set, computed by the public metrics of
/// <see cref="NetGen.Evaluation"/> so that each metric is computed in one place.
/// </summary>
internal sealed class Evaluator<T>
    where T : unmanaged, INumberBase<T>
{
    private readonly INetwork<T> _network;
    private readonly TrainingData<T> _data;
    private readonly T[] _outputs;
    private readonly bool _parallel;
    private int[]? _targetClasses;
    private double[]? _targets;

    public Evaluator(INetwork<T> network, TrainingData<T> data, bool parallel = false)
    {
        _network = network;
        _data = data;
        _outputs = new T[data.Count * data.OutputCount];
        _parallel = parallel;
    }

    /// <summary>Accuracy for the cross-entropies; MAE and variance-weighted R² (null for constant targets) for the regression losses.</summary>
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

        switch (_network.Loss)
        {
            // Arg-max over a single output is always 0 for prediction and target alike; a lone output is read as binary.
            case LossKind.CategoricalCrossEntropy when _data.OutputCount > 1:
                _targetClasses ??= Evaluator.Classes<T>(_data.Targets, _data.OutputCount);
                return (ClassificationMetrics.Accuracy(_targetClasses, Evaluator.Classes<T>(_outputs, _data.OutputCount)), null, null);
            case LossKind.CategoricalCrossEntropy:
            case LossKind.BinaryCrossEntropy:
                // Every output at 0.5 on its own: binary for one output, each label of a multi-label problem otherwise.
                _targetClasses ??= Evaluator.Classes<T>(_data.Targets, 1);
                return (ClassificationMetrics.Accuracy(_targetClasses, Evaluator.Classes<T>(_outputs, 1)), null, null);
            default:
                _targets ??= Evaluator.ToDoubles<T>(_data.Targets);
                var predicted = Evaluator.ToDoubles<T>(_outputs);
                return (
                    null,
                    RegressionMetrics.MeanAbsoluteError(_targets, predicted),
                    RegressionMetrics.VarianceWeightedOrNull(_targets, predicted, _data.OutputCount));
        }
    }
}
