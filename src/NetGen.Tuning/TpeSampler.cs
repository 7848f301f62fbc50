using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning;

/// <summary>
/// Bayesian optimization with the Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio and Kégl, 2011,
/// "Algorithms for Hyper-Parameter Optimization", NeurIPS), as Optuna's <c>TPESampler</c> does it with its defaults
/// (https://optuna.readthedocs.io/en/stable/reference/samplers/generated/optuna.samplers.TPESampler.html).
/// </summary>
/// <remarks>
/// <para>
/// The first <see cref="StartupTrials"/> (10) finished trials are random (the same draws as <see cref="RandomSampler"/>).
/// Then the finished trials are split: the best γ(n) = min(⌈0.1·n⌉, 25) of the n complete and pruned trials are "good",
/// the rest "bad" (complete trials rank by value; pruned trials come after them, those that got further first, then by
/// their last value, as Optuna's <c>_split_trials</c>; failed and running trials are ignored). For each active
/// dimension independently (Optuna's default <c>multivariate=False</c>), a Parzen estimator l(x) is fitted to the good
/// trials' values and g(x) to the bad ones'; <see cref="Candidates"/> (24) values are drawn from l and the one with the
/// largest l(x)/g(x) — which maximizes expected improvement in the paper's derivation — is taken.
/// </para>
/// <para>
/// A numeric estimator is a mixture of truncated normals on the dimension's range (in log space for log dimensions;
/// widened by half a step on both sides for integers and stepped floats, whose probabilities are the mixture's mass
/// over each value's cell): one per observation, centred on it, with the larger gap to its sorted neighbours as
/// bandwidth, plus a prior centred on the range with the range as bandwidth; bandwidths are clipped to
/// [range / min(100, 1 + components), range] (Optuna's "magic clip"). A categorical estimator gives each observation a
/// distribution with weight 1 on its choice plus <see cref="PriorWeight"/>/(observations + 1) on every choice, and adds
/// a uniform prior. Observations are weighted by Optuna's <c>default_weights</c>: 1 for the last 25 by trial number,
/// a linear ramp from 1/n below them; the prior weighs <see cref="PriorWeight"/> (1).
/// </para>
/// <para>A conditional dimension's estimators use only the trials in which it was active.</para>
/// </remarks>
public sealed class TpeSampler : Sampler
{
    /// <summary>Creates the sampler with Optuna's defaults unless told otherwise.</summary>
    /// <param name="startupTrials">Finished trials to draw at random before modelling, at least 1 (Optuna: 10).</param>
    /// <param name="candidates">Values drawn from l(x) per dimension, of which the best l/g is taken, at least 1 (Optuna: 24).</param>
    /// <param name="priorWeight">The weight of each estimator's prior, a positive number (Optuna: 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public TpeSampler(int startupTrials = 10, int candidates = 24, double priorWeight = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(startupTrials, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        if (!(priorWeight > 0) || !double.IsFinite(priorWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(priorWeight), priorWeight, "Expected a positive finite prior weight.");
        }

        StartupTrials = startupTrials;
        Candidates = candidates;
        PriorWeight = priorWeight;
    }

    /// <summary>Finished trials drawn at random before modelling.</summary>
    public int StartupTrials { get; }

    /// <summary>Values drawn from l(x) per dimension.</summary>
    public int Candidates { get; }

    /// <summary>The weight of each estimator's prior.</summary>
    public double PriorWeight { get; }

    /// <summary>Optuna's <c>default_gamma</c>: the number of "good" trials among <paramref name="n"/>, min(⌈0.1·n⌉, 25).</summary>
    /// <param name="n">The number of finished trials.</param>
    public static int Gamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <summary>Optuna's <c>default_weights</c>: 1 each below 25 observations; else a linear ramp from 1/n to 1 over the oldest n − 25, then 25 ones.</summary>
    /// <param name="n">The number of observations, oldest first.</param>
    public static double[] Weights(int n)
    {
        var weights = new double[n];
        if (n < 25)
        {
            Array.Fill(weights, 1.0);
            return weights;
        }

        var ramp = n - 25;
        for (var i = 0; i < ramp; i++)
        {
            // numpy.linspace(1/n, 1, ramp)
            weights[i] = ramp == 1 ? 1.0 / n : (1.0 / n) + ((1.0 - (1.0 / n)) * i / (ramp - 1));
        }

        for (var i = ramp; i < n; i++)
        {
            weights[i] = 1.0;
        }

        return weights;
    }

    /// <inheritdoc/>
    public override TrialParameters Propose(SamplerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var complete = context.Trials.Where(t => t.State == TrialState.Complete && t.Value is not null && t.Parameters is not null).ToList();
        var pruned = context.Trials.Where(t => t.State == TrialState.Pruned && t.LastIntermediateValue is not null && t.Parameters is not null).ToList();
        if (complete.Count + pruned.Count < StartupTrials)
        {
            return SampleRandomly(context.Space, context.Random);
        }

        var (good, bad) = Split(complete, pruned, context.Direction);
        var space = context.Space;
        var values = new double?[space.Count];
        for (var i = 0; i < space.Count; i++)
        {
            if (!space.IsActive(i, values))
            {
                continue;
            }

            var goodValues = good.Where(t => t.Parameters!.InternalValue(i) is not null).Select(t => t.Parameters!.InternalValue(i)!.Value).ToArray();
            var badValues = bad.Where(t => t.Parameters!.InternalValue(i) is not null).Select(t => t.Parameters!.InternalValue(i)!.Value).ToArray();
            values[i] = SampleDimension(space[i], goodValues, badValues, context.Random);
        }

        return new TrialParameters(space, values);
    }

    /// <summary>The good and the bad trials, each in trial-number order (for the weights).</summary>
    internal static (List<TrialResult> Good, List<TrialResult> Bad) Split(List<TrialResult> complete, List<TrialResult> pruned, StudyDirection direction)
    {
        var ranked = complete
            .OrderBy(t => direction.AsLoss(t.Value!.Value)).ThenBy(t => t.Number)
            .Concat(pruned
                .OrderByDescending(t => t.LastIntermediateValue!.Value.Step)
                .ThenBy(t => direction.AsLoss(t.LastIntermediateValue!.Value.Value))
                .ThenBy(t => t.Number))
            .ToList();
        var goodCount = Gamma(ranked.Count);
        var good = ranked.Take(goodCount).OrderBy(t => t.Number).ToList();
        var bad = ranked.Skip(goodCount).OrderBy(t => t.Number).ToList();
        return (good, bad);
    }

    private double SampleDimension(SearchDimension dimension, double[] good, double[] bad, DeterministicRandom random)
    {
        if (dimension is CategoricalDimension categorical)
        {
            if (categorical.Choices.Count == 1)
            {
                return 0;
            }

            var below = new CategoricalParzen(categorical.Choices.Count, good, PriorWeight);
            var above = new CategoricalParzen(categorical.Choices.Count, bad, PriorWeight);
            var best = -1;
            var bestScore = double.NegativeInfinity;
            for (var c = 0; c < Candidates; c++)
            {
                var candidate = below.Sample(random);
                var score = below.LogProbability(candidate) - above.LogProbability(candidate);
                if (score > bestScore)
                {
                    (best, bestScore) = (candidate, score);
                }
            }

            return best;
        }

        switch (dimension)
        {
            case IntDimension integer when integer.Min == integer.Max:
                return integer.Min;
            case FloatDimension real when real.Min == real.Max:
                return real.Min;
        }

        var scale = NumericScale.Of(dimension);

        var l = new NumericParzen(scale, good, PriorWeight);
        var g = new NumericParzen(scale, bad, PriorWeight);
        var chosen = double.NaN;
        var chosenScore = double.NegativeInfinity;
        for (var c = 0; c < Candidates; c++)
        {
            var candidate = scale.Snap(scale.FromInternal(l.Sample(random)));
            var score = l.LogDensity(candidate) - g.LogDensity(candidate);
            if (double.IsNaN(chosen) || score > chosenScore)
            {
                (chosen, chosenScore) = (candidate, score);
            }
        }

        return chosen;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"TpeSampler(startupTrials: {StartupTrials}, candidates: {Candidates}, priorWeight: {JsonValues.Format(PriorWeight)})");

    /// <summary>A numeric dimension in the estimator's space: its bounds (log-transformed, widened by half a step when discrete) and its step.</summary>
    internal sealed class NumericScale
    {
        private readonly SearchDimension _dimension;

        private NumericScale(SearchDimension dimension, double low, double high, bool log, double? step)
        {
            _dimension = dimension;
            Low = low;
            High = high;
            Log = log;
            Step = step;
        }

        public double Low { get; }

        public double High { get; }

        public bool Log { get; }

        public double? Step { get; }

        public static NumericScale Of(SearchDimension dimension) => dimension switch
        {
            IntDimension { Log: true } i => new NumericScale(dimension, Math.Log(i.Min - 0.5 <= 0 ? i.Min : i.Min - 0.5), Math.Log(i.Max + 0.5), true, 1),
            IntDimension i => new NumericScale(dimension, i.Min - (i.Step / 2.0), i.Max + (i.Step / 2.0), false, i.Step),
            FloatDimension { Step: { } s } f => new NumericScale(dimension, f.Min - (s / 2), f.Max + (s / 2), false, s),
            FloatDimension { Log: true } f => new NumericScale(dimension, Math.Log(f.Min), Math.Log(f.Max), true, null),
            FloatDimension f => new NumericScale(dimension, f.Min, f.Max, false, null),
            _ => throw new ArgumentException($"{dimension} is not numeric.", nameof(dimension)),
        };

        /// <summary>A dimension's value in the estimator's space.</summary>
        public double ToInternal(double value) => Log ? Math.Log(value) : value;

        /// <summary>An estimator-space value back on the dimension's scale.</summary>
        public double FromInternal(double value) => Log ? Math.Exp(value) : value;

        /// <summary>The nearest value the dimension takes.</summary>
        public double Snap(double value) => _dimension switch
        {
            IntDimension i => i.Snap(value),
            FloatDimension f => f.Snap(value),
            _ => value,
        };

        /// <summary>The cell of a discrete value in the estimator's space, or <see langword="null"/> for a continuous dimension.</summary>
        public (double Low, double High)? Cell(double value)
        {
            if (Step is not { } step)
            {
                return null;
            }

            return Log
                ? (Math.Log(Math.Max(value - (step / 2), Math.Exp(Low))), Math.Log(value + (step / 2)))
                : (value - (step / 2), value + (step / 2));
        }
    }

    /// <summary>A weighted mixture of truncated normals on [low, high], with a prior component.</summary>
    private sealed class NumericParzen
    {
        private readonly NumericScale _scale;
        private readonly double[] _weights;
        private readonly double[] _mus;
        private readonly double[] _sigmas;
        private readonly double[] _logNormalizers;

        public NumericParzen(NumericScale scale, double[] observations, double priorWeight)
        {
            _scale = scale;
            var (low, high) = (scale.Low, scale.High);
            var n = observations.Length;
            var mus = new double[n + 1];
            for (var i = 0; i < n; i++)
            {
                mus[i] = scale.ToInternal(observations[i]);
            }

            mus[n] = 0.5 * (low + high);
            var sigmas = new double[n + 1];
            var order = Enumerable.Range(0, n + 1).OrderBy(i => mus[i]).ThenBy(i => i).ToArray();
            for (var rank = 0; rank < order.Length; rank++)
            {
                var left = rank == 0 ? low : mus[order[rank - 1]];
                var right = rank == order.Length - 1 ? high : mus[order[rank + 1]];
                var here = mus[order[rank]];
                sigmas[order[rank]] = Math.Max(here - left, right - here);
            }

            // Optuna's consider_endpoints=False: the outermost components take the gap to their inner neighbour only.
            if (order.Length >= 2)
            {
                sigmas[order[0]] = mus[order[1]] - mus[order[0]];
                sigmas[order[^1]] = mus[order[^1]] - mus[order[^2]];
            }

            var range = high - low;
            sigmas[n] = range;
            var minimum = range / Math.Min(100.0, 1.0 + (n + 1));
            for (var i = 0; i <= n; i++)
            {
                sigmas[i] = Math.Clamp(sigmas[i], minimum, range);
            }

            var weights = new double[n + 1];
            Weights(n).CopyTo(weights, 0);
            weights[n] = priorWeight;
            var total = weights.Sum();
            for (var i = 0; i <= n; i++)
            {
                weights[i] /= total;
            }

            _weights = weights;
            _mus = mus;
            _sigmas = sigmas;
            _logNormalizers = new double[n + 1];
            for (var i = 0; i <= n; i++)
            {
                var mass = NormalMath.Cdf((high - mus[i]) / sigmas[i]) - NormalMath.Cdf((low - mus[i]) / sigmas[i]);
                _logNormalizers[i] = Math.Log(Math.Max(mass, 1e-300));
            }
        }

        /// <summary>A draw from the mixture: a component by weight, then its truncated normal by rejection.</summary>
        public double Sample(DeterministicRandom random)
        {
            var component = Choose(_weights, random);
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var x = _mus[component] + (_sigmas[component] * random.NextNormal());
                if (x >= _scale.Low && x <= _scale.High)
                {
                    return x;
                }
            }

            return Math.Clamp(_mus[component], _scale.Low, _scale.High);
        }

        /// <summary>The log density at a dimension value (for a discrete one, the log mass of its cell).</summary>
        public double LogDensity(double value)
        {
            var cell = _scale.Cell(value);
            var x = _scale.ToInternal(value);
            var terms = new double[_weights.Length];
            for (var i = 0; i < _weights.Length; i++)
            {
                double logP;
                if (cell is { } c)
                {
                    var mass = NormalMath.Cdf((c.High - _mus[i]) / _sigmas[i]) - NormalMath.Cdf((c.Low - _mus[i]) / _sigmas[i]);
                    logP = Math.Log(Math.Max(mass, 1e-300));
                }
                else
                {
                    var z = (x - _mus[i]) / _sigmas[i];
                    logP = (-0.5 * z * z) - NormalMath.LogSqrt2Pi - Math.Log(_sigmas[i]);
                }

                terms[i] = Math.Log(_weights[i]) + logP - _logNormalizers[i];
            }

            return NormalMath.LogSumExp(terms);
        }
    }

    /// <summary>A weighted mixture of categorical distributions, one per observation plus a uniform prior.</summary>
    private sealed class CategoricalParzen
    {
        private readonly double[] _probabilities;

        public CategoricalParzen(int choices, double[] observations, double priorWeight)
        {
            var n = observations.Length;
            var weights = Weights(n);
            var componentTotal = weights.Sum() + priorWeight;
            _probabilities = new double[choices];
            // Each observation's distribution: 1 on its choice plus priorWeight/(n + 1) on every choice, normalized.
            var smoothing = priorWeight / (n + 1);
            var rowTotal = 1 + (smoothing * choices);
            for (var i = 0; i < n; i++)
            {
                for (var c = 0; c < choices; c++)
                {
                    _probabilities[c] += weights[i] / componentTotal * (smoothing / rowTotal);
                }

                _probabilities[(int)observations[i]] += weights[i] / componentTotal * (1 / rowTotal);
            }

            for (var c = 0; c < choices; c++)
            {
                _probabilities[c] += priorWeight / componentTotal / choices;
            }
        }

        public int Sample(DeterministicRandom random) => Choose(_probabilities, random);

        public double LogProbability(int choice) => Math.Log(_probabilities[choice]);
    }

    private static int Choose(double[] weights, DeterministicRandom random)
    {
        var u = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}

/// <summary>The normal distribution's functions the estimators need.</summary>
internal static class NormalMath
{
    /// <summary>log √(2π).</summary>
    public const double LogSqrt2Pi = 0.91893853320467274178;

    /// <summary>The standard normal CDF Φ(z) = erfc(−z/√2)/2.</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>
    /// The complementary error function, with a relative error below 1.2·10⁻⁷ everywhere (the Chebyshev fit of
    /// Numerical Recipes, 3rd ed., §6.2): ample for ranking candidates.
    /// </summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        ReadOnlySpan<double> c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var poly = 0.0;
        for (var i = c.Length - 1; i >= 0; i--)
        {
            poly = c[i] + (t * poly);
        }

        var r = t * Math.Exp(-(z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }

    /// <summary>log Σ exp(terms), without overflow.</summary>
    public static double LogSumExp(double[] terms)
    {
        var max = terms.Max();
        if (double.IsNegativeInfinity(max))
        {
            return max;
        }

        var sum = 0.0;
        foreach (var term in terms)
        {
            sum += Math.Exp(term - max);
        }

        return max + Math.Log(sum);
    }
}
