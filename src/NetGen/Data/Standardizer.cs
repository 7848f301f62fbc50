using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace NetGen.Data;

/// <summary>
/// Rescales each feature to mean 0 and standard deviation 1 with statistics of the training data:
/// <c>x′ = (x − mean) / std</c>.
/// </summary>
/// <remarks>
/// <para>
/// Fit on the training set only, then transform the training set, the test set and every new sample with the same
/// statistics. Fitting on data that includes the test set leaks information about it into training, and the test
/// score then overstates how well the network does on new data.
/// </para>
/// <para>
/// The standard deviation is the population one, <c>√(Σ(x − mean)² / n)</c> (NumPy's <c>std</c>, scikit-learn's
/// <c>StandardScaler</c>), computed in double in two passes. A feature with standard deviation 0 (constant in the
/// training data) is centered but not scaled: dividing would make every training value 0/0 = NaN and any different
/// test value infinite, either of which would spread through the network's weights. Centered, the constant becomes
/// 0 and contributes nothing to training, which is right for a feature that carries no information, and other
/// values keep their difference from it in the original units.
/// </para>
/// </remarks>
public sealed partial class Standardizer
{
    private readonly ReadOnlyCollection<string> _featureNames;
    private readonly double[] _means;
    private readonly double[] _standardDeviations;

    private Standardizer(ReadOnlyCollection<string> featureNames, double[] means, double[] standardDeviations)
    {
        _featureNames = featureNames;
        _means = means;
        _standardDeviations = standardDeviations;
    }

    /// <summary>The names of the features it was fitted on, which <see cref="Transform(TabularDataSet)"/> requires.</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames;

    /// <summary>The mean of each feature in the training data.</summary>
    public ReadOnlySpan<double> Means => _means;

    /// <summary>The population standard deviation of each feature in the training data (0 for a constant feature).</summary>
    public ReadOnlySpan<double> StandardDeviations => _standardDeviations;

    /// <summary>Computes the mean and population standard deviation of every feature of <paramref name="train"/>.</summary>
    /// <param name="train">The training data (a data set has at least one row). Its targets are not used.</param>
    public static Standardizer Fit(TabularDataSet train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var (means, standardDeviations) = ColumnStatistics(train.Features, train.FeatureCount);
        return new Standardizer(Array.AsReadOnly([.. train.FeatureNames]), means, standardDeviations);
    }

    /// <summary>The mean and population standard deviation of each column of row-major <paramref name="values"/>, in double, in two passes.</summary>
    internal static (double[] Means, double[] StandardDeviations) ColumnStatistics(float[] values, int width)
    {
        var count = values.Length / width;
        var means = new double[width];
        var standardDeviations = new double[width];
        for (var j = 0; j < width; j++)
        {
            // mean = Σx / n, then std = √(Σ(x − mean)² / n): two passes, which stay accurate when the mean is large.
            var sum = 0.0;
            for (var i = j; i < values.Length; i += width)
            {
                sum += values[i];
            }

            var mean = sum / count;
            var squares = 0.0;
            for (var i = j; i < values.Length; i += width)
            {
                var deviation = values[i] - mean;
                squares += deviation * deviation;
            }

            means[j] = mean;
            standardDeviations[j] = Math.Sqrt(squares / count);
        }

        return (means, standardDeviations);
    }

    /// <summary>Returns a new data set with standardized features and the same targets; <paramref name="data"/> is unchanged.</summary>
    /// <param name="data">Data with the same feature columns, in the same order, as the data this was fitted on.</param>
    /// <exception cref="ArgumentException">The feature columns of <paramref name="data"/> differ from the fitted ones.</exception>
    public TabularDataSet Transform(TabularDataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        for (var j = 0; j < Math.Max(data.FeatureCount, _featureNames.Count); j++)
        {
            var expected = j < _featureNames.Count ? _featureNames[j] : "(none)";
            var actual = j < data.FeatureCount ? data.FeatureNames[j] : "(none)";
            if (expected != actual)
            {
                throw new ArgumentException(
                    $"Feature {j} is '{actual}', but the standardizer was fitted on '{expected}' there; the columns must match.",
                    nameof(data));
            }
        }

        var features = (float[])data.Features.Clone();
        TransformInPlace(features);
        return data.WithValues(features, (float[])data.Targets.Clone());
    }

    /// <summary>Standardizes rows of features in place, such as a new sample before <see cref="IPredictor{T}.Predict"/>.</summary>
    /// <param name="rows">Whole rows of the fitted features, row-major.</param>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is not whole rows of the fitted width.</exception>
    public void TransformInPlace(Span<float> rows)
    {
        var width = _means.Length;
        if (rows.Length % width != 0)
        {
            throw new ArgumentException(
                $"Expected whole rows of {width} features, but got {rows.Length} values.", nameof(rows));
        }

        for (var i = 0; i < rows.Length; i++)
        {
            var j = i % width;
            var centered = rows[i] - _means[j];
            rows[i] = (float)(_standardDeviations[j] == 0 ? centered : centered / _standardDeviations[j]);
        }
    }
}
