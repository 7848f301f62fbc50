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
using Microsoft.CodeAnalysis.Editing;

namespace NetGen.CodeFixes;

/// <summary>
/// The fixes that rework a stack of layers (NG1001, NG1005): every layer of the stack to ReLU with He initialization,
/// a <c>[BatchNorm]</c> after each of them, or a <c>[GradientClip]</c> on the network. They insert attributes next to
/// ones other fixes may edit, so Fix All applies every fix of a document through one <see cref="DocumentEditor"/>
/// instead of merging text changes.
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
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        foreach (var diagnostic in diagnostics)
        {
            // The analyzers list the [Layer] attributes the fix edits as the diagnostic's additional locations.
            var layers = diagnostic.AdditionalLocations
                .Select(location => AttributeEdits.FindAttribute(root, location))
                .OfType<AttributeSyntax>()
                .ToList();
            switch (key)
            {
                case UseReLUWithHeKey:
                    foreach (var layer in layers)
                    {
                        editor.ReplaceNode(layer, (node, _) => LayerEdits.UseReLUWithHe((AttributeSyntax)node));
                    }

                    break;
                case InsertBatchNormKey or DeepInsertBatchNormKey:
                    foreach (var layer in layers)
                    {
                        // Batch norm cancels the bias before it (NG1004), so the layer drops it in the same step.
                        editor.ReplaceNode(layer, (node, _) => LayerEdits.RemoveBias((AttributeSyntax)node));
                        AttributeEdits.InsertAfter(editor, layer, AttributeEdits.Attribute("BatchNorm"));
                    }

                    break;
                case AddGradientClipKey:
                    var declaration = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<TypeDeclarationSyntax>();
                    if (declaration is { AttributeLists.Count: > 0 })
                    {
                        var last = declaration.AttributeLists[declaration.AttributeLists.Count - 1];
                        editor.InsertAfter(last, AttributeEdits.OwnLine(last, AttributeEdits.Attribute("GradientClip(MaxNorm = 5)")));
                    }

                    break;
            }
        }

        return editor.GetChangedDocument();
    }
}
