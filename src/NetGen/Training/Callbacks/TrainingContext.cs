using System;
using System.Numerics;

namespace NetGen.Training;

/// <summary>
/// One run of <see cref="Trainer.Fit"/> as its callbacks see it, without the network's number type: the options, the
/// history so far, the position, and <see cref="StopTraining"/>. <see cref="TrainingContext{T}"/> adds the network and
/// the data; a callback written for any network (such as <see cref="LambdaCallback"/>) receives this base class.
/// </summary>
public abstract class TrainingContext
{
    private protected TrainingContext(TrainingOptions options, TrainingHistory history, double baseLearningRate)
    {
        Options = options;
        History = history;
        BaseLearningRate = baseLearningRate;
    }

    /// <summary>The options Fit was called with.</summary>
    public TrainingOptions Options { get; }

    /// <summary>The records of the epochs completed so far; Fit returns this object.</summary>
    public TrainingHistory History { get; }

    /// <summary>The 1-based epoch in progress (or just ended, in <see cref="TrainingCallback.OnEpochEnd{T}"/>); 0 before the first.</summary>
    public int Epoch { get; internal set; }

    /// <summary>The number of optimizer updates Fit has made so far.</summary>
    public long Step { get; internal set; }

    /// <summary>Whether a callback has asked training to stop.</summary>
    public bool StopRequested => StopReason is not null;

    /// <summary>Why a callback asked training to stop, or <see langword="null"/>.</summary>
    public string? StopReason { get; private set; }

    /// <summary>
    /// The network's learning rate when Fit started, which a <see cref="TrainingOptions.LearningRateSchedule"/> scales
    /// and which the network gets back when Fit ends.
    /// </summary>
    internal double BaseLearningRate { get; }

    /// <summary>Calls <paramref name="callback"/>'s <see cref="TrainingCallback.OnBatchEnd{T}"/> with this context.</summary>
    internal abstract void InvokeBatchEnd(TrainingCallback callback, in BatchRecord batch);

    /// <summary>Writes the last finite update's per-layer gradient norms (<c>LayerGradientNorms</c> of the typed context) to <paramref name="destination"/>.</summary>
    internal abstract void ReadLayerGradientNorms(Span<double> destination);

    /// <summary>
    /// Asks Fit to stop after the current hook round (after this update's callbacks, or this epoch's), as early stopping
    /// does: <see cref="TrainingHistory.StopReason"/> keeps <paramref name="reason"/>. The first request wins.
    /// </summary>
    /// <param name="reason">Why, for the history and the console: e.g. "validation accuracy reached 0.99".</param>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is null, empty or white space.</exception>
    public void StopTraining(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        StopReason ??= reason;
    }
}

/// <summary>One run of <see cref="Trainer.Fit"/> as its callbacks see it: the network, the data, the options, the history so far.</summary>
/// <typeparam name="T">The network's number type.</typeparam>
public sealed class TrainingContext<T> : TrainingContext
    where T : unmanaged, INumberBase<T>
{
    internal TrainingContext(INetwork<T> network, TrainingData<T> training, TrainingData<T>? validation, TrainingOptions options, TrainingHistory history, double baseLearningRate = 0)
        : base(options, history, baseLearningRate)
    {
        Network = network;
        Training = training;
        Validation = validation;
    }

    /// <summary>The network being trained. Callbacks may read it freely; changing its parameters changes training.</summary>
    public INetwork<T> Network { get; }

    /// <summary>The training samples.</summary>
    public TrainingData<T> Training { get; }

    /// <summary>The validation samples, or <see langword="null"/>.</summary>
    public TrainingData<T>? Validation { get; }

    /// <summary>
    /// <see cref="Trainer.Fit"/>'s buffer of per-layer gradient norms (<see cref="INetwork{T}.GetLayerGradientNorms"/>),
    /// which it fills after every update whose loss is finite, before <see cref="TrainingCallback.OnBatchEnd{T}"/>; so
    /// it holds those of the last such update, also when training ends. The monitors read it only when they report,
    /// instead of copying the norms after every update.
    /// </summary>
    internal T[] LayerGradientNorms { get; init; } = [];

    internal override void InvokeBatchEnd(TrainingCallback callback, in BatchRecord batch) => callback.OnBatchEnd(this, batch);

    internal override void ReadLayerGradientNorms(Span<double> destination)
    {
        for (var l = 0; l < LayerGradientNorms.Length; l++)
        {
            destination[l] = double.CreateTruncating(LayerGradientNorms[l]);
        }
    }
}
