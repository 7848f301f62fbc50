using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NetGen.Evaluation;

namespace NetGen.Training;

/// <summary>
/// The metrics of an epoch record, from one inference pass over a data set or from the outputs of an epoch's own
/// updates, computed by the public metrics of <see cref="NetGen.Evaluation"/> so that each metric is computed in one
/// place. Its buffers are allocated once, here: an epoch's evaluation allocates nothing.
/// </summary>
internal sealed class Evaluator<T>
    where T : unmanaged, INumberBase<T>
{
    private readonly INetwork<T> _network;
    private readonly TrainingData<T> _data;
    // Every sample's outputs, for an inference pass only: metrics from the updates keep classes or sums of errors, which
    // spares a large array (and its first touch) on every Fit.
    private T[]? _outputs;
    private readonly bool _parallel;
    private readonly Reading _reading;

    // Whether the classes of an update come from its logits (GetTrainingLogits): where the output activation keeps their
    // order (softmax, linear) or maps 0 to 0.5 (sigmoid), which spares the activation of every sample.
    private readonly bool _fromLogits;

    // Classification: the class of each target (the data's, shared and only read) and prediction (one per sample for
    // arg-max, one per output at 0.5).
    private readonly int[] _targetClasses = [];
    private readonly int[] _predictedClasses = [];

    // Regression: the targets in double (the data's, shared and only read), the per-output sums of R², and the errors of
    // the updates recorded since the last metrics: Σ |p − t| and Σ (p − t)² over every output.
    private readonly double[] _targets = [];
    private readonly double[] _sums = [];
    private double _absoluteErrors;
    private double _squaredErrors;

    public Evaluator(INetwork<T> network, TrainingData<T> data, bool parallel = false)
    {
        _network = network;
        _data = data;
        _parallel = parallel;
        var activation = network.Architecture.Layers[^1].Activation;
        switch (network.Loss)
        {
            // Arg-max over a single output is always 0 for prediction and target alike; a lone output is read as binary.
            case LossKind.CategoricalCrossEntropy when data.OutputCount > 1:
                _reading = Reading.ArgMax;
                _fromLogits = activation is Activation.Softmax or Activation.Linear;
                _targetClasses = data.RowTargetClasses ??= Evaluator.Classes<T>(data.Targets, data.OutputCount);
                _predictedClasses = new int[data.Count];
                break;
            case LossKind.CategoricalCrossEntropy:
            case LossKind.BinaryCrossEntropy:
                // Every output at 0.5 on its own: binary for one output, each label of a multi-label problem otherwise.
                _reading = Reading.EachOutput;
                _fromLogits = activation is Activation.Sigmoid;
                _targetClasses = data.EachTargetClasses ??= Evaluator.Classes<T>(data.Targets, 1);
                _predictedClasses = new int[data.Targets.Length];
                break;
            default:
                _reading = Reading.Regression;
                _targets = data.TargetValues ??= Evaluator.ToDoubles<T>(data.Targets);
                _sums = new double[3 * data.OutputCount];
                break;
        }
    }

    private enum Reading
    {
        ArgMax,
        EachOutput,
        Regression,
    }

    /// <summary>The metrics of one inference pass over the data.</summary>
    public EpochMetrics Evaluate()
    {
        _outputs ??= new T[_data.Count * _data.OutputCount];
        if (_parallel)
        {
            _network.PredictParallel(_data.Inputs, _outputs);
        }
        else
        {
            _network.Predict(_data.Inputs, _outputs);
        }

        switch (_reading)
        {
            case Reading.ArgMax:
                Evaluator.ClassesInto<T>(_outputs, _data.OutputCount, _predictedClasses);
                break;
            case Reading.EachOutput:
                Evaluator.ClassesInto<T>(_outputs, 1, _predictedClasses);
                break;
        }

        return Metrics();
    }

    /// <summary>
    /// Records the predictions of the last update (<see cref="INetwork{T}.ComputeGradients"/> over the samples
    /// <paramref name="rows"/> of the data, in that order) for <see cref="Metrics"/>: their classes, or for regression
    /// their errors against <paramref name="targets"/>, the update's own targets (gathered in the order of
    /// <paramref name="rows"/>). <paramref name="buffer"/> holds at least one batch of outputs.
    /// </summary>
    public void RecordUpdate(ReadOnlySpan<int> rows, ReadOnlySpan<T> targets, T[] buffer)
    {
        var width = _data.OutputCount;
        var batch = buffer.AsSpan(0, rows.Length * width);
        if (_fromLogits)
        {
            _network.GetTrainingLogits(batch);
        }
        else
        {
            _network.GetTrainingOutputs(batch);
        }

        switch (_reading)
        {
            case Reading.ArgMax:
                for (var r = 0; r < rows.Length; r++)
                {
                    _predictedClasses[rows[r]] = Evaluator.ArgMax<T>(batch.Slice(r * width, width));
                }

                break;
            case Reading.EachOutput:
                // A sigmoid is at least 0.5 exactly where its logit is at least 0.
                var threshold = _fromLogits ? 0.0 : 0.5;
                for (var r = 0; r < rows.Length; r++)
                {
                    var row = batch.Slice(r * width, width);
                    var classes = _predictedClasses.AsSpan(rows[r] * width, width);
                    for (var o = 0; o < width; o++)
                    {
                        classes[o] = double.CreateTruncating(row[o]) >= threshold ? 1 : 0;
                    }
                }

                break;
            default:
                // The errors are summed as the updates come, update by update: no outputs kept, no pass after the epoch.
                var (absolute, squared) = ErrorSums(batch, targets);
                _absoluteErrors += absolute;
                _squaredErrors += squared;
                break;
        }
    }

    /// <summary>
    /// Σ|y − t| and Σ(y − t)² over one update's outputs and its targets (the same layout), in double. Four sums of every
    /// fourth value in vectors, then added: one running sum would make each value wait for the last one's addition,
    /// which on a net as small as 2-16-16-1 cost 5 % of an epoch.
    /// </summary>
    private static (double Absolute, double Squared) ErrorSums(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets)
    {
        Vector128<double> absoluteLow = default, absoluteHigh = default, squaredLow = default, squaredHigh = default;
        var i = 0;
        if (typeof(T) == typeof(float))
        {
            var y = MemoryMarshal.Cast<T, float>(outputs);
            var t = MemoryMarshal.Cast<T, float>(targets);
            for (; i <= y.Length - 4; i += 4)
            {
                var output = Vector128.Create(y.Slice(i, 4));
                var target = Vector128.Create(t.Slice(i, 4));
                var low = Vector128.WidenLower(output) - Vector128.WidenLower(target);
                var high = Vector128.WidenUpper(output) - Vector128.WidenUpper(target);
                absoluteLow += Vector128.Abs(low);
                absoluteHigh += Vector128.Abs(high);
                squaredLow += low * low;
                squaredHigh += high * high;
            }
        }
        else if (typeof(T) == typeof(double))
        {
            var y = MemoryMarshal.Cast<T, double>(outputs);
            var t = MemoryMarshal.Cast<T, double>(targets);
            for (; i <= y.Length - 4; i += 4)
            {
                var low = Vector128.Create(y.Slice(i, 2)) - Vector128.Create(t.Slice(i, 2));
                var high = Vector128.Create(y.Slice(i + 2, 2)) - Vector128.Create(t.Slice(i + 2, 2));
                absoluteLow += Vector128.Abs(low);
                absoluteHigh += Vector128.Abs(high);
                squaredLow += low * low;
                squaredHigh += high * high;
            }
        }

        var absoluteLanes = absoluteLow + absoluteHigh;
        var squaredLanes = squaredLow + squaredHigh;
        double absoluteSum = absoluteLanes[0] + absoluteLanes[1], squaredSum = squaredLanes[0] + squaredLanes[1];
        for (; i < outputs.Length; i++)
        {
            var error = double.CreateTruncating(outputs[i]) - double.CreateTruncating(targets[i]);
            absoluteSum += Math.Abs(error);
            squaredSum += error * error;
        }

        return (absoluteSum, squaredSum);
    }

    /// <summary>
    /// The metrics of the updates recorded by <see cref="RecordUpdate"/> since the last call, which must have covered
    /// every sample once: accuracy for the cross-entropies; MAE and variance-weighted R² (null for constant targets)
    /// for the regression losses.
    /// </summary>
    public EpochMetrics UpdateMetrics()
    {
        if (_reading != Reading.Regression)
        {
            return Metrics();
        }

        var metrics = new EpochMetrics(
            null,
            _absoluteErrors / _targets.Length,
            RegressionMetrics.VarianceWeightedOrNull(_squaredErrors, _data.TargetSumOfSquares ??= RegressionMetrics.TotalSumOfSquares(_targets, _data.OutputCount)));
        _absoluteErrors = 0;
        _squaredErrors = 0;
        return metrics;
    }

    /// <summary>
    /// Accuracy for the cross-entropies; MAE and variance-weighted R² (null for constant targets) for the regression
    /// losses: of the predictions recorded last by <see cref="Evaluate"/> (or the classes by <see cref="RecordUpdate"/>).
    /// </summary>
    private EpochMetrics Metrics()
    {
        if (_reading != Reading.Regression)
        {
            return new EpochMetrics(ClassificationMetrics.Accuracy(_targetClasses, _predictedClasses), null, null);
        }

        // The predictions in double for the metrics, in a pooled buffer: an epoch, and after the first a Fit, allocates nothing.
        var buffer = ArrayPool<double>.Shared.Rent(_targets.Length);
        try
        {
            var predictions = buffer.AsSpan(0, _targets.Length);
            Evaluator.ToDoublesInto<T>(_outputs!, predictions);
            return new EpochMetrics(
                null,
                RegressionMetrics.MeanAbsoluteError(_targets, predictions),
                RegressionMetrics.VarianceWeightedOrNull(_targets, predictions, _data.OutputCount, _sums));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }
}
