using System;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning;

/// <summary>How a <see cref="Study"/> searches and where it keeps its trials.</summary>
public sealed record StudyOptions
{
    /// <summary>Whether the objective is minimized (the default) or maximized.</summary>
    public StudyDirection Direction { get; init; } = StudyDirection.Minimize;

    /// <summary>The study's seed: every trial's seed, random draw and data split derives from it. 0 by default.</summary>
    public int Seed { get; init; }

    /// <summary>The sampler; <see langword="null"/> (the default) is <see cref="TpeSampler"/> with Optuna's defaults.</summary>
    public Sampler? Sampler { get; init; }

    /// <summary>The pruner; <see langword="null"/> (the default) is <see cref="NopPruner"/>.</summary>
    public Pruner? Pruner { get; init; }

    /// <summary>Where trials are kept; <see langword="null"/> (the default) is a new <see cref="InMemoryStudyStorage"/>. The caller owns (and disposes) a storage it passes.</summary>
    public IStudyStorage? Storage { get; init; }

    /// <summary>How often a running trial tells the storage it is alive: 10 seconds by default.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long without a heartbeat before a running trial is thought dead and given back to be retried when a worker
    /// starts <see cref="Study.Optimize(Func{Trial, double}, int, int?, System.Threading.CancellationToken)"/>: 1 minute
    /// by default; must exceed <see cref="HeartbeatInterval"/>.
    /// </summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>This process's name in the storage (each thread adds its index); <see langword="null"/> makes one from the machine name, the process id and a random suffix.</summary>
    public string? WorkerId { get; init; }
}
