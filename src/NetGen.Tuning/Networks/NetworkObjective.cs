using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Threading;
using NetGen.Evaluation;
using NetGen.Training;

namespace NetGen.Tuning.Networks;

/// <summary>
/// The objective for tuning a NetGen network: for each trial it creates the network, applies the trial's parameters,
/// trains it with <see cref="Trainer.Fit"/>, reports each epoch's metric to the trial (so a pruner can stop it), and
/// returns the metric on the validation data.
/// </summary>
/// <remarks>
/// <para>
/// Parameters are applied by name: those named as one of the network's runtime hyperparameters
/// (<see cref="NetworkArchitecture.Hyperparameters"/>: <c>LearningRate</c>, <c>Beta1</c>, <c>Momentum</c>,
/// <c>WeightDecay</c>, <c>GradientClipNorm</c>, …) with <see cref="INetwork{T}.SetHyperparameter"/>; <c>Epochs</c> and
/// <c>BatchSize</c> (integers) on the <see cref="TrainingOptions"/>. Any other parameter is for the factory (a layer
/// width of a variant, say); the factory sees all of them. The shuffle seed is the trial's seed, and so is the seed the
/// factory receives for the initial weights.
/// </para>
/// <para>
/// Each epoch's value (from the epoch's record, or, for macro F1 and custom metrics, an evaluation of the validation
/// data) is reported at step = epoch (1-based). When the pruner asks, training stops through
/// <see cref="TrainingContext.StopTraining"/> and the trial ends as pruned. With k-fold validation only the first fold
/// reports (so pruning compares first folds), and the value is the mean over the folds; each fold's value is recorded
/// as the attribute <c>fold0</c>, <c>fold1</c>, ….
/// </para>
/// </remarks>
/// <typeparam name="T">The network's number type.</typeparam>
public sealed class NetworkObjective<T>
    where T : unmanaged, INumberBase<T>
{
    private readonly Func<TrialParameters, int, INetwork<T>> _createNetwork;
    private readonly TrainingData<T> _data;

    /// <summary>Creates the objective.</summary>
    /// <param name="createNetwork">Makes a fresh network for a trial's parameters, with the given seed for its weights: <c>(parameters, seed) =&gt; new MyNet(seed)</c>.</param>
    /// <param name="data">All the samples; the objective splits them as <see cref="Validation"/> says (unless <see cref="ValidationData"/> is given).</param>
    /// <param name="metric">What to return; the study's direction must be its <see cref="ObjectiveMetric.Direction"/>.</param>
    public NetworkObjective(Func<TrialParameters, int, INetwork<T>> createNetwork, TrainingData<T> data, ObjectiveMetric metric)
    {
        ArgumentNullException.ThrowIfNull(createNetwork);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(metric);
        _createNetwork = createNetwork;
        _data = data;
        Metric = metric;
    }

    /// <summary>What the objective returns.</summary>
    public ObjectiveMetric Metric { get; }

    /// <summary>Hold-out (20 %, stratified; the default) or k-fold cross-validation.</summary>
    public ValidationScheme Validation { get; init; } = ValidationScheme.HoldOut();

    /// <summary>Validation samples kept apart by you: when set, the network trains on all the data and validates on these, and <see cref="Validation"/> is not used.</summary>
    public TrainingData<T>? ValidationData { get; init; }

    /// <summary>
    /// The options the trial's <c>Epochs</c> and <c>BatchSize</c> are applied to; <see langword="null"/> (the default)
    /// takes <see cref="TrainingOptions.For{T}"/> of the network (its <c>[Training]</c> declaration). Its callbacks run
    /// before the one that reports to the trial.
    /// </summary>
    public TrainingOptions? TrainingOptions { get; init; }

    /// <summary>Runs one trial: pass this method to <see cref="Study.Optimize(Func{Trial, double}, int, int?, CancellationToken)"/>. Training stops when the study is cancelled (<see cref="Trial.CancellationToken"/>).</summary>
    /// <param name="trial">The trial.</param>
    /// <returns>The metric on the validation data (the mean over the folds for k-fold).</returns>
    /// <exception cref="InvalidOperationException">The study's direction is not the metric's, or the metric does not suit the network's loss.</exception>
    /// <exception cref="TrialPrunedException">The pruner stopped the trial.</exception>
    public double Evaluate(Trial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var cancellationToken = trial.CancellationToken;
        if (trial.Direction != Metric.Direction)
        {
            throw new InvalidOperationException($"The study {trial.Direction.ToString().ToLowerInvariant()}s, but the objective's metric {Metric.Name} is to {Metric.Direction.ToString().ToLowerInvariant()}; create the study with Direction = StudyDirection.{Metric.Direction}.");
        }

        var network = Create(trial);
        if (ValidationData is { } given)
        {
            return Train(trial, network, _data, given, report: true, cancellationToken);
        }

        var classes = Validation.Stratify ? DataSplits.ClassesOf(_data, network.Loss) : null;
        var splitSeed = (int)(Seeds.Random(trial.StudySeed, 0, Seeds.SplitStream).NextUInt64() >> 33);
        if (Validation.Folds == 1)
        {
            var (training, validation) = classes is null
                ? DataSplits.HoldOut(_data.Count, Validation.Fraction, splitSeed)
                : DataSplits.StratifiedHoldOut(classes, Validation.Fraction, splitSeed);
            return Train(trial, network, DataSplits.Subset(_data, training), DataSplits.Subset(_data, validation), report: true, cancellationToken);
        }

        var folds = classes is null ? DataSplits.KFold(_data.Count, Validation.Folds, splitSeed) : DataSplits.StratifiedKFold(classes, Validation.Folds, splitSeed);
        var values = new double[folds.Length];
        for (var k = 0; k < folds.Length; k++)
        {
            var held = new HashSet<int>(folds[k]);
            var training = Enumerable.Range(0, _data.Count).Where(i => !held.Contains(i)).ToArray();
            values[k] = Train(trial, k == 0 ? network : Create(trial), DataSplits.Subset(_data, training), DataSplits.Subset(_data, folds[k]), report: k == 0, cancellationToken);
            trial.SetAttribute($"fold{k}", values[k]);
        }

        return values.Average();
    }

    private INetwork<T> Create(Trial trial)
    {
        var network = _createNetwork(trial.Parameters, trial.Seed) ?? throw new InvalidOperationException("The network factory returned null.");
        foreach (var hyperparameter in network.Architecture.Hyperparameters)
        {
            if (trial.Parameters.Contains(hyperparameter.Name))
            {
                network.SetHyperparameter(hyperparameter.Name, trial.Parameters.GetDouble(hyperparameter.Name));
            }
        }

        return network;
    }

    private double Train(Trial trial, INetwork<T> network, TrainingData<T> training, TrainingData<T> validation, bool report, CancellationToken cancellationToken)
    {
        var options = TrainingOptions ?? Training.TrainingOptions.For(network);
        var parameters = trial.Parameters;
        var reporter = new TrialReporter(trial, Metric, report);
        options = options with
        {
            Epochs = parameters.Contains("Epochs") ? parameters.GetInt32("Epochs") : options.Epochs,
            BatchSize = parameters.Contains("BatchSize") ? parameters.GetInt32("BatchSize") : options.BatchSize,
            ShuffleSeed = trial.Seed,
            Callbacks = options.Callbacks.Append(reporter).ToArray(),
        };

        var history = Trainer.Fit(network, training, options, validation, cancellationToken);
        if (reporter.Pruned)
        {
            throw new TrialPrunedException($"Pruned after epoch {history.Count}.");
        }

        return Metric.FromReport(network.Evaluate(validation));
    }

    /// <summary>Reports each epoch's metric to the trial and stops training when the pruner asks.</summary>
    private sealed class TrialReporter(Trial trial, ObjectiveMetric metric, bool report) : TrainingCallback
    {
        public bool Pruned { get; private set; }

        public override void OnEpochEnd<TNumber>(TrainingContext<TNumber> context, EpochRecord record)
        {
            if (!report)
            {
                return;
            }

            var value = metric.FromEpoch(record) ?? metric.FromReport(context.Network.Evaluate(context.Validation ?? context.Training));
            if (!double.IsFinite(value))
            {
                return;
            }

            trial.Report(record.Epoch, value);
            if (trial.ShouldPrune())
            {
                Pruned = true;
                context.StopTraining(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"trial {trial.Number} pruned at epoch {record.Epoch} ({metric.Name} {value:G4})"));
            }
        }
    }
}
