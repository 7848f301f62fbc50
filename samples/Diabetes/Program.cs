using System;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Evaluation;
using NetGen.Plots;
using NetGen.Training;

// Diabetes (Efron et al., 2004): age, sex, BMI, blood pressure and six blood serum measurements → disease progression
// one year later (25–346). Both the features and the target are standardized; the report is in the target's units.
var data = Path.Combine(AppContext.BaseDirectory, "data");
var train = TabularDataSet.LoadCsv(Path.Combine(data, "train.csv"), targetColumn: "target");
var test = TabularDataSet.LoadCsv(Path.Combine(data, "test.csv"), targetColumn: "target");
var standardizer = Standardizer.Fit(train);
var targetScaler = TargetScaler.Fit(train);
var training = TrainingData.ForRegression<float>(targetScaler.Transform(standardizer.Transform(train)));
var testing = TrainingData.ForRegression<float>(targetScaler.Transform(standardizer.Transform(test)));

var network = new DiabetesNet();
var history = Trainer.Fit(network, training, TrainingOptions.For(network) with { ShuffleSeed = 4, Verbosity = Verbosity.Epochs });

Console.WriteLine();
Console.WriteLine(network.Evaluate(testing, targetScaler: targetScaler));   // MSE, RMSE, MAE in progression units; R²
TrainingPlots.SaveOverview(history, Path.Combine(AppContext.BaseDirectory, "diabetes-training.png"));
Console.WriteLine($"plots: {Path.Combine(AppContext.BaseDirectory, "diabetes-training.png")}");

/// <summary>10 features → 16 ReLU units → one linear output.</summary>
[Network(Inputs = 10, Seed = 8)]
[Layer(16, Activation.ReLU, Init.HeNormal)]
[Layer(1)]
[Loss(LossKind.MeanSquaredError)]
[Optimizer(OptimizerKind.Adam, LearningRate = 1e-3, WeightDecay = 1e-3)]
[Training(Epochs = 60, BatchSize = 16)]
public partial class DiabetesNet
{
}
