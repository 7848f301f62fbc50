using System;
using System.Collections;
using System.Collections.Generic;

namespace NetGen.Training;

/// <summary>What one epoch of <see cref="Trainer.Fit"/> did.</summary>
/// <param name="Epoch">The 1-based epoch.</param>
/// <param name="TrainingLoss">The mean training loss over the epoch's samples (each update's loss before the update, weighted by its batch size).</param>
/// <param name="ValidationLoss">The inference-mode loss on the validation data after the epoch; null without validation data.</param>
/// <param name="Accuracy">For the cross-entropies: the share of correct predictions (arg-max for categorical, each output at 0.5 for binary) — the validation data's (<see cref="ValidationMetrics"/>), or the training data's without it (<see cref="TrainingMetrics"/>); null for regression.</param>
/// <param name="MeanAbsoluteError">For regression losses: the mean absolute error on the same data; null for classification.</param>
/// <param name="RSquared">For regression losses: the coefficient of determination 1 − Σ SS_res / Σ SS_tot summed over all outputs, each output's SS_tot about its own mean (scikit-learn's <c>r2_score(multioutput='variance_weighted')</c>, equal to the plain R² for one output; <see cref="Evaluation.RegressionReport.RSquared"/> is the uniform average); null for classification, or when every target is constant.</param>
/// <param name="LearningRate">The learning rate of the epoch's last update.</param>
/// <param name="BatchSize">The epoch's batch size (the sample count for full-batch training).</param>
/// <param name="Updates">The number of optimizer updates in the epoch.</param>
/// <param name="Elapsed">Wall-clock time of the epoch, evaluation included.</param>
/// <param name="GradientNorm">The mean over the epoch's updates of the global gradient L2 norm before clipping.</param>
/// <param name="LayerGradientNorms">The mean over the epoch's updates of each layer's gradient L2 norm before clipping.</param>
public sealed record EpochRecord(
    int Epoch,
    double TrainingLoss,
    double? ValidationLoss,
    double? Accuracy,
    double? MeanAbsoluteError,
    double? RSquared,
    double LearningRate,
    int BatchSize,
    int Updates,
    TimeSpan Elapsed,
    double GradientNorm,
    IReadOnlyList<double> LayerGradientNorms)
{
    /// <summary>
    /// The metrics on the training data, as <see cref="TrainingOptions.TrainingMetrics"/> says: by default from the
    /// epoch's updates (Keras' <c>accuracy</c>), or from an inference pass after the epoch; <see langword="null"/> with
    /// <see cref="EpochMetricsSource.None"/>, or when training stopped within the epoch (not every sample was scored).
    /// </summary>
    public EpochMetrics? TrainingMetrics { get; init; }

    /// <summary>The metrics on the validation data after the epoch, in inference mode (Keras' <c>val_accuracy</c>); <see langword="null"/> without validation data.</summary>
    public EpochMetrics? ValidationMetrics { get; init; }
}

/// <summary>The metrics of one epoch on one data set: accuracy for the cross-entropies, mean absolute error and R² for regression.</summary>
/// <param name="Accuracy">For the cross-entropies: the share of correct predictions (arg-max for categorical, each output at 0.5 for binary); null for regression.</param>
/// <param name="MeanAbsoluteError">For regression losses: the mean absolute error over all outputs; null for classification.</param>
/// <param name="RSquared">For regression losses: the variance-weighted coefficient of determination (see <see cref="EpochRecord.RSquared"/>); null for classification or constant targets.</param>
public sealed record EpochMetrics(double? Accuracy, double? MeanAbsoluteError, double? RSquared);

/// <summary>Where an epoch's training metrics come from (<see cref="TrainingOptions.TrainingMetrics"/>).</summary>
public enum EpochMetricsSource
{
    /// <summary>
    /// From the training-mode outputs of the epoch's own updates, each sample scored by the weights before the update
    /// that used it, dropout on: what Keras reports, at almost no extra cost (classes from
    /// <see cref="INetwork{T}.GetTrainingLogits"/>, regression from <see cref="INetwork{T}.GetTrainingOutputs"/>).
    /// </summary>
    FromUpdates,

    /// <summary>From an inference-mode pass over the training data after the epoch (the weights at its end), as <c>Evaluate</c> gives.</summary>
    ExactPass,

    /// <summary>No training metrics.</summary>
    None,
}

/// <summary>The epochs of one <see cref="Trainer.Fit"/>, in order.</summary>
public sealed class TrainingHistory : IReadOnlyList<EpochRecord>
{
    private readonly List<EpochRecord> _epochs = new();

    /// <summary>The 1-based epoch with the lowest monitored loss (validation loss, else training loss); 0 when no epoch completed.</summary>
    public int BestEpoch { get; internal set; }

    /// <summary>Whether early stopping or a callback ended training before the last epoch.</summary>
    public bool StoppedEarly { get; internal set; }

    /// <summary>
    /// Why training stopped before its last epoch: the reason a callback gave to
    /// <see cref="TrainingContext.StopTraining"/>, or early stopping's; <see langword="null"/> when it ran every epoch
    /// or diverged (see <see cref="Divergence"/>).
    /// </summary>
    public string? StopReason { get; internal set; }

    /// <summary>Whether the parameters were restored to those of <see cref="BestEpoch"/> at the end.</summary>
    public bool RestoredBestWeights { get; internal set; }

    /// <summary>
    /// Where training stopped because a loss or the network's state was no longer a finite number, or
    /// <see langword="null"/> when it did not diverge. The epoch it happened in has no record.
    /// </summary>
    public TrainingDivergence? Divergence { get; internal set; }

    /// <inheritdoc/>
    public int Count => _epochs.Count;

    /// <inheritdoc/>
    public EpochRecord this[int index] => _epochs[index];

    /// <inheritdoc/>
    public IEnumerator<EpochRecord> GetEnumerator() => _epochs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Add(EpochRecord record) => _epochs.Add(record);
}
