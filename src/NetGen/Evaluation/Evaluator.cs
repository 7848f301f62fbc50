using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NetGen.Data;
using NetGen.Training;

namespace NetGen.Evaluation;

/// <summary>
/// Scores a trained network on a data set, as Keras' <c>model.evaluate</c> or ML.NET's <c>Evaluate</c>:
/// <c>network.Evaluate(test)</c> gives the loss and the metrics of the kind of problem its loss declares.
/// </summary>
/// <remarks>
/// <para>
/// <b>How outputs become classes.</b> One output (a sigmoid under binary cross-entropy, or a lone output under
/// categorical cross-entropy) is binary: class 1 when the output is at least 0.5, and the output is the score of
/// class 1 for ROC-AUC. Several outputs (a softmax) are multi-class: the class is the arg-max of the row (the first
/// on a tie). Targets are read the same way, so one-hot rows and 0/1 targets give their class.
/// </para>
/// <para>
/// Binary cross-entropy over several outputs is multi-label: <see cref="Evaluate{T}"/> then reports the loss only
/// (<see cref="EvaluationReport.Classification"/> is <see langword="null"/>).
/// </para>
/// </remarks>
public static class Evaluator
{
    /// <summary>
    /// Predicts every sample of <paramref name="data"/> and scores the predictions by the network's loss: a
    /// <see cref="ClassificationReport"/> for the cross-entropies, a <see cref="RegressionReport"/> for the others,
    /// with the loss itself in inference mode.
    /// </summary>
    /// <typeparam name="T">The network's number type.</typeparam>
    /// <param name="network">The trained network.</param>
    /// <param name="data">The samples to score, with the network's input and output counts.</param>
    /// <param name="classNames">
    /// The class names for the report (2 for one output, else one per output); <see langword="null"/> takes
    /// <see cref="TrainingData{T}.ClassNames"/>, and without those the class numbers.
    /// </param>
    /// <param name="parallel">Whether to predict on every core (<see cref="Parallelism.PredictParallel{T}"/>).</param>
    /// <param name="targetScaler">
    /// For regression on targets standardized by a <see cref="TargetScaler"/>: that scaler, so that the regression
    /// metrics are in the targets' own units (targets and predictions are transformed back first). The loss stays the
    /// network's, on the scaled targets.
    /// </param>
    /// <exception cref="ArgumentException">
    /// <paramref name="data"/> does not match the network's input or output count, <paramref name="classNames"/> does
    /// not name each class once, or <paramref name="targetScaler"/> has another number of targets.
    /// </exception>
    public static EvaluationReport Evaluate<T>(this INetwork<T> network, TrainingData<T> data, IReadOnlyList<string>? classNames = null, bool parallel = false, TargetScaler? targetScaler = null)
        where T : unmanaged, INumberBase<T>
    {
        RequireMatching(network, data);
        var outputs = new T[data.Count * data.OutputCount];
        if (parallel)
        {
            network.PredictParallel(data.Inputs, outputs);
        }
        else
        {
            network.Predict(data.Inputs, outputs);
        }

        var loss = double.CreateTruncating(network.ComputeLoss(data.Inputs, data.Targets));
        return network.Loss switch
        {
            LossKind.CategoricalCrossEntropy => new EvaluationReport(loss, Classify(outputs, data, classNames), null),
            LossKind.BinaryCrossEntropy when data.OutputCount == 1 => new EvaluationReport(loss, Classify(outputs, data, classNames), null),
            LossKind.BinaryCrossEntropy => new EvaluationReport(loss, null, null),
            _ => new EvaluationReport(loss, null, Regress(outputs, data, targetScaler)),
        };
    }

    /// <summary>
    /// Scores any predictor as a classifier (one output: binary at 0.5; several: arg-max), for models without a
    /// declared loss such as a loaded <see cref="IPredictor{T}"/>.
    /// </summary>
    /// <inheritdoc cref="Evaluate{T}"/>
    /// <param name="predictor">The model.</param>
    /// <param name="data">The samples to score, with the predictor's input and output counts.</param>
    /// <param name="classNames">As in <see cref="Evaluate{T}"/>.</param>
    public static ClassificationReport EvaluateClassification<T>(this IPredictor<T> predictor, TrainingData<T> data, IReadOnlyList<string>? classNames = null)
        where T : unmanaged, INumberBase<T>
    {
        RequireMatching(predictor, data);
        var outputs = new T[data.Count * data.OutputCount];
        predictor.Predict(data.Inputs, outputs);
        return Classify(outputs, data, classNames);
    }

    /// <summary>Scores any predictor as a regression: MSE, RMSE, MAE and R², over all outputs and per output.</summary>
    /// <typeparam name="T">The predictor's number type.</typeparam>
    /// <param name="predictor">The model.</param>
    /// <param name="data">The samples to score, with the predictor's input and output counts.</param>
    /// <param name="targetScaler">As in <see cref="Evaluate{T}"/>: the scaler of the targets, for metrics in their own units.</param>
    /// <exception cref="ArgumentException"><paramref name="data"/> does not match the predictor, or <paramref name="targetScaler"/> has another number of targets.</exception>
    public static RegressionReport EvaluateRegression<T>(this IPredictor<T> predictor, TrainingData<T> data, TargetScaler? targetScaler = null)
        where T : unmanaged, INumberBase<T>
    {
        RequireMatching(predictor, data);
        var outputs = new T[data.Count * data.OutputCount];
        predictor.Predict(data.Inputs, outputs);
        return Regress(outputs, data, targetScaler);
    }

    /// <summary>The class of each row of outputs or targets: at least 0.5 for one column, the arg-max (first on a tie) for several.</summary>
    internal static int[] Classes<T>(ReadOnlySpan<T> values, int width)
        where T : unmanaged, INumberBase<T>
    {
        var result = new int[values.Length / width];
        ClassesInto(values, width, result);
        return result;
    }

    /// <summary>As <see cref="Classes{T}"/>, into <paramref name="destination"/> (one per row), allocating nothing.</summary>
    internal static void ClassesInto<T>(ReadOnlySpan<T> values, int width, Span<int> destination)
        where T : unmanaged, INumberBase<T>
    {
        for (var s = 0; s < destination.Length; s++)
        {
            var row = values.Slice(s * width, width);
            if (width == 1)
            {
                destination[s] = double.CreateTruncating(row[0]) >= 0.5 ? 1 : 0;
                continue;
            }

            destination[s] = ArgMax(row);
        }
    }

    /// <summary>The index of the first of the largest values of <paramref name="row"/> (no value is larger than a NaN before it, nor a NaN larger than any).</summary>
    internal static int ArgMax<T>(ReadOnlySpan<T> row)
        where T : unmanaged, INumberBase<T>
    {
        // Training metrics take the arg-max of every sample's outputs in every epoch: floats, the usual case, get a
        // vector pass. A compare-and-select loop compiles to branches on the values, which follow no pattern.
        if (typeof(T) == typeof(float) && Vector128.IsHardwareAccelerated && row.Length >= 2)
        {
            var floats = MemoryMarshal.Cast<T, float>(row);
            var found = floats.Length >= Vector128<float>.Count ? ArgMaxOfFloats(floats) : ArgMaxOfFewFloats(floats);
            if (found >= 0)
            {
                return found;
            }
        }

        return ArgMaxWithNaN(row);
    }

    /// <summary>The first of the largest of 2 or 3 floats; −1 when one is NaN (the scalar loop decides then).</summary>
    private static int ArgMaxOfFewFloats(ReadOnlySpan<float> row)
    {
        // One vector of the values, filled up with copies of the first and the last: a copy never comes before the
        // value it copies, so the first lane that holds the largest is the answer.
        var values = Vector128.Create(row[0], row[1], row[^1], row[0]);
        if (Vector128.Equals(values, values).ExtractMostSignificantBits() != 0b1111)
        {
            return -1;
        }

        var largest = Vector128.Max(values, Vector128.Shuffle(values, Vector128.Create(2, 3, 0, 1)));
        largest = Vector128.Max(largest, Vector128.Shuffle(largest, Vector128.Create(1, 0, 3, 2)));
        return BitOperations.TrailingZeroCount(Vector128.Equals(values, largest).ExtractMostSignificantBits());
    }

    /// <summary>The first of the largest of at least 4 floats; −1 when one is NaN (the scalar loop decides then).</summary>
    private static int ArgMaxOfFloats(ReadOnlySpan<float> row)
    {
        // Every 4 floats, the last 4 of the row overlapping the ones before when the length is not a multiple of 4: the
        // largest of each lane, then of the lanes, then the first place that holds it.
        ref var first = ref MemoryMarshal.GetReference(row);
        var last = (nuint)(row.Length - Vector128<float>.Count);
        var values = Vector128.LoadUnsafe(ref first, last);
        var largest = values;
        var ordered = Vector128.Equals(values, values);
        for (nuint i = 0; i < last; i += 4)
        {
            values = Vector128.LoadUnsafe(ref first, i);
            largest = Vector128.Max(largest, values);
            ordered &= Vector128.Equals(values, values);
        }

        if (ordered.ExtractMostSignificantBits() != 0b1111)
        {
            return -1;
        }

        largest = Vector128.Max(largest, Vector128.Shuffle(largest, Vector128.Create(2, 3, 0, 1)));
        largest = Vector128.Max(largest, Vector128.Shuffle(largest, Vector128.Create(1, 0, 3, 2)));
        for (nuint i = 0; i < last; i += 4)
        {
            if (Vector128.Equals(Vector128.LoadUnsafe(ref first, i), largest).ExtractMostSignificantBits() is var equal and not 0)
            {
                return (int)i + BitOperations.TrailingZeroCount(equal);
            }
        }

        // The largest is one of the values: when it is not before the last 4, it is among them.
        return (int)last + BitOperations.TrailingZeroCount(Vector128.Equals(Vector128.LoadUnsafe(ref first, last), largest).ExtractMostSignificantBits());
    }

    private static int ArgMaxWithNaN<T>(ReadOnlySpan<T> row)
        where T : unmanaged, INumberBase<T>
    {
        var best = 0;
        var largest = double.CreateTruncating(row[0]);
        for (var i = 1; i < row.Length; i++)
        {
            var value = double.CreateTruncating(row[i]);
            if (value > largest)
            {
                best = i;
                largest = value;
            }
        }

        return best;
    }

    internal static double[] ToDoubles<T>(ReadOnlySpan<T> values)
        where T : unmanaged, INumberBase<T>
    {
        var result = new double[values.Length];
        ToDoublesInto(values, result);
        return result;
    }

    internal static void ToDoublesInto<T>(ReadOnlySpan<T> values, Span<double> destination)
        where T : unmanaged, INumberBase<T>
    {
        for (var i = 0; i < values.Length; i++)
        {
            destination[i] = double.CreateTruncating(values[i]);
        }
    }

    private static ClassificationReport Classify<T>(T[] outputs, TrainingData<T> data, IReadOnlyList<string>? classNames)
        where T : unmanaged, INumberBase<T>
    {
        var classCount = data.OutputCount == 1 ? 2 : data.OutputCount;
        var names = classNames is not null ? ClassNameList.Require(classNames, nameof(classNames), classCount)
            : data.ClassNames ?? ClassNameList.Numbers(classCount);
        return ClassificationReport.Compute(
            Classes<T>(data.Targets, data.OutputCount), Classes<T>(outputs, data.OutputCount), names, ToDoubles<T>(outputs));
    }

    private static RegressionReport Regress<T>(T[] outputs, TrainingData<T> data, TargetScaler? targetScaler)
        where T : unmanaged, INumberBase<T>
    {
        var targets = ToDoubles<T>(data.Targets);
        var predictions = ToDoubles<T>(outputs);
        if (targetScaler is not null)
        {
            if (targetScaler.TargetNames.Count != data.OutputCount)
            {
                throw new ArgumentException(
                    $"The target scaler was fitted on {targetScaler.TargetNames.Count} targets ('{string.Join("', '", targetScaler.TargetNames)}'), but the data has {data.OutputCount} outputs.",
                    nameof(targetScaler));
            }

            targetScaler.InverseTransformInPlace(targets);
            targetScaler.InverseTransformInPlace(predictions);
        }

        return RegressionReport.Compute(targets, predictions, data.OutputCount, data.OutputNames ?? targetScaler?.TargetNames);
    }

    private static void RequireMatching<T>(IPredictor<T> predictor, TrainingData<T> data)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputCount != predictor.InputCount || data.OutputCount != predictor.OutputCount)
        {
            throw new ArgumentException(
                $"The data has {data.InputCount} inputs and {data.OutputCount} outputs per sample, but the network takes {predictor.InputCount} inputs and gives {predictor.OutputCount} outputs.",
                nameof(data));
        }
    }
}
