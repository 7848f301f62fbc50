using System.Runtime.InteropServices;
using NetGen;
using NetGen.Data;
using NetGen.Schedules;
using NetGen.Training;

// Each check prints one "PASS name: detail" or "FAIL name: detail" line; run.sh counts them. The exit code is the
// number of failures.
var failures = 0;
void Check(string name, bool passed, string detail)
{
    Console.WriteLine($"{(passed ? "PASS" : "FAIL")} {name} [{AppContext.TargetFrameworkName} on {RuntimeInformation.FrameworkDescription}]: {detail}");
    failures += passed ? 0 : 1;
}

// 1. The network declared in this project trains: the package's generator ran in this compiler.
float[] inputs =
[
    5.1f, 3.5f, 1.4f, 0.2f,   4.9f, 3.0f, 1.4f, 0.2f,   // setosa
    7.0f, 3.2f, 4.7f, 1.4f,   6.4f, 3.2f, 4.5f, 1.5f,   // versicolor
    6.3f, 3.3f, 6.0f, 2.5f,   5.8f, 2.7f, 5.1f, 1.9f,   // virginica
];
float[] targets = [1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1];
var network = new IrisNet();
var history = Trainer.Fit(network, new TrainingData<float>(inputs, targets, 4, 3),
    new TrainingOptions { Epochs = 30, BatchSize = 2, LearningRateSchedule = new CosineAnnealing(tMax: 30) });
Check("trains", history.Count == 30 && history[^1].TrainingLoss < 0.5 * history[0].TrainingLoss,
    $"loss {history[0].TrainingLoss:F4} in epoch 1, {history[^1].TrainingLoss:F4} in epoch {history.Count}");

// 2. The weights baked in by the package's build step predict like the same file loaded at run time, and correctly.
var scaler = Standardizer.Load(Path.Combine(AppContext.BaseDirectory, "iris.scaler.safetensors"));
float[] sample = [5.9f, 3.0f, 5.1f, 1.8f];   // the last row of the UCI data: an Iris virginica (class 2)
scaler.TransformInPlace(sample);
var baked = new float[3];
new BakedIris().Predict(sample, baked);
var loaded = new IrisNet();
loaded.Load(Path.Combine(AppContext.BaseDirectory, "iris.safetensors"));
var reference = new float[3];
loaded.Predict(sample, reference);
var difference = baked.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
Check("baked weights", difference <= 1e-6f && Array.IndexOf(baked, baked.Max()) == 2,
    $"P = [{string.Join(", ", baked.Select(p => p.ToString("F4")))}], largest difference from the loaded file {difference:G3}");

return failures;
