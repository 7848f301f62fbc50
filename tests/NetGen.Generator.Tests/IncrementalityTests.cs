using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Sdk;

namespace NetGen.Generator.Tests;

/// <summary>
/// The pipeline caches: edits that do not change a network's spec leave <see cref="TrackingNames.Parse"/> and
/// <see cref="TrackingNames.ValidSpecs"/> <c>Cached</c>/<c>Unchanged</c> and the source output <c>Cached</c>; an edit
/// that changes the spec gives <c>Modified</c>, which shows the caching assertion can fail.
/// </summary>
public sealed class IncrementalityTests
{
    private const string SourceOutput = "SourceOutput";

    private const string Network = """
        using NetGen;

        namespace Samples.Incremental;

        /// <summary>A network whose first layer the control edit widens.</summary>
        [Network(Inputs = 8)]
        [Layer(64, Activation.ReLU)]
        [Layer(2, Activation.Softmax)]
        public partial class TrackedNet
        {
        }
        """;

    [Fact]
    public void UnrelatedFileAdded_StepsCachedAndOutputCached()
    {
        var compilation = GeneratorHarness.CreateCompilation(Network);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.All(GeneratorHarness.Reasons(Result(driver), TrackingNames.Parse), reason => Assert.Equal(IncrementalStepRunReason.New, reason));

        var result = Result(driver.RunGenerators(compilation.AddSyntaxTrees(GeneratorHarness.ParseUnrelated())));

        GeneratorHarness.AssertCachedOrUnchanged(result);
        Assert.All(OutputReasons(result), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    [Fact]
    public void UnrelatedFileEdited_StepsCachedAndOutputCached()
    {
        var unrelated = GeneratorHarness.ParseUnrelated();
        var compilation = GeneratorHarness.CreateCompilation(Network).AddSyntaxTrees(unrelated);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = CSharpSyntaxTree.ParseText(
            GeneratorHarness.UnrelatedSource.Replace("value + 1", "value + 2"), GeneratorHarness.ParseOptions, unrelated.FilePath);
        var result = Result(driver.RunGenerators(compilation.ReplaceSyntaxTree(unrelated, edited)));

        GeneratorHarness.AssertCachedOrUnchanged(result);
        Assert.All(OutputReasons(result), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    [Fact]
    public void CommentAddedToNetworkFile_SpecUnchangedAndOutputCached()
    {
        // The network's own file changes, so Parse runs again, but it produces an equal spec: value equality of the
        // spec (records, EquatableArray) is what stops the pipeline here.
        var compilation = GeneratorHarness.CreateCompilation(Network);
        var tree = compilation.SyntaxTrees.Single();
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = CSharpSyntaxTree.ParseText(
            Network.Replace("public partial class TrackedNet", "// A comment.\npublic partial class TrackedNet"), GeneratorHarness.ParseOptions, tree.FilePath);
        var result = Result(driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited)));

        Assert.Contains(IncrementalStepRunReason.Unchanged, GeneratorHarness.Reasons(result, TrackingNames.Parse));
        GeneratorHarness.AssertCachedOrUnchanged(result);
        Assert.All(OutputReasons(result), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    [Fact]
    public void LayerUnitsChanged_StepsModifiedAndAssertionFails()
    {
        var compilation = GeneratorHarness.CreateCompilation(Network);
        var tree = compilation.SyntaxTrees.Single();
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = CSharpSyntaxTree.ParseText(Network.Replace("[Layer(64,", "[Layer(128,"), GeneratorHarness.ParseOptions, tree.FilePath);
        var result = Result(driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, edited)));

        Assert.Equal([IncrementalStepRunReason.Modified], GeneratorHarness.Reasons(result, TrackingNames.Parse));
        Assert.Equal([IncrementalStepRunReason.Modified], GeneratorHarness.Reasons(result, TrackingNames.ValidSpecs));
        Assert.Equal([IncrementalStepRunReason.Modified], OutputReasons(result));
        Assert.Contains("_d1 = new(count * 128);", Assert.Single(result.GeneratedSources).SourceText.ToString());
        Assert.ThrowsAny<XunitException>(() => GeneratorHarness.AssertCachedOrUnchanged(result));
    }

    private static GeneratorRunResult Result(GeneratorDriver driver) => GeneratorHarness.AssertRanCleanly(driver.GetRunResult());

    private static IncrementalStepRunReason[] OutputReasons(GeneratorRunResult result) =>
        result.TrackedOutputSteps[SourceOutput].SelectMany(step => step.Outputs).Select(output => output.Reason).ToArray();
}
