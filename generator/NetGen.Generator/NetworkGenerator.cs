using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
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
                // Records too, so that the parser rejects them (NG0005) rather than nothing seeing them.
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
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

        // Hint names are compared ignoring case: networks whose full names differ only in case need distinct ones.
        var caseTwins = networks
            .Select(static (spec, _) => spec.Type.FullName)
            .Collect()
            .Select(static (names, _) => HintNames.CaseTwins(names))
            .WithTrackingName(TrackingNames.CaseTwins);

        var generated = networks
            .Combine(weightsFiles.Combine(projectDirectory))
            .Select(static (pair, _) => Bake(pair.Left, pair.Right.Left, pair.Right.Right))
            .Where(static network => network.Generates)
            .Combine(caseTwins)
            .Select(static (pair, _) => pair.Left with { HintName = HintNames.For(pair.Left.Spec.Type, pair.Right) })
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

    private static void Emit(SourceProductionContext context, BakedNetwork network) =>
        context.AddSource(network.HintName, Generate(network.Spec, network.Weights, context.CancellationToken));

    /// <summary>
    /// The network's source. Should emitting it throw (a bug: the parser lets through only what the emitter handles), the
    /// file is an <c>#error</c> that names the network and the exception: an exception leaving the generator would take
    /// every network's code away, and the build would fail on their uses without saying why.
    /// </summary>
    internal static string Generate(NetworkSpec spec, WeightsSpec? weights, CancellationToken cancellationToken)
    {
        try
        {
            return NetworkEmitter.Emit(spec, weights, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var message = exception.Message.Replace('\r', ' ').Replace('\n', ' ');
            return $"// <auto-generated/>\n#error NetGen could not generate network {spec.Type.FullName} ({exception.GetType().Name}: {message}); this is a bug in NetGen, please report it\n";
        }
    }

    private sealed record BakedNetwork(NetworkSpec Spec, WeightsSpec? Weights, bool Generates, string HintName = "");
}

/// <summary>The names of the pipeline steps, for incrementality tests.</summary>
public static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string ValidSpecs = nameof(ValidSpecs);
    public const string WeightsFiles = nameof(WeightsFiles);
    public const string Baked = nameof(Baked);
    public const string CaseTwins = nameof(CaseTwins);
}
