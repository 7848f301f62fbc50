using System.Globalization;

namespace NetGen.Evaluation;

/// <summary>Numbers in messages and reports, in the invariant culture so that they read the same everywhere.</summary>
internal static class Text
{
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Fixed(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
