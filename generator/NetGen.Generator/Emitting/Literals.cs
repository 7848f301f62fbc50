using System.Globalization;

namespace NetGen.Generator.Emitting;

/// <summary>Numbers in generated code: invariant culture, round-trip form, typed for the network's precision.</summary>
internal static class Literals
{
    public static string Number(double value, Precision precision)
    {
        if (precision == Precision.Single)
        {
            var single = (float)value;
            if (float.IsNaN(single))
            {
                return "float.NaN";
            }

            if (float.IsInfinity(single))
            {
                return single > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
            }

            return single.ToString("R", CultureInfo.InvariantCulture) + "f";
        }

        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
    }

    /// <summary>A double argument of a runtime call (the runtime's initializers take doubles whatever the precision).</summary>
    public static string Double(double value) => Number(value, Precision.Double);

    public static string Int(int value) =>
        (uint)value < (uint)s_smallInts.Length ? s_smallInts[value] : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The text of 0 … 4095, made once: sizes, offsets and lane indices are mostly small.</summary>
    private static readonly string[] s_smallInts = CreateSmallInts(4096);

    private static string[] CreateSmallInts(int count)
    {
        var texts = new string[count];
        for (var i = 0; i < count; i++)
        {
            texts[i] = i.ToString(CultureInfo.InvariantCulture);
        }

        return texts;
    }
}
