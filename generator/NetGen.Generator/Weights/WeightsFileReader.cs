using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NetGen.Generator.Weights;

/// <summary>A weights file that cannot be read: the message says why.</summary>
internal class WeightsFileException(string message) : Exception(message);

/// <summary>One tensor of a safetensors header: dtype, shape and its bytes in the data buffer.</summary>
internal sealed record TensorInfo(string Name, string Type, long[] Shape, int Begin, int End)
{
    public string ShapeText => Shape.Length == 0 ? "a scalar" : string.Join(" × ", Shape);
}

/// <summary>
/// Reads a safetensors file inside the compiler (netstandard2.0, no System.Text.Json): the same checks as the runtime's
/// reader (<c>NetGen.Serialization.SafeTensorsFile</c>; docs/shipping.md lists them): header bounds, a JSON object of
/// tensor entries and string metadata, known dtypes, sizes that match shapes, ranges that tile the data exactly, and
/// NetGen's XxHash64 checksum when the file has one.
/// </summary>
internal sealed class WeightsFileReader
{
    private const string ChecksumKey = "netgen.checksum";
    private readonly byte[] _file;
    private readonly int _dataStart;

    private WeightsFileReader(byte[] file, int dataStart, Dictionary<string, string> metadata, Dictionary<string, TensorInfo> tensors)
    {
        _file = file;
        _dataStart = dataStart;
        Metadata = metadata;
        Tensors = tensors;
    }

    public Dictionary<string, string> Metadata { get; }

    public Dictionary<string, TensorInfo> Tensors { get; }

    public string? GetMetadata(string key) => Metadata.TryGetValue(key, out var value) ? value : null;

    public static WeightsFileReader Read(byte[] file)
    {
        if (file.Length < 8)
        {
            throw new WeightsFileException($"it is truncated: {file.Length} bytes, but a safetensors file starts with an 8-byte header size");
        }

        var headerSize = BitConverter.ToUInt64(file, 0);
        if (headerSize < 2 || headerSize > 100_000_000 || 8 + headerSize > (ulong)file.Length)
        {
            throw new WeightsFileException($"its header size is {headerSize} bytes, which does not fit its {file.Length} bytes");
        }

        var headerLength = (int)headerSize;
        var parser = new JsonParser(file, 8, 8 + headerLength);
        var (metadata, tensors, checksumAt) = parser.ParseHeader();
        var dataLength = ValidateLayout(tensors.Values);
        if (8 + headerLength + dataLength != file.Length)
        {
            throw new WeightsFileException($"its header describes {dataLength} bytes of tensor data, but {file.Length - 8 - headerLength} follow the header");
        }

        if (metadata.ContainsKey(ChecksumKey))
        {
            if (checksumAt < 0 || !ulong.TryParse(metadata[ChecksumKey], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var expected))
            {
                throw new WeightsFileException($"its {ChecksumKey} is not 16 hexadecimal digits");
            }

            var zeroed = (byte[])file.Clone();
            for (var i = 0; i < 16; i++)
            {
                zeroed[checksumAt + i] = (byte)'0';
            }

            var actual = XxHash64.Hash(zeroed);
            if (actual != expected)
            {
                throw new WeightsFileException($"it is corrupt: its checksum is {expected:x16}, but its contents hash to {actual:x16}");
            }
        }

        return new WeightsFileReader(file, 8 + headerLength, metadata, tensors);
    }

    /// <summary>Element <paramref name="index"/> of a floating-point tensor, as a double (F16, BF16 and F32 exactly).</summary>
    public double ReadFloat(TensorInfo tensor, int index)
    {
        var at = _dataStart + tensor.Begin;
        switch (tensor.Type)
        {
            case "F64":
                return BitConverter.Int64BitsToDouble(BitConverter.ToInt64(_file, at + (8 * index)));
            case "F32":
                return BitConverter.ToSingle(_file, at + (4 * index));
            case "BF16":
                return BitConverter.ToSingle(BitConverter.GetBytes(BitConverter.ToUInt16(_file, at + (2 * index)) << 16), 0);
            case "F16":
                return HalfToDouble(BitConverter.ToUInt16(_file, at + (2 * index)));
            default:
                throw new WeightsFileException($"tensor '{tensor.Name}' has dtype {tensor.Type}; expected a floating-point type (F16, BF16, F32 or F64)");
        }
    }

    public long ReadInteger(TensorInfo tensor)
    {
        var at = _dataStart + tensor.Begin;
        return tensor.Type switch
        {
            "I64" => BitConverter.ToInt64(_file, at),
            "I32" => BitConverter.ToInt32(_file, at),
            _ => throw new WeightsFileException($"tensor '{tensor.Name}' has dtype {tensor.Type}; expected an integer (I64)"),
        };
    }

    private static double HalfToDouble(ushort bits)
    {
        var sign = (bits & 0x8000) != 0 ? -1.0 : 1.0;
        var exponent = (bits >> 10) & 0x1F;
        var fraction = bits & 0x3FF;
        return exponent switch
        {
            0 => sign * fraction * Math.Pow(2, -24),
            31 => fraction == 0 ? sign * double.PositiveInfinity : double.NaN,
            _ => sign * (1 + (fraction / 1024.0)) * Math.Pow(2, exponent - 15),
        };
    }

    private static int ElementSize(string type) => type switch
    {
        "BOOL" or "U8" or "I8" or "F8_E5M2" or "F8_E4M3" => 1,
        "I16" or "U16" or "F16" or "BF16" => 2,
        "I32" or "U32" or "F32" => 4,
        "I64" or "U64" or "F64" => 8,
        _ => 0,
    };

    private static int ValidateLayout(IEnumerable<TensorInfo> tensors)
    {
        var sorted = new List<TensorInfo>(tensors);
        sorted.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        var end = 0;
        foreach (var tensor in sorted)
        {
            if (tensor.Begin != end)
            {
                throw new WeightsFileException(tensor.Begin < end ? $"tensor '{tensor.Name}' overlaps another" : $"its data has a hole before tensor '{tensor.Name}'");
            }

            end = tensor.End;
        }

        return end;
    }

    /// <summary>The little JSON a safetensors header holds: one object of objects, strings, arrays of integers.</summary>
    private sealed class JsonParser(byte[] text, int start, int end)
    {
        private int _at = start;

        public (Dictionary<string, string> Metadata, Dictionary<string, TensorInfo> Tensors, int ChecksumAt) ParseHeader()
        {
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var tensors = new Dictionary<string, TensorInfo>(StringComparer.Ordinal);
            var checksumAt = -1;
            var seenMetadata = false;
            Expect('{');
            if (!TryConsume('}'))
            {
                do
                {
                    var name = ParseString(out _);
                    Expect(':');
                    if (name == "__metadata__")
                    {
                        if (seenMetadata)
                        {
                            throw new WeightsFileException("its header names '__metadata__' twice");
                        }

                        seenMetadata = true;
                        Expect('{');
                        if (!TryConsume('}'))
                        {
                            do
                            {
                                var key = ParseString(out _);
                                Expect(':');
                                var value = ParseString(out var valueAt);
                                if (key == ChecksumKey && value.Length == 16 && text[valueAt + 16] == (byte)'"')
                                {
                                    checksumAt = valueAt;
                                }

                                if (metadata.ContainsKey(key))
                                {
                                    throw new WeightsFileException($"its metadata names '{key}' twice");
                                }

                                metadata[key] = value;
                            }
                            while (TryConsume(','));
                            Expect('}');
                        }
                    }
                    else
                    {
                        if (tensors.ContainsKey(name))
                        {
                            throw new WeightsFileException($"its header names '{name}' twice");
                        }

                        tensors[name] = ParseTensor(name);
                    }
                }
                while (TryConsume(','));
                Expect('}');
            }

            for (; _at < end; _at++)
            {
                if (text[_at] != (byte)' ')
                {
                    throw new WeightsFileException("its header has more than space padding after its JSON object");
                }
            }

            return (metadata, tensors, checksumAt);
        }

        private TensorInfo ParseTensor(string name)
        {
            string? type = null;
            long[]? shape = null;
            long[]? offsets = null;
            Expect('{');
            do
            {
                var property = ParseString(out _);
                Expect(':');
                switch (property)
                {
                    case "dtype" when type is null:
                        type = ParseString(out _);
                        break;
                    case "shape" when shape is null:
                        shape = ParseIntegers();
                        break;
                    case "data_offsets" when offsets is null:
                        offsets = ParseIntegers();
                        break;
                    default:
                        throw new WeightsFileException($"tensor '{name}' has an unexpected or repeated property '{property}'");
                }
            }
            while (TryConsume(','));
            Expect('}');
            if (type is null || shape is null || offsets is null || offsets.Length != 2 || offsets[0] > offsets[1] || offsets[1] > int.MaxValue)
            {
                throw new WeightsFileException($"tensor '{name}' lacks a dtype, a shape or valid data_offsets");
            }

            var size = ElementSize(type);
            if (size == 0)
            {
                throw new WeightsFileException($"tensor '{name}' has dtype '{type}', which safetensors does not define");
            }

            long count = 1;
            foreach (var dimension in shape)
            {
                count = dimension == 0 ? 0 : count > long.MaxValue / dimension ? long.MaxValue : count * dimension;
            }

            if (count > long.MaxValue / size || count * size != offsets[1] - offsets[0])
            {
                throw new WeightsFileException($"tensor '{name}' has shape [{string.Join(", ", shape)}] of {type} but {offsets[1] - offsets[0]} bytes of data");
            }

            return new TensorInfo(name, type, shape, (int)offsets[0], (int)offsets[1]);
        }

        private long[] ParseIntegers()
        {
            var values = new List<long>();
            Expect('[');
            if (!TryConsume(']'))
            {
                do
                {
                    SkipWhitespace();
                    var digitsStart = _at;
                    long value = 0;
                    while (_at < end && text[_at] >= (byte)'0' && text[_at] <= (byte)'9')
                    {
                        if (value > (long.MaxValue - 9) / 10)
                        {
                            throw new WeightsFileException("its header has an integer too large to be a size");
                        }

                        value = (value * 10) + (text[_at++] - (byte)'0');
                    }

                    if (_at == digitsStart || values.Count == 64)
                    {
                        throw new WeightsFileException("its header has a shape or offset that is not a list of non-negative integers");
                    }

                    values.Add(value);
                }
                while (TryConsume(','));
                Expect(']');
            }

            return values.ToArray();
        }

        /// <summary>A JSON string; <paramref name="contentAt"/> is where its first character sits in the file.</summary>
        private string ParseString(out int contentAt)
        {
            Expect('"');
            contentAt = _at;
            var bytes = new List<byte>();
            while (true)
            {
                if (_at >= end)
                {
                    throw new WeightsFileException("its header ends inside a string");
                }

                var b = text[_at++];
                if (b == (byte)'"')
                {
                    break;
                }

                if (b < 0x20)
                {
                    throw new WeightsFileException("its header has a control character inside a string");
                }

                if (b != (byte)'\\')
                {
                    bytes.Add(b);
                    continue;
                }

                if (_at >= end)
                {
                    throw new WeightsFileException("its header ends inside a string");
                }

                var escape = text[_at++];
                string decoded = escape switch
                {
                    (byte)'"' => "\"", (byte)'\\' => "\\", (byte)'/' => "/", (byte)'b' => "\b", (byte)'f' => "\f",
                    (byte)'n' => "\n", (byte)'r' => "\r", (byte)'t' => "\t", (byte)'u' => ParseUnicodeEscape(),
                    _ => throw new WeightsFileException("its header has an invalid escape in a string"),
                };
                bytes.AddRange(Encoding.UTF8.GetBytes(decoded));
            }

            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
            }
            catch (ArgumentException)
            {
                throw new WeightsFileException("its header has a string that is not valid UTF-8");
            }
        }

        private string ParseUnicodeEscape()
        {
            if (_at + 4 > end || !int.TryParse(Encoding.ASCII.GetString(text, _at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                throw new WeightsFileException("its header has an invalid \\u escape");
            }

            _at += 4;
            return ((char)code).ToString();
        }

        private void SkipWhitespace()
        {
            while (_at < end && text[_at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
            {
                _at++;
            }
        }

        private bool TryConsume(char c)
        {
            SkipWhitespace();
            if (_at < end && text[_at] == (byte)c)
            {
                _at++;
                return true;
            }

            return false;
        }

        private void Expect(char c)
        {
            if (!TryConsume(c))
            {
                throw new WeightsFileException(_at >= end ? "its header's JSON ends early" : $"its header's JSON has '{(char)text[_at]}' where '{c}' belongs");
            }
        }
    }
}
