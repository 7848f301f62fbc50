extern alias analyzers;
extern alias runtime;

using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NetGen.Roslyn48.Tests;

/// <summary>The generator and analyzers in Roslyn 4.8.0 with C# 12: they load, generate code that compiles there, and report.</summary>
public class OldestCompilerTests
{
    private static readonly CSharpParseOptions s_csharp12 = new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    // The running runtime's assemblies stand in for reference assemblies; NetGen's runtime is added by path.
    private static readonly ImmutableArray<MetadataReference> s_references =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(runtime::NetGen.INetwork<>).Assembly.Location))
            .ToImmutableArray();

    [Fact]
    public void TheCompilerIsRoslyn48() =>
        Assert.Equal(new Version(4, 8, 0, 0), typeof(CSharpCompilation).Assembly.GetName().Version);

    [Theory]
    [InlineData("""
        [Network(Inputs = 4, Seed = 7)]
        [Layer(16, Activation.ReLU, Init.HeNormal)]
        [BatchNorm]
        [Layer(3, Activation.Softmax)]
        [Loss(LossKind.CategoricalCrossEntropy)]
        [Optimizer(OptimizerKind.Adam, LearningRate = 1e-3)]
        public partial class IrisNet { }
        """)]
    [InlineData("""
        [Network(Inputs = 3, Precision = Precision.Double, Seed = 1)]
        [Layer(5, Activation.PReLU)]
        [Dropout(0.2)]
        [Layer(2, Activation.Sigmoid)]
        [Loss(LossKind.BinaryCrossEntropy)]
        [Optimizer(OptimizerKind.Momentum, LearningRate = 0.01, Nesterov = true)]
        [GradientClip(MaxNorm = 1)]
        public partial class DoubleNet { }
        """)]
    public void GeneratedCode_CompilesAsCSharp12_WithoutWarnings(string declaration)
    {
        var compilation = Compile(declaration);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            generators: [new NetGen.Generator.NetworkGenerator().AsSourceGenerator()],
            parseOptions: s_csharp12);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        var generated = Assert.Single(result.GeneratedSources);
        Assert.Contains("public void Predict(", generated.SourceText.ToString());
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(problems.Length == 0, string.Join(Environment.NewLine, problems.Select(p => p.ToString())));
    }

    [Fact]
    public async Task Analyzers_ReportOnTheArgumentAtFault()
    {
        var compilation = Compile("""
            [Network(Inputs = 8, Seed = 1)]
            [Layer(8, Activation.ReLU, Init.XavierUniform)]
            [Layer(1)]
            public partial class XavierUnderRelu { }
            """);
        var analyzerTypes = typeof(analyzers::NetGen.Analyzers.NetworkDeclarationAnalyzer).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();
        Assert.NotEmpty(analyzerTypes);

        var diagnostics = await compilation.WithAnalyzers(analyzerTypes).GetAnalyzerDiagnosticsAsync();
        var ng2001 = Assert.Single(diagnostics, d => d.Id == "NG2001");
        Assert.Equal("Init.XavierUniform", ng2001.Location.SourceTree!.ToString()[ng2001.Location.SourceSpan.Start..ng2001.Location.SourceSpan.End]);
    }

    private static CSharpCompilation Compile(string declaration)
    {
        var source = "using NetGen;\n\nnamespace Sample;\n\n" + declaration;
        var compilation = CSharpCompilation.Create(
            "Roslyn48Sample",
            [CSharpSyntaxTree.ParseText(source, s_csharp12)],
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, string.Join(Environment.NewLine, errors.Select(e => e.ToString())));
        return compilation;
    }
}
