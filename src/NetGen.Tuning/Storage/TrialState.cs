namespace NetGen.Tuning.Storage;

/// <summary>Where a trial of a study is in its life.</summary>
public enum TrialState
{
    /// <summary>Numbered and waiting for a worker: a trial given back after its worker stopped sending heartbeats, or one enqueued by hand.</summary>
    Waiting,

    /// <summary>Claimed by a worker, which sends heartbeats while it runs it.</summary>
    Running,

    /// <summary>Finished with an objective value.</summary>
    Complete,

    /// <summary>Stopped early by the pruner; its last intermediate value stands for it.</summary>
    Pruned,

    /// <summary>The objective threw or returned a value that is not a finite number.</summary>
    Failed,
}
