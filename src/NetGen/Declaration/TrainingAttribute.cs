using System;

namespace NetGen;

/// <summary>
/// The training setup the network is designed for. <c>TrainingOptions.For(network)</c> starts from the declared
/// epochs and batch size, and the analyzers judge the design against them: batch norm with tiny batches (NG3001), an
/// Adagrad run long enough for its step to vanish (NG3003). Every value is optional.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TrainingAttribute : Attribute
{
    /// <summary>Samples per update: 0 for full-batch gradient descent, 1 for SGD, n for mini-batches of n.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>The number of passes over the training data, at least 1.</summary>
    public int Epochs { get; set; } = 1;

    /// <summary>
    /// The expected number of training samples, at least 1. Only the analyzers use it, to estimate the number of
    /// updates (epochs × ⌈samples / batch size⌉); the training loop trains on whatever data it is given.
    /// </summary>
    public int Samples { get; set; } = 1;
}
