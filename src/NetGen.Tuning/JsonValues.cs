using System;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NetGen.Tuning;

/// <summary>The JSON form of parameter values and numbers: invariant culture, doubles in round-trip form, so a study's files read the same everywhere.</summary>
internal static class JsonValues
{
    /// <summary>A double in its shortest round-trip form ("R"), invariant culture: parsing it gives back the same bits.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Whether a categorical choice can be written as JSON: a number, a string, an enum or a boolean.</summary>
    public static bool IsSupported(object value) => value switch
    {
        double number => double.IsFinite(number),
        float number => float.IsFinite(number),
        string or bool or Enum or sbyte or byte or short or ushort or int or uint or long or ulong or decimal => true,
        _ => false,
    };

    /// <summary>Writes a categorical choice: enums by name, doubles in round-trip form.</summary>
    public static void Write(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case string text: writer.WriteStringValue(text); break;
            case bool flag: writer.WriteBooleanValue(flag); break;
            case Enum member: writer.WriteStringValue(member.ToString()); break;
            case double number: writer.WriteRawValue(Format(number)); break;
            case float number: writer.WriteRawValue(number.ToString("R", CultureInfo.InvariantCulture)); break;
            case decimal number: writer.WriteNumberValue(number); break;
            case ulong number: writer.WriteNumberValue(number); break;
            default: writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>The JSON text of a categorical choice, which identifies it.</summary>
    public static string Canonical(object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Runs <paramref name="write"/> on a fresh writer and returns the JSON text.</summary>
    public static string Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
