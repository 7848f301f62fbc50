using System;
using System.Linq;
using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

// The same model and digit as samples/Shipping/App, through ONNX Runtime: a session from the exported file.
var clock = Stopwatch.StartNew();
byte[] pixels =
[
    0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0,
    0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0,
];
var input = new DenseTensor<float>(new[] { 1, 64 });
for (var i = 0; i < 64; i++)
{
    input[0, i] = pixels[i] / 16f;
}

using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
using var session = new InferenceSession(args.Length > 0 ? args[0] : "digits.onnx", options);
using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), input) });
var probabilities = results.First().AsEnumerable<float>().ToArray();
var digit = Array.IndexOf(probabilities, probabilities.Max());
Console.WriteLine($"digit {digit} (p = {probabilities[digit]:F3}); first prediction {clock.Elapsed.TotalMilliseconds:F3} ms after Main started");
