extern alias analyzers;
extern alias runtime;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using analyzers::NetGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator.Weights;

namespace NetGen.Generator.Tests;

/// <summary>
/// <c>[Network(Weights = …)]</c>: the generator compiles a matching file's state in, generates nothing for a missing,
/// corrupt or mismatched one (the analyzer reports NG5001–NG5003 on the argument), and caches per network.
/// </summary>
public sealed class WeightsBakingTests
{
    private const string Project = "/project";
    private const string WeightsPath = "/project/models/mixed.safetensors";

    private const string MixedFloatLayers = """
        [Layer(10, Activation.SELU, Init.LeCunNormal)]
        [Layer(6, Activation.LeakyReLU, Slope = 0.2)]
        [BatchNorm]
        [Layer(5, Activation.PReLU)]
        [Layer(4, Activation.ReLU)]
        [Layer(2, Activation.Sigmoid)]
        """;

    internal static string Declaration(string network = "[Network(Inputs = 4, Weights = \"models/mixed.safetensors\")]", string layers = MixedFloatLayers) => $$"""
        using NetGen;

        namespace Samples;

        /// <summary>A network baked from a file.</summary>
        {{network}}
        {{layers}}
        public partial class BakedNet
        {
        }

        /// <summary>A network without weights, generated beside it.</summary>
        [Network(Inputs = 3)]
        [Layer(4, Activation.ReLU)]
        [Layer(2)]
        public partial class PlainNet
        {
        }
        """;

    private static byte[] Fixture(string name, [CallerFilePath] string here = "") =>
        File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(here)!, "..", "NetGen.Tests", "Fixtures", name));

    /// <summary>What the package's build step hands the compiler: the file as base64 behind a header line.</summary>
    private static AdditionalText TextForm(byte[] bytes, string original = WeightsPath) =>
        new InMemoryText(original + ".txt", BakedWeights.TextFormHeader + "\n" + Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks));

    private static GeneratorDriver Driver(params AdditionalText[] texts) =>
        GeneratorHarness.CreateDriver()
            .AddAdditionalTexts(ImmutableArray.Create(texts))
            .WithUpdatedAnalyzerConfigOptions(new Options(texts));

    private static GeneratorRunResult Run(GeneratorDriver driver, Compilation compilation, out GeneratorDriver updated)
    {
        updated = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = GeneratorHarness.AssertRanCleanly(updated.GetRunResult());
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        return result;
    }

    /// <summary>
    /// Runs the generator on <paramref name="sources"/> with the mixed-float fixture as <c>models/mixed.safetensors</c>
    /// and returns the compilation with the generated code, which must have no warning.
    /// </summary>
    internal static Compilation RunBaked(params string[] sources)
    {
        var compilation = GeneratorHarness.CreateCompilation(sources);
        Run(Driver(TextForm(Fixture("PyTorch/mixed_float.safetensors"))), compilation, out var driver);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return output;
    }

    [Fact]
    public void MatchingFile_IsCompiledInAsConstants()
    {
        var compilation = GeneratorHarness.CreateCompilation(Declaration());
        var result = Run(Driver(TextForm(Fixture("PyTorch/mixed_float.safetensors"))), compilation, out _);
        var baked = result.GeneratedSources.Single(s => s.HintName == "Samples.BakedNet.g.cs").SourceText.ToString();
        Assert.Contains("global::NetGen.BakedData.Decode(__ng_BakedParameters, __ng_parameters.Span);", baked);
        Assert.Contains("global::NetGen.BakedData.Decode(__ng_BakedRunningStatistics, __ng_running.Span);", baked);
        Assert.Contains("BatchesTracked = 20;", baked);
        Assert.Contains("private static string __ng_BakedParameters => \"", baked);
        Assert.DoesNotContain("WeightInitializer", baked);
        Assert.Contains(result.GeneratedSources, s => s.HintName == "Samples.PlainNet.g.cs");
    }

    [Fact]
    public void InferenceOnly_GeneratesOnlyInference_WithBatchNormFolded()
    {
        var network = "[Network(Inputs = 4, Weights = \"models/mixed.safetensors\", InferenceOnly = true)]";
        var compilation = GeneratorHarness.CreateCompilation(Declaration(network));
        var result = Run(Driver(TextForm(Fixture("PyTorch/mixed_float.safetensors"))), compilation, out _);
        var shipped = result.GeneratedSources.Single(s => s.HintName == "Samples.BakedNet.g.cs").SourceText.ToString();
        Assert.Contains("partial class BakedNet : global::NetGen.IPredictor<float>", shipped);
        foreach (var training in new[] { "INetwork", "TrainStep", "ComputeGradients", "_gradients", "BatchNorm", "_running", "Dropout", "LearningRate" })
        {
            Assert.DoesNotContain(training, shipped);
        }
    }

    [Fact]
    public async Task InferenceOnly_WithoutWeights_IsNG0002OnTheArgument()
    {
        var compilation = GeneratorHarness.CreateCompilation(Declaration("[Network(Inputs = 4, InferenceOnly = true)]"));
        var result = GeneratorHarness.AssertRanCleanly(Driver().RunGenerators(compilation).GetRunResult());
        Assert.Equal(["Samples.PlainNet.g.cs"], result.GeneratedSources.Select(s => s.HintName));
        var diagnostic = Assert.Single(await AnalyzeAsync(compilation, []), d => d.Id == "NG0002");
        Assert.Equal("InferenceOnly = true", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Contains("needs trained weights", diagnostic.GetMessage());
    }

    [Fact]
    public void EditedWeightsFile_RegeneratesThatNetworkOnly_AndAnUnrelatedEditCachesEverything()
    {
        var compilation = GeneratorHarness.CreateCompilation(Declaration());
        var original = TextForm(Fixture("PyTorch/mixed_float.safetensors"));
        Run(Driver(original), compilation, out var driver);

        var unrelated = Run(driver, compilation.AddSyntaxTrees(GeneratorHarness.ParseUnrelated()), out _);
        Assert.All(GeneratorHarness.Reasons(unrelated, TrackingNames.Baked), reason =>
            Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));

        // The same path, other trained weights (the F16 rounding of the same network).
        var edited = TextForm(Fixture("PyTorch/mixed_float.f16.safetensors"));
        var rerun = Run(driver.ReplaceAdditionalText(original, edited).WithUpdatedAnalyzerConfigOptions(new Options([edited])), compilation, out _);
        var reasons = GeneratorHarness.Reasons(rerun, TrackingNames.Baked).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, reasons.Count(r => r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("corrupt")]
    [InlineData("mismatch")]
    public async Task BadWeightsFile_GeneratesNothingForThatNetwork_AndIsReportedOnTheArgument(string kind)
    {
        var bytes = Fixture("PyTorch/mixed_float.safetensors");
        var layers = MixedFloatLayers;
        AdditionalText[] texts;
        switch (kind)
        {
            case "missing":
                texts = [];
                break;
            case "corrupt":
                // A flipped bit in a weight of a NetGen file: its checksum catches it (a PyTorch file has none).
                bytes = Fixture("NetGen/resumable.safetensors");
                bytes[bytes.Length - 3] ^= 0x40;
                layers = ResumableLayers;
                texts = [TextForm(bytes)];
                break;
            default:
                layers = MixedFloatLayers.Replace("[Layer(10, Activation.SELU", "[Layer(9, Activation.SELU");
                texts = [TextForm(bytes)];
                break;
        }

        var source = Declaration(network: kind == "corrupt" ? "[Network(Inputs = 5, Weights = \"models/mixed.safetensors\")]" : "[Network(Inputs = 4, Weights = \"models/mixed.safetensors\")]", layers);
        var compilation = GeneratorHarness.CreateCompilation(source);
        var driver = Driver(texts).RunGenerators(compilation);
        var result = GeneratorHarness.AssertRanCleanly(driver.GetRunResult());
        Assert.Equal(["Samples.PlainNet.g.cs"], result.GeneratedSources.Select(s => s.HintName));

        var diagnostic = Assert.Single(await AnalyzeAsync(compilation, texts), d => d.Id.StartsWith("NG5", StringComparison.Ordinal));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Weights = \"models/mixed.safetensors\"", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        var (id, message) = kind switch
        {
            "missing" => ("NG5001", "names the weights file 'models/mixed.safetensors', which the compiler was not given"),
            "corrupt" => ("NG5002", "cannot be compiled in: it is corrupt: its checksum is"),
            _ => ("NG5003", "layer 1: expected 9 × 4 for layer 1 weights W1 (tensor '0.weight'), the file has 10 × 4"),
        };
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(message, diagnostic.GetMessage());
    }

    [Fact]
    public async Task FileTooLargeForTheBuildStep_IsNG5002WithItsSize()
    {
        var text = new InMemoryText(WeightsPath + ".txt", BakedWeights.TooLargeHeader + "\n123456789012");
        var compilation = GeneratorHarness.CreateCompilation(Declaration());
        var result = GeneratorHarness.AssertRanCleanly(Driver(text).RunGenerators(compilation).GetRunResult());
        Assert.Equal(["Samples.PlainNet.g.cs"], result.GeneratedSources.Select(s => s.HintName));
        var diagnostic = Assert.Single(await AnalyzeAsync(compilation, [text]), d => d.Id.StartsWith("NG5", StringComparison.Ordinal));
        Assert.Equal("NG5002", diagnostic.Id);
        Assert.Contains("it is 123456789012 bytes", diagnostic.GetMessage());
    }

    [Fact]
    public async Task DeclarationTooLargeToBake_IsNG5002BeforeAnythingIsAllocated()
    {
        // 2 billion parameters are within NG0002's bounds; reading the file for them would first allocate 16 GB of doubles.
        var network = "[Network(Inputs = 60, Weights = \"models/mixed.safetensors\")]";
        var compilation = GeneratorHarness.CreateCompilation(Declaration(network, "[Layer(33_554_416)]"));
        var text = TextForm(Fixture("PyTorch/mixed_float.safetensors"));
        var result = GeneratorHarness.AssertRanCleanly(Driver(text).RunGenerators(compilation).GetRunResult());
        Assert.Equal(["Samples.PlainNet.g.cs"], result.GeneratedSources.Select(s => s.HintName));
        var diagnostic = Assert.Single(await AnalyzeAsync(compilation, [text]), d => d.Id.StartsWith("NG5", StringComparison.Ordinal));
        Assert.Equal("NG5002", diagnostic.Id);
        Assert.Contains("its 2,046,819,376 parameters need", diagnostic.GetMessage());
    }

    [Fact]
    public void FileNameWithXmlCharacters_KeepsTheDocCommentsValid()
    {
        // The harness compiles with documentation diagnostics on: a raw & in a doc comment would be a warning.
        var network = "[Network(Inputs = 4, Weights = \"models/a&b<c>.safetensors\")]";
        var compilation = GeneratorHarness.CreateCompilation(Declaration(network));
        var text = TextForm(Fixture("PyTorch/mixed_float.safetensors"), "/project/models/a&b<c>.safetensors");
        var result = Run(Driver(text), compilation, out _);
        Assert.Contains("a&amp;b&lt;c&gt;.safetensors", result.GeneratedSources.Single(s => s.HintName == "Samples.BakedNet.g.cs").SourceText.ToString());
    }

    private const string ResumableLayers = """
        [Layer(12, Activation.ReLU, Bias = false)]
        [BatchNorm]
        [Layer(8, Activation.Tanh)]
        [Dropout(0.25)]
        [Layer(3, Activation.Softmax)]
        """;

    [Theory]
    [InlineData("[Network(Inputs = 5, Weights = \"models/mixed.safetensors\")]", "Tanh", "ReLU", "the architecture differs at layer 2: the file has Linear(12, 8) → Tanh → Dropout(0.25), this declaration has Linear(12, 8) → ReLU → Dropout(0.25)")]
    [InlineData("[Network(Inputs = 5, Precision = Precision.Double, Weights = \"models/mixed.safetensors\")]", "Tanh", "Tanh", "it holds a Single network; this declaration computes in Double")]
    [InlineData("[Network(Inputs = 5, Weights = \"models/mixed.safetensors\")]", "[Dropout(0.25)]", "", "the architecture differs at layer 2: the file has Linear(12, 8) → Tanh → Dropout(0.25), this declaration has Linear(12, 8) → Tanh")]
    public async Task NetGenFile_OfAnotherArchitecture_NamesTheFirstDifference(string network, string from, string to, string message)
    {
        var texts = new[] { TextForm(Fixture("NetGen/resumable.safetensors")) };
        var compilation = GeneratorHarness.CreateCompilation(Declaration(network, ResumableLayers.Replace(from, to)));
        var diagnostic = Assert.Single(await AnalyzeAsync(compilation, texts), d => d.Id.StartsWith("NG5", StringComparison.Ordinal));
        Assert.Equal("NG5003", diagnostic.Id);
        Assert.Contains(message, diagnostic.GetMessage());
    }

    [Fact]
    public async Task MatchingNetGenCheckpoint_IsNotReported()
    {
        var texts = new[] { TextForm(Fixture("NetGen/resumable.safetensors")) };
        var compilation = GeneratorHarness.CreateCompilation(Declaration("[Network(Inputs = 5, Weights = \"models/mixed.safetensors\")]", ResumableLayers));
        Assert.DoesNotContain(await AnalyzeAsync(compilation, texts), d => d.Id.StartsWith("NG5", StringComparison.Ordinal));
    }

    [Fact]
    public void Describe_IsTheRuntimesArchitectureText()
    {
        // The generator's copy of NetworkArchitecture.Describe() must match it, or every NetGen file would be "another architecture".
        var declarations = new[]
        {
            ("Inputs = 4", MixedFloatLayers),
            ("Inputs = 5", ResumableLayers),
            ("Inputs = 3", "[Layer(6, Activation.PReLU, SlopePerUnit = true, Bias = false)] [BatchNorm(Momentum = 0.2, Epsilon = 1e-3, Affine = false)] [Layer(1, Activation.GELU)]"),
        };
        foreach (var (network, layers) in declarations)
        {
            var spec = ParserHarness.Parse("Samples.Net", ParserHarness.Declare($"[Network({network})] {layers}")).Spec!;
            var inputs = spec.Inputs;
            var architecture = new runtime::NetGen.NetworkArchitecture(
                runtime::NetGen.Precision.Single,
                spec.Inputs,
                spec.Layers.Select(layer =>
                {
                    var described = new runtime::NetGen.LayerArchitecture(
                        inputs,
                        layer.Units,
                        (runtime::NetGen.Activation)(int)layer.Activation,
                        layer.Bias,
                        layer.Slope,
                        layer.Activation == Activation.PReLU ? (layer.SlopePerUnit ? layer.Units : 1) : 0,
                        layer.BatchNorm is { } norm ? new runtime::NetGen.BatchNormArchitecture(norm.Momentum, norm.Epsilon, norm.Affine) : null,
                        layer.DropoutRate);
                    inputs = layer.Units;
                    return described;
                }).ToList(),
                runtime::NetGen.LossKind.MeanSquaredError,
                runtime::NetGen.OptimizerKind.Sgd,
                [],
                []);
            Assert.Equal(architecture.Describe(), BakedWeights.Describe(spec));
        }
    }

    [Fact]
    public void XxHash64_IsSystemIoHashings()
    {
        var random = new Random(5);
        foreach (var length in new[] { 0, 1, 3, 4, 7, 8, 31, 32, 33, 63, 64, 100, 1000 })
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(System.IO.Hashing.XxHash64.HashToUInt64(data), XxHash64.Hash(data));
        }
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, AdditionalText[] texts)
    {
        var options = new AnalyzerOptions(ImmutableArray.Create(texts), new Options(texts));
        return await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NetworkDeclarationAnalyzer()), options).GetAnalyzerDiagnosticsAsync();
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    /// <summary>The options the build step sets: the project folder, and each text form's original path.</summary>
    private sealed class Options(AdditionalText[] texts) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(new() { [BakedWeights.ProjectDirectoryProperty] = Project });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values(new());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            new Values(texts.Any(t => t.Path == textFile.Path) ? new() { [BakedWeights.PathMetadata] = textFile.Path[..^".txt".Length] } : new());

        private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
