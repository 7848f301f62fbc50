using System;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Evaluation;
using NetGen.Plots;
using NetGen.Training;

// Handwritten digits, 8 × 8 pixels with values 0–16 (UCI, as scikit-learn ships them) → the digit.
var data = Path.Combine(AppContext.BaseDirectory, "data");
var train = TabularDataSet.LoadCsv(Path.Combine(data, "train.csv"));
var test = TabularDataSet.LoadCsv(Path.Combine(data, "test.csv"));
var standardizer = Standardizer.Fit(train);
var training = TrainingData.ForClassification<float>(standardizer.Transform(train), classCount: 10);   // one-hot rows
var testing = TrainingData.ForClassification<float>(standardizer.Transform(test), classCount: 10);

var network = new DigitsNet();
var history = Trainer.Fit(network, training, TrainingOptions.For(network) with { ShuffleSeed = 2, Verbosity = Verbosity.Epochs });

Console.WriteLine();
Console.WriteLine(network.Evaluate(testing));
TrainingPlots.SaveOverview(history, Path.Combine(AppContext.BaseDirectory, "digits-training.png"));
Console.WriteLine($"plots: {Path.Combine(AppContext.BaseDirectory, "digits-training.png")}");

/// <summary>64 pixels → 64 ReLU units with batch norm → 10 softmax outputs.</summary>
[Network(Inputs = 64, Seed = 5)]
[Layer(64, Activation.ReLU, Init.HeNormal, Bias = false)]
[BatchNorm]
[Layer(10, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
[Training(Epochs = 30, BatchSize = 32)]
public partial class DigitsNet
{
}
