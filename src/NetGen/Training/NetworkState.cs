using System;
using System.Buffers;
using System.Numerics;

namespace NetGen.Training;

/// <summary>
/// Everything a training update changes — parameters, batch-norm running statistics, optimizer state, step and batch
/// counts, the dropout stream — copied out of a network so that it can be put back exactly.
/// </summary>
/// <remarks>
/// Its buffers are rented from <see cref="ArrayPool{T}.Shared"/> and given back by <see cref="Dispose"/>: every
/// <c>Fit</c> takes two of these, and for a large net with Adam that is megabytes, which freshly allocated cost more in
/// page faults (and the collections of the large-object heap they cause) than a short <c>Fit</c>'s updates.
/// </remarks>
internal sealed class NetworkState<T> : IDisposable
    where T : unmanaged, INumberBase<T>
{
    private readonly int _parameterCount;
    private readonly int _runningStatisticsCount;
    private readonly int _optimizerStateCount;
    private T[] _parameters;
    private T[] _runningStatistics;
    private T[] _optimizerState;
    private readonly ulong[]? _dropout;
    private long _stepCount;
    private long _batchesTracked;

    public NetworkState(INetwork<T> network)
    {
        _parameterCount = network.ParameterCount;
        _runningStatisticsCount = network.RunningStatisticsCount;
        _optimizerStateCount = network.OptimizerStateCount;
        _parameters = ArrayPool<T>.Shared.Rent(_parameterCount);
        _runningStatistics = ArrayPool<T>.Shared.Rent(_runningStatisticsCount);
        _optimizerState = ArrayPool<T>.Shared.Rent(_optimizerStateCount);
        _dropout = network.DropoutRandom is null ? null : new ulong[DeterministicRandom.StateLength];
    }

    private Span<T> Parameters => _parameters.AsSpan(0, _parameterCount);

    private Span<T> RunningStatistics => _runningStatistics.AsSpan(0, _runningStatisticsCount);

    private Span<T> OptimizerState => _optimizerState.AsSpan(0, _optimizerStateCount);

    /// <summary>Gives the buffers back to the pool; the state cannot be captured or restored after this.</summary>
    public void Dispose()
    {
        ArrayPool<T>.Shared.Return(_parameters);
        ArrayPool<T>.Shared.Return(_runningStatistics);
        ArrayPool<T>.Shared.Return(_optimizerState);
        _parameters = _runningStatistics = _optimizerState = [];
    }

    /// <summary>
    /// Copies the network's state; returns what is not finite in it (with the first such value), or null when all is.
    /// Allocates nothing.
    /// </summary>
    public (DivergenceSource Source, double Value)? Capture(INetwork<T> network)
    {
        network.GetParameters(Parameters);
        network.GetRunningStatistics(RunningStatistics);
        network.GetOptimizerState(OptimizerState);
        _stepCount = network.StepCount;
        _batchesTracked = network.BatchesTracked;
        network.DropoutRandom?.GetState(_dropout);
        return FirstNonFinite(Parameters) is { } parameter ? (DivergenceSource.Parameters, parameter)
            : FirstNonFinite(OptimizerState) is { } state ? (DivergenceSource.OptimizerState, state)
            : FirstNonFinite(RunningStatistics) is { } statistic ? (DivergenceSource.RunningStatistics, statistic)
            : null;
    }

    /// <summary>Puts the captured state back into <paramref name="network"/>.</summary>
    public void Restore(INetwork<T> network)
    {
        network.SetParameters(Parameters);
        network.SetRunningStatistics(RunningStatistics);
        network.SetOptimizerState(OptimizerState);
        network.StepCount = _stepCount;
        network.BatchesTracked = _batchesTracked;
        network.DropoutRandom?.SetState(_dropout);
    }

    private static double? FirstNonFinite(ReadOnlySpan<T> values)
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
