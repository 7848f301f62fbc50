using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Analyzers.Rules;

/// <summary>NG3xxx: the training setup — batch size under batch norm, the step size, Adagrad's decay, weight decay.</summary>
internal static class TrainingRules
{
    /// <summary>The batch size the training loop uses when none is declared (TrainingOptions' and TrainingAttribute's default).</summary>
    private const int DefaultBatchSize = 32;

    public static void Analyze(RuleContext context)
    {
        ReportBatchNormSmallBatch(context);
        ReportLearningRate(context);
        ReportAdagradLongRun(context);
        ReportAdamCoupledWeightDecay(context);
        ReportBatchLargerThanSamples(context);
    }

    /// <summary>
    /// The batches the trainer actually forms: at most every sample (BatchSize 0 is the full batch). Null when
    /// unknown (full batch over an undeclared number of samples); <c>Location</c> is the argument that limits it.
    /// </summary>
    private static (int Size, Location Location, bool BySamples)? DeclaredBatch(RuleContext context)
    {
        if (context.Spec.Training is not { } training)
        {
            return null;
        }

        var batchSize = training.BatchSize ?? DefaultBatchSize;
        var samples = training.Samples;
        if (samples is { } count && context.Sites.Samples is { } samplesSite && (batchSize == 0 || count < batchSize))
        {
            return (count, samplesSite, true);
        }

        return batchSize > 0 && context.Sites.BatchSize is { } batchSite ? (batchSize, batchSite, false) : null;
    }

    /// <summary>NG3001: batch norm on batches of 1 (Error) or of 2 up to the configured size (Warning), set by BatchSize or by Samples.</summary>
    private static void ReportBatchNormSmallBatch(RuleContext context)
    {
        if (!context.Spec.Layers.Any(layer => layer.BatchNorm is not null) || DeclaredBatch(context) is not { } batch)
        {
            return;
        }

        var cause = batch.BySamples
            ? $"With Samples = {batch.Size}, every batch has at most {batch.Size} sample{(batch.Size == 1 ? "" : "s")} whatever BatchSize says; "
            : "";
        if (batch.Size == 1)
        {
            context.Report(
                Descriptors.BatchNormSmallBatch,
                batch.Location,
                $"{cause}{(cause.Length == 0 ? "A" : "a")} batch of 1 gives batch norm a variance of zero; training refuses batches of 1 for a network with [BatchNorm]",
                DiagnosticSeverity.Error);
        }
        else if (batch.Size <= context.Threshold("NG3001", "small_batch_size", 4))
        {
            context.Report(
                Descriptors.BatchNormSmallBatch,
                batch.Location,
                $"{cause}{(cause.Length == 0 ? "B" : "b")}atch norm on batches of {batch.Size} normalizes with very noisy statistics; use larger batches or drop [BatchNorm]",
                DiagnosticSeverity.Warning);
        }
    }

    /// <summary>
    /// NG3002: the step per unit of gradient — the learning rate, times 1/(1 − momentum) for the heavy-ball momentum of
    /// Momentum (times 1 − dampening) and RMSProp — at 0 or above the band (Warning), below it (Info), relative to the
    /// step of the optimizer's defaults (0.01/(1 − 0.9) = 0.1 for Momentum, the default learning rate for the others).
    /// </summary>
    private static void ReportLearningRate(RuleContext context)
    {
        var optimizer = context.Spec.Optimizer;
        if ((context.Sites.LearningRate ?? context.Sites.Momentum) is not { } location)
        {
            return;
        }

        var precision = context.Spec.Precision;
        var fallbackRate = NetworkParser.DefaultLearningRate(optimizer.Kind);
        var defaultMomentum = optimizer.Kind switch
        {
            OptimizerKind.Momentum => 0.9,
            _ => 0.0,
        };
        var defaults = optimizer with { LearningRate = fallbackRate, Momentum = defaultMomentum, Dampening = 0 };
        var fallback = fallbackRate * Amplification(defaults);
        var maxFactor = context.Threshold("NG3002", "max_factor", 10.0);
        var minFactor = context.Threshold("NG3002", "min_factor", 0.01);
        // The band compares the declared rate (its float rounding is not the user's choice); only a rate that a float
        // network rounds to 0 counts as 0.
        var rate = NetworkParser.Stored(optimizer.LearningRate, precision) == 0 ? 0 : optimizer.LearningRate;
        var amplification = Amplification(optimizer);
        var step = rate * amplification;
        // A relative tolerance keeps rounding (0.01/(1 − 0.9) = 0.10000000000000002) from crossing an edge the values sit on.
        const double tolerance = 1e-9;
        bool InBand(double candidate) =>
            candidate > 0 && candidate <= maxFactor * fallback * (1 + tolerance) && candidate >= minFactor * fallback * (1 - tolerance);
        if (InBand(step))
        {
            return;
        }

        // Remove the written arguments whose defaults bring the step back into the band: the rate, else the momentum, else both.
        var written = new List<string>();
        if (context.Sites.LearningRate is not null)
        {
            written.Add("LearningRate");
        }

        if (context.Sites.Momentum is not null && amplification != 1)
        {
            written.Add("Momentum");
        }

        var candidates = written.Select(name => new[] { name }).Concat(written.Count > 1 ? new[] { written.ToArray() } : []);
        var remove = candidates.FirstOrDefault(names => InBand(
            (names.Contains("LearningRate") ? fallbackRate : rate)
            * Amplification(optimizer with { Momentum = names.Contains("Momentum") ? defaultMomentum : optimizer.Momentum })))
            ?? written.Take(1).ToArray();
        var properties = ImmutableDictionary<string, string?>.Empty.Add(FixProperties.RemoveArguments, string.Join(",", remove));

        var what = amplification == 1
            ? $"Learning rate {RuleContext.Format(optimizer.LearningRate)}"
            : optimizer.Dampening == 0 || optimizer.Kind != OptimizerKind.Momentum
                ? $"Learning rate {RuleContext.Format(optimizer.LearningRate)} with momentum {RuleContext.Format(optimizer.Momentum)} takes steps of lr/(1 − momentum) = {step.ToString("G3", CultureInfo.InvariantCulture)} per unit of gradient, which"
                : $"Learning rate {RuleContext.Format(optimizer.LearningRate)} with momentum {RuleContext.Format(optimizer.Momentum)} and dampening {RuleContext.Format(optimizer.Dampening)} takes steps of lr·(1 − dampening)/(1 − momentum) = {step.ToString("G3", CultureInfo.InvariantCulture)} per unit of gradient, which";
        if (step == 0)
        {
            context.Report(Descriptors.LearningRateOutOfBand, location,
                rate == 0 && optimizer.LearningRate != 0
                    ? $"Learning rate {RuleContext.Format(optimizer.LearningRate)} is 0 as a float, so it never updates the network"
                    : "A learning rate of 0 never updates the network",
                DiagnosticSeverity.Warning, properties: properties);
        }
        else if (step > maxFactor * fallback * (1 + tolerance))
        {
            context.Report(Descriptors.LearningRateOutOfBand, location,
                $"{what} is more than {RuleContext.Format(maxFactor)}× {Reference(optimizer.Kind, fallbackRate, fallback)}, and tends to diverge",
                DiagnosticSeverity.Warning, properties: properties);
        }
        else
        {
            context.Report(Descriptors.LearningRateOutOfBand, location,
                $"{what} is less than {RuleContext.Format(minFactor)}× {Reference(optimizer.Kind, fallbackRate, fallback)}, and barely moves the network",
                DiagnosticSeverity.Info, properties: properties);
        }
    }

    /// <summary>What the band is relative to: the default learning rate, or the default step where the default momentum multiplies it.</summary>
    private static string Reference(OptimizerKind kind, double rate, double step) =>
        rate == step
            ? $"{kind}'s default learning rate of {RuleContext.Format(rate)}"
            : $"the step of {kind}'s defaults, {RuleContext.Format(rate)}/(1 − 0.9) = {step.ToString("G3", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// How much heavy-ball momentum multiplies the step for a steady gradient: v = μ·v + (1 − d)·g settles at
    /// (1 − d)·g/(1 − μ) (Nesterov's g + μ·v at g/(1 − μ) as well), RMSProp's b = μ·b + g/√s at 1/(1 − μ) times the
    /// normalized gradient. ExponentialMomentum and Adam average instead (1 − β weights the gradient): no amplification.
    /// </summary>
    private static double Amplification(OptimizerSpec optimizer) => optimizer.Kind switch
    {
        OptimizerKind.Momentum => (1 - optimizer.Dampening) / (1 - optimizer.Momentum),
        OptimizerKind.RmsProp => 1 / (1 - optimizer.Momentum),
        _ => 1,
    };

    /// <summary>
    /// NG3003: Adagrad over at least the configured number of updates: epochs × ⌈samples / batch size⌉ when the samples
    /// are declared, else at least one update per epoch.
    /// </summary>
    private static void ReportAdagradLongRun(RuleContext context)
    {
        if (context.Spec.Optimizer.Kind != OptimizerKind.Adagrad
            || context.Spec.Training is not { Epochs: { } epochs } training
            || context.Sites.OptimizerKind is not { } location)
        {
            return;
        }

        var batchSize = training.BatchSize ?? DefaultBatchSize;
        long updatesPerEpoch = training.Samples is not { } samples || batchSize == 0 ? 1 : (samples + (long)batchSize - 1) / batchSize;
        var updates = epochs * updatesPerEpoch;
        var longRun = context.Threshold("NG3003", "long_run_steps", 10_000);
        if (updates < longRun)
        {
            return;
        }

        var count = training.Samples is null && batchSize != 0
            ? $"at least {updates} updates ({epochs} epochs of at least one)"
            : $"{updates} updates ({epochs} epochs of {updatesPerEpoch})";
        context.Report(
            Descriptors.AdagradLongRun,
            location,
            $"Adagrad runs {count}, and its step, divided by the root of every squared gradient so far, shrinks towards zero over such a run; Adam or RMSProp forget old gradients",
            properties: ImmutableDictionary<string, string?>.Empty.Add(FixProperties.RemoveArguments, "LearningRateDecay,InitialAccumulator"));
    }

    /// <summary>NG3005: Adam with a WeightDecay, which Adam couples to the gradient (L2); AdamW decouples it.</summary>
    private static void ReportAdamCoupledWeightDecay(RuleContext context)
    {
        var optimizer = context.Spec.Optimizer;
        if (optimizer.Kind != OptimizerKind.Adam || !(optimizer.WeightDecay > 0) || context.Sites.WeightDecay is not { } location)
        {
            return;
        }

        context.Report(
            Descriptors.AdamCoupledWeightDecay,
            location,
            $"Adam adds WeightDecay = {RuleContext.Format(optimizer.WeightDecay)} to the gradient (L2), where its division by √v weakens the decay of exactly the weights with large gradients; AdamW decays every weight by lr·wd·p, as weight decay is meant to",
            properties: ImmutableDictionary<string, string?>.Empty.Add(FixProperties.Optimizer, nameof(OptimizerKind.AdamW)));
    }

    /// <summary>NG3006: a declared BatchSize above the declared Samples: every batch is the whole training set.</summary>
    private static void ReportBatchLargerThanSamples(RuleContext context)
    {
        if (context.Spec.Training is not { BatchSize: { } batchSize, Samples: { } samples } training
            || batchSize <= samples
            || context.Sites.BatchSize is not { } location)
        {
            return;
        }

        var epochs = training.Epochs is { } declared ? $"{declared} updates in {declared} epochs" : "one update per epoch";
        context.Report(
            Descriptors.BatchLargerThanSamples,
            location,
            $"BatchSize = {batchSize} is more than the {samples} declared Samples, so every batch is the whole training set: {epochs}; say BatchSize = 0 for full-batch training, or use smaller batches",
            properties: ImmutableDictionary<string, string?>.Empty.Add(FixProperties.BatchSize, "0"));
    }
}
