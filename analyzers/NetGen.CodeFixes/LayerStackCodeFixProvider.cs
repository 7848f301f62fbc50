using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetGen.CodeFixes;

/// <summary>
/// The fixes that rework a stack of layers (NG1001, NG1005): every layer of the stack to ReLU with He initialization,
/// a <c>[BatchNorm]</c> after each of them, or a <c>[GradientClip]</c> on the network. They insert attributes next to
/// ones they also edit, so Fix All applies every fix of a document to one tree with tracked nodes instead of merging
/// text changes.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LayerStackCodeFixProvider)), Shared]
public sealed class LayerStackCodeFixProvider : CodeFixProvider
{
    public const string UseReLUWithHeKey = "NG1001.UseReLUWithHe";
    public const string InsertBatchNormKey = "NG1001.InsertBatchNorm";
    public const string DeepInsertBatchNormKey = "NG1005.InsertBatchNorm";
    public const string AddGradientClipKey = "NG1005.AddGradientClip";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.DeepSaturatingStack, DiagnosticIds.UnnormalizedDeepNetwork);

    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) =>
            diagnostics.IsEmpty || context.CodeActionEquivalenceKey is not { } key
                ? null
                : await ApplyAsync(document, diagnostics, key, context.CancellationToken).ConfigureAwait(false));

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var (title, key) in Fixes(diagnostic.Id))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), key, ct), key),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static IEnumerable<(string Title, string Key)> Fixes(string id) => id switch
    {
        DiagnosticIds.DeepSaturatingStack => new[]
        {
            ("Use ReLU with He initialization", UseReLUWithHeKey),
            ("Insert [BatchNorm] after each hidden layer", InsertBatchNormKey),
        },
        DiagnosticIds.UnnormalizedDeepNetwork => new[]
        {
            ("Insert [BatchNorm] after each hidden layer", DeepInsertBatchNormKey),
            ("Add [GradientClip(MaxNorm = 5)]", AddGradientClipKey),
        },
        _ => System.Array.Empty<(string, string)>(),
    };

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
    {
        var original = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (original is null)
        {
            return document;
        }

        // The analyzers list the [Layer] attributes a fix edits as the diagnostic's additional locations; the network
        // class holds the main location. Every node is tracked, so all fixes of a document apply to one tree in turn.
        var layers = diagnostics
            .SelectMany(diagnostic => diagnostic.AdditionalLocations)
            .Select(location => AttributeEdits.FindAttribute(original, location))
            .OfType<AttributeSyntax>()
            .Distinct()
            .ToList();
        var declarations = diagnostics
            .Select(diagnostic => original.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<TypeDeclarationSyntax>())
            .OfType<TypeDeclarationSyntax>()
            .Distinct()
            .ToList();
        var root = original.TrackNodes(layers.Cast<SyntaxNode>().Concat(declarations));
        switch (key)
        {
            case UseReLUWithHeKey:
                foreach (var layer in layers)
                {
                    var current = root.GetCurrentNode(layer)!;
                    root = root.ReplaceNode(current, LayerEdits.UseReLUWithHe(current));
                }

                break;
            case InsertBatchNormKey or DeepInsertBatchNormKey:
                foreach (var layer in layers)
                {
                    // Batch norm cancels the bias before it (NG1004), so the layer drops it in the same step.
                    var current = root.GetCurrentNode(layer)!;
                    root = root.ReplaceNode(current, LayerEdits.RemoveBias(current));
                    root = AttributeEdits.InsertAfter(root, root.GetCurrentNode(layer)!, AttributeEdits.Attribute("BatchNorm"));
                }

                break;
            case AddGradientClipKey:
                foreach (var declaration in declarations)
                {
                    var current = root.GetCurrentNode(declaration)!;
                    if (current.AttributeLists.Count > 0)
                    {
                        var last = current.AttributeLists[current.AttributeLists.Count - 1];
                        root = root.InsertNodesAfter(last, new[] { AttributeEdits.OwnLine(last, AttributeEdits.Attribute("GradientClip(MaxNorm = 5)")) });
                    }
                }

                break;
        }

        return document.WithSyntaxRoot(root);
    }
}
