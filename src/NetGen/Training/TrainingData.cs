using System;
using NetGen.Data;

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

/// <summary>
/// Builds <see cref="TrainingData{T}"/> for <see cref="float"/> networks from a <see cref="TabularDataSet"/>. The
/// choice of targets stays explicit: the raw target column (one output) or one-hot class vectors.
/// </summary>
public static class TrainingData
{
    /// <summary>
    /// The features with the raw target column as the single output of each sample: for regression, and for binary
    /// classification with one sigmoid output (targets 0 and 1).
    /// </summary>
    /// <param name="data">The data set; its arrays are used as they are, not copied.</param>
    public static TrainingData<float> WithRawTargets(TabularDataSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new TrainingData<float>(data.Features, data.Targets, data.FeatureCount, 1);
    }

    /// <summary>
    /// The features with each class number expanded to a one-hot vector of <paramref name="classCount"/> outputs
    /// (<see cref="TabularDataSet.OneHot"/>): for a softmax output trained with categorical cross-entropy.
    /// </summary>
    /// <param name="data">The data set; its features are used as they are, the one-hot targets are a new array.</param>
    /// <param name="classCount">The number of classes, the network's output count.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A target is not an integer in [0, <paramref name="classCount"/>).</exception>
    public static TrainingData<float> WithOneHotTargets(TabularDataSet data, int classCount)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new TrainingData<float>(data.Features, data.OneHot(classCount), data.FeatureCount, classCount);
    }
}
