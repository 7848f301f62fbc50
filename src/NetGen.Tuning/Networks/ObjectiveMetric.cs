using System;
using NetGen.Evaluation;
using NetGen.Training;

namespace NetGen.Tuning.Networks;

/// <summary>
/// What a <see cref="NetworkObjective{T}"/> returns for a trained network, with its direction: the validation loss,
/// accuracy, macro F1, R², mean absolute error, or a metric of your own from the <see cref="EvaluationReport"/>.
/// </summary>
public sealed class ObjectiveMetric
{
    private readonly Func<EpochRecord, double?>? _fromEpoch;
    private readonly Func<EvaluationReport, double?> _fromReport;

    private ObjectiveMetric(string name, StudyDirection direction, Func<EpochRecord, double?>? fromEpoch, Func<EvaluationReport, double?> fromReport)
    {
        Name = name;
        Direction = direction;
        _fromEpoch = fromEpoch;
        _fromReport = fromReport;
    }

    /// <summary>The metric's name, as trial attributes and messages show it.</summary>
    public string Name { get; }

    /// <summary>Whether smaller or larger is better: the study's direction must be this one.</summary>
    public StudyDirection Direction { get; }

    /// <summary>The network's loss on the validation data in inference mode (minimize).</summary>
    public static ObjectiveMetric ValidationLoss { get; } = new("validation loss", StudyDirection.Minimize, e => e.ValidationLoss, r => r.Loss);

    /// <summary>The share of correctly classified validation samples (maximize); for the cross-entropy losses.</summary>
    public static ObjectiveMetric Accuracy { get; } = new("accuracy", StudyDirection.Maximize, e => e.Accuracy, r => r.Classification?.Accuracy);

    /// <summary>The unweighted mean of the classes' F1 scores on the validation data (maximize), as scikit-learn's <c>f1_score(average='macro')</c>.</summary>
    public static ObjectiveMetric MacroF1 { get; } = new("macro F1", StudyDirection.Maximize, null, r => r.Classification?.MacroAverage.F1);

    /// <summary>The coefficient of determination on the validation data, variance-weighted over outputs as <see cref="EpochRecord.RSquared"/> (maximize); for regression losses.</summary>
    public static ObjectiveMetric RSquared { get; } = new("R²", StudyDirection.Maximize, e => e.RSquared, r => r.Regression?.VarianceWeightedRSquared);

    /// <summary>The mean absolute error on the validation data (minimize); for regression losses.</summary>
    public static ObjectiveMetric MeanAbsoluteError { get; } = new("mean absolute error", StudyDirection.Minimize, e => e.MeanAbsoluteError, r => r.Regression?.MeanAbsoluteError);

    /// <summary>A metric of your own, computed from the validation data's <see cref="EvaluationReport"/> (after every epoch as well, for pruning).</summary>
    /// <param name="name">Its name.</param>
    /// <param name="direction">Whether smaller or larger is better.</param>
    /// <param name="fromReport">Computes it; <see langword="null"/> when the report does not have it.</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public static ObjectiveMetric Custom(string name, StudyDirection direction, Func<EvaluationReport, double?> fromReport)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(fromReport);
        return new ObjectiveMetric(name, direction, null, fromReport);
    }

    /// <summary>The metric from an epoch's record, when the record has it (otherwise the caller evaluates).</summary>
    internal double? FromEpoch(EpochRecord record) => _fromEpoch?.Invoke(record);

    /// <summary>Whether <see cref="FromEpoch"/> can give the metric without another evaluation.</summary>
    internal bool HasEpochValue => _fromEpoch is not null;

    /// <summary>The metric from an evaluation report.</summary>
    /// <exception cref="InvalidOperationException">The report does not have it (e.g. accuracy of a regression).</exception>
    internal double FromReport(EvaluationReport report) =>
        _fromReport(report) ?? throw new InvalidOperationException($"The evaluation has no {Name}: it is {(report.Classification is not null ? "a classification" : report.Regression is not null ? "a regression" : "neither a classification nor a regression")}; choose a metric that suits the network's loss.");

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Direction})";
}

/// <summary>How a <see cref="NetworkObjective{T}"/> validates a trial: on a hold-out share of the data, or by k-fold cross-validation.</summary>
public sealed class ValidationScheme
{
    private ValidationScheme(double fraction, int folds, bool stratify)
    {
        Fraction = fraction;
        Folds = folds;
        Stratify = stratify;
    }

    /// <summary>The validation share of a hold-out scheme; 0 for k-fold.</summary>
    public double Fraction { get; }

    /// <summary>The number of folds of a k-fold scheme; 1 for hold-out.</summary>
    public int Folds { get; }

    /// <summary>Whether classification data is split per class (the split keeps each class's share).</summary>
    public bool Stratify { get; }

    /// <summary>Trains on 1 − <paramref name="fraction"/> of the data and validates on the rest, the same split for every trial (seeded by the study's seed).</summary>
    /// <param name="fraction">The validation share, in (0, 1); 0.2 by default.</param>
    /// <param name="stratify">Whether to keep each class's share in both parts (for classification; regression data is never stratified).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is not in (0, 1).</exception>
    public static ValidationScheme HoldOut(double fraction = 0.2, bool stratify = true)
    {
        if (!(fraction > 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Expected a validation fraction in (0, 1).");
        }

        return new ValidationScheme(fraction, 1, stratify);
    }

    /// <summary>
    /// k-fold cross-validation: k networks, each trained on all folds but one and validated on that one; the objective
    /// is the mean of the folds' metrics. The folds are the same for every trial (seeded by the study's seed).
    /// </summary>
    /// <param name="folds">k, at least 2; 5 by default.</param>
    /// <param name="stratify">Whether each fold keeps each class's share (for classification).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is below 2.</exception>
    public static ValidationScheme KFold(int folds = 5, bool stratify = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        return new ValidationScheme(0, folds, stratify);
    }

    /// <inheritdoc/>
    public override string ToString() => Folds > 1 ? $"{Folds}-fold{(Stratify ? " stratified" : "")}" : $"hold-out {Fraction:0.###}{(Stratify ? " stratified" : "")}";
}
