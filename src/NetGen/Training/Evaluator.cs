using System;
using System.Numerics;
using NetGen.Evaluation;

namespace NetGen.Training;

/// <summary>
/// The metrics of an epoch record, from one inference pass over a data set, computed by the public metrics of
/// <see cref="NetGen.Evaluation"/> so that each metric is computed in one place. Its buffers are allocated once, here:
/// an epoch's evaluation allocates nothing.
/// </summary>
internal sealed class Evaluator<T>
    where T : unmanaged, INumberBase<T>
{
    private readonly INetwork<T> _network;
    private readonly TrainingData<T> _data;
    private readonly T[] _outputs;
    private readonly bool _parallel;

    // Classification: the class of each target and prediction (one per sample for arg-max, one per output at 0.5).
    private readonly int[] _targetClasses = [];
    private readonly int[] _predictedClasses = [];

    // Regression: targets and predictions in double, and the per-output sums of R².
    private readonly double[] _targets = [];
    private readonly double[] _predictions = [];
    private readonly double[] _sums = [];

    public Evaluator(INetwork<T> network, TrainingData<T> data, bool parallel = false)
    {
        _network = network;
        _data = data;
        _outputs = new T[data.Count * data.OutputCount];
        _parallel = parallel;
        switch (network.Loss)
        {
            case LossKind.CategoricalCrossEntropy when data.OutputCount > 1:
                _targetClasses = Evaluator.Classes<T>(data.Targets, data.OutputCount);
                _predictedClasses = new int[data.Count];
                break;
            case LossKind.CategoricalCrossEntropy:
            case LossKind.BinaryCrossEntropy:
                _targetClasses = Evaluator.Classes<T>(data.Targets, 1);
                _predictedClasses = new int[_outputs.Length];
                break;
            default:
                _targets = Evaluator.ToDoubles<T>(data.Targets);
                _predictions = new double[_outputs.Length];
                _sums = new double[3 * data.OutputCount];
                break;
        }
    }

    /// <summary>Where the outputs of every sample go, row by row in the data's order, for <see cref="Metrics"/>.</summary>
    public Span<T> Outputs => _outputs;

    /// <summary>The metrics of one inference pass over the data.</summary>
    public EpochMetrics Evaluate()
    {
        if (_parallel)
        {
            _network.PredictParallel(_data.Inputs, _outputs);
        }
        else
        {
            _network.Predict(_data.Inputs, _outputs);
        }

        return Metrics();
    }

    /// <summary>Accuracy for the cross-entropies; MAE and variance-weighted R² (null for constant targets) for the regression losses, of the outputs in <see cref="Outputs"/>.</summary>
    public EpochMetrics Metrics()
    {
        switch (_network.Loss)
        {
            // Arg-max over a single output is always 0 for prediction and target alike; a lone output is read as binary.
            case LossKind.CategoricalCrossEntropy when _data.OutputCount > 1:
                Evaluator.ClassesInto<T>(_outputs, _data.OutputCount, _predictedClasses);
                return new EpochMetrics(ClassificationMetrics.Accuracy(_targetClasses, _predictedClasses), null, null);
            case LossKind.CategoricalCrossEntropy:
            case LossKind.BinaryCrossEntropy:
                // Every output at 0.5 on its own: binary for one output, each label of a multi-label problem otherwise.
                Evaluator.ClassesInto<T>(_outputs, 1, _predictedClasses);
                return new EpochMetrics(ClassificationMetrics.Accuracy(_targetClasses, _predictedClasses), null, null);
            default:
                Evaluator.ToDoublesInto<T>(_outputs, _predictions);
                return new EpochMetrics(
                    null,
                    RegressionMetrics.MeanAbsoluteError(_targets, _predictions),
                    RegressionMetrics.VarianceWeightedOrNull(_targets, _predictions, _data.OutputCount, _sums));
        }
    }
}
