using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Emitting;

namespace NetGen.Generator.Tests;

/// <summary>
/// Deep networks: no generated method grows with depth (NetworkEmitter.LayerRuns.cs), so each stays inside the IL budget
/// that keeps the JIT from compiling it with MinOpts — the budget of NetGen.Tests' <c>MethodSizeTests</c>.
/// </summary>
/// <remarks>
/// The generated file is compiled in memory and its IL read from the emitted image. A 200-layer network is 21 MB of
/// source whose full compile takes 80–120 s, nearly all of it in the per-layer kernels; their code depends on one layer's
/// sizes alone (each is written from its <c>LayerLayout</c>), so the kernels of the middle layers, the same as the
/// outer layers' but for their numbers, are compiled with empty bodies. Every method that walks the layers, and every
/// kernel of the first two and the last two layers, is compiled as generated.
/// </remarks>
public sealed class DeepNetworkTests
{
    // The budget of tests/NetGen.Tests/MethodSizeTests.cs, below the JIT's MinOpts thresholds (20 000 instructions, 60 000 bytes).
    private const int MaxInstructions = 15_000;
    private const int MaxBytes = 45_000;

    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    [Fact]
    public void TwoHundredLayersWithBatchNormAndDropout_EveryMethodStaysUnderTheJitSizeLimits()
    {
        var methods = CompileAndMeasure(Declaration(layers: 200, units: 64, batchNorm: true, dropout: true, precision: "Single"), layers: 200);

        // The methods that used to grow with depth are there and small; their runs of layers went to helpers.
        foreach (var name in new[] { "ComputeGradients", "__ng_PredictSample", "__ng_PredictTile", "__ng_ExchangeToStorage", "__ng_StorageToExchange", "__ng_InitializeParameters", "__ng_EnsureBatchCapacity", "GetRunningStatistics", "SetRunningStatistics", ".ctor", ".cctor" })
        {
            Assert.True(methods.TryGetValue(name, out var size), $"{name} was not generated");
            Assert.True(size.Bytes < 2_000, $"{name}: {size.Bytes} IL bytes, though it only calls one helper per 16 layers");
        }

        Assert.Contains("__ng_ForwardLayers193To200", methods.Keys);
        Assert.Contains("__ng_BackwardLayers1To16", methods.Keys);
        Assert.Contains("__ng_GradientNormsLayers17To32", methods.Keys);
        Assert.Contains("__ng_ArchitectureLayers", methods.Keys);
        AssertWithinBudget(methods);
    }

    [Fact]
    public void MoreThan256Layers_HelpersOfHelpersKeepEveryMethodSmall()
    {
        // Past 16 × 16 layers, runs of 256 layers go to helpers that hand 16 layers at a time to helpers of their own.
        // Without batch norm or dropout the net can train in shards, and ComputeGradients runs a whole batch as shard 0 of
        // 1: its forward pass is the shards' (__ng_ShardForward…).
        var methods = CompileAndMeasure(Declaration(layers: 260, units: 4, batchNorm: false, dropout: false, precision: "Double"), layers: 260);

        Assert.Contains("__ng_ShardForwardLayers1To256", methods.Keys);
        Assert.Contains("__ng_ShardForwardLayers241To256", methods.Keys);
        Assert.Contains("__ng_ShardForwardLayers257To260", methods.Keys);
        Assert.Contains("__ng_GradientNormsLayers257To260", methods.Keys);
        Assert.True(methods["__ng_ComputeShard"].Bytes < 1_000, $"__ng_ComputeShard: {methods["__ng_ComputeShard"].Bytes} IL bytes");
        Assert.True(methods["ComputeGradients"].Bytes < 1_000, $"ComputeGradients: {methods["ComputeGradients"].Bytes} IL bytes");
        AssertWithinBudget(methods);
    }

    [Fact]
    public void SixteenLayers_WalkTheirLayersInPlace()
    {
        // Up to MaxLayersPerMethod layers the code is what it always was: no helpers, no extra calls.
        var source = NetworkEmitterSource(Declaration(layers: NetworkEmitter.MaxLayersPerMethod, units: 8, batchNorm: true, dropout: true, precision: "Single"));

        Assert.DoesNotMatch(new Regex(@"__ng_\w+Layers\d+To\d+"), source);
        Assert.Contains("__ng_LinearBatch16(ref p, ref o15, ref z16, count);", source);
    }

    private static string Declaration(int layers, int units, bool batchNorm, bool dropout, string precision)
    {
        var text = new StringBuilder();
        text.AppendLine("using NetGen;").AppendLine("namespace Deep;");
        text.AppendLine($"[Network(Inputs = {units}, Precision = Precision.{precision})]");
        for (var layer = 1; layer < layers; layer++)
        {
            text.AppendLine($"[Layer({units}, Activation.ReLU)]");
            if (batchNorm)
            {
                text.AppendLine("[BatchNorm]");
            }

            if (dropout)
            {
                text.AppendLine("[Dropout(0.1)]");
            }
        }

        text.AppendLine("[Layer(10, Activation.Softmax)]");
        text.AppendLine("[Optimizer(OptimizerKind.Adam)]");
        text.AppendLine("public partial class DeepNet { }");
        return text.ToString();
    }

    private static string NetworkEmitterSource(string declaration)
    {
        var compilation = GeneratorHarness.CreateCompilation(declaration);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        GeneratorHarness.AssertRanCleanly(driver.GetRunResult());
        return driver.GetRunResult().GeneratedTrees.Single().ToString();
    }

    /// <summary>
    /// Generates the network, compiles it (Debug, as CI builds: the larger IL) with the kernels of layers 3 to
    /// <paramref name="layers"/> − 2 as empty bodies, asserts no warning or error, and returns each method's IL size.
    /// </summary>
    private static Dictionary<string, (int Bytes, int Instructions)> CompileAndMeasure(string declaration, int layers)
    {
        var compilation = GeneratorHarness.CreateCompilation(declaration);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var generated = Assert.Single(GeneratorHarness.AssertRanCleanly(driver.GetRunResult()).GeneratedSources).SyntaxTree;
        var stubbed = new MiddleKernelStubber(3, layers - 2).Visit(generated.GetRoot());
        var output = compilation.AddSyntaxTrees(generated.WithRootAndOptions(stubbed, generated.Options));

        using var image = new MemoryStream();
        var result = output.Emit(image);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(result.Success && problems.Count == 0, "The deep network's code has warnings or errors:\n" + GeneratorHarness.Describe(problems));

        image.Position = 0;
        using var reader = new PEReader(image);
        var metadata = reader.GetMetadataReader();
        var sizes = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var handle in metadata.MethodDefinitions)
        {
            var method = metadata.GetMethodDefinition(handle);
            var type = metadata.GetTypeDefinition(method.GetDeclaringType());
            if (metadata.GetString(type.Name) != "DeepNet" || method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            var il = reader.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!;
            var name = metadata.GetString(method.Name);
            var previous = sizes.TryGetValue(name, out var size) ? size : (0, 0);
            sizes[name] = (Math.Max(previous.Item1, il.Length), Math.Max(previous.Item2, CountInstructions(il)));
        }

        return sizes;
    }

    private static void AssertWithinBudget(Dictionary<string, (int Bytes, int Instructions)> methods)
    {
        var over = methods.Where(m => m.Value.Bytes > MaxBytes || m.Value.Instructions > MaxInstructions)
            .Select(m => $"{m.Key}: {m.Value.Bytes} IL bytes, {m.Value.Instructions} instructions").ToList();
        Assert.True(over.Count == 0, "Methods over the JIT budget:\n" + string.Join("\n", over));
        Assert.Contains("__ng_Linear1", methods.Keys); // the check really sees the kernels
    }

    /// <summary>Empties the bodies of the per-layer kernels (<c>__ng_Linear57</c>, …) of the layers in [first, last].</summary>
    private sealed class MiddleKernelStubber(int first, int last) : CSharpSyntaxRewriter
    {
        private static readonly Regex s_kernel = new(@"^__ng_[A-Za-z]+?(\d+)$", RegexOptions.CultureInvariant);

        public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
        {
            var match = s_kernel.Match(node.Identifier.ValueText);
            if (!match.Success || node.Body is null || node.ReturnType.ToString() != "void")
            {
                return node;
            }

            var layer = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            return layer >= first && layer <= last ? node.WithBody(SyntaxFactory.Block()) : node;
        }
    }

    /// <summary>Counts IL instructions as MethodSizeTests does: each opcode with its operand.</summary>
    private static int CountInstructions(byte[] il)
    {
        var count = 0;
        for (var position = 0; position < il.Length; count++)
        {
            short value = il[position] == 0xFE ? (short)(0xFE00 | il[position + 1]) : il[position];
            var opCode = s_opCodes[value];
            var operandStart = position + opCode.Size;
            position = operandStart + opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, operandStart),
                _ => 4,
            };
        }

        return count;
    }
}
