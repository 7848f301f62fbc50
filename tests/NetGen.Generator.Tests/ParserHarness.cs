using System.Linq;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Tests;

/// <summary>Runs <see cref="NetworkParser"/> directly on one declared type, as the analyzers do.</summary>
internal static class ParserHarness
{
    /// <summary>Parses the type <paramref name="metadataName"/> (e.g. <c>Samples.Net</c>, <c>Samples.Outer`1+Net</c>) declared in <paramref name="sources"/>.</summary>
    public static NetworkParser.Result Parse(string metadataName, params string[] sources)
    {
        var compilation = GeneratorHarness.CreateCompilation(sources);
        return Parse(compilation, metadataName);
    }

    /// <summary>Parses the type <paramref name="metadataName"/> of <paramref name="compilation"/>; a type in a file-local one by its name alone.</summary>
    public static NetworkParser.Result Parse(Microsoft.CodeAnalysis.Compilation compilation, string metadataName)
    {
        var type = compilation.GetTypeByMetadataName(metadataName)
            ?? compilation.GetSymbolsWithName(metadataName.Substring(metadataName.LastIndexOfAny(['.', '+']) + 1), Microsoft.CodeAnalysis.SymbolFilter.Type)
                .OfType<Microsoft.CodeAnalysis.INamedTypeSymbol>()
                .SingleOrDefault();
        Assert.True(type is not null, $"The test input declares no type '{metadataName}'.");
        return NetworkParser.Parse(type, default);
    }

    /// <summary>A network declaration in namespace <c>Samples</c>: <paramref name="attributes"/> on <c>public partial class Net</c>.</summary>
    public static string Declare(string attributes) => $$"""
        using NetGen;

        namespace Samples;

        /// <summary>A network under test.</summary>
        {{attributes}}
        public partial class Net
        {
        }
        """;
}
