namespace NetGen.Schedules;

/// <summary>The learning rate stays the network's declared one.</summary>
public sealed class ConstantLearningRate : LearningRateSchedule
{
    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate) => baseLearningRate;
}
