using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;

namespace NetGen.Serialization;

/// <summary>The element types of the safetensors format, with their sizes.</summary>
internal static class TensorTypes
{
    private static readonly Dictionary<string, int> s_sizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1,
        ["I16"] = 2, ["U16"] = 2, ["F16"] = 2, ["BF16"] = 2,
        ["I32"] = 4, ["U32"] = 4, ["F32"] = 4,
        ["I64"] = 8, ["U64"] = 8, ["F64"] = 8,
    };

    public static bool TryGetSize(string type, out int size) => s_sizes.TryGetValue(type, out size);

    public static bool IsFloatingPoint(string type) => type is "F16" or "BF16" or "F32" or "F64";
}

/// <summary>One tensor of a safetensors header: its element type, shape and bytes within the data buffer.</summary>
internal sealed record TensorEntry(string Name, string Type, long[] Shape, long Begin, long End)
{
    public long Count => (End - Begin) / (TensorTypes.TryGetSize(Type, out var size) ? size : 1);

    public string ShapeText => Shape.Length == 0 ? "a scalar" : string.Join(" × ", Shape);
}

/// <summary>
/// A parsed, validated safetensors file (https://github.com/huggingface/safetensors): an 8-byte little-endian header
/// size N, N bytes of JSON header naming each tensor's dtype, shape and data offsets (plus a <c>__metadata__</c> map
/// of strings), then the data buffer, every tensor little-endian and row-major, packed without holes.
/// </summary>
/// <remarks>
/// <para>
/// Reading validates everything before any tensor is used, so a truncated, corrupt or hostile file is an exception
/// and never a crash or an unbounded allocation: the header size is bounded (100 MB, as the reference
/// implementation) and must fit the file; the header must be a JSON object of the expected shape, without duplicate
/// names; every dtype must be known, every shape's size must match its byte range, and the ranges must tile the data
/// buffer exactly (in bounds, no overlap, no hole). The data buffer is read only after the header validates, and only
/// as many bytes as the header accounts for.
/// </para>
/// <para>
/// NetGen's own files also carry <c>netgen.checksum</c> in the metadata: XxHash64 of the whole file with the
/// checksum's 16 hexadecimal digits read as zeros. A file that has one is rejected when it does not match.
/// </para>
/// </remarks>
internal sealed class SafeTensorsFile
{
    /// <summary>The largest header read, as the reference implementation (<c>MAX_HEADER_SIZE</c>).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    public const string ChecksumKey = "netgen.checksum";

    private const int ChecksumDigits = 16;

    private readonly byte[] _data;

    private SafeTensorsFile(IReadOnlyDictionary<string, string> metadata, IReadOnlyList<TensorEntry> tensors, byte[] data)
    {
        Metadata = metadata;
        Tensors = tensors;
        var byName = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            byName.Add(tensor.Name, tensor);
        }

        ByName = byName;
        _data = data;
    }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensors in header order.</summary>
    public IReadOnlyList<TensorEntry> Tensors { get; }

    public IReadOnlyDictionary<string, TensorEntry> ByName { get; }

    public string? GetMetadata(string key) => Metadata.TryGetValue(key, out var value) ? value : null;

    /// <summary>Reads and validates a whole file from <paramref name="stream"/>, reading no further than its data buffer ends.</summary>
    /// <param name="stream">The file's bytes from its start.</param>
    /// <param name="exactLength">The stream's total length when it is known (a file): then the file must end exactly where its data does.</param>
    public static SafeTensorsFile Read(Stream stream, long? exactLength)
    {
        Span<byte> prefix = stackalloc byte[8];
        var prefixRead = ReadFully(stream, prefix);
        if (prefixRead < 8)
        {
            throw new ModelFileException($"The file is truncated: it has {prefixRead} bytes, but a safetensors file starts with an 8-byte header size.");
        }

        var headerSize = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerSize < 2 || headerSize > MaxHeaderBytes)
        {
            throw new ModelFileException($"The header size is {headerSize} bytes; a safetensors header holds at least 2 and at most {MaxHeaderBytes} bytes of JSON.");
        }

        if (exactLength is { } total && 8 + (long)headerSize > total)
        {
            throw new ModelFileException($"The file is truncated: its header size is {headerSize} bytes, but only {total - 8} bytes follow the header size.");
        }

        var header = ReadBytes(stream, (long)headerSize, "header");
        var (metadata, tensors, checksumAt) = ParseHeader(header);
        var dataLength = ValidateLayout(tensors);
        if (exactLength is { } fileLength && fileLength != 8 + (long)headerSize + dataLength)
        {
            var actual = fileLength - 8 - (long)headerSize;
            throw new ModelFileException(actual < dataLength
                ? $"The file is truncated: its header describes {dataLength} bytes of tensor data, but only {actual} follow the header."
                : $"The file has {actual - dataLength} bytes after its last tensor; its header describes {dataLength} bytes of tensor data.");
        }

        var data = ReadBytes(stream, dataLength, "tensor data");
        if (checksumAt >= 0)
        {
            VerifyChecksum(prefix, header, data, checksumAt);
        }

        return new SafeTensorsFile(metadata, tensors, data);
    }

    /// <summary>Converts a floating-point tensor to doubles (F16, BF16 and F32 exactly).</summary>
    public void ReadDoubles(TensorEntry tensor, Span<double> destination)
    {
        var bytes = _data.AsSpan((int)tensor.Begin, (int)(tensor.End - tensor.Begin));
        switch (tensor.Type)
        {
            case "F64":
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(8 * i));
                }

                break;
            case "F32":
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i));
                }

                break;
            case "F16":
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (double)BinaryPrimitives.ReadHalfLittleEndian(bytes.Slice(2 * i));
                }

                break;
            case "BF16":
                for (var i = 0; i < destination.Length; i++)
                {
                    // bfloat16 is the top half of a float32.
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(2 * i)) << 16);
                }

                break;
            default:
                throw new InvalidOperationException($"'{tensor.Type}' is not a floating-point type.");
        }
    }

    /// <summary>Reads a float tensor whose type is F32 straight into floats (no double rounding on the way).</summary>
    public void ReadSingles(TensorEntry tensor, Span<float> destination)
    {
        if (tensor.Type == "F32")
        {
            var bytes = _data.AsSpan((int)tensor.Begin, (int)(tensor.End - tensor.Begin));
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i));
            }

            return;
        }

        // F16 and BF16 are exact in float; an F64 value rounds once, to nearest.
        var values = new double[destination.Length];
        ReadDoubles(tensor, values);
        for (var i = 0; i < values.Length; i++)
        {
            destination[i] = (float)values[i];
        }
    }

    /// <summary>Reads an integer scalar (I64, I32 and the smaller integer types).</summary>
    public long ReadInteger(TensorEntry tensor)
    {
        var bytes = _data.AsSpan((int)tensor.Begin, (int)(tensor.End - tensor.Begin));
        return tensor.Type switch
        {
            "I64" => BinaryPrimitives.ReadInt64LittleEndian(bytes),
            "I32" => BinaryPrimitives.ReadInt32LittleEndian(bytes),
            "I16" => BinaryPrimitives.ReadInt16LittleEndian(bytes),
            "I8" => (sbyte)bytes[0],
            "U8" => bytes[0],
            "U16" => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            "U32" => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            _ => throw new InvalidOperationException($"'{tensor.Type}' is not an integer type read as a count."),
        };
    }

    private static (Dictionary<string, string> Metadata, List<TensorEntry> Tensors, int ChecksumAt) ParseHeader(byte[] header)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new List<TensorEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var checksumAt = -1;
        try
        {
            var reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = 4, CommentHandling = JsonCommentHandling.Disallow });
            Expect(ref reader, JsonTokenType.StartObject, "the header to be a JSON object");
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                var name = reader.GetString()!;
                if (!names.Add(name))
                {
                    throw new ModelFileException($"The header names '{name}' twice.");
                }

                if (name == "__metadata__")
                {
                    Expect(ref reader, JsonTokenType.StartObject, "__metadata__ to be an object of strings");
                    while (Next(ref reader) != JsonTokenType.EndObject)
                    {
                        var key = reader.GetString()!;
                        Expect(ref reader, JsonTokenType.String, $"metadata '{key}' to be a string");
                        if (key == ChecksumKey && reader.ValueSpan.Length == ChecksumDigits && !reader.ValueIsEscaped)
                        {
                            checksumAt = (int)reader.TokenStartIndex + 1;
                        }

                        if (!metadata.TryAdd(key, reader.GetString()!))
                        {
                            throw new ModelFileException($"The metadata names '{key}' twice.");
                        }
                    }

                    continue;
                }

                tensors.Add(ParseTensor(ref reader, name));
            }

            // Whatever follows the object is the padding the format allows: spaces only (not JSON's other whitespace).
            for (var i = (int)reader.BytesConsumed; i < header.Length; i++)
            {
                if (header[i] != (byte)' ')
                {
                    throw new ModelFileException($"The header has byte 0x{header[i]:x2} after its JSON object; only space padding may follow it.");
                }
            }
        }
        catch (JsonException exception)
        {
            throw new ModelFileException($"The header is not valid JSON: {exception.Message}", exception);
        }
        catch (InvalidOperationException exception)
        {
            throw new ModelFileException($"The header is not valid safetensors JSON: {exception.Message}", exception);
        }

        if (metadata.ContainsKey(ChecksumKey) && checksumAt < 0)
        {
            throw new ModelFileException($"The metadata's {ChecksumKey} is not {ChecksumDigits} hexadecimal digits.");
        }

        return (metadata, tensors, checksumAt);
    }

    private static TensorEntry ParseTensor(ref Utf8JsonReader reader, string name)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"tensor '{name}' to be an object");
        string? type = null;
        long[]? shape = null;
        long[]? offsets = null;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            switch (property)
            {
                case "dtype" when type is null:
                    Expect(ref reader, JsonTokenType.String, $"tensor '{name}' dtype to be a string");
                    type = reader.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(ref reader, name, "shape");
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(ref reader, name, "data_offsets");
                    break;
                default:
                    throw new ModelFileException($"Tensor '{name}' has an unexpected or repeated property '{property}'.");
            }
        }

        if (type is null || shape is null || offsets is null)
        {
            throw new ModelFileException($"Tensor '{name}' lacks {(type is null ? "dtype" : shape is null ? "shape" : "data_offsets")}.");
        }

        if (!TensorTypes.TryGetSize(type, out var size))
        {
            throw new ModelFileException($"Tensor '{name}' has dtype '{type}', which safetensors does not define.");
        }

        if (offsets.Length != 2 || offsets[0] > offsets[1])
        {
            throw new ModelFileException($"Tensor '{name}' has data_offsets [{string.Join(", ", offsets)}]; expected [begin, end] with begin ≤ end.");
        }

        long count = 1;
        foreach (var dimension in shape)
        {
            // Both bounded by MaxHeaderBytes-sized data, so the product cannot overflow before it exceeds the range.
            count = dimension == 0 ? 0 : count > long.MaxValue / dimension ? long.MaxValue : count * dimension;
        }

        var bytes = offsets[1] - offsets[0];
        if (count > long.MaxValue / size || count * size != bytes)
        {
            throw new ModelFileException($"Tensor '{name}' has shape [{string.Join(", ", shape)}] of {type} but {bytes} bytes of data.");
        }

        return new TensorEntry(name, type, shape, offsets[0], offsets[1]);
    }

    private static long[] ReadIntegers(ref Utf8JsonReader reader, string name, string property)
    {
        Expect(ref reader, JsonTokenType.StartArray, $"tensor '{name}' {property} to be an array");
        var values = new List<long>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value) || value < 0)
            {
                throw new ModelFileException($"Tensor '{name}' {property} holds something other than a non-negative integer.");
            }

            if (values.Count == 64)
            {
                throw new ModelFileException($"Tensor '{name}' {property} has more than 64 entries.");
            }

            values.Add(value);
        }

        return values.ToArray();
    }

    /// <summary>Checks that the tensors tile the data buffer exactly and returns its length.</summary>
    private static long ValidateLayout(List<TensorEntry> tensors)
    {
        var sorted = tensors.ToArray();
        Array.Sort(sorted, (a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long end = 0;
        foreach (var tensor in sorted)
        {
            if (tensor.Begin != end)
            {
                throw new ModelFileException(tensor.Begin < end
                    ? $"Tensor '{tensor.Name}' overlaps another: its data starts at byte {tensor.Begin}, before byte {end} where the previous tensor ends."
                    : $"The data buffer has a hole before tensor '{tensor.Name}': bytes {end} to {tensor.Begin} belong to no tensor.");
            }

            end = tensor.End;
        }

        if (end > int.MaxValue)
        {
            throw new ModelFileException($"The tensor data is {end} bytes; NetGen reads files of up to {int.MaxValue} bytes of data.");
        }

        return end;
    }

    private static void VerifyChecksum(ReadOnlySpan<byte> prefix, byte[] header, byte[] data, int checksumAt)
    {
        var stored = Encoding.ASCII.GetString(header, checksumAt, ChecksumDigits);
        if (!ulong.TryParse(stored, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var expected))
        {
            throw new ModelFileException($"The metadata's {ChecksumKey} '{stored}' is not {ChecksumDigits} hexadecimal digits.");
        }

        var actual = Checksum(prefix, header, checksumAt, data);
        if (actual != expected)
        {
            throw new ModelFileException($"The file is corrupt: its checksum is {expected:x16}, but its contents hash to {actual:x16}.");
        }
    }

    /// <summary>XxHash64 of the whole file, the 16 checksum digits at <paramref name="checksumAt"/> in the header read as '0'.</summary>
    public static ulong Checksum(ReadOnlySpan<byte> prefix, byte[] header, int checksumAt, ReadOnlySpan<byte> data)
    {
        var hash = new XxHash64();
        hash.Append(prefix);
        hash.Append(header.AsSpan(0, checksumAt));
        Span<byte> zeros = stackalloc byte[ChecksumDigits];
        zeros.Fill((byte)'0');
        hash.Append(zeros);
        hash.Append(header.AsSpan(checksumAt + ChecksumDigits));
        hash.Append(data);
        return hash.GetCurrentHashAsUInt64();
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new ModelFileException("The header's JSON ends early.");
        }

        return reader.TokenType;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string expected)
    {
        if (Next(ref reader) != type)
        {
            throw new ModelFileException($"Expected {expected}, found a JSON {reader.TokenType}.");
        }
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = stream.Read(buffer.Slice(total));
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Reads exactly <paramref name="length"/> bytes, growing the buffer only as bytes arrive (a lying header costs no memory).</summary>
    private static byte[] ReadBytes(Stream stream, long length, string what)
    {
        const int Chunk = 1 << 20;
        if (length <= Chunk)
        {
            var small = new byte[length];
            var read = ReadFully(stream, small);
            return read == length ? small : throw Truncated(what, length, read);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[Chunk];
        while (buffer.Length < length)
        {
            var read = ReadFully(stream, chunk.AsSpan(0, (int)Math.Min(Chunk, length - buffer.Length)));
            buffer.Write(chunk, 0, read);
            if (read == 0)
            {
                throw Truncated(what, length, buffer.Length);
            }
        }

        return buffer.ToArray();
    }

    private static ModelFileException Truncated(string what, long expected, long read) =>
        new($"The file is truncated: its {what} should be {expected} bytes, but only {read} follow.");
}

/// <summary>Writes a safetensors file: tensors in the order added, metadata, and NetGen's checksum.</summary>
internal sealed class SafeTensorsWriter
{
    private readonly List<(string Name, string Type, long[] Shape, byte[] Data)> _tensors = new();
    private readonly SortedDictionary<string, string> _metadata = new(StringComparer.Ordinal);

    public void AddMetadata(string key, string value) => _metadata[key] = value;

    public void Add(string name, ReadOnlySpan<float> values, params long[] shape)
    {
        var data = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), values[i]);
        }

        _tensors.Add((name, "F32", shape, data));
    }

    public void Add(string name, ReadOnlySpan<double> values, params long[] shape)
    {
        var data = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8 * i), values[i]);
        }

        _tensors.Add((name, "F64", shape, data));
    }

    public void AddInt64Scalar(string name, long value)
    {
        var data = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(data, value);
        _tensors.Add((name, "I64", Array.Empty<long>(), data));
    }

    /// <summary>The whole file, checksummed: the header JSON padded with spaces to a multiple of 8 bytes, then the data.</summary>
    public byte[] ToBytes()
    {
        AddMetadata(SafeTensorsFile.ChecksumKey, new string('0', 16));
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("__metadata__");
            foreach (var (key, value) in _metadata)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            long offset = 0;
            foreach (var (name, type, shape, data) in _tensors)
            {
                writer.WriteStartObject(name);
                writer.WriteString("dtype", type);
                writer.WriteStartArray("shape");
                foreach (var dimension in shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + data.Length);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += data.Length;
            }

            writer.WriteEndObject();
        }

        var headerLength = (int)json.Length;
        var padded = (headerLength + 7) / 8 * 8;
        var header = new byte[padded];
        json.ToArray().CopyTo(header, 0);
        header.AsSpan(headerLength).Fill((byte)' ');

        var dataLength = 0;
        foreach (var tensor in _tensors)
        {
            dataLength += tensor.Data.Length;
        }

        var file = new byte[8 + padded + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        header.CopyTo(file, 8);
        var at = 8 + padded;
        foreach (var tensor in _tensors)
        {
            tensor.Data.CopyTo(file, at);
            at += tensor.Data.Length;
        }

        // The checksum's digits were written as zeros; hash the file so, then write them.
        var marker = Encoding.ASCII.GetBytes($"\"{SafeTensorsFile.ChecksumKey}\":\"");
        var checksumAt = header.AsSpan().IndexOf(marker) + marker.Length;
        var checksum = SafeTensorsFile.Checksum(file.AsSpan(0, 8), header, checksumAt, file.AsSpan(8 + padded));
        Encoding.ASCII.GetBytes(checksum.ToString("x16", CultureInfo.InvariantCulture)).CopyTo(file, 8 + checksumAt);
        return file;
    }
}
