using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
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
        ReportLargeGeneratedCode(context);
    }

    /// <summary>NG1001: runs of Sigmoid (Warning) or Tanh (Info) hidden layers without batch norm longer than the configured depth.</summary>
    private static void ReportSaturatingStacks(RuleContext context)
    {
        var layers = context.Spec.Layers;
        var maxSigmoid = context.Threshold("NG1001", "max_sigmoid_depth", 4);
        var maxTanh = context.Threshold("NG1001", "max_tanh_depth", 4);
        var start = 0;
        while (start < context.HiddenLayerCount)
        {
            var activation = layers[start].Activation;
            var end = start;
            if (activation is Activation.Sigmoid or Activation.Tanh)
            {
                // A [BatchNorm] keeps pre-activations out of the saturated tails, so it ends the run.
                while (end < context.HiddenLayerCount && layers[end].Activation == activation && layers[end].BatchNorm is null)
                {
                    end++;
                }

                var length = end - start;
                var limit = activation == Activation.Sigmoid ? maxSigmoid : maxTanh;
                if (length > limit && limit >= 0)
                {
                    var message = activation == Activation.Sigmoid
                        ? $"Layers {start + 1} to {end} stack {length} Sigmoid hidden layers without batch norm, so the gradient reaching layer {start + 1} can shrink by 0.25^{length} ≈ {Math.Pow(0.25, length).ToString("G2", CultureInfo.InvariantCulture)} (vanishing gradients)"
                        : $"Layers {start + 1} to {end} stack {length} Tanh hidden layers without batch norm; saturated tanh units pass almost no gradient, so it can vanish before layer {start + 1}";
                    var crossing = context.Sites.Layers[start + limit];
                    context.Report(
                        Descriptors.DeepSaturatingStack,
                        crossing.Activation ?? crossing.Attribute,
                        message,
                        activation == Activation.Sigmoid ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info,
                        LayerAttributes(context, start, end));
                }
            }

            start = Math.Max(end, start + 1);
        }
    }

    /// <summary>NG1002: a hidden layer with a linear activation composes with the next layer into one affine map.</summary>
    private static void ReportLinearHiddenLayers(RuleContext context)
    {
        for (var i = 0; i < context.HiddenLayerCount; i++)
        {
            if (context.Spec.Layers[i].Activation == Activation.Linear)
            {
                var sites = context.Sites.Layers[i];
                context.Report(
                    Descriptors.LinearHiddenLayer,
                    sites.Activation ?? sites.Attribute,
                    $"Layer {i + 1} is a hidden layer with a linear activation, so it and layer {i + 2} compose into a single affine map");
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

    /// <summary>NG1005: more ReLU-family hidden layers than the configured depth with neither batch norm nor clipping.</summary>
    private static void ReportUnnormalizedDepth(RuleContext context)
    {
        var layers = context.Spec.Layers;
        if (context.Spec.Clip is not null || layers.Any(layer => layer.BatchNorm is not null))
        {
            return;
        }

        var max = context.Threshold("NG1005", "max_unnormalized_depth", 4);
        var count = 0;
        for (var i = 0; i < context.HiddenLayerCount; i++)
        {
            if (Activations.IsReLUFamily(layers[i].Activation) && ++count == max + 1 && max >= 0)
            {
                var depth = Enumerable.Range(0, context.HiddenLayerCount).Count(h => Activations.IsReLUFamily(layers[h].Activation));
                var sites = context.Sites.Layers[i];
                context.Report(
                    Descriptors.UnnormalizedDeepNetwork,
                    sites.Activation ?? sites.Attribute,
                    $"The network has {depth} ReLU-family hidden layers and neither [BatchNorm] nor [GradientClip], so its gradients can explode",
                    additionalLocations: LayerAttributes(context, 0, context.HiddenLayerCount));
                return;
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
