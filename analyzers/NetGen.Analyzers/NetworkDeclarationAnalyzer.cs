using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Analyzers.Rules;
using NetGen.Generator.Parsing;

namespace NetGen.Analyzers;

/// <summary>
/// Judges every <c>[Network]</c> declaration with the parser the generator uses: first why it cannot be generated
/// (NG0001–NG0004, NG3004); when it can, the design rules of each category (architecture, initialization, training,
/// output). Each diagnostic sits on the smallest span that explains it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NetworkDeclarationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.NotPartial,
        Descriptors.InvalidValue,
        Descriptors.SplitDeclaration,
        Descriptors.Misplaced,
        Descriptors.DeepSaturatingStack,
        Descriptors.LinearHiddenLayer,
        Descriptors.HighDropoutRate,
        Descriptors.BiasBeforeBatchNorm,
        Descriptors.UnnormalizedDeepNetwork,
        Descriptors.XavierUnderReLU,
        Descriptors.HeUnderSigmoid,
        Descriptors.ConstantInit,
        Descriptors.SeluWithoutLeCun,
        Descriptors.BatchNormSmallBatch,
        Descriptors.LearningRateOutOfBand,
        Descriptors.AdagradLongRun,
        Descriptors.InvalidNesterov,
        Descriptors.LossActivationMismatch,
        Descriptors.OutputCountMismatch);

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
        AttributeData? network = null;
        foreach (var attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, networkAttribute))
            {
                network = attribute;
                break;
            }
        }

        if (network is null)
        {
            return;
        }

        var result = NetworkParser.Parse(type, context.CancellationToken);
        foreach (var problem in result.Problems)
        {
            var location = problem.Location ?? (type.Locations.Length > 0 ? type.Locations[0] : Location.None);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ForProblem(problem.Id), location, problem.Message));
        }

        // Design rules judge only declarations that generate: an invalid one has its errors to fix first.
        if (result.Spec is not { } spec || result.Sites is not { } sites)
        {
            return;
        }

        var tree = network.ApplicationSyntaxReference?.SyntaxTree ?? sites.Network.SourceTree;
        var options = tree is null
            ? context.Options.AnalyzerConfigOptionsProvider.GlobalOptions
            : context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        var rules = new RuleContext(spec, sites, options, context.ReportDiagnostic);
        ArchitectureRules.Analyze(rules);
        InitializationRules.Analyze(rules);
        TrainingRules.Analyze(rules);
        OutputRules.Analyze(rules);
    }
}
