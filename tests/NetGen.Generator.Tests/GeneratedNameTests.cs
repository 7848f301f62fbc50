using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Tests;

/// <summary>
/// The generated code is written into the user's class and namespace, where the user's own names are looked up first:
/// it must name every type from <c>global::</c>, call no extension method as one, and keep its private members under
/// the one reserved prefix, so that no name a user declares can capture it or collide with it.
/// </summary>
public sealed class GeneratedNameTests
{
    /// <summary>The prefix of every private generated member (docs/generated-code.md).</summary>
    private const string ReservedPrefix = "__ng_";

    /// <summary>
    /// Networks that between them reach every part of the emitter: every activation, loss and optimizer (with its
    /// options), both clip bounds, batch norm with and without its affine parameters, dropout, per-layer and per-unit
    /// PReLU slopes, a bias-free layer, a layer wide enough for the pooled scratch and the chunked kernels, and
    /// <c>[Training]</c>. <paramref name="q"/> qualifies the NetGen names the declarations use.
    /// </summary>
    private static string Networks(string ns, Precision precision, string q = "", string body = "")
    {
        string[] declarations =
        [
            $"[{q}Layer(6, {q}Activation.ReLU)] [{q}BatchNorm] [{q}Dropout(0.25)] [{q}Layer(5, {q}Activation.PReLU, SlopePerUnit = true)] [{q}Layer(3, {q}Activation.Softmax)] [{q}GradientClip(MaxNorm = 1, MaxValue = 0.5)] [{q}Training(BatchSize = 8, Epochs = 3)]",
            $"[{q}Layer(7, {q}Activation.LeakyReLU, Slope = 0.2)] [{q}BatchNorm(Affine = false)] [{q}Layer(4, {q}Activation.Sigmoid)] [{q}Optimizer({q}OptimizerKind.Momentum, Nesterov = true, Momentum = 0.9)]",
            $"[{q}Layer(9, {q}Activation.Tanh)] [{q}Layer(5, {q}Activation.ELU)] [{q}Layer(2)] [{q}Optimizer({q}OptimizerKind.ExponentialMomentum)] [{q}GradientClip(MaxValue = 1)]",
            $"[{q}Layer(9, {q}Activation.SELU)] [{q}Layer(5, {q}Activation.GELU)] [{q}Layer(2, {q}Activation.Linear)] [{q}Loss({q}LossKind.Huber, Delta = 0.5)] [{q}Optimizer({q}OptimizerKind.Adagrad)]",
            $"[{q}Layer(12, {q}Activation.PReLU)] [{q}Dropout(0.5)] [{q}Layer(3, {q}Activation.Tanh)] [{q}Loss({q}LossKind.MeanAbsoluteError)] [{q}Optimizer({q}OptimizerKind.RmsProp, Centered = true, Momentum = 0.5)]",
            $"[{q}Layer(4, {q}Activation.ReLU)] [{q}Layer(2, {q}Activation.Softmax)] [{q}Loss({q}LossKind.BinaryCrossEntropy)] [{q}Optimizer({q}OptimizerKind.RmsProp)]",
            $"[{q}Layer(4, {q}Activation.Sigmoid)] [{q}Layer(3, {q}Activation.Sigmoid)] [{q}Loss({q}LossKind.CategoricalCrossEntropy)] [{q}Optimizer({q}OptimizerKind.Adadelta)]",
            $"[{q}Layer(10, {q}Activation.ReLU)] [{q}Layer(1, {q}Activation.Sigmoid)] [{q}Optimizer({q}OptimizerKind.Adam, Amsgrad = true)] [{q}GradientClip(MaxNorm = 2)]",
            $"[{q}Layer(10, {q}Activation.ReLU, Bias = false)] [{q}BatchNorm] [{q}Layer(2)] [{q}Optimizer({q}OptimizerKind.AdamW, Amsgrad = true, WeightDecay = 0.01)]",
            $"[{q}Layer(600, {q}Activation.ReLU)] [{q}Layer(70, {q}Activation.Linear)] [{q}Optimizer({q}OptimizerKind.Adam)]",
            $"[{q}Layer(3)] [{q}Optimizer({q}OptimizerKind.AdamW)]",
        ];

        var source = new StringBuilder($"namespace {ns}\n{{\n");
        for (var i = 0; i < declarations.Length; i++)
        {
            source.Append($$"""
                /// <summary>Network {{i}}.</summary>
                [{{q}}Network(Inputs = {{3 + i}}, Seed = {{i}}, Precision = {{q}}Precision.{{precision}})]
                {{declarations[i]}}
                public partial class Net{{i}}
                {
                {{body}}
                }

                """);
        }

        return source.Append("}\n").ToString();
    }

    private static string Usings => "using NetGen;\n\n";

    [Theory]
    [InlineData(Precision.Single)]
    [InlineData(Precision.Double)]
    public void GeneratedCode_NamesEveryTypeFromGlobal_AndCallsNoExtensionMethod(Precision precision)
    {
        var run = GeneratorHarness.Run(Usings + Networks("Samples.Names", precision));

        Assert.Equal(11, run.Sources.Count);
        var capturable = GeneratedCodeScanner.CapturableNames(run.OutputCompilation);
        Assert.True(capturable.Count == 0, "Names a user's type, namespace or extension could capture:\n" + string.Join("\n", capturable.Take(40)));
    }

    [Fact]
    public void BakedAndInferenceOnlyCode_NamesEveryTypeFromGlobal()
    {
        var output = WeightsBakingTests.RunBaked(WeightsBakingTests.Declaration(), WeightsBakingTests.Declaration("[Network(Inputs = 4, Weights = \"models/mixed.safetensors\", InferenceOnly = true)]").Replace("class BakedNet", "class ShippedNet").Replace("class PlainNet", "class OtherNet"));

        var capturable = GeneratedCodeScanner.CapturableNames(output);
        Assert.True(capturable.Count == 0, "Names a user's type, namespace or extension could capture:\n" + string.Join("\n", capturable.Take(40)));
    }

    /// <summary>
    /// The user's namespace, a sibling namespace and the network classes themselves declare a type named like every type
    /// and namespace the generated code refers to (found from the generated code itself, plus the names the issue
    /// reported), generic ones with their arity too: the build still has no warning.
    /// </summary>
    [Theory]
    [InlineData(Precision.Single)]
    [InlineData(Precision.Double)]
    public void UserTypesNamedLikeEveryTypeTheGeneratedCodeUses_CaptureNothing(Precision precision)
    {
        var referenced = GeneratedCodeScanner.ReferencedTypeNames(GeneratorHarness.Run(Usings + Networks("Samples.Names", precision)).OutputCompilation);
        foreach (var name in new[] { "Math", "MathF", "Array", "Span", "ReadOnlySpan", "Unsafe", "MemoryMarshal", "Vector128", "Vector256", "Vector512", "MethodImplOptions", "MethodImpl", "ArgumentException", "System", "NetGen", "Buffers", "ArrayPool", "MemoryExtensions", "GeneratedCode" })
        {
            referenced.TryAdd(name, new SortedSet<int> { 0 });
        }

        var poison = Poison(referenced);
        var source = Networks("Acme.Models", precision, q: "global::NetGen.", body: poison) + $"namespace Acme.Models\n{{\n{poison}}}\n" +
                     string.Join("", referenced.Keys.Select(name => $"namespace Acme.{name}\n{{\n    internal sealed class Placeholder\n    {{\n    }}\n}}\n"));

        var run = GeneratorHarness.Run(source);

        Assert.Equal(11, run.Sources.Count);
    }

    [Fact]
    public void EveryPrivateGeneratedMember_HasTheReservedPrefix()
    {
        var run = GeneratorHarness.Run(Usings + Networks("Samples.Names", Precision.Single));
        var baked = WeightsBakingTests.RunBaked(WeightsBakingTests.Declaration(), WeightsBakingTests.Declaration("[Network(Inputs = 4, Weights = \"models/mixed.safetensors\", InferenceOnly = true)]").Replace("class BakedNet", "class ShippedNet").Replace("class PlainNet", "class OtherNet"));

        var violations = PrivateMembersWithoutPrefix(run.OutputCompilation, Enumerable.Range(0, 11).Select(i => $"Samples.Names.Net{i}"))
            .Concat(PrivateMembersWithoutPrefix(baked, ["Samples.BakedNet", "Samples.ShippedNet"]))
            .ToList();

        Assert.True(violations.Count == 0, $"Private generated members without the reserved prefix '{ReservedPrefix}':\n" + string.Join("\n", violations.Take(60)));
    }

    private static IEnumerable<string> PrivateMembersWithoutPrefix(Compilation compilation, IEnumerable<string> metadataNames)
    {
        foreach (var metadataName in metadataNames)
        {
            var type = compilation.GetTypeByMetadataName(metadataName);
            Assert.NotNull(type);
            foreach (var member in type.GetMembers().Where(m => !m.IsImplicitlyDeclared && m.DeclaredAccessibility != Accessibility.Public && m.CanBeReferencedByName))
            {
                if (!member.Name.StartsWith(ReservedPrefix, StringComparison.Ordinal))
                {
                    yield return $"{type.Name}.{member.Name} ({member.Kind}, {member.DeclaredAccessibility})";
                }
            }
        }
    }

    /// <summary>Internal types named <paramref name="names"/>, one per arity (a generic one with parameters T0, T1, …).</summary>
    private static string Poison(SortedDictionary<string, SortedSet<int>> names)
    {
        var text = new StringBuilder();
        foreach (var (name, arities) in names)
        {
            foreach (var arity in arities)
            {
                var parameters = arity == 0 ? "" : "<" + string.Join(", ", Enumerable.Range(0, arity).Select(a => "T" + a)) + ">";
                text.Append($"    internal sealed class {name}{parameters}\n    {{\n    }}\n");
            }
        }

        return text.ToString();
    }
}
