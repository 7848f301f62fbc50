extern alias analyzers;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using analyzers::NetGen.Analyzers;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NetGen.Generator.Tests;

/// <summary>
/// The declaration contract, asserted in one place over random declarations, valid and invalid, in odd syntactic
/// shapes: the generator never throws or reports; the analyzers never throw; a declaration either gets an NG error that
/// blocks generation (NG0xxx, NG3004, NG5xxx) and no generated code, or gets its generated code and the compilation
/// gains no warning and no error from it; and a bad declaration never takes another network's code down.
/// </summary>
/// <remarks>
/// CI runs <see cref="DefaultIterations"/> cases starting from <see cref="CiSeed"/>; set
/// <c>NETGEN_CONTRACT_ITERATIONS</c> for more, and <c>NETGEN_CONTRACT_SEED</c> to replay the seed a failure prints.
/// </remarks>
public sealed class DeclarationContractTests
{
    private const int DefaultIterations = 2000;

    /// <summary>The seed CI starts from (a CsCheck seed): the declaration that found the last contract bug.</summary>
    private const string CiSeed = "3FTCs6l5diC2";

    /// <summary>A healthy network in every compilation: whatever the case declares, this one is always generated.</summary>
    private const string CompanionSource = """
        namespace NetGenContractCompanion
        {
            /// <summary>Always valid.</summary>
            [global::NetGen.Network(Inputs = 2)]
            [global::NetGen.Layer(3, global::NetGen.Activation.ReLU)]
            [global::NetGen.Layer(1, global::NetGen.Activation.Sigmoid)]
            [global::NetGen.Loss(global::NetGen.LossKind.BinaryCrossEntropy)]
            public partial class HealthyNet
            {
            }
        }
        """;

    private const string CompanionNamespace = "namespace NetGenContractCompanion";

    /// <summary>The generated part of the base network some cases derive from (it is not the case's own network).</summary>
    private static readonly System.Text.RegularExpressions.Regex s_baseNetwork = new(@"partial class ContractBaseNet\b");

    [Fact]
    public void RandomDeclarations_GenerateCleanlyOrGetAnNgErrorAndNothingElse()
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("NETGEN_CONTRACT_ITERATIONS"), out var n) ? n : DefaultIterations;
        // CI starts from a fixed seed (the case that found the last contract bug, replayed first); CsCheck draws the
        // rest as usual, and a failure prints the seed that reproduces it.
        var seed = Environment.GetEnvironmentVariable("NETGEN_CONTRACT_SEED");
        if (string.IsNullOrEmpty(seed) && Environment.GetEnvironmentVariable("CI") == "true")
        {
            seed = CiSeed;
        }
        DeclarationCases.Case.Sample(CheckContract, seed: string.IsNullOrEmpty(seed) ? null : seed, iter: iterations, print: c => c.Source);
    }

    /// <summary>The generator of cases also makes valid declarations often enough for the "generates cleanly" half to be exercised.</summary>
    [Fact]
    public void RandomDeclarations_CoverBothOutcomes()
    {
        var outcomes = new int[2];
        DeclarationCases.Case.Sample(
            c =>
            {
                lock (outcomes)
                {
                    outcomes[c.ExpectedValid ? 1 : 0]++;
                }
            },
            seed: "0000000000001",
            iter: 400,
            threads: 1);
        Assert.True(outcomes[1] > 80, $"only {outcomes[1]} of 400 cases look valid");
        Assert.True(outcomes[0] > 80, $"only {outcomes[0]} of 400 cases look invalid");
    }

    private static void CheckContract(DeclarationCase declaration)
    {
        var caseTree = CSharpSyntaxTree.ParseText(declaration.Source, GeneratorHarness.ParseOptions, "Case.cs");
        var companionTree = CSharpSyntaxTree.ParseText(CompanionSource, GeneratorHarness.ParseOptions, "Companion.cs");
        var input = GeneratorHarness.CreateCompilationUnchecked(caseTree, companionTree);

        var driver = CSharpGeneratorDriver.Create(
            new[] { new NetworkGenerator().AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions);
        driver = (CSharpGeneratorDriver)driver.RunGeneratorsAndUpdateCompilation(input, out var output, out var driverDiagnostics);
        var result = driver.GetRunResult().Results.Single();

        // The generator never throws and never reports: problems are the analyzers' to report.
        Assert.True(result.Exception is null, "The generator threw:\n" + result.Exception);
        Assert.True(result.Diagnostics.IsEmpty && driverDiagnostics.IsEmpty, "The generator reported:\n" + GeneratorHarness.Describe(result.Diagnostics.AddRange(driverDiagnostics)));

        // The analyzers never throw, whatever the declaration.
        var analyzerExceptions = new List<Exception>();
        var analyzerOptions = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) =>
            {
                lock (analyzerExceptions)
                {
                    analyzerExceptions.Add(exception);
                }
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        // On the user's compilation, as the IDE sees it while typing (and cheaper: the generated code is bound once, below).
        var analyzerDiagnostics = input
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NetworkDeclarationAnalyzer()), analyzerOptions)
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Assert.True(analyzerExceptions.Count == 0, "The analyzer threw:\n" + string.Join("\n", analyzerExceptions));
        Assert.DoesNotContain(analyzerDiagnostics, d => d.Id == "AD0001");

        var generated = result.GeneratedSources;
        var companion = generated.Where(s => s.SourceText.ToString().Contains(CompanionNamespace, StringComparison.Ordinal)).ToList();
        var caseSources = generated
            .Where(s => !s.SourceText.ToString().Contains(CompanionNamespace, StringComparison.Ordinal))
            .Where(s => !s_baseNetwork.IsMatch(s.SourceText.ToString()))
            .ToList();

        // One declaration never takes another network's code down.
        Assert.True(companion.Count == 1, "The healthy companion network lost its generated code.");

        var before = input.GetDiagnostics();
        var introduced = output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Where(d => !before.Any(b => b.Id == d.Id && b.Location == d.Location))
            .ToList();

        // A declaration whose attributes or header are broken (half typed) generates nothing: the compiler already says
        // what is wrong. Errors inside the class body are the user's own code and do not stop generation.
        var brokenNetworks = caseTree.GetRoot().DescendantNodes()
            .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>()
            .Where(type => type.AttributeLists.Count > 0)
            .Where(type => type.CloseBraceToken.IsMissing || type.GetDiagnostics().Any(d =>
                d.Severity == DiagnosticSeverity.Error && d.Location.SourceSpan.Start <= type.OpenBraceToken.Span.End))
            .ToList();
        Assert.True(
            brokenNetworks.Count == 0 || caseSources.Count == 0,
            $"A declaration with syntax errors still generated {string.Join(", ", caseSources.Select(s => s.HintName))}.");

        // Other source the user cannot compile (an attribute where C# forbids it) is the compiler's to report; the
        // contract there is only that nothing throws and the generated code adds no error of its own.
        if (before.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            Assert.True(
                caseSources.Count == 0 || introduced.All(d => d.Severity != DiagnosticSeverity.Error),
                "Generated code for a declaration that does not compile adds errors:\n" + GeneratorHarness.Describe(introduced));
            return;
        }

        // The errors that mean "this declaration cannot be generated" (README: NG0xxx, NG3004, NG5xxx). NG3001's error
        // (batch norm trained on batches of 1) judges a declaration that generates: its inference code is sound.
        var ngErrors = analyzerDiagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Where(d => d.Id.StartsWith("NG0", StringComparison.Ordinal) || d.Id.StartsWith("NG5", StringComparison.Ordinal) || d.Id == "NG3004")
            .ToList();
        foreach (var error in ngErrors)
        {
            Assert.True(error.Location.IsInSource && error.Location.SourceTree == caseTree, $"{error.Id} is not located in the declaration: {error}");
        }

        if (ngErrors.Count > 0)
        {
            Assert.True(
                caseSources.Count == 0,
                $"The declaration got {string.Join(", ", ngErrors.Select(e => e.Id))} and generated code too ({string.Join(", ", caseSources.Select(s => s.HintName))}).");

            // The user's code may still clash with the other networks' generated members (the NG error says why, e.g.
            // NG0006 for a class deriving from a network), but the generated files themselves stay clean.
            var inGenerated = introduced.Where(d => d.Location.SourceTree is { } tree && tree != caseTree && tree != companionTree).ToList();
            Assert.True(inGenerated.Count == 0, "The generated code has warnings or errors:\n" + GeneratorHarness.Describe(inGenerated));
            return;
        }

        Assert.True(caseSources.Count == 1, $"A declaration with no NG error generated {caseSources.Count} files.");
        Assert.True(introduced.Count == 0, "The generated code adds warnings or errors:\n" + GeneratorHarness.Describe(introduced));
    }
}

/// <summary>One random declaration: its source, and whether the generator of cases meant it to be valid (a hint for coverage, not an oracle).</summary>
internal sealed record DeclarationCase(string Source, bool ExpectedValid)
{
    public override string ToString() => Source;
}

/// <summary>Random declarations built from the pieces users write, including the shapes that broke the contract before.</summary>
internal static class DeclarationCases
{
    private sealed record Choice(string Text, bool Valid);

    private static Gen<Choice> Pick(int validWeight, string[] valid, int invalidWeight, string[] invalid) =>
        Gen.Frequency(
            (validWeight, (IGen<Choice>)Gen.OneOf(valid).Select(text => new Choice(text, true))),
            (invalidWeight, Gen.OneOf(invalid).Select(text => new Choice(text, false))));

    private static Gen<Choice> Valid(params string[] texts) => Gen.OneOf(texts).Select(text => new Choice(text, true));

    private static Gen<Choice> Optional(Gen<Choice> gen, int presentWeight = 1) =>
        Gen.Frequency((1, (IGen<Choice>)Gen.Const(new Choice("", true))), (presentWeight, gen));

    private static string Number(double value) =>
        double.IsNaN(value) ? "double.NaN"
        : double.IsPositiveInfinity(value) ? "double.PositiveInfinity"
        : double.IsNegativeInfinity(value) ? "double.NegativeInfinity"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static Gen<Choice> NamedDouble(string name, int validWeight, double[] valid, int invalidWeight, double[] invalid) =>
        Optional(Pick(validWeight, valid.Select(v => $"{name} = {Number(v)}").ToArray(), invalidWeight, invalid.Select(v => $"{name} = {Number(v)}").ToArray()));

    private static readonly string[] s_attributePrefixes = ["", "NetGen.", "global::NetGen.", "NG."];

    /// <summary>An attribute name as users write it: short, qualified, aliased, or with the Attribute suffix.</summary>
    private static Gen<string> AttributeName(string name) =>
        Gen.Select(Gen.OneOf(s_attributePrefixes), Gen.Bool, (prefix, suffix) => prefix + name + (suffix ? "Attribute" : ""));

    private static Gen<string> EnumMember(string type, string[] members, string invalid) =>
        Gen.Frequency((40, (IGen<string>)Gen.OneOf(members).Select(m => $"{type}.{m}")), (1, Gen.Const(invalid)));

    /// <summary>The parts that are present, joined by <paramref name="separator"/>; valid when every part is.</summary>
    private static Gen<Choice> Join(string separator, params Gen<Choice>[] parts) =>
        parts.Aggregate(
            Gen.Const(new Choice("", true)),
            (joined, part) => Gen.Select(joined, part, (left, right) => new Choice(
                left.Text.Length == 0 ? right.Text : right.Text.Length == 0 ? left.Text : left.Text + separator + right.Text,
                left.Valid && right.Valid)));

    private static readonly Gen<Choice> s_network =
        Gen.Select(
            AttributeName("Network"),
            Pick(40, ["Inputs = 1", "Inputs = 2", "Inputs = 3", "Inputs = 7", "Inputs = 16"], 3, ["Inputs = 0", "Inputs = -1", "Inputs = 65536", "Inputs = int.MaxValue", "Seed = 3"]),
            Optional(Valid("Precision = Precision.Single", "Precision = Precision.Double", "Precision = NetGen.Precision.Double"), 2),
            Optional(Valid("Seed = 0", "Seed = 42", "Seed = int.MinValue", "Seed = -1")),
            Optional(Pick(10, ["InferenceOnly = false"], 1, ["InferenceOnly = true", "Weights = \"missing.safetensors\"", "Precision = (Precision)7"]), 1),
            (name, inputs, precision, seed, extra) =>
            {
                var arguments = new[] { inputs, precision, seed, extra }.Where(c => c.Text.Length > 0).ToList();
                return new Choice($"{name}({string.Join(", ", arguments.Select(a => a.Text))})", arguments.All(a => a.Valid) && inputs.Valid);
            });

    private static readonly string[] s_activations = ["Linear", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "PReLU", "ELU", "SELU", "GELU"];
    private static readonly string[] s_inits = ["Auto", "Zeros", "RandomNormal", "RandomUniform", "XavierNormal", "XavierUniform", "HeNormal", "HeUniform", "LeCunNormal", "LeCunUniform", "Orthogonal"];

    private static Gen<Choice> Layer(bool output) =>
        Gen.Select(
            AttributeName("Layer"),
            Pick(40, ["1", "2", "3", "5", "8", "16", "33"], 1, ["0", "-3", "65536", "int.MaxValue"]),
            output
                ? Gen.Frequency((10, (IGen<string>)Gen.OneOf("Activation.Sigmoid", "Activation.Softmax", "Activation.Linear", "Activation.Tanh")), (2, EnumMember("Activation", s_activations, "(Activation)42")))
                : Gen.Frequency((40, (IGen<string>)EnumMember("Activation", s_activations, "(Activation)42")), (1, Gen.Const("Activation.Softmax"))),
            Optional(EnumMember("Init", s_inits, "(Init)99").Select(i => new Choice(i, !i.Contains("99", StringComparison.Ordinal)))),
            Gen.Int[0, 2],
            Join(
                ", ",
                NamedDouble("Gain", 30, [1, 2, 0.5], 1, [1e300, -1, double.NaN, 0]),
                NamedDouble("Scale", 30, [0.05, 0.1], 1, [1e39, -1, double.NaN]),
                NamedDouble("Slope", 30, [0.01, 0.2, 0.25], 1, [1e39, double.NaN, double.PositiveInfinity, -0.5]),
                Optional(Valid("SlopePerUnit = true", "Bias = false", "Bias = true"))),
            (name, units, activation, init, style, named) =>
            {
                var validActivation = !activation.Contains("42", StringComparison.Ordinal) && (output || activation != "Activation.Softmax");
                var positional = style switch
                {
                    0 => $"{units.Text}, {activation}" + (init.Text.Length > 0 ? ", " + init.Text : ""),
                    1 => $"units: {units.Text}, activation: {activation}" + (init.Text.Length > 0 ? ", init: " + init.Text : ""),
                    _ => (init.Text.Length > 0 ? $"{units.Text}, init: {init.Text}, activation: {activation}" : $"{units.Text}, {activation}"),
                };
                var arguments = named.Text.Length > 0 ? positional + ", " + named.Text : positional;
                return new Choice($"{name}({arguments})", units.Valid && validActivation && init.Valid && named.Valid);
            });

    private static readonly Gen<Choice> s_batchNorm =
        Gen.Select(
            AttributeName("BatchNorm"),
            Join(
                ", ",
                NamedDouble("Momentum", 30, [0.1, 0.01, 0.9], 1, [-0.1, 1.5, double.NaN]),
                NamedDouble("Epsilon", 30, [1e-5, 1e-3], 1, [0, -1, 1e-50, double.NaN]),
                Optional(Valid("Affine = false", "Affine = true"))),
            (name, arguments) => new Choice(arguments.Text.Length > 0 ? $"{name}({arguments.Text})" : name, arguments.Valid));

    private static readonly Gen<Choice> s_dropout =
        Gen.Select(
            AttributeName("Dropout"),
            Pick(20, ["0.1", "0.5", "0.25", "0"], 1, ["1", "-0.1", "1.5", "double.NaN"]),
            (name, rate) => new Choice($"{name}({rate.Text})", rate.Valid));

    private static readonly Gen<Choice> s_loss =
        Gen.Select(
            AttributeName("Loss"),
            Gen.Frequency(
                (40, (IGen<Choice>)Valid("LossKind.MeanSquaredError", "LossKind.MeanAbsoluteError", "LossKind.Huber", "LossKind.BinaryCrossEntropy", "LossKind.CategoricalCrossEntropy")),
                (1, Gen.Const(new Choice("(LossKind)9", false)))),
            NamedDouble("Delta", 30, [1, 0.5], 1, [0, -1, double.NaN, 1e300]),
            (name, kind, delta) => new Choice($"{name}({kind.Text}{(delta.Text.Length > 0 ? ", " + delta.Text : "")})", kind.Valid && delta.Valid));

    private static readonly Gen<Choice> s_optimizer =
        Gen.Select(
            AttributeName("Optimizer"),
            Gen.Frequency(
                (40, (IGen<Choice>)Valid("OptimizerKind.Sgd", "OptimizerKind.Momentum", "OptimizerKind.ExponentialMomentum", "OptimizerKind.Adagrad", "OptimizerKind.RmsProp", "OptimizerKind.Adadelta", "OptimizerKind.Adam", "OptimizerKind.AdamW")),
                (1, Gen.Const(new Choice("(OptimizerKind)12", false)))),
            Join(
                ", ",
                NamedDouble("LearningRate", 30, [1e-3, 0.1, 0.5], 1, [1e300, 0, -1, 1e-50, double.NaN]),
                NamedDouble("Momentum", 30, [0.9, 0.5], 1, [1, -0.5, 1.5]),
                NamedDouble("Beta1", 30, [0.9, 0.8], 1, [0.99999999, 1, 1.5, -0.1]),
                NamedDouble("Beta2", 30, [0.999, 0.99], 1, [1, 0.999999999, double.NaN]),
                NamedDouble("Epsilon", 30, [1e-8, 1e-6], 1, [0, -1, 1e-50]),
                NamedDouble("WeightDecay", 30, [0, 1e-4], 1, [-1, double.NaN, 1e300]),
                NamedDouble("Rho", 30, [0.9, 0.95], 1, [1, -1]),
                NamedDouble("Alpha", 30, [0.99, 0.9], 1, [1, 1.5]),
                Optional(Valid("Amsgrad = true", "Centered = true", "Nesterov = true", "Dampening = 0.1", "InitialAccumulator = 0.1", "LearningRateDecay = 0.01"))),
            (name, kind, arguments) => new Choice($"{name}({kind.Text}{(arguments.Text.Length > 0 ? ", " + arguments.Text : "")})", kind.Valid && arguments.Valid));

    private static readonly Gen<Choice> s_clip =
        Gen.Select(
            AttributeName("GradientClip"),
            Pick(
                20,
                ["MaxNorm = 1", "MaxValue = 0.5", "MaxNorm = 5, MaxValue = 1"],
                1,
                ["MaxNorm = 1e-50", "MaxNorm = 0", "MaxNorm = -1", "MaxValue = 1e39", "MaxNorm = double.NaN"]),
            (name, arguments) => new Choice($"{name}({arguments.Text})", arguments.Valid));

    private static readonly Gen<Choice> s_training =
        Gen.Select(
            AttributeName("Training"),
            Join(
                ", ",
                Optional(Pick(20, ["BatchSize = 1", "BatchSize = 8", "BatchSize = 32"], 1, ["BatchSize = 0", "BatchSize = -4"])),
                Optional(Pick(20, ["Epochs = 1", "Epochs = 50"], 1, ["Epochs = 0", "Epochs = -1"])),
                Optional(Pick(20, ["Samples = 100", "Samples = 3", "Samples = 1000"], 1, ["Samples = 0"]))),
            (name, arguments) => new Choice(arguments.Text.Length > 0 ? $"{name}({arguments.Text})" : name, arguments.Valid));

    /// <summary>The attributes of one network, in one list per attribute or several to a list.</summary>
    private static readonly Gen<Choice> s_attributes =
        Gen.Select(
            s_network,
            Gen.Select(Layer(output: false), Optional(s_batchNorm, 1), Optional(s_dropout, 1), Gen.Bool, (layer, batchNorm, dropout, bnFirst) =>
                bnFirst ? new[] { layer, batchNorm, dropout } : new[] { layer, dropout, batchNorm }).Array[0, 4],
            Gen.Frequency((40, (IGen<Choice[]>)Layer(output: true).Select(l => new[] { l })), (1, Gen.Const(Array.Empty<Choice>()))),
            Optional(s_loss, 4),
            Optional(s_optimizer, 4),
            Optional(s_clip, 1),
            Optional(s_training, 1),
            Gen.Int[0, 3],
            (network, hidden, output, loss, optimizer, clip, training, grouping) =>
            {
                var attributes = new List<Choice> { network };
                attributes.AddRange(hidden.SelectMany(h => h));
                attributes.AddRange(output);
                attributes.AddRange(new[] { loss, optimizer, clip, training });
                var texts = attributes.Select(a => a.Text).Where(t => t.Length > 0).ToList();

                // Grouping 0: one list per attribute; 1: all in one list; 2: pairs; 3: one list per line with a target.
                var text = grouping switch
                {
                    1 => "[" + string.Join(", ", texts) + "]",
                    2 => string.Join("\n", texts.Chunk(2).Select(pair => "[" + string.Join(", ", pair) + "]")),
                    3 => string.Join("\n", texts.Select(t => "[type: " + t + "]")),
                    _ => string.Join("\n", texts.Select(t => "[" + t + "]")),
                };
                var hasLayer = hidden.Length > 0 || output.Length > 0;
                return new Choice(text, attributes.All(a => a.Valid) && hasLayer);
            });

    /// <summary>The type that carries the attributes: the usual shape, and the shapes that must get an NG error or be supported.</summary>
    private static readonly Gen<(string Keywords, string Name, string Tail, bool Valid)> s_shape =
        Gen.Select(
            Gen.Frequency(
                (40, (IGen<(string, bool)>)Gen.OneOf(("public partial class", true), ("internal sealed partial class", true), ("partial class", true), ("public sealed partial class", true))),
                (1, Gen.OneOf(
                    ("public abstract partial class", false), ("public static partial class", false), ("file partial class", false),
                    ("public partial record", false), ("public partial record class", false), ("public class", false), ("public partial struct", false)))),
            Gen.Frequency(
                (40, (IGen<(string, bool)>)Gen.OneOf(("Net", true), ("ContractNet", true), ("MyModel", true))),
                (2, Gen.OneOf(("@event", true), ("@class", true), ("@Net", true))),
                (1, Gen.OneOf(("Loss", false), ("Predict", false), ("Seed", false), ("W1", false), ("Linear1", false), ("TrainStep", false), ("LearningRate", false), ("Architecture", false)))),
            Gen.Frequency(
                (40, (IGen<(string, bool)>)Gen.Const(("", true))),
                (1, Gen.OneOf(("(string name)", false), ("<T>", false), (" : ContractBaseNet", false), (" : global::System.Object", true)))),
            (keywords, name, tail) => (keywords.Item1, name.Item1, tail.Item1, keywords.Item2 && name.Item2 && tail.Item2));

    private static readonly Gen<(string Text, bool Valid)> s_members =
        Gen.Frequency(
            (30, (IGen<(string, bool)>)Gen.Const(("", true))),
            (3, Gen.OneOf(
                ("/// <summary>A user method.</summary>\npublic static int Helper() => 1;", true),
                ("/// <summary>A user property.</summary>\npublic string Label { get; set; } = \"\";", true))),
            (1, Gen.OneOf(
                ("/// <summary>Clashes.</summary>\npublic int Seed => 1;", false),
                ("/// <summary>Clashes.</summary>\npublic void Predict() { }", false),
                ("/// <summary>Clashes.</summary>\npublic const int W1 = 1;", false),
                ("/// <summary>Clashes.</summary>\npublic int Linear1 = 0;", false),
                ("/// <summary>Clashes.</summary>\npublic float[] _parameters = new float[1];", false),
                ("/// <summary>Clashes.</summary>\npublic {Name}() { }", false),
                ("/// <summary>Clashes.</summary>\npublic {Name}(int seed) { _ = seed; }", false))));

    /// <summary>Where the type lives: namespaces that capture unqualified names, keyword segments, containing types.</summary>
    private static readonly Gen<(string Open, string Close, bool Valid)> s_container =
        Gen.Select(
            Gen.OneOf(
                ("namespace Contract.Models\n{", "}"),
                ("namespace Contract.Models;", ""),
                ("", ""),
                ("namespace Contract.@event\n{", "}"),
                ("namespace Contract.System\n{", "}"),
                ("namespace Acme.Models\n{", "}")),
            Gen.Frequency(
                (12, (IGen<(string, string, bool)>)Gen.Const(("", "", true))),
                (2, Gen.OneOf(
                    ("/// <summary>Outer.</summary>\npublic partial class Outer\n{", "}", true),
                    ("/// <summary>Outer.</summary>\npublic partial struct OuterStruct\n{", "}", true),
                    ("/// <summary>Outer.</summary>\npublic static partial class @class\n{", "}", true),
                    ("/// <summary>Outer.</summary>\n/// <typeparam name=\"T\">Unused.</typeparam>\npublic partial class Generic<T>\n{", "}", true))),
                (1, Gen.OneOf(
                    ("/// <summary>Outer.</summary>\npublic class NotPartial\n{", "}", false),
                    ("/// <summary>Outer.</summary>\npublic partial record OuterRecord\n{", "}", true)))),
            (ns, outer) => (ns.Item1 + (outer.Item1.Length > 0 ? "\n" + outer.Item1 : ""), (outer.Item2.Length > 0 ? outer.Item2 + "\n" : "") + ns.Item2, outer.Item3));

    /// <summary>Types that capture an unqualified name in generated code, declared next to the network.</summary>
    private static readonly string[] s_capturingNames =
        ["Math", "MathF", "Array", "Span", "ReadOnlySpan", "Unsafe", "MemoryMarshal", "Vector128", "Vector256", "Vector512", "MethodImplOptions", "ArgumentException", "ArgumentOutOfRangeException", "InvalidOperationException", "BitConverter", "Convert", "Buffer", "GC", "Enumerable", "Random"];

    /// <summary>Damage as a user's half-typed declaration has it: the syntax of the network's own declaration is broken.</summary>
    private enum Damage
    {
        None,
        NameWithSyntaxError,
        MissingClosingBrace,
        UnclosedAttributeArguments,
        MissingAttributeBracket,
    }

    private static readonly Gen<Damage> s_damage = Gen.Frequency(
        (40, (IGen<Damage>)Gen.Const(Damage.None)),
        (1, Gen.OneOf(Damage.NameWithSyntaxError, Damage.MissingClosingBrace, Damage.UnclosedAttributeArguments, Damage.MissingAttributeBracket)));

    public static readonly Gen<DeclarationCase> Case =
        Gen.Select(s_attributes, s_shape, s_members, s_container, Gen.Frequency((3, (IGen<bool>)Gen.Const(false)), (1, Gen.Const(true))), s_damage, (attributes, shape, members, container, capture, damage) =>
        {
            var source = new StringBuilder();
            source.Append("using NetGen;\nusing NG = NetGen;\n\n");
            if (container.Open.StartsWith("namespace Acme.Models", StringComparison.Ordinal))
            {
                // A sibling namespace named like a System type: unqualified Math in Acme.Models binds to it.
                source.Append("namespace Acme.Math\n{\n/// <summary>Captures Math.</summary>\npublic static class Helpers\n{\n}\n}\n\n");
            }

            source.Append(container.Open).Append('\n');
            if (shape.Tail == " : ContractBaseNet")
            {
                source.Append("/// <summary>A network another network derives from.</summary>\n[Network(Inputs = 2)]\n[Layer(1, Activation.Sigmoid)]\npublic partial class ContractBaseNet\n{\n}\n\n");
            }

            if (capture)
            {
                foreach (var capturing in s_capturingNames.Where(n => n != shape.Name))
                {
                    source.Append($"/// <summary>Captures {capturing}.</summary>\npublic static class {capturing}\n{{\n}}\n");
                }
            }

            var typeParameterDoc = shape.Tail == "<T>" ? "/// <typeparam name=\"T\">Unused.</typeparam>\n" : "";
            var parameterDoc = shape.Tail == "(string name)" ? "/// <param name=\"name\">Unused.</param>\n" : "";
            source.Append("/// <summary>The network under test.</summary>\n").Append(typeParameterDoc).Append(parameterDoc);
            var attributeText = damage switch
            {
                Damage.UnclosedAttributeArguments => attributes.Text.Insert(attributes.Text.LastIndexOf(')'), ", "),
                Damage.MissingAttributeBracket => attributes.Text.Remove(attributes.Text.LastIndexOf(']'), 1),
                _ => attributes.Text,
            };
            source.Append(attributeText).Append('\n');
            var name = damage == Damage.NameWithSyntaxError ? shape.Name + "-2" : shape.Name;
            source.Append($"{shape.Keywords} {name}{shape.Tail}\n{{\n");
            if (members.Text.Length > 0)
            {
                source.Append(members.Text.Replace("{Name}", shape.Name, StringComparison.Ordinal)).Append('\n');
            }

            source.Append(damage == Damage.MissingClosingBrace ? "" : "}\n").Append(container.Close).Append('\n');
            return new DeclarationCase(source.ToString(), damage == Damage.None && attributes.Valid && shape.Valid && members.Valid && container.Valid);
        });
}
