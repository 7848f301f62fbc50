using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using NetGen.Data;

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
/// Builds <see cref="TrainingData{T}"/> for <see cref="float"/> networks from a <see cref="TabularDataSet"/>. The
/// choice of targets stays explicit: the raw target column (one output) or one-hot class vectors.
/// </summary>
public static class TrainingData
{
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
