using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Parsing;

namespace NetGen.Analyzers.Rules;

/// <summary>NG2xxx: initializers that do not fit their layer's activation, or cannot break symmetry.</summary>
internal static class InitializationRules
{
    public static void Analyze(RuleContext context)
    {
        ReportXavierUnderReLU(context);
        var layers = context.Spec.Layers;
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var sites = context.Sites.Layers[i];
            if (layer.Activation == Activation.Sigmoid && Activations.IsHe(layer.Init) && sites.Init is { } heSite)
            {
                context.Report(
                    Descriptors.HeUnderSigmoid,
                    heSite,
                    $"Layer {i + 1} uses {layer.Init} under Sigmoid, whose doubled variance pushes pre-activations into sigmoid's saturated tails; Xavier or LeCun initialization fits sigmoid");
            }

            if (layer.Activation == Activation.SELU && layer.Init != Init.LeCunNormal && sites.Init is { } seluSite)
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
        }
    }

    /// <summary>NG2001: Info per layer, Warning for every such layer once the network has the configured number of them.</summary>
    private static void ReportXavierUnderReLU(RuleContext context)
    {
        var layers = context.Spec.Layers;
        var flagged = Enumerable.Range(0, layers.Count)
            .Where(i => Activations.IsReLUFamily(layers[i].Activation) && Activations.IsXavier(layers[i].Init) && context.Sites.Layers[i].Init is not null)
            .ToList();
        var warningCount = context.Threshold("NG2001", "warning_layer_count", 10);
        var severity = flagged.Count >= warningCount ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info;
        foreach (var i in flagged)
        {
            var layer = layers[i];
            var compound = severity == DiagnosticSeverity.Warning
                ? $"; with {flagged.Count} such layers the signal can shrink by 2^-{flagged.Count}"
                : "";
            context.Report(
                Descriptors.XavierUnderReLU,
                context.Sites.Layers[i].Init!,
                $"Layer {i + 1} uses {layer.Init} under {layer.Activation}, which halves the signal's variance at every layer{compound}; He initialization is made for it",
                severity);
        }
    }

    /// <summary>NG2003: a hidden layer whose weights all start equal (zeros, a zero scale or a zero gain).</summary>
    private static void ReportConstantInit(RuleContext context, int index)
    {
        var layer = context.Spec.Layers[index];
        var sites = context.Sites.Layers[index];
        var scaled = layer.Init is Init.RandomNormal or Init.RandomUniform;
        var remove = new List<string>();
        if (scaled && layer.Scale == 0)
        {
            remove.Add("Scale");
        }

        if (layer.Init != Init.Zeros && layer.Gain == 0)
        {
            remove.Add("Gain");
        }

        Location? location;
        string cause;
        if (layer.Init == Init.Zeros)
        {
            location = sites.Init;
            cause = "Init.Zeros";
        }
        else if (remove.Count > 0)
        {
            location = remove[0] == "Scale" ? sites.Scale : sites.Gain;
            cause = $"{layer.Init} with {remove[0]} = 0";
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
}
