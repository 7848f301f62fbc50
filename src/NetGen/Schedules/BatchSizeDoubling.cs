using System;

namespace NetGen.Schedules;

/// <summary>
/// Grows the batch instead of decaying the learning rate (Smith, Kindermans, Ying and Le, 2018, "Don't decay the
/// learning rate, increase the batch size"): <c>batch = min(base·factor^⌊epoch/everyEpochs⌋, maxBatchSize)</c>.
/// </summary>
/// <remarks>
/// A base batch size of 0 (the training loop's full batch) is returned unchanged: the full batch cannot grow. The
/// training loop caps any batch at the number of samples. Per-step learning-rate schedules that count updates per
/// epoch (<see cref="CosineAnnealingWarmRestarts"/> with <c>perStep</c>, a <see cref="OneCycle"/> sized as
/// epochs × updates) assume a constant batch size.
/// </remarks>
public sealed class BatchSizeDoubling : BatchSizeSchedule
{
    private readonly int _everyEpochs;
    private readonly int _maxBatchSize;
    private readonly int _factor;

    /// <summary>Multiplies the batch size by <paramref name="factor"/> every <paramref name="everyEpochs"/> epochs, up to <paramref name="maxBatchSize"/>.</summary>
    /// <param name="everyEpochs">The epochs between two increases; at least 1.</param>
    /// <param name="maxBatchSize">The cap; at least 1.</param>
    /// <param name="factor">The factor of each increase; at least 2. The default doubles.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public BatchSizeDoubling(int everyEpochs, int maxBatchSize, int factor = 2)
    {
        ScheduleArguments.RequireAtLeast(everyEpochs, 1, nameof(everyEpochs));
        ScheduleArguments.RequireAtLeast(maxBatchSize, 1, nameof(maxBatchSize));
        ScheduleArguments.RequireAtLeast(factor, 2, nameof(factor));
        _everyEpochs = everyEpochs;
        _maxBatchSize = maxBatchSize;
        _factor = factor;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="epoch"/> is negative, or <paramref name="baseBatchSize"/> is negative or above the cap.
    /// </exception>
    public override int GetBatchSize(int epoch, int baseBatchSize)
    {
        ScheduleArguments.RequireAtLeast(epoch, 0, nameof(epoch));
        ScheduleArguments.RequireAtLeast(baseBatchSize, 0, nameof(baseBatchSize));
        if (baseBatchSize > _maxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(baseBatchSize), baseBatchSize, $"baseBatchSize must be at most maxBatchSize ({_maxBatchSize}), the cap it grows towards.");
        }

        if (baseBatchSize == 0)
        {
            return 0;
        }

        long size = baseBatchSize;
        for (var i = epoch / _everyEpochs; i > 0 && size < _maxBatchSize; i--)
        {
            size *= _factor;
        }

        return (int)Math.Min(size, _maxBatchSize);
    }
}
