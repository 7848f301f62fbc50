namespace NetGen.Generator.Model;

// Like NetworkSpec: immutable and structurally equal (records, EquatableArray, no Roslyn objects), so the pipeline caches.

/// <summary>
/// A <c>[Variants]</c> family: the declared class, the network every variant shares (<see cref="Template"/>: inputs,
/// precision, seed, output layer, loss, optimizer, clipping, training) and the axes whose Cartesian product are the
/// variants. The variants themselves are expanded only once the count is known to be within the cap
/// (<see cref="Parsing.VariantFamilies.Expand"/>), so a family of a million variants costs nothing but its error.
/// </summary>
/// <param name="Type">The family class.</param>
/// <param name="Key">The family's fully qualified name, which joins it with its <c>.editorconfig</c> cap in the generator.</param>
/// <param name="Template">The shared network; its layers are the output layer alone.</param>
/// <param name="Axes">Every axis, in the order <see cref="Parsing.VariantFamilies.AxisOrder"/>; undeclared ones hold their one default value.</param>
internal sealed record VariantFamilySpec(TypeDeclarationSpec Type, string Key, NetworkSpec Template, EquatableArray<VariantAxisSpec> Axes)
{
    /// <summary>The number of variants: the product of the axes' lengths (a long, so a declared explosion cannot overflow).</summary>
    public long Count
    {
        get
        {
            long count = 1;
            foreach (var axis in Axes)
            {
                var length = axis.Values.Count;
                count = length == 0 ? 0 : count > long.MaxValue / length ? long.MaxValue : count * length;
            }

            return count;
        }
    }
}

/// <summary>
/// One axis: its name (the <c>[Variants]</c> property: <c>Depth</c>, <c>Units</c>, <c>Activation</c>, <c>Init</c>,
/// <c>BatchNorm</c>, <c>Dropout</c>, <c>Optimizer</c>), whether the declaration writes it (only written axes are part of
/// the variants' names and descriptions), and its values in the order written.
/// </summary>
internal sealed record VariantAxisSpec(string Name, bool Declared, EquatableArray<VariantValueSpec> Values);

/// <summary>
/// One value of an axis: <paramref name="Code"/> is the integer (depth, units, the enum's value, 1 for batch norm on),
/// <paramref name="Rate"/> the dropout rate, <paramref name="Text"/> the value as the registry describes it
/// (<c>"32"</c>, <c>"ReLU"</c>, <c>"true"</c>, <c>"0.2"</c>) and <paramref name="NamePart"/> its part of a variant's
/// type name (<c>Units32</c>, <c>ReLU</c>, <c>BatchNorm</c>, <c>Dropout20</c>).
/// </summary>
internal sealed record VariantValueSpec(int Code, double Rate, string Text, string NamePart);

/// <summary>One generated variant: its type name, its declared axes' values (axis, text) and the network it is.</summary>
internal sealed record VariantSpec(string Name, EquatableArray<VariantAxisValueSpec> Axes, NetworkSpec Network);

/// <summary>An axis and its value in one variant, as the registry lists it.</summary>
internal sealed record VariantAxisValueSpec(string Axis, string Value);
