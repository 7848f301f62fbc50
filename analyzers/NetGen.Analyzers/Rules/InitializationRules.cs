using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Analyzers.Rules;

/// <summary>NG2xxx: initializers that do not fit their layer's activation, or cannot break symmetry.</summary>
internal static class InitializationRules
{
    public static void Analyze(RuleContext context)
    {
        ReportHalvingUnderReLU(context);
        var layers = context.Spec.Layers;
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var sites = context.Sites.Layers[i];

            // A [BatchNorm] renormalizes the layer's pre-activations whatever the weights' scale (the pages' own exemption).
            var normalized = layer.BatchNorm is not null;
            if (layer.Activation is Activation.Sigmoid or Activation.Tanh && Activations.IsHe(layer.Init) && !normalized && sites.Init is { } heSite)
            {
                context.Report(
                    Descriptors.HeUnderSigmoid,
                    heSite,
                    $"Layer {i + 1} uses {layer.Init} under {layer.Activation}, whose doubled variance pushes pre-activations into {(layer.Activation == Activation.Sigmoid ? "sigmoid" : "tanh")}'s saturated tails; Xavier or LeCun initialization fits it");
            }

            if (layer.Activation == Activation.SELU && layer.Init != Init.LeCunNormal && !normalized && sites.Init is { } seluSite)
            {
                context.Report(
                    Descriptors.SeluWithoutLeCun,
                    seluSite,
                    $"Layer {i + 1} uses {layer.Init} under SELU, whose self-normalization holds only with LeCunNormal weights");
            }

            if (i < context.HiddenLayerCount)
            {
                ReportConstantInit(context, i);
            }

            ReportFixedScale(context, i);
        }
    }

    /// <summary>
    /// NG2001 (Warning): a ReLU-family layer whose initializer keeps the variance of a symmetric activation — Xavier,
    /// LeCun or orthogonal — so the layer passes on at most about half the signal's variance. Reported when the weight
    /// variance is below 1/√2 of He's 2/((1 + slope²)·fan_in), closer to halving than to keeping; a Gain of √2 (or a
    /// fan-in much larger than the fan-out, for Xavier) brings it back.
    /// </summary>
    private static void ReportHalvingUnderReLU(RuleContext context)
    {
        var layers = context.Spec.Layers;
        var flagged = new List<(int Index, double Ratio)>();
        var fanIn = context.Spec.Inputs;
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var ratio = HeRatio(layer, fanIn);
            fanIn = layer.Units;
            if (Activations.IsReLUFamily(layer.Activation) && Activations.KeepsSymmetricVariance(layer.Init)
                && layer.BatchNorm is null && context.Sites.Layers[i].Init is not null && ratio < 1 / Math.Sqrt(2))
            {
                flagged.Add((i, ratio));
            }
        }

        var product = flagged.Aggregate(1.0, (total, layer) => total * layer.Ratio);
        foreach (var (i, ratio) in flagged)
        {
            var layer = layers[i];
            var compound = flagged.Count > 1
                ? $"; over the {flagged.Count} such layers it shrinks by {product.ToString("G2", CultureInfo.InvariantCulture)}"
                : "";
            context.Report(
                Descriptors.XavierUnderReLU,
                context.Sites.Layers[i].Init!,
                $"Layer {i + 1} uses {layer.Init} under {layer.Activation}: its weights have {ratio.ToString("G2", CultureInfo.InvariantCulture)}× He's variance, so the layer passes on that share of the signal's variance{compound}; He initialization is made for it");
        }
    }

    /// <summary>The layer's weight variance over He's for its activation: 1 keeps the signal of a ReLU-family layer.</summary>
    private static double HeRatio(LayerSpec layer, int fanIn)
    {
        var slope = InitialWeights.NegativeSlope(layer.Activation, layer.Slope);
        var he = 2.0 / ((1 + (slope * slope)) * fanIn);
        return InitialWeights.Variance(layer.Init, layer.Units, fanIn, layer.Gain, layer.Scale, slope) / he;
    }

    /// <summary>
    /// NG2003: a hidden layer whose weights all start equal: zeros, or a Scale or Gain that makes every weight 0 in the
    /// network's precision (0 itself, or a value so small that a float rounds the weights to 0).
    /// </summary>
    private static void ReportConstantInit(RuleContext context, int index)
    {
        var layer = context.Spec.Layers[index];
        var sites = context.Sites.Layers[index];
        var precision = context.Spec.Precision;
        var fanIn = index == 0 ? context.Spec.Inputs : context.Spec.Layers[index - 1].Units;
        var slope = InitialWeights.NegativeSlope(layer.Activation, layer.Slope);
        var scaled = layer.Init is Init.RandomNormal or Init.RandomUniform;
        bool Vanishes(double gain, double scale) =>
            NetworkParser.Stored(InitialWeights.Largest(layer.Init, layer.Units, fanIn, gain, scale, slope), precision) == 0;

        Location? location;
        string cause;
        var remove = new List<string>();
        if (layer.Init == Init.Zeros)
        {
            location = sites.Init;
            cause = "Init.Zeros";
        }
        else if (Vanishes(layer.Gain, layer.Scale))
        {
            // The argument that alone makes the weights 0 (both when only their product does).
            if (scaled && Vanishes(1.0, layer.Scale))
            {
                remove.Add("Scale");
            }

            if (Vanishes(layer.Gain, scaled ? 0.05 : layer.Scale))
            {
                remove.Add("Gain");
            }

            if (remove.Count == 0)
            {
                remove.AddRange(scaled ? new[] { "Scale", "Gain" } : new[] { "Gain" });
            }

            var value = remove[0] == "Scale" ? layer.Scale : layer.Gain;
            location = remove[0] == "Scale" ? sites.Scale : sites.Gain;
            cause = value == 0
                ? $"{layer.Init} with {remove[0]} = 0"
                : $"{layer.Init} with {remove[0]} = {RuleContext.Format(value)}, whose weights are all 0 as floats";
        }
        else
        {
            return;
        }

        var matching = NetworkParser.DefaultInit(layer.Activation);
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(FixProperties.Init, matching.ToString())
            .Add(FixProperties.RemoveArguments, string.Join(",", remove));
        context.Report(
            Descriptors.ConstantInit,
            location ?? sites.Attribute,
            $"Layer {index + 1} starts with constant weights ({cause}), so its units get equal gradients and never become different; use {matching}",
            properties: properties);
    }

    /// <summary>
    /// NG2005: RandomNormal or RandomUniform whose fixed scale gives the layer more than the configured factor (2) more
    /// or less weight variance than the initializer its activation implies for its fan-in. A zero scale is NG2003's.
    /// </summary>
    private static void ReportFixedScale(RuleContext context, int index)
    {
        var layer = context.Spec.Layers[index];
        if (layer.Init is not (Init.RandomNormal or Init.RandomUniform))
        {
            return;
        }

        var fanIn = index == 0 ? context.Spec.Inputs : context.Spec.Layers[index - 1].Units;
        var slope = InitialWeights.NegativeSlope(layer.Activation, layer.Slope);
        var matching = NetworkParser.DefaultInit(layer.Activation);
        var variance = InitialWeights.Variance(layer.Init, layer.Units, fanIn, layer.Gain, layer.Scale, slope);
        var expected = InitialWeights.Variance(matching, layer.Units, fanIn, 1.0, layer.Scale, slope);
        var ratio = variance / expected;
        var maxFactor = context.Threshold("NG2005", "max_variance_factor", 2.0);
        var vanishes = NetworkParser.Stored(InitialWeights.Largest(layer.Init, layer.Units, fanIn, layer.Gain, layer.Scale, slope), context.Spec.Precision) == 0;
        if (vanishes || (ratio <= maxFactor && ratio >= 1 / maxFactor))
        {
            return;
        }

        var sites = context.Sites.Layers[index];
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(FixProperties.Init, matching.ToString())
            .Add(FixProperties.RemoveArguments, "Scale");
        context.Report(
            Descriptors.FixedScaleInit,
            sites.Scale ?? sites.Init ?? sites.Attribute,
            $"Layer {index + 1} draws its weights with {layer.Init} at a fixed scale of {RuleContext.Format(layer.Gain * layer.Scale)} whatever its {fanIn} inputs: {ratio.ToString("G2", CultureInfo.InvariantCulture)}× the weight variance {matching} gives a layer of that fan-in; use {matching}",
            properties: properties);
    }
}
