namespace NetGen.Monitoring;

/// <summary>What a <see cref="TrainingMonitor"/> does when it finds its pathology.</summary>
public enum MonitorAction
{
    /// <summary>The monitor does not run.</summary>
    Off,

    /// <summary>The finding joins <see cref="TrainingMonitors.Findings"/> (and <see cref="TrainingMonitors.Output"/>); training goes on.</summary>
    Log,

    /// <summary>Logs the finding, then stops training as early stopping does, with the finding's message as <see cref="Training.TrainingHistory.StopReason"/>.</summary>
    Stop,

    /// <summary>Logs the finding, then ends <see cref="Training.Trainer.Fit"/> with a <see cref="TrainingMonitorException"/> carrying it.</summary>
    Throw,
}
