namespace NetGen.Schedules;

/// <summary>Where training is when a learning rate is asked for.</summary>
/// <param name="Epoch">The 0-based epoch.</param>
/// <param name="Step">The number of optimizer updates done before this one, over the whole run.</param>
/// <param name="StepsPerEpoch">The number of updates in the current epoch.</param>
public readonly record struct SchedulePosition(int Epoch, long Step, int StepsPerEpoch);

/// <summary>
/// A learning-rate schedule: the training loop asks it for the learning rate before every update and tells it the
/// monitored value at the end of every epoch. Per-epoch schedules read <see cref="SchedulePosition.Epoch"/>, per-step
/// schedules <see cref="SchedulePosition.Step"/>.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate for the update at <paramref name="position"/>, given the network's declared learning rate.</summary>
    public abstract double GetLearningRate(SchedulePosition position, double baseLearningRate);

    /// <summary>
    /// Called at the end of every epoch with the monitored value (the validation loss, or the training loss without
    /// validation data). Only stateful schedules such as reduce-on-plateau use it.
    /// </summary>
    public virtual void OnEpochEnd(int epoch, double monitoredValue)
    {
    }

    /// <summary>Restores the schedule's initial state, for a new training run.</summary>
    public virtual void Reset()
    {
    }
}

/// <summary>A batch-size schedule: the training loop asks it for the batch size at the start of every epoch.</summary>
public abstract class BatchSizeSchedule
{
    /// <summary>The batch size of the 0-based <paramref name="epoch"/>, given the configured one.</summary>
    public abstract int GetBatchSize(int epoch, int baseBatchSize);
}
