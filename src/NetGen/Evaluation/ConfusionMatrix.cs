using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Text;

namespace NetGen.Evaluation;

/// <summary>
/// How many samples of each actual class were predicted as each class: row = actual class, column = predicted
/// class, as scikit-learn's <c>confusion_matrix</c>. Immutable.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[] _counts;
    private readonly ReadOnlyCollection<string> _classNames;

    private ConfusionMatrix(ReadOnlyCollection<string> classNames, int[] counts)
    {
        _classNames = classNames;
        _counts = counts;
        Total = counts.Sum();
    }

    /// <summary>Counts the (actual, predicted) pairs of class numbers.</summary>
    /// <param name="actual">The true class of each sample, at least one, each in [0, <c>classNames.Count</c>).</param>
    /// <param name="predicted">The predicted class of each sample, as many as <paramref name="actual"/>, each in range.</param>
    /// <param name="classNames">The name of each class, in class-number order; at least 2, each non-blank and distinct.</param>
    /// <exception cref="ArgumentException">The spans are empty or differ in length, a class number is out of range, or a name is blank or repeated.</exception>
    public static ConfusionMatrix Compute(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, IReadOnlyList<string> classNames)
    {
        var names = ClassNameList.Require(classNames, nameof(classNames));
        ClassificationMetrics.RequireSameLength(actual.Length, predicted.Length, nameof(predicted));
        var classCount = names.Count;
        var counts = new int[classCount * classCount];
        for (var i = 0; i < actual.Length; i++)
        {
            ClassificationMetrics.RequireClass(actual[i], i, classCount, nameof(actual));
            ClassificationMetrics.RequireClass(predicted[i], i, classCount, nameof(predicted));
            counts[(actual[i] * classCount) + predicted[i]]++;
        }

        return new ConfusionMatrix(names, counts);
    }

    /// <summary>The class names, in class-number order: the rows' and the columns' labels.</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>The number of classes.</summary>
    public int ClassCount => _classNames.Count;

    /// <summary>The number of samples.</summary>
    public int Total { get; }

    /// <summary>The number of samples of class <paramref name="actual"/> predicted as class <paramref name="predicted"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class number is outside [0, <see cref="ClassCount"/>).</exception>
    public int this[int actual, int predicted]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)actual, (uint)ClassCount, nameof(actual));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)predicted, (uint)ClassCount, nameof(predicted));
            return _counts[(actual * ClassCount) + predicted];
        }
    }

    /// <summary>The number of samples whose actual class is <paramref name="actual"/> (its support: the row's sum).</summary>
    public int ActualCount(int actual)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)actual, (uint)ClassCount, nameof(actual));
        var sum = 0;
        foreach (var count in _counts.AsSpan(actual * ClassCount, ClassCount))
        {
            sum += count;
        }

        return sum;
    }

    /// <summary>The number of samples predicted as <paramref name="predicted"/> (the column's sum).</summary>
    public int PredictedCount(int predicted)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)predicted, (uint)ClassCount, nameof(predicted));
        var sum = 0;
        for (var row = 0; row < ClassCount; row++)
        {
            sum += _counts[(row * ClassCount) + predicted];
        }

        return sum;
    }

    /// <summary>The counts as a new array, <c>[actual, predicted]</c>.</summary>
    public int[,] ToArray()
    {
        var result = new int[ClassCount, ClassCount];
        for (var row = 0; row < ClassCount; row++)
        {
            for (var column = 0; column < ClassCount; column++)
            {
                result[row, column] = _counts[(row * ClassCount) + column];
            }
        }

        return result;
    }

    /// <summary>The matrix as a text table: one row per actual class, one column per predicted class, with the names.</summary>
    /// <example>
    /// <code>
    /// actual \ predicted  setosa  versicolor  virginica
    ///             setosa      10           0          0
    ///         versicolor       0           9          1
    ///          virginica       0           0         10
    /// </code>
    /// </example>
    public override string ToString()
    {
        const string Corner = "actual \\ predicted";
        var rowWidth = Math.Max(Corner.Length, _classNames.Max(n => n.Length));
        var columnWidths = new int[ClassCount];
        for (var column = 0; column < ClassCount; column++)
        {
            var widest = _classNames[column].Length;
            for (var row = 0; row < ClassCount; row++)
            {
                widest = Math.Max(widest, this[row, column].ToString(CultureInfo.InvariantCulture).Length);
            }

            columnWidths[column] = widest;
        }

        var text = new StringBuilder();
        text.Append(Corner.PadLeft(rowWidth));
        for (var column = 0; column < ClassCount; column++)
        {
            text.Append("  ").Append(_classNames[column].PadLeft(columnWidths[column]));
        }

        for (var row = 0; row < ClassCount; row++)
        {
            text.Append('\n').Append(_classNames[row].PadLeft(rowWidth));
            for (var column = 0; column < ClassCount; column++)
            {
                text.Append("  ").Append(this[row, column].ToString(CultureInfo.InvariantCulture).PadLeft(columnWidths[column]));
            }
        }

        return text.ToString();
    }
}
