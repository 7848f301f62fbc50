using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetGen.CodeFixes;

/// <summary>NG1007, NG1008: removes the <c>[Dropout]</c> whose rate the diagnostic is on (its whole line when it has a list of its own).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveDropoutCodeFixProvider)), Shared]
public sealed class RemoveDropoutCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.SeluWithDropout, DiagnosticIds.DropoutBeforeBatchNorm);

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
            if (AttributeEdits.FindAttribute(root, diagnostic.Location) is not { } dropout)
            {
                continue;
            }

            SyntaxNode removed = dropout.Parent is AttributeListSyntax { Attributes.Count: 1 } list ? list : dropout;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Remove the [Dropout]",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.RemoveNode(removed, SyntaxRemoveOptions.KeepNoTrivia)!)),
                    diagnostic.Id + ".RemoveDropout"),
                diagnostic);
        }
    }
}
