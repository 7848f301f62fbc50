using System;
using NetGen.Schedules;

namespace NetGen.Training;

/// <summary>How <see cref="Trainer.Fit"/> trains.</summary>
public sealed record TrainingOptions
{
    private readonly int _epochs;
    private readonly int _batchSize = 32;

    /// <summary>The number of passes over the training data; required, at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public required int Epochs
    {
        get => _epochs;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Epochs));
            _epochs = value;
        }
    }

    /// <summary>
    /// Samples per update: 0 for full-batch gradient descent, 1 for SGD, n for mini-batches of n (the last one of an
    /// epoch keeps the samples that remain, so it may be shorter; a batch larger than the data is one full batch).
    /// 32 by default, as Keras' <c>fit</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int BatchSize
    {
        get => _batchSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(BatchSize));
            _batchSize = value;
        }
    }

    /// <summary>
    /// How each epoch's <see cref="EpochRecord.TrainingMetrics"/> are computed: by default from the outputs of the
    /// updates themselves (as Keras reports training metrics: no extra pass, each sample scored in training mode by the
    /// weights before the update that used it); <see cref="EpochMetricsSource.ExactPass"/> scores the training data
    /// after the epoch in inference mode, as <c>Evaluate</c> would, at the cost of one more forward pass per epoch.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of <see cref="EpochMetricsSource"/>'s.</exception>
    public EpochMetricsSource TrainingMetrics
    {
        get => _trainingMetrics;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(TrainingMetrics), value, "TrainingMetrics must be FromUpdates, ExactPass or None.");
            }

            _trainingMetrics = value;
        }
    }

    private readonly EpochMetricsSource _trainingMetrics = EpochMetricsSource.FromUpdates;

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

    /// <summary>
    /// Receives every epoch's record as soon as the epoch ends, on the training thread. (<see cref="Progress{T}"/> posts
    /// to the thread pool from a console app, so its reports may arrive late and out of order; a callback in
    /// <see cref="Callbacks"/> runs in order.)
    /// </summary>
    public IProgress<EpochRecord>? Progress { get; init; }

    /// <summary>
    /// Code run at the start and end of training, of every epoch and after every update, in this order; empty by default.
    /// </summary>
    /// <exception cref="ArgumentNullException">The list, or an item of it, is <see langword="null"/>.</exception>
    public System.Collections.Generic.IReadOnlyList<TrainingCallback> Callbacks
    {
        get => _callbacks;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Callbacks));
            for (var i = 0; i < value.Count; i++)
            {
                if (value[i] is null)
                {
                    throw new ArgumentNullException(nameof(Callbacks), $"Callbacks[{i}] is null.");
                }
            }

            _callbacks = [.. value];
        }
    }

    private readonly TrainingCallback[] _callbacks = [];

    /// <summary>
    /// What Fit prints while it trains, as Keras' <c>verbose</c>: <see cref="Verbosity.Silent"/> (the default) nothing,
    /// <see cref="Verbosity.Epochs"/> one line per epoch, <see cref="Verbosity.Bar"/> also a live bar within each epoch
    /// (on an interactive console only). The lines go to <see cref="ProgressWriter"/>; <see cref="ConsoleProgress"/>
    /// describes them.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not one of <see cref="Training.Verbosity"/>'s.</exception>
    public Verbosity Verbosity
    {
        get => _verbosity;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(Verbosity), value, "Verbosity must be Silent, Epochs or Bar.");
            }

            _verbosity = value;
        }
    }

    private readonly Verbosity _verbosity;

    /// <summary>
    /// Where <see cref="Verbosity"/> prints: <see langword="null"/> (the default) for <see cref="Console.Out"/>, where
    /// the bar is redrawn in place unless the output is redirected; any other writer gets plain lines only.
    /// </summary>
    public System.IO.TextWriter? ProgressWriter { get; init; }

    /// <summary>
    /// Whether the end-of-epoch metrics pass (one <c>Predict</c> over the validation data, or the training data without
    /// it) runs on every core through <see cref="Parallelism.PredictParallel{T}"/>; off by default. The metrics are the
    /// same bit for bit either way. Training itself and the validation loss stay on the calling thread.
    /// </summary>
    public bool ParallelEvaluation { get; init; }

    /// <summary>
    /// The most threads each update uses (<c>MaxDegreeOfParallelism</c> of the network, for the duration of Fit):
    /// <see langword="null"/> (the default) leaves the network's own setting, which is 1 unless changed; 1 for the calling
    /// thread alone; −1 for one per processor; n for at most n. Any value but 1 gives the same results bit for bit on any
    /// number of threads; a mini-batch too small to pay for another thread, and networks with batch norm or dropout, stay
    /// on the calling thread. docs/training.md has the details and the measured scaling.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0 or below −1.</exception>
    public int? MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init
        {
            if (value is 0 or < -1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), value, "MaxDegreeOfParallelism must be null (the network's own setting), -1 (one thread per processor) or at least 1.");
            }

            _maxDegreeOfParallelism = value;
        }
    }

    private readonly int? _maxDegreeOfParallelism;

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
/// <param name="Patience">The epochs without improvement after which training stops; at least 1.</param>
/// <param name="MinDelta">How much lower than the best so far a loss must be to count as an improvement; finite and at least 0.</param>
/// <param name="RestoreBestWeights">Whether training ends with the parameters and batch-norm running statistics of the best epoch.</param>
/// <exception cref="ArgumentOutOfRangeException"><paramref name="Patience"/> or <paramref name="MinDelta"/> is outside its range.</exception>
public sealed record EarlyStopping(int Patience, double MinDelta = 0, bool RestoreBestWeights = true)
{
    private readonly int _patience = RequirePatience(Patience);
    private readonly double _minDelta = RequireMinDelta(MinDelta);

    /// <summary>The epochs without improvement after which training stops; at least 1.</summary>
    public int Patience
    {
        get => _patience;
        init => _patience = RequirePatience(value);
    }

    /// <summary>How much lower than the best so far a loss must be to count as an improvement; finite and at least 0.</summary>
    public double MinDelta
    {
        get => _minDelta;
        init => _minDelta = RequireMinDelta(value);
    }

    private static int RequirePatience(int value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Patience));
        return value;
    }

    private static double RequireMinDelta(double value) =>
        value >= 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MinDelta), value, "MinDelta must be a finite number of at least 0.");
}
