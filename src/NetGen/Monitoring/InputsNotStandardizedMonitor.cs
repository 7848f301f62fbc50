using System;
using System.Globalization;
using System.Linq;

namespace NetGen.Monitoring;

/// <summary>
/// NG6002: training inputs whose features are far from mean 0 and standard deviation 1, checked once before the first
/// update on the whole training set.
/// </summary>
public sealed class InputsNotStandardizedMonitor : TrainingMonitor
{
    private double _maxAbsoluteMean = 2;
    private double _maxStandardDeviation = 5;
    private double _minStandardDeviation = 0.01;

    internal InputsNotStandardizedMonitor()
        : base("NG6002", "inputs not standardized")
    {
    }

    /// <summary>A feature whose mean is further than this from 0 is not standardized; 2 by default (NetGen's choice).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number above 0.</exception>
    public double MaxAbsoluteMean
    {
        get => _maxAbsoluteMean;
        set => _maxAbsoluteMean = Require(value, double.Epsilon, double.MaxValue, nameof(MaxAbsoluteMean));
    }

    /// <summary>A feature whose standard deviation is above this is not standardized; 5 by default (NetGen's choice).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number above 0.</exception>
    public double MaxStandardDeviation
    {
        get => _maxStandardDeviation;
        set => _maxStandardDeviation = Require(value, double.Epsilon, double.MaxValue, nameof(MaxStandardDeviation));
    }

    /// <summary>
    /// A feature whose standard deviation is above 0 but below this is not standardized; 0.01 by default (NetGen's
    /// choice). Constant features (deviation 0, such as always-blank pixels) are left alone: they cannot be scaled.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a finite number of at least 0.</exception>
    public double MinStandardDeviation
    {
        get => _minStandardDeviation;
        set => _minStandardDeviation = Require(value, 0, double.MaxValue, nameof(MinStandardDeviation));
    }

    internal override bool UsesInputStatistics => true;

    internal override void Begin(MonitorSession session)
    {
        var means = session.FeatureMeans;
        var deviations = session.FeatureDeviations;

        // The usual case, standardized data, without the sorting and formatting below.
        var any = false;
        for (var f = 0; f < means.Length && !any; f++)
        {
            any = Score(means[f], deviations[f]) > 1;
        }

        if (!any)
        {
            return;
        }

        var offending = Enumerable.Range(0, means.Length)
            .Select(f => (Feature: f, Score: Score(means[f], deviations[f])))
            .Where(f => f.Score > 1)
            .OrderByDescending(f => f.Score)
            .ToList();
        if (offending.Count == 0)
        {
            return;
        }

        var worst = string.Join("; ", offending.Take(3).Select(f => string.Create(CultureInfo.InvariantCulture,
            $"feature {f.Feature + 1} has mean {Format(means[f.Feature])} and standard deviation {Format(deviations[f.Feature])}")));
        session.Report(this, null, string.Create(CultureInfo.InvariantCulture,
            $"{offending.Count} of {means.Length} input features are not standardized (expected |mean| ≤ {Format(MaxAbsoluteMean)} and a standard deviation from {Format(MinStandardDeviation)} to {Format(MaxStandardDeviation)}): {worst}. Standardize with the training set's statistics (Standardizer.Fit, then Transform)."));
    }

    /// <summary>Above 1 when the feature is out of bounds: the largest factor by which it misses one.</summary>
    private double Score(double mean, double deviation)
    {
        var score = Math.Abs(mean) / MaxAbsoluteMean;
        score = Math.Max(score, deviation / MaxStandardDeviation);
        if (deviation > 0 && MinStandardDeviation > 0)
        {
            score = Math.Max(score, MinStandardDeviation / deviation);
        }

        return score;
    }
}
