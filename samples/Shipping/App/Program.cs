using System;
using System.Diagnostics;
using NetGen.Samples.Shipping;

// A shipped model: no file, no native runtime. Classifies one handwritten digit (the first row of the UCI test set,
// a 0) and prints the class and how long the first prediction took after Main started.
var clock = Stopwatch.StartNew();
ReadOnlySpan<byte> pixels =
[
    0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0,
    0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0,
];
Span<float> input = stackalloc float[DigitsModel.Sizes.InputCount];
for (var i = 0; i < input.Length; i++)
{
    input[i] = pixels[i] * DigitsNet.PixelScale;
}

var model = new DigitsModel();
Span<float> probabilities = stackalloc float[DigitsModel.Sizes.OutputCount];
model.Predict(input, probabilities);
var digit = 0;
for (var k = 1; k < probabilities.Length; k++)
{
    digit = probabilities[k] > probabilities[digit] ? k : digit;
}

var elapsed = clock.Elapsed.TotalMilliseconds;
Console.WriteLine($"digit {digit} (p = {probabilities[digit]:F3}); first prediction {elapsed:F3} ms after Main started");
return digit == 0 ? 0 : 1;
