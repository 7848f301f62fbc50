using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning.Tests.Core;

public sealed class StudyTests
{
    private static SearchSpace Space() => new()
    {
        SearchDimension.Float("LearningRate", 1e-4, 1e-1, log: true),
        SearchDimension.Int("Units", 4, 64),
        SearchDimension.Categorical("Activation", "relu", "tanh", "sigmoid"),
    };

    private static double Quadratic(Trial trial) =>
        Math.Pow(Math.Log10(trial.Parameters.GetDouble("LearningRate")) + 2, 2)
        + Math.Pow((trial.Parameters.GetInt32("Units") - 32) / 16.0, 2)
        + (trial.Parameters.Get<string>("Activation") == "tanh" ? 0 : 1);

    public static TheoryData<string> Samplers() => new() { "random", "tpe", "genetic", "gp" };

    internal static Sampler Make(string name) => name switch
    {
        "random" => new RandomSampler(),
        "tpe" => new TpeSampler(),
        "genetic" => new GeneticSampler(populationSize: 8),
        "gp" => new GaussianProcessSampler(startupTrials: 5),
        "grid" => new GridSampler(),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Samplers))]
    public void SequentialStudies_WithTheSameSeed_HaveIdenticalTrials(string sampler)
    {
        string Run()
        {
            var study = Study.CreateOrOpen("same", Space(), new StudyOptions { Seed = 17, Sampler = Make(sampler) });
            var seeds = new List<int>();
            study.Optimize(trial => { seeds.Add(trial.Seed); return Quadratic(trial); }, 30, parallelism: 1);
            return string.Join("\n", study.Trials.Select(t => $"{t.Number} {t.State} {t.Parameters!.ToJson()} {JsonValues.Format(t.Value!.Value)}")) + string.Join(",", seeds);
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentTrials()
    {
        string Run(int seed)
        {
            var study = Study.CreateOrOpen("seeded", Space(), new StudyOptions { Seed = seed, Sampler = new RandomSampler() });
            study.Optimize(Quadratic, 5, parallelism: 1);
            return string.Join("\n", study.Trials.Select(t => t.Parameters!.ToJson()));
        }

        Assert.NotEqual(Run(1), Run(2));
    }

    [Fact]
    public void TrialSeed_DependsOnlyOnStudySeedAndNumber()
    {
        var seeds = new Dictionary<int, int>();
        var study = Study.CreateOrOpen("seeds", Space(), new StudyOptions { Seed = 3, Sampler = new RandomSampler() });
        study.Optimize(trial => { lock (seeds) { seeds[trial.Number] = trial.Seed; } return 0; }, 40, parallelism: 4);

        Assert.Equal(40, seeds.Count);
        Assert.All(seeds, pair => Assert.Equal(Seeds.TrialSeed(3, pair.Key), pair.Value));
        Assert.Equal(40, seeds.Values.Distinct().Count());
        Assert.All(seeds.Values, seed => Assert.True(seed >= 0));
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void ParallelStudy_RunsEveryNumberOnce(string sampler)
    {
        var study = Study.CreateOrOpen("parallel", Space(), new StudyOptions { Seed = 5, Sampler = Make(sampler) });
        var runs = new int[60];
        study.Optimize(trial => { Interlocked.Increment(ref runs[trial.Number]); Thread.SpinWait(2000); return Quadratic(trial); }, 60, parallelism: 4);

        var trials = study.Trials;
        Assert.Equal(Enumerable.Range(0, 60), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(runs, count => Assert.Equal(1, count));
    }

    [Fact]
    public void ParallelRandomStudy_ProposesWhatTheSequentialOneDoes()
    {
        string Run(int parallelism)
        {
            var study = Study.CreateOrOpen("random", Space(), new StudyOptions { Seed = 8, Sampler = new RandomSampler() });
            study.Optimize(Quadratic, 24, parallelism);
            return string.Join("\n", study.Trials.Select(t => $"{t.Number} {t.Parameters!.ToJson()} {JsonValues.Format(t.Value!.Value)}"));
        }

        Assert.Equal(Run(1), Run(3));
    }

    [Fact]
    public void ObjectiveThatThrows_FailsItsTrial_AndTheStudyGoesOn()
    {
        var study = Study.CreateOrOpen("failing", Space(), new StudyOptions { Sampler = new RandomSampler() });
        study.Optimize(trial => trial.Number % 3 == 1 ? throw new InvalidOperationException("diverged") : trial.Number == 2 ? double.NaN : 1.0, 6, parallelism: 1);

        var trials = study.Trials;
        Assert.Equal(6, trials.Count);
        Assert.Equal(TrialState.Failed, trials[1].State);
        Assert.Equal("InvalidOperationException: diverged", trials[1].Error);
        Assert.Null(trials[1].Value);
        Assert.Equal(TrialState.Failed, trials[2].State);
        Assert.Equal("The objective returned NaN; expected a finite number.", trials[2].Error);
        Assert.Equal(TrialState.Complete, trials[0].State);
        Assert.Equal(0, study.BestTrial!.Number);
    }

    [Fact]
    public void Cancellation_StopsTheStudy_AndThrows()
    {
        using var cancellation = new CancellationTokenSource();
        var study = Study.CreateOrOpen("cancelled", Space(), new StudyOptions { Sampler = new RandomSampler() });
        Assert.Throws<OperationCanceledException>(() => study.Optimize(
            (trial, token) =>
            {
                if (trial.Number == 3)
                {
                    cancellation.Cancel();
                    token.ThrowIfCancellationRequested();
                }

                return trial.Number;
            },
            100,
            parallelism: 1,
            cancellation.Token));

        var trials = study.Trials;
        Assert.Equal(4, trials.Count);
        Assert.Equal(TrialState.Failed, trials[3].State);
        Assert.Equal("cancelled", trials[3].Error);
    }

    [Fact]
    public void Cancellation_InAParallelStudy_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        var study = Study.CreateOrOpen("cancelled", Space(), new StudyOptions { Sampler = new RandomSampler() });
        Assert.ThrowsAny<OperationCanceledException>(() => study.Optimize(
            (trial, token) =>
            {
                if (trial.Number == 5)
                {
                    cancellation.Cancel();
                }

                token.ThrowIfCancellationRequested();
                return trial.Number;
            },
            1000,
            parallelism: 3,
            cancellation.Token));
        Assert.True(study.Trials.Count < 100);
    }

    [Fact]
    public void Maximize_PicksTheLargestValue()
    {
        var study = Study.CreateOrOpen("max", Space(), new StudyOptions { Direction = StudyDirection.Maximize, Sampler = new RandomSampler() });
        study.Optimize(trial => trial.Parameters.GetInt32("Units"), 20, parallelism: 1);
        Assert.Equal(study.Trials.Max(t => t.Value), study.BestTrial!.Value);
    }

    [Fact]
    public void OpeningAStudy_WithAnotherDefinition_IsAClearError()
    {
        var storage = new InMemoryStudyStorage();
        Study.CreateOrOpen("s", Space(), new StudyOptions { Seed = 1, Storage = storage, Sampler = new RandomSampler() });

        var seed = Assert.Throws<InvalidOperationException>(() => Study.CreateOrOpen("s", Space(), new StudyOptions { Seed = 2, Storage = storage, Sampler = new RandomSampler() }));
        Assert.Equal("The storage has a study named 's' created with another definition: its seed is 1, not 2. Open it with the same space, direction, seed and sampler, or use another name.", seed.Message);

        var sampler = Assert.Throws<InvalidOperationException>(() => Study.CreateOrOpen("s", Space(), new StudyOptions { Seed = 1, Storage = storage, Sampler = new TpeSampler() }));
        Assert.Contains("its sampler is \"RandomSampler()\", not \"TpeSampler(startupTrials: 10, candidates: 24, priorWeight: 1)\"", sampler.Message, StringComparison.Ordinal);

        var otherSpace = new SearchSpace { SearchDimension.Int("Units", 4, 65) };
        var space = Assert.Throws<InvalidOperationException>(() => Study.CreateOrOpen("s", otherSpace, new StudyOptions { Seed = 1, Storage = storage, Sampler = new RandomSampler() }));
        Assert.StartsWith("The storage has a study named 's' created with another definition: its space is [", space.Message, StringComparison.Ordinal);

        var reopened = Study.CreateOrOpen("s", Space(), new StudyOptions { Seed = 1, Storage = storage, Sampler = new RandomSampler() });
        Assert.Equal("s", reopened.Name);
    }

    [Fact]
    public void ReopenedStudy_ContinuesToTheTotalBudget()
    {
        var storage = new InMemoryStudyStorage();
        var options = new StudyOptions { Seed = 4, Storage = storage, Sampler = new RandomSampler() };
        Study.CreateOrOpen("budget", Space(), options).Optimize(Quadratic, 7, parallelism: 1);
        var reopened = Study.CreateOrOpen("budget", Space(), options);
        reopened.Optimize(Quadratic, 10, parallelism: 1);

        Assert.Equal(Enumerable.Range(0, 10), reopened.Trials.Select(t => t.Number));
    }

    [Fact]
    public void StaleTrial_IsRequeued_AndRetriedWithItsNumberAndParameters()
    {
        var clock = new ManualClock();
        var storage = new InMemoryStudyStorage(clock);
        var options = new StudyOptions { Seed = 4, Storage = storage, Sampler = new RandomSampler(), WorkerId = "w" };
        var study = Study.CreateOrOpen("stale", Space(), options);

        // A worker that died holding trial 0 after proposing its parameters.
        var claimed = storage.ClaimTrial(study.Id, "dead", 10)!;
        var parameters = study.Space.CreateParameters(new Dictionary<string, object> { ["LearningRate"] = 0.01, ["Units"] = 8, ["Activation"] = "relu" });
        storage.SetParameters(claimed.Id, "dead", parameters.ToJson());
        clock.Advance(TimeSpan.FromMinutes(5));

        var seen = new List<(int Number, string Json)>();
        study.Optimize(trial => { seen.Add((trial.Number, trial.Parameters.ToJson())); return 1; }, 3, parallelism: 1);

        Assert.Equal((0, parameters.ToJson()), seen[0]);
        Assert.Equal(new[] { 0, 1, 2 }, seen.Select(s => s.Number));
        var retried = study.Trials[0];
        Assert.Equal(TrialState.Complete, retried.State);
        Assert.Equal(2, retried.Attempts);
        Assert.False(storage.FinishTrial(claimed.Id, "dead", TrialState.Complete, 0, null));
    }

    [Fact]
    public void EnqueuedTrial_RunsFirst_WithItsParameters()
    {
        var study = Study.CreateOrOpen("enqueued", Space(), new StudyOptions { Sampler = new RandomSampler() });
        var number = study.Enqueue(new Dictionary<string, object> { ["LearningRate"] = 0.01, ["Units"] = 32, ["Activation"] = "tanh" });
        study.Optimize(Quadratic, 3, parallelism: 1);

        Assert.Equal(0, number);
        Assert.Equal(0, study.Trials[0].Value!.Value, 12);
        Assert.Equal(0, study.BestTrial!.Number);
    }

    [Fact]
    public void Heartbeat_KeepsARunningTrialFresh()
    {
        var clock = new ManualClock();
        var storage = new InMemoryStudyStorage(clock);
        var study = Study.CreateOrOpen("heartbeat", Space(), new StudyOptions
        {
            Storage = storage,
            Sampler = new RandomSampler(),
            HeartbeatInterval = TimeSpan.FromMilliseconds(20),
            StaleAfter = TimeSpan.FromSeconds(30),
        });
        var requeued = -1;
        study.Optimize(
            trial =>
            {
                clock.Advance(TimeSpan.FromMinutes(1));
                Thread.Sleep(300); // several heartbeats, each at the advanced time
                requeued = storage.RequeueStaleTrials(study.Id, TimeSpan.FromSeconds(30));
                return 0;
            },
            1,
            parallelism: 1);

        Assert.Equal(0, requeued);
        Assert.Equal(TrialState.Complete, study.Trials[0].State);
    }

    [Fact]
    public void BadArguments_AreReported()
    {
        var study = Study.CreateOrOpen("args", Space(), new StudyOptions { Sampler = new RandomSampler() });
        Assert.Equal("parallelism", Assert.Throws<ArgumentOutOfRangeException>(() => study.Optimize(_ => 0, 3, parallelism: 0)).ParamName);
        Assert.Equal("trials", Assert.Throws<ArgumentOutOfRangeException>(() => study.Optimize(_ => 0, -1)).ParamName);
        var empty = Assert.Throws<ArgumentException>(() => Study.CreateOrOpen("empty", new SearchSpace()));
        Assert.Equal("The search space has no dimension; add at least one. (Parameter 'space')", empty.Message);
        var heartbeat = Assert.Throws<ArgumentException>(() => Study.CreateOrOpen("hb", Space(), new StudyOptions { HeartbeatInterval = TimeSpan.FromMinutes(2) }));
        Assert.Equal("options", heartbeat.ParamName);
    }

    [Fact]
    public void Attributes_AreRecordedWithTheTrial()
    {
        var study = Study.CreateOrOpen("attributes", Space(), new StudyOptions { Sampler = new RandomSampler() });
        study.Optimize(trial => { trial.SetAttribute("accuracy", 0.5); trial.SetAttribute("note", "ok"); return 1; }, 1, parallelism: 1);
        var attributes = study.Trials[0].Attributes;
        Assert.Equal(0.5, attributes["accuracy"]);
        Assert.Equal("ok", attributes["note"]);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
