using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>
/// The name of each network's generated file: <c>{Namespace}.{Containing}.{Type}.g.cs</c> (<c>Samples.Outer[T].Net.g.cs</c>),
/// unique among the networks of a compilation. The compiler rejects a hint name with a character such as <c>@</c>, and
/// compares hint names ignoring case; either failure would stop the generator for every network, so the names are
/// written without the <c>@</c> of keywords, and networks whose full names differ only in case (<c>Net</c> and
/// <c>NET</c>) each get their letter case spelled out.
/// </summary>
internal static class HintNames
{
    /// <summary>The hint name of a network that has no other network whose full name differs from its own only in case.</summary>
    public static string For(TypeDeclarationSpec type) => For(type, default);

    /// <summary>
    /// The hint name of a network; <paramref name="caseTwins"/> are the full names that another network's equals ignoring
    /// case (<see cref="CaseTwins"/>).
    /// </summary>
    public static string For(TypeDeclarationSpec type, EquatableArray<string> caseTwins)
    {
        var fullName = type.FullName;
        var name = fullName.Replace("@", "").Replace('<', '[').Replace('>', ']');
        return caseTwins.Contains(fullName) ? $"{name}.{CaseSignature(fullName)}.g.cs" : name + ".g.cs";
    }

    /// <summary>The full names that equal another of <paramref name="fullNames"/> ignoring case, in ordinal order.</summary>
    public static EquatableArray<string> CaseTwins(IEnumerable<string> fullNames) =>
        new(fullNames
            .Distinct(StringComparer.Ordinal)
            .GroupBy(name => name, StringComparer.OrdinalIgnoreCase)
            .Where(group => group.Count() > 1)
            .SelectMany(group => group)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray());

    /// <summary>
    /// Which letters of <paramref name="name"/> are upper case, one bit per cased letter in hexadecimal: names equal
    /// ignoring case differ in exactly these bits, so their signatures differ.
    /// </summary>
    private static string CaseSignature(string name)
    {
        var bits = new List<bool>();
        foreach (var c in name)
        {
            if (char.ToUpperInvariant(c) != char.ToLowerInvariant(c))
            {
                bits.Add(char.IsUpper(c));
            }
        }

        var hex = new StringBuilder();
        for (var start = 0; start < bits.Count; start += 4)
        {
            var nibble = 0;
            for (var bit = start; bit < Math.Min(start + 4, bits.Count); bit++)
            {
                nibble = (nibble << 1) | (bits[bit] ? 1 : 0);
            }

            hex.Append("0123456789abcdef"[nibble]);
        }

        return hex.ToString();
    }
}
