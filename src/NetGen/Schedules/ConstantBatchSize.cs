namespace NetGen.Schedules;

/// <summary>The batch size stays the configured one.</summary>
public sealed class ConstantBatchSize : BatchSizeSchedule
{
    /// <inheritdoc/>
    public override int GetBatchSize(int epoch, int baseBatchSize) => baseBatchSize;
}
