namespace NetGen.Schedules;

/// <summary>
/// A learning-rate schedule: the training loop asks it for the learning rate before every update and tells it the
/// monitored value at the end of every epoch. Per-epoch schedules read <see cref="SchedulePosition.Epoch"/>, per-step
/// schedules <see cref="SchedulePosition.Step"/>.
/// </summary>
/// <remarks>
/// The schedules follow <c>torch.optim.lr_scheduler</c> and evaluate its closed forms; <c>docs/schedules.md</c> lists
/// every schedule, its formula and each deliberate difference from PyTorch.
/// </remarks>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate for the update at <paramref name="position"/>, given the network's declared (base) learning rate.</summary>
    /// <param name="position">Where training is: the epoch, the global update count and the updates in this epoch.</param>
    /// <param name="baseLearningRate">The network's declared learning rate.</param>
    /// <returns>The learning rate the update at <paramref name="position"/> uses.</returns>
    public abstract double GetLearningRate(SchedulePosition position, double baseLearningRate);

    /// <summary>
    /// Called by the training loop at the end of every epoch with the monitored value (the validation loss, or the
    /// training loss without validation data). Only <see cref="ReduceOnPlateau"/> uses it; the others ignore it.
    /// </summary>
    /// <param name="epoch">The 0-based epoch that ended.</param>
    /// <param name="monitoredValue">The value the epoch ended with.</param>
    public virtual void OnEpochEnd(int epoch, double monitoredValue)
    {
    }

    /// <summary>Restores the schedule's initial state, for a new training run.</summary>
    public virtual void Reset()
    {
    }
}
