extern alias generator;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetworkEmitter = generator::NetGen.Generator.Emitting.NetworkEmitter;
using NetworkGenerator = generator::NetGen.Generator.NetworkGenerator;
using NetworkParser = generator::NetGen.Generator.Parsing.NetworkParser;
using NetworkSpec = generator::NetGen.Generator.Model.NetworkSpec;

namespace NetGen.Benchmarks.Generator;

/// <summary>
/// The generator's real workload: one compilation of every source file of the samples, the generated-network tests and
/// these benchmarks that declares a <c>[Network]</c> (about 142 networks), against the running .NET's assemblies and the
/// NetGen runtime. Types the files use from elsewhere (xunit) stay unresolved; the generator only reads the attributes.
/// </summary>
internal sealed class GeneratorWorkload
{
    private static readonly string[] Folders = { "samples", "tests/NetGen.Tests", "tests/NetGen.Benchmarks" };

    public GeneratorWorkload()
    {
        var root = FindRoot();
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var files = Folders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") &&
                           !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (Path: path, Text: File.ReadAllText(path)))
            .Where(file => file.Text.Contains("[Network(", StringComparison.Ordinal))
            .ToList();
        var trees = files.Select(file => CSharpSyntaxTree.ParseText(file.Text, parseOptions, Path.GetRelativePath(root, file.Path)));

        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Select(path => MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(INetwork<>).Assembly.Location));

        Compilation = CSharpCompilation.Create("GeneratorWorkload", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        ParseOptions = parseOptions;
        FileCount = files.Count;
        NetworkTypes = Compilation.SyntaxTrees
            .SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
                .Select(declaration => Compilation.GetSemanticModel(tree).GetDeclaredSymbol(declaration)))
            .OfType<INamedTypeSymbol>()
            .Where(type => type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == NetworkParser.NetworkAttributeName))
            .Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default)
            .ToImmutableArray();
        _specs = new Lazy<ImmutableArray<NetworkSpec>>(() =>
            NetworkTypes.Select(type => NetworkParser.Parse(type, CancellationToken.None).Spec).OfType<NetworkSpec>().ToImmutableArray());
    }

    private readonly Lazy<ImmutableArray<NetworkSpec>> _specs;

    public CSharpCompilation Compilation { get; }

    public CSharpParseOptions ParseOptions { get; }

    public int FileCount { get; }

    /// <summary>Every class with a <c>[Network]</c>, valid or not.</summary>
    public ImmutableArray<INamedTypeSymbol> NetworkTypes { get; }

    /// <summary>The specs of the valid ones: what the emitter gets.</summary>
    public ImmutableArray<NetworkSpec> Specs => _specs.Value;

    /// <summary>A new driver (nothing cached) running the generator once over the whole compilation.</summary>
    public GeneratorDriver RunDriver()
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new NetworkGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));
        return driver.RunGenerators(Compilation);
    }

    /// <summary>The parser alone on every network class.</summary>
    public int ParseAll()
    {
        var valid = 0;
        foreach (var type in NetworkTypes)
        {
            valid += NetworkParser.Parse(type, CancellationToken.None, findSites: false).Spec is null ? 0 : 1;
        }

        return valid;
    }

    /// <summary>The emitter alone on every valid spec; returns the characters written.</summary>
    public long EmitAll()
    {
        long length = 0;
        foreach (var spec in Specs)
        {
            length += NetworkEmitter.Emit(spec, CancellationToken.None).Length;
        }

        return length;
    }

    public static string HintName(NetworkSpec spec) => NetworkEmitter.HintName(spec);

    public static string Emit(NetworkSpec spec) => NetworkEmitter.Emit(spec, CancellationToken.None);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NetGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("NetGen.sln not found above " + AppContext.BaseDirectory);
    }
}
