using System;
using System.IO;
using System.Linq;
using NetGen.Data;
using NetGen.Evaluation;
using NetGen.Training;

namespace NetGen.Tests.Evaluation;

/// <summary>
/// <see cref="Evaluator.Evaluate{T}"/> on networks trained on the real data sets of samples/data (fixed seeds), each
/// report checked against reference code written here from the network's own predictions.
/// </summary>
public class EvaluateTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] s_irisNames = ["setosa", "versicolor", "virginica"];

    [Fact]
    public void BinaryClassifier_BreastCancer_ReportMatchesReferenceCode()
    {
        var (train, test) = Load("breast_cancer");
        var network = new EvaluationBreastCancer();
        Trainer.Fit(network, TrainingData.ForClassification<float>(train), new TrainingOptions { Epochs = 20, BatchSize = 32, ShuffleSeed = 1 });
        var testData = TrainingData.ForClassification<float>(test);

        var report = network.Evaluate(testData, ["malignant", "benign"]);
        output.WriteLine(report.ToString());

        var probabilities = new float[test.Count];
        network.Predict(test.Features, probabilities);
        var actual = test.Targets.Select(t => (int)t).ToArray();
        var predicted = probabilities.Select(p => p >= 0.5f ? 1 : 0).ToArray();
        var classification = report.Classification!;
        Assert.Null(report.Regression);
        Assert.Equal(actual.Zip(predicted).Count(p => p.First == p.Second) / (double)test.Count, classification.Accuracy, 12);
        Assert.Equal(actual.Zip(predicted).Count(p => p.First == 1 && p.Second == 0), classification.ConfusionMatrix[1, 0]);
        Assert.Equal(["malignant", "benign"], classification.ConfusionMatrix.ClassNames);

        // ROC-AUC by its definition: the share of (positive, negative) pairs ranked right, ties counting ½.
        var positives = Enumerable.Range(0, test.Count).Where(i => actual[i] == 1).ToArray();
        var negatives = Enumerable.Range(0, test.Count).Where(i => actual[i] == 0).ToArray();
        var pairs = positives.SelectMany(p => negatives.Select(n => probabilities[p] > probabilities[n] ? 1.0 : probabilities[p] == probabilities[n] ? 0.5 : 0.0));
        Assert.Equal(pairs.Average(), classification.RocAuc!.Value, 12);

        // Log loss by hand in double; the network's own binary cross-entropy is the same mean up to its clipping.
        var logLoss = -Enumerable.Range(0, test.Count).Average(i => Math.Log(actual[i] == 1 ? probabilities[i] : 1 - (double)probabilities[i]));
        Assert.Equal(logLoss, classification.LogLoss!.Value, 9);
        Assert.Equal(report.Loss, logLoss, 4);
        Assert.InRange(classification.RocAuc.Value, 0.97, 1.0);
    }

    [Fact]
    public void MultiClassifier_Digits_AccuracyEqualsTheEpochRecords_AndMacroF1MatchesReferenceCode()
    {
        var (train, test) = Load("digits");
        var network = new EvaluationDigits();
        var testData = TrainingData.ForClassification<float>(test, classCount: 10);
        var history = Trainer.Fit(network, TrainingData.ForClassification<float>(train), new TrainingOptions { Epochs = 5, BatchSize = 32, ShuffleSeed = 1 }, testData);

        var report = network.Evaluate(testData, parallel: true);
        output.WriteLine(report.ToString());

        var classification = report.Classification!;
        Assert.Equal(history[^1].Accuracy!.Value, classification.Accuracy, 12); // one place computes accuracy
        Assert.Equal(history[^1].ValidationLoss!.Value, report.Loss, 6);

        var outputs = new float[test.Count * 10];
        network.Predict(test.Features, outputs);
        var predicted = Enumerable.Range(0, test.Count).Select(i => ArgMax(outputs.AsSpan(i * 10, 10))).ToArray();
        var f1 = Enumerable.Range(0, 10).Select(c =>
        {
            double truePositives = Enumerable.Range(0, test.Count).Count(i => predicted[i] == c && test.Targets[i] == c);
            var predictedCount = predicted.Count(p => p == c);
            var support = test.Targets.Count(t => t == c);
            return 2 * truePositives / (predictedCount + support);
        }).ToArray();
        Assert.Equal(f1.Average(), classification.MacroAverage.F1, 12);
        Assert.Equal(Enumerable.Range(0, 10).Sum(c => f1[c] * test.Targets.Count(t => t == c)) / test.Count, classification.WeightedAverage.F1, 12);
        Assert.Null(classification.RocAuc);
        Assert.Equal(Enumerable.Range(0, 10).Select(c => c.ToString()), classification.ClassNames);
    }

    [Fact]
    public void StringLabels_IrisInDouble_ReportAndPredictionsNameTheClasses()
    {
        var directory = Directory.CreateTempSubdirectory("netgen-eval-").FullName;
        try
        {
            // The Iris sample's class numbers written back as names, as most published Iris files have them.
            var (trainPath, testPath) = (Path.Combine(directory, "train.csv"), Path.Combine(directory, "test.csv"));
            WithNames(DataPath("iris", "train.csv"), trainPath);
            WithNames(DataPath("iris", "test.csv"), testPath);
            var train = TabularDataSet.LoadCsv(trainPath, "species");
            var test = TabularDataSet.LoadCsv(testPath, "species", classNames: train.ClassNames);
            var standardizer = Standardizer.Fit(train);
            (train, test) = (standardizer.Transform(train), standardizer.Transform(test));

            var network = new EvaluationIris();
            Trainer.Fit(network, TrainingData.ForClassification<double>(train), new TrainingOptions { Epochs = 60, BatchSize = 16, ShuffleSeed = 1 });
            var report = network.Evaluate(TrainingData.ForClassification<double>(test));
            output.WriteLine(report.ToString());

            Assert.Equal(s_irisNames, report.Classification!.ClassNames);
            Assert.Contains("    setosa", report.Classification.ToTable(), StringComparison.Ordinal);
            Assert.InRange(report.Classification.Accuracy, 0.9, 1.0);

            var prediction = new double[3];
            network.Predict(TrainingData.ForClassification<double>(test).Inputs.AsSpan(0, 4), prediction);
            var name = TrainingData.ForClassification<double>(test).ClassNameOf(prediction);
            Assert.Equal(test.ClassNames![ArgMax(prediction.Select(p => (float)p).ToArray())], name);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Regression_DiabetesWithScaledTargets_MetricsInTheTargetsUnits()
    {
        var train = TabularDataSet.LoadCsv(DataPath("diabetes", "train.csv"), "target");
        var test = TabularDataSet.LoadCsv(DataPath("diabetes", "test.csv"), "target");
        var standardizer = Standardizer.Fit(train);
        var scaler = TargetScaler.Fit(train);
        (train, test) = (scaler.Transform(standardizer.Transform(train)), scaler.Transform(standardizer.Transform(test)));
        var network = new EvaluationDiabetes();
        Trainer.Fit(network, TrainingData.ForRegression<float>(train), new TrainingOptions { Epochs = 40, BatchSize = 32, ShuffleSeed = 1 });
        var testData = TrainingData.ForRegression<float>(test);

        var report = network.Evaluate(testData, targetScaler: scaler);
        output.WriteLine(report.ToString());

        var predictions = new float[test.Count];
        network.Predict(test.Features, predictions);
        var original = TabularDataSet.LoadCsv(DataPath("diabetes", "test.csv"), "target").Targets;
        var errors = Enumerable.Range(0, test.Count).Select(i => ((predictions[i] * scaler.StandardDeviations[0]) + scaler.Means[0]) - original[i]).ToArray();
        var regression = report.Regression!;
        Assert.Null(report.Classification);
        Assert.Equal(Math.Sqrt(errors.Average(e => e * e)), regression.RootMeanSquaredError, 3);
        Assert.Equal(errors.Average(Math.Abs), regression.MeanAbsoluteError, 3);
        var mean = original.Average();
        Assert.Equal(1 - (errors.Sum(e => e * e) / original.Sum(t => (t - mean) * (t - mean))), regression.RSquared, 4);
        Assert.Equal("target", regression.PerOutput[0].Name);
        Assert.InRange(regression.RSquared, 0.3, 1.0); // a linear model gets about 0.45 on this split
        Assert.InRange(regression.RootMeanSquaredError, 20, 70); // in the target's units (25–346), not scaled ones
    }

    [Fact]
    public void EvaluateRegression_AnyPredictor_SameAsEvaluate()
    {
        var network = new EvaluationDiabetes();
        var data = TrainingData.ForRegression<float>(TabularDataSet.LoadCsv(DataPath("diabetes", "test.csv"), "target"));

        var fromNetwork = network.Evaluate(data).Regression!;
        var fromPredictor = network.EvaluateRegression(data);

        Assert.Equal(fromNetwork.PerOutput, fromPredictor.PerOutput); // the rows are records compared by value
        Assert.Equal(
            (fromNetwork.MeanSquaredError, fromNetwork.MeanAbsoluteError, fromNetwork.RSquared, fromNetwork.VarianceWeightedRSquared),
            (fromPredictor.MeanSquaredError, fromPredictor.MeanAbsoluteError, fromPredictor.RSquared, fromPredictor.VarianceWeightedRSquared));
    }

    [Fact]
    public void MultiLabel_BinaryCrossEntropyOverSeveralOutputs_LossOnly()
    {
        var network = new Training.TwoLabelClassifier();
        var data = new TrainingData<double>(TestData.Normal(30, 1), TestData.Normal(20, 2).Select(v => v > 0 ? 1.0 : 0).ToArray(), 3, 2);

        var report = network.Evaluate(data);

        Assert.Null(report.Classification);
        Assert.Null(report.Regression);
        Assert.Equal(network.ComputeLoss(data.Inputs, data.Targets), report.Loss, 12);
    }

    [Fact]
    public void Evaluate_DataOfAnotherShape_ThrowsNamingData()
    {
        var network = new EvaluationDiabetes();
        var data = new TrainingData<float>(new float[8], new float[2], 4, 1);

        var exception = Assert.Throws<ArgumentException>(() => network.Evaluate(data));

        Assert.Equal("data", exception.ParamName);
        Assert.StartsWith("The data has 4 inputs and 1 outputs per sample, but the network takes 10 inputs and gives 1 outputs.", exception.Message);
    }

    [Fact]
    public void Evaluate_WrongNumberOfClassNames_Throws()
    {
        var network = new EvaluationBreastCancer();
        var data = new TrainingData<float>(new float[30], [1f], 30, 1);

        var exception = Assert.Throws<ArgumentException>(() => network.Evaluate(data, ["a", "b", "c"]));

        Assert.Equal("classNames", exception.ParamName);
        Assert.StartsWith("Expected 2 class names, one per class, but got 3.", exception.Message);
    }

    [Fact]
    public void Evaluate_TargetScalerOfOtherWidth_Throws()
    {
        var network = new EvaluationDiabetes();
        var data = new TrainingData<float>(new float[10], [1f], 10, 1);
        var scaler = TargetScaler.FromStatistics(["a", "b"], [0.0, 0.0], [1.0, 1.0]);

        var exception = Assert.Throws<ArgumentException>(() => network.Evaluate(data, targetScaler: scaler));

        Assert.Equal("targetScaler", exception.ParamName);
        Assert.StartsWith("The target scaler was fitted on 2 targets ('a', 'b'), but the data has 1 outputs.", exception.Message);
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var i = 1; i < row.Length; i++)
        {
            best = row[i] > row[best] ? i : best;
        }

        return best;
    }

    private static void WithNames(string source, string destination) =>
        File.WriteAllLines(destination, File.ReadAllLines(source).Select((line, i) =>
            i == 0 ? line[..line.LastIndexOf(',')] + ",species" : line[..(line.LastIndexOf(',') + 1)] + s_irisNames[int.Parse(line[(line.LastIndexOf(',') + 1)..])]));

    private static string DataPath(string name, string file) => Path.Combine(AppContext.BaseDirectory, "data", name, file);

    private static (TabularDataSet Train, TabularDataSet Test) Load(string name)
    {
        var train = TabularDataSet.LoadCsv(DataPath(name, "train.csv"));
        var test = TabularDataSet.LoadCsv(DataPath(name, "test.csv"));
        var standardizer = Standardizer.Fit(train);
        return (standardizer.Transform(train), standardizer.Transform(test));
    }
}

[Network(Inputs = 30, Seed = 1)]
[Layer(16, Activation.ReLU)]
[Layer(1, Activation.Sigmoid)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
public partial class EvaluationBreastCancer
{
}

[Network(Inputs = 64, Seed = 1)]
[Layer(32, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
public partial class EvaluationDigits
{
}

[Network(Inputs = 4, Precision = Precision.Double, Seed = 1)]
[Layer(8, Activation.Tanh)]
[Layer(3, Activation.Softmax)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-2)]
public partial class EvaluationIris
{
}

[Network(Inputs = 10, Seed = 1)]
[Layer(16, Activation.ReLU)]
[Layer(1)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-2)]
public partial class EvaluationDiabetes
{
}
