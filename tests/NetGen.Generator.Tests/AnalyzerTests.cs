extern alias analyzers;

using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using analyzers::NetGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NetGen.Generator.Tests;

/// <summary>The declaration analyzer reports the parser's problems on the smallest span, and every rule is documented.</summary>
public class AnalyzerTests
{
    [Theory]
    [InlineData("[Network(Inputs = 0)] [Layer(3, Activation.Sigmoid)]", "NG0002", "Inputs = 0")]
    [InlineData("[Network(Inputs = 4)] [Layer(0, Activation.Sigmoid)]", "NG0002", "0")]
    [InlineData("[Network(Inputs = 4)] [Layer(8, Activation.Softmax)] [Layer(3, Activation.Softmax)]", "NG0004", "Activation.Softmax")]
    [InlineData("[Network(Inputs = 4)] [Layer(3, Activation.Sigmoid)] [Optimizer(OptimizerKind.Sgd, LearningRate = -1)]", "NG0002", "LearningRate = -1")]
    public async Task InvalidDeclaration_IsReportedOnTheOffendingArgument(string attributes, string id, string span)
    {
        var diagnostics = await AnalyzeAsync(ParserHarness.Declare(attributes));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public async Task NonPartialClass_IsReportedOnItsName()
    {
        var source = ParserHarness.Declare("[Network(Inputs = 4)] [Layer(3, Activation.Sigmoid)]").Replace("public partial class", "public class");
        var diagnostic = Assert.Single(await AnalyzeAsync(source));
        Assert.Equal("NG0001", diagnostic.Id);
        Assert.Equal("Net", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Theory]
    [InlineData("public partial record Net;", "NG0005", "record")]
    [InlineData("public static partial class Net { }", "NG0005", "static")]
    [InlineData("public partial class Net { /// <summary>Mine.</summary>\n public int Seed => 1; }", "NG0006", "Seed")]
    [InlineData("public partial class Predict { }", "NG0006", "Predict")]
    public async Task UnsupportedClass_IsReportedOnTheKeywordOrName(string declaration, string id, string span)
    {
        var source = ParserHarness.Declare("[Network(Inputs = 4)] [Layer(3, Activation.Sigmoid)]").Replace("public partial class Net\n{\n}", declaration);
        var diagnostic = Assert.Single(await AnalyzeAsync(source));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public async Task ValidDeclaration_HasNoDiagnostics()
    {
        var source = ParserHarness.Declare(
            "[Network(Inputs = 4)] [Layer(16, Activation.ReLU)] [Layer(3, Activation.Softmax)] [Loss(LossKind.CategoricalCrossEntropy)]");
        Assert.Empty(await AnalyzeAsync(source));
    }

    [Fact]
    public void EveryRule_HasADocumentationPageAndARowInTheReadme()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        foreach (var descriptor in new NetworkDeclarationAnalyzer().SupportedDiagnostics)
        {
            var page = Path.Combine(root, "docs", "rules", descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"docs/rules/{descriptor.Id}.md is missing");
            Assert.Equal($"# {descriptor.Id}: {descriptor.Title}", File.ReadLines(page).First());
            Assert.Contains($"[{descriptor.Id}]({descriptor.Id}.md)", File.ReadAllText(Path.Combine(root, "docs", "rules", "README.md")), StringComparison.Ordinal);
            Assert.Contains($"[{descriptor.Id}](docs/rules/{descriptor.Id}.md)", readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryRule_HasAnAbsoluteHelpLinkToItsPage()
    {
        // NetGenRulesUrl as this build set it (Directory.Build.props), passed on by the test project.
        var rulesUrl = typeof(AnalyzerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NetGenRulesUrl").Value!;
        foreach (var descriptor in new NetworkDeclarationAnalyzer().SupportedDiagnostics)
        {
            // Absolute, or no IDE can open it (Visual Studio opens only http and https links); file links are this
            // clone's pages while NetGenRepositoryUrl is unset.
            Assert.True(Uri.TryCreate(descriptor.HelpLinkUri, UriKind.Absolute, out var link), $"{descriptor.Id}: '{descriptor.HelpLinkUri}' is not an absolute URL");
            Assert.Contains(link.Scheme, new[] { Uri.UriSchemeHttps, Uri.UriSchemeHttp, Uri.UriSchemeFile });
            Assert.Equal(rulesUrl + descriptor.Id + ".md", descriptor.HelpLinkUri);

            // A file link opens the page itself; an online one the page this repository publishes at the same path.
            var page = link.IsFile ? link.LocalPath : Path.Combine(RepositoryRoot(), "docs", "rules", descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"{descriptor.Id}: the help link {descriptor.HelpLinkUri} leads to no page ({page})");
        }
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source)
    {
        var compilation = GeneratorHarness.CreateCompilation(source);
        var analyzer = new NetworkDeclarationAnalyzer();
        return await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer)).GetAnalyzerDiagnosticsAsync();
    }

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
