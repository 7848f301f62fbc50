using System;
using System.Linq;
using NetGen.Monitoring;
using NetGen.Training;

namespace NetGen.Tests.Monitoring;

/// <summary>
/// NG6002's per-feature statistics, computed in SIMD vectors over whole rows with a scalar tail: on 11 features (a full
/// vector and a tail at every vector width) they match a plain two-pass computation in float and double data.
/// </summary>
public class MonitorInputStatisticsTests
{
    private const int Samples = 203;
    private const int Features = 11;

    [Fact]
    public void InputStatistics_Float_MatchTwoPassMeansAndDeviations()
    {
        var values = Values();
        var data = new TrainingData<float>(values.Select(v => (float)v).ToArray(), new float[Samples], Features, 1);
        AssertStatistics(data.Inputs.Select(v => (double)v).ToArray(), TrainingMonitors.InputStatistics(data));
    }

    [Fact]
    public void InputStatistics_Double_MatchTwoPassMeansAndDeviations()
    {
        var values = Values();
        var data = new TrainingData<double>(values, new double[Samples], Features, 1);
        AssertStatistics(values, TrainingMonitors.InputStatistics(data));
    }

    /// <summary>Feature f: mean 10^(f − 3) · (f odd ? −1 : 1) and deviation 0.1 · (f + 1), but feature 5 constant at 7.</summary>
    private static double[] Values()
    {
        var random = new DeterministicRandom(5);
        var values = new double[Samples * Features];
        for (var s = 0; s < Samples; s++)
        {
            for (var f = 0; f < Features; f++)
            {
                values[(s * Features) + f] = f == 5 ? 7 : (Math.Pow(10, f - 3) * (f % 2 == 1 ? -1 : 1)) + (0.1 * (f + 1) * random.NextNormal());
            }
        }

        return values;
    }

    private static void AssertStatistics(double[] values, (double[] Means, double[] Deviations) statistics)
    {
        for (var f = 0; f < Features; f++)
        {
            var column = Enumerable.Range(0, Samples).Select(s => values[(s * Features) + f]).ToArray();
            var mean = column.Average();
            var deviation = Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / Samples);
            Assert.Equal(mean, statistics.Means[f], Math.Abs(mean) * 1e-12);
            Assert.Equal(deviation, statistics.Deviations[f], Math.Max(deviation * 1e-9, 1e-12));
        }

        Assert.Equal(0, statistics.Deviations[5]);
        Assert.Equal(7, statistics.Means[5]);
    }
}
