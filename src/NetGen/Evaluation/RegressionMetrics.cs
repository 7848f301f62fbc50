using System;

namespace NetGen.Evaluation;

/// <summary>How <see cref="RegressionMetrics.RSquared"/> combines the R² of several outputs (scikit-learn's <c>multioutput</c>).</summary>
public enum RSquaredAveraging
{
    /// <summary>The plain mean of the outputs' R² (<c>'uniform_average'</c>, scikit-learn's default).</summary>
    UniformAverage,

    /// <summary>
    /// The outputs' R² weighted by the variance of their targets (<c>'variance_weighted'</c>), which equals
    /// 1 − Σ SS_res / Σ SS_tot over all outputs; what <see cref="Training.EpochRecord.RSquared"/> reports.
    /// </summary>
    VarianceWeighted,
}

/// <summary>
/// Regression metrics as scikit-learn's <c>sklearn.metrics</c> computes them, over row-major values with one or more
/// outputs per sample. <see cref="Evaluator"/> builds its reports from these.
/// </summary>
/// <remarks>
/// For several outputs, <see cref="MeanSquaredError"/> and <see cref="MeanAbsoluteError"/> are the mean over all values,
/// which equals the uniform average of the per-output errors (every output has the same number of samples).
/// </remarks>
public static class RegressionMetrics
{
    /// <summary>The mean of (predicted − actual)² over every value (<c>mean_squared_error</c>).</summary>
    /// <param name="actual">The targets, at least one value.</param>
    /// <param name="predicted">The predictions, as many values as <paramref name="actual"/>.</param>
    /// <exception cref="ArgumentException">The spans are empty or differ in length.</exception>
    public static double MeanSquaredError(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted)
    {
        ClassificationMetrics.RequireSameLength(actual.Length, predicted.Length, nameof(predicted));
        var sum = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            var difference = predicted[i] - actual[i];
            sum += difference * difference;
        }

        return sum / actual.Length;
    }

    /// <summary>The mean of |predicted − actual| over every value (<c>mean_absolute_error</c>).</summary>
    /// <inheritdoc cref="MeanSquaredError"/>
    public static double MeanAbsoluteError(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted)
    {
        ClassificationMetrics.RequireSameLength(actual.Length, predicted.Length, nameof(predicted));
        var sum = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            sum += Math.Abs(predicted[i] - actual[i]);
        }

        return sum / actual.Length;
    }

    /// <summary>
    /// The coefficient of determination R² = 1 − SS_res / SS_tot of each output (<c>r2_score(multioutput='raw_values')</c>).
    /// </summary>
    /// <remarks>
    /// An output whose targets are all equal has SS_tot = 0; as scikit-learn (<c>force_finite=True</c>), its R² is then
    /// 1 when the predictions are exact and 0 otherwise, rather than NaN or −∞.
    /// </remarks>
    /// <param name="actual">The targets, row-major, <paramref name="outputCount"/> per sample, at least one sample.</param>
    /// <param name="predicted">The predictions, in the same layout.</param>
    /// <param name="outputCount">The values per sample, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outputCount"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The spans are empty, differ in length or are not whole samples.</exception>
    public static double[] RSquaredPerOutput(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, int outputCount = 1)
    {
        var (residual, total) = SumsOfSquares(actual, predicted, outputCount);
        var result = new double[outputCount];
        for (var o = 0; o < outputCount; o++)
        {
            result[o] = total[o] > 0 ? 1 - (residual[o] / total[o]) : residual[o] == 0 ? 1 : 0;
        }

        return result;
    }

    /// <summary>The R² of the outputs combined as <paramref name="averaging"/> says (<c>r2_score</c>).</summary>
    /// <remarks>
    /// With <see cref="RSquaredAveraging.VarianceWeighted"/> and every output constant, the result is the uniform
    /// average of <see cref="RSquaredPerOutput"/>, as scikit-learn's.
    /// </remarks>
    /// <inheritdoc cref="RSquaredPerOutput"/>
    /// <param name="actual">The targets, row-major, <paramref name="outputCount"/> per sample, at least one sample.</param>
    /// <param name="predicted">The predictions, in the same layout.</param>
    /// <param name="outputCount">The values per sample, at least 1.</param>
    /// <param name="averaging">How the outputs' R² are combined; uniformly by default, as scikit-learn.</param>
    public static double RSquared(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, int outputCount = 1, RSquaredAveraging averaging = RSquaredAveraging.UniformAverage)
    {
        if (averaging is not (RSquaredAveraging.UniformAverage or RSquaredAveraging.VarianceWeighted))
        {
            throw new ArgumentOutOfRangeException(nameof(averaging), averaging, "Expected UniformAverage or VarianceWeighted.");
        }

        if (averaging == RSquaredAveraging.VarianceWeighted && VarianceWeightedOrNull(actual, predicted, outputCount) is { } weighted)
        {
            return weighted;
        }

        var perOutput = RSquaredPerOutput(actual, predicted, outputCount);
        var sum = 0.0;
        foreach (var value in perOutput)
        {
            sum += value;
        }

        return sum / outputCount;
    }

    /// <summary>1 − Σ SS_res / Σ SS_tot, or null when every output is constant (the epoch record's R²).</summary>
    internal static double? VarianceWeightedOrNull(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, int outputCount) =>
        VarianceWeightedOrNull(actual, predicted, outputCount, new double[3 * outputCount]);

    /// <summary>As the other overload, with <paramref name="scratch"/> (3 × <paramref name="outputCount"/>) for the sums, so that an epoch allocates nothing.</summary>
    internal static double? VarianceWeightedOrNull(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, int outputCount, Span<double> scratch)
    {
        SumsOfSquares(actual, predicted, outputCount, scratch);
        double residualSum = 0, totalSum = 0;
        for (var o = 0; o < outputCount; o++)
        {
            residualSum += scratch[outputCount + o];
            totalSum += scratch[(2 * outputCount) + o];
        }

        return VarianceWeightedOrNull(residualSum, totalSum);
    }

    /// <summary>1 − SS_res / SS_tot from the sums over every output, or null when SS_tot is 0 (every output constant).</summary>
    internal static double? VarianceWeightedOrNull(double residualSumOfSquares, double totalSumOfSquares) =>
        totalSumOfSquares > 0 ? 1 - (residualSumOfSquares / totalSumOfSquares) : null;

    /// <summary>Σ over every output of SS_tot = Σ (actual − that output's mean)².</summary>
    internal static double TotalSumOfSquares(ReadOnlySpan<double> actual, int outputCount)
    {
        var sums = new double[3 * outputCount];
        SumsOfSquares(actual, actual, outputCount, sums);
        var total = 0.0;
        for (var o = 0; o < outputCount; o++)
        {
            total += sums[(2 * outputCount) + o];
        }

        return total;
    }

    /// <summary>Per output: SS_res = Σ (actual − predicted)², SS_tot = Σ (actual − mean)², the mean from a first pass.</summary>
    private static (double[] Residual, double[] Total) SumsOfSquares(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, int outputCount)
    {
        var scratch = new double[3 * outputCount];
        SumsOfSquares(actual, predicted, outputCount, scratch);
        return (scratch[outputCount..(2 * outputCount)], scratch[(2 * outputCount)..]);
    }

    /// <summary>The sums into <paramref name="scratch"/>: means, then SS_res, then SS_tot, <paramref name="outputCount"/> each.</summary>
    private static void SumsOfSquares(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, int outputCount, Span<double> scratch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputCount, 1);
        ClassificationMetrics.RequireSameLength(actual.Length, predicted.Length, nameof(predicted));
        if (actual.Length % outputCount != 0)
        {
            throw new ArgumentException($"Expected whole samples of {outputCount} values, but got {actual.Length} values.", nameof(actual));
        }

        var samples = actual.Length / outputCount;
        var means = scratch[..outputCount];
        var residual = scratch.Slice(outputCount, outputCount);
        var total = scratch.Slice(2 * outputCount, outputCount);
        scratch[..(3 * outputCount)].Clear();
        // Sample by sample, each output in turn (an index modulo the output count would divide once per value).
        for (var start = 0; start < actual.Length; start += outputCount)
        {
            for (var o = 0; o < outputCount; o++)
            {
                means[o] += actual[start + o];
            }
        }

        for (var o = 0; o < outputCount; o++)
        {
            means[o] /= samples;
        }

        for (var start = 0; start < actual.Length; start += outputCount)
        {
            for (var o = 0; o < outputCount; o++)
            {
                var difference = actual[start + o] - predicted[start + o];
                var deviation = actual[start + o] - means[o];
                residual[o] += difference * difference;
                total[o] += deviation * deviation;
            }
        }
    }
}
