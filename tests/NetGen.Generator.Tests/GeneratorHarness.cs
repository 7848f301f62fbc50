extern alias runtime;

using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generator.Tests;

/// <summary>The result of one checked generator run: the generated files, hint name → text, in hint name order.</summary>
internal sealed record GeneratorRun(IReadOnlyDictionary<string, string> Sources, Compilation OutputCompilation);

/// <summary>
/// The one way every generator test runs <see cref="NetworkGenerator"/>. <see cref="Run"/> builds a compilation from the
/// .NET 10 reference assemblies plus the NetGen runtime, runs the generator with step tracking, and asserts that
/// <list type="number">
/// <item>the generator threw nothing and reported no diagnostics (it never does: the analyzers report problems);</item>
/// <item>the compilation including the generated code has no warning and no error (at the highest warning level, with
/// documentation comments checked);</item>
/// <item>running again on a clone with an unrelated file added leaves every tracked step and every source output
/// <c>Cached</c> or <c>Unchanged</c>, with the same generated text — so every generator test is also a caching test;</item>
/// <item>no tracked step output holds a <see cref="Compilation"/>, symbol, syntax node or location.</item>
/// </list>
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>The steps named with <c>WithTrackingName</c> in the generator, all of which must cache.</summary>
    public static readonly ImmutableArray<string> TrackedSteps = ImmutableArray.Create(TrackingNames.Parse, TrackingNames.ValidSpecs);

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly CSharpCompilationOptions s_compilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        warningLevel: 9999,
        deterministic: true);

    private static readonly ImmutableArray<MetadataReference> s_references = Basic.Reference.Assemblies.Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(runtime::NetGen.INetwork<>).Assembly.Location))
        .ToImmutableArray();

    /// <summary>A file with nothing to do with networks, for edits that must not disturb the pipeline.</summary>
    public const string UnrelatedSource = """
        namespace Unrelated;

        /// <summary>Nothing to do with networks.</summary>
        public static class Helper
        {
            /// <summary>Adds one.</summary>
            public static int Increment(int value) => value + 1;
        }
        """;

    /// <summary>Compiles <paramref name="sources"/> (files <c>Source0.cs</c>, <c>Source1.cs</c>, …); they must compile without errors.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources)
    {
        var trees = sources.Select((source, index) => CSharpSyntaxTree.ParseText(source, ParseOptions, $"Source{index}.cs"));
        var compilation = CSharpCompilation.Create("NetGen.Generator.Tests.Input", trees, s_references, s_compilationOptions);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The test input itself does not compile:\n" + Describe(errors));
        return compilation;
    }

    /// <summary>A compilation of <paramref name="trees"/> that may have errors (the contract tests judge them themselves).</summary>
    public static CSharpCompilation CreateCompilationUnchecked(params SyntaxTree[] trees) =>
        CSharpCompilation.Create("NetGen.Generator.Tests.Input", trees, s_references, s_compilationOptions);

    public static SyntaxTree ParseUnrelated(string path = "Unrelated.cs") => CSharpSyntaxTree.ParseText(UnrelatedSource, ParseOptions, path);

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new NetworkGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator on <paramref name="sources"/> with every check above and returns the generated files.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(CreateCompilation(sources));

    /// <summary>
    /// As <see cref="Run(string[])"/>, for sources that use the generated members (<c>net.ParameterCount</c>,
    /// <c>Net.Sizes.InputCount</c>): they compile only with the generated code, which must then have no error or warning.
    /// </summary>
    public static GeneratorRun RunWithUses(params string[] sources) =>
        Run(CSharpCompilation.Create(
            "NetGen.Generator.Tests.Input",
            sources.Select((source, index) => CSharpSyntaxTree.ParseText(source, ParseOptions, $"Source{index}.cs")),
            s_references,
            s_compilationOptions));

    private static GeneratorRun Run(CSharpCompilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        Assert.True(driverDiagnostics.IsEmpty, "The generator driver reported:\n" + Describe(driverDiagnostics));

        var first = AssertRanCleanly(driver.GetRunResult());
        AssertNoForbiddenTypes(first);

        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "The compilation with the generated code has warnings or errors:\n" + Describe(problems));

        // A clone that differs only by a file nothing depends on: everything must come from the cache.
        var clone = compilation.AddSyntaxTrees(ParseUnrelated());
        var second = AssertRanCleanly(driver.RunGenerators(clone).GetRunResult());
        AssertCachedOrUnchanged(second);

        var sourcesByHint = Sources(first);
        Assert.Equal(sourcesByHint, Sources(second));
        return new GeneratorRun(sourcesByHint, output);
    }

    /// <summary>Asserts the one generator's run threw nothing and reported nothing, and returns its result.</summary>
    public static GeneratorRunResult AssertRanCleanly(GeneratorDriverRunResult runResult)
    {
        var result = Assert.Single(runResult.Results);
        Assert.Null(result.Exception);
        Assert.True(result.Diagnostics.IsEmpty, "The generator reported diagnostics:\n" + Describe(result.Diagnostics));
        return result;
    }

    /// <summary>
    /// Asserts that every output of the tracked steps and of the source output is <c>Cached</c> or <c>Unchanged</c>.
    /// Throws (an xunit assertion failure) otherwise; the control tests rely on that.
    /// </summary>
    public static void AssertCachedOrUnchanged(GeneratorRunResult result)
    {
        var notCached = new List<string>();
        foreach (var name in TrackedSteps)
        {
            // Roslyn collects the tracked steps by walking back from the source output's steps, so a declaration that
            // the Where drops (an invalid one) leaves no step at all. When something was generated, both named steps
            // must be there, or a WithTrackingName went missing and this check would pass vacuously.
            if (result.GeneratedSources.IsEmpty && result.TrackedSteps.IsEmpty)
            {
                continue;
            }

            Assert.True(result.TrackedSteps.ContainsKey(name), $"The step '{name}' was not tracked; is WithTrackingName missing?");
            notCached.AddRange(NotCached(name, result.TrackedSteps[name]));
        }

        foreach (var output in result.TrackedOutputSteps)
        {
            notCached.AddRange(NotCached(output.Key, output.Value));
        }

        Assert.True(notCached.Count == 0, "Steps that ran again after an edit that should not affect them:\n" + string.Join("\n", notCached));
    }

    /// <summary>Every run reason of the outputs of step <paramref name="name"/>.</summary>
    public static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string name) =>
        result.TrackedSteps[name].SelectMany(step => step.Outputs).Select(output => output.Reason);

    private static IEnumerable<string> NotCached(string name, ImmutableArray<IncrementalGeneratorRunStep> steps) =>
        steps.SelectMany(step => step.Outputs)
            .Where(output => output.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .Select(output => $"  {name}: {output.Reason} ({output.Value?.GetType().Name ?? "null"})");

    private static SortedDictionary<string, string> Sources(GeneratorRunResult result)
    {
        var sources = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in result.GeneratedSources)
        {
            sources.Add(source.HintName, source.SourceText.ToString());
        }

        return sources;
    }

    /// <summary>Specs must be plain values: a symbol, syntax node, location or compilation in a step output defeats caching and roots memory.</summary>
    private static void AssertNoForbiddenTypes(GeneratorRunResult result)
    {
        foreach (var name in TrackedSteps)
        {
            var steps = result.TrackedSteps.TryGetValue(name, out var tracked) ? tracked : ImmutableArray<IncrementalGeneratorRunStep>.Empty;
            foreach (var output in steps.SelectMany(step => step.Outputs))
            {
                Visit(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static void Visit(object? node, string path, HashSet<object> visited)
    {
        if (node is null || node is string || node.GetType().IsPrimitive || node.GetType().IsEnum || !visited.Add(node))
        {
            return;
        }

        Assert.False(
            node is Compilation or ISymbol or SyntaxNode or SyntaxTree or SemanticModel or Location,
            $"The pipeline output {path} holds a {node.GetType().Name}; specs must not hold Roslyn objects.");

        if (node is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                Visit(item, $"{path}[{index++}]", visited);
            }

            return;
        }

        for (var type = node.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Visit(field.GetValue(node), $"{path}.{field.Name}", visited);
            }
        }
    }

    public static string Describe(IEnumerable<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        foreach (var diagnostic in diagnostics)
        {
            text.Append("  ").Append(diagnostic);
            if (diagnostic.Location.IsInSource)
            {
                var tree = diagnostic.Location.SourceTree!;
                var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
                text.Append("\n      in ").Append(tree.FilePath).Append(": ").Append(tree.GetText().Lines[line].ToString().Trim());
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
