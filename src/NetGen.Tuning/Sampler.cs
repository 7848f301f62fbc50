using System;
using System.Collections.Generic;

namespace NetGen.Tuning;

/// <summary>
/// Proposes the parameters of a new trial: grid, random, TPE, genetic, or one of your own.
/// </summary>
/// <remarks>
/// A trial is numbered by the storage before its parameters are proposed, so a sampler can make the proposal a function
/// of the trial number (<see cref="SamplerContext.TrialNumber"/>, <see cref="SamplerContext.Random"/>): such proposals
/// are the same in sequential and parallel studies. Proposals that learn from finished trials depend on which had
/// finished when the trial was claimed. A sampler must be thread-safe: parallel workers call it at once.
/// </remarks>
public abstract class Sampler
{
    /// <summary>Proposes the parameters of trial <see cref="SamplerContext.TrialNumber"/>.</summary>
    /// <param name="context">The space, the trial number, its random stream and the study's trials so far.</param>
    /// <returns>Parameters of <see cref="SamplerContext.Space"/>.</returns>
    public abstract TrialParameters Propose(SamplerContext context);

    /// <summary>Checks that the sampler can search <paramref name="space"/>; called when a study is created or opened.</summary>
    /// <param name="space">The study's space.</param>
    /// <exception cref="ArgumentException">It cannot (the message says why).</exception>
    public virtual void Validate(SearchSpace space)
    {
    }

    /// <summary>The most trials the sampler can propose for <paramref name="space"/> (a grid's size), or <see langword="null"/> without a limit.</summary>
    /// <param name="space">The study's space.</param>
    public virtual long? MaxTrials(SearchSpace space) => null;

    /// <summary>The sampler with its settings, as its constructor call would say it: it is part of a study's definition, which an opened study must match.</summary>
    public abstract override string ToString();

    /// <summary>Draws every active dimension uniformly from <paramref name="random"/>, in the space's order.</summary>
    internal static TrialParameters SampleRandomly(SearchSpace space, DeterministicRandom random)
    {
        var values = new double?[space.Count];
        for (var i = 0; i < space.Count; i++)
        {
            if (space.IsActive(i, values))
            {
                values[i] = space[i].SampleUniform(random);
            }
        }

        return new TrialParameters(space, values);
    }
}

/// <summary>What a <see cref="Sampler"/> knows when it proposes a trial's parameters.</summary>
public sealed class SamplerContext
{
    internal SamplerContext(SearchSpace space, StudyDirection direction, int studySeed, int trialNumber, IReadOnlyList<TrialResult> trials)
    {
        Space = space;
        Direction = direction;
        StudySeed = studySeed;
        TrialNumber = trialNumber;
        Trials = trials;
        Random = Seeds.Random(studySeed, trialNumber, Seeds.SamplerStream);
    }

    /// <summary>The study's search space.</summary>
    public SearchSpace Space { get; }

    /// <summary>Whether the study minimizes or maximizes.</summary>
    public StudyDirection Direction { get; }

    /// <summary>The study's seed.</summary>
    public int StudySeed { get; }

    /// <summary>The number of the trial to propose for.</summary>
    public int TrialNumber { get; }

    /// <summary>The study's other trials as the storage has them now, in number order (running ones included).</summary>
    public IReadOnlyList<TrialResult> Trials { get; }

    /// <summary>The trial's own random stream, seeded by the study's seed and <see cref="TrialNumber"/> only.</summary>
    public DeterministicRandom Random { get; }
}
