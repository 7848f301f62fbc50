using System;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Threading;
using NetGen.Schedules;

namespace NetGen.Training;

/// <summary>
/// The training loop for any generated network: epochs of shuffled mini-batches, learning-rate and batch-size
/// schedules, validation, early stopping, progress and cancellation — Keras' <c>fit</c> for NetGen networks.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="training"/> and returns one record per epoch.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Each epoch takes ⌈N / batch⌉ updates (one for full-batch training; with batch norm, a last batch of a single
    /// sample is merged into the one before it, and batches of 1 are rejected); the last mini-batch keeps whatever samples
    /// remain. After every epoch the validation loss is the network's inference-mode
    /// <see cref="INetwork{T}.ComputeLoss"/>, which leaves the gradients alone, and the validation metrics come from one
    /// <see cref="IPredictor{T}.Predict"/> over the validation data; the training metrics, by default, from the outputs
    /// of the epoch's own updates (<see cref="TrainingOptions.TrainingMetrics"/>). docs/training.md says how each number
    /// of <see cref="EpochRecord"/> is computed.
    /// </para>
    /// <para>
    /// Divergence stops training, as Keras' <c>TerminateOnNaN</c> does: when an update's loss is NaN or infinite, or
    /// after an epoch a parameter, an optimizer state value, a running statistic or the validation loss is, <c>Fit</c>
    /// puts back the network's state from the end of the last whole epoch (parameters, running statistics, optimizer
    /// state, step count, dropout stream; the state it started from if that was the first epoch), then the best
    /// epoch's weights if <see cref="EarlyStopping.RestoreBestWeights"/> asks for them, and returns the history of the
    /// whole epochs with <see cref="TrainingHistory.Divergence"/> saying where and what. Testing the loss each update
    /// computes anyway is the only per-update cost; the state is copied once per epoch, into buffers allocated once.
    /// </para>
    /// <para>
    /// The data is checked once per data set and loss, before the first update: binary cross-entropy needs targets in
    /// [0, 1]; categorical cross-entropy (with more than one output) needs target rows that are one-hot or a
    /// probability distribution. A learning-rate schedule that returns a negative, NaN or infinite rate (also one that
    /// only overflows the network's precision) throws before any update uses it.
    /// </para>
    /// <para>
    /// <see cref="TrainingOptions.Verbosity"/> prints progress to the console (nothing by default), through a
    /// <see cref="ConsoleProgress"/> that runs before the other callbacks.
    /// <see cref="TrainingOptions.Callbacks"/> run at the start and end of training, of every epoch and after every
    /// update (<see cref="TrainingCallback"/> says when exactly); one may stop training, which ends it as early stopping
    /// does, with <see cref="TrainingHistory.StopReason"/> saying why.
    /// </para>
    /// <para>
    /// Cancellation is checked before every update: <see cref="OperationCanceledException"/> leaves the network as the
    /// last completed update left it (best weights are not restored). No update allocates; buffers grow only when a
    /// batch-size schedule asks for a larger batch than any before. The same seeds give bit-identical records (but for
    /// <see cref="EpochRecord.Elapsed"/>) and parameters.
    /// </para>
    /// </remarks>
    /// <param name="network">The network; trained in place, starting from its current parameters and optimizer state.</param>
    /// <param name="training">The training samples.</param>
    /// <param name="options">Epochs, batch size, shuffling, schedules, early stopping and progress.</param>
    /// <param name="validation">Samples to validate on after every epoch, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops training between two updates.</param>
    /// <returns>One record per completed epoch, with the best epoch, whether training stopped early, and where it diverged if it did.</returns>
    /// <exception cref="ArgumentException">
    /// The data does not have the network's input or output count per sample, its targets do not suit the network's
    /// loss (the parameter is <paramref name="training"/> or <paramref name="validation"/>; the message names the row),
    /// or the network's state is not finite before training.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">Batch norm would train on batches of one sample (the parameter is <paramref name="options"/>).</exception>
    /// <exception cref="InvalidOperationException">
    /// The batch-size schedule returned a negative batch size, or the learning-rate schedule a rate that is negative or
    /// not finite in the network's precision (the message names the schedule and the update).
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static TrainingHistory Fit<T>(
        INetwork<T> network,
        TrainingData<T> training,
        TrainingOptions options,
        TrainingData<T>? validation = null,
        CancellationToken cancellationToken = default)
        where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        RequireShape(network, training, nameof(training));
        training.RequireTargetsFor(network.Loss, nameof(training));
        if (validation is not null)
        {
            RequireShape(network, validation, nameof(validation));
            validation.RequireTargetsFor(network.Loss, nameof(validation));
        }

        // The state of the end of the last whole epoch, to go back to when training diverges (Keras' TerminateOnNaN
        // stops; NetGen also undoes the updates that made the weights NaN). A second copy takes each epoch's end state
        // and becomes the kept one only once it is found finite, so checking costs one copy per epoch and nothing per update.
        var lastFinite = new NetworkState<T>(network);
        var candidate = new NetworkState<T>(network);
        if (lastFinite.Capture(network) is { } broken)
        {
            lastFinite.Dispose();
            candidate.Dispose();
            throw new ArgumentException(
                $"The network's {Describe(broken.Source)} {broken.Value.ToString(CultureInfo.InvariantCulture)} before training; reinitialize or reload it before training.",
                nameof(network));
        }

        var count = training.Count;
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var random = new DeterministicRandom(unchecked((ulong)(long)options.ShuffleSeed));
        var schedule = options.LearningRateSchedule;
        schedule?.Reset();
        var baseLearningRate = double.CreateTruncating(network.LearningRate);
        var layerNorms = new T[network.LayerCount];
        // Validation metrics come from one inference pass after each epoch; training metrics, by default, from the predictions
        // each update made anyway (as Keras reports them), recorded in the data's order: classes straight from the logits.
        var validationEvaluation = validation is null ? null : new Evaluator<T>(network, validation, options.ParallelEvaluation);
        var trainingEvaluation = options.TrainingMetrics == EpochMetricsSource.None ? null : new Evaluator<T>(network, training, options.ParallelEvaluation);
        var metricsFromUpdates = options.TrainingMetrics == EpochMetricsSource.FromUpdates;
        T[] batchInputs = [];
        T[] batchTargets = [];
        T[] batchOutputs = [];
        // The best epoch's weights, as Keras' get_weights: the parameters and the batch-norm running statistics
        // (which the inference-mode validation loss depended on). The optimizer state is not part of it.
        var restoreBest = options.EarlyStopping is { RestoreBestWeights: true };
        T[]? bestParameters = restoreBest ? new T[network.ParameterCount] : null;
        T[]? bestRunningStatistics = restoreBest ? new T[network.RunningStatisticsCount] : null;

        var history = new TrainingHistory();
        var context = new TrainingContext<T>(network, training, validation, options, history, baseLearningRate) { LayerGradientNorms = layerNorms };
        // The built-in console output runs first, so its epoch line comes before anything the other callbacks print.
        // An array, so the per-update loop over it allocates no enumerator.
        TrainingCallback[] callbacks = options.Verbosity == Verbosity.Silent
            ? [.. options.Callbacks]
            : [new ConsoleProgress(options.Verbosity, options.ProgressWriter), .. options.Callbacks];
        var best = double.PositiveInfinity;
        var epochsWithoutImprovement = 0;
        long step = 0;
        var degreeOfParallelism = network.MaxDegreeOfParallelism;
        try
        {
            if (options.MaxDegreeOfParallelism is { } threads)
            {
                network.MaxDegreeOfParallelism = threads;
            }

            foreach (var callback in callbacks)
            {
                callback.OnTrainingBegin(context);
            }

            for (var epoch = 0; epoch < options.Epochs && !context.StopRequested; epoch++)
            {
                var started = Stopwatch.GetTimestamp();
                context.Epoch = epoch + 1;
                var batchSize = BatchSizeFor(options, epoch, count);
                var batchNorm = network.RunningStatisticsCount > 0;
                if (batchNorm && batchSize < 2)
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(options),
                        batchSize,
                        $"Epoch {epoch + 1} would train with batches of 1, but batch normalization needs at least 2 samples per batch to estimate a mean and variance.");
                }

                // With batch norm a last batch of a single sample cannot be normalized: it joins the batch before it.
                var updates = (count + batchSize - 1) / batchSize;
                var mergeLastSample = batchNorm && updates > 1 && count % batchSize == 1;
                if (mergeLastSample)
                {
                    updates--;
                }

                var largestBatch = mergeLastSample ? batchSize + 1 : batchSize;
                if (batchInputs.Length < largestBatch * training.InputCount)
                {
                    batchInputs = new T[largestBatch * training.InputCount];
                    batchTargets = new T[largestBatch * training.OutputCount];
                    batchOutputs = metricsFromUpdates ? new T[largestBatch * training.OutputCount] : [];
                }

                if (options.Shuffle)
                {
                    random.Shuffle<int>(order);
                }

                foreach (var callback in callbacks)
                {
                    callback.OnEpochBegin(context);
                }

                // A stop asked for before the epoch's first update ends training without the epoch.
                if (context.StopRequested)
                {
                    break;
                }

                var lossSum = 0.0;
                var samplesSeen = 0;
                var updatesDone = 0;
                var normSum = 0.0;
                var layerNormSums = new double[network.LayerCount];
                for (var update = 0; update < updates; update++)
                {
                    // Between updates, never inside one: a cancelled run leaves the parameters, the optimizer state and
                    // StepCount exactly as the last completed TrainStep left them.
                    cancellationToken.ThrowIfCancellationRequested();

                    // The last mini-batch keeps the samples that remain (count % batchSize of them, when that is not 0),
                    // one more when a lone last sample was merged into it for batch norm.
                    var length = update == updates - 1 ? count - update * batchSize : batchSize;
                    var rows = order.AsSpan(update * batchSize, length);
                    var inputs = Gather(training.Inputs, training.InputCount, rows, batchInputs);
                    var targets = Gather(training.Targets, training.OutputCount, rows, batchTargets);
                    if (schedule is not null)
                    {
                        network.LearningRate = ScheduledRate(schedule, new SchedulePosition(epoch, step, updates), baseLearningRate, network);
                    }

                    // The loss is computed anyway; testing it is the whole per-update cost of noticing divergence.
                    var loss = double.CreateTruncating(network.TrainStep(inputs, targets));
                    step++;
                    if (!double.IsFinite(loss))
                    {
                        return Diverged(new TrainingDivergence(epoch + 1, step, DivergenceSource.TrainingLoss, loss));
                    }

                    if (metricsFromUpdates)
                    {
                        trainingEvaluation!.RecordUpdate(rows, targets, batchOutputs);
                    }

                    lossSum += loss * rows.Length;
                    samplesSeen += rows.Length;
                    updatesDone++;
                    var gradientNorm = double.CreateTruncating(network.GradientNorm);
                    normSum += gradientNorm;
                    network.GetLayerGradientNorms(layerNorms);
                    for (var layer = 0; layer < layerNorms.Length; layer++)
                    {
                        layerNormSums[layer] += double.CreateTruncating(layerNorms[layer]);
                    }

                    context.Step = step;
                    if (callbacks.Length > 0)
                    {
                        BatchRecord? batch = null;
                        foreach (var callback in callbacks)
                        {
                            // The bounds first: they spare the monitors a virtual call on every healthy update (a NaN passes both).
                            if ((!(loss < callback.BatchLossBound) || !(gradientNorm < callback.BatchGradientNormBound)) && callback.ObservesNextBatch)
                            {
                                batch ??= new BatchRecord(epoch + 1, update + 1, updates, step, loss, rows.Length, double.CreateTruncating(network.LearningRate)) { GradientNorm = gradientNorm };
                                callback.BatchEnded(context, batch.Value);
                            }
                        }

                        // A stop asked for within an epoch ends it here: its record covers the updates made, as Keras.
                        if (context.StopRequested)
                        {
                            break;
                        }
                    }
                }

                // Every loss of the epoch was finite, but its last update may still have broken the state.
                if (candidate.Capture(network) is { } nonFinite)
                {
                    return Diverged(new TrainingDivergence(epoch + 1, step, nonFinite.Source, nonFinite.Value));
                }

                var trainingLoss = lossSum / samplesSeen;
                if (!double.IsFinite(trainingLoss))
                {
                    return Diverged(new TrainingDivergence(epoch + 1, step, DivergenceSource.TrainingLoss, trainingLoss));
                }

                double? validationLoss = validation is null
                    ? null
                    : double.CreateTruncating(network.ComputeLoss(validation.Inputs, validation.Targets));
                if (validationLoss is { } value && !double.IsFinite(value))
                {
                    return Diverged(new TrainingDivergence(epoch + 1, step, DivergenceSource.ValidationLoss, value));
                }

                (lastFinite, candidate) = (candidate, lastFinite);
                var validationMetrics = validationEvaluation?.Evaluate();
                // An epoch cut short by a callback scored only some samples: no training metrics for it.
                var trainingMetrics = trainingEvaluation is null || updatesDone < updates
                    ? null
                    : metricsFromUpdates ? trainingEvaluation.UpdateMetrics() : trainingEvaluation.Evaluate();
                var metrics = validationMetrics ?? trainingMetrics;
                var monitored = validationLoss ?? trainingLoss;
                schedule?.OnEpochEnd(epoch, monitored);

                if (monitored < best - (options.EarlyStopping?.MinDelta ?? 0))
                {
                    best = monitored;
                    history.BestEpoch = epoch + 1;
                    epochsWithoutImprovement = 0;
                    if (bestParameters is not null)
                    {
                        network.GetParameters(bestParameters);
                        network.GetRunningStatistics(bestRunningStatistics);
                    }
                }
                else
                {
                    epochsWithoutImprovement++;
                }

                for (var layer = 0; layer < layerNormSums.Length; layer++)
                {
                    layerNormSums[layer] /= updatesDone;
                }

                var record = new EpochRecord(
                    epoch + 1,
                    trainingLoss,
                    validationLoss,
                    metrics?.Accuracy,
                    metrics?.MeanAbsoluteError,
                    metrics?.RSquared,
                    double.CreateTruncating(network.LearningRate),
                    batchSize,
                    updatesDone,
                    Stopwatch.GetElapsedTime(started),
                    normSum / updatesDone,
                    layerNormSums)
                {
                    TrainingMetrics = trainingMetrics,
                    ValidationMetrics = validationMetrics,
                };
                history.Add(record);
                options.Progress?.Report(record);
                foreach (var callback in callbacks)
                {
                    callback.OnEpochEnd(context, record);
                }

                if (context.StopRequested)
                {
                    history.StoppedEarly = epoch + 1 < options.Epochs || updatesDone < updates;
                    history.StopReason = context.StopReason;
                    break;
                }

                if (options.EarlyStopping is { } early && epochsWithoutImprovement >= early.Patience)
                {
                    history.StoppedEarly = epoch + 1 < options.Epochs;
                    if (history.StoppedEarly)
                    {
                        history.StopReason = $"early stopping: the {(validation is null ? "training" : "validation")} loss has not improved for {early.Patience} epochs since epoch {history.BestEpoch}";
                    }

                    break;
                }
            }

            // A stop asked for before an epoch began (in OnTrainingBegin or OnEpochBegin) is recorded here.
            if (context.StopRequested && history.StopReason is null)
            {
                history.StoppedEarly = true;
                history.StopReason = context.StopReason;
            }

            RestoreBest();
            EndTraining();
        }
        catch
        {
            // A bar left mid-line would run into the exception's message.
            foreach (var callback in callbacks)
            {
                (callback as ConsoleProgress)?.Abandon();
            }

            throw;
        }
        finally
        {
            lastFinite.Dispose();
            candidate.Dispose();

            // The network's own setting again: the option is Fit's, as the learning rate a schedule sets.
            network.MaxDegreeOfParallelism = degreeOfParallelism;

            // Like PyTorch, where a new scheduler starts again from the optimizer's initial rate: the network leaves
            // Fit with the rate it came in with, so a second Fit with a schedule starts from the same base.
            if (schedule is not null)
            {
                network.LearningRate = T.CreateTruncating(baseLearningRate);
            }
        }

        return history;

        // Training diverged: back to the end of the last whole epoch (or the best epoch), and say where it happened.
        TrainingHistory Diverged(TrainingDivergence divergence)
        {
            lastFinite.Restore(network);
            history.Divergence = divergence;
            RestoreBest();
            EndTraining();
            return history;
        }

        // Callbacks see the final weights, with the learning rate Fit leaves the network with.
        void EndTraining()
        {
            if (schedule is not null)
            {
                network.LearningRate = T.CreateTruncating(baseLearningRate);
            }

            foreach (var callback in callbacks)
            {
                callback.OnTrainingEnd(context);
            }
        }

        // BestEpoch is 0 when no epoch completed: there is nothing to restore then; nor when the last epoch was the best.
        void RestoreBest()
        {
            if (bestParameters is not null && history.BestEpoch > 0 && history.BestEpoch != history.Count)
            {
                network.SetParameters(bestParameters);
                network.SetRunningStatistics(bestRunningStatistics);
                history.RestoredBestWeights = true;
            }
        }
    }

    /// <summary>The schedule's rate for the next update in the network's precision, which must be a finite number of at least 0.</summary>
    private static T ScheduledRate<T>(LearningRateSchedule schedule, SchedulePosition position, double baseLearningRate, INetwork<T> network)
        where T : unmanaged, INumberBase<T>
    {
        var rate = schedule.GetLearningRate(position, baseLearningRate);
        var networkRate = T.CreateTruncating(rate);
        if (!(rate >= 0) || !T.IsFinite(networkRate))
        {
            var text = rate.ToString("R", CultureInfo.InvariantCulture);
            var precision = double.IsFinite(rate) && rate >= 0 ? $" ({text} overflows the network's {typeof(T).Name} precision)" : "";
            throw new InvalidOperationException(
                $"The learning-rate schedule {schedule.GetType().Name} returned {text} for update {position.Step + 1} (epoch {position.Epoch + 1}) of {network.GetType().Name}{precision}; a learning rate must be a finite number of at least 0. " +
                "The updates before it were applied; no update used this rate.");
        }

        return networkRate;
    }

    private static string Describe(DivergenceSource source) => source switch
    {
        DivergenceSource.Parameters => "parameters include",
        DivergenceSource.OptimizerState => "optimizer state includes",
        _ => "batch-norm running statistics include",
    };

    private static void RequireShape<T>(INetwork<T> network, TrainingData<T> data, string name)
        where T : unmanaged
    {
        if (data.InputCount != network.InputCount || data.OutputCount != network.OutputCount)
        {
            throw new ArgumentException(
                $"The network takes {network.InputCount} inputs and gives {network.OutputCount} outputs per sample, but the data has {data.InputCount} inputs and {data.OutputCount} targets per sample.",
                name);
        }
    }

    private static int BatchSizeFor(TrainingOptions options, int epoch, int count)
    {
        var batchSize = options.BatchSizeSchedule?.GetBatchSize(epoch, options.BatchSize) ?? options.BatchSize;
        if (batchSize < 0)
        {
            throw new InvalidOperationException(
                $"The batch-size schedule {options.BatchSizeSchedule!.GetType().Name} returned {batchSize} for epoch {epoch + 1}; a batch size must be 0 (full batch) or positive.");
        }

        return batchSize == 0 ? count : Math.Min(batchSize, count);
    }

    /// <summary>Copies the rows <paramref name="rows"/> of a row-major table into <paramref name="destination"/>.</summary>
    private static ReadOnlySpan<T> Gather<T>(T[] source, int width, ReadOnlySpan<int> rows, T[] destination)
    {
        // Rows of a few values (one target, two inputs) are copied value by value: a CopyTo per row is a call to copy a
        // handful of bytes, and on a net as small as 2-16-16-1 the two gathers of an update cost as much as 3% of its step.
        if (width == 1)
        {
            for (var r = 0; r < rows.Length; r++)
            {
                destination[r] = source[rows[r]];
            }
        }
        else if (width <= SmallRow)
        {
            for (var r = 0; r < rows.Length; r++)
            {
                var from = source.AsSpan(rows[r] * width, width);
                var to = destination.AsSpan(r * width, width);
                for (var k = 0; k < from.Length; k++)
                {
                    to[k] = from[k];
                }
            }
        }
        else
        {
            for (var r = 0; r < rows.Length; r++)
            {
                source.AsSpan(rows[r] * width, width).CopyTo(destination.AsSpan(r * width, width));
            }
        }

        return destination.AsSpan(0, rows.Length * width);
    }

    /// <summary>The widest row <see cref="Gather"/> copies value by value rather than by a <c>CopyTo</c>.</summary>
    private const int SmallRow = 4;
}
