extern alias generator;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using BakedWeights = generator::NetGen.Generator.Weights.BakedWeights;
using NetworkGenerator = generator::NetGen.Generator.NetworkGenerator;

namespace NetGen.Benchmarks.Generator;

/// <summary>The network the bake-time check compiles in: 784-256-128-10, 235 146 parameters.</summary>
[Network(Inputs = 784, Seed = 1)]
[Layer(256, Activation.ReLU)]
[Layer(128, Activation.ReLU)]
[Layer(10, Activation.Softmax)]
public partial class BakeTimeNet
{
}

/// <summary>
/// <c>-- --bake-time</c>: what <c>[Network(Weights = …)]</c> adds to a build, for the 784-256-128-10 network of issue 11:
/// the generator's time and the compiler's emit time of the same declaration with and without its weights file (warm
/// medians, same process), and the generated file's size.
/// </summary>
internal static class BakeTimeCheck
{
    private const int Rounds = 9;

    private const string Declaration = """
        using NetGen;
        [Network(Inputs = 784, Seed = 1{0})]
        [Layer(256, Activation.ReLU)]
        [Layer(128, Activation.ReLU)]
        [Layer(10, Activation.Softmax)]
        public partial class MnistNet {{ }}
        """;

    public static void Run()
    {
        using var file = new MemoryStream();
        new BakeTimeNet().Save(file, new SaveOptions { WeightsOnly = true });
        var text = new Text("/project/mnist.safetensors.txt", BakedWeights.TextFormHeader + "\n" + Convert.ToBase64String(file.ToArray(), Base64FormattingOptions.InsertLineBreaks));
        Console.WriteLine($"weights file: {file.Length:N0} bytes ({BakeTimeNet.Sizes.ParameterCount:N0} parameters), text form {text.Content.Length:N0} characters");

        // Both once to warm the JIT and tiering up, then measured; the order is swapped on the second pass.
        Measure(string.Format(Declaration, ""), ImmutableArray<AdditionalText>.Empty);
        Measure(string.Format(Declaration, ", Weights = \"mnist.safetensors\""), ImmutableArray.Create<AdditionalText>(text));
        var baked = Measure(string.Format(Declaration, ", Weights = \"mnist.safetensors\""), ImmutableArray.Create<AdditionalText>(text));
        var plain = Measure(string.Format(Declaration, ""), ImmutableArray<AdditionalText>.Empty);
        Console.WriteLine($"without weights: generator {plain.Generator:F1} ms, emit {plain.Emit:F1} ms, generated {plain.Characters:N0} characters");
        Console.WriteLine($"with weights:    generator {baked.Generator:F1} ms, emit {baked.Emit:F1} ms, generated {baked.Characters:N0} characters");
        Console.WriteLine($"added by baking: {baked.Generator - plain.Generator + baked.Emit - plain.Emit:F1} ms (generator {baked.Generator - plain.Generator:F1}, emit {baked.Emit - plain.Emit:F1}); warm medians of {Rounds}");
    }

    private static (double Generator, double Emit, int Characters) Measure(string source, ImmutableArray<AdditionalText> texts)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Select(path => MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(INetwork<>).Assembly.Location));
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create("Bake", new[] { CSharpSyntaxTree.ParseText(source, parseOptions) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));

        var generatorTimes = new List<double>();
        var emitTimes = new List<double>();
        var characters = 0;
        for (var round = 0; round < Rounds + 1; round++)
        {
            // A new driver each round: the whole generation, as a build that changed the file runs it.
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new NetworkGenerator().AsSourceGenerator() }, texts, parseOptions, new Options(texts));
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
            var generated = driver.GetRunResult().Results.Single();
            if (generated.Exception is not null || generated.GeneratedSources.IsEmpty)
            {
                throw new InvalidOperationException("The generator produced nothing: " + generated.Exception);
            }

            characters = generated.GeneratedSources.Sum(s => s.SourceText.Length);
            var emit = Stopwatch.StartNew();
            var result = output.Emit(Stream.Null);
            emit.Stop();
            if (!result.Success)
            {
                throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            }

            if (round > 0)
            {
                generatorTimes.Add(driver.GetTimingInfo().ElapsedTime.TotalMilliseconds);
                emitTimes.Add(emit.Elapsed.TotalMilliseconds);
            }
        }

        return (Median(generatorTimes), Median(emitTimes), characters);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private sealed class Text(string path, string content) : AdditionalText
    {
        public string Content => content;

        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(content);
    }

    private sealed class Options(ImmutableArray<AdditionalText> texts) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(new() { [BakedWeights.ProjectDirectoryProperty] = "/project" });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values(new());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            new Values(texts.Contains(textFile) ? new() { [BakedWeights.PathMetadata] = textFile.Path[..^".txt".Length] } : new());

        private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
