using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetGen.Serialization;

namespace NetGen.Tests.Serialization;

/// <summary>
/// Files written by real PyTorch (Fixtures/PyTorch, made by make_fixtures.py there) load into the matching
/// declarations and reproduce PyTorch's own outputs; NetGen's files have the names, shapes and dtypes of PyTorch's.
/// </summary>
public class PyTorchFixtureTests
{
    private static readonly string s_folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "PyTorch");

    private static JsonElement Expected(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_folder, "expected.json")));
        return document.RootElement.GetProperty("files").GetProperty(file).Clone();
    }

    private static double[] Rows(JsonElement expected, string property) =>
        expected.GetProperty(property).EnumerateArray().SelectMany(row => row.EnumerateArray().Select(v => v.GetDouble())).ToArray();

    [Fact]
    public void DoubleStateDict_ReproducesPyTorchOutputsWithin1e12()
    {
        var network = new MixedDoubleNet();
        network.Load(Path.Combine(s_folder, "mixed_double.safetensors"));

        var expected = Expected("mixed_double.safetensors");
        var inputs = Rows(expected, "inputs");
        var want = Rows(expected, "outputs");
        var got = new double[want.Length];
        network.Predict(inputs, got);
        for (var i = 0; i < want.Length; i++)
        {
            Assert.True(Math.Abs(got[i] - want[i]) <= 1e-12 * Math.Abs(want[i]), $"output {i}: NetGen {got[i]:R}, PyTorch {want[i]:R}");
        }

        Assert.Equal(20, network.BatchesTracked);
    }

    [Theory]
    [InlineData("mixed_float.safetensors")]
    [InlineData("mixed_float.f16.safetensors")]
    [InlineData("mixed_float.bf16.safetensors")]
    public void FloatStateDict_ReproducesPyTorchOutputsWithin1e6(string file)
    {
        var network = new MixedFloatNet();
        network.Load(Path.Combine(s_folder, file));

        var expected = Expected(file);
        var inputs = Rows(expected, "inputs").Select(v => (float)v).ToArray();
        var want = Rows(expected, "outputs");
        var exact = Rows(expected, "outputs_float64");
        var got = new float[want.Length];
        network.Predict(inputs, got);
        // Against the same weights computed in float64 by PyTorch (the exact answer): 1e-6 relative. PyTorch's own float32
        // outputs are up to 1e-6 from that answer too (output 0 of the F32 file: 1.0e-6 above, NetGen 4.9e-7 below), so
        // the two float32 results agree to 2e-6.
        for (var i = 0; i < want.Length; i++)
        {
            Assert.True(Math.Abs(got[i] - exact[i]) <= 1e-6 * Math.Abs(exact[i]), $"output {i}: NetGen {got[i]:R}, PyTorch float64 {exact[i]:R}");
            Assert.True(Math.Abs(got[i] - want[i]) <= 2e-6 * Math.Abs(want[i]), $"output {i}: NetGen {got[i]:R}, PyTorch float32 {want[i]:R}");
        }
    }

    [Fact]
    public void HalfPrecisionFile_LoadsTheRoundedWeightsExactly()
    {
        // F16 and BF16 values are exact in float: what the network holds is what the file holds, converted back.
        var fromF16 = new MixedFloatNet();
        fromF16.Load(Path.Combine(s_folder, "mixed_float.f16.safetensors"));
        var fromF32 = new MixedFloatNet();
        fromF32.Load(Path.Combine(s_folder, "mixed_float.safetensors"));
        var half = new float[MixedFloatNet.Sizes.ParameterCount];
        var single = new float[MixedFloatNet.Sizes.ParameterCount];
        fromF16.GetParameters(half);
        fromF32.GetParameters(single);
        for (var i = 0; i < half.Length; i++)
        {
            Assert.Equal((float)(Half)single[i], half[i]);
        }
    }

    [Theory]
    [InlineData("mixed_double.safetensors")]
    [InlineData("mixed_float.safetensors")]
    public void SavedWeights_HaveExactlyPyTorchsNamesShapesDtypesAndBytes(string file)
    {
        // What PyTorch wrote, NetGen writes back: the same keys with the same shapes, dtypes and bytes, so
        // model.load_state_dict(load_file(netgen_file)) sees its own state_dict.
        INetwork<float>? single = file.Contains("float") ? new MixedFloatNet() : null;
        INetwork<double>? dual = single is null ? new MixedDoubleNet() : null;
        var path = Path.Combine(s_folder, file);
        using var saved = new MemoryStream();
        if (single is not null)
        {
            single.Load(path);
            single.Save(saved, new SaveOptions { WeightsOnly = true });
        }
        else
        {
            var network = dual!;
            network.Load(path);
            network.Save(saved, new SaveOptions { WeightsOnly = true });
        }

        saved.Position = 0;
        var ours = SafeTensorsFile.Read(saved, saved.Length);
        using var original = File.OpenRead(path);
        var theirs = SafeTensorsFile.Read(original, original.Length);
        Assert.Equal(theirs.Tensors.Select(t => t.Name).Order(), ours.Tensors.Select(t => t.Name).Order());
        var theirBytes = File.ReadAllBytes(path);
        var ourBytes = saved.ToArray();
        foreach (var tensor in theirs.Tensors)
        {
            var mine = ours.ByName[tensor.Name];
            Assert.Equal(tensor.Type, mine.Type);
            Assert.Equal(tensor.Shape, mine.Shape);
            Assert.Equal(DataOf(theirBytes, tensor), DataOf(ourBytes, mine));
        }
    }

    [Fact]
    public void PyTorchModule_IsTheFixturesModuleList()
    {
        Assert.Equal(
            """
            import torch
            from torch import nn

            model = nn.Sequential(
                nn.Linear(5, 8),  # 0
                nn.BatchNorm1d(8, eps=1e-05, momentum=0.1),  # 1
                nn.Tanh(),  # 2
                nn.Linear(8, 6, bias=False),  # 3
                nn.PReLU(num_parameters=6, init=0.25),  # 4
                nn.Dropout(p=0.2),  # 5
                nn.Linear(6, 7),  # 6
                nn.GELU(),  # 7
                nn.Linear(7, 4),  # 8
                nn.ELU(),  # 9
                nn.Linear(4, 3),  # 10
                nn.Softmax(dim=1),  # 11
            ).double()

            """.Replace("\r\n", "\n"),
            MixedDoubleNet.Architecture.PyTorchModule());
    }

    [Fact]
    public void PrefixedKeys_LoadThroughMapName()
    {
        // A state_dict whose nn.Sequential sits in a larger module as "body": the keys are "body.0.weight", ….
        var path = Path.Combine(s_folder, "mixed_float.safetensors");
        var renamed = Renamed(File.ReadAllBytes(path), name => "body." + name);
        var strict = new MixedFloatNet();
        var error = Assert.Throws<ModelFileException>(() => strict.Load(new MemoryStream(renamed)));
        Assert.Contains("no tensor '0.weight'", error.Message);

        var mapped = new MixedFloatNet();
        mapped.Load(new MemoryStream(renamed), new LoadOptions { MapName = name => name.StartsWith("body.", StringComparison.Ordinal) ? name["body.".Length..] : null });
        var direct = new MixedFloatNet();
        direct.Load(path);
        Assert.Equal(Parameters(direct), Parameters(mapped));
    }

    [Fact]
    public void PartialStateDict_LoadsWithStrictOff_AndKeepsTheRest()
    {
        // A state_dict without the output layer (as when fine-tuning a new head): strict refuses it, naming the tensor;
        // strict = false takes what is there and leaves the output layer's own weights.
        var path = Path.Combine(s_folder, "mixed_float.safetensors");
        var withoutHead = new LoadOptions { MapName = name => name.StartsWith("9.", StringComparison.Ordinal) ? null : name };
        var error = Assert.Throws<ModelFileException>(() => new MixedFloatNet().Load(path, withoutHead));
        Assert.Contains("no tensor '9.weight' (layer 5 weights W5, 2 × 4)", error.Message);

        var fresh = new MixedFloatNet();
        var initial = Parameters(fresh);
        fresh.Load(path, withoutHead with { Strict = false });
        var full = new MixedFloatNet();
        full.Load(path);
        var loaded = Parameters(fresh);
        var complete = Parameters(full);
        var head = MixedFloatNet.Sizes.ParameterCount - (2 * 4) - 2;
        Assert.Equal(complete[..head], loaded[..head]);
        Assert.Equal(initial[head..], loaded[head..]);
    }

    private static float[] Parameters(INetwork<float> network)
    {
        var values = new float[network.ParameterCount];
        network.GetParameters(values);
        return values;
    }

    private static byte[] DataOf(byte[] file, TensorEntry tensor)
    {
        var headerLength = (long)BitConverter.ToUInt64(file, 0);
        return file.AsSpan((int)(8 + headerLength + tensor.Begin), (int)(tensor.End - tensor.Begin)).ToArray();
    }

    /// <summary>The same file with every tensor renamed (the header rewritten, the data unchanged).</summary>
    private static byte[] Renamed(byte[] file, Func<string, string> rename)
    {
        var headerLength = (int)BitConverter.ToUInt64(file, 0);
        using var header = JsonDocument.Parse(file.AsMemory(8, headerLength));
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            foreach (var property in header.RootElement.EnumerateObject())
            {
                writer.WritePropertyName(property.Name == "__metadata__" ? property.Name : rename(property.Name));
                property.Value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        var padded = (int)((json.Length + 7) / 8 * 8);
        var result = new byte[8 + padded + (file.Length - 8 - headerLength)];
        BitConverter.GetBytes((ulong)padded).CopyTo(result, 0);
        result.AsSpan(8, padded).Fill((byte)' ');
        json.ToArray().CopyTo(result, 8);
        file.AsSpan(8 + headerLength).CopyTo(result.AsSpan(8 + padded));
        return result;
    }
}
