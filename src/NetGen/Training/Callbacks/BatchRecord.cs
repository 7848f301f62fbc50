namespace NetGen.Training;

/// <summary>What one optimizer update of <see cref="Trainer.Fit"/> did, as <see cref="TrainingCallback.OnBatchEnd{T}"/> receives it.</summary>
/// <param name="Epoch">The 1-based epoch.</param>
/// <param name="Batch">The 1-based update within the epoch.</param>
/// <param name="BatchesInEpoch">The number of updates of the epoch.</param>
/// <param name="Step">The 1-based update since Fit started.</param>
/// <param name="Loss">The batch's mean loss, computed before the update.</param>
/// <param name="BatchSize">The number of samples in the batch.</param>
/// <param name="LearningRate">The learning rate the update used.</param>
public readonly record struct BatchRecord(int Epoch, int Batch, int BatchesInEpoch, long Step, double Loss, int BatchSize, double LearningRate)
{
    /// <summary>
    /// The global L2 norm of the update's gradients, before clipping (<see cref="INetwork{T}.GradientNorm"/>, which
    /// <see cref="Trainer.Fit"/> reads after every update anyway); NaN or infinite when a gradient is.
    /// </summary>
    public double GradientNorm { get; init; }
}
