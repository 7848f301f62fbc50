using System;
using System.Diagnostics;
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
    /// Each epoch takes ⌈N / batch⌉ updates (one for full-batch training); the last mini-batch keeps whatever samples
    /// remain. Cancellation is checked before every update: <see cref="OperationCanceledException"/> leaves the network
    /// as the last completed update left it. No update allocates; buffers grow only when a batch-size schedule asks
    /// for a larger batch than any before. The same seeds give bit-identical records (but for
    /// <see cref="EpochRecord.Elapsed"/>) and parameters.
    /// </remarks>
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
        if (validation is not null)
        {
            RequireShape(network, validation, nameof(validation));
        }

        if (options.Epochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, "TrainingOptions.Epochs must be at least 1.");
        }

        if (options.BatchSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "TrainingOptions.BatchSize must be 0 (full batch) or positive.");
        }

        if (options.EarlyStopping is { } stopping && (stopping.Patience < 1 || !(stopping.MinDelta >= 0)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), stopping, "EarlyStopping needs a Patience of at least 1 and a MinDelta of at least 0.");
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
        var evaluation = new Evaluator<T>(network, validation ?? training);
        T[] batchInputs = [];
        T[] batchTargets = [];
        T[]? bestParameters = options.EarlyStopping is { RestoreBestWeights: true } ? new T[network.ParameterCount] : null;

        var history = new TrainingHistory();
        var best = double.PositiveInfinity;
        var epochsWithoutImprovement = 0;
        long step = 0;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            var batchSize = BatchSizeFor(options, epoch, count);
            if (batchInputs.Length < batchSize * training.InputCount)
            {
                batchInputs = new T[batchSize * training.InputCount];
                batchTargets = new T[batchSize * training.OutputCount];
            }

            if (options.Shuffle)
            {
                random.Shuffle<int>(order);
            }

            var updates = (count + batchSize - 1) / batchSize;
            var lossSum = 0.0;
            var normSum = 0.0;
            var layerNormSums = new double[network.LayerCount];
            for (var update = 0; update < updates; update++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = order.AsSpan(update * batchSize, Math.Min(batchSize, count - update * batchSize));
                var inputs = Gather(training.Inputs, training.InputCount, rows, batchInputs);
                var targets = Gather(training.Targets, training.OutputCount, rows, batchTargets);
                if (schedule is not null)
                {
                    var rate = schedule.GetLearningRate(new SchedulePosition(epoch, step, updates), baseLearningRate);
                    network.LearningRate = T.CreateTruncating(rate);
                }

                lossSum += double.CreateTruncating(network.TrainStep(inputs, targets)) * rows.Length;
                normSum += double.CreateTruncating(network.GradientNorm);
                network.GetLayerGradientNorms(layerNorms);
                for (var layer = 0; layer < layerNorms.Length; layer++)
                {
                    layerNormSums[layer] += double.CreateTruncating(layerNorms[layer]);
                }

                step++;
            }

            var trainingLoss = lossSum / count;
            double? validationLoss = validation is null
                ? null
                : double.CreateTruncating(network.ComputeLoss(validation.Inputs, validation.Targets));
            var metrics = evaluation.Evaluate();
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
                }
            }
            else
            {
                epochsWithoutImprovement++;
            }

            for (var layer = 0; layer < layerNormSums.Length; layer++)
            {
                layerNormSums[layer] /= updates;
            }

            var record = new EpochRecord(
                epoch + 1,
                trainingLoss,
                validationLoss,
                metrics.Accuracy,
                metrics.MeanAbsoluteError,
                metrics.RSquared,
                double.CreateTruncating(network.LearningRate),
                batchSize,
                updates,
                watch.Elapsed,
                normSum / updates,
                layerNormSums);
            history.Add(record);
            options.Progress?.Report(record);

            if (options.EarlyStopping is { } early && epochsWithoutImprovement >= early.Patience)
            {
                history.StoppedEarly = epoch + 1 < options.Epochs;
                break;
            }
        }

        if (bestParameters is not null && history.BestEpoch != history.Count)
        {
            network.SetParameters(bestParameters);
            history.RestoredBestWeights = true;
        }

        return history;
    }

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
            throw new InvalidOperationException($"The batch-size schedule returned {batchSize} for epoch {epoch}; a batch size must be 0 (full batch) or positive.");
        }

        return batchSize == 0 ? count : Math.Min(batchSize, count);
    }

    /// <summary>Copies the rows <paramref name="rows"/> of a row-major table into <paramref name="destination"/>.</summary>
    private static ReadOnlySpan<T> Gather<T>(T[] source, int width, ReadOnlySpan<int> rows, T[] destination)
    {
        for (var r = 0; r < rows.Length; r++)
        {
            source.AsSpan(rows[r] * width, width).CopyTo(destination.AsSpan(r * width, width));
        }

        return destination.AsSpan(0, rows.Length * width);
    }
}
