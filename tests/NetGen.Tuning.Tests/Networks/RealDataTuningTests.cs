using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using NetGen.Data;
using NetGen.Training;
using NetGen.Tuning.Networks;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning.Tests.Networks;

[Network(Inputs = 30, Seed = 1)]
[Layer(16, Activation.ReLU)]
[Layer(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
[Training(Epochs = 15, BatchSize = 32)]
public partial class BreastCancerTuned
{
}

/// <summary>Tuning on real data: breast cancer (samples/data/breast_cancer, provenance in its README), standardized.</summary>
public sealed class RealDataTuningTests
{
    private static TrainingData<float> BreastCancer([CallerFilePath] string here = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "samples", "data", "breast_cancer", "train.csv");
        var data = TabularDataSet.LoadCsv(path);
        return TrainingData.WithRawTargets(Standardizer.Fit(data).Transform(data));
    }

    [Fact]
    public void Tpe_WithStratifiedKFold_FindsAnAccurateLearningRate_OnBreastCancer()
    {
        var objective = new NetworkObjective<float>((parameters, seed) => new BreastCancerTuned(seed), BreastCancer(), ObjectiveMetric.Accuracy)
        {
            Validation = ValidationScheme.KFold(3),
        };
        var space = new SearchSpace
        {
            SearchDimension.Float("LearningRate", 1e-6, 1e-1, log: true),
            SearchDimension.Categorical("BatchSize", 16, 64),
        };
        var study = Study.CreateOrOpen("breast-cancer", space, new StudyOptions { Direction = StudyDirection.Maximize, Seed = 1, Sampler = new TpeSampler(startupTrials: 5) });
        study.Optimize(objective.Evaluate, 12, parallelism: 2);

        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(study.Trials, t => Assert.Equal(3, t.Attributes.Keys.Count(k => k.StartsWith("fold", System.StringComparison.Ordinal))));
        var best = study.BestTrial!;
        Assert.True(best.Value > 0.95, $"best 3-fold accuracy {best.Value} ({best.Parameters})");
        Assert.True(best.Parameters!.GetDouble("LearningRate") > 1e-4, $"best learning rate {best.Parameters}");
    }
}
