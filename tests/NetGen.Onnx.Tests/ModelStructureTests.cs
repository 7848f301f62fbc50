using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace NetGen.Onnx.Tests;

/// <summary>What the file says besides its numbers: versions, names, shapes, the node graph.</summary>
public class ModelStructureTests
{
    [Fact]
    public void Model_DeclaresOpset17IrVersion8AndNetGenAsProducer()
    {
        var network = new BatchNormNet();
        var model = OnnxReader.Read(OnnxRunner.Export(network));
        Assert.Equal(8, model.IrVersion);
        Assert.Equal(("", 17L), Assert.Single(model.Opsets));
        Assert.Equal("NetGen", model.ProducerName);
        Assert.Contains(BatchNormNet.Architecture.Describe(), model.DocString, StringComparison.Ordinal);

        using var session = new InferenceSession(OnnxRunner.Export(network));
        Assert.Equal("NetGen", session.ModelMetadata.ProducerName);
        Assert.Equal(nameof(BatchNormNet), session.ModelMetadata.GraphName);
    }

    [Fact]
    public void InputAndOutput_HaveADynamicBatchDimension()
    {
        using var session = new InferenceSession(OnnxRunner.Export(new EveryActivationNet()));
        var input = Assert.Single(session.InputMetadata);
        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal("input", input.Key);
        Assert.Equal("output", output.Key);
        Assert.Equal(new[] { -1, EveryActivationNet.Sizes.InputCount }, input.Value.Dimensions);
        Assert.Equal(new[] { -1, EveryActivationNet.Sizes.OutputCount }, output.Value.Dimensions);
        Assert.Equal("batch", input.Value.SymbolicDimensions[0]);
        Assert.Equal("batch", output.Value.SymbolicDimensions[0]);
        Assert.Equal(typeof(float), input.Value.ElementType);

        using var doubles = new InferenceSession(OnnxRunner.Export(new BatchNormDoubleNet()));
        Assert.Equal(typeof(double), doubles.InputMetadata["input"].ElementType);
        Assert.Equal(typeof(double), doubles.OutputMetadata["output"].ElementType);
    }

    [Fact]
    public void Options_NameTheGraphInputAndOutput()
    {
        var network = OnnxRunner.Randomized<SingleSigmoidNet, float>(new SingleSigmoidNet(), 1);
        var model = OnnxRunner.Export(network, new OnnxExportOptions { GraphName = "iris", InputName = "features", OutputName = "probabilities" });
        using var session = new InferenceSession(model);
        Assert.Equal("iris", session.ModelMetadata.GraphName);
        Assert.Equal("features", Assert.Single(session.InputMetadata).Key);
        Assert.Equal("probabilities", Assert.Single(session.OutputMetadata).Key);

        var inputs = OnnxRunner.Inputs<float>(2 * SingleSigmoidNet.Sizes.InputCount, seed: 3);
        var expected = new float[2 * SingleSigmoidNet.Sizes.OutputCount];
        network.Predict(inputs, expected);
        var actual = OnnxRunner.Run(model, inputs, 2, SingleSigmoidNet.Sizes.InputCount, "features");
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(actual[k] - expected[k]) <= 1e-6, $"output {k}: {actual[k]} vs {expected[k]}");
        }
    }

    [Fact]
    public void Initializers_AreTheStateDictTensorsOfTheNetGenFile()
    {
        // The weights file is named by the PyTorch module's state_dict; the ONNX initializers are the same tensors,
        // byte for byte, except num_batches_tracked (not needed for inference) and the constants the graph adds (named /…).
        AssertInitializersMatchFile(OnnxRunner.Randomized<BatchNormNet, float>(new BatchNormNet(), 1));
        AssertInitializersMatchFile(OnnxRunner.Randomized<BatchNormDoubleNet, double>(new BatchNormDoubleNet(), 2));
        AssertInitializersMatchFile(OnnxRunner.Randomized<EveryActivationNet, float>(new EveryActivationNet(), 3));
        AssertInitializersMatchFile(OnnxRunner.Randomized<EveryActivationDoubleNet, double>(new EveryActivationDoubleNet(), 4));
    }

    [Fact]
    public void Initializers_NameTheModulesOfTheBatchNormNet()
    {
        var model = OnnxReader.Read(OnnxRunner.Export(new BatchNormNet()));
        var names = model.Initializers.Select(i => i.Name).Where(n => !n.StartsWith('/')).ToArray();
        Assert.Equal(
            new[]
            {
                "0.weight", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "4.weight", "4.bias", "5.running_mean", "5.running_var",
                "7.weight", "7.bias", "8.weight", "8.bias", "8.running_mean", "8.running_var",
                "11.weight",
            },
            names);
        Assert.Equal(
            new[] { "Gemm", "BatchNormalization", "Relu", "Gemm", "BatchNormalization", "Tanh", "Gemm", "BatchNormalization", "Elu", "Gemm" },
            model.Nodes.Select(n => n.OpType));
        Assert.Equal(new long[] { 12, 6 }, model.Initializers[0].Dims);
        Assert.Equal(new long[] { 3, 7 }, model.Initializers[^1].Dims);
    }

    [Fact]
    public void FoldedBatchNorm_LeavesGemmsWithFoldedWeightsAndABiasEach()
    {
        var model = OnnxReader.Read(OnnxRunner.Export(new BatchNormNet(), new OnnxExportOptions { FoldBatchNorm = true }));
        Assert.Equal(
            new[] { "0.weight_folded", "0.bias_folded", "4.weight_folded", "4.bias_folded", "7.weight_folded", "7.bias_folded", "11.weight" },
            model.Initializers.Select(i => i.Name));
        Assert.Equal(new[] { "Gemm", "Relu", "Gemm", "Tanh", "Gemm", "Elu", "Gemm" }, model.Nodes.Select(n => n.OpType));
    }

    [Fact]
    public void DoubleBatchNorm_CorrectsTheFloatEpsilonInTheGraph()
    {
        var model = OnnxReader.Read(OnnxRunner.Export(new BatchNormDoubleNet()));
        Assert.Contains(model.Initializers, i => i.Name == "/5/Add/epsilon_correction" && i.DataType == 11);
        Assert.Equal(11, model.Initializers.Single(i => i.Name == "5.running_var").DataType);
    }

    private static void AssertInitializersMatchFile<T>(INetwork<T> network)
        where T : unmanaged
    {
        var path = Path.Combine(Path.GetTempPath(), $"netgen-onnx-{Guid.NewGuid():N}.safetensors");
        try
        {
            network.Save(path, new SaveOptions { WeightsOnly = true });
            var file = File.ReadAllBytes(path);
            var headerLength = (int)BitConverter.ToInt64(file, 0);
            using var header = JsonDocument.Parse(file.AsMemory(8, headerLength));
            var tensors = new Dictionary<string, byte[]>();
            foreach (var entry in header.RootElement.EnumerateObject().Where(e => e.Name != "__metadata__" && !e.Name.EndsWith(".num_batches_tracked", StringComparison.Ordinal)))
            {
                var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt32()).ToArray();
                tensors[entry.Name] = file.AsSpan(8 + headerLength + offsets[0], offsets[1] - offsets[0]).ToArray();
            }

            var model = OnnxReader.Read(OnnxRunner.Export(network));
            var named = model.Initializers.Where(i => !i.Name.StartsWith('/')).ToArray();
            Assert.Equal(tensors.Keys.Order(), named.Select(i => i.Name).Order());
            foreach (var initializer in named)
            {
                Assert.True(tensors[initializer.Name].AsSpan().SequenceEqual(initializer.RawData), $"{initializer.Name} differs from the file");
                Assert.Equal(typeof(T) == typeof(float) ? 1 : 11, initializer.DataType);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
