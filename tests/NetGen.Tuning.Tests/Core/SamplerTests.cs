using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning.Tests.Core;

public sealed class SamplerTests
{
    [Fact]
    public void Grid_CoversExactlyTheGrid_InDocumentedOrder_WithConditionals()
    {
        var space = new SearchSpace
        {
            SearchDimension.Int("Depth", 1, 3),
            SearchDimension.Categorical("Optimizer", "Sgd", "Adam"),
            SearchDimension.Float("Momentum", 0.0, 0.9, step: 0.45).When("Optimizer", "Sgd"),
        };
        var study = Study.CreateOrOpen("grid", space, new StudyOptions { Sampler = new GridSampler() });
        study.Optimize(_ => 0, 100, parallelism: 1);

        var expected = new List<string>();
        foreach (var depth in new[] { 1, 2, 3 })
        {
            foreach (var momentum in new[] { "0", "0.45", "0.9" })
            {
                expected.Add($$"""{"Depth":{{depth}},"Optimizer":"Sgd","Momentum":{{momentum}}}""");
            }

            expected.Add($$"""{"Depth":{{depth}},"Optimizer":"Adam"}""");
        }

        Assert.Equal(12L, space.GridSize);
        Assert.Equal(expected, study.Trials.Select(t => t.Parameters!.ToJson()));
    }

    [Fact]
    public void Grid_InParallel_StillRunsEveryPointOnce()
    {
        var space = new SearchSpace { SearchDimension.Int("A", 0, 9), SearchDimension.Categorical("B", "x", "y", "z") };
        var study = Study.CreateOrOpen("grid", space, new StudyOptions { Sampler = new GridSampler() });
        study.Optimize(_ => 0, 1000, parallelism: 4);

        var points = study.Trials.Select(t => t.Parameters!.ToJson()).ToList();
        Assert.Equal(30, points.Count);
        Assert.Equal(30, points.Distinct().Count());
    }

    [Fact]
    public void Grid_OverAFloatWithoutStep_IsAClearError()
    {
        var space = new SearchSpace { SearchDimension.Float("LearningRate", 1e-4, 1e-1, log: true) };
        var exception = Assert.Throws<ArgumentException>(() => Study.CreateOrOpen("grid", space, new StudyOptions { Sampler = new GridSampler() }));
        Assert.Equal("The grid sampler cannot enumerate Float(\"LearningRate\", 0.0001, 0.1, log: true): give the float dimension a step (step: …), or use the random, TPE or genetic sampler. (Parameter 'space')", exception.Message);
        Assert.Null(space.GridSize);
    }

    /// <summary>Branin on [−5, 10] × [0, 15]; its minimum 0.397887 is at (−π, 12.275), (π, 2.275) and (9.42478, 2.475).</summary>
    private static double Branin(Trial trial)
    {
        var x = trial.Parameters.GetDouble("x");
        var y = trial.Parameters.GetDouble("y");
        const double a = 1, b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, r = 6, s = 10, t = 1 / (8 * Math.PI);
        return (a * Math.Pow(y - (b * x * x) + (c * x) - r, 2)) + (s * (1 - t) * Math.Cos(x)) + s;
    }

    private static SearchSpace BraninSpace() => new() { SearchDimension.Float("x", -5, 10), SearchDimension.Float("y", 0, 15) };

    /// <summary>A quadratic in log₁₀ of the learning rate (best 10⁻²·⁵), a categorical with one best choice, and an integer.</summary>
    private static double Mixed(Trial trial) =>
        Math.Pow(Math.Log10(trial.Parameters.GetDouble("LearningRate")) + 2.5, 2)
        + (trial.Parameters.Get<string>("Activation") == "gelu" ? 0 : 0.5)
        + Math.Pow((trial.Parameters.GetInt32("Units") - 40) / 30.0, 2);

    private static SearchSpace MixedSpace() => new()
    {
        SearchDimension.Float("LearningRate", 1e-5, 1, log: true),
        SearchDimension.Categorical("Activation", "relu", "tanh", "sigmoid", "gelu", "elu"),
        SearchDimension.Int("Units", 8, 256, log: true),
    };

    private static double BestAfter(Sampler sampler, SearchSpace space, Func<Trial, double> objective, int seed, int trials)
    {
        var study = Study.CreateOrOpen("compare", space, new StudyOptions { Seed = seed, Sampler = sampler });
        study.Optimize(objective, trials, parallelism: 1);
        return study.BestTrial!.Value!.Value;
    }

    [Fact]
    public void Tpe_BeatsRandom_OnBranin_AveragedOverSeeds()
    {
        var seeds = Enumerable.Range(0, 10).ToArray();
        var tpe = seeds.Average(seed => BestAfter(new TpeSampler(), BraninSpace(), Branin, seed, 60) - 0.397887);
        var random = seeds.Average(seed => BestAfter(new RandomSampler(), BraninSpace(), Branin, seed, 60) - 0.397887);

        // Measured: 0.46 against 1.73 (TPE about a quarter of random search) over these seeds.
        Assert.True(tpe < 0.6 * random, $"TPE mean regret {tpe}, random {random}");
    }

    [Fact]
    public void Tpe_BeatsRandom_OnAMixedSpace_AveragedOverSeeds()
    {
        var seeds = Enumerable.Range(0, 10).ToArray();
        // Measured: 0.16 against 0.45.
        var tpe = seeds.Average(seed => BestAfter(new TpeSampler(), MixedSpace(), Mixed, seed, 50));
        var random = seeds.Average(seed => BestAfter(new RandomSampler(), MixedSpace(), Mixed, seed, 50));

        Assert.True(tpe < 0.6 * random, $"TPE mean best {tpe}, random {random}");
    }

    [Fact]
    public void Tpe_ConcentratesOnTheBestCategory()
    {
        var space = new SearchSpace { SearchDimension.Categorical("Kind", "a", "b", "c", "d", "e", "f"), SearchDimension.Float("x", 0, 1) };
        var study = Study.CreateOrOpen("category", space, new StudyOptions { Seed = 2, Sampler = new TpeSampler() });
        study.Optimize(trial => (trial.Parameters.Get<string>("Kind") == "d" ? 0 : 1) + (0.1 * trial.Parameters.GetDouble("x")), 60, parallelism: 1);

        // Measured: 21 of 30; random search would give about 5.
        var late = study.Trials.Skip(30).Count(t => t.Parameters!.Get<string>("Kind") == "d");
        Assert.True(late >= 12, $"{late} of the last 30 trials chose the best category");
    }

    [Fact]
    public void Tpe_StartsWithTheRandomSamplersDraws()
    {
        string Run(Sampler sampler)
        {
            var study = Study.CreateOrOpen("start", MixedSpace(), new StudyOptions { Seed = 6, Sampler = sampler });
            study.Optimize(Mixed, 10, parallelism: 1);
            return string.Join("\n", study.Trials.Select(t => t.Parameters!.ToJson()));
        }

        Assert.Equal(Run(new RandomSampler()), Run(new TpeSampler()));
    }

    [Fact]
    public void Tpe_HandlesConditionalDimensions_AndLearnsTheBestBranch()
    {
        var space = new SearchSpace
        {
            SearchDimension.Categorical("Optimizer", "Sgd", "Adam"),
            SearchDimension.Float("Momentum", 0.0, 0.99).When("Optimizer", "Sgd"),
            SearchDimension.Float("Beta1", 0.5, 0.999).When("Optimizer", "Adam"),
        };
        var study = Study.CreateOrOpen("conditional", space, new StudyOptions { Seed = 1, Sampler = new TpeSampler() });
        study.Optimize(
            trial => trial.Parameters.Get<string>("Optimizer") == "Sgd"
                ? Math.Abs(trial.Parameters.GetDouble("Momentum") - 0.9)
                : 0.5 + Math.Abs(trial.Parameters.GetDouble("Beta1") - 0.9),
            50,
            parallelism: 1);

        Assert.All(study.Trials, t => Assert.Equal(t.Parameters!.Get<string>("Optimizer") == "Sgd", t.Parameters.Contains("Momentum")));
        Assert.Equal("Sgd", study.BestTrial!.Parameters!.Get<string>("Optimizer"));
        Assert.True(study.BestTrial.Value < 0.05, $"best {study.BestTrial.Value}");
    }

    [Fact]
    public void TpeGamma_AndWeights_AreOptunasDefaults()
    {
        Assert.Equal(new[] { 0, 1, 1, 2, 3, 10, 25, 25 }, new[] { 0, 1, 10, 11, 30, 100, 250, 1000 }.Select(TpeSampler.Gamma));
        Assert.All(TpeSampler.Weights(24), w => Assert.Equal(1, w));
        var weights = TpeSampler.Weights(30);
        Assert.Equal(1.0 / 30, weights[0], 12);
        Assert.Equal(1.0, weights[4], 12);
        Assert.True(weights[1] > weights[0] && weights[2] > weights[1]);
        Assert.All(weights.Skip(5), w => Assert.Equal(1, w));
    }

    [Fact]
    public void GaussianProcess_BeatsRandom_OnBranin_AveragedOverSeeds()
    {
        var seeds = Enumerable.Range(0, 10).ToArray();
        var gp = seeds.Average(seed => BestAfter(new GaussianProcessSampler(), BraninSpace(), Branin, seed, 60) - 0.397887);
        var random = seeds.Average(seed => BestAfter(new RandomSampler(), BraninSpace(), Branin, seed, 60) - 0.397887);

        // Measured: 0.0057 against 1.73 (TPE: 0.46).
        Assert.True(gp < 0.6 * random, $"GP mean regret {gp}, random {random}");
    }

    [Fact]
    public void GaussianProcess_BeatsRandom_OnAMixedSpace_AveragedOverSeeds()
    {
        var seeds = Enumerable.Range(0, 10).ToArray();
        // Measured: 0.0029 against 0.45 (TPE: 0.16).
        var gp = seeds.Average(seed => BestAfter(new GaussianProcessSampler(), MixedSpace(), Mixed, seed, 50));
        var random = seeds.Average(seed => BestAfter(new RandomSampler(), MixedSpace(), Mixed, seed, 50));

        Assert.True(gp < 0.6 * random, $"GP mean best {gp}, random {random}");
    }

    [Fact]
    public void GaussianProcess_ConcentratesOnTheBestCategory()
    {
        var space = new SearchSpace { SearchDimension.Categorical("Kind", "a", "b", "c", "d", "e", "f"), SearchDimension.Float("x", 0, 1) };
        var study = Study.CreateOrOpen("category", space, new StudyOptions { Seed = 2, Sampler = new GaussianProcessSampler() });
        study.Optimize(trial => (trial.Parameters.Get<string>("Kind") == "d" ? 0 : 1) + (0.1 * trial.Parameters.GetDouble("x")), 60, parallelism: 1);

        // Measured: 29 of 30; random search would give about 5.
        var late = study.Trials.Skip(30).Count(t => t.Parameters!.Get<string>("Kind") == "d");
        Assert.True(late >= 12, $"{late} of the last 30 trials chose the best category");
    }

    [Fact]
    public void GaussianProcess_StartsWithTheRandomSamplersDraws_ForThreeTrialsPerDimension()
    {
        string Run(Sampler sampler, int trials)
        {
            var study = Study.CreateOrOpen("start", MixedSpace(), new StudyOptions { Seed = 6, Sampler = sampler });
            study.Optimize(Mixed, trials, parallelism: 1);
            return string.Join("\n", study.Trials.Select(t => t.Parameters!.ToJson()));
        }

        Assert.Equal(9, new GaussianProcessSampler().StartupTrialsFor(MixedSpace()));
        Assert.Equal(Run(new RandomSampler(), 9), Run(new GaussianProcessSampler(), 9));
        Assert.NotEqual(Run(new RandomSampler(), 10), Run(new GaussianProcessSampler(), 10));
        Assert.Equal(Run(new RandomSampler(), 4), Run(new GaussianProcessSampler(startupTrials: 4), 4));
    }

    [Fact]
    public void GaussianProcess_WithTheSameSeed_ProposesTheSame_AndWithAnotherSeedNot()
    {
        string Run(int seed)
        {
            var study = Study.CreateOrOpen("same", MixedSpace(), new StudyOptions { Seed = seed, Sampler = new GaussianProcessSampler(startupTrials: 5) });
            study.Optimize(Mixed, 20, parallelism: 1);
            return string.Join("\n", study.Trials.Select(t => t.Parameters!.ToJson()));
        }

        Assert.Equal(Run(4), Run(4));
        Assert.NotEqual(Run(4), Run(5));
    }

    [Fact]
    public void GaussianProcess_HandlesConditionalDimensions_AndLearnsTheBestBranch()
    {
        var space = new SearchSpace
        {
            SearchDimension.Categorical("Optimizer", "Sgd", "Adam"),
            SearchDimension.Float("Momentum", 0.0, 0.99).When("Optimizer", "Sgd"),
            SearchDimension.Float("Beta1", 0.5, 0.999).When("Optimizer", "Adam"),
        };
        var study = Study.CreateOrOpen("conditional", space, new StudyOptions { Seed = 1, Sampler = new GaussianProcessSampler() });
        study.Optimize(
            trial => trial.Parameters.Get<string>("Optimizer") == "Sgd"
                ? Math.Abs(trial.Parameters.GetDouble("Momentum") - 0.9)
                : 0.5 + Math.Abs(trial.Parameters.GetDouble("Beta1") - 0.9),
            40,
            parallelism: 1);

        Assert.All(study.Trials, t =>
        {
            Assert.Equal(t.Parameters!.Get<string>("Optimizer") == "Sgd", t.Parameters.Contains("Momentum"));
            Assert.Equal(t.Parameters.Get<string>("Optimizer") == "Adam", t.Parameters.Contains("Beta1"));
        });
        Assert.Equal("Sgd", study.BestTrial!.Parameters!.Get<string>("Optimizer"));
        Assert.True(study.BestTrial.Value < 0.05, $"best {study.BestTrial.Value}");
    }

    [Fact]
    public void GaussianProcess_EncodesLogDimensionsInLogSpace_AndRoundsIntegersOnDecoding()
    {
        var learningRate = SearchDimension.Float("LearningRate", 1e-4, 1, log: true);
        var units = SearchDimension.Int("Units", 8, 256, log: true);
        var batch = SearchDimension.Int("BatchSize", 16, 128, step: 16);

        Assert.Equal(0.5, GaussianProcessSampler.UnitEncoding.ToUnit(learningRate, 1e-2), 12);
        Assert.Equal(0.2, GaussianProcessSampler.UnitEncoding.ToUnit(units, 16), 12);
        Assert.Equal(1e-2, GaussianProcessSampler.UnitEncoding.FromUnit(learningRate, 0.5), 12);
        Assert.Equal(16, GaussianProcessSampler.UnitEncoding.FromUnit(units, 0.205));
        Assert.Equal(64, GaussianProcessSampler.UnitEncoding.FromUnit(batch, 3.1 / 7));

        var space = new SearchSpace
        {
            learningRate,
            SearchDimension.Categorical("Optimizer", "Sgd", "Adam", "RmsProp"),
            SearchDimension.Float("Momentum", 0.0, 0.9).When("Optimizer", "Sgd"),
            SearchDimension.Categorical("Only", "one"),
        };
        var encoding = new GaussianProcessSampler.UnitEncoding(space);
        Assert.Equal(5, encoding.Width);
        Assert.Equal(new[] { 0.5, 0, 0, 1, 0 }, encoding.Encode(new double?[] { 1e-2, 2, null, 0 }), new ToleranceComparer(1e-12));
        Assert.Equal(new[] { 0.5, 1, 0, 0, 0.5 }, encoding.Encode(new double?[] { 1e-2, 0, 0.45, 0 }), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void GaussianProcess_FitsTheLengthScaleOfASmoothFunction_AndInterpolatesIt()
    {
        // y = sin(2πx) on 12 points: the fitted GP predicts it between the points, and its gradient matches finite differences.
        var x = Enumerable.Range(0, 12).Select(i => new[] { i / 11.0 }).ToArray();
        var y = x.Select(p => Math.Sin(2 * Math.PI * p[0])).ToArray();
        var model = GaussianProcessSampler.GaussianProcess.Fit(x, y, restarts: 3, new DeterministicRandom(1));
        var (mean, deviation) = model.Predict(new[] { 0.3 });
        Assert.Equal(Math.Sin(2 * Math.PI * 0.3), mean, 0.05);
        Assert.True(deviation < 0.1, $"deviation {deviation}");

        var squared = GaussianProcessSampler.GaussianProcess.SquaredDifferences(x);
        var theta = new[] { Math.Log(0.3), Math.Log(1.5), Math.Log(1e-3) };
        var (_, gradient) = GaussianProcessSampler.GaussianProcess.LogLikelihood(theta, y, squared);
        for (var k = 0; k < theta.Length; k++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[k] += 1e-5;
            minus[k] -= 1e-5;
            var numeric = (GaussianProcessSampler.GaussianProcess.LogLikelihood(plus, y, squared).Value - GaussianProcessSampler.GaussianProcess.LogLikelihood(minus, y, squared).Value) / 2e-5;
            Assert.Equal(numeric, gradient![k], Math.Max(1e-4, 1e-4 * Math.Abs(numeric)));
        }
    }

    [Fact]
    public void GaussianProcess_LearnsFromPrunedTrialsAsWorseThanEveryCompleteOne_AndIgnoresFailedOnes()
    {
        var space = new SearchSpace { SearchDimension.Float("x", 0, 1) };
        var study = Study.CreateOrOpen("pruned", space, new StudyOptions { Seed = 3, Sampler = new RandomSampler() });
        study.Optimize(
            trial =>
            {
                trial.Report(1, trial.Number);
                return (trial.Number % 3) switch
                {
                    0 => trial.Number,
                    1 => throw new TrialPrunedException(),
                    _ => throw new InvalidOperationException("failed"),
                };
            },
            9,
            parallelism: 1);

        var observations = GaussianProcessSampler.Observations(study.Trials, StudyDirection.Minimize);
        Assert.Equal(new[] { 0, 1, 3, 4, 6, 7 }, observations.Select(o => o.Number));
        // Complete 0, 3, 6; pruned 1 and 4 take the worst complete value (6), pruned 7 its own, which is worse.
        Assert.Equal(new[] { 0.0, 6, 3, 6, 6, 7 }, observations.Select(o => o.Loss));
        var maximized = GaussianProcessSampler.Observations(study.Trials, StudyDirection.Maximize);
        Assert.Equal(new[] { 0.0, 0, -3, 0, -6, 0 }, maximized.Select(o => o.Loss));
    }

    [Fact]
    public void GaussianProcess_ProposesAwayFromATrialAnotherWorkerIsRunning()
    {
        var space = new SearchSpace { SearchDimension.Float("x", 0, 1) };
        TrialResult Result(int number, TrialState state, double x, double? value) => new(
            new TrialRecord(number, number, state, $$"""{"x":{{JsonValues.Format(x)}}}""", value, Array.Empty<IntermediateValue>(), null, null, 1, null, null),
            space.CreateParameters(new Dictionary<string, object> { ["x"] = x }));
        var finished = Enumerable.Range(0, 6).Select(i => Result(i, TrialState.Complete, i / 5.0, Math.Pow((i / 5.0) - 0.33, 2))).ToList();
        var sampler = new GaussianProcessSampler(startupTrials: 6);
        double Propose(IReadOnlyList<TrialResult> trials) =>
            sampler.Propose(new SamplerContext(space, StudyDirection.Minimize, 1, 7, trials)).GetDouble("x");

        var alone = Propose(finished);
        var beside = Propose(finished.Append(Result(6, TrialState.Running, alone, null)).ToList());

        // Alone, the proposal is near the optimum 0.33 (measured: 0.325); with that point running elsewhere, it moves
        // away (measured: 0.413; with the best loss as the lie, 0.330).
        Assert.InRange(alone, 0.2, 0.45);
        Assert.True(Math.Abs(beside - alone) > 0.05, $"alone {alone}, beside a running trial {beside}");
    }

    [Fact]
    public void GaussianProcess_RefusesInvalidSettings_NamingThem()
    {
        Assert.Equal("startupTrials", Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianProcessSampler(startupTrials: 0)).ParamName);
        Assert.Equal("candidates", Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianProcessSampler(candidates: 0)).ParamName);
        Assert.Equal("restarts", Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianProcessSampler(restarts: 0)).ParamName);
        Assert.Equal("GaussianProcessSampler(startupTrials: null, candidates: 1000, restarts: 3)", new GaussianProcessSampler().ToString());
        Assert.Equal("GaussianProcessSampler(startupTrials: 5, candidates: 200, restarts: 1)", new GaussianProcessSampler(5, 200, 1).ToString());
    }

    [Fact]
    public void Genetic_LaterGenerationsAreBetterThanTheFirst()
    {
        var seeds = Enumerable.Range(0, 5).ToArray();
        double MeanOfGeneration(int seed, int generation)
        {
            var study = Study.CreateOrOpen("genetic", MixedSpace(), new StudyOptions { Seed = seed, Sampler = new GeneticSampler(populationSize: 10) });
            study.Optimize(Mixed, 60, parallelism: 1);
            return study.Trials.Where(t => t.Number / 10 == generation).Average(t => t.Value!.Value);
        }

        // Measured: 8.4 for generation 0 against 4.0 for generation 5.
        var first = seeds.Average(seed => MeanOfGeneration(seed, 0));
        var last = seeds.Average(seed => MeanOfGeneration(seed, 5));
        Assert.True(last < 0.7 * first, $"generation 0 mean {first}, generation 5 mean {last}");
    }

    [Fact]
    public void Genetic_ChildrenTakeTheirGenesFromThePreviousGenerationOrMutation()
    {
        // With no mutation, every gene of generation 1 is one a parent in generation 0 (or an elite) had.
        var space = new SearchSpace { SearchDimension.Int("a", 0, 1000), SearchDimension.Int("b", 0, 1000) };
        var study = Study.CreateOrOpen("genes", space, new StudyOptions { Seed = 3, Sampler = new GeneticSampler(populationSize: 6, mutationProbability: 0) });
        study.Optimize(trial => trial.Parameters.GetInt32("a") + trial.Parameters.GetInt32("b"), 12, parallelism: 1);

        var first = study.Trials.Take(6).ToList();
        foreach (var child in study.Trials.Skip(6))
        {
            Assert.Contains(child.Parameters!.GetInt32("a"), first.Select(t => t.Parameters!.GetInt32("a")));
            Assert.Contains(child.Parameters.GetInt32("b"), first.Select(t => t.Parameters!.GetInt32("b")));
        }
    }

    [Fact]
    public void Samplers_ProposeOnlyValuesTheSpaceAllows()
    {
        foreach (var sampler in new Sampler[] { new RandomSampler(), new TpeSampler(), new GeneticSampler(populationSize: 5), new GaussianProcessSampler() })
        {
            var study = Study.CreateOrOpen("valid", MixedSpace(), new StudyOptions { Seed = 11, Sampler = sampler });
            study.Optimize(Mixed, 40, parallelism: 1);
            Assert.All(study.Trials, t =>
            {
                Assert.Equal(TrialState.Complete, t.State);
                Assert.InRange(t.Parameters!.GetDouble("LearningRate"), 1e-5, 1);
                Assert.InRange(t.Parameters.GetInt32("Units"), 8, 256);
            });
        }
    }
}

public sealed class DegenerateSpaceTests
{
    [Theory]
    [InlineData("random")]
    [InlineData("tpe")]
    [InlineData("genetic")]
    [InlineData("gp")]
    [InlineData("grid")]
    public void SingleValueDimensions_AreProposedAsThatValue(string sampler)
    {
        var space = new SearchSpace
        {
            SearchDimension.Float("LearningRate", 0.01, 0.01, log: true),
            SearchDimension.Int("Units", 7, 7, log: true),
            SearchDimension.Float("Dropout", 0.25, 0.25, step: 0.05),
            SearchDimension.Categorical("Only", "one"),
        };
        var study = Study.CreateOrOpen("degenerate", space, new StudyOptions { Sampler = StudyTests.Make(sampler) });
        study.Optimize(trial => trial.Number, 25, parallelism: 1);

        Assert.All(study.Trials, t =>
        {
            Assert.Equal(TrialState.Complete, t.State);
            Assert.Equal(0.01, t.Parameters!.GetDouble("LearningRate"));
            Assert.Equal(7, t.Parameters.GetInt32("Units"));
            Assert.Equal(0.25, t.Parameters.GetDouble("Dropout"));
        });
    }
}

internal sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

    public int GetHashCode(double obj) => 0;
}
