using System;
using System.Numerics;

namespace NetGen.Training;

/// <summary>
/// Everything a training update changes — parameters, batch-norm running statistics, optimizer state, step and batch
/// counts, the dropout stream — copied out of a network so that it can be put back exactly.
/// </summary>
internal sealed class NetworkState<T>
    where T : unmanaged, INumberBase<T>
{
    private readonly T[] _parameters;
    private readonly T[] _runningStatistics;
    private readonly T[] _optimizerState;
    private readonly ulong[]? _dropout;
    private long _stepCount;
    private long _batchesTracked;

    public NetworkState(INetwork<T> network)
    {
        _parameters = new T[network.ParameterCount];
        _runningStatistics = new T[network.RunningStatisticsCount];
        _optimizerState = new T[network.OptimizerStateCount];
        _dropout = network.DropoutRandom is null ? null : new ulong[DeterministicRandom.StateLength];
    }

    /// <summary>
    /// Copies the network's state; returns what is not finite in it (with the first such value), or null when all is.
    /// Allocates nothing.
    /// </summary>
    public (DivergenceSource Source, double Value)? Capture(INetwork<T> network)
    {
        network.GetParameters(_parameters);
        network.GetRunningStatistics(_runningStatistics);
        network.GetOptimizerState(_optimizerState);
        _stepCount = network.StepCount;
        _batchesTracked = network.BatchesTracked;
        network.DropoutRandom?.GetState(_dropout);
        return FirstNonFinite(_parameters) is { } parameter ? (DivergenceSource.Parameters, parameter)
            : FirstNonFinite(_optimizerState) is { } state ? (DivergenceSource.OptimizerState, state)
            : FirstNonFinite(_runningStatistics) is { } statistic ? (DivergenceSource.RunningStatistics, statistic)
            : null;
    }

    /// <summary>Puts the captured state back into <paramref name="network"/>.</summary>
    public void Restore(INetwork<T> network)
    {
        network.SetParameters(_parameters);
        network.SetRunningStatistics(_runningStatistics);
        network.SetOptimizerState(_optimizerState);
        network.StepCount = _stepCount;
        network.BatchesTracked = _batchesTracked;
        network.DropoutRandom?.SetState(_dropout);
    }

    private static double? FirstNonFinite(T[] values)
    {
        // Each epoch's check reads every parameter: a vector pass (x·0 is 0 for every finite x and NaN otherwise) finds
        // whether one is not finite; only then does the scalar loop look for the first.
        if (Vector<T>.IsSupported && Vector.IsHardwareAccelerated && AllFinite(values))
        {
            return null;
        }

        foreach (var value in values)
        {
            if (!T.IsFinite(value))
            {
                return double.CreateTruncating(value);
            }
        }

        return null;
    }

    private static bool AllFinite(ReadOnlySpan<T> values)
    {
        var products = Vector<T>.Zero;
        var vectors = values.Length - (values.Length % Vector<T>.Count);
        for (var i = 0; i < vectors; i += Vector<T>.Count)
        {
            products += new Vector<T>(values.Slice(i)) * Vector<T>.Zero;
        }

        var rest = T.Zero;
        for (var i = vectors; i < values.Length; i++)
        {
            rest += values[i] * T.Zero;
        }

        return T.IsZero(Vector.Sum(products) + rest);
    }
}
