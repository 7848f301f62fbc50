using System;
using NetGen.Samples.Xor;

// The four cases of exclusive-or, trained full-batch.
float[] inputs = [0, 0, 0, 1, 1, 0, 1, 1];
float[] targets = [0, 1, 1, 0];

var network = new XorNet();
var loss = 0f;
for (var epoch = 1; epoch <= 2000; epoch++)
{
    loss = network.TrainStep(inputs, targets);
    if (epoch % 500 == 0)
    {
        Console.WriteLine($"epoch {epoch,4}: loss {loss:F5}");
    }
}

var outputs = new float[4];
network.Predict(inputs, outputs);
var correct = 0;
for (var i = 0; i < 4; i++)
{
    var predicted = outputs[i] >= 0.5f ? 1 : 0;
    correct += predicted == (int)targets[i] ? 1 : 0;
    Console.WriteLine($"{inputs[2 * i]} xor {inputs[2 * i + 1]} = {outputs[i]:F3} -> {predicted}");
}

Console.WriteLine($"accuracy: {correct}/4");
return correct == 4 ? 0 : 1;
