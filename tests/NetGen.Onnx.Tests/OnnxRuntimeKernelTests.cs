using System;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace NetGen.Onnx.Tests;

/// <summary>
/// What ONNX Runtime's CPU provider (1.32.0) runs in double, which decides the exporter's double graphs
/// (docs/onnx.md). If a later version adds one of the missing kernels, its test fails: the double decomposition of
/// that op can then go.
/// </summary>
public class OnnxRuntimeKernelTests
{
    [Theory]
    [InlineData("Gemm")]
    [InlineData("BatchNormalization")]
    [InlineData("Sigmoid")]
    [InlineData("Tanh")]
    [InlineData("Relu")]
    [InlineData("LeakyRelu")]
    [InlineData("PRelu")]
    [InlineData("Softmax")]
    [InlineData("Exp")]
    [InlineData("Where")]
    [InlineData("Abs")]
    [InlineData("Neg")]
    [InlineData("Div")]
    public void DoubleKernel_Exists(string op) => Assert.Null(TryRun(op, OnnxDataType.Double));

    [Theory]
    [InlineData("Elu")]
    [InlineData("Selu")]
    [InlineData("Erf")]
    public void DoubleKernel_IsMissing(string op)
    {
        Assert.Null(TryRun(op, OnnxDataType.Float));
        Assert.Contains($"Could not find an implementation for {op}", TryRun(op, OnnxDataType.Double), StringComparison.Ordinal);
    }

    /// <summary>Runs a one-node model of <paramref name="op"/> over a [1, 3] tensor; null when it runs, else the error.</summary>
    private static string? TryRun(string op, OnnxDataType type)
    {
        var inputs = op switch
        {
            "PRelu" or "Div" => new[] { "x", "p" },
            "Gemm" => new[] { "x", "p3x3" },
            "BatchNormalization" => new[] { "x", "p", "p", "p", "p" },
            "Where" => new[] { "condition", "x", "x" },
            _ => new[] { "x" },
        };
        var nodes = new[]
        {
            new OnnxNode("Greater", "greater", new[] { "x", "p" }, new[] { "condition" }, Array.Empty<OnnxAttribute>()),
            new OnnxNode(op, "node", inputs, new[] { "y" }, Array.Empty<OnnxAttribute>()),
        };
        var initializers = new[]
        {
            OnnxTensor.Of("p", type, new long[] { 3 }, new[] { 0.5, 1, 2 }),
            OnnxTensor.Of("p3x3", type, new long[] { 3, 3 }, new double[9]),
        };
        var dims = new[] { new OnnxDim(0, "batch"), new OnnxDim(3) };
        var model = new OnnxModel(8, 17, "test", "0", "", new OnnxGraph(
            "kernel", "", nodes, initializers, new[] { new OnnxValueInfo("x", type, dims) }, new[] { new OnnxValueInfo("y", type, dims) }));
        try
        {
            using var session = new InferenceSession(OnnxProto.Encode(model));
            using var results = type == OnnxDataType.Float
                ? session.Run(new[] { NamedOnnxValue.CreateFromTensor("x", new DenseTensor<float>(new[] { -1f, 0.5f, 2f }, new[] { 1, 3 })) })
                : session.Run(new[] { NamedOnnxValue.CreateFromTensor("x", new DenseTensor<double>(new[] { -1, 0.5, 2 }, new[] { 1, 3 })) });
            return null;
        }
        catch (OnnxRuntimeException error)
        {
            return error.Message;
        }
    }
}
