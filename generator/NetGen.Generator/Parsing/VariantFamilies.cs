using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// What a <c>[Variants]</c> family becomes: its axes in their fixed order, the cap on their product, and the expansion
/// of a family into one <see cref="NetworkSpec"/> per variant, each exactly the spec of the equivalent hand-written
/// declaration, so the one emitter generates it. Shared by the generator and the analyzers.
/// </summary>
internal static class VariantFamilies
{
    /// <summary>The <c>.editorconfig</c> key of the cap on a family's variants, read by the generator and the analyzers alike.</summary>
    public const string MaxVariantsKey = "netgen.max_variants";

    /// <summary>
    /// The default cap. Each variant is a whole specialized network, about 0.25 MB of C# for a depth-2 variant (NG1020's
    /// measurements), so 64 variants are about 16 MB and most of a minute of compiler time per build: the most a
    /// family should cost without being asked for, and more than a typical architecture grid needs (3 depths × 3 widths
    /// × 2 activations × 2 batch-norm settings is 36).
    /// </summary>
    public const int DefaultMaxVariants = 64;

    /// <summary>The name of the generated registry, a static property of the family class.</summary>
    public const string RegistryName = "Variants";

    /// <summary>The axes in the order they vary (the first slowest) and appear in names: the properties of <c>[Variants]</c>.</summary>
    public static readonly string[] AxisOrder = ["Depth", "Units", "Activation", "Init", "BatchNorm", "Dropout", "Optimizer"];

    /// <summary>The cap configured for the file the family is declared in (<see cref="MaxVariantsKey"/>); the default when absent, unreadable or below 1.</summary>
    public static int MaxVariants(AnalyzerConfigOptions options) =>
        options.TryGetValue(MaxVariantsKey, out var text)
        && int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
        && value >= 1
            ? value
            : DefaultMaxVariants;

    /// <summary>
    /// The axis whose values take the running product of the axes' lengths (in <see cref="AxisOrder"/>) over
    /// <paramref name="cap"/>: what NG7002 points at. Null when the family is within the cap.
    /// </summary>
    public static VariantAxisSpec? AxisOverCap(VariantFamilySpec family, int cap)
    {
        long running = 1;
        foreach (var axis in family.Axes)
        {
            running *= axis.Values.Count;
            if (running > cap)
            {
                return axis;
            }
        }

        return null;
    }

    /// <summary>The product of the declared axes as text: <c>3 Depth × 2 Units × 2 Activation</c>.</summary>
    public static string Product(VariantFamilySpec family) =>
        string.Join(" × ", family.Axes.Where(a => a.Declared).Select(a => $"{a.Values.Count.ToString(CultureInfo.InvariantCulture)} {a.Name}"));

    /// <summary>
    /// Every variant of the family, the first axis varying slowest. Call only for a family within its cap: the list is
    /// as long as the product of the axes.
    /// </summary>
    public static List<VariantSpec> Expand(VariantFamilySpec family)
    {
        var variants = new List<VariantSpec>((int)Math.Min(family.Count, 1 << 16));
        var axes = family.Axes;
        var choice = new int[axes.Count];
        if (family.Count == 0)
        {
            return variants;
        }

        while (true)
        {
            variants.Add(Variant(family, choice));

            // The next combination: the last axis varies fastest.
            var axis = axes.Count - 1;
            while (axis >= 0 && ++choice[axis] == axes[axis].Values.Count)
            {
                choice[axis] = 0;
                axis--;
            }

            if (axis < 0)
            {
                return variants;
            }
        }
    }

    /// <summary>The variant of the chosen value of each axis.</summary>
    private static VariantSpec Variant(VariantFamilySpec family, int[] choice)
    {
        VariantValueSpec Value(string axis)
        {
            var index = Array.IndexOf(AxisOrder, axis);
            return family.Axes[index].Values[choice[index]];
        }

        var name = string.Join("_", family.Axes.Select((axis, index) => (axis, index)).Where(p => p.axis.Declared).Select(p => p.axis.Values[choice[p.index]].NamePart));
        var described = family.Axes.Select((axis, index) => (axis, index))
            .Where(p => p.axis.Declared)
            .Select(p => new VariantAxisValueSpec(p.axis.Name, p.axis.Values[choice[p.index]].Text))
            .ToArray();

        var template = family.Template;
        var depth = Value("Depth").Code;
        var activation = (Activation)Value("Activation").Code;
        var init = (Init)Value("Init").Code;
        var dropout = Value("Dropout").Rate;
        var hidden = new LayerSpec(
            Value("Units").Code,
            activation,
            init == Init.Auto ? NetworkParser.DefaultInit(activation) : init,
            Gain: 1.0,
            Scale: 0.05,
            Slope: NetworkParser.DefaultSlope(activation),
            SlopePerUnit: false,
            DropoutRate: dropout,
            // [BatchNorm] with its defaults, as written by hand.
            BatchNorm: Value("BatchNorm").Code == 1 ? new BatchNormSpec(0.1, 1e-5, true) : null);
        var layers = Enumerable.Repeat(hidden, depth).Append(template.OutputLayer).ToArray();
        var optimizer = family.Axes[Array.IndexOf(AxisOrder, "Optimizer")].Declared
            ? NetworkParser.DefaultOptimizer((OptimizerKind)Value("Optimizer").Code)
            : template.Optimizer;

        var containing = family.Type.ContainingTypes.Append(new ContainingTypeSpec("partial class", family.Type.Name)).ToArray();
        var type = new TypeDeclarationSpec(family.Type.Namespace, new EquatableArray<ContainingTypeSpec>(containing), name);
        var network = template with { Type = type, Layers = new EquatableArray<LayerSpec>(layers), Optimizer = optimizer };
        return new VariantSpec(name, new EquatableArray<VariantAxisValueSpec>(described), network);
    }

    /// <summary>
    /// Whether <paramref name="name"/> is the name of one of the family's variants, matched part by part rather than by
    /// listing every variant (a family over its cap still has its names checked).
    /// </summary>
    public static bool IsVariantName(VariantFamilySpec family, string name)
    {
        var declared = family.Axes.Where(a => a.Declared).ToList();
        bool Match(int position, int axis)
        {
            if (axis == declared.Count)
            {
                return position == name.Length;
            }

            foreach (var value in declared[axis].Values)
            {
                var part = value.NamePart;
                if (position + part.Length > name.Length || string.CompareOrdinal(name, position, part, 0, part.Length) != 0)
                {
                    continue;
                }

                var end = position + part.Length;
                if (axis == declared.Count - 1 ? end == name.Length : end < name.Length && name[end] == '_' && Match(end + 1, axis + 1))
                {
                    return true;
                }
            }

            return false;
        }

        return Match(0, 0);
    }

    /// <summary>A dropout rate's part of a variant name, in percent: <c>Dropout20</c> for 0.2, <c>Dropout12_5</c> for 0.125, <c>NoDropout</c> for 0.</summary>
    public static string DropoutNamePart(double rate)
    {
        if (rate == 0)
        {
            return "NoDropout";
        }

        // Through decimal, which keeps the 15 significant digits a double shows: 0.2 × 100 is 20, not 20.000000000000004.
        var percent = (decimal)rate * 100m;
        return "Dropout" + percent.ToString("G29", CultureInfo.InvariantCulture).Replace('.', '_');
    }
}
