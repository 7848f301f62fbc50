using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetGen.Generator.Tests;

/// <summary>
/// Reads the generated files of a compilation with their semantic model, to check what the generated code names: it
/// lives inside the user's class and namespace, so every name it writes is looked up there first.
/// </summary>
internal static class GeneratedCodeScanner
{
    /// <summary>The generated files of <paramref name="compilation"/> (the harness's inputs are <c>Source0.cs</c>, …).</summary>
    public static IReadOnlyList<SyntaxTree> GeneratedTrees(Compilation compilation) =>
        compilation.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).ToList();

    /// <summary>
    /// Every place the generated code could be captured by a user's name, as <c>file(line): text</c>: a type or namespace
    /// written without <c>global::</c> (in code, attributes and doc-comment crefs), and an extension method called as
    /// one (a user's extension in a nearer namespace would win). Types the generated code declares itself are its own.
    /// </summary>
    public static List<string> CapturableNames(Compilation compilation)
    {
        var found = new List<string>();
        var generated = GeneratedTrees(compilation);
        Assert.NotEmpty(generated);
        foreach (var tree in generated)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes(descendIntoTrivia: true))
            {
                switch (node)
                {
                    case NameMemberCrefSyntax cref when cref.Parent is not QualifiedCrefSyntax:
                        if (model.GetSymbolInfo(cref).Symbol is INamespaceOrTypeSymbol crefTarget && !IsOwn(crefTarget, generated))
                        {
                            found.Add(Describe(tree, cref, $"cref to {crefTarget.ToDisplayString()}"));
                        }

                        break;
                    case SimpleNameSyntax name when !IsQualifiedPart(name) && !name.IsVar && !name.IsNint && !name.IsNuint && name.Parent is not NameMemberCrefSyntax:
                        if (Target(model, name) is { } target && !IsOwn(target, generated))
                        {
                            found.Add(Describe(tree, name, target.ToDisplayString()));
                        }

                        break;
                    case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } nameOf:
                        // nameof(x) calls a method named nameof if the class has one.
                        found.Add(Describe(tree, nameOf, "nameof"));
                        break;
                    case InvocationExpressionSyntax call when model.GetSymbolInfo(call).Symbol is IMethodSymbol { MethodKind: MethodKind.ReducedExtension } extension:
                        found.Add(Describe(tree, call, $"extension call to {extension.ReducedFrom!.ToDisplayString()}"));
                        break;
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The simple names of every type and namespace the generated code refers to, qualified or not (<c>System</c>,
    /// <c>Runtime</c>, <c>Unsafe</c>, <c>Vector256</c>, <c>NetGen</c>, …), with each generic type's arity, and the
    /// attribute classes also by the short name they are written with.
    /// </summary>
    public static SortedDictionary<string, SortedSet<int>> ReferencedTypeNames(Compilation compilation)
    {
        var names = new SortedDictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        void Add(string name, int arity)
        {
            if (!names.TryGetValue(name, out var arities))
            {
                names[name] = arities = new SortedSet<int>();
            }

            arities.Add(arity);
        }

        var generated = GeneratedTrees(compilation);
        foreach (var tree in generated)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes(descendIntoTrivia: true).OfType<SimpleNameSyntax>())
            {
                if (name.IsVar || name.IsNint || name.IsNuint)
                {
                    continue;
                }

                switch (Target(model, name))
                {
                    case INamedTypeSymbol type when !IsOwn(type, generated) && type.SpecialType == SpecialType.None:
                        Add(type.Name, type.Arity);
                        if (name.Identifier.ValueText != type.Name)
                        {
                            // An attribute written without its Attribute suffix.
                            Add(name.Identifier.ValueText, type.Arity);
                        }

                        break;
                    case INamespaceSymbol { IsGlobalNamespace: false } ns:
                        Add(ns.Name, 0);
                        break;
                }
            }
        }

        return names;
    }

    /// <summary>The type or namespace <paramref name="name"/> refers to (an attribute's name refers to its constructor), or null.</summary>
    private static INamespaceOrTypeSymbol? Target(SemanticModel model, SimpleNameSyntax name) =>
        (model.GetSymbolInfo(name).Symbol ?? model.GetTypeInfo(name).Type) switch
        {
            ITypeSymbol { TypeKind: TypeKind.Error } => null,
            INamespaceOrTypeSymbol target => target,
            IMethodSymbol { MethodKind: MethodKind.Constructor } constructor when IsAttributeName(name) => constructor.ContainingType,
            _ => null,
        };

    private static bool IsAttributeName(SimpleNameSyntax name) =>
        name.Parent is AttributeSyntax || (name.Parent is QualifiedNameSyntax qualified && qualified.Right == name && qualified.Parent is AttributeSyntax);

    /// <summary>Whether <paramref name="name"/> is the part after a qualifier: <c>X.name</c>, <c>global::name</c>, <c>e.name</c>.</summary>
    /// <remarks>The <c>global</c> of <c>global::</c> and the name of a namespace declaration count as qualified too.</remarks>
    private static bool IsQualifiedPart(SimpleNameSyntax name) => name.Parent switch
    {
        QualifiedNameSyntax qualified => qualified.Right == name || IsNamespaceName(qualified),
        AliasQualifiedNameSyntax => true,
        MemberAccessExpressionSyntax access => access.Name == name,
        BaseNamespaceDeclarationSyntax => true,
        _ => false,
    };

    private static bool IsNamespaceName(QualifiedNameSyntax name) =>
        name.Parent is BaseNamespaceDeclarationSyntax || (name.Parent is QualifiedNameSyntax outer && IsNamespaceName(outer));

    /// <summary>The network classes and what they contain are the generated code's own names.</summary>
    private static bool IsOwn(INamespaceOrTypeSymbol symbol, IReadOnlyList<SyntaxTree> generated) =>
        symbol is INamedTypeSymbol && symbol.DeclaringSyntaxReferences.Any(r => generated.Contains(r.SyntaxTree));

    private static string Describe(SyntaxTree tree, SyntaxNode node, string what)
    {
        var line = node.GetLocation().GetLineSpan().StartLinePosition.Line;
        return $"{System.IO.Path.GetFileName(tree.FilePath)}({line + 1}): {what} in `{tree.GetText().Lines[line].ToString().Trim()}`";
    }
}
