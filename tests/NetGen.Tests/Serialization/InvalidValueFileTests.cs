using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace NetGen.Tests.Serialization;

/// <summary>
/// A well-formed file whose values a network cannot hold (a NaN weight, a negative variance or second moment, a
/// hyperparameter out of range) is a <see cref="ModelFileException"/> naming the value, and the network is unchanged:
/// the checks of the network's setters never leave it half-loaded.
/// </summary>
public class InvalidValueFileTests
{
    private static (byte[] File, TinyCheckpointNet Trained) Checkpoint()
    {
        var network = new TinyCheckpointNet();
        var x = TestData.Normal(4 * 3, seed: 1).Select(v => (float)v).ToArray();
        var t = TestData.Targets(LossKind.CategoricalCrossEntropy, 4, 2, seed: 2).Select(v => (float)v).ToArray();
        network.TrainStep(x, t);
        using var file = new MemoryStream();
        network.Save(file);
        return (file.ToArray(), network);
    }

    [Theory]
    [InlineData("0.weight", float.NaN, "holds NaN at flat index 1")]
    [InlineData("4.bias", float.PositiveInfinity, "holds Infinity at flat index 1")]
    [InlineData("1.running_mean", float.NegativeInfinity, "holds -Infinity at flat index 1")]
    [InlineData("optimizer.exp_avg.0.weight", float.NaN, "holds NaN at flat index 1")]
    public void NonFiniteValue_NamesTheTensorAndIndex(string tensor, float value, string expected)
    {
        var (file, _) = Checkpoint();
        var network = new TinyCheckpointNet(seed: 5);
        var before = StateOf(network);
        var error = Assert.Throws<ModelFileException>(() => network.Load(new MemoryStream(WithValue(file, tensor, 1, value))));
        Assert.Contains($"Tensor '{tensor}'", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.Equal(before, StateOf(network));
    }

    [Theory]
    [InlineData("1.running_var", "running variance")]
    [InlineData("optimizer.exp_avg_sq.4.weight", "second moment")]
    public void NegativeValueOnlyTheNetworkRefuses_LeavesItUnchanged(string tensor, string expected)
    {
        // Every tensor before this one is read and every check of the file passes; the network's setter is the one
        // that refuses, after the parameters were already set: they must be put back.
        var (file, _) = Checkpoint();
        var network = new TinyCheckpointNet(seed: 5);
        var before = StateOf(network);
        var error = Assert.Throws<ModelFileException>(() => network.Load(new MemoryStream(WithValue(file, tensor, 1, -0.5f))));
        Assert.Contains("which is unchanged", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.IsType<ArgumentException>(error.InnerException?.InnerException, exactMatch: false);
        Assert.Equal(before, StateOf(network));
    }

    [Fact]
    public void HyperparameterOutOfRange_LeavesTheNetworkUnchanged()
    {
        var (file, _) = Checkpoint();
        var edited = WithMetadata(file, "netgen.hyperparameters", value => value.Replace("Beta2=", "Beta2=1", StringComparison.Ordinal));
        var network = new TinyCheckpointNet(seed: 5);
        var before = StateOf(network);
        var error = Assert.Throws<ModelFileException>(() => network.Load(new MemoryStream(edited)));
        Assert.Contains("Beta2", error.Message);
        Assert.Equal(before, StateOf(network));
    }

    [Fact]
    public void ValidFile_WithoutItsChecksum_StillLoadsExactly()
    {
        // The control for the tests above: removing the checksum alone changes nothing.
        var (file, trained) = Checkpoint();
        var network = new TinyCheckpointNet(seed: 5);
        network.Load(new MemoryStream(WithMetadata(file, "netgen.hyperparameters", value => value)));
        Assert.Equal(StateOf(trained), StateOf(network));
    }

    private static string StateOf(TinyCheckpointNet network)
    {
        var values = new float[TinyCheckpointNet.Sizes.ParameterCount + network.OptimizerStateCount + TinyCheckpointNet.Sizes.RunningStatisticsCount];
        network.GetParameters(values.AsSpan(0, TinyCheckpointNet.Sizes.ParameterCount));
        network.GetOptimizerState(values.AsSpan(TinyCheckpointNet.Sizes.ParameterCount, network.OptimizerStateCount));
        network.GetRunningStatistics(values.AsSpan(TinyCheckpointNet.Sizes.ParameterCount + network.OptimizerStateCount));
        var dropout = new ulong[DeterministicRandom.StateLength];
        ((INetwork<float>)network).DropoutRandom!.GetState(dropout);
        return string.Join(",", values.Select(BitConverter.SingleToInt32Bits)) +
            $"|{network.StepCount}|{network.BatchesTracked}|{string.Join(",", dropout)}|{network.LearningRate:R}|{network.Beta1:R}|{network.Beta2:R}|{network.Epsilon:R}|{network.WeightDecay:R}";
    }

    /// <summary>The file with one F32 value of <paramref name="tensor"/> replaced and its checksum dropped (so only the value is wrong).</summary>
    private static byte[] WithValue(byte[] file, string tensor, int index, float value)
    {
        var edited = WithMetadata(file, "netgen.hyperparameters", v => v);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(edited);
        using var document = JsonDocument.Parse(edited.AsMemory(8, headerLength));
        var begin = document.RootElement.GetProperty(tensor).GetProperty("data_offsets")[0].GetInt32();
        BinaryPrimitives.WriteSingleLittleEndian(edited.AsSpan(8 + headerLength + begin + (4 * index)), value);
        return edited;
    }

    /// <summary>The file with one metadata value rewritten and the checksum dropped.</summary>
    private static byte[] WithMetadata(byte[] file, string key, Func<string, string> edit)
    {
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        using var document = JsonDocument.Parse(file.AsMemory(8, headerLength));
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name != "__metadata__")
                {
                    property.WriteTo(writer);
                    continue;
                }

                writer.WriteStartObject("__metadata__");
                foreach (var entry in property.Value.EnumerateObject().Where(e => e.Name != "netgen.checksum"))
                {
                    writer.WriteString(entry.Name, entry.Name == key ? edit(entry.Value.GetString()!) : entry.Value.GetString());
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        var header = json.ToArray();
        var padded = (header.Length + 7) / 8 * 8;
        var data = file.AsSpan(8 + headerLength);
        var result = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)padded);
        result.AsSpan(8, padded).Fill((byte)' ');
        header.CopyTo(result, 8);
        data.CopyTo(result.AsSpan(8 + padded));
        return result;
    }
}
