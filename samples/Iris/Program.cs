using System;
using System.IO;
using System.Linq;
using NetGen;
using NetGen.Data;
using NetGen.Samples.Iris;

const int Classes = 3, BatchSize = 8, Epochs = 100;

// The csproj copies samples/data/iris/*.csv next to the executable.
var dataDirectory = Path.Combine(AppContext.BaseDirectory, "data", "iris");
var train = TabularDataSet.LoadCsv(Path.Combine(dataDirectory, "train.csv"));
var test = TabularDataSet.LoadCsv(Path.Combine(dataDirectory, "test.csv"));

// Mean 0, standard deviation 1 per feature, with statistics of the training set only.
var standardizer = Standardizer.Fit(train);
train = standardizer.Transform(train);
test = standardizer.Transform(test);
var trainTargets = train.OneHot(Classes);

var network = new IrisNet();
var random = new DeterministicRandom(7);
var order = Enumerable.Range(0, train.Count).ToArray();
var inputBuffer = new float[BatchSize * train.FeatureCount];
var targetBuffer = new float[BatchSize * Classes];

for (var epoch = 1; epoch <= Epochs; epoch++)
{
    // A new random order each epoch, then mini-batches of BatchSize rows (the last one may be shorter).
    random.Shuffle<int>(order);
    var lossSum = 0f;
    for (var start = 0; start < order.Length; start += BatchSize)
    {
        var rows = order.AsSpan(start, Math.Min(BatchSize, order.Length - start));
        var inputs = MiniBatch.Gather(train.Features, train.FeatureCount, rows, inputBuffer);
        var targets = MiniBatch.Gather(trainTargets, Classes, rows, targetBuffer);
        lossSum += network.TrainStep(inputs, targets) * rows.Length;
    }

    if (epoch == 1 || epoch % 20 == 0)
    {
        var (correct, total) = Evaluate(network, train);
        Console.WriteLine($"epoch {epoch,3}: loss {lossSum / train.Count:F4}, train accuracy {100.0 * correct / total:F2}%");
    }
}

var (testCorrect, testTotal) = Evaluate(network, test);
Console.WriteLine($"test accuracy: {100.0 * testCorrect / testTotal:F2}% ({testCorrect}/{testTotal})");
return 0;

// Predicts every row in one batch and counts those whose most probable class is the target.
static (int Correct, int Total) Evaluate(IrisNet network, TabularDataSet data)
{
    var probabilities = new float[data.Count * Classes];
    network.Predict(data.Features, probabilities);
    var correct = 0;
    for (var i = 0; i < data.Count; i++)
    {
        var row = probabilities.AsSpan(i * Classes, Classes);
        var predicted = 0;
        for (var c = 1; c < Classes; c++)
        {
            predicted = row[c] > row[predicted] ? c : predicted;
        }

        correct += predicted == (int)data.Targets[i] ? 1 : 0;
    }

    return (correct, data.Count);
}
