using System;

namespace NetGen.Training;

/// <summary>
/// Samples for training or validation: inputs and targets, each row-major with <see cref="InputCount"/> and
/// <see cref="OutputCount"/> values per sample. The arrays are used as given, not copied.
/// </summary>
public sealed class TrainingData<T>
    where T : unmanaged
{
    /// <summary>Pairs <paramref name="inputs"/> with <paramref name="targets"/>, checking that they describe the same samples.</summary>
    public TrainingData(T[] inputs, T[] targets, int inputCount, int outputCount)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputCount, 1);
        Count = NetworkArguments.CountSamples(inputs.Length, inputCount, nameof(inputs), targets.Length, outputCount, nameof(targets));
        Inputs = inputs;
        Targets = targets;
        InputCount = inputCount;
        OutputCount = outputCount;
    }

    /// <summary>The inputs, <see cref="InputCount"/> per sample.</summary>
    public T[] Inputs { get; }

    /// <summary>The targets, <see cref="OutputCount"/> per sample.</summary>
    public T[] Targets { get; }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>Values per input sample.</summary>
    public int InputCount { get; }

    /// <summary>Values per target.</summary>
    public int OutputCount { get; }
}
