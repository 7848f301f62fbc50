using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Training;
using NetGen.Tuning.Networks;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning.Tests.Networks;

[Network(Inputs = 2, Seed = 1)]
[Layer(8, Activation.Tanh)]
[Layer(3, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Sgd, LearningRate = 0.1)]
[Training(Epochs = 6, BatchSize = 16)]
public partial class TinyClassifier
{
}

[Network(Inputs = 1, Seed = 1)]
[Layer(8, Activation.Tanh)]
[Layer(1)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.01)]
[Training(Epochs = 5, BatchSize = 16)]
public partial class TinyRegressor
{
}

public sealed class NetworkObjectiveTests
{
    /// <summary>Three Gaussian blobs in the plane, one-hot targets; class sizes 60, 40 and 20.</summary>
    internal static TrainingData<float> Blobs()
    {
        var random = new DeterministicRandom(42);
        var inputs = new List<float>();
        var targets = new List<float>();
        var centers = new[] { (-2.0, 0.0), (2.0, 0.0), (0.0, 2.5) };
        var sizes = new[] { 60, 40, 20 };
        for (var c = 0; c < 3; c++)
        {
            for (var i = 0; i < sizes[c]; i++)
            {
                inputs.Add((float)(centers[c].Item1 + (0.6 * random.NextNormal())));
                inputs.Add((float)(centers[c].Item2 + (0.6 * random.NextNormal())));
                targets.AddRange(Enumerable.Range(0, 3).Select(k => k == c ? 1f : 0f));
            }
        }

        return new TrainingData<float>(inputs.ToArray(), targets.ToArray(), 2, 3);
    }

    private static SearchSpace LearningRates() => new()
    {
        SearchDimension.Categorical("LearningRate", 1e-6, 0.3),
        SearchDimension.Categorical("Epochs", 2, 8),
    };

    [Fact]
    public void GridOverLearningRateAndEpochs_AppliesThem_AndFindsTheTrainableSetting()
    {
        var epochsSeen = new List<int>();
        var objective = new NetworkObjective<float>((parameters, seed) => new TinyClassifier(seed), Blobs(), ObjectiveMetric.Accuracy);
        var study = Study.CreateOrOpen("grid", LearningRates(), new StudyOptions { Direction = StudyDirection.Maximize, Sampler = new GridSampler() });
        study.Optimize(trial => { var value = objective.Evaluate(trial); epochsSeen.Add(trial.IntermediateValues.Count); return value; }, 10, parallelism: 1);

        Assert.Equal(4, study.Trials.Count);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(new[] { 2, 8, 2, 8 }, epochsSeen);
        var best = study.BestTrial!;
        Assert.Equal(0.3, best.Parameters!.GetDouble("LearningRate"));
        Assert.True(best.Value > 0.9, $"accuracy {best.Value}");
        Assert.True(study.Trials[0].Value < 0.7, $"a learning rate of 1e-6 should learn nothing, but got {study.Trials[0].Value}");
        Assert.Equal(new[] { 1, 2 }, study.Trials[0].IntermediateValues.Select(v => v.Step));
    }

    [Fact]
    public void Objective_IsReproducible_ForTheSameSeed()
    {
        string Run()
        {
            var objective = new NetworkObjective<float>((parameters, seed) => new TinyClassifier(seed), Blobs(), ObjectiveMetric.ValidationLoss);
            var study = Study.CreateOrOpen("again", new SearchSpace { SearchDimension.Float("LearningRate", 0.01, 0.5, log: true) }, new StudyOptions { Seed = 9, Sampler = new RandomSampler() });
            study.Optimize(objective.Evaluate, 3, parallelism: 1);
            return string.Join(";", study.Trials.Select(t => JsonValues.Format(t.Value!.Value)));
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void ParallelRandomStudy_OfNetworks_GivesTheSequentialValues()
    {
        // A trial's seed and random parameters depend only on its number, and each trial trains its own network on
        // one thread: so the values are the same whatever the parallelism.
        string Run(int parallelism)
        {
            var objective = new NetworkObjective<float>((parameters, seed) => new TinyClassifier(seed), Blobs(), ObjectiveMetric.ValidationLoss);
            var study = Study.CreateOrOpen("parallel", new SearchSpace { SearchDimension.Float("LearningRate", 0.01, 0.5, log: true) }, new StudyOptions { Seed = 5, Sampler = new RandomSampler() });
            study.Optimize(objective.Evaluate, 6, parallelism);
            return string.Join("\n", study.Trials.Select(t => $"{t.Number} {t.Parameters!.ToJson()} {JsonValues.Format(t.Value!.Value)}"));
        }

        Assert.Equal(Run(1), Run(2));
    }

    [Fact]
    public void MedianPruner_StopsTheHopelessTrialsTraining()
    {
        var objective = new NetworkObjective<float>((parameters, seed) => new TinyClassifier(seed), Blobs(), ObjectiveMetric.ValidationLoss)
        {
            TrainingOptions = new TrainingOptions { Epochs = 10, BatchSize = 16 },
        };
        var space = new SearchSpace { SearchDimension.Float("LearningRate", 1e-7, 0.3, log: true) };
        var study = Study.CreateOrOpen("pruning", space, new StudyOptions { Sampler = new GridFreeSequence(), Pruner = new MedianPruner(startupTrials: 4) });
        study.Optimize(objective.Evaluate, 5, parallelism: 1);

        var trials = study.Trials;
        Assert.All(trials.Take(4), t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(TrialState.Pruned, trials[4].State);
        Assert.Equal(new[] { 1 }, trials[4].IntermediateValues.Select(v => v.Step));
        Assert.Equal(trials[4].IntermediateValues[0].Value, trials[4].Value);
    }

    /// <summary>Proposes learning rates 0.15, 0.2, 0.25, 0.3 (each learning faster than the one before), then a hopeless 1e-7.</summary>
    private sealed class GridFreeSequence : Sampler
    {
        public override TrialParameters Propose(SamplerContext context) =>
            context.Space.CreateParameters(new Dictionary<string, object> { ["LearningRate"] = new[] { 0.15, 0.2, 0.25, 0.3, 1e-7 }[context.TrialNumber] });

        public override string ToString() => "GridFreeSequence()";
    }

    [Fact]
    public void KFold_ReturnsTheMeanOfTheFolds_AndRecordsEachFold()
    {
        var objective = new NetworkObjective<float>((parameters, seed) => new TinyClassifier(seed), Blobs(), ObjectiveMetric.MacroF1)
        {
            Validation = ValidationScheme.KFold(4),
        };
        var study = Study.CreateOrOpen("kfold", new SearchSpace { SearchDimension.Categorical("LearningRate", 0.3) }, new StudyOptions { Direction = StudyDirection.Maximize, Sampler = new GridSampler() });
        study.Optimize(objective.Evaluate, 1, parallelism: 1);

        var trial = study.Trials[0];
        var folds = Enumerable.Range(0, 4).Select(k => (double)trial.Attributes[$"fold{k}"]).ToArray();
        Assert.Equal(folds.Average(), trial.Value!.Value, 12);
        Assert.All(folds, f => Assert.InRange(f, 0.5, 1));
        Assert.Equal(6, trial.IntermediateValues.Count);
    }

    [Fact]
    public void Regression_WithRSquared_AndHyperparameterNamesOfTheNetwork()
    {
        var random = new DeterministicRandom(3);
        var x = Enumerable.Range(0, 100).Select(_ => (float)random.NextUniform(-2, 2)).ToArray();
        var data = new TrainingData<float>(x, x.Select(v => MathF.Sin(v)).ToArray(), 1, 1);
        var objective = new NetworkObjective<float>((parameters, seed) => new TinyRegressor(seed), data, ObjectiveMetric.RSquared);
        var space = new SearchSpace { SearchDimension.Categorical("LearningRate", 0.03), SearchDimension.Categorical("Beta1", 0.8, 0.9), SearchDimension.Categorical("BatchSize", 8) };
        var study = Study.CreateOrOpen("regression", space, new StudyOptions { Direction = StudyDirection.Maximize, Sampler = new GridSampler() });
        study.Optimize(objective.Evaluate, 2, parallelism: 1);

        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.True(study.BestTrial!.Value > 0.5, $"R² {study.BestTrial.Value}");
        Assert.NotEqual(study.Trials[0].Value, study.Trials[1].Value);
    }

    [Fact]
    public void MetricThatDoesNotSuitTheDirection_FailsTheTrialWithAClearMessage()
    {
        var objective = new NetworkObjective<float>((parameters, seed) => new TinyClassifier(seed), Blobs(), ObjectiveMetric.Accuracy);
        var study = Study.CreateOrOpen("direction", LearningRates(), new StudyOptions { Sampler = new GridSampler() });
        study.Optimize(objective.Evaluate, 1, parallelism: 1);

        Assert.Equal("InvalidOperationException: The study minimizes, but the objective's metric accuracy is to maximize; create the study with Direction = StudyDirection.Maximize.", study.Trials[0].Error);
    }

    [Fact]
    public void MetricThatDoesNotSuitTheLoss_FailsTheTrialWithAClearMessage()
    {
        var data = new TrainingData<float>(new float[] { 0, 1, 2, 3, 4 }, new float[] { 0, 1, 2, 3, 4 }, 1, 1);
        var objective = new NetworkObjective<float>((parameters, seed) => new TinyRegressor(seed), data, ObjectiveMetric.Accuracy);
        var study = Study.CreateOrOpen("loss", new SearchSpace { SearchDimension.Categorical("LearningRate", 0.01) }, new StudyOptions { Direction = StudyDirection.Maximize, Sampler = new GridSampler() });
        study.Optimize(objective.Evaluate, 1, parallelism: 1);

        Assert.Equal("InvalidOperationException: The evaluation has no accuracy: it is a regression; choose a metric that suits the network's loss.", study.Trials[0].Error);
    }
}
