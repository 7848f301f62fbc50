using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning.Tests.Core;

public sealed class InMemoryStorageTests
{
    [Fact]
    public void ConcurrentClaims_NumberEveryTrialOnce_UpToTheBudget()
    {
        using var storage = new InMemoryStudyStorage();
        var study = storage.CreateOrOpenStudy("s", "{}");
        var claimed = new ConcurrentBag<int>();
        Parallel.For(0, 8, worker =>
        {
            while (storage.ClaimTrial(study.Id, $"w{worker}", 500) is { } trial)
            {
                claimed.Add(trial.Number);
                Assert.True(storage.FinishTrial(trial.Id, $"w{worker}", TrialState.Complete, trial.Number, null));
            }
        });

        Assert.Equal(Enumerable.Range(0, 500), claimed.Order());
        Assert.All(storage.GetTrials(study.Id), t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public void OnlyTheHolder_CanChangeATrial()
    {
        using var storage = new InMemoryStudyStorage();
        var study = storage.CreateOrOpenStudy("s", "{}");
        var trial = storage.ClaimTrial(study.Id, "a", 10)!;

        Assert.False(storage.SetParameters(trial.Id, "b", "{}"));
        Assert.False(storage.ReportIntermediate(trial.Id, "b", 0, 1));
        Assert.False(storage.Heartbeat(trial.Id, "b"));
        Assert.False(storage.FinishTrial(trial.Id, "b", TrialState.Complete, 1, null));
        Assert.True(storage.SetParameters(trial.Id, "a", "{}"));
        Assert.False(storage.SetParameters(trial.Id, "a", "{\"again\":1}"));
        Assert.True(storage.ReportIntermediate(trial.Id, "a", 2, 0.5));
        Assert.True(storage.ReportIntermediate(trial.Id, "a", 2, 0.25));
        Assert.Equal(new[] { new IntermediateValue(2, 0.25) }, storage.GetTrials(study.Id)[0].IntermediateValues);
        Assert.True(storage.FinishTrial(trial.Id, "a", TrialState.Complete, 1, null));
        Assert.False(storage.FinishTrial(trial.Id, "a", TrialState.Failed, null, null));
    }

    [Fact]
    public void RequeuedTrial_IsClaimedFirst_WithItsNumberAndParameters_AndNoIntermediateValues()
    {
        var now = DateTimeOffset.UnixEpoch;
        using var storage = new InMemoryStudyStorage(new FixedClock(() => now));
        var study = storage.CreateOrOpenStudy("s", "{}");
        var first = storage.ClaimTrial(study.Id, "dead", 10)!;
        storage.SetParameters(first.Id, "dead", "{\"x\":1}");
        storage.ReportIntermediate(first.Id, "dead", 0, 3);
        var second = storage.ClaimTrial(study.Id, "alive", 10)!;
        now += TimeSpan.FromSeconds(30);
        storage.Heartbeat(second.Id, "alive");
        now += TimeSpan.FromSeconds(40);

        Assert.Equal(1, storage.RequeueStaleTrials(study.Id, TimeSpan.FromMinutes(1)));
        var retried = storage.ClaimTrial(study.Id, "new", 10)!;
        Assert.Equal((0, "{\"x\":1}", 2), (retried.Number, retried.ParametersJson, retried.Attempts));
        Assert.Empty(retried.IntermediateValues);
        Assert.Equal(2, storage.ClaimTrial(study.Id, "new", 10)!.Number);
    }

    [Fact]
    public void CreateOrOpen_ReturnsTheStoredDefinition()
    {
        using var storage = new InMemoryStudyStorage();
        var created = storage.CreateOrOpenStudy("s", "{\"a\":1}");
        var opened = storage.CreateOrOpenStudy("s", "{\"a\":2}");
        Assert.Equal(created, opened);
        Assert.NotEqual(created.Id, storage.CreateOrOpenStudy("t", "{}").Id);
    }

    private sealed class FixedClock(Func<DateTimeOffset> now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now();
    }
}
