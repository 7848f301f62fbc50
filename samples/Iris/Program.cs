using System;
using System.IO;
using NetGen;
using NetGen.Data;
using NetGen.Samples.Iris;
using NetGen.Training;

const int Classes = 3;

// The csproj copies samples/data/iris/*.csv next to the executable.
var dataDirectory = Path.Combine(AppContext.BaseDirectory, "data", "iris");
var train = TabularDataSet.LoadCsv(Path.Combine(dataDirectory, "train.csv"));
var test = TabularDataSet.LoadCsv(Path.Combine(dataDirectory, "test.csv"));

// Mean 0, standard deviation 1 per feature, with statistics of the training set only.
var standardizer = Standardizer.Fit(train);
train = standardizer.Transform(train);
test = standardizer.Transform(test);

var network = new IrisNet();
var options = new TrainingOptions
{
    Epochs = 100,
    BatchSize = 8,
    ShuffleSeed = 7,
    Verbosity = Verbosity.Epochs, // a line per epoch: loss, accuracy, learning rate, time; then a summary
};

// Softmax outputs with categorical cross-entropy: the class numbers become one-hot target rows.
Trainer.Fit(network, TrainingData.WithOneHotTargets(train, Classes), options);

// Held-out accuracy: the most probable class against the label.
var probabilities = new float[test.Count * Classes];
network.Predict(test.Features, probabilities);
var correct = 0;
for (var i = 0; i < test.Count; i++)
{
    var row = probabilities.AsSpan(i * Classes, Classes);
    var predicted = row.IndexOf(MaxOf(row));
    correct += predicted == (int)test.Targets[i] ? 1 : 0;
}

Console.WriteLine($"test accuracy: {100.0 * correct / test.Count:F2}% ({correct}/{test.Count})");

// Ship it: the weights (PyTorch's safetensors format, state_dict names) and the standardizer's statistics, saved
// atomically; a new process loads both and predicts the same bits.
var modelPath = Path.Combine(AppContext.BaseDirectory, "iris.safetensors");
var scalerPath = Path.Combine(AppContext.BaseDirectory, "iris.scaler.safetensors");
network.Save(modelPath, new SaveOptions { WeightsOnly = true });
standardizer.Save(scalerPath);

var shipped = new IrisNet();
shipped.Load(modelPath);
var reloadedScaler = Standardizer.Load(scalerPath);
float[] sample = [5.9f, 3.0f, 5.1f, 1.8f]; // the last row of the UCI data: an Iris virginica (class 2)
reloadedScaler.TransformInPlace(sample);
var reloaded = new float[Classes];
shipped.Predict(sample, reloaded);
var original = new float[Classes];
network.Predict(sample, original);
Console.WriteLine($"saved {Path.GetFileName(modelPath)} ({new FileInfo(modelPath).Length} bytes); reloaded, it predicts class {reloaded.AsSpan().IndexOf(MaxOf(reloaded))}" +
    (reloaded.AsSpan().SequenceEqual(original) ? ", bit-identical to the trained network" : ", DIFFERENT from the trained network"));
return reloaded.AsSpan().SequenceEqual(original) ? 0 : 1;

static float MaxOf(ReadOnlySpan<float> values)
{
    var max = values[0];
    foreach (var value in values)
    {
        max = Math.Max(max, value);
    }

    return max;
}
