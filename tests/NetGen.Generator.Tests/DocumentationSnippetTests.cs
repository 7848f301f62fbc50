extern alias analyzers;
extern alias onnx;
extern alias plots;
extern alias runtime;
extern alias tuning;
extern alias tuningpostgresql;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator.Weights;

namespace NetGen.Generator.Tests;

/// <summary>
/// Every <c>```csharp</c> block of README.md, docs/*.md and the package's readme (src/NetGen/PACKAGE.md) compiles, as a user would paste it into a new console project
/// that references the NetGen package (and the companion packages: Onnx, Plots, Tuning, Tuning.PostgreSql): C# 12 (net8.0's default), the console template's implicit usings, the runtime,
/// the real generator and analyzers; no error, no warning, no analyzer diagnostic of Warning or Error.
/// </summary>
/// <remarks>
/// <para>The blocks of one page are the files of one project: a type declared in one block is visible in the others, but
/// each block needs its own <c>using</c> directives. Statements are wrapped in a method of their own, so several blocks
/// may hold statements. A <c>[Network(Weights = "…")]</c> in a block is baked from a file saved (by <c>Save</c>) from
/// the same declaration without <c>Weights</c>, as the user's file would be.</para>
/// <para>An HTML comment on the line before a block (invisible where the Markdown is rendered) can say more:</para>
/// <list type="bullet">
/// <item><c>&lt;!-- snippet: given float[] inputs, INetwork&lt;float&gt; network --&gt;</c>: variables the block uses
/// without declaring them (a C# parameter list; the types resolve with the block's own usings).</item>
/// <item><c>&lt;!-- snippet: generated IrisNet --&gt;</c>: the block is an excerpt of the code generated for the
/// page's <c>IrisNet</c>; every line of it that is not an elision comment (<c>// …</c>) or a brace must occur in the
/// generated file.</item>
/// <item><c>&lt;!-- snippet: skip: reason --&gt;</c>: not compiled, for a deliberate fragment; the reason is required.
/// Keep these rare.</item>
/// </list>
/// <para>A docs page is compiled with the README's declarations that it does not declare itself: the README's
/// <c>IrisNet</c> is the running example of the docs.</para>
/// <para>docs/rules/*.md are not compiled: each rule page shows a declaration the rule reports beside its fix, under
/// one name, on purpose; the analyzer tests check the rules themselves.</para>
/// </remarks>
public sealed class DocumentationSnippetTests
{
    private const string ProjectDirectory = "/snippets";

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.CSharp12, DocumentationMode.Parse);

    private static readonly CSharpCompilationOptions s_compilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        warningLevel: 9999,
        deterministic: true,
        // The SDK's own defaults (NoWarn 1701;1702): binding redirects between reference assembly versions.
        specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress });

    /// <summary>What <c>dotnet new console</c> makes global (ImplicitUsings=enable).</summary>
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly ImmutableArray<MetadataReference> s_references = Basic.Reference.Assemblies.Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(runtime::NetGen.INetwork<>).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(onnx::NetGen.Onnx.OnnxExport).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(plots::NetGen.Plots.TrainingPlots).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(ScottPlot.Plot).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(tuning::NetGen.Tuning.Study).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(tuningpostgresql::NetGen.Tuning.PostgreSql.PostgreSqlStudyStorage).Assembly.Location))
        .ToImmutableArray();

    private static readonly Regex s_marker = new(@"^<!--\s*snippet:\s*(?<kind>given|generated|skip)\b:?\s*(?<argument>.*?)\s*-->\s*$", RegexOptions.CultureInvariant);

    public static TheoryData<string> Pages() => new(PagePaths());

    private static IEnumerable<string> PagePaths() =>
        Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs"), "*.md")
            .Select(page => "docs/" + Path.GetFileName(page))
            .Concat(Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs", "monitors"), "*.md").Select(page => "docs/monitors/" + Path.GetFileName(page)))
            .Order(StringComparer.Ordinal)
            .Prepend("src/NetGen/PACKAGE.md")
            .Prepend("README.md");

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EveryCSharpBlock_CompilesWithTheGeneratorAndAnalyzers(string page)
    {
        var blocks = Snippet.Read(Path.Combine(RepositoryRoot(), page));
        var compiled = blocks.Where(block => block.Kind is SnippetKind.Code).ToList();
        if (compiled.Count == 0)
        {
            return;
        }

        var trees = compiled.Select((block, index) => block.ToSyntaxTree(page, index))
            .Concat(page == "README.md" ? Enumerable.Empty<SyntaxTree>() : ReadmeDeclarationsFor(compiled))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, s_parseOptions, "GlobalUsings.g.cs"))
            .ToList();
        var compilation = CSharpCompilation.Create("Snippets", trees, s_references, s_compilationOptions);
        var weights = BakeWeights(compilation, page);

        var driver = CreateDriver()
            .AddAdditionalTexts(weights.Select(w => (AdditionalText)w).ToImmutableArray())
            .WithUpdatedAnalyzerConfigOptions(new WeightsOptions(weights));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        GeneratorHarness.AssertRanCleanly(driver.GetRunResult());

        var analyzerOptions = new AnalyzerOptions(weights.Select(w => (AdditionalText)w).ToImmutableArray(), new WeightsOptions(weights));
        var analyzerDiagnostics = await output.WithAnalyzers(AllAnalyzers(), analyzerOptions).GetAnalyzerDiagnosticsAsync();
        var problems = output.GetDiagnostics()
            .Concat(analyzerDiagnostics)
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToList();
        Assert.True(problems.Count == 0, $"C# blocks of {page} that do not compile as pasted:\n" + Describe(problems, compiled));

        foreach (var excerpt in blocks.Where(block => block.Kind is SnippetKind.GeneratedExcerpt))
        {
            AssertIsExcerptOfGeneratedCode(excerpt, driver.GetRunResult(), page);
        }
    }

    [Fact]
    public void Markers_AreWellFormedAndEverySkipHasAReason()
    {
        var skipped = new List<string>();
        foreach (var page in PagePaths())
        {
            foreach (var block in Snippet.Read(Path.Combine(RepositoryRoot(), page)))
            {
                if (block.Kind is SnippetKind.Skip)
                {
                    Assert.True(block.Argument.Length >= 10, $"{page}:{block.Line}: a skipped block needs its reason (<!-- snippet: skip: why -->)");
                    skipped.Add($"{page}:{block.Line}");
                }
            }
        }

        // Rare by design: a new opt-out must be justified here as well as on its page.
        Assert.True(skipped.Count <= 1, "More blocks are skipped than the one API listing (docs/schedules.md): " + string.Join(", ", skipped));
    }

    [Fact]
    public void ReadmeQuickstart_WithoutItsUsings_IsReported()
    {
        // The control for the check above: the quickstart as it was first published (no using NetGen.Training or
        // NetGen.Schedules) must fail, or the compilation is not looking.
        var block = Snippet.Read(Path.Combine(RepositoryRoot(), "README.md")).First(b => b.Kind is SnippetKind.Code && b.Source.Contains("Trainer.Fit", StringComparison.Ordinal));
        var stripped = block with { Source = Regex.Replace(block.Source, @"^using NetGen\.(Training|Schedules);\r?\n", "", RegexOptions.Multiline) };
        var declaration = Snippet.Read(Path.Combine(RepositoryRoot(), "README.md")).First(b => b.Source.Contains("partial class IrisNet", StringComparison.Ordinal));
        var compilation = CSharpCompilation.Create(
            "Snippets",
            new[] { stripped.ToSyntaxTree("README.md", 0), declaration.ToSyntaxTree("README.md", 1), CSharpSyntaxTree.ParseText(ImplicitUsings, s_parseOptions) },
            s_references,
            s_compilationOptions);
        CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToList();
        Assert.Contains("CS0246", errors);
    }

    /// <summary>
    /// The declarations of the README that a docs page uses as its running example (IrisNet): the README blocks without
    /// statements that declare none of the page's own type names.
    /// </summary>
    private static IEnumerable<SyntaxTree> ReadmeDeclarationsFor(IReadOnlyList<Snippet> pageBlocks)
    {
        var declaredOnPage = pageBlocks.SelectMany(block => block.DeclaredTypeNames()).ToHashSet(StringComparer.Ordinal);
        return Snippet.Read(Path.Combine(RepositoryRoot(), "README.md"))
            .Where(block => block.Kind is SnippetKind.Code && !block.HasStatements() && !block.DeclaredTypeNames().Any(declaredOnPage.Contains))
            .Select((block, index) => block.ToSyntaxTree("README.md", index));
    }

    /// <summary>
    /// For every network declared with <c>Weights</c>: the file the user would have, saved from the same declaration
    /// without <c>Weights</c> (and <c>InferenceOnly</c>), as the build step's text form.
    /// </summary>
    private static List<InMemoryText> BakeWeights(CSharpCompilation compilation, string page)
    {
        var baked = new List<(string TypeName, string File)>();
        var trees = new List<SyntaxTree>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var root = tree.GetRoot();
            var arguments = root.DescendantNodes().OfType<AttributeArgumentSyntax>()
                .Where(a => a.NameEquals?.Name.Identifier.Text is "Weights" or "InferenceOnly" && a.Parent?.Parent is AttributeSyntax { Name: var name } && name.ToString() is "Network" or "NetworkAttribute")
                .ToList();
            foreach (var argument in arguments.Where(a => a.NameEquals!.Name.Identifier.Text == "Weights"))
            {
                var type = argument.Ancestors().OfType<ClassDeclarationSyntax>().First();
                var symbol = compilation.GetSemanticModel(tree).GetDeclaredSymbol(type)!;
                var file = (string)compilation.GetSemanticModel(tree).GetConstantValue(argument.Expression).Value!;
                baked.Add((symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", ""), file));
            }

            trees.Add(arguments.Count == 0 ? tree : tree.WithRootAndOptions(root.RemoveNodes(arguments, SyntaxRemoveOptions.KeepNoTrivia)!, tree.Options));
        }

        if (baked.Count == 0)
        {
            return new List<InMemoryText>();
        }

        CreateDriver().RunGeneratorsAndUpdateCompilation(compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(trees), out var trainable, out _);
        using var image = new MemoryStream();
        if (!trainable.Emit(image).Success)
        {
            // The page does not compile; the check that follows reports why.
            return new List<InMemoryText>();
        }

        var context = new AssemblyLoadContext("snippets", isCollectible: true);
        try
        {
            image.Position = 0;
            var assembly = context.LoadFromStream(image);
            return baked.Select(b =>
            {
                var network = Activator.CreateInstance(assembly.GetType(b.TypeName, throwOnError: true)!)!;
                using var file = new MemoryStream();
                var options = new runtime::NetGen.SaveOptions { WeightsOnly = true };
                if (network is runtime::NetGen.INetwork<double> doubleNetwork)
                {
                    runtime::NetGen.NetworkFile.Save(doubleNetwork, file, options);
                }
                else
                {
                    runtime::NetGen.NetworkFile.Save((runtime::NetGen.INetwork<float>)network, file, options);
                }

                var path = ProjectDirectory + "/" + b.File;
                return new InMemoryText(path + ".txt", BakedWeights.TextFormHeader + "\n" + Convert.ToBase64String(file.ToArray(), Base64FormattingOptions.InsertLineBreaks), path);
            }).ToList();
        }
        finally
        {
            context.Unload();
        }
    }

    private static void AssertIsExcerptOfGeneratedCode(Snippet excerpt, GeneratorDriverRunResult run, string page)
    {
        var hint = run.Results.Single().GeneratedSources.Select(s => s.HintName).FirstOrDefault(h => h.EndsWith("." + excerpt.Argument + ".g.cs", StringComparison.Ordinal) || h == excerpt.Argument + ".g.cs");
        Assert.True(hint is not null, $"{page}:{excerpt.Line}: no generated file for '{excerpt.Argument}' on this page");
        var generated = run.Results.Single().GeneratedSources.Single(s => s.HintName == hint).SourceText.Lines
            .Select(line => line.ToString().Trim())
            .ToHashSet(StringComparer.Ordinal);
        var lines = excerpt.Source.Split('\n').Select(line => line.Trim()).ToList();
        var checkedLines = lines.Where(line => line.Length > 1 && !line.Contains('…', StringComparison.Ordinal)).ToList();
        Assert.True(checkedLines.Count >= 5, $"{page}:{excerpt.Line}: the excerpt has almost nothing to check");
        var missing = checkedLines.Where(line => !generated.Contains(line)).ToList();
        Assert.True(missing.Count == 0, $"{page}:{excerpt.Line}: lines of the excerpt that the generator no longer writes for {excerpt.Argument}:\n  " + string.Join("\n  ", missing));
    }

    /// <summary>The generator, parsing its output as the snippets are parsed (C# 12).</summary>
    private static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(new[] { new NetworkGenerator().AsSourceGenerator() }, parseOptions: s_parseOptions);

    private static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers() =>
        typeof(analyzers::NetGen.Analyzers.NetworkDeclarationAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    private static string Describe(IEnumerable<Diagnostic> diagnostics, IReadOnlyList<Snippet> blocks)
    {
        var text = new StringBuilder();
        foreach (var diagnostic in diagnostics)
        {
            var where = diagnostic.Location.SourceTree?.FilePath ?? "";
            var block = blocks.Select((b, i) => (b, i)).FirstOrDefault(x => where.EndsWith($"#{x.i}.cs", StringComparison.Ordinal)).b;
            text.Append(block is null ? "  (generated or global) " : $"  block at line {block.Line}: ").Append(diagnostic.Id).Append(' ').Append(diagnostic.GetMessage()).Append('\n');
            if (diagnostic.Location.IsInSource)
            {
                var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
                text.Append("      ").Append(diagnostic.Location.SourceTree!.GetText().Lines[line].ToString().Trim()).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));

    private enum SnippetKind
    {
        Code,
        GeneratedExcerpt,
        Skip,
    }

    /// <summary>One <c>```csharp</c> block: its first line in the page (1-based), its text, and its marker.</summary>
    private sealed record Snippet(int Line, string Source, SnippetKind Kind, string Argument, string Given)
    {
        public static List<Snippet> Read(string page)
        {
            var lines = File.ReadAllLines(page);
            var snippets = new List<Snippet>();
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim() != "```csharp")
                {
                    continue;
                }

                var start = i + 1;
                var end = start;
                while (end < lines.Length && lines[end].Trim() != "```")
                {
                    end++;
                }

                var marker = i > 0 ? s_marker.Match(lines[i - 1].Trim()) : Match.Empty;
                var kind = marker.Success ? marker.Groups["kind"].Value : "";
                var argument = marker.Success ? marker.Groups["argument"].Value : "";
                snippets.Add(new Snippet(
                    start + 1,
                    string.Join("\n", lines[start..end]),
                    kind switch { "skip" => SnippetKind.Skip, "generated" => SnippetKind.GeneratedExcerpt, _ => SnippetKind.Code },
                    argument,
                    kind == "given" ? argument : ""));
                i = end;
            }

            return snippets;
        }

        public IEnumerable<string> DeclaredTypeNames() =>
            Parse().DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Select(type => type.Identifier.Text);

        public bool HasStatements() => Parse().Members.OfType<GlobalStatementSyntax>().Any();

        private CompilationUnitSyntax Parse() => (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(Source, s_parseOptions).GetRoot();

        /// <summary>The block as a file of the page's project: its statements, if any, wrapped in a method of their own.</summary>
        public SyntaxTree ToSyntaxTree(string page, int index)
        {
            var path = $"{page}#{index}.cs";
            var unit = Parse();
            var statements = unit.Members.OfType<GlobalStatementSyntax>().ToList();
            if (statements.Count == 0 && Given.Length == 0)
            {
                return CSharpSyntaxTree.ParseText(Source, s_parseOptions, path, Encoding.UTF8);
            }

            var text = new StringBuilder();
            foreach (var directive in unit.Externs.Cast<SyntaxNode>().Concat(unit.Usings))
            {
                text.Append(directive.ToFullString());
            }

            text.Append("\nfile static class Snippet").Append(index).Append("\n{\n    public static void Run(").Append(Given).Append(")\n    {\n");
            foreach (var statement in statements)
            {
                text.Append(statement.ToFullString()).Append('\n');
            }

            text.Append("    }\n}\n");
            foreach (var member in unit.Members.Where(m => m is not GlobalStatementSyntax))
            {
                text.Append(member.ToFullString()).Append('\n');
            }

            return CSharpSyntaxTree.ParseText(text.ToString(), s_parseOptions, path, Encoding.UTF8);
        }
    }

    private sealed class InMemoryText(string path, string text, string originalPath) : AdditionalText
    {
        public override string Path => path;

        public string OriginalPath => originalPath;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    /// <summary>What the package's build step tells the generator: the project folder and each text form's original file.</summary>
    private sealed class WeightsOptions(List<InMemoryText> texts) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(new() { [BakedWeights.ProjectDirectoryProperty] = ProjectDirectory });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values(new());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            new Values(texts.FirstOrDefault(t => t.Path == textFile.Path) is { } text ? new() { [BakedWeights.PathMetadata] = text.OriginalPath } : new());

        private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
