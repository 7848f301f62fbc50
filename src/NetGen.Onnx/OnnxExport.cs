using System;
using System.IO;
using NetGen.Serialization;

namespace NetGen.Onnx;

/// <summary>
/// Writes a NetGen network as an ONNX model (opset 17, IR version 8) for ONNX Runtime and other ONNX tools: the
/// network's inference (<c>Predict</c>: the output activation applied, dropout the identity, batch norm with its
/// running statistics), input <c>[batch, inputs]</c> and output <c>[batch, outputs]</c> with a dynamic batch.
/// </summary>
/// <remarks>
/// Weights and running statistics are initializers named by the equivalent PyTorch module's <c>state_dict</c> keys
/// (<c>0.weight</c>, <c>1.running_mean</c>, …; see <see cref="NetworkArchitecture.PyTorchModule"/>), so an ONNX file,
/// a PyTorch module and a NetGen file map one to one. docs/onnx.md describes the graph of each layer.
/// </remarks>
public static class OnnxExport
{
    /// <summary>Writes the network's ONNX model to <paramref name="path"/>, atomically: a failure leaves any previous file intact.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>: the ONNX tensors are FLOAT or DOUBLE.</typeparam>
    /// <param name="network">The network, in its current state.</param>
    /// <param name="path">The file to create or replace (conventionally <c>*.onnx</c>); its folder must exist.</param>
    /// <param name="options">Names and batch-norm folding; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or <paramref name="options"/> has an empty or clashing name.</exception>
    public static void ExportOnnx<T>(this INetwork<T> network, string path, OnnxExportOptions? options = null)
        where T : unmanaged
    {
        Export(network, path, options, wrap: null);
    }

    /// <summary>Writes the network's ONNX model to <paramref name="stream"/> at its current position; the stream stays open.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>: the ONNX tensors are FLOAT or DOUBLE.</typeparam>
    /// <param name="network">The network, in its current state.</param>
    /// <param name="stream">A writable stream.</param>
    /// <param name="options">Names and batch-norm folding; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable, or <paramref name="options"/> has an empty or clashing name.</exception>
    public static void ExportOnnx<T>(this INetwork<T> network, Stream stream, OnnxExportOptions? options = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        stream.Write(Encode(network, options));
    }

    /// <summary>The path overload, with a hook for tests that wraps the temporary file's stream (e.g. in one that fails part-way).</summary>
    internal static void Export<T>(INetwork<T> network, string path, OnnxExportOptions? options, Func<Stream, Stream>? wrap)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, Encode(network, options), wrap);
    }

    /// <summary>The bytes of the network's ONNX model (the whole file).</summary>
    internal static byte[] Encode<T>(INetwork<T> network, OnnxExportOptions? options)
        where T : unmanaged
    {
        options ??= new OnnxExportOptions();
        options.Validate(nameof(options));
        return OnnxProto.Encode(OnnxGraphBuilder.Build(network, options));
    }
}
