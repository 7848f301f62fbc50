using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace NetGen.Tuning;

/// <summary>
/// Tries every combination of the space's values once (scikit-learn's <c>GridSearchCV</c>, Optuna's <c>GridSampler</c>):
/// trial i gets grid point i, so the points are the same whatever the parallelism.
/// </summary>
/// <remarks>
/// The grid takes the dimensions in declaration order, the last varying fastest (as nested loops): categorical
/// choices in the order given, integers and stepped floats from min to max. A conditional dimension varies only under
/// the parent choices that activate it, so no point repeats. Every dimension must be discrete: a float needs a step.
/// A study stops at the grid's size even if asked for more trials.
/// </remarks>
public sealed class GridSampler : Sampler
{
    private readonly ConditionalWeakTable<SearchSpace, List<double?[]>> _points = new();

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A dimension is a float without a step.</exception>
    public override void Validate(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        foreach (var dimension in space)
        {
            if (!dimension.IsDiscrete)
            {
                throw new ArgumentException($"The grid sampler cannot enumerate {dimension}: give the float dimension a step (step: …), or use the random, TPE or genetic sampler.", nameof(space));
            }
        }
    }

    /// <inheritdoc/>
    public override long? MaxTrials(SearchSpace space) => Grid.Count(space);

    /// <summary>The grid point of the trial's number.</summary>
    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The trial's number is past the grid (a trial was enqueued by hand, so the grid ran out).</exception>
    public override TrialParameters Propose(SamplerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var points = _points.GetValue(context.Space, Grid.Points);
        if (context.TrialNumber >= points.Count)
        {
            throw new InvalidOperationException($"Trial {context.TrialNumber} is past the grid's {points.Count} points.");
        }

        return new TrialParameters(context.Space, (double?[])points[context.TrialNumber].Clone());
    }

    /// <inheritdoc/>
    public override string ToString() => "GridSampler()";
}

/// <summary>
/// Draws every parameter independently and uniformly (in log space for log dimensions), as scikit-learn's
/// <c>RandomizedSearchCV</c> and Optuna's <c>RandomSampler</c>; trial i's values come from the random stream of the study
/// seed and i only (Bergstra and Bengio, 2012, "Random search for hyper-parameter optimization").
/// </summary>
public sealed class RandomSampler : Sampler
{
    /// <inheritdoc/>
    public override TrialParameters Propose(SamplerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SampleRandomly(context.Space, context.Random);
    }

    /// <inheritdoc/>
    public override string ToString() => "RandomSampler()";
}
