using System;
using NetGen.Schedules;

namespace NetGen.Training;

/// <summary>How <see cref="Trainer.Fit"/> trains.</summary>
public sealed record TrainingOptions
{
    /// <summary>The number of passes over the training data; required, at least 1.</summary>
    public required int Epochs { get; init; }

    /// <summary>
    /// Samples per update: 0 for full-batch gradient descent, 1 for SGD, n for mini-batches of n (the last one of an
    /// epoch keeps the samples that remain, so it may be shorter; a batch larger than the data is one full batch).
    /// 32 by default, as Keras' <c>fit</c>.
    /// </summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Whether each epoch visits the samples in a new random order (from <see cref="ShuffleSeed"/>).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The seed of the shuffling; the same seed gives the same order, epoch by epoch.</summary>
    public int ShuffleSeed { get; init; }

    /// <summary>Sets the network's learning rate before every update; none keeps it as it is.</summary>
    public LearningRateSchedule? LearningRateSchedule { get; init; }

    /// <summary>Sets the batch size at the start of every epoch; none keeps <see cref="BatchSize"/>.</summary>
    public BatchSizeSchedule? BatchSizeSchedule { get; init; }

    /// <summary>Stops when the monitored loss stops improving; none trains every epoch.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Receives every epoch's record as soon as the epoch ends.</summary>
    public IProgress<EpochRecord>? Progress { get; init; }

    /// <summary>
    /// Whether the end-of-epoch metrics pass (one <c>Predict</c> over the validation data, or the training data without
    /// it) runs on every core through <see cref="Parallelism.PredictParallel{T}"/>; off by default. The metrics are the
    /// same bit for bit either way. Training itself and the validation loss stay on the calling thread.
    /// </summary>
    public bool ParallelEvaluation { get; init; }

    /// <summary>
    /// Options with the epochs and batch size the network's <c>[Training]</c> attribute declares (the batch size
    /// defaults to 32 when only the epochs are declared); change the rest with a <c>with</c> expression.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The network declares no <c>[Training(Epochs = ...)]</c>.</exception>
    public static TrainingOptions For<T>(INetwork<T> network)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(network);
        var declared = network.DeclaredTraining;
        if (declared.Epochs is not { } epochs)
        {
            throw new ArgumentException(
                $"{network.GetType().Name} declares no epoch count; add [Training(Epochs = ...)] to it or create TrainingOptions with Epochs set.",
                nameof(network));
        }

        return new TrainingOptions { Epochs = epochs, BatchSize = declared.BatchSize ?? 32 };
    }
}

/// <summary>
/// Keras' <c>EarlyStopping</c>: stop after <paramref name="Patience"/> epochs in which the monitored loss (validation
/// loss, or training loss without validation data) did not fall below the best so far by more than
/// <paramref name="MinDelta"/>; with <paramref name="RestoreBestWeights"/>, end with the parameters of the best epoch.
/// </summary>
public sealed record EarlyStopping(int Patience, double MinDelta = 0, bool RestoreBestWeights = true);
