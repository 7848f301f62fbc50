using System;
using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace NetGen;

/// <summary>
/// Reads the trained state a network declared with <c>[Network(Weights = …)]</c> carries as constant data: the bytes of
/// its storage, little-endian, in base64, as one string constant.
/// </summary>
/// <remarks>
/// A base64 string constant is what keeps the build fast. Measured with Roslyn 4.14 on 940 KB of weights (a
/// 235 000-parameter network): the string literal compiles in 17 ms, the same data as a UTF-8 literal (<c>"…"u8</c>) in
/// 445 ms and as 235 000 byte literals in 983 ms. The runtime keeps string literals outside the garbage-collected heap
/// (NativeAOT in the binary's data), and decoding is vectorized and writes straight into the network's own arrays, so
/// constructing a baked network allocates nothing beyond the instance. An assembly holds at most 16 MB of string
/// constants, which bounds what can be baked (about 1.5 million float parameters).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)] // public for the generated code in users' assemblies, which alone should call it
public static class BakedData
{
    /// <summary>Decodes <paramref name="base64"/> into <paramref name="destination"/>, which it must fill exactly.</summary>
    /// <exception cref="InvalidOperationException">The data does not decode to exactly the destination's size (the generated code and the runtime disagree).</exception>
    public static void Decode(ReadOnlySpan<char> base64, Span<float> destination)
    {
        DecodeBytes(base64, MemoryMarshal.AsBytes(destination));
        if (!BitConverter.IsLittleEndian)
        {
            var words = MemoryMarshal.Cast<float, uint>(destination);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }

    /// <inheritdoc cref="Decode(ReadOnlySpan{char}, Span{float})"/>
    public static void Decode(ReadOnlySpan<char> base64, Span<double> destination)
    {
        DecodeBytes(base64, MemoryMarshal.AsBytes(destination));
        if (!BitConverter.IsLittleEndian)
        {
            var words = MemoryMarshal.Cast<double, ulong>(destination);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }

    private static void DecodeBytes(ReadOnlySpan<char> base64, Span<byte> destination)
    {
        if (!Convert.TryFromBase64Chars(base64, destination, out var written) || written != destination.Length)
        {
            throw new InvalidOperationException(
                $"The baked weights ({base64.Length} base64 characters) do not decode to the network's {destination.Length} bytes of storage; rebuild the project.");
        }
    }
}
