namespace NetGen.Schedules;

/// <summary>A batch-size schedule: the training loop asks it for the batch size at the start of every epoch.</summary>
public abstract class BatchSizeSchedule
{
    /// <summary>The batch size of the 0-based <paramref name="epoch"/>, given the configured one.</summary>
    /// <param name="epoch">The 0-based epoch about to start.</param>
    /// <param name="baseBatchSize">The configured batch size (0 means the full batch).</param>
    /// <returns>The batch size of <paramref name="epoch"/>.</returns>
    public abstract int GetBatchSize(int epoch, int baseBatchSize);
}
