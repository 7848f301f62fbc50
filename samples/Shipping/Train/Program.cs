using System;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Samples.Shipping;
using NetGen.Training;

// Trains the digits network on the real UCI digits data and saves its weights where the App project bakes them in:
//   dotnet run --project samples/Shipping/Train -- samples/Shipping/App/digits.safetensors
const int Classes = 10;
var output = args.Length > 0 ? args[0] : "digits.safetensors";

var data = Path.Combine(AppContext.BaseDirectory, "data", "digits");
var train = Scaled(TabularDataSet.LoadCsv(Path.Combine(data, "train.csv")));
var test = Scaled(TabularDataSet.LoadCsv(Path.Combine(data, "test.csv")));

var network = new DigitsNet();
Trainer.Fit(network, TrainingData.WithOneHotTargets(train, Classes), new TrainingOptions { Epochs = 30, BatchSize = 32, ShuffleSeed = 11 });

var probabilities = new float[test.Count * Classes];
network.Predict(test.Features, probabilities);
var correct = 0;
for (var i = 0; i < test.Count; i++)
{
    var row = probabilities.AsSpan(i * Classes, Classes);
    var best = 0;
    for (var k = 1; k < Classes; k++)
    {
        best = row[k] > row[best] ? k : best;
    }

    correct += best == (int)test.Targets[i] ? 1 : 0;
}

Console.WriteLine($"test accuracy: {100.0 * correct / test.Count:F2}% ({correct}/{test.Count})");
network.Save(output, new SaveOptions { WeightsOnly = true });
Console.WriteLine($"saved {output} ({new FileInfo(output).Length} bytes)");

static TabularDataSet Scaled(TabularDataSet data)
{
    var features = (float[])data.Features.Clone();
    for (var i = 0; i < features.Length; i++)
    {
        features[i] *= DigitsNet.PixelScale;
    }

    return new TabularDataSet(data.FeatureNames, data.TargetName, features, (float[])data.Targets.Clone());
}
