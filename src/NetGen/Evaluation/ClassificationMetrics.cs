using System;
using System.Collections.Generic;

namespace NetGen.Evaluation;

/// <summary>
/// Classification metrics over class numbers and scores, computed as scikit-learn's <c>sklearn.metrics</c> computes
/// them. <see cref="Evaluator"/> builds its reports from these; they are public for predictions made elsewhere.
/// </summary>
/// <remarks>
/// <para>
/// Class numbers are 0-based integers below the class count. <b>Zero division:</b> the precision of a class that is
/// never predicted, the recall of a class that never occurs and the F1 of a class that is neither are 0, which is what
/// scikit-learn returns by default (<c>zero_division="warn"</c> acts as 0; NetGen does not warn). Such a class still
/// counts in the macro average, as in scikit-learn when the labels are given.
/// </para>
/// </remarks>
public static class ClassificationMetrics
{
    /// <summary>
    /// The clipping of probabilities in <see cref="LogLoss(ReadOnlySpan{int}, ReadOnlySpan{double}, int)"/>: each is
    /// taken as <c>max(ε, min(1 − ε, p))</c> with ε = 1e-15, scikit-learn's default before 1.2 (since 1.2 its default
    /// is the machine epsilon of the prediction's type, 2.2e-16 for float64; the two differ only for a prediction of
    /// exactly 0 or 1 for the true class).
    /// </summary>
    public const double LogLossEpsilon = 1e-15;

    /// <summary>The share of samples whose predicted class is the actual one (<c>accuracy_score</c>).</summary>
    /// <param name="actual">The true class of each sample, at least one.</param>
    /// <param name="predicted">The predicted class of each sample, as many as <paramref name="actual"/>.</param>
    /// <exception cref="ArgumentException">The spans are empty or differ in length.</exception>
    public static double Accuracy(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted)
    {
        RequireSameLength(actual.Length, predicted.Length, nameof(predicted));
        var correct = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            correct += actual[i] == predicted[i] ? 1 : 0;
        }

        return (double)correct / actual.Length;
    }

    /// <summary>
    /// The area under the ROC curve of a binary problem (<c>roc_auc_score</c>): the probability that a random positive
    /// sample scores higher than a random negative one, a tie counting one half (the Mann–Whitney U statistic with
    /// average ranks, equal to the trapezoid over the distinct thresholds as scikit-learn integrates it).
    /// </summary>
    /// <param name="actual">The true class of each sample: 0 (negative) or 1 (positive); both must occur.</param>
    /// <param name="scores">A score of each sample that is higher for the positive class (a probability or any finite number).</param>
    /// <exception cref="ArgumentException">
    /// The spans are empty or differ in length, a class is not 0 or 1, a score is not finite, or only one class occurs
    /// (ROC-AUC is not defined then; scikit-learn raises an error too).
    /// </exception>
    public static double RocAuc(ReadOnlySpan<int> actual, ReadOnlySpan<double> scores)
    {
        RequireSameLength(actual.Length, scores.Length, nameof(scores));
        var positives = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            if (actual[i] is not (0 or 1))
            {
                throw new ArgumentException($"Sample {i} (0-based) has class {actual[i]}; ROC-AUC is for binary problems, whose classes are 0 and 1.", nameof(actual));
            }

            if (!double.IsFinite(scores[i]))
            {
                throw new ArgumentException($"Sample {i} (0-based) has score {Text.Number(scores[i])}; every score must be a finite number.", nameof(scores));
            }

            positives += actual[i];
        }

        var negatives = actual.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException(
                $"Only class {(positives == 0 ? 0 : 1)} occurs among the {actual.Length} samples; ROC-AUC needs both classes, since it compares positive with negative samples.",
                nameof(actual));
        }

        // Rank the scores (1-based, tied scores sharing their average rank); the positives' rank sum minus its least
        // possible value is the number of (positive, negative) pairs ordered correctly, ties counting one half.
        var order = new int[actual.Length];
        var sorted = new double[actual.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            sorted[i] = scores[i];
        }

        Array.Sort(sorted, order);
        var positiveRankSum = 0.0;
        for (var start = 0; start < sorted.Length;)
        {
            var end = start + 1;
            while (end < sorted.Length && sorted[end] == sorted[start])
            {
                end++;
            }

            var averageRank = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++)
            {
                positiveRankSum += actual[order[k]] == 1 ? averageRank : 0;
            }

            start = end;
        }

        return (positiveRankSum - (positives * (positives + 1.0) / 2)) / ((double)positives * negatives);
    }

    /// <summary>
    /// The mean negative log-likelihood of the true classes (<c>log_loss</c>, natural logarithm) under predicted class
    /// probabilities, each clipped to [<see cref="LogLossEpsilon"/>, 1 − <see cref="LogLossEpsilon"/>].
    /// </summary>
    /// <remarks>The rows are not renormalized: a softmax output's rows already sum to 1.</remarks>
    /// <param name="actual">The true class of each sample, in [0, <paramref name="classCount"/>).</param>
    /// <param name="probabilities">Row-major, <paramref name="classCount"/> probabilities per sample, each in [0, 1].</param>
    /// <param name="classCount">The number of classes, at least 2.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is below 2.</exception>
    /// <exception cref="ArgumentException">The rows do not match the samples, a class is out of range, or a probability is not in [0, 1].</exception>
    public static double LogLoss(ReadOnlySpan<int> actual, ReadOnlySpan<double> probabilities, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        RequireSameLength(actual.Length, probabilities.Length / classCount, nameof(probabilities));
        if (probabilities.Length != actual.Length * classCount)
        {
            throw new ArgumentException(
                $"Expected {actual.Length} rows of {classCount} probabilities ({actual.Length * classCount} values), but got {probabilities.Length}.",
                nameof(probabilities));
        }

        RequireProbabilities(probabilities, nameof(probabilities));
        var sum = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            RequireClass(actual[i], i, classCount, nameof(actual));
            sum -= Math.Log(Clip(probabilities[(i * classCount) + actual[i]]));
        }

        return sum / actual.Length;
    }

    /// <summary>
    /// The log loss of a binary problem from the probability of the positive class (<c>log_loss</c> with a 1-D
    /// <c>y_pred</c>): the mean of −(y·ln p + (1 − y)·ln(1 − p)), p clipped as in
    /// <see cref="LogLoss(ReadOnlySpan{int}, ReadOnlySpan{double}, int)"/>.
    /// </summary>
    /// <param name="actual">The true class of each sample, 0 or 1.</param>
    /// <param name="positiveProbabilities">The predicted probability of class 1 for each sample, in [0, 1].</param>
    /// <exception cref="ArgumentException">The spans are empty or differ in length, a class is not 0 or 1, or a probability is not in [0, 1].</exception>
    public static double LogLoss(ReadOnlySpan<int> actual, ReadOnlySpan<double> positiveProbabilities)
    {
        RequireSameLength(actual.Length, positiveProbabilities.Length, nameof(positiveProbabilities));
        RequireProbabilities(positiveProbabilities, nameof(positiveProbabilities));
        var sum = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            RequireClass(actual[i], i, 2, nameof(actual));
            var p = Clip(positiveProbabilities[i]);
            sum -= Math.Log(actual[i] == 1 ? p : 1 - p);
        }

        return sum / actual.Length;
    }

    /// <summary>
    /// Precision, recall and F1 of every class, with their macro and support-weighted averages, from a confusion matrix
    /// (<c>precision_recall_fscore_support</c>; zero divisions give 0, see <see cref="ClassificationMetrics"/>).
    /// </summary>
    /// <param name="matrix">The confusion matrix.</param>
    /// <returns>One entry per class in the matrix's order, the macro average and the weighted average.</returns>
    public static (IReadOnlyList<ClassMetrics> PerClass, AveragedMetrics MacroAverage, AveragedMetrics WeightedAverage) PrecisionRecallF1(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var classCount = matrix.ClassCount;
        var perClass = new ClassMetrics[classCount];
        double macroPrecision = 0, macroRecall = 0, macroF1 = 0, weightedPrecision = 0, weightedRecall = 0, weightedF1 = 0;
        for (var c = 0; c < classCount; c++)
        {
            var truePositives = matrix[c, c];
            var support = matrix.ActualCount(c);
            var predictedCount = matrix.PredictedCount(c);
            var precision = Divide(truePositives, predictedCount);
            var recall = Divide(truePositives, support);

            // F1 = 2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall without its 0/0 cases.
            var f1 = Divide(2.0 * truePositives, predictedCount + support);
            perClass[c] = new ClassMetrics(matrix.ClassNames[c], precision, recall, f1, support);
            macroPrecision += precision / classCount;
            macroRecall += recall / classCount;
            macroF1 += f1 / classCount;
            weightedPrecision += precision * support / matrix.Total;
            weightedRecall += recall * support / matrix.Total;
            weightedF1 += f1 * support / matrix.Total;
        }

        return (
            Array.AsReadOnly(perClass),
            new AveragedMetrics(macroPrecision, macroRecall, macroF1, matrix.Total),
            new AveragedMetrics(weightedPrecision, weightedRecall, weightedF1, matrix.Total));
    }

    internal static void RequireSameLength(int actualLength, int otherLength, string otherName)
    {
        if (actualLength == 0)
        {
            throw new ArgumentException("Expected at least one sample, but there are none.", "actual");
        }

        if (otherLength != actualLength)
        {
            throw new ArgumentException($"Expected one value per sample ({actualLength}), but got {otherLength}.", otherName);
        }
    }

    internal static void RequireClass(int value, int sample, int classCount, string name)
    {
        if ((uint)value >= (uint)classCount)
        {
            throw new ArgumentException($"Sample {sample} (0-based) has class {value}; expected a class number in [0, {classCount}).", name);
        }
    }

    /// <summary>Whether every value is in [0, 1], so that log loss means something.</summary>
    internal static bool AreProbabilities(ReadOnlySpan<double> values)
    {
        foreach (var value in values)
        {
            if (!(value >= 0 && value <= 1))
            {
                return false;
            }
        }

        return true;
    }

    private static void RequireProbabilities(ReadOnlySpan<double> values, string name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!(values[i] >= 0 && values[i] <= 1))
            {
                throw new ArgumentException($"Value {i} (0-based) is {Text.Number(values[i])}; log loss needs probabilities in [0, 1].", name);
            }
        }
    }

    private static double Clip(double p) => Math.Max(LogLossEpsilon, Math.Min(1 - LogLossEpsilon, p));

    private static double Divide(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;
}
