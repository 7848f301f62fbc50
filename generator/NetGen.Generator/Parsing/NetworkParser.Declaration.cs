using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// The checks on the network class itself rather than its attributes: a shape the generated code can be another part of
/// (NG0005), and names the generated members can take (NG0006).
/// </summary>
internal static partial class NetworkParser
{
    /// <summary>
    /// NG0005: the network's declaration parses, and its shape is one a generated part can extend: a class (not a
    /// record), not static, not file-local (nor inside a file-local type), and without a primary constructor. Returns
    /// whether it is.
    /// </summary>
    private static bool CheckShape(INamedTypeSymbol type, TypeDeclarationSyntax? declaration, ImmutableArray<ParseProblem>.Builder problems, CancellationToken cancellationToken)
    {
        if (declaration is null)
        {
            return true;
        }

        if (SyntaxError(declaration) is { } error)
        {
            var at = declaration.Identifier.IsMissing ? declaration.Keyword.GetLocation() : declaration.Identifier.GetLocation();
            problems.Add(new ParseProblem(ProblemIds.UnsupportedShape, at,
                $"The declaration of network class '{type.Name}' does not parse ({error}); nothing is generated for it until it does"));
            return false;
        }

        var valid = true;
        if (declaration is RecordDeclarationSyntax record)
        {
            problems.Add(new ParseProblem(ProblemIds.UnsupportedShape, record.Keyword.GetLocation(),
                $"Network '{type.Name}' is a record, but a network must be a class: a record compares and copies by value, and a copy would share the network's parameters and optimizer state; declare it as a partial class"));
            valid = false;
        }

        var declarations = Declarations(type, cancellationToken);
        if (type.IsStatic && Modifier(declarations, SyntaxKind.StaticKeyword) is { } staticKeyword)
        {
            problems.Add(new ParseProblem(ProblemIds.UnsupportedShape, staticKeyword.GetLocation(),
                $"Network class '{type.Name}' is static, but a network is an object that holds its parameters; remove static"));
            valid = false;
        }

        if (Modifier(declarations, SyntaxKind.FileKeyword) is { } fileKeyword)
        {
            problems.Add(new ParseProblem(ProblemIds.UnsupportedShape, fileKeyword.GetLocation(),
                $"Network class '{type.Name}' is file-local, but the generated code is another file, which cannot add to a file-local class; remove file (internal keeps it out of other assemblies)"));
            valid = false;
        }

        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            if (Modifier(Declarations(containing, cancellationToken), SyntaxKind.FileKeyword) is { } containingFile)
            {
                problems.Add(new ParseProblem(ProblemIds.UnsupportedShape, containingFile.GetLocation(),
                    $"Type '{containing.Name}', which contains network class '{type.Name}', is file-local, but the generated code is another file, which cannot add to a file-local type; remove file"));
                valid = false;
            }
        }

        if (declaration is ClassDeclarationSyntax && declarations.Select(d => d.ParameterList).FirstOrDefault(p => p is not null) is { } parameters)
        {
            problems.Add(new ParseProblem(ProblemIds.UnsupportedShape, parameters.GetLocation(),
                $"Network class '{type.Name}' has a primary constructor, which every generated constructor (new {type.Name}(), new {type.Name}(int seed)) would have to call without knowing its arguments; declare the parameters as fields or properties instead"));
            valid = false;
        }

        return valid;
    }

    /// <summary>
    /// The first syntax error in the declaration's attributes or header (modifiers, name, type parameters, base list,
    /// braces), or null. A half-typed attribute has no reliable values to generate from; errors inside the body are the
    /// user's own code and do not touch the generated part.
    /// </summary>
    private static string? SyntaxError(TypeDeclarationSyntax declaration)
    {
        if (declaration.OpenBraceToken.IsMissing && declaration.SemicolonToken.IsKind(SyntaxKind.None))
        {
            return "its { is missing";
        }

        if (!declaration.OpenBraceToken.IsMissing && !declaration.OpenBraceToken.IsKind(SyntaxKind.None) && declaration.CloseBraceToken.IsMissing)
        {
            return "its } is missing";
        }

        var start = declaration.SpanStart; // the attribute lists come first
        var end = declaration.OpenBraceToken.IsMissing || declaration.OpenBraceToken.IsKind(SyntaxKind.None) ? declaration.Span.End : declaration.OpenBraceToken.Span.End;
        foreach (var diagnostic in declaration.GetDiagnostics())
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error && diagnostic.Location.SourceSpan.Start >= start && diagnostic.Location.SourceSpan.Start <= end)
            {
                return $"{diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
            }
        }

        return null;
    }

    /// <summary>
    /// NG0006: the names the generated members take are free. Neither the class's own members (a generated method's
    /// name may be overloaded with other parameters), nor members it inherits, nor the class's name may use them, and no
    /// member of the class may start with the reserved prefix. A constructor of the class's own must run the generated
    /// one (<c>: this()</c> or <c>: this(seed)</c>), which initializes the weights.
    /// </summary>
    private static void CheckNames(INamedTypeSymbol type, NetworkSpec spec, ImmutableArray<ParseProblem>.Builder problems, CancellationToken cancellationToken)
    {
        var generated = GeneratedMembers.Public(spec);
        var names = new HashSet<string>(generated.Select(m => m.Name), StringComparer.Ordinal);
        var declarations = Declarations(type, cancellationToken);

        if (names.Contains(type.Name) || type.Name.StartsWith(GeneratedMembers.ReservedPrefix, StringComparison.Ordinal))
        {
            problems.Add(new ParseProblem(ProblemIds.NameConflict, UserLocation(type),
                $"Network class '{type.Name}' is named like a member the generator writes into it, and a member cannot have the name of its class; rename the class"));
        }

        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member.IsImplicitlyDeclared || UserLocation(member) is not { } location)
            {
                continue;
            }

            if (member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
            {
                CheckConstructor(type, constructor, location, generated, problems, cancellationToken);
            }
            else if (member.Name.StartsWith(GeneratedMembers.ReservedPrefix, StringComparison.Ordinal))
            {
                problems.Add(new ParseProblem(ProblemIds.NameConflict, location,
                    $"Member '{member.Name}' of network class '{type.Name}' starts with '{GeneratedMembers.ReservedPrefix}', which is reserved for the generated code; rename it"));
            }
            else if (names.Contains(member.Name) && !IsOverload(member, generated))
            {
                problems.Add(new ParseProblem(ProblemIds.NameConflict, location,
                    $"Network class '{type.Name}' declares '{member.Name}', which the generator writes into it ({Describe(member.Name, generated)}); rename yours"));
            }
        }

        for (var baseType = type.BaseType; baseType is { SpecialType: not SpecialType.System_Object }; baseType = baseType.BaseType)
        {
            var at = BaseTypeLocation(type, declarations) ?? UserLocation(type);
            if (baseType.GetAttributes().Any(a => Is(a, NetworkAttributeName)))
            {
                problems.Add(new ParseProblem(ProblemIds.NameConflict, at,
                    $"Network class '{type.Name}' derives from network '{baseType.Name}', whose generated members its own would hide; share code through a base class without [Network], or hold a '{baseType.Name}'"));
                return;
            }

            var hidden = baseType.GetMembers()
                .Where(m => !m.IsImplicitlyDeclared && m.DeclaredAccessibility != Accessibility.Private && m is not IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor })
                .Where(m => m.Name.StartsWith(GeneratedMembers.ReservedPrefix, StringComparison.Ordinal) || (names.Contains(m.Name) && !IsOverload(m, generated)))
                .Select(m => m.Name)
                .Distinct()
                .ToList();
            if (hidden.Count > 0)
            {
                problems.Add(new ParseProblem(ProblemIds.NameConflict, at,
                    $"Network class '{type.Name}' inherits {string.Join(", ", hidden.Select(n => $"'{n}'"))} from '{baseType.Name}', which the generated members would hide; rename them in '{baseType.Name}' or derive from another class"));
                return;
            }
        }
    }

    /// <summary>
    /// A constructor of the user's: not one of the generated <c>()</c> and <c>(int)</c>, and calling one of them (or
    /// another that does), since without them the weights stay zero and the optimizer unset.
    /// </summary>
    private static void CheckConstructor(INamedTypeSymbol type, IMethodSymbol constructor, Location location, List<GeneratedMembers.Member> generated, ImmutableArray<ParseProblem>.Builder problems, CancellationToken cancellationToken)
    {
        if (constructor.IsStatic)
        {
            return;
        }

        var signature = Signature(constructor);
        if (generated.Any(m => m.Name == GeneratedMembers.Constructor && m.Parameters!.SequenceEqual(signature)))
        {
            problems.Add(new ParseProblem(ProblemIds.NameConflict, location,
                $"Network class '{type.Name}' declares the constructor {type.Name}({string.Join(", ", signature)}), which the generator writes: new {type.Name}() and new {type.Name}(int seed) initialize the weights from the seed; give yours other parameters and call this() or this(seed)"));
            return;
        }

        var calls = constructor.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(cancellationToken))
            .OfType<ConstructorDeclarationSyntax>()
            .Any(c => c.Initializer?.ThisOrBaseKeyword.IsKind(SyntaxKind.ThisKeyword) == true);
        if (!calls)
        {
            problems.Add(new ParseProblem(ProblemIds.NameConflict, location,
                $"Constructor {type.Name}({string.Join(", ", signature)}) of a network must start with : this() or : this(seed), the generated constructors that initialize the weights and the optimizer; without them every weight stays 0"));
        }
    }

    /// <summary>Whether <paramref name="member"/> is a method that overloads the generated methods of its name (which are methods, none with its parameters).</summary>
    private static bool IsOverload(ISymbol member, List<GeneratedMembers.Member> generated)
    {
        if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
        {
            return false;
        }

        var signature = Signature(method);
        var sameName = generated.Where(m => m.Name == member.Name).ToList();
        return method.TypeParameters.Length > 0
            ? sameName.All(m => m.IsMethod)
            : sameName.All(m => m.IsMethod && !m.Parameters!.SequenceEqual(signature));
    }

    /// <summary>The parameter types as <see cref="GeneratedMembers.Member.Parameters"/> writes them; a ref, in or out parameter never equals a generated one.</summary>
    private static string[] Signature(IMethodSymbol method) =>
        method.Parameters.Select(p => (p.RefKind == RefKind.None ? "" : p.RefKind.ToString().ToLowerInvariant() + " ") + p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).ToArray();

    private static string Describe(string name, List<GeneratedMembers.Member> generated)
    {
        var member = generated.First(m => m.Name == name);
        return member.IsMethod ? $"the method {name}({string.Join(", ", member.Parameters!)})" : name == GeneratedMembers.Sizes ? "the class of size constants" : "a property or constant";
    }

    /// <summary>Where a symbol is declared in the user's code (not in the generated part), or null if only there.</summary>
    private static Location? UserLocation(ISymbol symbol) =>
        symbol.Locations.FirstOrDefault(l => l.IsInSource && !IsGenerated(l.SourceTree));

    /// <summary>
    /// Whether a file is this generator's output. The analyzers see the generated parts of valid networks in the
    /// compilation; their members are not the user's.
    /// </summary>
    private static bool IsGenerated(SyntaxTree? tree) =>
        tree is not null && tree.FilePath.IndexOf("NetGen.Generator.NetworkGenerator", StringComparison.Ordinal) >= 0;

    /// <summary>The base class as written in a base list of the class, or null.</summary>
    private static Location? BaseTypeLocation(INamedTypeSymbol type, List<TypeDeclarationSyntax> declarations)
    {
        var name = type.BaseType?.Name;
        foreach (var declaration in declarations)
        {
            if (declaration.BaseList?.Types.FirstOrDefault() is { } first && RightmostName(first.Type) == name)
            {
                return first.GetLocation();
            }
        }

        return null;
    }

    private static string? RightmostName(TypeSyntax type) => type switch
    {
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The user's declarations of <paramref name="type"/>.</summary>
    private static List<TypeDeclarationSyntax> Declarations(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences
            .Where(r => !IsGenerated(r.SyntaxTree))
            .Select(r => r.GetSyntax(cancellationToken))
            .OfType<TypeDeclarationSyntax>()
            .ToList();

    private static SyntaxToken? Modifier(List<TypeDeclarationSyntax> declarations, SyntaxKind kind)
    {
        foreach (var declaration in declarations)
        {
            foreach (var modifier in declaration.Modifiers)
            {
                if (modifier.IsKind(kind))
                {
                    return modifier;
                }
            }
        }

        return null;
    }
}
