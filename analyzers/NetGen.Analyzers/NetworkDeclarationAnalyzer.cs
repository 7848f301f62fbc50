using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Generator.Parsing;

namespace NetGen.Analyzers;

/// <summary>
/// Reports why a <c>[Network]</c> declaration cannot be generated (NG0001–NG0004, NG3004), from the same parser the generator
/// uses, on the smallest span that explains each problem.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NetworkDeclarationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.NotPartial, Descriptors.InvalidValue, Descriptors.SplitDeclaration, Descriptors.Misplaced, Descriptors.InvalidNesterov);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var networkAttribute = start.Compilation.GetTypeByMetadataName(NetworkParser.NetworkAttributeName);
            if (networkAttribute is null)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, networkAttribute), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol networkAttribute)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var declared = false;
        foreach (var attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, networkAttribute))
            {
                declared = true;
                break;
            }
        }

        if (!declared)
        {
            return;
        }

        foreach (var problem in NetworkParser.Parse(type, context.CancellationToken).Problems)
        {
            var location = problem.Location ?? (type.Locations.Length > 0 ? type.Locations[0] : Location.None);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ForProblem(problem.Id), location, problem.Message));
        }
    }
}
