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
        var declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkParser.NetworkAttributeName,
                // Records too, so that the parser rejects them (NG0005) rather than nothing seeing them.
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                transform: static (context, cancellationToken) => Declared(NetworkParser.Parse((INamedTypeSymbol)context.TargetSymbol, cancellationToken, findSites: false)))
            .WithTrackingName(TrackingNames.Parse)
            .Where(static declared => declared is not null)
            .Select(static (declared, _) => declared!)
            .WithTrackingName(TrackingNames.ValidSpecs);
        var networks = declarations
            .Where(static declared => declared.Network is not null)
            .Select(static (declared, _) => declared.Network!);

        // A family's cap is an .editorconfig key of the file that declares it. The tree it is read for is kept out of the
        // tracked steps (a tree is a new object after every edit of its file); only the family's name and cap go on.
        var familyCaps = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkParser.VariantsAttributeMetadataName,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (context, _) => (Key: context.TargetSymbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), Tree: context.TargetNode.SyntaxTree))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => new FamilyCap(pair.Left.Key, VariantFamilies.MaxVariants(pair.Right.GetOptions(pair.Left.Tree))))
            .Collect()
            .Select(static (caps, _) => new EquatableArray<FamilyCap>(caps.ToArray()));

        // A family over its cap generates nothing (NG7002 says so); one within it generates each variant and the registry.
        var families = declarations
            .Where(static declared => declared.Family is not null)
            .Select(static (declared, _) => declared.Family!)
            .Combine(familyCaps)
            .Where(static pair => pair.Left.Count <= CapOf(pair.Left, pair.Right))
            .Select(static (pair, cancellationToken) => new GeneratedFamily(pair.Left, new EquatableArray<VariantSpec>(VariantFamilies.Expand(pair.Left).ToArray())))
            .WithTrackingName(TrackingNames.Families);
        var variants = families.SelectMany(static (family, _) => family.Variants.Select(variant => variant.Network));

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

        // Hint names are compared ignoring case: networks (variants and families too) whose full names differ only in case need distinct ones.
        var caseTwins = networks
            .Select(static (spec, _) => spec.Type.FullName)
            .Collect()
            .Combine(families.Collect())
            .Select(static (pair, _) => HintNames.CaseTwins(pair.Left.Concat(pair.Right.SelectMany(f => f.Variants.Select(v => v.Network.Type.FullName).Append(f.Family.Type.FullName)))))
            .WithTrackingName(TrackingNames.CaseTwins);

        foreach (var specs in new[] { networks, variants })
        {
            var generated = specs
                .Combine(weightsFiles.Combine(projectDirectory))
                .Select(static (pair, _) => Bake(pair.Left, pair.Right.Left, pair.Right.Right))
                .Where(static network => network.Generates)
                .Combine(caseTwins)
                .Select(static (pair, _) => pair.Left with { HintName = HintNames.For(pair.Left.Spec.Type, pair.Right) })
                .WithTrackingName(TrackingNames.Baked);

            context.RegisterSourceOutput(generated, static (context, network) => Emit(context, network));
        }

        var registries = families
            .Combine(caseTwins)
            .Select(static (pair, _) => (Family: pair.Left, HintName: HintNames.For(pair.Left.Family.Type, pair.Right)));
        context.RegisterSourceOutput(registries, static (context, registry) =>
            context.AddSource(registry.HintName, VariantFamilyEmitter.Emit(registry.Family.Family, registry.Family.Variants, context.CancellationToken)));
    }

    /// <summary>What the parser found that generates: a network, or a family of variants.</summary>
    private sealed record Declaration(NetworkSpec? Network, VariantFamilySpec? Family);

    private static Declaration? Declared(NetworkParser.Result result) =>
        result.Spec is not null || result.Family is not null ? new Declaration(result.Spec, result.Family) : null;

    /// <summary>A family's cap, keyed by its fully qualified name.</summary>
    private sealed record FamilyCap(string Key, int Cap);

    private static int CapOf(VariantFamilySpec family, EquatableArray<FamilyCap> caps)
    {
        foreach (var cap in caps)
        {
            if (cap.Key == family.Key)
            {
                return cap.Cap;
            }
        }

        return VariantFamilies.DefaultMaxVariants;
    }

    /// <summary>A family within its cap and its variants, in registry order.</summary>
    private sealed record GeneratedFamily(VariantFamilySpec Family, EquatableArray<VariantSpec> Variants);

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
    public const string Families = nameof(Families);
}
