using System;

namespace NetGen.Tests;

/// <summary>Reproducible random inputs and targets for the numeric tests.</summary>
public static class TestData
{
    public static double[] Normal(int count, int seed, double scale = 1.0)
    {
        var random = new DeterministicRandom((ulong)seed);
        var values = new double[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = scale * random.NextNormal();
        }

        return values;
    }

    /// <summary>Targets that suit the loss: real values for regression, probabilities for BCE, distributions for CCE.</summary>
    public static double[] Targets(LossKind loss, int samples, int outputs, int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var targets = new double[samples * outputs];
        for (var s = 0; s < samples; s++)
        {
            var row = targets.AsSpan(s * outputs, outputs);
            switch (loss)
            {
                case LossKind.BinaryCrossEntropy:
                    for (var o = 0; o < outputs; o++)
                    {
                        row[o] = random.NextDouble();
                    }

                    break;
                case LossKind.CategoricalCrossEntropy:
                    // Soft targets on even samples, one-hot on odd ones: both forms PyTorch's CrossEntropyLoss accepts.
                    if (s % 2 == 0)
                    {
                        var sum = 0.0;
                        for (var o = 0; o < outputs; o++)
                        {
                            row[o] = random.NextDouble() + 0.1;
                            sum += row[o];
                        }

                        for (var o = 0; o < outputs; o++)
                        {
                            row[o] /= sum;
                        }
                    }
                    else
                    {
                        row[random.NextInt(outputs)] = 1;
                    }

                    break;
                default:
                    for (var o = 0; o < outputs; o++)
                    {
                        row[o] = random.NextNormal();
                    }

                    break;
            }
        }

        return targets;
    }
}
