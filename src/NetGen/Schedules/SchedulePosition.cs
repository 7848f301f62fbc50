namespace NetGen.Schedules;

/// <summary>Where training is when a learning rate is asked for.</summary>
/// <param name="Epoch">The 0-based epoch.</param>
/// <param name="Step">The number of optimizer updates done before this one, over the whole run (0 for the first update).</param>
/// <param name="StepsPerEpoch">The number of updates in the current epoch.</param>
public readonly record struct SchedulePosition(int Epoch, long Step, int StepsPerEpoch);
