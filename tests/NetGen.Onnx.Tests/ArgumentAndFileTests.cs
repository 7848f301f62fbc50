using System;
using System.IO;
using System.Linq;

namespace NetGen.Onnx.Tests;

/// <summary>Bad arguments fail clearly, naming the argument; writing to a path is atomic.</summary>
public class ArgumentAndFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netgen-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void NullNetwork_ThrowsNamingNetwork()
    {
        INetwork<float> network = null!;
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => network.ExportOnnx(Path.Combine(_folder, "a.onnx"))).ParamName);
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => network.ExportOnnx(new MemoryStream())).ParamName);
    }

    [Fact]
    public void NullOrEmptyPath_ThrowsNamingPath()
    {
        var network = new SingleSigmoidNet();
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => network.ExportOnnx((string)null!)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => network.ExportOnnx("")).ParamName);
    }

    [Fact]
    public void NullOrReadOnlyStream_ThrowsNamingStream()
    {
        var network = new SingleSigmoidNet();
        Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => network.ExportOnnx((Stream)null!)).ParamName);
        using var readOnly = new MemoryStream(new byte[16], writable: false);
        Assert.Equal("stream", Assert.Throws<ArgumentException>(() => network.ExportOnnx(readOnly)).ParamName);
    }

    [Theory]
    [InlineData("", "output", null)]
    [InlineData(" ", "output", null)]
    [InlineData("input", "", null)]
    [InlineData("same", "same", null)]
    [InlineData("input", "output", " ")]
    [InlineData("0.weight", "output", null)]
    [InlineData("input", "0.bias", null)]
    [InlineData("input", "/0/Gemm_output_0", null)]
    public void BadOptions_ThrowNamingOptions(string inputName, string outputName, string? graphName)
    {
        var network = new ReluOutputNet();
        var options = new OnnxExportOptions { InputName = inputName, OutputName = outputName, GraphName = graphName };
        using var stream = new MemoryStream();
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => network.ExportOnnx(stream, options)).ParamName);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void MissingFolder_ThrowsDirectoryNotFound()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new SingleSigmoidNet().ExportOnnx(Path.Combine(_folder, "missing", "a.onnx")));
    }

    [Fact]
    public void Path_HoldsTheStreamsBytes()
    {
        var network = OnnxRunner.Randomized<BatchNormNet, float>(new BatchNormNet(), 1);
        var path = Path.Combine(_folder, "net.onnx");
        network.ExportOnnx(path);
        Assert.Equal(OnnxRunner.Export(network), File.ReadAllBytes(path));
        Assert.Equal(new[] { "net.onnx" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Stream_IsWrittenAtItsPositionAndLeftOpen()
    {
        var network = new SingleSigmoidNet();
        using var stream = new MemoryStream();
        stream.Write(new byte[] { 1, 2, 3 });
        network.ExportOnnx(stream);
        Assert.True(stream.CanWrite);
        Assert.Equal(OnnxRunner.Export(network), stream.ToArray().AsSpan(3).ToArray());
    }

    [Fact]
    public void FailedWrite_LeavesThePreviousFileIntact()
    {
        var path = Path.Combine(_folder, "net.onnx");
        var first = OnnxRunner.Randomized<BatchNormNet, float>(new BatchNormNet(), 1);
        first.ExportOnnx(path);
        var before = File.ReadAllBytes(path);

        var second = OnnxRunner.Randomized<BatchNormNet, float>(new BatchNormNet(), 2);
        Assert.Throws<IOException>(() => OnnxExport.Export(second, path, options: null, wrap: file => new FailingStream(file, failAfter: 100)));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { "net.onnx" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void FailedExport_WritesNothing()
    {
        var path = Path.Combine(_folder, "net.onnx");
        File.WriteAllBytes(path, new byte[] { 42 });
        Assert.Throws<ArgumentException>(() => new SingleSigmoidNet().ExportOnnx(path, new OnnxExportOptions { InputName = "0.weight" }));
        Assert.Equal(new byte[] { 42 }, File.ReadAllBytes(path));
    }

    /// <summary>Passes writes through until <c>failAfter</c> bytes, then throws, like a full disk.</summary>
    private sealed class FailingStream(Stream inner, int failAfter) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var allowed = (int)Math.Max(0, Math.Min(buffer.Length, failAfter - _written));
            inner.Write(buffer[..allowed]);
            _written += allowed;
            if (allowed < buffer.Length)
            {
                throw new IOException("No space left on device (simulated).");
            }
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
