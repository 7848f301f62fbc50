using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Parsing;
using NetGen.Generator.Emitting;

namespace NetGen.Analyzers.Rules;

/// <summary>NG1xxx: the layer structure — saturating stacks, missing nonlinearities, dropout, batch norm and depth.</summary>
internal static class ArchitectureRules
{
    public static void Analyze(RuleContext context)
    {
        ReportSaturatingStacks(context);
        ReportLinearHiddenLayers(context);
        ReportHighDropout(context);
        ReportBiasBeforeBatchNorm(context);
        ReportUnnormalizedDepth(context);
        ReportFrozenBatchNormStatistics(context);
        ReportSeluWithDropout(context);
        ReportDropoutBeforeBatchNorm(context);
        ReportBatchNormWithoutAffineBeforeSaturating(context);
        ReportLargeGeneratedCode(context);
    }

    /// <summary>
    /// NG1001: runs of saturating hidden layers (Sigmoid and Tanh, mixed or not) without batch norm longer than the
    /// configured depth: Warning when the run has a Sigmoid (whose derivative is at most 0.25), Info for Tanh alone.
    /// </summary>
    private static void ReportSaturatingStacks(RuleContext context)
    {
        var layers = context.Spec.Layers;
        var maxSigmoid = context.Threshold("NG1001", "max_sigmoid_depth", 4);
        var maxTanh = context.Threshold("NG1001", "max_tanh_depth", 4);
        var start = 0;
        while (start < context.HiddenLayerCount)
        {
            var end = start;
            if (IsSaturating(layers[start].Activation))
            {
                // A [BatchNorm] keeps pre-activations out of the saturated tails, so it ends the run.
                while (end < context.HiddenLayerCount && IsSaturating(layers[end].Activation) && layers[end].BatchNorm is null)
                {
                    end++;
                }

                var length = end - start;
                var sigmoids = Enumerable.Range(start, length).Count(i => layers[i].Activation == Activation.Sigmoid);
                var limit = sigmoids > 0 ? maxSigmoid : maxTanh;
                if (length > limit && limit >= 0)
                {
                    var bound = Math.Pow(0.25, sigmoids).ToString("G2", CultureInfo.InvariantCulture);
                    var message = sigmoids == length
                        ? $"Layers {start + 1} to {end} stack {length} Sigmoid hidden layers without batch norm, so the gradient reaching layer {start + 1} can shrink by 0.25^{length} ≈ {bound} (vanishing gradients)"
                        : sigmoids == 0
                            ? $"Layers {start + 1} to {end} stack {length} Tanh hidden layers without batch norm; saturated tanh units pass almost no gradient, so it can vanish before layer {start + 1}"
                            : $"Layers {start + 1} to {end} stack {length} saturating hidden layers ({sigmoids} Sigmoid, {length - sigmoids} Tanh) without batch norm, so the gradient reaching layer {start + 1} can shrink by 0.25^{sigmoids} ≈ {bound} through the sigmoids alone, and more where the tanh units saturate (vanishing gradients)";
                    var crossing = context.Sites.Layers[start + limit];
                    context.Report(
                        Descriptors.DeepSaturatingStack,
                        crossing.Activation ?? crossing.Attribute,
                        message,
                        sigmoids > 0 ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info,
                        LayerAttributes(context, start, end));
                }
            }

            start = Math.Max(end, start + 1);
        }
    }

    private static bool IsSaturating(Activation activation) => activation is Activation.Sigmoid or Activation.Tanh;

    /// <summary>
    /// NG1002: a hidden layer with a linear activation, or a LeakyReLU whose slope is 1 in the network's precision (the
    /// identity), composes with the next layer into one affine map. A PReLU learns its slope, so it is not reported.
    /// </summary>
    private static void ReportLinearHiddenLayers(RuleContext context)
    {
        for (var i = 0; i < context.HiddenLayerCount; i++)
        {
            var layer = context.Spec.Layers[i];
            var sites = context.Sites.Layers[i];
            if (layer.Activation == Activation.Linear)
            {
                context.Report(
                    Descriptors.LinearHiddenLayer,
                    sites.Activation ?? sites.Attribute,
                    $"Layer {i + 1} is a hidden layer with a linear activation, so it and layer {i + 2} compose into a single affine map");
            }
            else if (layer.Activation == Activation.LeakyReLU && NetworkParser.Stored(layer.Slope, context.Spec.Precision) == 1)
            {
                context.Report(
                    Descriptors.LinearHiddenLayer,
                    sites.Slope ?? sites.Activation ?? sites.Attribute,
                    $"Layer {i + 1} is a LeakyReLU with Slope = {RuleContext.Format(layer.Slope)}, which is the identity, so it and layer {i + 2} compose into a single affine map",
                    properties: ImmutableDictionary<string, string?>.Empty.Add(FixProperties.RemoveArguments, "Slope"));
            }
        }
    }

    /// <summary>NG1003: dropout rates above the configured maximum.</summary>
    private static void ReportHighDropout(RuleContext context)
    {
        var max = context.Threshold("NG1003", "max_dropout_rate", 0.5);
        for (var i = 0; i < context.Spec.Layers.Count; i++)
        {
            var rate = context.Spec.Layers[i].DropoutRate;
            if (rate > max && context.Sites.Layers[i].DropoutRate is { } location)
            {
                context.Report(
                    Descriptors.HighDropoutRate,
                    location,
                    $"Dropout rate {RuleContext.Format(rate)} after layer {i + 1} drops more than {RuleContext.Format(max)} of its units in every step, which slows training and tends to underfit");
            }
        }
    }

    /// <summary>NG1004: a bias that the following batch norm cancels.</summary>
    private static void ReportBiasBeforeBatchNorm(RuleContext context)
    {
        for (var i = 0; i < context.Spec.Layers.Count; i++)
        {
            var layer = context.Spec.Layers[i];
            if (layer.Bias && layer.BatchNorm is not null)
            {
                var sites = context.Sites.Layers[i];
                context.Report(
                    Descriptors.BiasBeforeBatchNorm,
                    sites.Bias ?? sites.Attribute,
                    $"Layer {i + 1}'s bias is cancelled by the [BatchNorm] after it, which subtracts the batch mean; set Bias = false");
            }
        }
    }

    /// <summary>
    /// NG1005: more ReLU-family hidden layers than the configured depth between two batch-normalized layers (or the ends
    /// of the network), in a network without gradient clipping. A [BatchNorm] rescales only the layer it follows, so
    /// one low in the stack leaves the layers above it unbounded.
    /// </summary>
    private static void ReportUnnormalizedDepth(RuleContext context)
    {
        var layers = context.Spec.Layers;
        if (context.Spec.Clip is not null)
        {
            return;
        }

        var max = context.Threshold("NG1005", "max_unnormalized_depth", 4);
        var anyBatchNorm = layers.Any(layer => layer.BatchNorm is not null);
        var start = 0;
        while (start < context.HiddenLayerCount)
        {
            var end = start;
            while (end < context.HiddenLayerCount && layers[end].BatchNorm is null)
            {
                end++;
            }

            var family = Enumerable.Range(start, end - start).Where(i => Activations.IsReLUFamily(layers[i].Activation)).ToList();
            if (max >= 0 && family.Count > max)
            {
                var sites = context.Sites.Layers[family[max]];
                var message = anyBatchNorm
                    ? $"Layers {start + 1} to {end} have {family.Count} ReLU-family hidden layers and no [BatchNorm] among them (a [BatchNorm] bounds only the layer it follows), and the network has no [GradientClip], so their gradients can explode"
                    : $"The network has {family.Count} ReLU-family hidden layers and neither [BatchNorm] nor [GradientClip], so its gradients can explode";
                context.Report(
                    Descriptors.UnnormalizedDeepNetwork,
                    sites.Activation ?? sites.Attribute,
                    message,
                    additionalLocations: LayerAttributes(context, start, end));
            }

            start = end + 1;
        }
    }

    /// <summary>NG1006: a [BatchNorm] whose momentum is 0 never moves its running statistics from mean 0 and variance 1.</summary>
    private static void ReportFrozenBatchNormStatistics(RuleContext context)
    {
        // Statistics baked from a file and frozen on purpose (fine-tuning with frozen batch norm) are not reported.
        if (context.Spec.Weights is not null)
        {
            return;
        }

        for (var i = 0; i < context.Spec.Layers.Count; i++)
        {
            if (context.Spec.Layers[i].BatchNorm is { Momentum: 0 } && context.Sites.Layers[i].BatchNormMomentum is { } location)
            {
                context.Report(
                    Descriptors.FrozenBatchNormStatistics,
                    location,
                    $"The [BatchNorm] of layer {i + 1} has Momentum = 0, so its running statistics stay at mean 0 and variance 1 and inference normalizes with them instead of the layer's own statistics",
                    properties: ImmutableDictionary<string, string?>.Empty.Add(FixProperties.RemoveArguments, "Momentum"));
            }
        }
    }

    /// <summary>NG1007: standard dropout after a SELU layer undoes its self-normalization.</summary>
    private static void ReportSeluWithDropout(RuleContext context)
    {
        for (var i = 0; i < context.Spec.Layers.Count; i++)
        {
            var layer = context.Spec.Layers[i];
            if (layer.Activation == Activation.SELU && layer.DropoutRate > 0 && context.Sites.Layers[i].DropoutRate is { } location)
            {
                context.Report(
                    Descriptors.SeluWithDropout,
                    location,
                    $"Layer {i + 1} is SELU with [Dropout({RuleContext.Format(layer.DropoutRate)})]: dropout's zeros and 1/(1 − rate) scaling move its activations away from the mean 0 and variance 1 that SELU keeps (alpha dropout, which keeps them, is not available)");
            }
        }
    }

    /// <summary>NG1008: a [Dropout] whose layer feeds a batch-normalized layer (the variance shift of Li et al. 2019).</summary>
    private static void ReportDropoutBeforeBatchNorm(RuleContext context)
    {
        var layers = context.Spec.Layers;
        for (var i = 0; i + 1 < layers.Count; i++)
        {
            if (layers[i].DropoutRate > 0 && layers[i + 1].BatchNorm is not null && context.Sites.Layers[i].DropoutRate is { } location)
            {
                context.Report(
                    Descriptors.DropoutBeforeBatchNorm,
                    location,
                    $"The [Dropout] after layer {i + 1} feeds layer {i + 2}'s [BatchNorm], whose running variance is learned under dropout and applied without it (a variance shift at inference); drop it, or keep dropout after the last batch-normalized layer only");
            }
        }
    }

    /// <summary>NG1009: [BatchNorm(Affine = false)] on a Sigmoid or Tanh layer confines it to the nearly linear middle.</summary>
    private static void ReportBatchNormWithoutAffineBeforeSaturating(RuleContext context)
    {
        for (var i = 0; i < context.Spec.Layers.Count; i++)
        {
            var layer = context.Spec.Layers[i];
            if (layer.BatchNorm is { Affine: false } && IsSaturating(layer.Activation) && context.Sites.Layers[i].BatchNormAffine is { } location)
            {
                context.Report(
                    Descriptors.BatchNormWithoutAffineBeforeSaturating,
                    location,
                    $"Layer {i + 1}'s [BatchNorm] has no γ and β (Affine = false), so its {layer.Activation} always sees pre-activations of mean 0 and variance 1, its nearly linear middle",
                    properties: ImmutableDictionary<string, string?>.Empty.Add(FixProperties.RemoveArguments, "Affine"));
            }
        }
    }

    /// <summary>
    /// NG1020: generated code estimated above the configured size (8 MB by default), reported on the <c>[Layer]</c> that
    /// takes it over.
    /// </summary>
    private static void ReportLargeGeneratedCode(RuleContext context)
    {
        var maxMegabytes = context.Threshold("NG1020", "max_generated_megabytes", 8.0);
        var limit = maxMegabytes * 1_000_000;
        var total = GeneratedCodeSize.Estimate(context.Spec);
        if (!(total > limit) || maxMegabytes < 0)
        {
            return;
        }

        // The layer at which the estimate, adding one layer after the other, first exceeds the limit.
        var perLayer = context.Spec.Layers.Select(layer => GeneratedCodeSize.Layer(layer, context.Spec.Precision, context.Spec.InferenceOnly)).ToList();
        var running = total - perLayer.Sum(size => (long)size);
        var crossing = 0;
        for (; crossing < perLayer.Count - 1; crossing++)
        {
            running += perLayer[crossing];
            if (running > limit)
            {
                break;
            }
        }

        var layers = context.Spec.Layers.Count;
        context.Report(
            Descriptors.LargeGeneratedCode,
            context.Sites.Layers[crossing].Attribute,
            $"The network's {layers} layers generate about {Megabytes(total)} MB of C# (about {(total / layers + 500) / 1000} KB per layer), more than {RuleContext.Format(maxMegabytes)} MB from layer {crossing + 1} on; every build compiles it, at a few seconds per megabyte");
    }

    private static string Megabytes(long characters) =>
        (characters / 1e6).ToString(characters < 10_000_000 ? "0.0" : "0", CultureInfo.InvariantCulture);

    /// <summary>The <c>[Layer]</c> attributes of layers <paramref name="start"/> to <paramref name="end"/> (exclusive): what a fix edits.</summary>
    private static IEnumerable<Location> LayerAttributes(RuleContext context, int start, int end) =>
        context.Sites.Layers.Skip(start).Take(end - start).Select(layer => layer.Attribute);

}
