using System;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Evaluation;
using NetGen.Plots;
using NetGen.Training;

// Breast Cancer Wisconsin (Diagnostic): 30 measurements of a cell nucleus image → malignant (0) or benign (1).
var data = Path.Combine(AppContext.BaseDirectory, "data");
var train = TabularDataSet.LoadCsv(Path.Combine(data, "train.csv"));
var test = TabularDataSet.LoadCsv(Path.Combine(data, "test.csv"));
var standardizer = Standardizer.Fit(train);
var training = TrainingData.ForClassification<float>(standardizer.Transform(train));   // one 0/1 output for two classes
var testing = TrainingData.ForClassification<float>(standardizer.Transform(test));

var network = new BreastCancerNet();
var history = Trainer.Fit(network, training, TrainingOptions.For(network) with { ShuffleSeed = 1, Verbosity = Verbosity.Epochs });

var report = network.Evaluate(testing, classNames: ["malignant", "benign"]);   // the file's 0 and 1
Console.WriteLine();
Console.WriteLine(report);   // loss, precision/recall/F1 per class, ROC-AUC, log loss, confusion matrix

TrainingPlots.SaveOverview(history, Path.Combine(AppContext.BaseDirectory, "breast-cancer-training.png"));
Console.WriteLine($"plots: {Path.Combine(AppContext.BaseDirectory, "breast-cancer-training.png")}");

/// <summary>30 features → 16 ReLU units → one sigmoid: the probability that the tumour is benign.</summary>
[Network(Inputs = 30, Seed = 3)]
[Layer(16, Activation.ReLU, Init.HeNormal)]
[Dropout(0.2)]
[Layer(1, Activation.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
[Training(Epochs = 40, BatchSize = 16)]
public partial class BreastCancerNet
{
}
