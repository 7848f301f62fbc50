using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Emitting;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

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

        context.RegisterSourceOutput(networks, static (context, spec) => Emit(context, spec));
    }

    private static void Emit(SourceProductionContext context, NetworkSpec spec)
    {
        var source = NetworkEmitter.Emit(spec, context.CancellationToken);
        context.AddSource(NetworkEmitter.HintName(spec), source);
    }
}

/// <summary>The names of the pipeline steps, for incrementality tests.</summary>
public static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string ValidSpecs = nameof(ValidSpecs);
}
