using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace NetGen.Analyzers.Rules;

/// <summary>NG4xxx: the output layer against the loss.</summary>
internal static class OutputRules
{
    public static void Analyze(RuleContext context)
    {
        ReportActivationMismatch(context);
        ReportOutputCountMismatch(context);
        ReportReLUOutputForRegression(context);
    }

    /// <summary>NG4001: a cross-entropy without its probability output, or a regression loss on softmax.</summary>
    private static void ReportActivationMismatch(RuleContext context)
    {
        if (context.Sites.LossKind is not { } location)
        {
            return; // without [Loss] the loss follows the output activation
        }

        var output = context.Spec.OutputLayer.Activation;
        var loss = context.Spec.Loss.Kind;
        string? activationFix = null;
        string? lossFix = null;
        string message;
        switch (loss)
        {
            case LossKind.CategoricalCrossEntropy when output != Activation.Softmax:
                activationFix = nameof(Activation.Softmax);
                lossFix = output == Activation.Sigmoid ? nameof(LossKind.BinaryCrossEntropy) : null;
                message = $"Categorical cross-entropy expects Softmax probabilities, but the output layer's activation is {output}";
                break;
            case LossKind.BinaryCrossEntropy when output != Activation.Sigmoid:
                activationFix = nameof(Activation.Sigmoid);
                lossFix = output == Activation.Softmax ? nameof(LossKind.CategoricalCrossEntropy) : null;
                message = $"Binary cross-entropy expects Sigmoid probabilities, but the output layer's activation is {output}";
                break;
            case LossKind.MeanSquaredError or LossKind.MeanAbsoluteError or LossKind.Huber when output == Activation.Softmax:
                lossFix = nameof(LossKind.CategoricalCrossEntropy);
                message = $"{loss} on Softmax outputs saturates softmax's gradients; categorical cross-entropy is the loss for softmax";
                break;
            default:
                return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (activationFix is not null)
        {
            properties = properties.Add(FixProperties.Activation, activationFix);
        }

        if (lossFix is not null)
        {
            properties = properties.Add(FixProperties.Loss, lossFix);
        }

        var outputSites = context.Sites.Layers[context.Sites.Layers.Length - 1];
        context.Report(Descriptors.LossActivationMismatch, location, message,
            additionalLocations: new[] { outputSites.Attribute }, properties: properties);
    }

    /// <summary>NG4002: a one-unit softmax (constant, whatever the loss), categorical cross-entropy over one unit, binary cross-entropy over several.</summary>
    private static void ReportOutputCountMismatch(RuleContext context)
    {
        var outputs = context.Spec.Outputs;
        var location = context.Sites.Layers[context.Sites.Layers.Length - 1].Units;
        var additional = context.Sites.LossKind is { } loss ? new[] { loss } : null;
        var lossKind = context.Spec.Loss.Kind;
        switch (lossKind)
        {
            case not LossKind.CategoricalCrossEntropy when outputs == 1 && context.Spec.OutputLayer.Activation == Activation.Softmax:
                context.Report(Descriptors.OutputCountMismatch, location,
                    $"Softmax over 1 output unit is always 1, so the output is constant and {lossKind}'s gradients are 0: the network never learns; use Sigmoid for a probability or Linear for a value",
                    additionalLocations: additional);
                break;
            case LossKind.CategoricalCrossEntropy when outputs == 1:
                context.Report(Descriptors.OutputCountMismatch, location,
                    "Categorical cross-entropy over 1 output unit never learns: softmax over a single unit is always 1; use Sigmoid with binary cross-entropy for two classes",
                    additionalLocations: additional);
                break;
            case LossKind.BinaryCrossEntropy when outputs > 1:
                context.Report(Descriptors.OutputCountMismatch, location,
                    $"Binary cross-entropy over {outputs} output units treats each as an independent yes/no (multi-label); for one class out of {outputs} use Softmax with categorical cross-entropy",
                    additionalLocations: additional);
                break;
        }
    }

    /// <summary>NG4003: a ReLU output layer under a regression loss (declared or implied).</summary>
    private static void ReportReLUOutputForRegression(RuleContext context)
    {
        var output = context.Spec.OutputLayer;
        if (output.Activation != Activation.ReLU || context.Spec.Loss.Kind is not (LossKind.MeanSquaredError or LossKind.MeanAbsoluteError or LossKind.Huber))
        {
            return;
        }

        var sites = context.Sites.Layers[context.Sites.Layers.Length - 1];
        context.Report(
            Descriptors.ReLUOutputForRegression,
            sites.Activation ?? sites.Attribute,
            $"The output layer is ReLU under {context.Spec.Loss.Kind}: it cannot predict a negative value, and an output unit whose pre-activation is negative for every sample passes no gradient, which stops the whole network learning; regression outputs are Linear",
            properties: ImmutableDictionary<string, string?>.Empty.Add(FixProperties.Activation, nameof(Activation.Linear)));
    }
}
