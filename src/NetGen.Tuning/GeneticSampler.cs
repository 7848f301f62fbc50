using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning;

/// <summary>
/// A genetic algorithm over the space's parameters (Goldberg, 1989; Holland, 1975): generations of
/// <see cref="PopulationSize"/> trials, parents chosen by tournament, uniform crossover, per-gene mutation, elitism.
/// </summary>
/// <remarks>
/// <para>
/// Trial i belongs to generation ⌊i / <see cref="PopulationSize"/>⌋ (20 by default). Generation 0 is random (the same
/// draws as <see cref="RandomSampler"/>). A trial of generation g is bred from the <em>parent pool</em>: the complete
/// trials of generation g − 1 plus the <see cref="EliteCount"/> (2) best complete trials of all earlier generations —
/// elitism without running an elite again, since its value is known. Each of two parents is the best of
/// <see cref="TournamentSize"/> (3) trials drawn from the pool with replacement; the child takes each parameter from
/// either parent with probability ½ (uniform crossover), then each parameter is redrawn uniformly with probability
/// 1/#dimensions (mutation). A conditional parameter the chosen parent lacks comes from the other parent, or is drawn
/// at random when neither has it. While the pool is empty (generation g − 1 has no complete trial yet, as can happen
/// in a parallel study), the trial is drawn at random.
/// </para>
/// <para>
/// Every draw comes from the trial's own random stream (study seed and trial number), so a sequential study is
/// reproducible; in a parallel one, the pool depends on which trials of the previous generation had finished.
/// </para>
/// </remarks>
public sealed class GeneticSampler : Sampler
{
    /// <summary>Creates the sampler.</summary>
    /// <param name="populationSize">Trials per generation, at least 2 (20).</param>
    /// <param name="tournamentSize">Trials per tournament, at least 1 (3).</param>
    /// <param name="eliteCount">Best trials of all earlier generations kept in the parent pool, 0 or more (2).</param>
    /// <param name="mutationProbability">The probability of redrawing each parameter, in [0, 1], or <see langword="null"/> for 1/#dimensions.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public GeneticSampler(int populationSize = 20, int tournamentSize = 3, int eliteCount = 2, double? mutationProbability = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(populationSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(tournamentSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(eliteCount);
        if (mutationProbability is { } p && !(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(mutationProbability), p, "Expected a probability in [0, 1], or null for 1/#dimensions.");
        }

        PopulationSize = populationSize;
        TournamentSize = tournamentSize;
        EliteCount = eliteCount;
        MutationProbability = mutationProbability;
    }

    /// <summary>Trials per generation.</summary>
    public int PopulationSize { get; }

    /// <summary>Trials per tournament.</summary>
    public int TournamentSize { get; }

    /// <summary>Best trials of all earlier generations kept in the parent pool.</summary>
    public int EliteCount { get; }

    /// <summary>The probability of redrawing each parameter; <see langword="null"/> is 1/#dimensions.</summary>
    public double? MutationProbability { get; }

    /// <inheritdoc/>
    public override TrialParameters Propose(SamplerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var space = context.Space;
        var random = context.Random;
        var generation = context.TrialNumber / PopulationSize;
        if (generation == 0)
        {
            return SampleRandomly(space, random);
        }

        var complete = context.Trials
            .Where(t => t.State == TrialState.Complete && t.Value is not null && t.Parameters is not null && t.Number / PopulationSize < generation)
            .ToList();
        var previous = complete.Where(t => t.Number / PopulationSize == generation - 1);
        var elites = complete.OrderBy(t => context.Direction.AsLoss(t.Value!.Value)).ThenBy(t => t.Number).Take(EliteCount);
        var pool = previous.Union(elites).OrderBy(t => t.Number).ToList();
        if (pool.Count == 0)
        {
            return SampleRandomly(space, random);
        }

        var first = Tournament(pool, context.Direction, random).Parameters!;
        var second = Tournament(pool, context.Direction, random).Parameters!;
        var mutation = MutationProbability ?? 1.0 / space.Count;
        var values = new double?[space.Count];
        for (var i = 0; i < space.Count; i++)
        {
            if (!space.IsActive(i, values))
            {
                continue;
            }

            var fromFirst = random.NextDouble() < 0.5;
            var (chosen, other) = fromFirst ? (first, second) : (second, first);
            var gene = chosen.InternalValue(i) ?? other.InternalValue(i);
            if (gene is null || random.NextDouble() < mutation)
            {
                gene = space[i].SampleUniform(random);
            }

            values[i] = gene;
        }

        return new TrialParameters(space, values);
    }

    private TrialResult Tournament(List<TrialResult> pool, StudyDirection direction, DeterministicRandom random)
    {
        TrialResult? best = null;
        for (var k = 0; k < TournamentSize; k++)
        {
            var contender = pool[random.NextInt(pool.Count)];
            if (best is null || direction.IsBetter(contender.Value!.Value, best.Value!.Value))
            {
                best = contender;
            }
        }

        return best!;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"GeneticSampler(populationSize: {PopulationSize}, tournamentSize: {TournamentSize}, eliteCount: {EliteCount}, mutationProbability: {(MutationProbability is { } p ? JsonValues.Format(p) : "1/dimensions")})");
}
