using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using NetGen.Analyzers;

namespace NetGen.Analyzers.Tests;

/// <summary>
/// Runs the NetGen analyzer (and a code fix) over a declaration, fully offline: the .NET 10 reference assemblies come
/// from Basic.Reference.Assemblies, NetGen's attributes from the runtime project (toolchain.md).
/// </summary>
internal static class Verifier<TCodeFix>
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id, DiagnosticSeverity severity) =>
        new DiagnosticResult(id, severity).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    /// <summary>Expects exactly <paramref name="expected"/> (every severity, Info included) and nothing else.</summary>
    public static Task AnalyzeAsync(string source, params DiagnosticResult[] expected) =>
        AnalyzeAsync(source, editorConfig: null, expected);

    public static async Task AnalyzeAsync(string source, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>
    /// Applies the fix registered under <paramref name="equivalenceKey"/> to the first diagnostic, and Fix All over the
    /// document, and expects <paramref name="fixedSource"/> from both (with <paramref name="remaining"/> still reported).
    /// </summary>
    public static async Task FixAsync(
        string source,
        DiagnosticResult[] expected,
        string fixedSource,
        string equivalenceKey,
        DiagnosticResult[]? remaining = null,
        DiagnosticResult[]? extra = null,
        int? iterations = null)
    {
        var test = new Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
            // One diagnostic per fix: applying the fix for the first leaves the others, fixed in later iterations.
            NumberOfIncrementalIterations = iterations ?? expected.Length,
            NumberOfFixAllIterations = 1,
        };
        test.ExpectedDiagnostics.AddRange(expected);
        test.ExpectedDiagnostics.AddRange(extra ?? []);
        // The fixed state is spelled out: exactly `remaining` is reported there, never inherited unfixed diagnostics.
        test.FixedState.InheritanceMode = StateInheritanceMode.Explicit;
        Test.AddReferences(test.FixedState);
        test.FixedState.ExpectedDiagnostics.AddRange(remaining ?? []);
        await test.RunAsync();
    }

    private sealed class Test : CSharpCodeFixTest<NetworkDeclarationAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            AddReferences(TestState);
        }

        public static void AddReferences(SolutionState state)
        {
            state.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
            state.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(NetGen.NetworkAttribute).Assembly.Location));
        }
    }
}

/// <summary>Declarations under test: a network class in a namespace with <c>using NetGen;</c>.</summary>
internal static class Source
{
    public static string Network(params string[] attributes) =>
        "using NetGen;\n\nnamespace Samples;\n\n" + string.Join("\n", attributes) + "\npublic partial class Net\n{\n}\n";

    /// <summary>Several network classes <c>Net1</c>, <c>Net2</c>, … in one document, for Fix All.</summary>
    public static string Networks(params string[][] networks) =>
        "using NetGen;\n\nnamespace Samples;\n" + string.Concat(networks.Select((attributes, i) =>
            "\n" + string.Join("\n", attributes) + $"\npublic partial class Net{i + 1}\n{{\n}}\n"));

    /// <summary><paramref name="count"/> copies of <paramref name="layer"/>, one per line.</summary>
    public static string[] Repeat(int count, string layer) => Enumerable.Repeat(layer, count).ToArray();
}
