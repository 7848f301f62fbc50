using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace NetGen.Evaluation;

/// <summary>Precision, recall and F1 of one class (one row of scikit-learn's <c>classification_report</c>).</summary>
/// <param name="Name">The class's name.</param>
/// <param name="Precision">Of the samples predicted as this class, the share that are: TP / (TP + FP); 0 when the class is never predicted.</param>
/// <param name="Recall">Of the samples of this class, the share predicted as it: TP / (TP + FN); 0 when the class does not occur.</param>
/// <param name="F1">The harmonic mean of precision and recall, 2·TP / (2·TP + FP + FN); 0 when both are 0.</param>
/// <param name="Support">The number of samples of this class.</param>
public sealed record ClassMetrics(string Name, double Precision, double Recall, double F1, int Support);

/// <summary>Precision, recall and F1 averaged over the classes.</summary>
/// <param name="Precision">The averaged precision.</param>
/// <param name="Recall">The averaged recall.</param>
/// <param name="F1">The averaged F1 (the average of the classes' F1, not the F1 of the averages, as scikit-learn).</param>
/// <param name="Support">The number of samples.</param>
public sealed record AveragedMetrics(double Precision, double Recall, double F1, int Support);

/// <summary>
/// How well a classifier did on a data set: accuracy, per-class precision, recall and F1 with their macro and weighted
/// averages, ROC-AUC (binary), log loss and the confusion matrix. <see cref="ToString"/> prints it as scikit-learn's
/// <c>classification_report</c> does, followed by the other metrics and the confusion matrix.
/// </summary>
/// <param name="ClassNames">The class names, in class-number order.</param>
/// <param name="Accuracy">The share of samples whose predicted class is the actual one.</param>
/// <param name="PerClass">Precision, recall, F1 and support of each class, in class-number order.</param>
/// <param name="MacroAverage">The unweighted mean over the classes (every class counts the same, also one with no samples).</param>
/// <param name="WeightedAverage">The mean over the classes weighted by their support.</param>
/// <param name="RocAuc">
/// The area under the ROC curve of a binary classifier, from its output as the score of class 1; <see langword="null"/>
/// with more than two classes, or when only one class occurs in the data (it is not defined then).
/// </param>
/// <param name="LogLoss">
/// The mean cross-entropy of the true classes under the outputs read as probabilities (clipped as
/// <see cref="ClassificationMetrics.LogLossEpsilon"/> says); <see langword="null"/> when an output is outside [0, 1]
/// and so is not a probability.
/// </param>
/// <param name="ConfusionMatrix">Counts of (actual, predicted) classes: rows actual, columns predicted.</param>
public sealed record ClassificationReport(
    IReadOnlyList<string> ClassNames,
    double Accuracy,
    IReadOnlyList<ClassMetrics> PerClass,
    AveragedMetrics MacroAverage,
    AveragedMetrics WeightedAverage,
    double? RocAuc,
    double? LogLoss,
    ConfusionMatrix ConfusionMatrix)
{
    /// <summary>The number of samples.</summary>
    public int Count => ConfusionMatrix.Total;

    /// <summary>
    /// Scores predicted classes against actual ones, and, when given, the outputs as class probabilities or scores.
    /// </summary>
    /// <param name="actual">The true class of each sample, at least one.</param>
    /// <param name="predicted">The predicted class of each sample.</param>
    /// <param name="classNames">The class names in class-number order, at least 2.</param>
    /// <param name="probabilities">
    /// Optional: for 2 classes either one value per sample (the score or probability of class 1) or two; for more, one
    /// row of <c>classNames.Count</c> probabilities per sample. Gives <see cref="RocAuc"/> (binary) and <see cref="LogLoss"/>.
    /// </param>
    /// <exception cref="ArgumentException">The lengths do not match, a class number is out of range, or the class names are not valid.</exception>
    public static ClassificationReport Compute(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, IReadOnlyList<string> classNames, ReadOnlySpan<double> probabilities = default)
    {
        var matrix = ConfusionMatrix.Compute(actual, predicted, classNames);
        var (perClass, macro, weighted) = ClassificationMetrics.PrecisionRecallF1(matrix);
        var classCount = matrix.ClassCount;
        double? rocAuc = null, logLoss = null;
        if (!probabilities.IsEmpty)
        {
            var binaryScores = classCount == 2 && probabilities.Length == actual.Length;
            if (!binaryScores && probabilities.Length != actual.Length * classCount)
            {
                throw new ArgumentException(
                    $"Expected {actual.Length * classCount} probabilities ({classCount} per sample){(classCount == 2 ? $" or {actual.Length} (one score of class 1 per sample)" : "")}, but got {probabilities.Length}.",
                    nameof(probabilities));
            }

            if (classCount == 2)
            {
                var scores = binaryScores ? probabilities.ToArray() : Column(probabilities, 1, 2);
                var bothOccur = matrix.ActualCount(0) > 0 && matrix.ActualCount(1) > 0;
                rocAuc = bothOccur ? ClassificationMetrics.RocAuc(actual, scores) : null;
                logLoss = ClassificationMetrics.AreProbabilities(probabilities) ? ClassificationMetrics.LogLoss(actual, scores) : null;
            }
            else
            {
                logLoss = ClassificationMetrics.AreProbabilities(probabilities) ? ClassificationMetrics.LogLoss(actual, probabilities, classCount) : null;
            }
        }

        return new ClassificationReport(matrix.ClassNames, ClassificationMetrics.Accuracy(actual, predicted), perClass, macro, weighted, rocAuc, logLoss, matrix);
    }

    /// <summary>The classification report as scikit-learn prints it (two decimals), then ROC-AUC and log loss (when known) and the confusion matrix.</summary>
    /// <example>
    /// <code>
    ///               precision    recall  f1-score   support
    ///
    ///      class 0       0.50      1.00      0.67         1
    ///      class 1       0.00      0.00      0.00         1
    ///      class 2       1.00      0.67      0.80         3
    ///
    ///     accuracy                           0.60         5
    ///    macro avg       0.50      0.56      0.49         5
    /// weighted avg       0.70      0.60      0.61         5
    /// </code>
    /// </example>
    public override string ToString()
    {
        var text = new StringBuilder(ToTable(digits: 2).TrimEnd('\n'));
        if (RocAuc is not null || LogLoss is not null)
        {
            text.Append('\n');
        }

        if (RocAuc is { } auc)
        {
            text.Append('\n').Append("ROC-AUC: ").Append(Text.Fixed(auc, 4));
        }

        if (LogLoss is { } loss)
        {
            text.Append('\n').Append("log loss: ").Append(Text.Fixed(loss, 4));
        }

        text.Append("\n\n").Append(ConfusionMatrix.ToString());
        return text.ToString();
    }

    /// <summary>The per-class table alone, exactly as scikit-learn's <c>classification_report(…, digits)</c> prints it.</summary>
    /// <param name="digits">The decimals of each value, 0 to 10.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="digits"/> is outside [0, 10].</exception>
    public string ToTable(int digits = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 10);
        const string WeightedAverageLabel = "weighted avg";
        var width = Math.Max(Math.Max(WeightedAverageLabel.Length, digits), ClassNames.Max(n => n.Length));
        var text = new StringBuilder();
        text.Append(new string(' ', width)).Append(' ');
        foreach (var heading in new[] { "precision", "recall", "f1-score", "support" })
        {
            text.Append(' ').Append(heading.PadLeft(9));
        }

        text.Append("\n\n");
        foreach (var row in PerClass)
        {
            AppendRow(text, row.Name, width, digits, row.Precision, row.Recall, row.F1, row.Support);
        }

        text.Append('\n');
        text.Append("accuracy".PadLeft(width)).Append(' ')
            .Append(' ', 20).Append(' ').Append(Text.Fixed(Accuracy, digits).PadLeft(9))
            .Append(' ').Append(Count.ToString(CultureInfo.InvariantCulture).PadLeft(9)).Append('\n');
        AppendRow(text, "macro avg", width, digits, MacroAverage.Precision, MacroAverage.Recall, MacroAverage.F1, MacroAverage.Support);
        AppendRow(text, WeightedAverageLabel, width, digits, WeightedAverage.Precision, WeightedAverage.Recall, WeightedAverage.F1, WeightedAverage.Support);
        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string name, int width, int digits, double precision, double recall, double f1, int support)
    {
        text.Append(name.PadLeft(width)).Append(' ');
        foreach (var value in new[] { precision, recall, f1 })
        {
            text.Append(' ').Append(Text.Fixed(value, digits).PadLeft(9));
        }

        text.Append(' ').Append(support.ToString(CultureInfo.InvariantCulture).PadLeft(9)).Append('\n');
    }

    private static double[] Column(ReadOnlySpan<double> rows, int column, int width)
    {
        var result = new double[rows.Length / width];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = rows[(i * width) + column];
        }

        return result;
    }
}
