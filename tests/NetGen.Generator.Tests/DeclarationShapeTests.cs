extern alias analyzers;

using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using analyzers::NetGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Tests;

/// <summary>
/// The class shapes a network can have: each either generates code that compiles without a warning, or is an NG0005
/// or NG0006 error with nothing generated (InvalidDeclarationTests has one case per error).
/// </summary>
public sealed class DeclarationShapeTests
{
    [Fact]
    public void SupportedShapes_GenerateCodeThatCompiles()
    {
        // The harness asserts no warning or error in the compilation with the generated code.
        var run = GeneratorHarness.RunWithUses("""
            using NetGen;

            namespace Samples;

            /// <summary>Abstract: the generated constructors are for derived classes.</summary>
            [Network(Inputs = 2)]
            [Layer(1)]
            public abstract partial class AbstractNet
            {
            }

            /// <summary>Derives from the abstract network without [Network]: it is that network.</summary>
            public sealed class ConcreteNet : AbstractNet
            {
                /// <summary>With a seed.</summary>
                /// <param name="seed">The seed.</param>
                public ConcreteNet(int seed)
                    : base(seed)
                {
                }
            }

            /// <summary>Sealed and internal, without a body.</summary>
            [Network(Inputs = 2)]
            [Layer(1)]
            internal sealed partial class BodilessNet;

            /// <summary>Members of its own beside the generated ones.</summary>
            [Network(Inputs = 4)]
            [Layer(3, Activation.Softmax)]
            public partial class FriendlyNet
            {
                /// <summary>A name, set by a constructor that runs the generated one.</summary>
                /// <param name="name">The name.</param>
                public FriendlyNet(string name)
                    : this(seed: 7)
                {
                    Name = name;
                }

                /// <summary>The name.</summary>
                public string Name { get; } = "";

                /// <summary>A property named like another optimizer's hyperparameter: SGD has no Beta1.</summary>
                public double Beta1 { get; set; }

                /// <summary>An overload of the generated Predict.</summary>
                /// <param name="features">One sample.</param>
                /// <returns>The probabilities.</returns>
                public float[] Predict(float[] features)
                {
                    var probabilities = new float[Sizes.OutputCount];
                    Predict(features, probabilities);
                    return probabilities;
                }

                /// <summary>Overloads of every generated method a doc comment refers to.</summary>
                /// <param name="value">Anything.</param>
                public void ComputeGradients(int value) => _ = value;

                /// <inheritdoc cref="ComputeGradients(int)"/>
                public void GetGradients(int value) => _ = value;

                /// <inheritdoc cref="ComputeGradients(int)"/>
                public void GetParameters(int value) => _ = value;

                /// <inheritdoc cref="ComputeGradients(int)"/>
                public void SetParameters(int value) => _ = value;

                /// <inheritdoc cref="ComputeGradients(int)"/>
                public void GetRunningStatistics(int value) => _ = value;

                /// <inheritdoc cref="ComputeGradients(int)"/>
                public void ResetOptimizer(int value) => _ = value;

                /// <inheritdoc cref="ComputeGradients(int)"/>
                public void TrainStep(int value) => _ = value;

                /// <summary>A generic method named like a generated one.</summary>
                /// <typeparam name="T">Anything.</typeparam>
                /// <returns>Its default.</returns>
                public static T? TrainStep<T>() => default;
            }

            /// <summary>A record container.</summary>
            public partial record Models
            {
                /// <summary>A network in it.</summary>
                [Network(Inputs = 2)]
                [Layer(1)]
                public partial class Net
                {
                }
            }

            /// <summary>A static container.</summary>
            public static partial class Registry
            {
                /// <summary>A network in it.</summary>
                [Network(Inputs = 2)]
                [Layer(1)]
                public partial class Net
                {
                }
            }

            /// <summary>A base class with members of other names, and an overload of a generated method.</summary>
            public abstract class ModelBase
            {
                /// <summary>A description.</summary>
                public string Description { get; set; } = "";

                /// <summary>An overload.</summary>
                /// <param name="values">Values.</param>
                /// <returns>Their count.</returns>
                public int Predict(int[] values) => values.Length;
            }

            /// <summary>A network with that base class.</summary>
            [Network(Inputs = 2)]
            [Layer(1)]
            public partial class DerivedNet : ModelBase
            {
            }
            """);

        Assert.Equal(
            ["Samples.AbstractNet.g.cs", "Samples.BodilessNet.g.cs", "Samples.DerivedNet.g.cs", "Samples.FriendlyNet.g.cs", "Samples.Models.Net.g.cs", "Samples.Registry.Net.g.cs"],
            run.Sources.Keys);
    }

    [Fact]
    public void BaseClassWithANestedTypeOfTheNetworksName_DoesNotCaptureTheGeneratedCode()
    {
        // Inside the class, its own simple name would bind to the inherited Base.ShadowedNet: the generated code names
        // the network from global:: (the update inside WeightGradients, the parallel training work's network).
        var run = GeneratorHarness.RunWithUses("""
            using NetGen;

            namespace Samples.Shadowing;

            /// <summary>A base class with a nested type named like the network below.</summary>
            public class Base
            {
                /// <summary>Not the network.</summary>
                public sealed class ShadowedNet
                {
                }
            }

            /// <summary>Adam and enough parameters for the parallel update and the update inside WeightGradients.</summary>
            [Network(Inputs = 100)]
            [Layer(200, Activation.ReLU)]
            [Layer(2)]
            [Loss(LossKind.MeanSquaredError)]
            [Optimizer(OptimizerKind.Adam)]
            public partial class ShadowedNet : Base
            {
            }

            /// <summary>Uses it.</summary>
            public static class Use
            {
                /// <summary>Its parameter count.</summary>
                /// <returns>The count.</returns>
                public static int Count() => new ShadowedNet().ParameterCount;
            }
            """);

        Assert.Equal(["Samples.Shadowing.ShadowedNet.g.cs"], run.Sources.Keys);
    }

    [Fact]
    public void NetworkDerivingFromANetwork_IsNG0006OnTheBaseType_AndTheBaseKeepsItsCode()
    {
        string[] sources =
        [
            """
            using NetGen;

            namespace Samples;

            /// <summary>A network.</summary>
            [Network(Inputs = 2)]
            [Layer(1)]
            public partial class BaseNet
            {
            }

            /// <summary>A network deriving from it.</summary>
            [Network(Inputs = 2)]
            [Layer(3)]
            public partial class Net : BaseNet
            {
            }
            """,
        ];

        var run = GeneratorHarness.Run(sources);
        var result = ParserHarness.Parse("Samples.Net", sources);

        Assert.Equal(["Samples.BaseNet.g.cs"], run.Sources.Keys);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(ProblemIds.NameConflict, problem.Id);
        Assert.Equal("BaseNet", problem.Location!.SourceTree!.GetText().ToString(problem.Location.SourceSpan));
        Assert.Contains("derives from network 'BaseNet'", problem.Message);
    }

    [Theory]
    [InlineData("public partial class 1Net\n{\n}", "class")]
    [InlineData("public partial class Net<\n{\n}", "Net")]
    [InlineData("public partial class Net : \n{\n}", "Net")]
    [InlineData("public partial class Net\n", "Net")]
    [InlineData("public partial class Net\n{\n", "Net")]
    public void DeclarationThatDoesNotParse_GeneratesNothing_AndIsNG0005(string declaration, string location)
    {
        // The harness's compilations must be free of errors; this one cannot be, so it is run by hand.
        var source = $"using NetGen;\n\nnamespace Samples;\n\n[Network(Inputs = 2)]\n[Layer(1)]\n{declaration}";
        var kept = """
            namespace Kept;

            /// <summary>A valid network beside the broken one.</summary>
            [NetGen.Network(Inputs = 2)]
            [NetGen.Layer(1)]
            public partial class KeptNet
            {
            }
            """;
        var compilation = GeneratorHarness.CreateCompilation(kept).AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, "Broken.cs"));

        var result = GeneratorHarness.AssertRanCleanly(GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult());

        Assert.Equal(["Kept.KeptNet.g.cs"], result.GeneratedSources.Select(s => s.HintName));
        var type = compilation.GetSymbolsWithName(n => n is "Net" or "", SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();
        var problem = Assert.Single(NetworkParser.Parse(type, default).Problems, p => p.Id == ProblemIds.UnsupportedShape);
        Assert.Equal(location, problem.Location!.SourceTree!.GetText().ToString(problem.Location.SourceSpan));
        Assert.Contains("does not parse", problem.Message);
    }

    [Theory]
    [InlineData(Precision.Single)]
    [InlineData(Precision.Double)]
    public void GeneratedMembers_ListsExactlyThePublicMembersTheGeneratorWrites(Precision precision)
    {
        var declarations = Enumerable.Range(0, 11).Select(i => $"Samples.Names.Net{i}").ToList();
        var run = GeneratorHarness.Run("using NetGen;\n\n" + GeneratedNameTests.Networks("Samples.Names", precision));
        var baked = WeightsBakingTests.RunBaked(WeightsBakingTests.Declaration("[Network(Inputs = 4, Weights = \"models/mixed.safetensors\", InferenceOnly = true)]"));

        foreach (var (compilation, name) in declarations.Select(d => (run.OutputCompilation, d)).Append((baked, "Samples.BakedNet")))
        {
            var spec = ParserHarness.Parse(compilation, name).Spec!;
            var type = compilation.GetTypeByMetadataName(name)!;
            var generatedTrees = GeneratedCodeScanner.GeneratedTrees(compilation);
            var written = type.GetMembers()
                .Where(m => m.DeclaredAccessibility == Accessibility.Public && m.DeclaringSyntaxReferences.Any(r => generatedTrees.Contains(r.SyntaxTree)))
                .Where(m => m is not IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet })
                .Select(m => m is IMethodSymbol method
                    ? $"{(method.MethodKind == MethodKind.Constructor ? GeneratedMembers.Constructor : method.Name)}({string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)))})"
                    : m.Name)
                .OrderBy(n => n, System.StringComparer.Ordinal)
                .ToList();
            var listed = GeneratedMembers.Public(spec)
                .Select(m => m.IsMethod ? $"{m.Name}({string.Join(", ", m.Parameters!)})" : m.Name)
                .OrderBy(n => n, System.StringComparer.Ordinal)
                .ToList();

            Assert.Equal(written, listed);
        }
    }

    [Fact]
    public async Task Analyzer_ReportsNoNameConflict_WhenTheGeneratedCodeIsInTheCompilation()
    {
        // In a build the analyzers see the generated part of every valid network; its members are not the user's.
        var run = GeneratorHarness.Run("using NetGen;\n\n" + GeneratedNameTests.Networks("Samples.Names", Precision.Single));

        var diagnostics = await run.OutputCompilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NetworkDeclarationAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();

        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("NG0", System.StringComparison.Ordinal));
    }
}
