using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Parsing;

namespace NetGen.Analyzers.Rules;

/// <summary>NG3xxx: the training setup — batch size under batch norm, the learning rate's scale, Adagrad's decay.</summary>
internal static class TrainingRules
{
    /// <summary>The batch size the training loop uses when none is declared (TrainingOptions' default).</summary>
    private const int DefaultBatchSize = 32;

    public static void Analyze(RuleContext context)
    {
        ReportBatchNormSmallBatch(context);
        ReportLearningRate(context);
        ReportAdagradLongRun(context);
    }

    /// <summary>NG3001: batch norm with a declared batch of 1 (Error) or of 2 up to the configured size (Info).</summary>
    private static void ReportBatchNormSmallBatch(RuleContext context)
    {
        if (context.Spec.Training?.BatchSize is not { } batchSize
            || context.Sites.BatchSize is not { } location
            || !context.Spec.Layers.Any(layer => layer.BatchNorm is not null))
        {
            return;
        }

        if (batchSize == 1)
        {
            context.Report(
                Descriptors.BatchNormSmallBatch,
                location,
                "A batch of 1 gives batch norm a variance of zero; training refuses batches of 1 for a network with [BatchNorm]",
                DiagnosticSeverity.Error);
        }
        else if (batchSize > 1 && batchSize <= context.Threshold("NG3001", "small_batch_size", 4))
        {
            context.Report(
                Descriptors.BatchNormSmallBatch,
                location,
                $"Batch norm on batches of {batchSize} normalizes with very noisy statistics; use larger batches or drop [BatchNorm]",
                DiagnosticSeverity.Info);
        }
    }

    /// <summary>NG3002: 0 or above the band (Warning), below it (Info), relative to the optimizer's default.</summary>
    private static void ReportLearningRate(RuleContext context)
    {
        if (context.Sites.LearningRate is not { } location)
        {
            return;
        }

        var optimizer = context.Spec.Optimizer;
        var rate = optimizer.LearningRate;
        var fallback = NetworkParser.DefaultLearningRate(optimizer.Kind);
        var maxFactor = context.Threshold("NG3002", "max_factor", 10.0);
        var minFactor = context.Threshold("NG3002", "min_factor", 0.01);
        var properties = ImmutableDictionary<string, string?>.Empty.Add(FixProperties.RemoveArguments, "LearningRate");
        if (rate == 0)
        {
            context.Report(Descriptors.LearningRateOutOfBand, location, "A learning rate of 0 never updates the network",
                DiagnosticSeverity.Warning, properties: properties);
        }
        else if (rate > maxFactor * fallback)
        {
            context.Report(Descriptors.LearningRateOutOfBand, location,
                $"Learning rate {RuleContext.Format(rate)} is more than {RuleContext.Format(maxFactor)}× {optimizer.Kind}'s default of {RuleContext.Format(fallback)} and tends to diverge",
                DiagnosticSeverity.Warning, properties: properties);
        }
        else if (rate < minFactor * fallback)
        {
            context.Report(Descriptors.LearningRateOutOfBand, location,
                $"Learning rate {RuleContext.Format(rate)} is less than {RuleContext.Format(minFactor)}× {optimizer.Kind}'s default of {RuleContext.Format(fallback)} and barely moves the network",
                DiagnosticSeverity.Info, properties: properties);
        }
    }

    /// <summary>NG3003: Adagrad over at least the configured number of updates, when epochs and samples are declared.</summary>
    private static void ReportAdagradLongRun(RuleContext context)
    {
        if (context.Spec.Optimizer.Kind != OptimizerKind.Adagrad
            || context.Spec.Training is not { Epochs: { } epochs, Samples: { } samples } training
            || context.Sites.OptimizerKind is not { } location)
        {
            return;
        }

        var batchSize = training.BatchSize ?? DefaultBatchSize;
        long updatesPerEpoch = batchSize == 0 ? 1 : (samples + (long)batchSize - 1) / batchSize;
        var updates = epochs * updatesPerEpoch;
        var longRun = context.Threshold("NG3003", "long_run_steps", 10_000);
        if (updates >= longRun)
        {
            context.Report(
                Descriptors.AdagradLongRun,
                location,
                $"Adagrad runs {updates} updates ({epochs} epochs of {updatesPerEpoch}), and its step, divided by the root of every squared gradient so far, shrinks towards zero over such a run; Adam or RMSProp forget old gradients",
                properties: ImmutableDictionary<string, string?>.Empty.Add(FixProperties.RemoveArguments, "LearningRateDecay,InitialAccumulator"));
        }
    }
}
