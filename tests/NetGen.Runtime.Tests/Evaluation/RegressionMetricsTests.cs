using System;
using NetGen.Evaluation;

namespace NetGen.Runtime.Tests.Evaluation;

public sealed class RegressionMetricsTests
{
    // The examples of scikit-learn's r2_score, mean_squared_error and mean_absolute_error
    // (https://scikit-learn.org/1.2/modules/generated/sklearn.metrics.r2_score.html and its siblings).
    private static readonly double[] s_actual = [3, -0.5, 2, 7];
    private static readonly double[] s_predicted = [2.5, 0.0, 2, 8];
    private static readonly double[] s_actual2 = [0.5, 1, -1, 1, 7, -6];
    private static readonly double[] s_predicted2 = [0, 2, -1, 2, 8, -5];

    [Fact]
    public void SingleOutput_SklearnExamples()
    {
        Assert.Equal(0.375, RegressionMetrics.MeanSquaredError(s_actual, s_predicted), 12);
        Assert.Equal(0.5, RegressionMetrics.MeanAbsoluteError(s_actual, s_predicted), 12);

        // SS_res = 0.25 + 0.25 + 0 + 1 = 1.5; mean 2.875, SS_tot = 29.1875 → 1 − 1.5/29.1875 = 0.9486…
        Assert.Equal(1 - (1.5 / 29.1875), RegressionMetrics.RSquared(s_actual, s_predicted), 12);
        Assert.InRange(RegressionMetrics.RSquared(s_actual, s_predicted), 0.948, 0.949); // printed 0.948…
    }

    [Fact]
    public void MultiOutput_SklearnExamples()
    {
        // mean_squared_error → 0.708…, mean_absolute_error → 0.75, r2_score raw_values → [0.965…, 0.908…],
        // uniform_average → 0.936…, variance_weighted → 0.938….
        Assert.Equal(4.25 / 6, RegressionMetrics.MeanSquaredError(s_actual2, s_predicted2), 12);
        Assert.Equal(0.75, RegressionMetrics.MeanAbsoluteError(s_actual2, s_predicted2), 12);

        var perOutput = RegressionMetrics.RSquaredPerOutput(s_actual2, s_predicted2, 2);
        // Output 0: targets 0.5, −1, 7 (mean 6.5/3), SS_res 1.25; output 1: 1, 1, −6 (mean −4/3), SS_res 3.
        var total0 = Math.Pow(0.5 - (6.5 / 3), 2) + Math.Pow(-1 - (6.5 / 3), 2) + Math.Pow(7 - (6.5 / 3), 2);
        var total1 = (2 * Math.Pow(1 + (4.0 / 3), 2)) + Math.Pow(-6 + (4.0 / 3), 2);
        Assert.Equal(1 - (1.25 / total0), perOutput[0], 12);
        Assert.Equal(1 - (3 / total1), perOutput[1], 12);
        Assert.InRange(perOutput[0], 0.965, 0.966);
        Assert.InRange(perOutput[1], 0.908, 0.909);

        Assert.InRange(RegressionMetrics.RSquared(s_actual2, s_predicted2, 2), 0.936, 0.937);
        Assert.Equal(1 - (4.25 / (total0 + total1)), RegressionMetrics.RSquared(s_actual2, s_predicted2, 2, RSquaredAveraging.VarianceWeighted), 12);
        Assert.InRange(RegressionMetrics.RSquared(s_actual2, s_predicted2, 2, RSquaredAveraging.VarianceWeighted), 0.938, 0.939);
    }

    [Theory]
    // r2_score's documented edge cases: [1,2,3] vs itself → 1; vs [2,2,2] → 0; vs [3,2,1] → −3;
    // constant [−2,−2,−2] predicted exactly → 1, otherwise → 0 (force_finite=True).
    [InlineData(new double[] { 1, 2, 3 }, new double[] { 1, 2, 3 }, 1.0)]
    [InlineData(new double[] { 1, 2, 3 }, new double[] { 2, 2, 2 }, 0.0)]
    [InlineData(new double[] { 1, 2, 3 }, new double[] { 3, 2, 1 }, -3.0)]
    [InlineData(new double[] { -2, -2, -2 }, new double[] { -2, -2, -2 }, 1.0)]
    [InlineData(new double[] { -2, -2, -2 }, new double[] { -2, -2, -1.99 }, 0.0)]
    public void RSquared_SklearnEdgeCases(double[] actual, double[] predicted, double expected)
    {
        Assert.Equal(expected, RegressionMetrics.RSquared(actual, predicted), 12);
    }

    [Fact]
    public void VarianceWeightedOrNull_ConstantTargets_IsNullAsTheEpochRecordReports()
    {
        Assert.Null(RegressionMetrics.VarianceWeightedOrNull([2, 2], [1, 3], 1));
    }

    [Fact]
    public void RegressionReport_PerOutputAndTotals()
    {
        var report = RegressionReport.Compute(s_actual2, s_predicted2, 2, ["a", "b"]);

        Assert.Equal(3, report.Count);
        Assert.Equal(Math.Sqrt(4.25 / 6), report.RootMeanSquaredError, 12);
        Assert.Equal("b", report.PerOutput[1].Name);
        Assert.Equal(3.0 / 3, report.PerOutput[1].MeanSquaredError, 12);
        Assert.Equal(1.25 / 3, report.PerOutput[0].MeanSquaredError, 12);
        Assert.Equal((report.PerOutput[0].RSquared + report.PerOutput[1].RSquared) / 2, report.RSquared, 12);
        Assert.Contains("all (uniform avg)", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RSquared_NotWholeSamples_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => RegressionMetrics.RSquared([1, 2, 3], [1, 2, 3], 2));

        Assert.Equal("actual", exception.ParamName);
        Assert.StartsWith("Expected whole samples of 2 values, but got 3 values.", exception.Message);
    }

    [Fact]
    public void MeanSquaredError_LengthsDiffer_Throws()
    {
        var exception = Assert.Throws<ArgumentException>(() => RegressionMetrics.MeanSquaredError([1, 2], [1]));

        Assert.Equal("predicted", exception.ParamName);
    }
}
