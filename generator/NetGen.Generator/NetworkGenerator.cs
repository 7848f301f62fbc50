using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Emitting;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Weights;

namespace NetGen.Generator;

/// <summary>
/// Generates the forward, backward and update code of every class marked <c>[Network]</c>.
/// Declarations with problems generate nothing; the analyzers report why. This generator never reports diagnostics.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var networks = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkParser.NetworkAttributeName,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (context, cancellationToken) =>
                    NetworkParser.Parse((INamedTypeSymbol)context.TargetSymbol, cancellationToken, findSites: false).Spec)
            .WithTrackingName(TrackingNames.Parse)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ValidSpecs);

        // Weights files reach the compiler as the package build step's text form (a binary additional file is error CS2015).
        var weightsFiles = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) =>
                pair.Right.GetOptions(pair.Left).TryGetValue(BakedWeights.PathMetadata, out var path) && !string.IsNullOrEmpty(path)
                    ? BakedWeights.Decode(path, pair.Left.GetText(cancellationToken)?.ToString())
                    : null)
            .Where(static file => file is not null)
            .Select(static (file, _) => file!)
            .Collect()
            .Select(static (files, _) => new EquatableArray<WeightsFile>(files))
            .WithTrackingName(TrackingNames.WeightsFiles);
        var projectDirectory = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue(BakedWeights.ProjectDirectoryProperty, out var directory) ? directory : null);

        var generated = networks
            .Combine(weightsFiles.Combine(projectDirectory))
            .Select(static (pair, _) => Bake(pair.Left, pair.Right.Left, pair.Right.Right))
            .Where(static network => network.Generates)
            .WithTrackingName(TrackingNames.Baked);

        context.RegisterSourceOutput(generated, static (context, network) => Emit(context, network));
    }

    /// <summary>A network to generate and its baked weights; a network whose weights file is missing or does not match is not generated (NG5001–NG5003 say why).</summary>
    private static BakedNetwork Bake(NetworkSpec spec, EquatableArray<WeightsFile> files, string? projectDirectory)
    {
        if (spec.Weights is null)
        {
            return new BakedNetwork(spec, null, Generates: true);
        }

        var file = BakedWeights.Find(spec.Weights, projectDirectory, files);
        if (file is null)
        {
            return new BakedNetwork(spec, null, Generates: false);
        }

        var (weights, _, _) = BakedWeights.Resolve(spec, file);
        if (weights is not null && spec.InferenceOnly)
        {
            var (folded, foldedWeights) = BakedWeights.FoldForInference(spec, weights);
            return new BakedNetwork(folded, foldedWeights, Generates: true);
        }

        return new BakedNetwork(spec, weights, Generates: weights is not null);
    }

    private static void Emit(SourceProductionContext context, BakedNetwork network)
    {
        var source = NetworkEmitter.Emit(network.Spec, network.Weights, context.CancellationToken);
        context.AddSource(NetworkEmitter.HintName(network.Spec), source);
    }

    private sealed record BakedNetwork(NetworkSpec Spec, WeightsSpec? Weights, bool Generates);
}

/// <summary>The names of the pipeline steps, for incrementality tests.</summary>
public static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string ValidSpecs = nameof(ValidSpecs);
    public const string WeightsFiles = nameof(WeightsFiles);
    public const string Baked = nameof(Baked);
}
