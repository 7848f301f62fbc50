using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace NetGen.CodeFixes;

/// <summary>
/// The edits every NetGen fix is made of: set or remove an attribute argument, write an enum member, insert an
/// attribute after another. Enum members are written fully qualified and simplified by the workspace, so the result
/// reads <c>Activation.ReLU</c> wherever <c>using NetGen;</c> is in scope and stays correct where it is not.
/// </summary>
internal static class AttributeEdits
{
    /// <summary>The attribute whose syntax contains <paramref name="location"/>, or null.</summary>
    public static AttributeSyntax? FindAttribute(SyntaxNode root, Location location) =>
        location.IsInSource && location.SourceTree == root.SyntaxTree
            ? root.FindNode(location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>()
            : null;

    /// <summary><c>global::NetGen.{type}.{member}</c>, annotated for simplification.</summary>
    public static ExpressionSyntax EnumMember(string type, string member) =>
        SyntaxFactory.ParseExpression($"global::NetGen.{type}.{member}").WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary>
    /// Sets the constructor argument <paramref name="parameter"/> at <paramref name="position"/>: replaces it where it is
    /// written (by position or by name), else inserts it by position when every earlier one is written, else by name.
    /// </summary>
    public static AttributeSyntax SetConstructorArgument(AttributeSyntax attribute, int position, string parameter, ExpressionSyntax value)
    {
        var arguments = attribute.ArgumentList?.Arguments ?? default;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            var byName = argument.NameColon?.Name.Identifier.ValueText == parameter;
            var byPosition = i == position && argument.NameColon is null && argument.NameEquals is null;
            if (byName || byPosition)
            {
                return attribute.ReplaceNode(argument, argument.WithExpression(value.WithTriviaFrom(argument.Expression)));
            }
        }

        var positional = arguments.TakeWhile(a => a.NameColon is null && a.NameEquals is null).Count();
        var added = positional == position
            ? SyntaxFactory.AttributeArgument(value)
            : SyntaxFactory.AttributeArgument(null, SyntaxFactory.NameColon(parameter), value);
        var insertAt = positional == position ? position : arguments.TakeWhile(a => a.NameEquals is null).Count();
        return WithArguments(attribute, arguments.Insert(insertAt, added));
    }

    /// <summary>Sets the named property argument <paramref name="name"/> (<c>Name = value</c>), appending it when absent.</summary>
    public static AttributeSyntax SetNamedArgument(AttributeSyntax attribute, string name, ExpressionSyntax value)
    {
        var arguments = attribute.ArgumentList?.Arguments ?? default;
        var existing = arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        if (existing is not null)
        {
            return attribute.ReplaceNode(existing, existing.WithExpression(value.WithTriviaFrom(existing.Expression)));
        }

        var added = SyntaxFactory.AttributeArgument(SyntaxFactory.NameEquals(name), null, value);
        return WithArguments(attribute, arguments.Add(added));
    }

    /// <summary>Removes the named property arguments in <paramref name="names"/> that are written.</summary>
    public static AttributeSyntax RemoveNamedArguments(AttributeSyntax attribute, params string[] names)
    {
        var arguments = attribute.ArgumentList?.Arguments ?? default;
        arguments = SyntaxFactory.SeparatedList(arguments.Where(a => a.NameEquals is null || !names.Contains(a.NameEquals.Name.Identifier.ValueText)));
        return arguments.Count == 0 ? attribute.WithArgumentList(null) : WithArguments(attribute, arguments);
    }

    /// <summary>Whether the argument <paramref name="parameter"/> at <paramref name="position"/> is written.</summary>
    public static bool HasConstructorArgument(AttributeSyntax attribute, int position, string parameter)
    {
        var arguments = attribute.ArgumentList?.Arguments ?? default;
        return arguments.Any(a => a.NameColon?.Name.Identifier.ValueText == parameter)
            || (position < arguments.Count && arguments.Take(position + 1).All(a => a.NameColon is null && a.NameEquals is null));
    }

    /// <summary>
    /// Inserts <paramref name="added"/> right after <paramref name="attribute"/> (a node of <paramref name="root"/>): as a
    /// list of its own on the next line when the attribute has a list of its own, else into the same list.
    /// </summary>
    public static SyntaxNode InsertAfter(SyntaxNode root, AttributeSyntax attribute, AttributeSyntax added) =>
        attribute.Parent is AttributeListSyntax { Attributes.Count: 1 } list
            ? root.InsertNodesAfter(list, new[] { OwnLine(list, added) })
            : root.InsertNodesAfter(attribute, new[] { added });

    /// <summary><paramref name="added"/> in a list of its own, indented like <paramref name="neighbour"/>, ending its line.</summary>
    public static AttributeListSyntax OwnLine(AttributeListSyntax neighbour, AttributeSyntax added)
    {
        var indentation = neighbour.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();
        var newLine = neighbour.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(added))
            .WithLeadingTrivia(indentation)
            .WithTrailingTrivia(newLine == default ? SyntaxFactory.ElasticCarriageReturnLineFeed : newLine);
    }

    /// <summary>Parses one attribute, e.g. <c>BatchNorm</c> or <c>GradientClip(MaxNorm = 5)</c>.</summary>
    public static AttributeSyntax Attribute(string text) =>
        SyntaxFactory.ParseCompilationUnit($"[{text}] class C {{ }}").Members[0].AttributeLists[0].Attributes[0];

    private static AttributeSyntax WithArguments(AttributeSyntax attribute, SeparatedSyntaxList<AttributeArgumentSyntax> arguments)
    {
        // Rebuild the separators so an inserted argument reads "a, b" whatever surrounded the old ones.
        var list = SyntaxFactory.SeparatedList(
            arguments.Select(a => a.WithoutTrivia()),
            Enumerable.Repeat(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space), System.Math.Max(0, arguments.Count - 1)));
        var argumentList = attribute.ArgumentList is { } existing
            ? existing.WithArguments(list)
            : SyntaxFactory.AttributeArgumentList(list);
        return attribute.WithArgumentList(argumentList);
    }
}
