using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Generator.Emitting;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Analyzers.Rules;

/// <summary>
/// NG7001 and NG7002 on a valid <c>[Variants]</c> family: how many variants it generates, and an error when that is
/// more than the cap (<c>netgen.max_variants</c>), which the generator applies the same way and then generates nothing.
/// </summary>
internal static class VariantRules
{
    public static void Analyze(VariantFamilySpec family, NetworkParser.VariantSites sites, AnalyzerConfigOptions options, Action<Diagnostic> report)
    {
        var cap = VariantFamilies.MaxVariants(options);
        var count = family.Count;
        var product = VariantFamilies.Product(family);
        if (VariantFamilies.AxisOverCap(family, cap) is { } axis)
        {
            var location = sites.Axes.TryGetValue(axis.Name, out var at) ? at : sites.Attribute;
            report(Diagnostic.Create(Descriptors.TooManyVariants, location,
                $"Family '{family.Type.Name}' declares {Count(count)} variants ({product}), more than the cap of {cap.ToString(CultureInfo.InvariantCulture)}; the {axis.Name} axis takes it over, and nothing is generated: list fewer values, split the family, or raise {VariantFamilies.MaxVariantsKey} in .editorconfig"));
            return;
        }

        // Within the cap the variants are few enough to size: what the family adds to every build.
        var megabytes = VariantFamilies.Expand(family).Sum(variant => GeneratedCodeSize.Estimate(variant.Network)) / 1e6;
        report(Diagnostic.Create(Descriptors.VariantCount, sites.Attribute,
            $"Family '{family.Type.Name}' generates {Count(count)} variant{(count == 1 ? "" : "s")} ({product}; the cap is {cap.ToString(CultureInfo.InvariantCulture)}), about {megabytes.ToString("0.0", CultureInfo.InvariantCulture)} MB of C#"));
    }

    private static string Count(long count) => count == long.MaxValue ? "more than 9.2e18" : count.ToString("N0", CultureInfo.InvariantCulture);
}
