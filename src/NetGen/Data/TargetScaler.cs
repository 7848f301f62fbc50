using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using NetGen.Serialization;

namespace NetGen.Data;

/// <summary>
/// Standardizes regression targets, <c>y′ = (y − mean) / std</c> per target column with statistics of the training
/// data, and turns a network's predictions back into the targets' units: <c>y = y′ · std + mean</c>.
/// </summary>
/// <remarks>
/// <para>
/// Targets of hundreds (house prices, disease progression scores) make the first losses and gradients huge; scaled to
/// mean 0 and standard deviation 1 they train with the usual learning rates, as scikit-learn's
/// <c>TransformedTargetRegressor(transformer=StandardScaler())</c> does. Fit on the training set only; a constant
/// target column is centered, not scaled, as <see cref="Standardizer"/> does with a constant feature.
/// </para>
/// <para>
/// Save it beside the network (<see cref="Save(string)"/>, the same safetensors format as a standardizer's, with
/// <c>netgen.kind</c> <c>target-scaler</c>): a prediction means nothing without it.
/// </para>
/// </remarks>
public sealed class TargetScaler
{
    private const string Kind = "target-scaler";
    private readonly ReadOnlyCollection<string> _targetNames;
    private readonly double[] _means;
    private readonly double[] _standardDeviations;

    private TargetScaler(ReadOnlyCollection<string> targetNames, double[] means, double[] standardDeviations)
    {
        _targetNames = targetNames;
        _means = means;
        _standardDeviations = standardDeviations;
    }

    /// <summary>The names of the target columns it was fitted on, which <see cref="Transform(TabularDataSet)"/> requires.</summary>
    public IReadOnlyList<string> TargetNames => _targetNames;

    /// <summary>The mean of each target column in the training data.</summary>
    public ReadOnlySpan<double> Means => _means;

    /// <summary>The population standard deviation of each target column in the training data (0 for a constant one).</summary>
    public ReadOnlySpan<double> StandardDeviations => _standardDeviations;

    /// <summary>Computes the mean and population standard deviation of every target column of <paramref name="train"/>.</summary>
    /// <param name="train">The training data; its targets must be numbers, not class labels.</param>
    /// <exception cref="ArgumentException">The targets of <paramref name="train"/> are class labels.</exception>
    public static TargetScaler Fit(TabularDataSet train)
    {
        ArgumentNullException.ThrowIfNull(train);
        RequireNumericTargets(train, nameof(train));
        var (means, standardDeviations) = Standardizer.ColumnStatistics(train.Targets, train.TargetCount);
        return new TargetScaler(Array.AsReadOnly([.. train.TargetNames]), means, standardDeviations);
    }

    /// <summary>Rebuilds a target scaler from statistics fitted elsewhere (scikit-learn's <c>mean_</c> and <c>scale_</c>, or a saved file's).</summary>
    /// <param name="targetNames">The target names, one per statistic; each non-blank and different from the others.</param>
    /// <param name="means">The mean of each target; finite.</param>
    /// <param name="standardDeviations">The population standard deviation of each target; finite and at least 0.</param>
    /// <exception cref="ArgumentException">The three differ in length or are empty, or a name is blank or repeated.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A statistic is not finite, or a standard deviation is negative.</exception>
    public static TargetScaler FromStatistics(IReadOnlyList<string> targetNames, ReadOnlySpan<double> means, ReadOnlySpan<double> standardDeviations)
    {
        // The same rules as a standardizer's statistics, checked by the same code (its messages say "feature").
        var checkedStatistics = Standardizer.FromStatistics(targetNames, means, standardDeviations);
        return new TargetScaler(Array.AsReadOnly([.. checkedStatistics.FeatureNames]), means.ToArray(), standardDeviations.ToArray());
    }

    /// <summary>Returns a new data set with standardized targets and the same features; <paramref name="data"/> is unchanged.</summary>
    /// <param name="data">Data with the same target columns, in the same order, as the data this was fitted on.</param>
    /// <exception cref="ArgumentException">The target columns of <paramref name="data"/> differ from the fitted ones, or are class labels.</exception>
    public TabularDataSet Transform(TabularDataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        RequireNumericTargets(data, nameof(data));
        for (var j = 0; j < Math.Max(data.TargetCount, _targetNames.Count); j++)
        {
            var expected = j < _targetNames.Count ? _targetNames[j] : "(none)";
            var actual = j < data.TargetCount ? data.TargetNames[j] : "(none)";
            if (expected != actual)
            {
                throw new ArgumentException(
                    $"Target {j} is '{actual}', but the target scaler was fitted on '{expected}' there; the columns must match.",
                    nameof(data));
            }
        }

        var targets = (float[])data.Targets.Clone();
        TransformInPlace(targets);
        return data.WithValues((float[])data.Features.Clone(), targets);
    }

    /// <summary>Standardizes rows of targets in place: <c>y′ = (y − mean) / std</c>.</summary>
    /// <param name="rows">Whole rows of the fitted targets, row-major.</param>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is not whole rows of the fitted width.</exception>
    public void TransformInPlace(Span<float> rows)
    {
        RequireWholeRows(rows.Length, nameof(rows));
        for (var i = 0; i < rows.Length; i++)
        {
            var j = i % _means.Length;
            var centered = rows[i] - _means[j];
            rows[i] = (float)(_standardDeviations[j] == 0 ? centered : centered / _standardDeviations[j]);
        }
    }

    /// <summary>Turns standardized values, such as a network's predictions, back into the targets' units in place: <c>y = y′ · std + mean</c>.</summary>
    /// <param name="rows">Whole rows of predictions, one value per fitted target, row-major.</param>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is not whole rows of the fitted width.</exception>
    public void InverseTransformInPlace(Span<float> rows)
    {
        RequireWholeRows(rows.Length, nameof(rows));
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = (float)Inverse(rows[i], i % _means.Length);
        }
    }

    /// <inheritdoc cref="InverseTransformInPlace(Span{float})"/>
    public void InverseTransformInPlace(Span<double> rows)
    {
        RequireWholeRows(rows.Length, nameof(rows));
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = Inverse(rows[i], i % _means.Length);
        }
    }

    /// <summary>Saves the statistics and target names to <paramref name="path"/> atomically (tensors <c>mean</c> and <c>std</c>, F64).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, StatisticsFile.ToBytes(Kind, _targetNames, _means, _standardDeviations));
    }

    /// <summary>Writes the statistics and target names to <paramref name="stream"/>.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(StatisticsFile.ToBytes(Kind, _targetNames, _means, _standardDeviations));
    }

    /// <summary>Loads a target scaler that <see cref="Save(string)"/> wrote.</summary>
    /// <exception cref="ModelFileException">The file is truncated, corrupt, or not a target scaler's (a standardizer's, say; the message says which).</exception>
    public static TargetScaler Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return FromFile(SafeTensorsFile.Read(stream, stream.Length));
        }
        catch (ModelFileException exception)
        {
            throw new ModelFileException($"Cannot load a target scaler from '{path}': {exception.Message}", exception);
        }
    }

    /// <summary>Loads a target scaler from <paramref name="stream"/>, reading no further than the file's end.</summary>
    /// <inheritdoc cref="Load(string)"/>
    public static TargetScaler Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            return FromFile(SafeTensorsFile.Read(stream, exactLength: null));
        }
        catch (ModelFileException exception)
        {
            throw new ModelFileException($"Cannot load a target scaler: {exception.Message}", exception);
        }
    }

    private static TargetScaler FromFile(SafeTensorsFile file)
    {
        var (names, means, deviations) = StatisticsFile.Read(file, Kind);
        try
        {
            return FromStatistics(names, means, deviations);
        }
        catch (ArgumentException exception)
        {
            throw new ModelFileException(exception.Message, exception);
        }
    }

    private double Inverse(double value, int column) =>
        _standardDeviations[column] == 0 ? value + _means[column] : (value * _standardDeviations[column]) + _means[column];

    private void RequireWholeRows(int length, string name)
    {
        if (length % _means.Length != 0)
        {
            throw new ArgumentException($"Expected whole rows of {_means.Length} targets, but got {length} values.", name);
        }
    }

    private static void RequireNumericTargets(TabularDataSet data, string name)
    {
        if (data.ClassNames is { } classNames)
        {
            throw new ArgumentException(
                $"The target column '{data.TargetName}' holds class labels ('{string.Join("', '", classNames)}'), which are not scaled.", name);
        }
    }
}
