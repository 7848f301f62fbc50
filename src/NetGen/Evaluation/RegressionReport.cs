using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace NetGen.Evaluation;

/// <summary>The errors of one output of a regression.</summary>
/// <param name="Name">The output's name (the target column's, or <c>output0</c>, <c>output1</c>, …).</param>
/// <param name="MeanSquaredError">The mean of (predicted − actual)².</param>
/// <param name="RootMeanSquaredError">The square root of <paramref name="MeanSquaredError"/>, in the target's units.</param>
/// <param name="MeanAbsoluteError">The mean of |predicted − actual|.</param>
/// <param name="RSquared">1 − SS_res / SS_tot (1 or 0 for a constant target, see <see cref="RegressionMetrics.RSquaredPerOutput"/>).</param>
public sealed record OutputRegressionMetrics(string Name, double MeanSquaredError, double RootMeanSquaredError, double MeanAbsoluteError, double RSquared);

/// <summary>
/// How well a regression did on a data set, over all outputs and per output, as scikit-learn's metrics compute it.
/// </summary>
/// <param name="Count">The number of samples.</param>
/// <param name="MeanSquaredError">The mean of (predicted − actual)² over every output of every sample.</param>
/// <param name="RootMeanSquaredError">The square root of <paramref name="MeanSquaredError"/>.</param>
/// <param name="MeanAbsoluteError">The mean of |predicted − actual| over every value.</param>
/// <param name="RSquared">The uniform average of the outputs' R² (<c>r2_score</c>'s default, <c>multioutput='uniform_average'</c>).</param>
/// <param name="VarianceWeightedRSquared">
/// 1 − Σ SS_res / Σ SS_tot over all outputs (<c>multioutput='variance_weighted'</c>), which is what
/// <see cref="Training.EpochRecord.RSquared"/> reports; equal to <paramref name="RSquared"/> with one output.
/// </param>
/// <param name="PerOutput">The errors of each output, in output order.</param>
public sealed record RegressionReport(
    int Count,
    double MeanSquaredError,
    double RootMeanSquaredError,
    double MeanAbsoluteError,
    double RSquared,
    double VarianceWeightedRSquared,
    IReadOnlyList<OutputRegressionMetrics> PerOutput)
{
    /// <summary>Scores predictions against targets, row-major with <c>outputNames.Count</c> (or <paramref name="outputCount"/>) values per sample.</summary>
    /// <param name="actual">The targets, at least one sample.</param>
    /// <param name="predicted">The predictions, in the same layout.</param>
    /// <param name="outputCount">The values per sample, at least 1.</param>
    /// <param name="outputNames">Optional names of the outputs, one per output; <c>output0</c>, <c>output1</c>, … by default.</param>
    /// <exception cref="ArgumentException">The lengths do not match or the names are not one per output.</exception>
    public static RegressionReport Compute(ReadOnlySpan<double> actual, ReadOnlySpan<double> predicted, int outputCount = 1, IReadOnlyList<string>? outputNames = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputCount, 1);
        if (outputNames is not null && outputNames.Count != outputCount)
        {
            throw new ArgumentException($"Expected {outputCount} output names, one per output, but got {outputNames.Count}.", nameof(outputNames));
        }

        var rSquared = RegressionMetrics.RSquaredPerOutput(actual, predicted, outputCount);
        var samples = actual.Length / outputCount;
        var perOutput = new OutputRegressionMetrics[outputCount];
        var actualColumn = new double[samples];
        var predictedColumn = new double[samples];
        for (var o = 0; o < outputCount; o++)
        {
            for (var s = 0; s < samples; s++)
            {
                actualColumn[s] = actual[(s * outputCount) + o];
                predictedColumn[s] = predicted[(s * outputCount) + o];
            }

            var mse = RegressionMetrics.MeanSquaredError(actualColumn, predictedColumn);
            perOutput[o] = new OutputRegressionMetrics(
                outputNames?[o] ?? $"output{o}", mse, Math.Sqrt(mse), RegressionMetrics.MeanAbsoluteError(actualColumn, predictedColumn), rSquared[o]);
        }

        var meanSquaredError = RegressionMetrics.MeanSquaredError(actual, predicted);
        return new RegressionReport(
            samples,
            meanSquaredError,
            Math.Sqrt(meanSquaredError),
            RegressionMetrics.MeanAbsoluteError(actual, predicted),
            rSquared.Average(),
            RegressionMetrics.RSquared(actual, predicted, outputCount, RSquaredAveraging.VarianceWeighted),
            Array.AsReadOnly(perOutput));
    }

    /// <summary>
    /// A table of MSE, RMSE, MAE and R² (six significant digits), one row per output and, with several outputs, a row
    /// for all of them; then the sample count.
    /// </summary>
    public override string ToString()
    {
        var rows = PerOutput.Select(o => (o.Name, o.MeanSquaredError, o.RootMeanSquaredError, o.MeanAbsoluteError, o.RSquared)).ToList();
        if (PerOutput.Count > 1)
        {
            rows.Add(("all (uniform avg)", MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError, RSquared));
        }

        var width = rows.Max(r => r.Name.Length);
        var text = new StringBuilder();
        text.Append(new string(' ', width));
        foreach (var heading in new[] { "MSE", "RMSE", "MAE", "R²" })
        {
            text.Append("  ").Append(heading.PadLeft(12));
        }

        foreach (var row in rows)
        {
            text.Append('\n').Append(row.Name.PadLeft(width));
            foreach (var value in new[] { row.MeanSquaredError, row.RootMeanSquaredError, row.MeanAbsoluteError, row.RSquared })
            {
                text.Append("  ").Append(Format(value).PadLeft(12));
            }
        }

        text.Append('\n').Append(Count).Append(" samples");
        return text.ToString();
    }

    private static string Format(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
