using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning.Tests.Storage;

/// <summary>
/// The contract of <see cref="IStudyStorage"/>, run against every storage: derive a class whose
/// <see cref="CreateStorage"/> makes a new, empty storage (see <see cref="SqliteStudyStorageContractTests"/>).
/// </summary>
/// <remarks>
/// Staleness is measured by each storage's own clock, so the tests that need it wait real time (about 2 s). The
/// in-memory storage's class is one line: <c>protected override IStudyStorage CreateStorage() => new InMemoryStudyStorage();</c>.
/// </remarks>
public abstract class StudyStorageContractTests : IDisposable
{
    private readonly Lazy<IStudyStorage> _storage;

    /// <summary>Prepares the storage of one test (made on first use).</summary>
    protected StudyStorageContractTests()
    {
        _storage = new Lazy<IStudyStorage>(CreateStorage);
    }

    /// <summary>The storage under test.</summary>
    protected IStudyStorage Storage => _storage.Value;

    /// <summary>Makes a new, empty storage for one test.</summary>
    protected abstract IStudyStorage CreateStorage();

    /// <summary>Disposes the storage.</summary>
    public virtual void Dispose()
    {
        if (_storage.IsValueCreated)
        {
            _storage.Value.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public void CreateOrOpenStudy_ReturnsTheStudyAsItWasCreated_AndSeparatesStudiesByName()
    {
        var created = Storage.CreateOrOpenStudy("mnist", """{"seed": 1}""");
        var opened = Storage.CreateOrOpenStudy("mnist", """{"seed": 2}""");
        var other = Storage.CreateOrOpenStudy("digits", """{"seed": 3}""");

        Assert.Equal(new StudyRecord(created.Id, "mnist", """{"seed": 1}"""), created);
        Assert.Equal(created, opened);
        Assert.NotEqual(created.Id, other.Id);
        Assert.Equal("""{"seed": 3}""", other.DefinitionJson);
    }

    [Fact]
    public void ClaimTrial_NumbersNewTrialsInClaimOrder_UntilTheBudgetIsUsed()
    {
        var study = Storage.CreateOrOpenStudy("s", "{}");
        var before = DateTimeOffset.UtcNow;

        var claimed = Enumerable.Range(0, 3).Select(i => Storage.ClaimTrial(study.Id, $"w{i}", maxTrials: 3)).ToList();

        Assert.Null(Storage.ClaimTrial(study.Id, "w3", maxTrials: 3));
        Assert.Equal(new[] { 0, 1, 2 }, claimed.Select(t => t!.Number));
        Assert.Equal(3, claimed.Select(t => t!.Id).Distinct().Count());
        foreach (var (trial, i) in claimed.Select((t, i) => (t!, i)))
        {
            Assert.Equal(TrialState.Running, trial.State);
            Assert.Equal($"w{i}", trial.WorkerId);
            Assert.Equal(1, trial.Attempts);
            Assert.Null(trial.ParametersJson);
            Assert.Null(trial.Value);
            Assert.Null(trial.Finished);
            Assert.Empty(trial.IntermediateValues);
            AssertRecent(trial.Started, before);
        }

        Assert.Equal(claimed.Select(t => t!), Storage.GetTrials(study.Id), TrialComparer.Instance);
        // A bigger budget lets the study go on, numbered after the others.
        Assert.Equal(3, Storage.ClaimTrial(study.Id, "w3", maxTrials: 4)!.Number);
    }

    [Fact]
    public void ClaimTrial_WithNoBudget_ClaimsNothing()
    {
        var study = Storage.CreateOrOpenStudy("s", "{}");

        Assert.Null(Storage.ClaimTrial(study.Id, "w", maxTrials: 0));
        Assert.Empty(Storage.GetTrials(study.Id));
    }

    [Fact]
    public void EnqueueTrial_AddsAWaitingTrialNumberedAfterTheOthers_WithItsParameters()
    {
        var study = Storage.CreateOrOpenStudy("s", "{}");
        Storage.ClaimTrial(study.Id, "w", maxTrials: 10);

        var enqueued = Storage.EnqueueTrial(study.Id, """{"lr": 0.1}""");

        Assert.Equal(1, enqueued.Number);
        Assert.Equal(TrialState.Waiting, enqueued.State);
        Assert.Equal("""{"lr": 0.1}""", enqueued.ParametersJson);
        Assert.Equal(0, enqueued.Attempts);
        Assert.Null(enqueued.WorkerId);
        Assert.Null(enqueued.Started);
        Assert.Null(enqueued.Finished);
        Assert.Null(enqueued.Value);
        Assert.Equal(enqueued, Storage.GetTrials(study.Id)[1], TrialComparer.Instance);
    }

    [Fact]
    public void ClaimTrial_TakesTheWaitingTrialWithTheLowestNumber_BeforeANewOne_EvenWhenTheBudgetIsUsed()
    {
        var study = Storage.CreateOrOpenStudy("s", "{}");
        Storage.ClaimTrial(study.Id, "w", maxTrials: 1);
        var first = Storage.EnqueueTrial(study.Id, """{"x":1}""");
        var second = Storage.EnqueueTrial(study.Id, """{"x":2}""");

        var claimedFirst = Storage.ClaimTrial(study.Id, "a", maxTrials: 1);
        var claimedSecond = Storage.ClaimTrial(study.Id, "b", maxTrials: 1);

        Assert.Equal((first.Id, 1, """{"x":1}""", TrialState.Running, "a", 1), Summary(claimedFirst!));
        Assert.Equal((second.Id, 2, """{"x":2}""", TrialState.Running, "b", 1), Summary(claimedSecond!));
        Assert.Null(Storage.ClaimTrial(study.Id, "c", maxTrials: 1));
        Assert.Equal(3, Storage.ClaimTrial(study.Id, "c", maxTrials: 5)!.Number);
        Assert.Equal(new[] { 0, 1, 2, 3 }, Storage.GetTrials(study.Id).Select(t => t.Number));
    }

    [Fact]
    public void Studies_HaveTheirOwnTrialsAndNumbers()
    {
        var first = Storage.CreateOrOpenStudy("first", "{}");
        var second = Storage.CreateOrOpenStudy("second", "{}");
        Storage.ClaimTrial(first.Id, "w", 10);
        Storage.ClaimTrial(first.Id, "w", 10);

        var trial = Storage.ClaimTrial(second.Id, "w", 10)!;

        Assert.Equal(0, trial.Number);
        Assert.Equal(2, Storage.GetTrials(first.Id).Count);
        Assert.Equal(new[] { trial.Id }, Storage.GetTrials(second.Id).Select(t => t.Id));
    }

    [Fact]
    public void SetParameters_RecordsTheTextAsGiven_OnceAndOnlyForTheOwner()
    {
        var study = Storage.CreateOrOpenStudy("s", "{}");
        var trial = Storage.ClaimTrial(study.Id, "owner", 10)!;
        const string Parameters = """{ "units" : [64, 32],  "lr": 1.50e-3 }""";

        Assert.False(Storage.SetParameters(trial.Id, "intruder", """{"x":0}"""));
        Assert.Null(Single(study).ParametersJson);
        Assert.True(Storage.SetParameters(trial.Id, "owner", Parameters));
        Assert.False(Storage.SetParameters(trial.Id, "owner", """{"x":2}"""));

        Assert.Equal(Parameters, Single(study).ParametersJson);
    }

    [Fact]
    public void SetParameters_OfATrialThatHasThem_ChangesNothing()
    {
        var study = Storage.CreateOrOpenStudy("s", "{}");
        Storage.EnqueueTrial(study.Id, """{"x":1}""");
        var trial = Storage.ClaimTrial(study.Id, "owner", 10)!;

        Assert.False(Storage.SetParameters(trial.Id, "owner", """{"x":2}"""));
        Assert.Equal("""{"x":1}""", Single(study).ParametersJson);
    }

    [Fact]
    public void ReportIntermediate_KeepsOneValuePerStep_InStepOrder_ForTheOwnerOnly()
    {
        var study = Storage.CreateOrOpenStudy("s", "{}");
        var trial = Storage.ClaimTrial(study.Id, "owner", 10)!;

        Assert.True(Storage.ReportIntermediate(trial.Id, "owner", 2, 0.5));
        Assert.True(Storage.ReportIntermediate(trial.Id, "owner", 0, 0.9));
        Assert.True(Storage.ReportIntermediate(trial.Id, "owner", 1, 0.7));
        Assert.True(Storage.ReportIntermediate(trial.Id, "owner", 1, 0.6));
        Assert.False(Storage.ReportIntermediate(trial.Id, "intruder", 3, 0.1));
        Assert.False(Storage.ReportIntermediate(trial.Id, "intruder", 0, 0.1));

        Assert.Equal(new[] { new IntermediateValue(0, 0.9), new IntermediateValue(1, 0.6), new IntermediateValue(2, 0.5) }, Single(study).IntermediateValues);
    }

    [Fact]
    public void Values_RoundTripExactly_IncludingValuesThatAreNotFinite()
    {
        var study = Storage.CreateOrOpenStudy("s", "{}");
        var complete = Storage.ClaimTrial(study.Id, "w", 10)!;
        var failed = Storage.ClaimTrial(study.Id, "w", 10)!;
        var pruned = Storage.ClaimTrial(study.Id, "w", 10)!;
        Storage.ReportIntermediate(pruned.Id, "w", 0, 0.1 + 0.2);
        Storage.ReportIntermediate(pruned.Id, "w", 1, double.NaN);
        Storage.ReportIntermediate(pruned.Id, "w", 2, double.PositiveInfinity);
        Storage.ReportIntermediate(pruned.Id, "w", 3, double.NegativeInfinity);

        Storage.FinishTrial(complete.Id, "w", TrialState.Complete, 1.0 / 3.0, null);
        Storage.FinishTrial(failed.Id, "w", TrialState.Failed, double.NaN, """{"error":"diverged"}""");
        Storage.FinishTrial(pruned.Id, "w", TrialState.Pruned, double.NegativeInfinity, null);

        var trials = Storage.GetTrials(study.Id);
        Assert.Equal(1.0 / 3.0, trials[0].Value);
        Assert.True(double.IsNaN(trials[1].Value!.Value));
        Assert.Equal(double.NegativeInfinity, trials[2].Value);
        var values = trials[2].IntermediateValues;
        Assert.Equal(new[] { 0, 1, 2, 3 }, values.Select(v => v.Step));
        Assert.Equal(0.1 + 0.2, values[0].Value);
        Assert.True(double.IsNaN(values[1].Value));
        Assert.Equal(double.PositiveInfinity, values[2].Value);
        Assert.Equal(double.NegativeInfinity, values[3].Value);
    }

    [Fact]
    public void Heartbeat_IsTheOwnersOnly_AndEndsWithTheTrial()
    {
        var study = Storage.CreateOrOpenStudy("s", "{}");
        var trial = Storage.ClaimTrial(study.Id, "owner", 10)!;

        Assert.True(Storage.Heartbeat(trial.Id, "owner"));
        Assert.False(Storage.Heartbeat(trial.Id, "intruder"));
        Assert.False(Storage.Heartbeat(trial.Id + 1000, "owner"));
        Storage.FinishTrial(trial.Id, "owner", TrialState.Complete, 1, null);
        Assert.False(Storage.Heartbeat(trial.Id, "owner"));
    }

    [Theory]
    [InlineData(TrialState.Complete, 0.25)]
    [InlineData(TrialState.Pruned, 0.75)]
    [InlineData(TrialState.Failed, null)]
    public void FinishTrial_RecordsTheResultOnce(TrialState state, double? value)
    {
        var study = Storage.CreateOrOpenStudy("s", "{}");
        var trial = Storage.ClaimTrial(study.Id, "owner", 10)!;
        Storage.SetParameters(trial.Id, "owner", """{"x":1}""");
        Storage.ReportIntermediate(trial.Id, "owner", 0, 0.75);

        Assert.False(Storage.FinishTrial(trial.Id, "intruder", TrialState.Complete, 9, null));
        Assert.Equal(TrialState.Running, Single(study).State);
        Assert.True(Storage.FinishTrial(trial.Id, "owner", state, value, """{"accuracy": 0.9}"""));
        var finished = Single(study);
        Assert.False(Storage.FinishTrial(trial.Id, "owner", TrialState.Complete, 9, "{}"));

        Assert.Equal(state, finished.State);
        Assert.Equal(value, finished.Value);
        Assert.Equal("""{"accuracy": 0.9}""", finished.AttributesJson);
        Assert.Equal("""{"x":1}""", finished.ParametersJson);
        Assert.Equal(new[] { new IntermediateValue(0, 0.75) }, finished.IntermediateValues);
        Assert.Equal("owner", finished.WorkerId);
        Assert.Equal(1, finished.Attempts);
        Assert.NotNull(finished.Finished);
        Assert.True(finished.Finished >= finished.Started, $"finished {finished.Finished} before it started {finished.Started}");
        AssertRecent(finished.Finished, finished.Started!.Value);
        Assert.Equal(finished, Single(study), TrialComparer.Instance);
    }

    [Fact]
    public void RequeueStaleTrials_GivesBackOnlyTrialsWithoutARecentHeartbeat_KeepingNumberAndParameters()
    {
        var study = Storage.CreateOrOpenStudy("s", "{}");
        var alive = Storage.ClaimTrial(study.Id, "alive", 10)!;
        var silent = Storage.ClaimTrial(study.Id, "silent", 10)!;
        var done = Storage.ClaimTrial(study.Id, "done", 10)!;
        Storage.SetParameters(silent.Id, "silent", """{"x":1}""");
        Storage.ReportIntermediate(silent.Id, "silent", 0, 0.5);
        Storage.ReportIntermediate(alive.Id, "alive", 0, 0.25);
        Storage.FinishTrial(done.Id, "done", TrialState.Complete, 1, null);

        Assert.Equal(0, Storage.RequeueStaleTrials(study.Id, TimeSpan.FromSeconds(30)));
        // The silent trial is stale once the wait is over; the live one stays fresh for 2 s after its heartbeat, a margin
        // for a loaded machine.
        Thread.Sleep(2100);
        Assert.True(Storage.Heartbeat(alive.Id, "alive"));
        Assert.Equal(1, Storage.RequeueStaleTrials(study.Id, TimeSpan.FromSeconds(2)));

        var trials = Storage.GetTrials(study.Id);
        Assert.Equal((alive.Id, 0, null, TrialState.Running, "alive", 1), Summary(trials[0]));
        Assert.Equal(new[] { new IntermediateValue(0, 0.25) }, trials[0].IntermediateValues);
        Assert.Equal((silent.Id, 1, """{"x":1}""", TrialState.Waiting, "silent", 1), Summary(trials[1]));
        Assert.Empty(trials[1].IntermediateValues);
        Assert.Null(trials[1].Value);
        Assert.Equal(TrialState.Complete, trials[2].State);
        Assert.Equal(0, Storage.RequeueStaleTrials(study.Id, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void ARequeuedTrial_IsNoLongerItsFormerWorkers_AndIsRecordedOnceByTheNextAttempt()
    {
        var study = Storage.CreateOrOpenStudy("s", "{}");
        var trial = Storage.ClaimTrial(study.Id, "first", 10)!;
        Storage.SetParameters(trial.Id, "first", """{"x":7}""");
        Storage.ReportIntermediate(trial.Id, "first", 0, 0.5);
        Storage.ReportIntermediate(trial.Id, "first", 1, 0.4);
        Thread.Sleep(50);
        Assert.Equal(1, Storage.RequeueStaleTrials(study.Id, TimeSpan.Zero));

        // Given back, waiting: the former worker holds nothing.
        AssertNotOwned(trial.Id, "first");
        Assert.Equal(TrialState.Waiting, Single(study).State);

        var retry = Storage.ClaimTrial(study.Id, "second", 10)!;
        Assert.Equal((trial.Id, 0, """{"x":7}""", TrialState.Running, "second", 2), Summary(retry));
        Assert.Empty(retry.IntermediateValues);
        Assert.True(retry.Started >= trial.Started);

        // Claimed by another: the former worker still holds nothing, and its late result is not recorded.
        AssertNotOwned(trial.Id, "first");
        var running = Single(study);
        Assert.Equal((trial.Id, 0, """{"x":7}""", TrialState.Running, "second", 2), Summary(running));
        Assert.Empty(running.IntermediateValues);
        Assert.Null(running.Value);

        Assert.True(Storage.ReportIntermediate(trial.Id, "second", 0, 0.3));
        Assert.True(Storage.FinishTrial(trial.Id, "second", TrialState.Complete, 0.2, """{"by":"second"}"""));
        Assert.False(Storage.FinishTrial(trial.Id, "first", TrialState.Complete, 0.4, """{"by":"first"}"""));
        var finished = Single(study);
        Assert.Equal((trial.Id, 0, """{"x":7}""", TrialState.Complete, "second", 2), Summary(finished));
        Assert.Equal(0.2, finished.Value);
        Assert.Equal("""{"by":"second"}""", finished.AttributesJson);
        Assert.Equal(new[] { new IntermediateValue(0, 0.3) }, finished.IntermediateValues);
    }

    [Fact]
    public void ConcurrentClaims_FromManyThreads_NeverGiveANumberTwice()
    {
        var study = Storage.CreateOrOpenStudy("s", "{}");
        const int Budget = 120;
        var claims = new ConcurrentBag<(int Number, long Id, string Worker)>();
        var finished = new ConcurrentBag<int>();
        // Half the trials are enqueued, half created by the claims: both ways of claiming race.
        for (var i = 0; i < Budget / 2; i++)
        {
            Storage.EnqueueTrial(study.Id, $$"""{"x":{{i}}}""");
        }

        Concurrently.Run(8, worker =>
        {
            var workerId = $"w{worker}";
            while (Storage.ClaimTrial(study.Id, workerId, Budget) is { } trial)
            {
                claims.Add((trial.Number, trial.Id, workerId));
                if (Storage.FinishTrial(trial.Id, workerId, TrialState.Complete, trial.Number, null))
                {
                    finished.Add(trial.Number);
                }
            }
        });

        Assert.Equal(Enumerable.Range(0, Budget), claims.Select(c => c.Number).Order());
        Assert.Equal(Enumerable.Range(0, Budget), finished.Order());
        Assert.Equal(Budget, claims.Select(c => c.Id).Distinct().Count());
        var trials = Storage.GetTrials(study.Id);
        Assert.Equal(Enumerable.Range(0, Budget), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.Equal((TrialState.Complete, (double)t.Number, 1), (t.State, t.Value!.Value, t.Attempts)));
        Assert.All(trials, t => Assert.Equal(claims.Single(c => c.Id == t.Id).Worker, t.WorkerId));
    }

    [Fact]
    public void BadArguments_AreRejected_NamingTheArgument_AndChangeNothing()
    {
        var study = Storage.CreateOrOpenStudy("s", "{}");
        var trial = Storage.ClaimTrial(study.Id, "w", 10)!;

        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => Storage.CreateOrOpenStudy("", "{}")).ParamName);
        Assert.Equal("workerId", Assert.ThrowsAny<ArgumentException>(() => Storage.ClaimTrial(study.Id, "", 10)).ParamName);
        Assert.Equal("maxTrials", Assert.ThrowsAny<ArgumentException>(() => Storage.ClaimTrial(study.Id, "w", -1)).ParamName);
        Assert.Equal("step", Assert.ThrowsAny<ArgumentException>(() => Storage.ReportIntermediate(trial.Id, "w", -1, 0.5)).ParamName);
        Assert.Equal("staleAfter", Assert.ThrowsAny<ArgumentException>(() => Storage.RequeueStaleTrials(study.Id, TimeSpan.FromSeconds(-1))).ParamName);
        Assert.Equal("state", Assert.ThrowsAny<ArgumentException>(() => Storage.FinishTrial(trial.Id, "w", TrialState.Running, 1, null)).ParamName);
        Assert.Equal("state", Assert.ThrowsAny<ArgumentException>(() => Storage.FinishTrial(trial.Id, "w", TrialState.Waiting, 1, null)).ParamName);
        Assert.Equal("value", Assert.ThrowsAny<ArgumentException>(() => Storage.FinishTrial(trial.Id, "w", TrialState.Complete, null, null)).ParamName);

        Assert.Equal((trial.Id, 0, null, TrialState.Running, "w", 1), Summary(Single(study)));
        Assert.Empty(Single(study).IntermediateValues);
    }

    private void AssertNotOwned(long trialId, string workerId)
    {
        Assert.False(Storage.SetParameters(trialId, workerId, """{"x":0}"""));
        Assert.False(Storage.ReportIntermediate(trialId, workerId, 0, 9));
        Assert.False(Storage.ReportIntermediate(trialId, workerId, 5, 9));
        Assert.False(Storage.Heartbeat(trialId, workerId));
        Assert.False(Storage.FinishTrial(trialId, workerId, TrialState.Complete, 9, null));
    }

    private TrialRecord Single(StudyRecord study) => Assert.Single(Storage.GetTrials(study.Id));

    private static (long Id, int Number, string? Parameters, TrialState State, string? Worker, int Attempts) Summary(TrialRecord trial) =>
        (trial.Id, trial.Number, trial.ParametersJson, trial.State, trial.WorkerId, trial.Attempts);

    private static void AssertRecent(DateTimeOffset? time, DateTimeOffset notBefore)
    {
        Assert.NotNull(time);
        // The storage's clock (a database server's) may differ a little from this process's.
        Assert.InRange(time!.Value, notBefore - TimeSpan.FromSeconds(5), DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5));
    }

    /// <summary>Compares trial records by value, their intermediate values element by element (records compare lists by reference).</summary>
    private sealed class TrialComparer : IEqualityComparer<TrialRecord>
    {
        public static readonly TrialComparer Instance = new();

        public bool Equals(TrialRecord? x, TrialRecord? y) =>
            x is not null && y is not null &&
            x with { IntermediateValues = Array.Empty<IntermediateValue>() } == y with { IntermediateValues = Array.Empty<IntermediateValue>() } &&
            x.IntermediateValues.SequenceEqual(y.IntermediateValues);

        public int GetHashCode(TrialRecord obj) => obj.Id.GetHashCode();
    }
}
