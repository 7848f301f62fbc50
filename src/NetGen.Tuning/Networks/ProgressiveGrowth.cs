using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Text;
using System.Threading;
using NetGen.Evaluation;
using NetGen.Training;

namespace NetGen.Tuning.Networks;

/// <summary>
/// Progressive architecture search over depth: train the shallowest variant of a family, then again and again create
/// the next deeper variant, copy the trained hidden layers into it (<see cref="NetworkLayers.Copy{T}"/>), freeze them,
/// train the new layer and the output layer, and score it on the validation data; stop when the score has not improved
/// for <see cref="Patience"/> stages or the deepest variant is trained.
/// </summary>
/// <remarks>
/// <para>
/// The variants must differ only in depth: the same axes apart from <c>Depth</c> (units, activation, …), the same input
/// and output layers and loss, and no depth twice. Filter a family's <c>Variants</c> by its other axes, for example
/// <c>Family.Variants.Where(v =&gt; v.Units == 64)</c>. They are grown in order of depth.
/// </para>
/// <para>
/// Stage k (0-based) creates its network with seed <see cref="Seed"/> + k and shuffles with the same seed, so a run is
/// deterministic. A stage's network keeps every earlier layer bit for bit when <see cref="FreezeCopiedLayers"/> is on;
/// the networks returned have no frozen layers (freezing is a training setting).
/// </para>
/// </remarks>
/// <typeparam name="T">The networks' number type.</typeparam>
public sealed class ProgressiveGrowth<T>
    where T : unmanaged, INumberBase<T>
{
    private readonly int _patience = 1;
    private readonly int _fineTuneEpochs;

    /// <summary>Checks the variants and sorts them by depth.</summary>
    /// <param name="variants">Variants of one family that differ only in depth (at least one).</param>
    /// <param name="metric">How a stage is scored on the validation data, and whether smaller or larger is better.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="variants"/> is empty, has a depth twice, or has variants that differ in something else than
    /// depth; the message names the two variants and what differs.
    /// </exception>
    public ProgressiveGrowth(IEnumerable<NetworkVariant<T>> variants, ObjectiveMetric metric)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(metric);
        var list = variants.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("Expected at least one variant; pass a family's Variants, filtered so that they differ only in depth.", nameof(variants));
        }

        if (list.Any(v => v is null))
        {
            throw new ArgumentException("Expected variants, but the list holds null.", nameof(variants));
        }

        list.Sort((a, b) => a.Depth.CompareTo(b.Depth));
        var first = list[0];
        for (var i = 1; i < list.Count; i++)
        {
            if (Difference(first, list[i]) is { } difference)
            {
                throw new ArgumentException(
                    $"Variants {first.Name} and {list[i].Name} differ in {difference}; progressive growth needs variants that differ only in depth: filter the family's Variants by its other axes (for example Variants.Where(v => v.Units == {first.Units})).",
                    nameof(variants));
            }

            if (list[i].Depth == list[i - 1].Depth)
            {
                throw new ArgumentException(
                    $"Variants {list[i - 1].Name} and {list[i].Name} both have depth {list[i].Depth}; progressive growth needs one variant per depth: filter the family's Variants by its other axes.",
                    nameof(variants));
            }
        }

        Variants = list;
        Metric = metric;
    }

    /// <summary>The variants, in order of depth: stage k trains <c>Variants[k]</c>.</summary>
    public IReadOnlyList<NetworkVariant<T>> Variants { get; }

    /// <summary>How stages are scored on the validation data, and its direction.</summary>
    public ObjectiveMetric Metric { get; }

    /// <summary>
    /// How many stages in a row may fail to improve on the best score before growth stops; 1 by default (stop at the
    /// first deeper variant that is not better).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int Patience
    {
        get => _patience;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Patience));
            _patience = value;
        }
    }

    /// <summary>
    /// Whether the layers copied from the previous stage are frozen while the new layer and the output layer train, as
    /// the classic progressive architecture keeps the earlier layers' weights fixed; on by default. Off, every layer
    /// trains, starting from the copied weights.
    /// </summary>
    public bool FreezeCopiedLayers { get; init; } = true;

    /// <summary>
    /// Epochs of a last stage that trains the best stage's network (a copy of it) with every layer unfrozen; 0 (the
    /// default) skips it. The fine-tuned stage is scored like the others and is the best only if it scores better.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int FineTuneEpochs
    {
        get => _fineTuneEpochs;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(FineTuneEpochs));
            _fineTuneEpochs = value;
        }
    }

    /// <summary>
    /// The options every stage trains with (its <see cref="TrainingOptions.ShuffleSeed"/> is replaced by the stage's
    /// seed); <see langword="null"/> (the default) takes <see cref="TrainingOptions.For{T}"/> of each stage's network.
    /// </summary>
    public TrainingOptions? TrainingOptions { get; init; }

    /// <summary>
    /// Called with each stage's new network before layers are copied into it and it trains: to set runtime
    /// hyperparameters, such as the learning rate a study found (<c>network =&gt; network.SetHyperparameter("LearningRate", 0.01)</c>).
    /// <see langword="null"/> (the default) keeps the declared values.
    /// </summary>
    public Action<INetwork<T>>? Configure { get; init; }

    /// <summary>The seed of the first stage's weights and shuffling; stage k uses <c>Seed + k</c>. 0 by default.</summary>
    public int Seed { get; init; }

    /// <summary>Grows the network: trains the stages on <paramref name="training"/> and scores each on <paramref name="validation"/>.</summary>
    /// <param name="training">The samples to train on.</param>
    /// <param name="validation">The samples each stage is scored on (and validated on after every epoch).</param>
    /// <param name="cancellationToken">Stops training between two updates.</param>
    /// <returns>Every stage trained, in order, and the best one.</returns>
    /// <exception cref="ArgumentException">The data does not suit the networks (see <see cref="Trainer.Fit{T}"/>), or the metric does not suit their loss.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public GrowthResult<T> Run(TrainingData<T> training, TrainingData<T> validation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        var stages = new List<GrowthStage<T>>();
        GrowthStage<T>? best = null;
        var sinceImprovement = 0;
        string? stopReason = null;
        for (var k = 0; k < Variants.Count; k++)
        {
            var variant = Variants[k];
            var seed = unchecked(Seed + k);
            var network = variant.Create(seed);
            Configure?.Invoke(network);
            var frozen = 0;
            if (k > 0)
            {
                var previous = stages[k - 1];
                NetworkLayers.Copy(previous.Network, network, previous.Variant.Depth);
                if (FreezeCopiedLayers)
                {
                    frozen = previous.Variant.Depth;
                }
            }

            var stage = Train(k, variant, network, frozen, fineTuned: false, epochs: null, seed, training, validation, cancellationToken);
            stages.Add(stage);
            if (best is null || Metric.Direction.IsBetter(stage.Score, best.Score))
            {
                best = stage;
                sinceImprovement = 0;
            }
            else if (++sinceImprovement >= Patience)
            {
                stopReason = string.Create(CultureInfo.InvariantCulture, $"{Metric.Name} did not improve on depth {best.Variant.Depth} ({best.Score:G4}) for {sinceImprovement} stage{(sinceImprovement == 1 ? "" : "s")} (patience {Patience})");
                break;
            }
        }

        stopReason ??= $"reached the deepest variant, {Variants[^1].Name}";
        if (FineTuneEpochs > 0)
        {
            var source = best!;
            var seed = unchecked(Seed + stages.Count);
            var network = source.Variant.Create(seed);
            Configure?.Invoke(network);
            NetworkLayers.Copy(source.Network, network, network.LayerCount);
            var stage = Train(stages.Count, source.Variant, network, 0, fineTuned: true, FineTuneEpochs, seed, training, validation, cancellationToken);
            stages.Add(stage);
            if (Metric.Direction.IsBetter(stage.Score, best!.Score))
            {
                best = stage;
            }
        }

        return new GrowthResult<T>(stages, best!, stopReason, Metric);
    }

    private GrowthStage<T> Train(
        int index,
        NetworkVariant<T> variant,
        INetwork<T> network,
        int frozen,
        bool fineTuned,
        int? epochs,
        int seed,
        TrainingData<T> training,
        TrainingData<T> validation,
        CancellationToken cancellationToken)
    {
        var options = (TrainingOptions ?? Training.TrainingOptions.For(network)) with { ShuffleSeed = seed };
        if (epochs is { } count)
        {
            options = options with { Epochs = count };
        }

        for (var layer = 0; layer < frozen; layer++)
        {
            network.SetLayerFrozen(layer, true);
        }

        var clock = Stopwatch.StartNew();
        TrainingHistory history;
        try
        {
            history = Trainer.Fit(network, training, options, validation, cancellationToken);
        }
        finally
        {
            for (var layer = 0; layer < frozen; layer++)
            {
                network.SetLayerFrozen(layer, false);
            }
        }

        clock.Stop();
        var score = Metric.FromReport(network.Evaluate(validation));
        return new GrowthStage<T>(index, variant, network, history, score, clock.Elapsed, frozen, fineTuned);
    }

    /// <summary>What differs between two variants apart from depth, or null.</summary>
    private static string? Difference(NetworkVariant<T> a, NetworkVariant<T> b)
    {
        var axesA = a.Axes.Where(axis => axis.Key != "Depth").ToList();
        var axesB = b.Axes.Where(axis => axis.Key != "Depth").ToList();
        for (var i = 0; i < Math.Max(axesA.Count, axesB.Count); i++)
        {
            if (i >= axesA.Count || i >= axesB.Count || axesA[i].Key != axesB[i].Key)
            {
                return $"their axes ({string.Join(", ", axesA.Select(x => x.Key))} against {string.Join(", ", axesB.Select(x => x.Key))})";
            }

            if (axesA[i].Value != axesB[i].Value)
            {
                return $"{axesA[i].Key} ({axesA[i].Value} against {axesB[i].Value})";
            }
        }

        var archA = a.Architecture;
        var archB = b.Architecture;
        if (archA.Layers[0] != archB.Layers[0] || a.Units != b.Units)
        {
            return $"their first hidden layer ({archA.Layers[0].Describe()} against {archB.Layers[0].Describe()})";
        }

        if (archA.Layers[^1] != archB.Layers[^1])
        {
            return $"their output layer ({archA.Layers[^1].Describe()} against {archB.Layers[^1].Describe()})";
        }

        var hiddenA = archA.Layers.Skip(1).Take(archA.Layers.Count - 2).Distinct().ToList();
        var hiddenB = archB.Layers.Skip(1).Take(archB.Layers.Count - 2).Distinct().ToList();
        if (hiddenA.Count > 1 || hiddenB.Count > 1 || (hiddenA.Count == 1 && hiddenB.Count == 1 && hiddenA[0] != hiddenB[0]))
        {
            return "their hidden layers";
        }

        if (archA.Loss != archB.Loss)
        {
            return $"their loss ({archA.Loss} against {archB.Loss})";
        }

        return null;
    }
}

/// <summary>One stage of a <see cref="ProgressiveGrowth{T}"/> run: the variant trained, its network, history and score.</summary>
/// <typeparam name="T">The network's number type.</typeparam>
public sealed class GrowthStage<T>
    where T : unmanaged
{
    internal GrowthStage(int index, NetworkVariant<T> variant, INetwork<T> network, TrainingHistory history, double score, TimeSpan trainingTime, int frozenLayers, bool fineTuned)
    {
        Index = index;
        Variant = variant;
        Network = network;
        History = history;
        Score = score;
        TrainingTime = trainingTime;
        FrozenLayers = frozenLayers;
        IsFineTuning = fineTuned;
    }

    /// <summary>The stage's position, from 0.</summary>
    public int Index { get; }

    /// <summary>The variant trained.</summary>
    public NetworkVariant<T> Variant { get; }

    /// <summary>The trained network (no layer frozen any more).</summary>
    public INetwork<T> Network { get; }

    /// <summary>The stage's training history.</summary>
    public TrainingHistory History { get; }

    /// <summary>The metric on the validation data after training.</summary>
    public double Score { get; }

    /// <summary>How long training took (scoring not included).</summary>
    public TimeSpan TrainingTime { get; }

    /// <summary>How many leading layers were frozen while it trained: the previous stage's hidden layers, or 0.</summary>
    public int FrozenLayers { get; }

    /// <summary>Whether this is the fine-tuning stage (<see cref="ProgressiveGrowth{T}.FineTuneEpochs"/>), which trains every layer of the best stage's network.</summary>
    public bool IsFineTuning { get; }

    /// <summary>One line: stage, variant, frozen layers, epochs, score and time.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"stage {Index}: {Variant.Name}{(IsFineTuning ? " fine-tuned" : "")}, {FrozenLayers} frozen, {History.Count} epochs, score {Score:G6}, {TrainingTime.TotalSeconds:F2} s");
}

/// <summary>What a <see cref="ProgressiveGrowth{T}"/> run returns: every stage, the best, and why it stopped.</summary>
/// <typeparam name="T">The networks' number type.</typeparam>
public sealed class GrowthResult<T>
    where T : unmanaged
{
    internal GrowthResult(IReadOnlyList<GrowthStage<T>> stages, GrowthStage<T> best, string stopReason, ObjectiveMetric metric)
    {
        Stages = stages;
        Best = best;
        StopReason = stopReason;
        Metric = metric;
    }

    /// <summary>Every stage trained, in order (the fine-tuning stage last, when there is one).</summary>
    public IReadOnlyList<GrowthStage<T>> Stages { get; }

    /// <summary>The stage with the best score (the earliest of equal ones).</summary>
    public GrowthStage<T> Best { get; }

    /// <summary>Why growth stopped: the patience ran out, or the deepest variant was trained.</summary>
    public string StopReason { get; }

    /// <summary>The metric the stages were scored with.</summary>
    public ObjectiveMetric Metric { get; }

    /// <summary>The training time of all stages together.</summary>
    public TimeSpan TotalTrainingTime => TimeSpan.FromTicks(Stages.Sum(s => s.TrainingTime.Ticks));

    /// <summary>A line per stage, then the best stage and the stop reason.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var stage in Stages)
        {
            text.AppendLine(stage.ToString());
        }

        text.Append(CultureInfo.InvariantCulture, $"best: stage {Best.Index}, {Best.Variant.Name}, {Metric.Name} {Best.Score:G6}; stopped: {StopReason}");
        return text.ToString();
    }
}
