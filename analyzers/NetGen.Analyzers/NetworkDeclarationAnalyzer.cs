using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Analyzers.Rules;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Weights;

namespace NetGen.Analyzers;

/// <summary>
/// Judges every <c>[Network]</c> declaration with the parser the generator uses: first why it cannot be generated
/// (NG0001–NG0006, NG3004); when it can, the design rules of each category (architecture, initialization, training,
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
        Descriptors.UnsupportedShape,
        Descriptors.NameConflict,
        Descriptors.DeepSaturatingStack,
        Descriptors.LinearHiddenLayer,
        Descriptors.HighDropoutRate,
        Descriptors.BiasBeforeBatchNorm,
        Descriptors.UnnormalizedDeepNetwork,
        Descriptors.FrozenBatchNormStatistics,
        Descriptors.SeluWithDropout,
        Descriptors.DropoutBeforeBatchNorm,
        Descriptors.BatchNormWithoutAffineBeforeSaturating,
        Descriptors.LargeGeneratedCode,
        Descriptors.XavierUnderReLU,
        Descriptors.HeUnderSigmoid,
        Descriptors.ConstantInit,
        Descriptors.SeluWithoutLeCun,
        Descriptors.FixedScaleInit,
        Descriptors.BatchNormSmallBatch,
        Descriptors.LearningRateOutOfBand,
        Descriptors.AdagradLongRun,
        Descriptors.InvalidNesterov,
        Descriptors.AdamCoupledWeightDecay,
        Descriptors.BatchLargerThanSamples,
        Descriptors.LossActivationMismatch,
        Descriptors.OutputCountMismatch,
        Descriptors.ReLUOutputForRegression,
        Descriptors.WeightsFileNotFound,
        Descriptors.WeightsFileUnreadable,
        Descriptors.WeightsFileMismatch,
        Descriptors.VariantCount,
        Descriptors.TooManyVariants,
        Descriptors.InvalidVariantAxis);

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

            // The weights files the build step handed over (decoded once per compilation, and only if a network names one).
            var options = start.Options;
            var weightsFiles = new System.Lazy<ImmutableArray<WeightsFile>>(() => ReadWeightsFiles(options, start.CancellationToken));
            start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, networkAttribute, weightsFiles), SymbolKind.NamedType);
        });
    }

    private static ImmutableArray<WeightsFile> ReadWeightsFiles(AnalyzerOptions options, System.Threading.CancellationToken cancellationToken)
    {
        var files = ImmutableArray.CreateBuilder<WeightsFile>();
        foreach (var text in options.AdditionalFiles)
        {
            if (options.AnalyzerConfigOptionsProvider.GetOptions(text).TryGetValue(BakedWeights.PathMetadata, out var path) && !string.IsNullOrEmpty(path))
            {
                files.Add(BakedWeights.Decode(path, text.GetText(cancellationToken)?.ToString()));
            }
        }

        return files.ToImmutable();
    }

    /// <summary>NG7003 on a <c>[Variants]</c> without <c>[Network]</c>, which would otherwise generate nothing without a word.</summary>
    private static void ReportVariantsWithoutNetwork(SymbolAnalysisContext context, INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == NetworkParser.VariantsAttributeMetadataName)
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.InvalidVariantAxis,
                    attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? Location.None,
                    $"[Variants] on '{type.Name}' needs a [Network] beside it, which declares the inputs, precision and seed every variant shares; add [Network(Inputs = …)]"));
            }
        }
    }

    /// <summary>NG5001–NG5003: the file a declaration's <c>Weights</c> names exists, reads, and matches the declaration.</summary>
    private static void AnalyzeWeights(SymbolAnalysisContext context, NetworkSpec spec, DeclarationSites sites, System.Lazy<ImmutableArray<WeightsFile>> weightsFiles)
    {
        if (spec.Weights is not { } weights)
        {
            return;
        }

        var location = sites.Weights ?? sites.Network;
        var projectDirectory = context.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(BakedWeights.ProjectDirectoryProperty, out var directory) ? directory : null;
        var file = BakedWeights.Find(weights, projectDirectory, weightsFiles.Value);
        if (file is null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.WeightsFileNotFound, location,
                $"Network '{spec.Type.Name}' names the weights file '{weights}', which the compiler was not given: check the path (relative to the project folder), and that the project references the NetGen package, whose build step passes every *.safetensors file in the project; a file outside it needs <NetGenWeights Include=\"{weights}\" />"));
            return;
        }

        var (_, problem, mismatch) = BakedWeights.Resolve(spec, file);
        if (problem is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(mismatch ? Descriptors.WeightsFileMismatch : Descriptors.WeightsFileUnreadable, location,
                mismatch
                    ? $"The weights file '{weights}' does not match network '{spec.Type.Name}': {problem}"
                    : $"The weights file '{weights}' cannot be compiled in: {problem}"));
        }
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol networkAttribute, System.Lazy<ImmutableArray<WeightsFile>> weightsFiles)
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
            ReportVariantsWithoutNetwork(context, type);
            return;
        }

        var result = NetworkParser.Parse(type, context.CancellationToken);
        foreach (var problem in result.Problems)
        {
            var location = problem.Location ?? (type.Locations.Length > 0 ? type.Locations[0] : Location.None);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ForProblem(problem.Id), location, problem.Message));
        }

        var tree = network.ApplicationSyntaxReference?.SyntaxTree;
        var options = tree is null
            ? context.Options.AnalyzerConfigOptionsProvider.GlobalOptions
            : context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        if (result.Family is { } family && result.FamilySites is { } familySites)
        {
            VariantRules.Analyze(family, familySites, options, context.ReportDiagnostic);
            return;
        }

        // Design rules judge only declarations that generate: an invalid one has its errors to fix first.
        if (result.Spec is not { } spec || result.Sites is not { } sites)
        {
            return;
        }

        AnalyzeWeights(context, spec, sites, weightsFiles);
        var rules = new RuleContext(spec, sites, options, context.ReportDiagnostic);
        ArchitectureRules.Analyze(rules);
        InitializationRules.Analyze(rules);
        TrainingRules.Analyze(rules);
        OutputRules.Analyze(rules);
    }
}
