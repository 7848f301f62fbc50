using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using NetGen.Data;
using NetGen.Evaluation;

namespace NetGen.Training;

/// <summary>
/// Samples for training or validation: inputs and targets, each row-major with <see cref="InputCount"/> and
/// <see cref="OutputCount"/> values per sample. The arrays are used as given, not copied.
/// </summary>
/// <remarks>
/// The values are checked once, when the data is built: every input and target must be finite, since one NaN or
/// infinity makes every weight NaN in a single update. <see cref="Trainer.Fit{T}"/> also checks once, the first time
/// it meets the data with a network's loss, that the targets are what that loss expects (docs/training.md). Changing
/// the arrays afterwards is the caller's responsibility.
/// </remarks>
public sealed class TrainingData<T>
    where T : unmanaged
{
    // The losses whose target rules these targets were found to keep, one bit per LossKind: checked once, not per Fit.
    private int _checkedLosses;

    // The class of each target row (its arg-max) and of each target (at 0.5), and the targets in double, for the epoch
    // metrics: computed by the first Fit that needs them, not per Fit (the arrays are the data's, as the remarks say).
    // Never written after.
    internal int[]? RowTargetClasses { get; set; }

    internal int[]? EachTargetClasses { get; set; }

    internal double[]? TargetValues { get; set; }

    // Σ over every target of (t − its output's mean)², the denominator of the epoch records' R².
    internal double? TargetSumOfSquares { get; set; }
    private readonly IReadOnlyList<string>? _classNames;
    private readonly IReadOnlyList<string>? _outputNames;

    /// <summary>Pairs <paramref name="inputs"/> with <paramref name="targets"/>, checking that they describe the same samples.</summary>
    /// <exception cref="ArgumentException">
    /// The arrays do not hold the same number of whole samples (at least one), or a value is NaN or infinite (the
    /// message names its row and column).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputCount"/> or <paramref name="outputCount"/> is below 1.</exception>
    public TrainingData(T[] inputs, T[] targets, int inputCount, int outputCount)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputCount, 1);
        Count = NetworkArguments.CountSamples(inputs.Length, inputCount, nameof(inputs), targets.Length, outputCount, nameof(targets));
        RequireFinite(inputs, inputCount, nameof(inputs));
        RequireFinite(targets, outputCount, nameof(targets));
        Inputs = inputs;
        Targets = targets;
        InputCount = inputCount;
        OutputCount = outputCount;
    }

    /// <summary>The inputs, <see cref="InputCount"/> per sample.</summary>
    public T[] Inputs { get; }

    /// <summary>The targets, <see cref="OutputCount"/> per sample.</summary>
    public T[] Targets { get; }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>Values per input sample.</summary>
    public int InputCount { get; }

    /// <summary>Values per target.</summary>
    public int OutputCount { get; }

    /// <summary>
    /// The name of each class in class-number order, for reports and predictions (<see cref="Evaluation.Evaluator"/>);
    /// <see langword="null"/> when the classes have no names. Set by <see cref="TrainingData.ForClassification{T}(TabularDataSet)"/>.
    /// </summary>
    /// <remarks>One output is binary, so it has 2 class names; several outputs have one per output.</remarks>
    /// <exception cref="ArgumentException">On init: the names are not one per class, or one is blank or repeated.</exception>
    public IReadOnlyList<string>? ClassNames
    {
        get => _classNames;
        init => _classNames = value is null ? null : ClassNameList.Require(value, nameof(ClassNames), OutputCount == 1 ? 2 : OutputCount);
    }

    /// <summary>
    /// The name of each output, for regression reports; <see langword="null"/> when they have none. Set by
    /// <see cref="TrainingData.ForRegression{T}(TabularDataSet)"/> to the target columns' names.
    /// </summary>
    /// <exception cref="ArgumentException">On init: the names are not one per output.</exception>
    public IReadOnlyList<string>? OutputNames
    {
        get => _outputNames;
        init
        {
            if (value is not null && value.Count != OutputCount)
            {
                throw new ArgumentException($"Expected {OutputCount} output names, one per output, but got {value.Count}.", nameof(OutputNames));
            }

            _outputNames = value is null ? null : Array.AsReadOnly(value.ToArray());
        }
    }

    /// <summary>
    /// The name of the class a prediction stands for: one output is binary (class 1 at 0.5 or more), several are the
    /// scores of each class (the arg-max, the first on a tie).
    /// </summary>
    /// <param name="prediction">One row of the network's outputs, <see cref="OutputCount"/> values.</param>
    /// <returns>The class's name from <see cref="ClassNames"/>, or its number as text when the classes have no names.</returns>
    /// <exception cref="ArgumentException"><paramref name="prediction"/> does not hold <see cref="OutputCount"/> values.</exception>
    public string ClassNameOf(ReadOnlySpan<T> prediction)
    {
        if (prediction.Length != OutputCount)
        {
            throw new ArgumentException($"Expected one row of {OutputCount} outputs, but the prediction has {prediction.Length} values.", nameof(prediction));
        }

        var index = ClassOf(prediction);
        return _classNames?[index] ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int ClassOf(ReadOnlySpan<T> row)
    {
        if (row.Length == 1)
        {
            return ToDouble(row[0]) >= 0.5 ? 1 : 0;
        }

        var best = 0;
        for (var i = 1; i < row.Length; i++)
        {
            best = ToDouble(row[i]) > ToDouble(row[best]) ? i : best;
        }

        return best;
    }

    /// <summary>
    /// Checks, once per loss, that the targets are what <paramref name="loss"/> expects: values in [0, 1] for binary
    /// cross-entropy, rows that are one-hot or a probability distribution (values in [0, 1] summing to 1) for
    /// categorical cross-entropy with more than one output; any finite value for the regression losses.
    /// </summary>
    /// <exception cref="ArgumentException">A target breaks the rule (parameter <paramref name="name"/>; the message names its row and column).</exception>
    internal void RequireTargetsFor(LossKind loss, string name)
    {
        var bit = 1 << (int)loss;
        if ((Volatile.Read(ref _checkedLosses) & bit) != 0 || (typeof(T) != typeof(float) && typeof(T) != typeof(double)))
        {
            return;
        }

        switch (loss)
        {
            case LossKind.BinaryCrossEntropy:
            case LossKind.CategoricalCrossEntropy when OutputCount == 1:
                RequireProbabilities(loss, name, rowsSumToOne: false);
                break;
            case LossKind.CategoricalCrossEntropy:
                RequireProbabilities(loss, name, rowsSumToOne: true);
                break;
        }

        Interlocked.Or(ref _checkedLosses, bit);
    }

    private void RequireProbabilities(LossKind loss, string name, bool rowsSumToOne)
    {
        var lossName = loss == LossKind.BinaryCrossEntropy ? "binary cross-entropy" : "categorical cross-entropy";
        for (var row = 0; row < Count; row++)
        {
            var sum = 0.0;
            for (var column = 0; column < OutputCount; column++)
            {
                var value = ToDouble(Targets[(row * OutputCount) + column]);
                if (!(value >= 0 && value <= 1))
                {
                    throw new ArgumentException(
                        rowsSumToOne
                            ? $"Target row {row}, column {column} (0-based) is {Format(value)}, but {lossName} needs every target row to be one-hot or a probability distribution over the {OutputCount} outputs (values in [0, 1] summing to 1)."
                            : $"Target row {row}, column {column} (0-based) is {Format(value)}, but {lossName} needs every target in [0, 1] (0 or 1 for the two classes, or a probability).",
                        name);
                }

                sum += value;
            }

            // Float rounding of a distribution's values moves their sum by about 1e-7; 1e-4 leaves room for it and
            // still catches rows such as [1, 1, 0] or all zeros, for which the loss and its gradient mean nothing.
            if (rowsSumToOne && !(Math.Abs(sum - 1) <= 1e-4))
            {
                throw new ArgumentException(
                    $"Target row {row} (0-based) sums to {Format(sum)}, but {lossName} needs every target row to be one-hot or a probability distribution over the {OutputCount} outputs (values in [0, 1] summing to 1).",
                    name);
            }
        }
    }

    private static void RequireFinite(T[] values, int width, string name)
    {
        var index = FirstNonFinite(values);
        if (index >= 0)
        {
            throw new ArgumentException(
                $"Row {index / width}, column {index % width} of {name} (0-based) is {Format(ToDouble(values[index]))}; every value must be a finite number (one NaN or infinity makes every weight NaN in a single update).",
                name);
        }
    }

    /// <summary>The index of the first NaN or infinity, or −1; networks are float or double, other types are not checked.</summary>
    private static int FirstNonFinite(T[] values)
    {
        if (typeof(T) == typeof(float))
        {
            var floats = MemoryMarshal.Cast<T, float>(values);
            for (var i = 0; i < floats.Length; i++)
            {
                if (!float.IsFinite(floats[i]))
                {
                    return i;
                }
            }
        }
        else if (typeof(T) == typeof(double))
        {
            var doubles = MemoryMarshal.Cast<T, double>(values);
            for (var i = 0; i < doubles.Length; i++)
            {
                if (!double.IsFinite(doubles[i]))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private static double ToDouble(T value) =>
        typeof(T) == typeof(float) ? Unsafe.As<T, float>(ref value) : Unsafe.As<T, double>(ref value);

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Builds <see cref="TrainingData{T}"/> from a <see cref="TabularDataSet"/>: <see cref="ForClassification{T}(TabularDataSet)"/>
/// and <see cref="ForRegression{T}(TabularDataSet)"/> for networks of either precision, or, for <see cref="float"/>
/// networks with the targets chosen explicitly, <see cref="WithRawTargets"/> and <see cref="WithOneHotTargets"/>.
/// </summary>
public static class TrainingData
{
    /// <summary>
    /// Training data for a classifier, the targets shaped for its output layer: 2 classes give one output with targets
    /// 0 and 1 (a sigmoid under binary cross-entropy); more give one-hot rows of one output per class (a softmax under
    /// categorical cross-entropy). <see cref="TrainingData{T}.ClassNames"/> carries the class names to the reports.
    /// </summary>
    /// <remarks>
    /// The class count is the number of <see cref="TabularDataSet.ClassNames"/> for a column of labels, else one more
    /// than the largest class number. A test set may lack the largest class: pass the training set's count to
    /// <see cref="ForClassification{T}(TabularDataSet, int)"/>. For a softmax over 2 classes use
    /// <see cref="ForClassification{T}(TabularDataSet, int, bool)"/> with <c>oneHot: true</c>.
    /// </remarks>
    /// <typeparam name="T">The network's number type, <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">The data set, one target column of class numbers or labels.</param>
    /// <exception cref="ArgumentException">The data set has several target columns, a target is not a class number, or there are fewer than 2 classes.</exception>
    public static TrainingData<T> ForClassification<T>(TabularDataSet data)
        where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        RequireOneTarget(data);
        var classCount = data.ClassNames?.Count ?? (int)Math.Min(int.MaxValue, Math.Max(0, data.Targets.Max()) + 1);
        if (classCount < 2)
        {
            throw new ArgumentException(
                $"Only class 0 occurs in '{data.TargetName}'; classification needs at least 2 classes. Pass the class count when the data holds fewer classes than the problem.",
                nameof(data));
        }

        return ForClassification<T>(data, classCount);
    }

    /// <summary>Training data for a classifier of <paramref name="classCount"/> classes: one 0/1 output for 2, one-hot rows otherwise.</summary>
    /// <inheritdoc cref="ForClassification{T}(TabularDataSet)"/>
    /// <param name="data">The data set, one target column of class numbers or labels.</param>
    /// <param name="classCount">The number of classes, at least 2 (and <see cref="TabularDataSet.ClassNames"/>' count when the data has names).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is below 2.</exception>
    public static TrainingData<T> ForClassification<T>(TabularDataSet data, int classCount)
        where T : unmanaged, INumberBase<T> =>
        ForClassification<T>(data, classCount, oneHot: classCount > 2);

    /// <summary>
    /// Training data for a classifier of <paramref name="classCount"/> classes, with one-hot targets or not as
    /// <paramref name="oneHot"/> says (one 0/1 output is possible for 2 classes only).
    /// </summary>
    /// <inheritdoc cref="ForClassification{T}(TabularDataSet, int)"/>
    /// <param name="data">The data set, one target column of class numbers or labels.</param>
    /// <param name="classCount">The number of classes, at least 2.</param>
    /// <param name="oneHot"><see langword="true"/> for one output per class; <see langword="false"/> for a single 0/1 output (2 classes).</param>
    public static TrainingData<T> ForClassification<T>(TabularDataSet data, int classCount, bool oneHot)
        where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        RequireOneTarget(data);
        if (data.ClassNames is { } names && names.Count != classCount)
        {
            throw new ArgumentException(
                $"The data set has {names.Count} class names ('{string.Join("', '", names)}'), but {classCount} classes were asked for.", nameof(classCount));
        }

        if (!oneHot && classCount != 2)
        {
            throw new ArgumentException($"A single 0/1 output stands for 2 classes, but there are {classCount}; use one-hot targets.", nameof(oneHot));
        }

        // OneHot checks that every target is a class number below classCount, with a message that names the row.
        var oneHotTargets = data.OneHot(classCount);
        var targets = oneHot ? Convert<T>(oneHotTargets) : Convert<T>(data.Targets);
        return new TrainingData<T>(Convert<T>(data.Features), targets, data.FeatureCount, oneHot ? classCount : 1)
        {
            ClassNames = data.ClassNames ?? Enumerable.Range(0, classCount).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        };
    }

    /// <summary>
    /// Training data for regression: the features, and every target column as an output
    /// (<see cref="TrainingData{T}.OutputNames"/> are their names). Scale the targets first with
    /// <see cref="TargetScaler"/> when their values are far from 1.
    /// </summary>
    /// <typeparam name="T">The network's number type, <see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">The data set; its values are copied (converted to <typeparamref name="T"/>).</param>
    /// <exception cref="ArgumentException">The targets are class labels (<see cref="TabularDataSet.ClassNames"/> is not <see langword="null"/>).</exception>
    public static TrainingData<T> ForRegression<T>(TabularDataSet data)
        where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ClassNames is { } names)
        {
            throw new ArgumentException(
                $"The target column '{data.TargetName}' holds class labels ('{string.Join("', '", names)}'); use ForClassification for them.", nameof(data));
        }

        return new TrainingData<T>(Convert<T>(data.Features), Convert<T>(data.Targets), data.FeatureCount, data.TargetCount)
        {
            OutputNames = data.TargetNames,
        };
    }

    private static void RequireOneTarget(TabularDataSet data)
    {
        if (data.TargetCount != 1)
        {
            throw new ArgumentException(
                $"Classification needs one target column, but the data set has {data.TargetCount} ('{string.Join("', '", data.TargetNames)}').", nameof(data));
        }
    }

    private static T[] Convert<T>(float[] values)
        where T : unmanaged, INumberBase<T>
    {
        if (typeof(T) == typeof(float))
        {
            return (T[])(object)values.Clone();
        }

        var result = new T[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = T.CreateChecked(values[i]);
        }

        return result;
    }

    /// <summary>
    /// The features with the raw target column as the single output of each sample: for regression, and for binary
    /// classification with one sigmoid output (targets 0 and 1).
    /// </summary>
    /// <param name="data">The data set; its arrays are used as they are, not copied.</param>
    public static TrainingData<float> WithRawTargets(TabularDataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new TrainingData<float>(data.Features, data.Targets, data.FeatureCount, 1);
    }

    /// <summary>
    /// The features with each class number expanded to a one-hot vector of <paramref name="classCount"/> outputs
    /// (<see cref="TabularDataSet.OneHot"/>): for a softmax output trained with categorical cross-entropy.
    /// </summary>
    /// <param name="data">The data set; its features are used as they are, the one-hot targets are a new array.</param>
    /// <param name="classCount">The number of classes, the network's output count.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A target is not an integer in [0, <paramref name="classCount"/>).</exception>
    public static TrainingData<float> WithOneHotTargets(TabularDataSet data, int classCount)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new TrainingData<float>(data.Features, data.OneHot(classCount), data.FeatureCount, classCount);
    }
}
