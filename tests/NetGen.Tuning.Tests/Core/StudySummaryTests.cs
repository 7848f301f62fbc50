using System;
using System.Linq;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning.Tests.Core;

public sealed class StudySummaryTests
{
    private static Study Run()
    {
        var space = new SearchSpace
        {
            SearchDimension.Categorical("Optimizer", "Sgd", "Adam"),
            SearchDimension.Float("Momentum", 0, 0.9, step: 0.9).When("Optimizer", "Sgd"),
        };
        var study = Study.CreateOrOpen("summary", space, new StudyOptions { Sampler = new GridSampler() });
        var values = new[] { 3.0, 1.0, 2.0 };
        study.Optimize(trial => trial.Number == 2 ? throw new InvalidOperationException("boom") : values[trial.Number], 3, parallelism: 1);
        return study;
    }

    [Fact]
    public void History_HasEachCompleteTrialAndTheBestSoFar()
    {
        var summary = Run().Summarize();
        Assert.Equal(new[] { new HistoryPoint(0, 3, 3), new HistoryPoint(1, 1, 1) }, summary.History);
        Assert.Equal(1, summary.BestTrial!.Number);
        Assert.Equal(1, summary.Count(TrialState.Failed));
    }

    [Fact]
    public void ParameterValues_GiveValuesAndChoiceIndices()
    {
        var summary = Run().Summarize();
        Assert.Equal(new[] { new ParameterPoint(0, 0, "Sgd", 3), new ParameterPoint(1, 0, "Sgd", 1) }, summary.ParameterValues("Optimizer"));
        Assert.Equal(new[] { new ParameterPoint(0, 0, "0", 3), new ParameterPoint(1, 0.9, "0.9", 1) }, summary.ParameterValues("Momentum"));
    }

    [Fact]
    public void Text_HasTheBestTrialAndATableOfTrials()
    {
        var lines = Run().Summarize().ToString().Split(Environment.NewLine);
        Assert.Equal("Study 'summary' (minimize): 3 trials, 2 complete, 0 pruned, 1 failed, 0 running or waiting", lines[0]);
        Assert.Equal("Best trial 1: 1 (Optimizer=Sgd, Momentum=0.9)", lines[1]);
        Assert.Equal("", lines[2]);
        Assert.Matches(@"^#  State     Value  Duration\s+Optimizer  Momentum$", lines[3]);
        Assert.Matches(@"^0  Complete  3      \d+\.\d\d s\s+Sgd        0$", lines[4]);
        Assert.Matches(@"^1  Complete  1      \d+\.\d\d s\s+Sgd        0.9$", lines[5]);
        Assert.Matches(@"^2  Failed    +\d+\.\d\d s\s+Adam$", lines[6]);
        Assert.Equal("   InvalidOperationException: boom", lines[7]);
    }
}

public sealed class ParameterImportanceTests
{
    [Fact]
    public void TheParameterThatDrivesTheObjective_IsTheImportantOne()
    {
        var space = new SearchSpace
        {
            SearchDimension.Float("LearningRate", 1e-4, 1, log: true),
            SearchDimension.Int("Noise", 0, 100),
            SearchDimension.Categorical("Kind", "a", "b", "c"),
        };
        var study = Study.CreateOrOpen("importance", space, new StudyOptions { Seed = 3, Sampler = new RandomSampler() });
        study.Optimize(trial => Math.Pow(Math.Log10(trial.Parameters.GetDouble("LearningRate")) + 2, 2) + (trial.Parameters.Get<string>("Kind") == "b" ? 0 : 1.5), 200, parallelism: 1);

        var importance = study.Summarize().ParameterImportance();
        Assert.Equal(new[] { "LearningRate", "Noise", "Kind" }, importance.Keys);
        Assert.Equal(1, importance.Values.Sum(), 12);
        Assert.True(importance["LearningRate"] > 0.5, string.Join(", ", importance));
        Assert.True(importance["Noise"] < importance["Kind"], string.Join(", ", importance));
        Assert.True(importance["Noise"] < 0.1, string.Join(", ", importance));
    }

    [Fact]
    public void WithoutSpread_EveryImportanceIsZero()
    {
        var study = Study.CreateOrOpen("flat", new SearchSpace { SearchDimension.Int("a", 0, 9) }, new StudyOptions { Sampler = new RandomSampler() });
        study.Optimize(_ => 1, 5, parallelism: 1);
        Assert.Equal(0, study.Summarize().ParameterImportance()["a"]);
    }
}
