using System.Linq;
using NetGen.Generator.Emitting;

namespace NetGen.Generator.Tests;

/// <summary>
/// Names the compiler accepts are names the generator handles: keywords used as names keep their <c>@</c> in the
/// generated code, and every network gets a hint name the compiler accepts and no other network shares (hint names are
/// compared ignoring case), so no name of one network can stop the generator for all of them.
/// </summary>
public sealed class DeclarationNameTests
{
    [Fact]
    public void KeywordNamesOfNamespaceClassAndContainers_GenerateCodeThatCompiles()
    {
        // The harness asserts: no generator exception or diagnostic, no warning or error with the generated code.
        var run = GeneratorHarness.Run("""
            #pragma warning disable CS8981 // lower-case type names, as in the reports
            using NetGen;

            namespace App.@event
            {
                /// <summary>A network named by a keyword.</summary>
                [Network(Inputs = 2)]
                [Layer(3, Activation.ReLU)]
                [Layer(1)]
                public partial class @class
                {
                }

                /// <summary>A container named by a keyword, with a type parameter named by one.</summary>
                /// <typeparam name="in">Unused.</typeparam>
                public partial class @struct<@in>
                {
                    /// <summary>A network in it.</summary>
                    [Network(Inputs = 2)]
                    [Layer(1)]
                    public partial class @operator
                    {
                    }
                }

                /// <summary>A readonly ref struct container: every part must repeat both.</summary>
                public readonly ref partial struct Span
                {
                    /// <summary>A network in it.</summary>
                    [Network(Inputs = 2)]
                    [Layer(1)]
                    public partial class Net
                    {
                    }
                }

                /// <summary>An interface container.</summary>
                public partial interface IModels
                {
                    /// <summary>A network in it.</summary>
                    [Network(Inputs = 2)]
                    [Layer(1)]
                    public partial class Net
                    {
                    }
                }
            }

            namespace Plain
            {
                /// <summary>A network beside them, which must keep its code.</summary>
                [Network(Inputs = 2)]
                [Layer(1)]
                public partial class Net
                {
                }
            }
            """);

        Assert.Equal(
            ["App.event.IModels.Net.g.cs", "App.event.Span.Net.g.cs", "App.event.class.g.cs", "App.event.struct[in].operator.g.cs", "Plain.Net.g.cs"],
            run.Sources.Keys);
        Assert.Contains("namespace App.@event;", run.Sources["App.event.class.g.cs"]);
        Assert.Contains("partial class @class : global::NetGen.INetwork<float>", run.Sources["App.event.class.g.cs"]);
        Assert.Contains("public @class(int seed)", run.Sources["App.event.class.g.cs"]);
        Assert.Contains("partial class @struct<@in>", run.Sources["App.event.struct[in].operator.g.cs"]);
        Assert.Contains("readonly ref partial struct Span", run.Sources["App.event.Span.Net.g.cs"]);
    }

    [Fact]
    public void NetworksWhoseFullNamesDifferOnlyInCase_GetDistinctHintNames()
    {
        // The compiler compares hint names ignoring case: one shared name would stop the generator for every network.
        var run = GeneratorHarness.Run("""
            using NetGen;

            namespace Samples
            {
                /// <summary>One network.</summary>
                [Network(Inputs = 2)]
                [Layer(1)]
                public partial class Net
                {
                }

                /// <summary>Another, named the same but for case.</summary>
                [Network(Inputs = 3)]
                [Layer(1)]
                public partial class NET
                {
                }

                /// <summary>A network with a name of its own.</summary>
                [Network(Inputs = 2)]
                [Layer(1)]
                public partial class Réseau‿1
                {
                }
            }

            namespace samples
            {
                /// <summary>And one in a namespace named the same but for case.</summary>
                [Network(Inputs = 4)]
                [Layer(1)]
                public partial class Net
                {
                }
            }
            """);

        Assert.Equal(4, run.Sources.Count);
        Assert.Equal(4, run.Sources.Keys.Distinct(System.StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("Samples.Réseau‿1.g.cs", run.Sources.Keys);
        Assert.Contains("inputs: 3,", run.Sources.Single(s => s.Value.Contains("partial class NET ")).Value);
    }

    [Fact]
    public void CaseTwins_AreTheNamesEqualIgnoringCase()
    {
        Assert.Equal(["Samples.NET", "Samples.Net", "samples.Net"], HintNames.CaseTwins(["Samples.Net", "Other.Net", "Samples.NET", "samples.Net", "Samples.Net"]));
        Assert.Empty(HintNames.CaseTwins(["A.Net", "B.Net"]));
    }

    [Fact]
    public void EmitterFailure_IsAnErrorNamingTheNetwork_NotAnException()
    {
        // The parser never lets a network without layers through; the emitter cannot write one.
        var spec = new Model.NetworkSpec(
            new Model.TypeDeclarationSpec("Samples", default, "Broken"),
            Precision.Single,
            Inputs: 2,
            Seed: 0,
            new Model.EquatableArray<Model.LayerSpec>(System.Array.Empty<Model.LayerSpec>()),
            new Model.LossSpec(LossKind.MeanSquaredError, 1),
            new Model.OptimizerSpec(OptimizerKind.Sgd, 0.01),
            Clip: null);

        var source = NetworkGenerator.Generate(spec, null, default);

        Assert.True(source.StartsWith("// <auto-generated/>\n#error NetGen could not generate network Samples.Broken (", System.StringComparison.Ordinal), source);
        var diagnostic = Assert.Single(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source).GetDiagnostics());
        Assert.Equal("CS1029", diagnostic.Id);
    }
}
