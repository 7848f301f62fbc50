using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using NetGen.Kernels;
using NetGen.Tests.BatchNorm;
using NetGen.Tests.Parallelism;
using Xunit;

namespace NetGen.Tests.Kernels;

public class AlignedBufferTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(1000)]
    public void NewBuffers_StartOnACacheLine_AndHoldExactlyTheirLengthOfZeros(int length)
    {
        // Many in a row, so the allocator's own placement varies over every offset within a line.
        var floats = Enumerable.Range(0, 64).Select(_ => new AlignedBuffer<float>(length)).ToArray();
        var doubles = Enumerable.Range(0, 64).Select(_ => new AlignedBuffer<double>(length)).ToArray();

        foreach (var buffer in floats)
        {
            Assert.Equal(0, Address(ref buffer.Start) % AlignedBuffer<float>.Alignment);
            Assert.Equal(length, buffer.Length);
            Assert.Equal(length, buffer.Span.Length);
            Assert.True(buffer.Span.IndexOfAnyExcept(0f) < 0);
            Assert.True(Unsafe.AreSame(ref buffer.Start, ref System.Runtime.InteropServices.MemoryMarshal.GetReference(buffer.Span)));
        }

        foreach (var buffer in doubles)
        {
            Assert.Equal(0, Address(ref buffer.Start) % AlignedBuffer<double>.Alignment);
            Assert.Equal(length, buffer.Span.Length);
        }
    }

    [Fact]
    public void Indexer_ReadsAndWritesTheSpansValues_AndRefusesIndicesOutsideTheLength()
    {
        var buffer = new AlignedBuffer<float>(3);
        buffer[2] = 5;
        buffer.Span[0] = 7;

        Assert.Equal(7, buffer[0]);
        Assert.Equal(5, buffer.Span[2]);
        Assert.Throws<IndexOutOfRangeException>(() => buffer[3]);
        Assert.Throws<IndexOutOfRangeException>(() => buffer[-1]);
        Assert.Throws<ArgumentOutOfRangeException>("length", () => new AlignedBuffer<float>(-1));
    }

    [Fact]
    public void DefaultBuffer_IsEmpty()
    {
        var buffer = default(AlignedBuffer<float>);

        Assert.Equal(0, buffer.Length);
        Assert.True(buffer.Span.IsEmpty);
    }

    [Fact]
    public void GeneratedNetworks_KeepEveryBufferAligned_ThroughGarbageCollections()
    {
        // Training (Adam state, batch buffers, the narrow layer's weight copy) and batch norm's running statistics.
        var adam = new ParallelAdamNet { MaxDegreeOfParallelism = 2 };
        var inputs = Enumerable.Range(0, 64 * 64).Select(i => (float)Math.Sin(i)).ToArray();
        var targets = new float[64 * 10];
        for (var s = 0; s < 64; s++)
        {
            targets[(s * 10) + (s % 10)] = 1;
        }

        adam.TrainStep(inputs, targets);
        var normalized = new BatchNormReLU();
        normalized.TrainStep(new double[] { 1, 2, 3, 4, 5, 6 }, new double[] { 1, 0, 0, 1 });
        var before = new float[adam.ParameterCount];
        adam.GetParameters(before);

        for (var collection = 0; collection < 3; collection++)
        {
            _ = Enumerable.Range(0, 10_000).Select(i => new byte[i % 100]).ToArray();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

            var buffers = Buffers<float>(adam).Concat(Buffers<double>(normalized).Select(b => (b.Name, Address: b.Address))).ToArray();
            Assert.Contains(buffers, b => b.Name == "__ng_firstMoment");
            Assert.Contains(buffers, b => b.Name == "__ng_shardGradients[0]");
            Assert.Contains(buffers, b => b.Name == "__ng_running");
            Assert.All(buffers, b => Assert.True(b.Address % 64 == 0, $"{b.Name} starts at {b.Address:x}"));
        }

        var after = new float[adam.ParameterCount];
        adam.GetParameters(after);
        Assert.Equal(before, after);
    }

    /// <summary>Every <see cref="AlignedBuffer{T}"/> a network holds, in fields or in arrays of them, with where it starts.</summary>
    private static (string Name, long Address)[] Buffers<T>(object network)
        where T : unmanaged
    {
        var fields = network.GetType().GetFields(BindingFlags.NonPublic | BindingFlags.Instance);
        var single = fields.Where(f => f.FieldType == typeof(AlignedBuffer<T>))
            .Select(f => (f.Name, Buffer: (AlignedBuffer<T>)f.GetValue(network)!))
            .Where(b => b.Buffer.Length > 0)
            .Select(b => (b.Name, Address(ref b.Buffer.Start)));
        var arrays = fields.Where(f => f.FieldType == typeof(AlignedBuffer<T>[]))
            .SelectMany(f => ((AlignedBuffer<T>[]?)f.GetValue(network) ?? []).Select((b, k) => (Name: $"{f.Name}[{k}]", Buffer: b)))
            .Where(b => b.Buffer.Length > 0)
            .Select(b => (b.Name, Address(ref b.Buffer.Start)));
        return single.Concat(arrays).ToArray();
    }

    private static long Address<T>(ref T value) => Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref value);
}
