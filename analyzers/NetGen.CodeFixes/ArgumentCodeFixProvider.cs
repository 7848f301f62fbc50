using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Analyzers;

namespace NetGen.CodeFixes;

/// <summary>
/// The fixes that rewrite arguments of one attribute: an activation, an initializer, a loss or an optimizer swapped, a
/// bias dropped, a learning rate, momentum or batch-norm setting reset to its default, full-batch training written out.
/// Each edits a single attribute, so Fix All batches them.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ArgumentCodeFixProvider)), Shared]
public sealed class ArgumentCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticIds.LinearHiddenLayer,
        DiagnosticIds.BiasBeforeBatchNorm,
        DiagnosticIds.FrozenBatchNormStatistics,
        DiagnosticIds.BatchNormWithoutAffineBeforeSaturating,
        DiagnosticIds.XavierUnderReLU,
        DiagnosticIds.HeUnderSigmoid,
        DiagnosticIds.ConstantInit,
        DiagnosticIds.SeluWithoutLeCun,
        DiagnosticIds.FixedScaleInit,
        DiagnosticIds.LearningRateOutOfBand,
        DiagnosticIds.AdagradLongRun,
        DiagnosticIds.AdamCoupledWeightDecay,
        DiagnosticIds.BatchLargerThanSamples,
        DiagnosticIds.LossActivationMismatch,
        DiagnosticIds.ReLUOutputForRegression);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var attribute = AttributeEdits.FindAttribute(root, diagnostic.Location);
            if (attribute is null)
            {
                continue;
            }

            void Offer(string title, string key, Func<AttributeSyntax, AttributeSyntax> edit, AttributeSyntax? target = null)
            {
                var edited = target ?? attribute;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        title,
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(edited, edit(edited)))),
                        key),
                    diagnostic);
            }

            diagnostic.Properties.TryGetValue(FixProperties.Init, out var init);
            diagnostic.Properties.TryGetValue(FixProperties.Activation, out var activation);
            diagnostic.Properties.TryGetValue(FixProperties.Loss, out var loss);
            diagnostic.Properties.TryGetValue(FixProperties.RemoveArguments, out var remove);
            diagnostic.Properties.TryGetValue(FixProperties.Optimizer, out var optimizer);
            diagnostic.Properties.TryGetValue(FixProperties.BatchSize, out var batchSize);
            var removed = string.IsNullOrEmpty(remove) ? Array.Empty<string>() : remove!.Split(',');
            switch (diagnostic.Id)
            {
                case DiagnosticIds.LinearHiddenLayer:
                    // A LeakyReLU of slope 1 also loses its Slope, which ReLU would ignore.
                    Offer("Use ReLU with He initialization", "NG1002.UseReLUWithHe", a => AttributeEdits.RemoveNamedArguments(LayerEdits.UseReLUWithHe(a), removed));
                    break;
                case DiagnosticIds.BiasBeforeBatchNorm:
                    Offer("Remove the bias (Bias = false)", "NG1004.RemoveBias", LayerEdits.RemoveBias);
                    break;
                case DiagnosticIds.FrozenBatchNormStatistics:
                    Offer("Use the default momentum (0.1)", "NG1006.DefaultMomentum", a => AttributeEdits.RemoveNamedArguments(a, removed));
                    break;
                case DiagnosticIds.BatchNormWithoutAffineBeforeSaturating:
                    Offer("Learn γ and β (Affine = true)", "NG1009.Affine", a => AttributeEdits.RemoveNamedArguments(a, removed));
                    break;
                case DiagnosticIds.XavierUnderReLU:
                    Offer("Use He normal initialization", "NG2001.HeNormal", a => LayerEdits.SetInit(a, nameof(Init.HeNormal)));
                    Offer("Use He uniform initialization", "NG2001.HeUniform", a => LayerEdits.SetInit(a, nameof(Init.HeUniform)));
                    break;
                case DiagnosticIds.HeUnderSigmoid:
                    Offer("Use Xavier uniform initialization", "NG2002.XavierUniform", a => LayerEdits.SetInit(a, nameof(Init.XavierUniform)));
                    break;
                case DiagnosticIds.ConstantInit when init is not null:
                    Offer($"Use {init} initialization", "NG2003.MatchingInit",
                        a => AttributeEdits.RemoveNamedArguments(LayerEdits.SetInit(a, init), removed));
                    break;
                case DiagnosticIds.FixedScaleInit when init is not null:
                    Offer($"Use {init} initialization", "NG2005.MatchingInit",
                        a => AttributeEdits.RemoveNamedArguments(LayerEdits.SetInit(a, init), removed));
                    break;
                case DiagnosticIds.SeluWithoutLeCun:
                    Offer("Use LeCun normal initialization", "NG2004.LeCunNormal", a => LayerEdits.SetInit(a, nameof(Init.LeCunNormal)));
                    break;
                case DiagnosticIds.LearningRateOutOfBand:
                    var (title, key) = removed.Length == 2
                        ? ("Use the default learning rate and momentum", "NG3002.DefaultLearningRateAndMomentum")
                        : removed.Length == 1 && removed[0] == "Momentum"
                            ? ("Use the default momentum", "NG3002.DefaultMomentum")
                            : ("Use the default learning rate", "NG3002.DefaultLearningRate");
                    Offer(title, key, a => AttributeEdits.RemoveNamedArguments(a, removed));
                    break;
                case DiagnosticIds.AdagradLongRun:
                    Offer("Use Adam", "NG3003.Adam", a => SetOptimizer(a, nameof(OptimizerKind.Adam), removed));
                    Offer("Use RMSProp", "NG3003.RmsProp", a => SetOptimizer(a, nameof(OptimizerKind.RmsProp), removed));
                    break;
                case DiagnosticIds.AdamCoupledWeightDecay when optimizer is not null:
                    Offer($"Use {optimizer}", "NG3005.AdamW", a => SetOptimizer(a, optimizer, []));
                    break;
                case DiagnosticIds.BatchLargerThanSamples when batchSize is not null:
                    Offer("Use full-batch training (BatchSize = 0)", "NG3006.FullBatch",
                        a => AttributeEdits.SetNamedArgument(a, "BatchSize", SyntaxFactory.ParseExpression(batchSize)));
                    break;
                case DiagnosticIds.ReLUOutputForRegression when activation is not null:
                    Offer($"Use a {activation} output", "NG4003.Linear",
                        a => AttributeEdits.SetConstructorArgument(a, 1, "activation", AttributeEdits.EnumMember(nameof(Activation), activation)));
                    break;
                case DiagnosticIds.LossActivationMismatch:
                    var output = diagnostic.AdditionalLocations.Count > 0 ? AttributeEdits.FindAttribute(root, diagnostic.AdditionalLocations[0]) : null;
                    if (activation is not null && output is not null)
                    {
                        Offer($"Use {activation} on the output layer", "NG4001.MatchingActivation",
                            a => AttributeEdits.SetConstructorArgument(a, 1, "activation", AttributeEdits.EnumMember(nameof(Activation), activation)),
                            output);
                    }

                    if (loss is not null)
                    {
                        Offer($"Use {LossName(loss)}", "NG4001.MatchingLoss",
                            a => AttributeEdits.SetConstructorArgument(a, 0, "kind", AttributeEdits.EnumMember(nameof(LossKind), loss)));
                    }

                    break;
            }
        }
    }

    private static AttributeSyntax SetOptimizer(AttributeSyntax attribute, string kind, string[] removed) =>
        AttributeEdits.RemoveNamedArguments(
            AttributeEdits.SetConstructorArgument(attribute, 0, "kind", AttributeEdits.EnumMember(nameof(OptimizerKind), kind)),
            removed);

    private static string LossName(string loss) => loss switch
    {
        nameof(LossKind.CategoricalCrossEntropy) => "categorical cross-entropy",
        nameof(LossKind.BinaryCrossEntropy) => "binary cross-entropy",
        _ => loss,
    };
}

/// <summary>The edits of one <c>[Layer]</c> attribute the fixes share.</summary>
internal static class LayerEdits
{
    /// <summary>ReLU, and He normal where an initializer is written (an omitted one already resolves to He for ReLU).</summary>
    public static AttributeSyntax UseReLUWithHe(AttributeSyntax layer)
    {
        var edited = AttributeEdits.SetConstructorArgument(layer, 1, "activation", AttributeEdits.EnumMember(nameof(Activation), nameof(Activation.ReLU)));
        return AttributeEdits.HasConstructorArgument(edited, 2, "init") ? SetInit(edited, nameof(Init.HeNormal)) : edited;
    }

    public static AttributeSyntax SetInit(AttributeSyntax layer, string init) =>
        AttributeEdits.SetConstructorArgument(layer, 2, "init", AttributeEdits.EnumMember(nameof(Init), init));

    public static AttributeSyntax RemoveBias(AttributeSyntax layer) =>
        AttributeEdits.SetNamedArgument(layer, "Bias", SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression));
}
