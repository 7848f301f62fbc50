using System.Collections.Generic;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Tests;

/// <summary>
/// Every invalid declaration generates nothing, reports nothing from the generator and throws nothing; the parser
/// that the analyzers share names the problem with its ID on the smallest span that explains it.
/// </summary>
public sealed class InvalidDeclarationTests
{
    /// <summary>One invalid declaration: its sources, the type to parse, the expected problem ID and location text.</summary>
    private sealed record Case(string[] Sources, string MetadataName, string Id, string LocationText);

    private static readonly Dictionary<string, Case> s_cases = new()
    {
        ["ClassNotPartial"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(1, Activation.Sigmoid)]").Replace("public partial class Net", "public class Net")],
            "Samples.Net", ProblemIds.NotPartial, "Net"),
        ["ContainingClassNotPartial"] = new(
            ["""
            using NetGen;

            namespace Samples;

            /// <summary>Not partial.</summary>
            public class Outer
            {
                /// <summary>A network under test.</summary>
                [Network(Inputs = 2)]
                [Layer(1, Activation.Sigmoid)]
                public partial class Net
                {
                }
            }
            """],
            "Samples.Outer+Net", ProblemIds.NotPartial, "Net"),
        ["GenericClass"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(1, Activation.Sigmoid)]")
                .Replace("public partial class Net", "public partial class Net<T>")
                .Replace("</summary>", "</summary>\n/// <typeparam name=\"T\">Unused.</typeparam>")],
            "Samples.Net`1", ProblemIds.NotPartial, "Net"),
        ["InputsMissing"] = new(
            [Declare("[Network(Seed = 1)]\n[Layer(1, Activation.Sigmoid)]")],
            "Samples.Net", ProblemIds.InvalidValue, "Network(Seed = 1)"),
        ["InputsZero"] = new(
            [Declare("[Network(Inputs = 0)]\n[Layer(1, Activation.Sigmoid)]")],
            "Samples.Net", ProblemIds.InvalidValue, "Inputs = 0"),
        ["LayerUnitsZero"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(0, Activation.Sigmoid)]")],
            "Samples.Net", ProblemIds.InvalidValue, "0"),
        ["NoLayer"] = new(
            [Declare("[Network(Inputs = 2)]")],
            "Samples.Net", ProblemIds.InvalidValue, "Network(Inputs = 2)"),
        ["SoftmaxOnHiddenLayer"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(4, Activation.Softmax)]\n[Layer(1, Activation.Sigmoid)]")],
            "Samples.Net", ProblemIds.Misplaced, "Activation.Softmax"),
        ["TrainingEpochsZero"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(1, Activation.Sigmoid)]\n[Training(Epochs = 0)]")],
            "Samples.Net", ProblemIds.InvalidValue, "Epochs = 0"),
        ["TrainingBatchSizeNegative"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(1, Activation.Sigmoid)]\n[Training(BatchSize = -1)]")],
            "Samples.Net", ProblemIds.InvalidValue, "BatchSize = -1"),
        ["TrainingSamplesZero"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(1, Activation.Sigmoid)]\n[Training(Samples = 0)]")],
            "Samples.Net", ProblemIds.InvalidValue, "Samples = 0"),
        ["NegativeLearningRate"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(1, Activation.Sigmoid)]\n[Optimizer(OptimizerKind.Sgd, LearningRate = -1)]")],
            "Samples.Net", ProblemIds.InvalidValue, "LearningRate = -1"),
        ["HuberDeltaZero"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(1, Activation.Linear)]\n[Loss(LossKind.Huber, Delta = 0)]")],
            "Samples.Net", ProblemIds.InvalidValue, "Delta = 0"),
        ["MomentumOne"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(1, Activation.Sigmoid)]\n[Optimizer(OptimizerKind.Momentum, Momentum = 1)]")],
            "Samples.Net", ProblemIds.InvalidValue, "Momentum = 1"),
        ["Beta2Negative"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(1, Activation.Sigmoid)]\n[Optimizer(OptimizerKind.Adam, Beta2 = -0.5)]")],
            "Samples.Net", ProblemIds.InvalidValue, "Beta2 = -0.5"),
        ["NegativeEpsilon"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(1, Activation.Sigmoid)]\n[Optimizer(OptimizerKind.RmsProp, Epsilon = -1e-8)]")],
            "Samples.Net", ProblemIds.InvalidValue, "Epsilon = -1e-8"),
        ["NesterovWithDampening"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(1, Activation.Sigmoid)]\n[Optimizer(OptimizerKind.Momentum, Dampening = 0.1, Nesterov = true)]")],
            "Samples.Net", ProblemIds.InvalidNesterov, "Nesterov = true"),
        ["NesterovOnAdam"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(1, Activation.Sigmoid)]\n[Optimizer(OptimizerKind.Adam, Nesterov = true)]")],
            "Samples.Net", ProblemIds.InvalidNesterov, "Nesterov = true"),
        ["ClipWithoutBound"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(1, Activation.Sigmoid)]\n[GradientClip]")],
            "Samples.Net", ProblemIds.Misplaced, "GradientClip"),
        ["ClipNormZero"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(1, Activation.Sigmoid)]\n[GradientClip(MaxNorm = 0)]")],
            "Samples.Net", ProblemIds.InvalidValue, "MaxNorm = 0"),
        ["DropoutBeforeAnyLayer"] = new(
            [Declare("[Network(Inputs = 2)]\n[Dropout(0.5)]\n[Layer(4, Activation.ReLU)]\n[Layer(1, Activation.Sigmoid)]")],
            "Samples.Net", ProblemIds.Misplaced, "Dropout(0.5)"),
        ["TwoDropoutsOnOneLayer"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(4, Activation.ReLU)]\n[Dropout(0.5)]\n[Dropout(0.2)]\n[Layer(1, Activation.Sigmoid)]")],
            "Samples.Net", ProblemIds.Misplaced, "Dropout(0.2)"),
        ["DropoutRateOne"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(4, Activation.ReLU)]\n[Dropout(1.0)]\n[Layer(1, Activation.Sigmoid)]")],
            "Samples.Net", ProblemIds.InvalidValue, "1.0"),
        ["DropoutAfterOutputLayer"] = new(
            [Declare("[Network(Inputs = 2)]\n[Layer(4, Activation.ReLU)]\n[Layer(1, Activation.Sigmoid)]\n[Dropout(0.5)]")],
            "Samples.Net", ProblemIds.Misplaced, "Dropout(0.5)"),
        ["Record"] = new(
            [Shape("public partial record Net", body: null)],
            "Samples.Net", ProblemIds.UnsupportedShape, "record"),
        ["StaticClass"] = new(
            [Shape("public static partial class Net")],
            "Samples.Net", ProblemIds.UnsupportedShape, "static"),
        ["FileLocalClass"] = new(
            [Shape("file partial class Net")],
            "Samples.Net", ProblemIds.UnsupportedShape, "file"),
        ["FileLocalContainer"] = new(
            ["""
            using NetGen;

            namespace Samples;

            file partial class Outer
            {
                [Network(Inputs = 2)]
                [Layer(1, Activation.Sigmoid)]
                public partial class Net
                {
                }
            }
            """],
            "Samples.Outer+Net", ProblemIds.UnsupportedShape, "file"),
        ["PrimaryConstructor"] = new(
            [Shape("public partial class Net(string name)", "/// <summary>The name.</summary>\n    public string Name { get; } = name;")],
            "Samples.Net", ProblemIds.UnsupportedShape, "(string name)"),
        ["ClassNamedLikeAGeneratedMember"] = new(
            [Shape("public partial class Loss")],
            "Samples.Loss", ProblemIds.NameConflict, "Loss"),
        ["ClassNamedLikeTheSizes"] = new(
            [Shape("public partial class Sizes")],
            "Samples.Sizes", ProblemIds.NameConflict, "Sizes"),
        ["PropertyNamedSeed"] = new(
            [Shape(body: "/// <summary>Mine.</summary>\n    public int Seed { get; set; }")],
            "Samples.Net", ProblemIds.NameConflict, "Seed"),
        ["PredictWithTheGeneratedParameters"] = new(
            [Shape(body: "/// <summary>Mine.</summary>\n    public void Predict(System.ReadOnlySpan<float> a, System.Span<float> b) { }")],
            "Samples.Net", ProblemIds.NameConflict, "Predict"),
        ["PropertyNamedLikeAGeneratedMethod"] = new(
            [Shape(body: "/// <summary>Mine.</summary>\n    public int TrainStep => 0;")],
            "Samples.Net", ProblemIds.NameConflict, "TrainStep"),
        ["NestedClassNamedSizes"] = new(
            [Shape(body: "/// <summary>Mine.</summary>\n    public static class Sizes { }")],
            "Samples.Net", ProblemIds.NameConflict, "Sizes"),
        ["HyperparameterOfTheDeclaredOptimizer"] = new(
            [Shape(body: "/// <summary>Mine.</summary>\n    public double Beta1 { get; set; }", attributes: "[Network(Inputs = 2)]\n[Layer(1, Activation.Sigmoid)]\n[Optimizer(OptimizerKind.Adam)]")],
            "Samples.Net", ProblemIds.NameConflict, "Beta1"),
        ["ParameterlessConstructor"] = new(
            [Shape(body: "/// <summary>Mine.</summary>\n    public Net() { }")],
            "Samples.Net", ProblemIds.NameConflict, "Net"),
        ["SeedConstructor"] = new(
            [Shape(body: "/// <summary>Mine.</summary>\n    /// <param name=\"seed\">A seed.</param>\n    public Net(int seed) { }")],
            "Samples.Net", ProblemIds.NameConflict, "Net"),
        ["ConstructorThatSkipsTheGeneratedOne"] = new(
            [Shape(body: "/// <summary>Mine.</summary>\n    /// <param name=\"name\">A name.</param>\n    public Net(string name) { Name = name; }\n\n    /// <summary>The name.</summary>\n    public string Name { get; } = \"\";")],
            "Samples.Net", ProblemIds.NameConflict, "Net"),
        ["MemberWithTheReservedPrefix"] = new(
            [Shape(body: "/// <summary>Mine.</summary>\n    public static int __ng_Count() => 0;")],
            "Samples.Net", ProblemIds.NameConflict, "__ng_Count"),
        ["InheritsAMemberNamedLikeAGeneratedOne"] = new(
            [Shape("public partial class Net : Base", before: "/// <summary>A base.</summary>\npublic class Base\n{\n    /// <summary>Its seed.</summary>\n    public int Seed => 1;\n}\n")],
            "Samples.Net", ProblemIds.NameConflict, "Base"),
        ["AttributesSplitOverPartialDeclarations"] = new(
            [Declare("[Network(Inputs = 2)]"), Declare("[Layer(1, Activation.Sigmoid)]")],
            "Samples.Net", ProblemIds.SplitDeclaration, "Layer(1, Activation.Sigmoid)"),
    };

    public static TheoryData<string> Cases => new(s_cases.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void InvalidDeclaration_GeneratesNothing(string name)
    {
        // The harness also asserts: no generator diagnostic, no exception, no warning in the compilation.
        var run = GeneratorHarness.Run(s_cases[name].Sources);

        Assert.Empty(run.Sources);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void InvalidDeclaration_LeavesEveryOtherNetworkItsCode(string name)
    {
        var run = GeneratorHarness.Run([.. s_cases[name].Sources, KeptNetwork]);

        Assert.Equal(["Kept.KeptNet.g.cs"], run.Sources.Keys);
    }

    /// <summary>A valid network in a compilation with an invalid one.</summary>
    private const string KeptNetwork = """
        using NetGen;

        namespace Kept;

        /// <summary>A valid network beside an invalid one.</summary>
        [Network(Inputs = 3)]
        [Layer(2, Activation.Tanh)]
        public partial class KeptNet
        {
        }
        """;

    [Theory]
    [MemberData(nameof(Cases))]
    public void InvalidDeclaration_ParserReportsIdOnSmallestSpan(string name)
    {
        var @case = s_cases[name];

        var result = ParserHarness.Parse(@case.MetadataName, @case.Sources);

        Assert.Null(result.Spec);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(@case.Id, problem.Id);
        Assert.NotNull(problem.Location);
        Assert.True(problem.Location.IsInSource);
        Assert.Equal(@case.LocationText, problem.Location.SourceTree!.GetText().ToString(problem.Location.SourceSpan));
    }

    [Fact]
    public void NetworkNestedInGenericClass_ParsesWithoutProblems()
    {
        // The network class itself has no type parameters; only its container does, which the spec supports
        // (ContainingTypeSpec carries "Outer<T>"). Roslyn's IsGenericType is also true for this nested class.
        var result = ParserHarness.Parse("Samples.Outer`1+Net", """
            using NetGen;

            namespace Samples;

            /// <summary>A generic container.</summary>
            /// <typeparam name="T">Unused.</typeparam>
            public partial class Outer<T>
            {
                /// <summary>A network under test.</summary>
                [Network(Inputs = 2)]
                [Layer(1, Activation.Sigmoid)]
                public partial class Net
                {
                }
            }
            """);

        Assert.Empty(result.Problems);
        Assert.NotNull(result.Spec);
    }

    private static string Declare(string attributes) => ParserHarness.Declare(attributes);

    /// <summary>
    /// A valid network declared as <paramref name="declaration"/> with <paramref name="body"/> (null: no body, a
    /// <c>;</c>), after <paramref name="before"/>.
    /// </summary>
    private static string Shape(
        string declaration = "public partial class Net",
        string? body = "",
        string attributes = "[Network(Inputs = 2)]\n[Layer(1, Activation.Sigmoid)]",
        string before = "") => $$"""
        using NetGen;

        namespace Samples;

        {{before}}
        /// <summary>A network under test.</summary>
        {{attributes}}
        {{declaration}}{{(body is null ? ";" : $"\n{{\n    {body}\n}}")}}
        """;
}
