extern alias analyzers;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading.Tasks;
using analyzers::NetGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Generator.Emitting;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Tests;

/// <summary>
/// <c>[Variants]</c> families: each variant generated exactly as its hand-written declaration, the registry, the cap
/// (default and <c>.editorconfig</c>) applied alike by the generator and the analyzer, and invalid axes.
/// </summary>
public sealed class VariantFamilyTests
{
    private const string SmallFamily = """
        using NetGen;

        namespace Samples.Tuning;

        /// <summary>Iris-sized classifiers of two depths, two widths and two activations.</summary>
        [Network(Inputs = 4, Seed = 7)]
        [Variants(Depth = [1, 2], Units = [8, 16], Activation = [Activation.ReLU, Activation.Tanh])]
        [Layer(3, Activation.Softmax)]
        [Optimizer(OptimizerKind.Adam, LearningRate = 0.01)]
        public partial class IrisFamily
        {
        }
        """;

    [Fact]
    public void SmallFamily_MatchesSnapshot()
    {
        var run = GeneratorHarness.Run("""
            using NetGen;

            namespace Samples.Tuning;

            /// <summary>Two depths, two batch-norm settings.</summary>
            [Network(Inputs = 4, Seed = 1)]
            [Variants(Depth = [1, 2], Units = [5], BatchNorm = [false, true])]
            [Layer(3, Activation.Softmax)]
            public partial class TinyFamily
            {
            }
            """);

        Assert.Equal(
            [
                "Samples.Tuning.TinyFamily.Depth1_Units5_BatchNorm.g.cs",
                "Samples.Tuning.TinyFamily.Depth1_Units5_NoBatchNorm.g.cs",
                "Samples.Tuning.TinyFamily.Depth2_Units5_BatchNorm.g.cs",
                "Samples.Tuning.TinyFamily.Depth2_Units5_NoBatchNorm.g.cs",
                "Samples.Tuning.TinyFamily.g.cs",
            ],
            run.Sources.Keys);
        // The registry's file whole; each variant is a network like any other, which the other snapshots cover.
        Snapshot.Verify(run.Sources.Where(s => s.Key == "Samples.Tuning.TinyFamily.g.cs").ToDictionary(s => s.Key, s => s.Value));
    }

    [Fact]
    public void EveryVariant_IsTheNetworkItsHandWrittenDeclarationGenerates()
    {
        var family = GeneratorHarness.Run(SmallFamily).Sources;
        var handWritten = GeneratorHarness.Run("""
            using NetGen;

            namespace Samples.Tuning;

            /// <summary>Depth2_Units16_Tanh, written out.</summary>
            [Network(Inputs = 4, Seed = 7)]
            [Layer(16, Activation.Tanh)]
            [Layer(16, Activation.Tanh)]
            [Layer(3, Activation.Softmax)]
            [Optimizer(OptimizerKind.Adam, LearningRate = 0.01)]
            public partial class Depth2_Units16_Tanh
            {
            }
            """).Sources.Single().Value;

        var variant = family["Samples.Tuning.IrisFamily.Depth2_Units16_Tanh.g.cs"];
        // The same code, but nested in the family class (one more level of indentation and braces, and its name in the
        // network's own type where generated code names it from global::).
        Assert.Equal(
            Normalize(handWritten),
            Normalize(variant.Replace("partial class IrisFamily\n{\n", "").Replace("global::Samples.Tuning.IrisFamily.", "global::Samples.Tuning.").TrimEnd().TrimEnd('}')));
        Assert.Equal(8 + 1, family.Count);
    }

    [Fact]
    public void OptimizerAxis_GivesEachVariantTheKindsDefaults()
    {
        var sources = GeneratorHarness.Run("""
            using NetGen;

            namespace Samples.Tuning;

            /// <summary>One architecture, three optimizers.</summary>
            [Network(Inputs = 4)]
            [Variants(Depth = [1], Units = [8], Optimizer = [OptimizerKind.Sgd, OptimizerKind.Momentum, OptimizerKind.AdamW])]
            [Layer(1, Activation.Sigmoid)]
            public partial class OptimizerFamily
            {
            }
            """).Sources;

        Assert.Contains("global::NetGen.OptimizerKind.Momentum", sources["Samples.Tuning.OptimizerFamily.Depth1_Units8_Momentum.g.cs"]);
        Assert.Contains("new(\"Momentum\", 0.9)", sources["Samples.Tuning.OptimizerFamily.Depth1_Units8_Momentum.g.cs"]);
        Assert.Contains("new(\"WeightDecay\", 0.01)", sources["Samples.Tuning.OptimizerFamily.Depth1_Units8_AdamW.g.cs"]);
        Assert.Contains("new(\"LearningRate\", 0.001)", sources["Samples.Tuning.OptimizerFamily.Depth1_Units8_AdamW.g.cs"]);
    }

    [Fact]
    public void FamilyInContainingTypeAndDoublePrecision_CompilesWithoutWarnings()
    {
        var run = GeneratorHarness.Run("""
            using NetGen;

            namespace Samples.Tuning;

            /// <summary>Holds a family.</summary>
            public static partial class Holder
            {
                /// <summary>Every axis at once.</summary>
                [Network(Inputs = 3, Precision = Precision.Double)]
                [Variants(Depth = [1, 3], Units = [4], Activation = [Activation.PReLU, Activation.SELU], Init = [Init.Auto, Init.Orthogonal],
                          BatchNorm = [true], Dropout = [0, 0.125], Optimizer = [OptimizerKind.RmsProp])]
                [Layer(2)]
                [Loss(LossKind.Huber, Delta = 0.5)]
                [GradientClip(MaxNorm = 1)]
                [Training(BatchSize = 8, Epochs = 3)]
                internal partial class EveryAxis
                {
                }
            }
            """);

        Assert.Equal(2 * 2 * 2 * 2 + 1, run.Sources.Count);
        Assert.Contains("Samples.Tuning.Holder.EveryAxis.Depth3_Units4_SELU_Orthogonal_BatchNorm_Dropout12_5_RmsProp.g.cs", run.Sources.Keys);
        Assert.Contains("global::NetGen.NetworkVariant<double>", run.Sources["Samples.Tuning.Holder.EveryAxis.g.cs"]);
    }

    [Fact]
    public void RegistryUse_Compiles()
    {
        // The registry and the variants are usable from user code: typed, public, creatable.
        GeneratorHarness.RunWithUses(SmallFamily, """
            using NetGen;

            namespace Samples.Tuning;

            /// <summary>Uses the family.</summary>
            public static class Use
            {
                /// <summary>Creates every variant.</summary>
                public static int Parameters()
                {
                    var total = new IrisFamily.Depth1_Units8_ReLU(3).ParameterCount;
                    foreach (var variant in IrisFamily.Variants)
                    {
                        total += variant.Create(seed: 1).ParameterCount + variant.Architecture.Layers.Count;
                    }

                    return total;
                }
            }
            """);
    }

    [Theory]
    [InlineData(null, 8, true)]          // the default cap, 64
    [InlineData("8", 8, true)]           // exactly at the cap
    [InlineData("7", 8, false)]          // over a lowered cap
    [InlineData("not a number", 8, true)] // unreadable: the default
    public void Cap_FromEditorConfig_DecidesWhetherTheFamilyGenerates(string? cap, int variants, bool generates)
    {
        var compilation = GeneratorHarness.CreateCompilation(SmallFamily);
        var options = new Options(cap is null ? [] : new Dictionary<string, string> { [VariantFamilies.MaxVariantsKey] = cap });
        var driver = CSharpGeneratorDriver.Create(
            [new NetworkGenerator().AsSourceGenerator()],
            parseOptions: GeneratorHarness.ParseOptions,
            optionsProvider: new OptionsProvider(options),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        var result = GeneratorHarness.AssertRanCleanly(driver.RunGenerators(compilation).GetRunResult());

        Assert.Equal(generates ? variants + 1 : 0, result.GeneratedSources.Length);
    }

    [Fact]
    public void DefaultCap_FamilyOverIt_GeneratesNothing()
    {
        // 5 × 5 × 3 = 75 variants, over the default 64.
        var run = GeneratorHarness.Run(SmallFamily.Replace("Depth = [1, 2], Units = [8, 16], Activation = [Activation.ReLU, Activation.Tanh]",
            "Depth = [1, 2, 3, 4, 5], Units = [2, 4, 8, 16, 32], Activation = [Activation.ReLU, Activation.Tanh, Activation.GELU]"));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public async Task Analyzer_ReportsTheCountOnTheAttribute()
    {
        var diagnostic = Assert.Single(await AnalyzeAsync(SmallFamily));
        Assert.Equal("NG7001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.StartsWith("Family 'IrisFamily' generates 8 variants (2 Depth × 2 Units × 2 Activation; the cap is 64), about ", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.StartsWith("Variants(Depth", Span(diagnostic));
    }

    [Theory]
    [InlineData(null, "Units = [2, 4, 8, 16, 32]", 64)]  // 5 × 5 = 25, × 3 = 75 > 64: Activation takes it over
    [InlineData("20", "Units = [2, 4, 8, 16, 32]", 20)]  // 5 × 5 = 25 > 20: Units takes it over
    public async Task Analyzer_ReportsTheCapOnTheAxisThatExceedsIt(string? cap, string units, int expectedCap)
    {
        var source = SmallFamily.Replace("Depth = [1, 2], Units = [8, 16], Activation = [Activation.ReLU, Activation.Tanh]",
            $"Depth = [1, 2, 3, 4, 5], {units}, Activation = [Activation.ReLU, Activation.Tanh, Activation.GELU]");
        var diagnostic = Assert.Single(await AnalyzeAsync(source, cap));

        Assert.Equal("NG7002", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains($"declares 75 variants (5 Depth × 5 Units × 3 Activation), more than the cap of {expectedCap}", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(cap is null ? "Activation = [Activation.ReLU, Activation.Tanh, Activation.GELU]" : units, Span(diagnostic));
    }

    [Fact]
    public async Task Analyzer_AstronomicalFamily_IsReportedWithoutExpandingIt()
    {
        var source = SmallFamily.Replace("Depth = [1, 2], Units = [8, 16]",
            "Depth = [" + string.Join(", ", Enumerable.Range(1, 1000)) + "], Units = [" + string.Join(", ", Enumerable.Range(1, 1000)) + "]");
        var diagnostic = Assert.Single(await AnalyzeAsync(source));
        Assert.Equal("NG7002", diagnostic.Id);
        Assert.Contains("declares 2,000,000 variants", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Depth = [], Units = [8]", "Depth = []", "is empty")]
    [InlineData("Units = [8]", "Variants(Units = [8])", "must list the Depth")]
    [InlineData("Depth = [1, 0], Units = [8]", "0", "0 hidden layers cannot make a network")]
    [InlineData("Depth = [1], Units = [8, -4]", "-4", "every value must be at least 1")]
    [InlineData("Depth = [1, 2, 1], Units = [8]", "1", "lists 1 twice")]
    [InlineData("Depth = [1], Units = [8], Activation = [Activation.Softmax]", "Activation.Softmax", "only allowed on the output layer")]
    [InlineData("Depth = [1], Units = [8], Activation = [(Activation)99]", "(Activation)99", "99 is not a defined Activation value")]
    [InlineData("Depth = [1], Units = [8], BatchNorm = [true, true]", "true", "lists true twice")]
    [InlineData("Depth = [1], Units = [8], Dropout = [0.5, 1]", "1", "must be in [0, 1)")]
    [InlineData("Depth = [1], Units = [8], Dropout = [0.2, 0.2000000000000001]", "0.2000000000000001", "name the same variants (Dropout20)")]
    [InlineData("Depth = new[] { 1, 2, 2 }, Units = [8]", "2", "lists 2 twice")]
    public async Task InvalidAxis_IsReportedOnTheValueOrArgument(string axes, string span, string message)
    {
        var source = SmallFamily.Replace("Depth = [1, 2], Units = [8, 16], Activation = [Activation.ReLU, Activation.Tanh]", axes);
        var diagnostic = Assert.Single(await AnalyzeAsync(source));
        Assert.Equal("NG7003", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(message, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(span, Span(diagnostic));
        // The duplicate is the second occurrence, not the first.
        if (message.Contains("twice", StringComparison.Ordinal))
        {
            Assert.True(diagnostic.Location.SourceSpan.Start > source.IndexOf(span, source.IndexOf("Variants(", StringComparison.Ordinal), StringComparison.Ordinal));
        }

        Assert.Empty(GeneratorHarness.Run(source).Sources);
    }

    [Theory]
    [InlineData("[Layer(8, Activation.ReLU)]\n[Layer(3, Activation.Softmax)]", "Layer(8, Activation.ReLU)", "declares only its output [Layer]")]
    [InlineData("[Layer(3, Activation.Softmax)]\n[Optimizer(OptimizerKind.Adam)]", "OptimizerKind.Adam", "[Optimizer] would choose it twice")]
    public async Task FamilyConflict_IsReportedOnTheConflictingAttribute(string layers, string span, string message)
    {
        var source = SmallFamily
            .Replace("Activation = [Activation.ReLU, Activation.Tanh]", "Optimizer = [OptimizerKind.Sgd, OptimizerKind.Adam]")
            .Replace("[Layer(3, Activation.Softmax)]\n[Optimizer(OptimizerKind.Adam, LearningRate = 0.01)]", layers);
        var diagnostic = Assert.Single(await AnalyzeAsync(source), d => d.Id != "NG7001");
        Assert.Equal("NG7003", diagnostic.Id);
        Assert.Contains(message, diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(span, Span(diagnostic));
        Assert.Empty(GeneratorHarness.Run(source).Sources);
    }

    [Theory]
    [InlineData("/// <summary>Mine.</summary>\npublic int Variants => 1;", "Variants")]
    [InlineData("/// <summary>Mine.</summary>\npublic class Depth2_Units16_Tanh { }", "Depth2_Units16_Tanh")]
    public async Task MemberNamedLikeGeneratedOne_IsNG0006(string member, string span)
    {
        var source = SmallFamily.Replace("public partial class IrisFamily\n{\n}", "public partial class IrisFamily\n{\n" + member + "\n}");
        var diagnostic = Assert.Single(await AnalyzeAsync(source));
        Assert.Equal("NG0006", diagnostic.Id);
        Assert.Equal(span, Span(diagnostic));
        Assert.Empty(GeneratorHarness.Run(source).Sources);
    }

    [Fact]
    public async Task VariantsWithoutNetwork_IsReported()
    {
        var diagnostic = Assert.Single(await AnalyzeAsync(SmallFamily.Replace("[Network(Inputs = 4, Seed = 7)]\n", "")));
        Assert.Equal("NG7003", diagnostic.Id);
        Assert.Contains("needs a [Network]", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.2, "Dropout20")]
    [InlineData(0.125, "Dropout12_5")]
    [InlineData(0.5, "Dropout50")]
    [InlineData(0.0, "NoDropout")]
    [InlineData(0.001, "Dropout0_1")]
    public void DropoutNamePart_IsThePercentage(double rate, string name) =>
        Assert.Equal(name, VariantFamilies.DropoutNamePart(rate));

    private static string Normalize(string source) =>
        string.Join("\n", source.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal)))
            .Replace("Depth2_Units16_Tanh", "NAME");

    private static string Span(Diagnostic diagnostic) => diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, string? cap = null)
    {
        var compilation = GeneratorHarness.CreateCompilation(source);
        var options = new AnalyzerOptions([], new OptionsProvider(new Options(cap is null ? [] : new Dictionary<string, string> { [VariantFamilies.MaxVariantsKey] = cap })));
        return await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NetworkDeclarationAnalyzer()), options).GetAnalyzerDiagnosticsAsync();
    }

    /// <summary>The same <c>.editorconfig</c> values for every file, as a <c>[*.cs]</c> section gives them.</summary>
    private sealed class OptionsProvider(AnalyzerConfigOptions options) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options([]);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => options;
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
