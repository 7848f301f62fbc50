using System;
using NetGen.Evaluation;

namespace NetGen.Runtime.Tests.Evaluation;

public sealed class ClassificationMetricsTests
{
    private static readonly string[] s_threeClasses = ["class 0", "class 1", "class 2"];

    // scikit-learn's classification_report example
    // (https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.classification_report.html):
    // y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1].
    private static ClassificationReport SklearnReportExample() =>
        ClassificationReport.Compute([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], s_threeClasses);

    [Fact]
    public void ClassificationReport_SklearnExample_ToTableMatchesItsPrintedReport()
    {
        const string Expected =
            "              precision    recall  f1-score   support\n" +
            "\n" +
            "     class 0       0.50      1.00      0.67         1\n" +
            "     class 1       0.00      0.00      0.00         1\n" +
            "     class 2       1.00      0.67      0.80         3\n" +
            "\n" +
            "    accuracy                           0.60         5\n" +
            "   macro avg       0.50      0.56      0.49         5\n" +
            "weighted avg       0.70      0.60      0.61         5\n";

        Assert.Equal(Expected, SklearnReportExample().ToTable());
    }

    [Fact]
    public void ClassificationReport_ToString_TableThenConfusionMatrix_AsDocsTrainingMdShowsIt()
    {
        const string Expected =
            "              precision    recall  f1-score   support\n" +
            "\n" +
            "     class 0       0.50      1.00      0.67         1\n" +
            "     class 1       0.00      0.00      0.00         1\n" +
            "     class 2       1.00      0.67      0.80         3\n" +
            "\n" +
            "    accuracy                           0.60         5\n" +
            "   macro avg       0.50      0.56      0.49         5\n" +
            "weighted avg       0.70      0.60      0.61         5\n" +
            "\n" +
            "actual \\ predicted  class 0  class 1  class 2\n" +
            "           class 0        1        0        0\n" +
            "           class 1        1        0        0\n" +
            "           class 2        0        1        2";

        Assert.Equal(Expected, SklearnReportExample().ToString());
    }

    [Fact]
    public void ClassificationReport_ToString_WithScores_AddsRocAucAndLogLossBeforeTheMatrix()
    {
        var text = ClassificationReport.Compute([0, 0, 1, 1], [0, 0, 0, 1], ["no", "yes"], [0.1, 0.4, 0.35, 0.8]).ToString();

        Assert.Contains("weighted avg       0.83      0.75      0.73         4\n\nROC-AUC: 0.7500\nlog loss: 0.4723\n\nactual", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassificationReport_SklearnExample_ExactValuesByHand()
    {
        var report = SklearnReportExample();

        // class 0: TP 1, predicted twice, support 1 → P 1/2, R 1, F1 2·1/(2+1) = 2/3.
        // class 1: TP 0, predicted once, support 1 → 0, 0, 0.
        // class 2: TP 2, predicted twice, support 3 → P 1, R 2/3, F1 4/5.
        Assert.Equal(0.6, report.Accuracy, 12);
        Assert.Equal([0.5, 0, 1], [report.PerClass[0].Precision, report.PerClass[1].Precision, report.PerClass[2].Precision]);
        Assert.Equal(2.0 / 3, report.PerClass[2].Recall, 12);
        Assert.Equal(2.0 / 3, report.PerClass[0].F1, 12);
        Assert.Equal(0.8, report.PerClass[2].F1, 12);
        Assert.Equal((0.5 + 0 + 1) / 3, report.MacroAverage.Precision, 12);
        Assert.Equal(((2.0 / 3) + 0 + 0.8) / 3, report.MacroAverage.F1, 12);
        Assert.Equal(((0.5 * 1) + (0 * 1) + (1 * 3)) / 5, report.WeightedAverage.Precision, 12);
        Assert.Equal(((2.0 / 3) + (0.8 * 3)) / 5, report.WeightedAverage.F1, 12);
        Assert.Equal([1, 1, 3], [report.PerClass[0].Support, report.PerClass[1].Support, report.PerClass[2].Support]);
        Assert.Null(report.RocAuc);
        Assert.Null(report.LogLoss);
    }

    [Fact]
    public void ConfusionMatrix_SklearnExample_RowsActualColumnsPredicted()
    {
        // confusion_matrix example (https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.confusion_matrix.html):
        // y_true = ["cat", "ant", "cat", "cat", "ant", "bird"], y_pred = ["ant", "ant", "cat", "cat", "ant", "cat"],
        // labels = ["ant", "bird", "cat"] → [[2, 0, 0], [0, 0, 1], [1, 0, 2]].
        var matrix = ConfusionMatrix.Compute([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2], ["ant", "bird", "cat"]);

        Assert.Equal(new int[,] { { 2, 0, 0 }, { 0, 0, 1 }, { 1, 0, 2 } }, matrix.ToArray());
        Assert.Equal(6, matrix.Total);
        Assert.Equal(3, matrix.ActualCount(2));
        Assert.Equal(3, matrix.PredictedCount(2));
    }

    [Fact]
    public void ConfusionMatrix_ToString_IsATableWithClassNames()
    {
        var matrix = ConfusionMatrix.Compute([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2], ["ant", "bird", "cat"]);

        Assert.Equal(
            "actual \\ predicted  ant  bird  cat\n" +
            "               ant    2     0    0\n" +
            "              bird    0     0    1\n" +
            "               cat    1     0    2",
            matrix.ToString());
    }

    [Fact]
    public void RocAuc_SklearnExample_IsThreeQuarters()
    {
        // roc_auc_score / auc example (https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.auc.html):
        // y = [1, 1, 2, 2] (positive 2), scores [0.1, 0.4, 0.35, 0.8] → 0.75.
        Assert.Equal(0.75, ClassificationMetrics.RocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 12);
    }

    [Fact]
    public void RocAuc_TiedScores_CountHalf()
    {
        // Pairs (positive, negative): scores 0.5/0.5 tie (½), 0.5/0.2 (1), 0.9/0.5 (1), 0.9/0.2 (1) → 3.5 / 4.
        // scikit-learn's trapezoid over the thresholds {0.9, 0.5, 0.2} gives the same: roc_auc_score([1,0,1,0],[.5,.5,.9,.2]) = 0.875.
        Assert.Equal(0.875, ClassificationMetrics.RocAuc([1, 0, 1, 0], [0.5, 0.5, 0.9, 0.2]), 12);
    }

    [Fact]
    public void RocAuc_AllScoresEqual_IsOneHalf()
    {
        Assert.Equal(0.5, ClassificationMetrics.RocAuc([1, 0, 0, 1, 0], [3, 3, 3, 3, 3]), 12);
    }

    [Fact]
    public void RocAuc_PerfectAndReversedRanking_AreOneAndZero()
    {
        Assert.Equal(1, ClassificationMetrics.RocAuc([0, 0, 1], [-2, 0.1, 7]));
        Assert.Equal(0, ClassificationMetrics.RocAuc([1, 1, 0], [-2, 0.1, 7]));
    }

    [Fact]
    public void RocAuc_OneClassOnly_ThrowsNamingTheClass()
    {
        var exception = Assert.Throws<ArgumentException>(() => ClassificationMetrics.RocAuc([1, 1], [0.2, 0.9]));

        Assert.Equal("actual", exception.ParamName);
        Assert.StartsWith("Only class 1 occurs among the 2 samples; ROC-AUC needs both classes", exception.Message);
    }

    [Fact]
    public void RocAuc_ClassOtherThanZeroOrOne_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => ClassificationMetrics.RocAuc([0, 2], [0.2, 0.9]));

        Assert.StartsWith("Sample 1 (0-based) has class 2; ROC-AUC is for binary problems", exception.Message);
    }

    [Fact]
    public void LogLoss_SklearnExample_Is0_21616()
    {
        // log_loss example (https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.log_loss.html):
        // log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]) = 0.21616…; labels
        // sorted: ham = 0, spam = 1. By hand: −(ln .9 + ln .9 + ln .8 + ln .65) / 4.
        var expected = -(Math.Log(0.9) + Math.Log(0.9) + Math.Log(0.8) + Math.Log(0.65)) / 4;

        var fromRows = ClassificationMetrics.LogLoss([1, 0, 0, 1], [.1, .9, .9, .1, .8, .2, .35, .65], 2);
        var fromPositive = ClassificationMetrics.LogLoss([1, 0, 0, 1], [.9, .1, .2, .65]);

        Assert.Equal(expected, fromRows, 12);
        Assert.Equal(expected, fromPositive, 12);
        Assert.Equal(0.21616, fromRows, 5);
    }

    [Fact]
    public void LogLoss_CertainAndWrong_IsClippedAtEpsilon()
    {
        var loss = ClassificationMetrics.LogLoss([1], [0.0]);

        Assert.Equal(-Math.Log(ClassificationMetrics.LogLossEpsilon), loss, 9);
    }

    [Fact]
    public void LogLoss_NotAProbability_ThrowsNamingTheValue()
    {
        var exception = Assert.Throws<ArgumentException>(() => ClassificationMetrics.LogLoss([1, 0], [0.5, 1.5]));

        Assert.Equal("positiveProbabilities", exception.ParamName);
        Assert.StartsWith("Value 1 (0-based) is 1.5; log loss needs probabilities in [0, 1].", exception.Message);
    }

    [Fact]
    public void PrecisionRecallF1_ClassNeverPredicted_IsZeroNotNaN()
    {
        // Class 1 occurs but is never predicted: precision 0/0 → 0 (scikit-learn's zero_division default), recall 0.
        var report = ClassificationReport.Compute([0, 1, 0], [0, 0, 0], ["a", "b"]);

        Assert.Equal(0, report.PerClass[1].Precision);
        Assert.Equal(0, report.PerClass[1].Recall);
        Assert.Equal(0, report.PerClass[1].F1);
        Assert.Equal(2.0 / 3, report.PerClass[0].Precision, 12);
    }

    [Fact]
    public void ClassificationReport_SingleClassPresent_NoRocAucAndAbsentClassCountsInMacro()
    {
        // Only class 0 occurs and everything is right: class 1 has no support and is never predicted (all 0/0 → 0).
        var report = ClassificationReport.Compute([0, 0, 0], [0, 0, 0], ["neg", "pos"], [0.1, 0.2, 0.3]);

        Assert.Equal(1, report.Accuracy);
        Assert.Null(report.RocAuc);
        Assert.Equal(0.5, report.MacroAverage.F1);
        Assert.Equal(1, report.WeightedAverage.F1);
        Assert.NotNull(report.LogLoss);
    }

    [Fact]
    public void ClassificationReport_AllCorrect_EveryMetricIsOne()
    {
        var report = ClassificationReport.Compute([0, 1, 2, 1], [0, 1, 2, 1], s_threeClasses);

        Assert.Equal(1, report.Accuracy);
        Assert.All(report.PerClass, c => Assert.Equal((1.0, 1.0, 1.0), (c.Precision, c.Recall, c.F1)));
        Assert.Equal(1, report.MacroAverage.F1);
    }

    [Fact]
    public void ClassificationReport_BinaryScores_GiveRocAucAndLogLoss()
    {
        var report = ClassificationReport.Compute([0, 0, 1, 1], [0, 0, 0, 1], ["no", "yes"], [0.1, 0.4, 0.35, 0.8]);

        Assert.Equal(0.75, report.RocAuc!.Value, 12);
        Assert.Equal(-(Math.Log(0.9) + Math.Log(0.6) + Math.Log(0.35) + Math.Log(0.8)) / 4, report.LogLoss!.Value, 12);
        Assert.Contains("ROC-AUC: 0.7500", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ClassificationReport_ScoresOutsideZeroOne_NoLogLossButRocAuc()
    {
        var report = ClassificationReport.Compute([0, 1], [0, 1], ["no", "yes"], [-3.0, 2.0]);

        Assert.Null(report.LogLoss);
        Assert.Equal(1, report.RocAuc);
    }

    [Fact]
    public void Accuracy_LengthsDiffer_ThrowsNamingPredicted()
    {
        var exception = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy([0, 1], [0]));

        Assert.Equal("predicted", exception.ParamName);
        Assert.StartsWith("Expected one value per sample (2), but got 1.", exception.Message);
    }

    [Fact]
    public void Accuracy_NoSamples_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy([], []));

        Assert.StartsWith("Expected at least one sample, but there are none.", exception.Message);
    }

    [Fact]
    public void ConfusionMatrix_ClassOutOfRange_ThrowsNamingTheSample()
    {
        var exception = Assert.Throws<ArgumentException>(() => ConfusionMatrix.Compute([0, 3], [0, 1], ["a", "b"]));

        Assert.Equal("actual", exception.ParamName);
        Assert.StartsWith("Sample 1 (0-based) has class 3; expected a class number in [0, 2).", exception.Message);
    }

    [Fact]
    public void ConfusionMatrix_RepeatedClassName_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => ConfusionMatrix.Compute([0], [0], ["a", "a"]));

        Assert.Equal("classNames", exception.ParamName);
        Assert.StartsWith("Class names 0 and 1 (0-based) are both 'a'; every class needs its own name.", exception.Message);
    }
}
