using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;

namespace NetGen.Tests.Serialization;

/// <summary>A truncated, corrupt, hostile or mismatched file is an exception naming what is wrong, and the network is left exactly as it was.</summary>
public class CorruptFileTests
{
    private static byte[] Checkpoint()
    {
        var network = new TinyCheckpointNet();
        var x = TestData.Normal(4 * 3, seed: 1).Select(v => (float)v).ToArray();
        var t = TestData.Targets(LossKind.CategoricalCrossEntropy, 4, 2, seed: 2).Select(v => (float)v).ToArray();
        network.TrainStep(x, t);
        network.TrainStep(x, t);
        using var file = new MemoryStream();
        network.Save(file);
        return file.ToArray();
    }

    /// <summary>Every value of a network's state, as text of the bits, for "untouched" and "bit-identical" checks.</summary>
    private static string Snapshot(TinyCheckpointNet network)
    {
        var parameters = new float[TinyCheckpointNet.Sizes.ParameterCount];
        network.GetParameters(parameters);
        var optimizer = new float[network.OptimizerStateCount];
        network.GetOptimizerState(optimizer);
        var running = new float[TinyCheckpointNet.Sizes.RunningStatisticsCount];
        network.GetRunningStatistics(running);
        var dropout = new ulong[DeterministicRandom.StateLength];
        ((INetwork<float>)network).DropoutRandom!.GetState(dropout);
        return string.Join(",", parameters.Concat(optimizer).Concat(running).Select(BitConverter.SingleToInt32Bits)) +
            $"|{network.StepCount}|{network.BatchesTracked}|{string.Join(",", dropout)}|{network.LearningRate:R}|{network.Beta1:R}|{network.Beta2:R}|{network.Epsilon:R}|{network.WeightDecay:R}";
    }

    [Fact]
    public void EveryTruncation_IsRejected_AndLeavesTheNetworkUntouched()
    {
        var file = Checkpoint();
        var network = new TinyCheckpointNet(seed: 5);
        var before = Snapshot(network);
        for (var length = 0; length < file.Length; length++)
        {
            var truncated = file.AsSpan(0, length).ToArray();
            var error = Assert.Throws<ModelFileException>(() => network.Load(new MemoryStream(truncated)));
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
            Assert.Equal(before, Snapshot(network));
        }

        // A file on disk is held to its exact length as well.
        var folder = Directory.CreateTempSubdirectory("netgen-").FullName;
        try
        {
            var path = Path.Combine(folder, "cut.safetensors");
            File.WriteAllBytes(path, file.AsSpan(0, file.Length - 1).ToArray());
            Assert.Contains("truncated", Assert.Throws<ModelFileException>(() => network.Load(path)).Message);
            File.WriteAllBytes(path, file.Concat(new byte[] { 0 }).ToArray());
            Assert.Contains("after its last tensor", Assert.Throws<ModelFileException>(() => network.Load(path)).Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void RandomBitFlips_AreRejectedOrProvablyHarmless()
    {
        var file = Checkpoint();
        var reference = new TinyCheckpointNet(seed: 5);
        reference.Load(new MemoryStream(file));
        var intact = Snapshot(reference);

        var random = new DeterministicRandom(2026);
        var rejected = 0;
        var harmless = 0;
        for (var trial = 0; trial < 2000; trial++)
        {
            var flipped = (byte[])file.Clone();
            var bit = random.NextInt(flipped.Length * 8);
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));

            var network = new TinyCheckpointNet(seed: 5);
            var before = Snapshot(network);
            try
            {
                network.Load(new MemoryStream(flipped));
            }
            catch (ModelFileException)
            {
                Assert.Equal(before, Snapshot(network));
                rejected++;
                continue;
            }

            // Accepted: only a flip that changes nothing the network holds may pass (e.g. a hex digit's case in the checksum).
            Assert.True(intact == Snapshot(network), $"flipping bit {bit} (byte {bit / 8}) was accepted and changed the state");
            harmless++;
        }

        Assert.Equal(2000, rejected + harmless);
        Assert.True(rejected > 1900, $"only {rejected} of 2000 flips were rejected");
    }

    [Fact]
    public void InterruptedSave_KeepsThePreviousFile()
    {
        var folder = Directory.CreateTempSubdirectory("netgen-").FullName;
        try
        {
            var path = Path.Combine(folder, "model.safetensors");
            var network = new TinyCheckpointNet();
            network.Save(path);
            var previous = File.ReadAllBytes(path);

            var trained = new TinyCheckpointNet(seed: 9);
            var error = Assert.Throws<IOException>(() => NetworkFile.Save(trained, path, options: null, wrap: stream => new FailingStream(stream, failAfter: 100)));
            Assert.Equal("The disk is full (simulated).", error.Message);

            Assert.Equal(previous, File.ReadAllBytes(path));
            Assert.Equal(new[] { "model.safetensors" }, Directory.GetFiles(folder).Select(Path.GetFileName)); // no temporary file left
            new TinyCheckpointNet().Load(path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void SaveIntoMissingFolder_NamesTheFolder()
    {
        var missing = Path.Combine(Path.GetTempPath(), "netgen-missing-" + Guid.NewGuid().ToString("N"), "model.safetensors");
        var error = Assert.Throws<DirectoryNotFoundException>(() => new TinyCheckpointNet().Save(missing));
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void DifferentActivation_NamesTheLayerAndBothActivations()
    {
        using var file = new MemoryStream();
        new ResumableNet().Save(file);
        file.Position = 0;
        var network = new ResumableReluNet();
        var error = Assert.Throws<ModelFileException>(() => network.Load(file));
        Assert.Contains("differs at layer 2: the file has Linear(12, 8) → Tanh → Dropout(0.25), this network has Linear(12, 8) → ReLU → Dropout(0.25)", error.Message);
    }

    [Fact]
    public void DifferentShape_FromAFileWithoutNetGenMetadata_NamesTheTensorAndBothShapes()
    {
        // A PyTorch-made file has no fingerprint: the shapes themselves are compared.
        var network = new ResumableNet();
        using var saved = new MemoryStream();
        new ResumableWiderNet().Save(saved, new SaveOptions { WeightsOnly = true });
        var foreign = WithoutNetGenMetadata(saved.ToArray());
        var error = Assert.Throws<ModelFileException>(() => network.Load(new MemoryStream(foreign)));
        Assert.Contains("Layer 2: expected 8 × 12 for layer 2 weights W2 (tensor '3.weight'), the file has 10 × 12.", error.Message);
    }

    [Fact]
    public void CheckpointOfAnotherOptimizer_SaysSo_AndWeightsOnlyLoadsIt()
    {
        var adam = new ResumableNet();
        using var file = new MemoryStream();
        adam.Save(file);
        var momentum = new ResumableMomentumNet();
        file.Position = 0;
        var error = Assert.Throws<ModelFileException>(() => momentum.Load(file));
        Assert.Contains("The checkpoint's optimizer is Adam (state: exp_avg, exp_avg_sq, max_exp_avg_sq), but this network's is Momentum (state: momentum_buffer)", error.Message);

        file.Position = 0;
        momentum.Load(file, new LoadOptions { WeightsOnly = true });
        var expected = new float[ResumableNet.Sizes.ParameterCount];
        var actual = new float[ResumableMomentumNet.Sizes.ParameterCount];
        adam.GetParameters(expected);
        momentum.GetParameters(actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void StandardizerFile_IntoANetwork_SaysWhatItHolds()
    {
        using var file = new MemoryStream();
        NetGen.Data.Standardizer.FromStatistics(new[] { "a" }, new[] { 1.0 }, new[] { 2.0 }).Save(file);
        file.Position = 0;
        var error = Assert.Throws<ModelFileException>(() => new TinyCheckpointNet().Load(file));
        Assert.Contains("holds a standardizer, not a network", error.Message);
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, "overlaps")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "hole")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "shape [3] of F32 but 8 bytes")]
    [InlineData("{\"a\":{\"dtype\":\"F31\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "dtype 'F31'")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8, "begin ≤ end")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16, "names 'a' twice")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", 8, "but 8 bytes")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, "non-negative integer")]
    [InlineData("{\"a\":[1,2]}", 0, "to be an object")]
    [InlineData("[]", 0, "header to be a JSON object")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}x", 8, "after its JSON object")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}\t", 8, "only space padding")]
    [InlineData("{\"__metadata__\":{\"k\":1}}", 0, "metadata 'k' to be a string")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"extra\":1}}", 8, "unexpected or repeated property 'extra'")]
    public void HostileHeader_IsRejectedWithTheReason(string header, int dataBytes, string reason)
    {
        var file = Build(Encoding.UTF8.GetBytes(header), new byte[dataBytes]);
        var error = Assert.Throws<ModelFileException>(() => new TinyCheckpointNet().Load(new MemoryStream(file)));
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData(ulong.MaxValue)]
    [InlineData(100_000_001UL)]
    [InlineData(1UL << 40)]
    [InlineData(0UL)]
    public void ImpossibleHeaderSize_IsRejectedBeforeAnyAllocation(ulong headerSize)
    {
        var file = new byte[64];
        BinaryPrimitives.WriteUInt64LittleEndian(file, headerSize);
        var error = Assert.Throws<ModelFileException>(() => new TinyCheckpointNet().Load(new MemoryStream(file)));
        Assert.Contains("header size", error.Message);
    }

    [Fact]
    public void HeaderClaimingMoreThanTheStreamHolds_FailsWithoutAllocatingIt()
    {
        // 90 MB claimed, 100 bytes present: the reader grows its buffer only as bytes arrive.
        var file = new byte[108];
        BinaryPrimitives.WriteUInt64LittleEndian(file, 90_000_000);
        file[8] = (byte)'{';
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ModelFileException>(() => new TinyCheckpointNet().Load(new MemoryStream(file)));
        Assert.Contains("truncated", error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 8_000_000, "the reader allocated the claimed size");
    }

    /// <summary>A file from a header and data, the header padded with spaces to 8 bytes.</summary>
    private static byte[] Build(byte[] header, byte[] data)
    {
        var padded = (header.Length + 7) / 8 * 8;
        var file = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        file.AsSpan(8, padded).Fill((byte)' ');
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + padded);
        return file;
    }

    /// <summary>The same tensors with the NetGen metadata dropped, as a PyTorch-made file would be.</summary>
    internal static byte[] WithoutNetGenMetadata(byte[] file)
    {
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        using var document = System.Text.Json.JsonDocument.Parse(file.AsMemory(8, headerLength));
        using var json = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__"))
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Build(json.ToArray(), file.AsSpan(8 + headerLength).ToArray());
    }

    /// <summary>Writes through to the inner stream until <c>failAfter</c> bytes, then fails as a full disk would.</summary>
    private sealed class FailingStream(Stream inner, int failAfter) : Stream
    {
        private int _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var allowed = Math.Min(buffer.Length, failAfter - _written);
            inner.Write(buffer[..allowed]);
            _written += allowed;
            if (allowed < buffer.Length)
            {
                throw new IOException("The disk is full (simulated).");
            }
        }
    }
}
