using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning;

/// <summary>
/// Bayesian optimization with a Gaussian process and expected improvement (Jones, Schonlau and Welch, 1998, "Efficient
/// Global Optimization of Expensive Black-Box Functions"; Snoek, Larochelle and Adams, 2012, "Practical Bayesian
/// Optimization of Machine Learning Algorithms", NeurIPS): the alternative to <see cref="TpeSampler"/> that keras-tuner's
/// <c>BayesianOptimization</c>, scikit-optimize's <c>gp_minimize</c> and Optuna's <c>GPSampler</c> take.
/// </summary>
/// <remarks>
/// <para>
/// The first <see cref="StartupTrials"/> finished trials (3 × the number of dimensions unless given, keras-tuner's
/// <c>num_initial_points</c>) are random, the same draws as <see cref="RandomSampler"/>. Then every complete and pruned
/// trial becomes a point in the unit cube: a numeric dimension is mapped to [0, 1] (in log space for log dimensions),
/// a categorical one to a one-hot block, a dimension with a single value to nothing; a conditional dimension that is
/// inactive in a trial is all zeros there (as keras-tuner puts an inactive hyperparameter at its default), so trials
/// on the same branch agree in it and the parent's one-hot block tells the branches apart.
/// </para>
/// <para>
/// The objective (as a loss: negated when the study maximizes) is standardized, and a Gaussian process with a constant
/// zero mean and the kernel σ²·Matérn₅/₂(r) + σₙ²·δ, r² = Σ (Δxᵢ/ℓᵢ)² with one length scale per coordinate (ARD), is
/// fitted by maximizing the log marginal likelihood: Adam on the log-parameters with the analytic gradient, from
/// the defaults (ℓ = 0.5, σ² = 1, σₙ² = 10⁻²) and <see cref="Restarts"/> − 1 random starts, the Cholesky factor in
/// double precision, parameters clamped to ℓ ∈ [10⁻², 10²], σ² ∈ [10⁻², 10²], σₙ² ∈ [10⁻⁶, 1].
/// </para>
/// <para>
/// The next trial maximizes expected improvement over the best loss so far (with the exploration margin ξ = 0.01 of
/// scikit-optimize, in standardized units): <see cref="Candidates"/> random points of the space (conditions respected),
/// then the 5 best are refined by 20 steps each of a local search that moves one parameter at a time (a numeric one by
/// a normal step of a tenth of its range, shrinking, snapped to the values it can take; a categorical one to another
/// choice, with the dimensions that choice activates drawn at random) and keeps a move when it raises EI.
/// </para>
/// <para>
/// Pruned trials count towards the start-up trials and enter the model as TPE ranks them, after every complete trial:
/// each with the worse of its last reported value and the worst complete value. Failed trials are ignored. Trials
/// that other workers are running enter the model with the worst loss so far (the "constant liar" of Ginsbourger,
/// Le Riche and Carraro, 2010), so parallel workers do not all propose the same point. Every draw comes from the
/// trial's own random stream, so a sequential study is reproducible.
/// </para>
/// <para>
/// The fit costs O(n³) per step for n finished trials (TPE's proposal is linear in n); docs/tuning.md measures both.
/// </para>
/// </remarks>
public sealed class GaussianProcessSampler : Sampler
{
    private const int RefinedCandidates = 5;
    private const int RefinementSteps = 20;
    private const int FitIterations = 60;
    private const double ExplorationMargin = 0.01;

    private static readonly double Sqrt5 = Math.Sqrt(5);

    // Bounds of the log-parameters: length scales, signal variance, noise variance.
    private static readonly double MinLogLength = Math.Log(1e-2);
    private static readonly double MaxLogLength = Math.Log(1e2);
    private static readonly double MinLogSignal = Math.Log(1e-2);
    private static readonly double MaxLogSignal = Math.Log(1e2);
    private static readonly double MinLogNoise = Math.Log(1e-6);
    private static readonly double MaxLogNoise = 0;

    /// <summary>Creates the sampler.</summary>
    /// <param name="startupTrials">Finished trials to draw at random before modelling, at least 1, or <see langword="null"/> for 3 × the number of dimensions (keras-tuner's default).</param>
    /// <param name="candidates">Random points of the space whose expected improvement is computed for each proposal, at least 1 (1000).</param>
    /// <param name="restarts">Starts of the marginal-likelihood fit (the defaults, then random ones), at least 1 (3).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public GaussianProcessSampler(int? startupTrials = null, int candidates = 1000, int restarts = 3)
    {
        if (startupTrials is { } startup && startup < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(startupTrials), startup, "Expected at least 1 start-up trial, or null for 3 × the number of dimensions.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(restarts, 1);
        StartupTrials = startupTrials;
        Candidates = candidates;
        Restarts = restarts;
    }

    /// <summary>Finished trials drawn at random before modelling, or <see langword="null"/> for 3 × the number of dimensions.</summary>
    public int? StartupTrials { get; }

    /// <summary>Random points of the space whose expected improvement is computed for each proposal.</summary>
    public int Candidates { get; }

    /// <summary>Starts of the marginal-likelihood fit.</summary>
    public int Restarts { get; }

    /// <summary>The start-up trials for <paramref name="space"/>: <see cref="StartupTrials"/>, or 3 × its dimensions.</summary>
    /// <param name="space">The study's space.</param>
    public int StartupTrialsFor(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return StartupTrials ?? Math.Max(1, 3 * space.Count);
    }

    /// <inheritdoc/>
    public override TrialParameters Propose(SamplerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var space = context.Space;
        var observations = Observations(context.Trials, context.Direction);
        var encoding = new UnitEncoding(space);
        if (observations.Count < StartupTrialsFor(space) || encoding.Width == 0)
        {
            return SampleRandomly(space, context.Random);
        }

        // Parallel workers: a running trial enters the model as if it had scored the worst loss so far (the "constant
        // liar" CL-max of Ginsbourger, Le Riche and Carraro, 2010; with the best loss, CL-min, a proposal still lands
        // next to the running point), so EI is low around it and workers spread out. A sequential study has none (the
        // trial being proposed is not among the others).
        var liarLoss = observations.Max(o => o.Loss);
        observations.AddRange(context.Trials
            .Where(t => t.State == TrialState.Running && t.Parameters is not null)
            .Select(t => (t.Number, t.Parameters!, liarLoss)));

        var x = observations.Select(o => encoding.Encode(o.Parameters.InternalValues)).ToArray();
        var losses = observations.Select(o => o.Loss).ToArray();
        var mean = losses.Average();
        var deviation = Math.Sqrt(losses.Sum(l => (l - mean) * (l - mean)) / losses.Length);
        if (!(deviation > 1e-12))
        {
            deviation = 1;
        }

        var y = losses.Select(l => (l - mean) / deviation).ToArray();
        var model = GaussianProcess.Fit(x, y, Restarts, context.Random);
        var best = y.Min();

        double Score(double?[] values) => model.LogExpectedImprovement(encoding.Encode(values), best - ExplorationMargin);

        var scored = new List<(double?[] Values, double Score)>(Candidates);
        for (var c = 0; c < Candidates; c++)
        {
            var values = SampleRandomly(space, context.Random).InternalValues.ToArray();
            scored.Add((values, Score(values)));
        }

        // A stable sort: among equal scores the earlier draw wins, so the choice does not depend on the sort's algorithm.
        var refined = scored.Select((s, i) => (s.Values, s.Score, Index: i)).OrderByDescending(s => s.Score).ThenBy(s => s.Index).Take(RefinedCandidates).ToList();
        var chosen = refined[0].Values;
        var chosenScore = refined[0].Score;
        foreach (var (start, startScore, _) in refined)
        {
            var current = start;
            var currentScore = startScore;
            for (var step = 0; step < RefinementSteps; step++)
            {
                var scale = 0.1 * Math.Pow(0.85, step);
                var moved = encoding.Move(current, scale, context.Random);
                var movedScore = Score(moved);
                if (movedScore > currentScore)
                {
                    (current, currentScore) = (moved, movedScore);
                }
            }

            if (currentScore > chosenScore)
            {
                (chosen, chosenScore) = (current, currentScore);
            }
        }

        return new TrialParameters(space, chosen);
    }

    /// <summary>
    /// The trials the model learns from, in number order, each with its value as a loss: complete trials with theirs,
    /// pruned ones with the worse of their last reported value and the worst complete value (so they rank after every
    /// complete trial, as in TPE); failed and running trials are left out.
    /// </summary>
    internal static List<(int Number, TrialParameters Parameters, double Loss)> Observations(IReadOnlyList<TrialResult> trials, StudyDirection direction)
    {
        var complete = trials.Where(t => t.State == TrialState.Complete && t.Value is not null && t.Parameters is not null).ToList();
        var pruned = trials.Where(t => t.State == TrialState.Pruned && t.LastIntermediateValue is not null && t.Parameters is not null).ToList();
        var worstComplete = complete.Count == 0 ? double.NegativeInfinity : complete.Max(t => direction.AsLoss(t.Value!.Value));
        return complete.Select(t => (t.Number, t.Parameters!, direction.AsLoss(t.Value!.Value)))
            .Concat(pruned.Select(t => (t.Number, t.Parameters!, Math.Max(worstComplete, direction.AsLoss(t.LastIntermediateValue!.Value.Value)))))
            .OrderBy(o => o.Number)
            .ToList();
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"GaussianProcessSampler(startupTrials: {(StartupTrials is { } s ? s.ToString(CultureInfo.InvariantCulture) : "null")}, candidates: {Candidates}, restarts: {Restarts})");

    /// <summary>The space's parameters as points of the unit cube: numeric dimensions in [0, 1] (log space for log dimensions), categorical ones one-hot, inactive ones zero.</summary>
    internal sealed class UnitEncoding
    {
        private readonly SearchSpace _space;
        private readonly int[] _offsets;
        private readonly int[] _widths;

        public UnitEncoding(SearchSpace space)
        {
            _space = space;
            _offsets = new int[space.Count];
            _widths = new int[space.Count];
            var offset = 0;
            for (var i = 0; i < space.Count; i++)
            {
                _offsets[i] = offset;
                _widths[i] = space[i] switch
                {
                    CategoricalDimension c => c.Choices.Count > 1 ? c.Choices.Count : 0,
                    IntDimension n => n.Min < n.Max ? 1 : 0,
                    FloatDimension f => f.Min < f.Max ? 1 : 0,
                    _ => 0,
                };
                offset += _widths[i];
            }

            Width = offset;
        }

        /// <summary>The number of coordinates.</summary>
        public int Width { get; }

        public double[] Encode(ReadOnlySpan<double?> values)
        {
            var point = new double[Width];
            for (var i = 0; i < _space.Count; i++)
            {
                if (_widths[i] == 0 || values[i] is not { } value)
                {
                    continue;
                }

                if (_space[i] is CategoricalDimension)
                {
                    point[_offsets[i] + (int)value] = 1;
                }
                else
                {
                    point[_offsets[i]] = ToUnit(_space[i], value);
                }
            }

            return point;
        }

        /// <summary>A copy of <paramref name="values"/> with one active, non-constant parameter moved (see the class remarks).</summary>
        public double?[] Move(double?[] values, double scale, DeterministicRandom random)
        {
            var movable = Enumerable.Range(0, _space.Count).Where(i => _widths[i] > 0 && values[i] is not null).ToList();
            var moved = (double?[])values.Clone();
            if (movable.Count == 0)
            {
                return moved;
            }

            var index = movable[random.NextInt(movable.Count)];
            var dimension = _space[index];
            if (dimension is CategoricalDimension categorical)
            {
                var other = random.NextInt(categorical.Choices.Count - 1);
                moved[index] = other >= (int)values[index]!.Value ? other + 1 : other;

                // The dimensions after the parent: keep what stays active, draw what becomes active, drop the rest.
                for (var i = index + 1; i < _space.Count; i++)
                {
                    var active = _space.IsActive(i, moved);
                    moved[i] = !active ? null : moved[i] ?? _space[i].SampleUniform(random);
                }

                return moved;
            }

            var unit = Math.Clamp(ToUnit(dimension, values[index]!.Value) + (scale * random.NextNormal()), 0, 1);
            moved[index] = FromUnit(dimension, unit);
            return moved;
        }

        private static (double Low, double High, bool Log) Range(SearchDimension dimension) => dimension switch
        {
            IntDimension i => (i.Log ? Math.Log(i.Min) : i.Min, i.Log ? Math.Log(i.Max) : i.Max, i.Log),
            FloatDimension f => (f.Log ? Math.Log(f.Min) : f.Min, f.Log ? Math.Log(f.Max) : f.Max, f.Log),
            _ => throw new ArgumentException($"{dimension} is not numeric.", nameof(dimension)),
        };

        internal static double ToUnit(SearchDimension dimension, double value)
        {
            var (low, high, log) = Range(dimension);
            return Math.Clamp(((log ? Math.Log(value) : value) - low) / (high - low), 0, 1);
        }

        internal static double FromUnit(SearchDimension dimension, double unit)
        {
            var (low, high, log) = Range(dimension);
            var scaled = low + (unit * (high - low));
            var value = log ? Math.Exp(scaled) : scaled;
            return dimension switch
            {
                IntDimension i => i.Snap(value),
                FloatDimension f => f.Snap(value),
                _ => value,
            };
        }
    }

    /// <summary>A fitted Gaussian process: Matérn 5/2 with ARD length scales, signal and noise variance.</summary>
    /// <remarks>Matrices are flat row-major arrays (n × n), which the fit's O(n³) loops walk contiguously.</remarks>
    internal sealed class GaussianProcess
    {
        private readonly double[][] _x;
        private readonly double[] _inverseSquaredLengths;
        private readonly double _signal;
        private readonly double[] _cholesky;
        private readonly double[] _alpha;

        private GaussianProcess(double[][] x, double[] inverseSquaredLengths, double signal, double[] cholesky, double[] alpha)
        {
            _x = x;
            _inverseSquaredLengths = inverseSquaredLengths;
            _signal = signal;
            _cholesky = cholesky;
            _alpha = alpha;
        }

        /// <summary>The fitted log-parameters: log ℓ per coordinate, then log σ², then log σₙ².</summary>
        public double[] LogParameters { get; private init; } = Array.Empty<double>();

        /// <summary>(xᵢ − xⱼ)² per coordinate for every pair j &lt; i, at ((i·n) + j)·width + d.</summary>
        internal static double[] SquaredDifferences(double[][] x)
        {
            var n = x.Length;
            var width = x[0].Length;
            var squared = new double[n * n * width];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    var at = ((i * n) + j) * width;
                    for (var d = 0; d < width; d++)
                    {
                        var difference = x[i][d] - x[j][d];
                        squared[at + d] = difference * difference;
                    }
                }
            }

            return squared;
        }

        /// <summary>Fits the kernel's parameters by maximizing the log marginal likelihood of <paramref name="y"/>.</summary>
        public static GaussianProcess Fit(double[][] x, double[] y, int restarts, DeterministicRandom random)
        {
            var width = x[0].Length;
            var squaredDifferences = SquaredDifferences(x);
            var bestParameters = Defaults(width);
            var bestLikelihood = double.NegativeInfinity;
            for (var restart = 0; restart < restarts; restart++)
            {
                var theta = Defaults(width);
                if (restart > 0)
                {
                    for (var d = 0; d < width; d++)
                    {
                        theta[d] = random.NextUniform(Math.Log(0.05), Math.Log(5));
                    }

                    theta[width] = random.NextUniform(Math.Log(0.3), Math.Log(3));
                    theta[width + 1] = random.NextUniform(Math.Log(1e-5), Math.Log(1e-1));
                }

                // Adam (Kingma and Ba, 2015) ascending the likelihood, keeping the best point it visits.
                var first = new double[theta.Length];
                var second = new double[theta.Length];
                const double rate = 0.1, beta1 = 0.9, beta2 = 0.999;
                for (var iteration = 1; iteration <= FitIterations; iteration++)
                {
                    var (likelihood, gradient) = LogLikelihood(theta, y, squaredDifferences);
                    if (likelihood > bestLikelihood)
                    {
                        bestLikelihood = likelihood;
                        bestParameters = (double[])theta.Clone();
                    }

                    if (gradient is null)
                    {
                        break;
                    }

                    for (var k = 0; k < theta.Length; k++)
                    {
                        first[k] = (beta1 * first[k]) + ((1 - beta1) * gradient[k]);
                        second[k] = (beta2 * second[k]) + ((1 - beta2) * gradient[k] * gradient[k]);
                        var corrected = first[k] / (1 - Math.Pow(beta1, iteration));
                        var scale = Math.Sqrt(second[k] / (1 - Math.Pow(beta2, iteration))) + 1e-8;
                        theta[k] += rate * corrected / scale;
                    }

                    Clamp(theta);
                }
            }

            var model = Build(x, y, bestParameters, squaredDifferences);
            return model ?? Build(x, y, Defaults(width), squaredDifferences)!;
        }

        private static double[] Defaults(int width)
        {
            var theta = new double[width + 2];
            Array.Fill(theta, Math.Log(0.5), 0, width);
            theta[width] = 0;
            theta[width + 1] = Math.Log(1e-2);
            return theta;
        }

        private static void Clamp(double[] theta)
        {
            var width = theta.Length - 2;
            for (var d = 0; d < width; d++)
            {
                theta[d] = Math.Clamp(theta[d], MinLogLength, MaxLogLength);
            }

            theta[width] = Math.Clamp(theta[width], MinLogSignal, MaxLogSignal);
            theta[width + 1] = Math.Clamp(theta[width + 1], MinLogNoise, MaxLogNoise);
        }

        private static double Matern(double r) => (1 + (Sqrt5 * r) + (5.0 / 3.0 * r * r)) * Math.Exp(-Sqrt5 * r);

        /// <summary>The kernel matrix with noise (lower triangle and diagonal), and each pair's (5/3)(1 + √5 r)e^(−√5 r) for the gradient.</summary>
        private static (double[] Kernel, double[] LengthFactor) KernelMatrix(double[] theta, int n, double[] squaredDifferences)
        {
            var width = theta.Length - 2;
            var inverse = new double[width];
            for (var d = 0; d < width; d++)
            {
                inverse[d] = Math.Exp(-2 * theta[d]);
            }

            var signal = Math.Exp(theta[width]);
            var noise = Math.Exp(theta[width + 1]);
            var kernel = new double[n * n];
            var factor = new double[n * n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    var at = ((i * n) + j) * width;
                    var r2 = 0.0;
                    for (var d = 0; d < width; d++)
                    {
                        r2 += squaredDifferences[at + d] * inverse[d];
                    }

                    var r = Math.Sqrt(r2);
                    var decay = Math.Exp(-Sqrt5 * r);
                    kernel[(i * n) + j] = signal * (1 + (Sqrt5 * r) + (5.0 / 3.0 * r2)) * decay;
                    factor[(i * n) + j] = 5.0 / 3.0 * (1 + (Sqrt5 * r)) * decay;
                }

                // The jitter keeps the factorization stable when two trials share a point.
                kernel[(i * n) + i] = signal + noise + 1e-8;
            }

            return (kernel, factor);
        }

        /// <summary>The lower Cholesky factor (n × n) of a symmetric matrix given by its lower triangle, or <see langword="null"/> when it is not positive definite.</summary>
        private static double[]? Cholesky(double[] matrix, int n)
        {
            var l = new double[n * n];
            for (var j = 0; j < n; j++)
            {
                var rowJ = j * n;
                var diagonal = matrix[rowJ + j];
                for (var k = 0; k < j; k++)
                {
                    diagonal -= l[rowJ + k] * l[rowJ + k];
                }

                if (!(diagonal > 0))
                {
                    return null;
                }

                var root = Math.Sqrt(diagonal);
                l[rowJ + j] = root;
                for (var i = j + 1; i < n; i++)
                {
                    var rowI = i * n;
                    var sum = matrix[rowI + j];
                    for (var k = 0; k < j; k++)
                    {
                        sum -= l[rowI + k] * l[rowJ + k];
                    }

                    l[rowI + j] = sum / root;
                }
            }

            return l;
        }

        /// <summary>Solves L z = b in place.</summary>
        private static void SolveLower(double[] l, double[] b)
        {
            var n = b.Length;
            for (var i = 0; i < n; i++)
            {
                var row = i * n;
                var sum = b[i];
                for (var k = 0; k < i; k++)
                {
                    sum -= l[row + k] * b[k];
                }

                b[i] = sum / l[row + i];
            }
        }

        /// <summary>Solves Lᵀ z = b in place.</summary>
        private static void SolveUpper(double[] l, double[] b)
        {
            var n = b.Length;
            for (var i = n - 1; i >= 0; i--)
            {
                var sum = b[i];
                for (var k = i + 1; k < n; k++)
                {
                    sum -= l[(k * n) + i] * b[k];
                }

                b[i] = sum / l[(i * n) + i];
            }
        }

        /// <summary>
        /// log p(y | θ) = −½ yᵀK⁻¹y − Σ log Lᵢᵢ − (n/2) log 2π and its gradient ½ tr((ααᵀ − K⁻¹) ∂K/∂θ) (Rasmussen and
        /// Williams, 2006, eq. 5.8–5.9), or −∞ and no gradient when K is not positive definite.
        /// </summary>
        internal static (double Value, double[]? Gradient) LogLikelihood(double[] theta, double[] y, double[] squaredDifferences)
        {
            var n = y.Length;
            var width = theta.Length - 2;
            var (kernel, factor) = KernelMatrix(theta, n, squaredDifferences);
            var l = Cholesky(kernel, n);
            if (l is null)
            {
                return (double.NegativeInfinity, null);
            }

            var alpha = (double[])y.Clone();
            SolveLower(l, alpha);
            SolveUpper(l, alpha);
            var value = -0.5 * y.Select((v, i) => v * alpha[i]).Sum() - (0.5 * n * Math.Log(2 * Math.PI));
            for (var i = 0; i < n; i++)
            {
                value -= Math.Log(l[(i * n) + i]);
            }

            // K⁻¹ = L⁻ᵀ L⁻¹; L⁻¹ is kept transposed (row c holds column c of L⁻¹) so both loops below run contiguously.
            var inverseT = new double[n * n];
            for (var column = 0; column < n; column++)
            {
                var row = column * n;
                inverseT[row + column] = 1 / l[row + column];
                for (var i = column + 1; i < n; i++)
                {
                    var rowI = i * n;
                    var sum = 0.0;
                    for (var k = column; k < i; k++)
                    {
                        sum -= l[rowI + k] * inverseT[row + k];
                    }

                    inverseT[row + i] = sum / l[rowI + i];
                }
            }

            var signal = Math.Exp(theta[width]);
            var noise = Math.Exp(theta[width + 1]);
            var inverseSquaredLengths = new double[width];
            for (var d = 0; d < width; d++)
            {
                inverseSquaredLengths[d] = Math.Exp(-2 * theta[d]);
            }

            var gradient = new double[theta.Length];
            for (var i = 0; i < n; i++)
            {
                var rowI = i * n;
                for (var j = 0; j <= i; j++)
                {
                    var rowJ = j * n;
                    var inverse = 0.0;
                    for (var k = i; k < n; k++)
                    {
                        inverse += inverseT[rowI + k] * inverseT[rowJ + k];
                    }

                    var w = (alpha[i] * alpha[j]) - inverse;
                    if (i == j)
                    {
                        gradient[width] += 0.5 * w * signal;
                        gradient[width + 1] += 0.5 * w * noise;
                        continue;
                    }

                    // Off-diagonal pairs appear twice in the trace.
                    gradient[width] += w * kernel[rowI + j];
                    var common = w * signal * factor[rowI + j];
                    var at = (rowI + j) * width;
                    for (var d = 0; d < width; d++)
                    {
                        gradient[d] += common * squaredDifferences[at + d] * inverseSquaredLengths[d];
                    }
                }
            }

            return (value, gradient);
        }

        private static GaussianProcess? Build(double[][] x, double[] y, double[] theta, double[] squaredDifferences)
        {
            var width = theta.Length - 2;
            var (kernel, _) = KernelMatrix(theta, y.Length, squaredDifferences);
            var l = Cholesky(kernel, y.Length);
            if (l is null)
            {
                return null;
            }

            var alpha = (double[])y.Clone();
            SolveLower(l, alpha);
            SolveUpper(l, alpha);
            var inverseSquaredLengths = new double[width];
            for (var d = 0; d < width; d++)
            {
                inverseSquaredLengths[d] = Math.Exp(-2 * theta[d]);
            }

            return new GaussianProcess(x, inverseSquaredLengths, Math.Exp(theta[width]), l, alpha) { LogParameters = (double[])theta.Clone() };
        }

        /// <summary>The posterior mean and standard deviation of the latent function at <paramref name="point"/>.</summary>
        public (double Mean, double Deviation) Predict(double[] point)
        {
            var n = _x.Length;
            var covariance = new double[n];
            for (var i = 0; i < n; i++)
            {
                var r2 = 0.0;
                var xi = _x[i];
                for (var d = 0; d < point.Length; d++)
                {
                    var difference = point[d] - xi[d];
                    r2 += difference * difference * _inverseSquaredLengths[d];
                }

                covariance[i] = _signal * Matern(Math.Sqrt(r2));
            }

            var mean = 0.0;
            for (var i = 0; i < n; i++)
            {
                mean += covariance[i] * _alpha[i];
            }

            SolveLower(_cholesky, covariance);
            var variance = _signal;
            for (var i = 0; i < n; i++)
            {
                variance -= covariance[i] * covariance[i];
            }

            return (mean, Math.Sqrt(Math.Max(variance, 1e-12)));
        }

        /// <summary>
        /// log E[max(0, <paramref name="target"/> − f(x))] for minimization: log σ + log(zΦ(z) + φ(z)), z = (target − μ)/σ,
        /// with the asymptotic form φ(z)/z² where the difference cancels (z &lt; −6), so far candidates still rank.
        /// </summary>
        public double LogExpectedImprovement(double[] point, double target)
        {
            var (mean, deviation) = Predict(point);
            var z = (target - mean) / deviation;
            double logH;
            if (z < -6)
            {
                logH = (-0.5 * z * z) - NormalMath.LogSqrt2Pi - (2 * Math.Log(-z)) + Math.Log(1 - (3 / (z * z)));
            }
            else
            {
                var density = Math.Exp((-0.5 * z * z) - NormalMath.LogSqrt2Pi);
                logH = Math.Log(Math.Max((z * NormalMath.Cdf(z)) + density, 1e-300));
            }

            return Math.Log(deviation) + logH;
        }
    }
}
