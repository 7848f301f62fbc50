using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// The <c>[Variants]</c> attribute: its axes (NG7003 on an argument or a value that cannot make variants), the
/// family's other attributes that would conflict with them, and the family's names (NG0006).
/// </summary>
internal static partial class NetworkParser
{
    private const string VariantsAttributeName = VariantsAttributeMetadataName;

    /// <summary>The metadata name of <c>[Variants]</c>, which the generator's cap lookup selects families by.</summary>
    public const string VariantsAttributeMetadataName = "NetGen.VariantsAttribute";

    /// <summary>Where a family's <c>[Variants]</c> and each written axis are: NG7001 and NG7002 point at them.</summary>
    /// <param name="Attribute">The <c>[Variants]</c> attribute.</param>
    /// <param name="Axes">Each written axis argument by axis name.</param>
    public sealed record VariantSites(Location Attribute, ImmutableDictionary<string, Location> Axes);

    /// <summary>The axes of <c>[Variants]</c> in <see cref="VariantFamilies.AxisOrder"/>, or null when one cannot be read (the problems say why).</summary>
    private static List<VariantAxisSpec>? ParseAxes(AttributeData attribute, OptimizerKind declaredOptimizer, ImmutableArray<ParseProblem>.Builder problems)
    {
        var before = problems.Count;
        var axes = new List<VariantAxisSpec>
        {
            Axis(attribute, "Depth", required: true, null, value => Count(value, "Depth", "hidden layers"), problems),
            Axis(attribute, "Units", required: true, null, value => Count(value, "Units", "units"), problems),
            Axis(attribute, "Activation", required: false, Value((int)Activation.ReLU), value => ActivationValue(value), problems),
            Axis(attribute, "Init", required: false, Value((int)Init.Auto), value => EnumValue<Init>(value, "initializer"), problems),
            Axis(attribute, "BatchNorm", required: false, Value(0), value => BatchNormValue(value), problems),
            Axis(attribute, "Dropout", required: false, Value(0.0), value => DropoutValue(value), problems),
            Axis(attribute, "Optimizer", required: false, Value((int)declaredOptimizer), value => EnumValue<OptimizerKind>(value, "optimizer"), problems),
        };
        return problems.Count > before ? null : axes;
    }

    /// <summary>One axis: its written values each checked, distinct, and at least one; or its default when not written.</summary>
    /// <param name="check">The value, or the message of why it cannot be one.</param>
    private static VariantAxisSpec Axis(
        AttributeData attribute,
        string name,
        bool required,
        Func<VariantValueSpec>? fallback,
        Func<TypedConstant, (VariantValueSpec? Value, string? Error)> check,
        ImmutableArray<ParseProblem>.Builder problems)
    {
        var written = Named(attribute, name);
        if (written is null)
        {
            if (required)
            {
                problems.Add(new ParseProblem(ProblemIds.InvalidVariantAxis, ArgumentLocation(attribute, null, -1),
                    $"[Variants] must list the {name} of the hidden layers ({name} = [...]): a family's hidden layers come from its Depth and Units axes"));
            }

            return new VariantAxisSpec(name, Declared: false, new EquatableArray<VariantValueSpec>(fallback is null ? new VariantValueSpec[0] : new[] { fallback() }));
        }

        var argument = ArgumentLocation(attribute, name, -1);
        var constant = written.Value;
        if (constant.IsNull || constant.Kind != TypedConstantKind.Array || constant.Values.IsDefaultOrEmpty)
        {
            problems.Add(new ParseProblem(ProblemIds.InvalidVariantAxis, argument,
                $"The {name} axis of [Variants] is empty, so the family would have no variants; list at least one value, or leave {name} out for its default"));
            return new VariantAxisSpec(name, Declared: true, default);
        }

        var values = new List<VariantValueSpec>();
        for (var index = 0; index < constant.Values.Length; index++)
        {
            var (value, error) = check(constant.Values[index]);
            if (value is null)
            {
                problems.Add(new ParseProblem(ProblemIds.InvalidVariantAxis, ElementLocation(attribute, name, index) ?? argument,
                    $"The {name} axis of [Variants]: {error}"));
                continue;
            }

            if (values.FirstOrDefault(v => v.NamePart == value.NamePart) is { } earlier)
            {
                problems.Add(new ParseProblem(ProblemIds.InvalidVariantAxis, ElementLocation(attribute, name, index) ?? argument,
                    earlier.Text == value.Text
                        ? $"The {name} axis of [Variants] lists {value.Text} twice; each value makes its own variants, so list it once"
                        : $"The {name} axis of [Variants] lists {earlier.Text} and {value.Text}, which name the same variants ({value.NamePart}); list one of them"));
                continue;
            }

            values.Add(value);
        }

        return new VariantAxisSpec(name, Declared: true, new EquatableArray<VariantValueSpec>(values.ToArray()));
    }

    private static Func<VariantValueSpec> Value(int code) => () => code switch
    {
        _ when code == (int)Activation.ReLU => new VariantValueSpec(code, 0, "ReLU", "ReLU"),
        _ => new VariantValueSpec(code, 0, code.ToString(CultureInfo.InvariantCulture), ""),
    };

    private static Func<VariantValueSpec> Value(double rate) => () => new VariantValueSpec(0, rate, Format(rate), VariantFamilies.DropoutNamePart(rate));

    private static (VariantValueSpec?, string?) Count(TypedConstant constant, string axis, string what)
    {
        if (constant.Value is not int count)
        {
            return (null, "every value must be an integer");
        }

        var text = count.ToString(CultureInfo.InvariantCulture);
        return count < 1
            ? (null, $"{text} {what} cannot make a network; every value must be at least 1")
            : (new VariantValueSpec(count, 0, text, axis + text), null);
    }

    private static (VariantValueSpec?, string?) ActivationValue(TypedConstant constant)
    {
        var (value, error) = EnumValue<Activation>(constant, "activation");
        return value?.Code == (int)Activation.Softmax
            ? (null, "Softmax normalizes a network's outputs and is only allowed on the output layer, not on hidden layers")
            : (value, error);
    }

    private static (VariantValueSpec?, string?) EnumValue<TEnum>(TypedConstant constant, string what) where TEnum : struct, Enum
    {
        if (constant.Value is not int code)
        {
            return (null, $"every value must be a {typeof(TEnum).Name}");
        }

        var value = (TEnum)Enum.ToObject(typeof(TEnum), code);
        return IsDefined(value)
            ? (new VariantValueSpec(code, 0, value.ToString(), value.ToString()), null)
            : (null, $"{code.ToString(CultureInfo.InvariantCulture)} is not a defined {typeof(TEnum).Name} value, so it names no {what}");
    }

    private static (VariantValueSpec?, string?) BatchNormValue(TypedConstant constant) =>
        constant.Value is bool on
            ? (new VariantValueSpec(on ? 1 : 0, 0, on ? "true" : "false", on ? "BatchNorm" : "NoBatchNorm"), null)
            : (null, "every value must be true or false");

    private static (VariantValueSpec?, string?) DropoutValue(TypedConstant constant)
    {
        var rate = constant.Value switch
        {
            double value => value,
            float value => value,
            int value => value,
            _ => double.NaN,
        };
        return rate >= 0 && rate < 1
            ? (new VariantValueSpec(0, rate, Format(rate), VariantFamilies.DropoutNamePart(rate)), null)
            : (null, $"the dropout rate must be in [0, 1) (0 for none), but it is {Format(rate)}");
    }

    /// <summary>
    /// NG7003 on what a family cannot declare besides its axes: hidden <c>[Layer]</c>s (the axes make them), an
    /// <c>[Optimizer]</c> beside an Optimizer axis, and a <c>Weights</c> file or <c>InferenceOnly</c> (a file holds one
    /// architecture, a family many).
    /// </summary>
    private static void CheckFamilyConflicts(AttributeData network, AttributeData variants, List<AttributeData> attributes, ImmutableArray<ParseProblem>.Builder problems)
    {
        var layers = attributes.Where(a => Is(a, LayerAttributeName)).ToList();
        foreach (var hidden in layers.Take(layers.Count - 1))
        {
            problems.Add(new ParseProblem(ProblemIds.InvalidVariantAxis, ArgumentLocation(hidden, null, -1),
                "A [Variants] family declares only its output [Layer]: its hidden layers come from the Depth and Units axes (with Activation, Init, BatchNorm and Dropout); remove this [Layer]"));
        }

        if (HasNamed(variants, "Optimizer") && attributes.FirstOrDefault(a => Is(a, OptimizerAttributeName)) is { } optimizer)
        {
            problems.Add(new ParseProblem(ProblemIds.InvalidVariantAxis, ArgumentLocation(optimizer, "kind", 0),
                "The Optimizer axis of [Variants] chooses each variant's optimizer, so [Optimizer] would choose it twice; remove [Optimizer] (each kind takes its defaults; set the learning rate and the rest at run time with SetHyperparameter)"));
        }

        foreach (var name in new[] { "Weights", "InferenceOnly" })
        {
            if (HasNamed(network, name))
            {
                problems.Add(new ParseProblem(ProblemIds.InvalidVariantAxis, ArgumentLocation(network, name, -1),
                    $"A [Variants] family cannot declare {name}: a weights file holds one trained architecture, and the family has one per variant; declare a network of the variant's architecture to compile its weights in"));
            }
        }
    }

    /// <summary>
    /// NG0002 when the largest variant (the most hidden layers of the most units, with batch norm and dropout when any
    /// variant has them) takes a size of the generated code over .NET's array limit: if it fits, every variant does.
    /// </summary>
    private static void CheckFamilySizes(AttributeData network, AttributeData variants, AttributeData? trainingAttribute, VariantFamilySpec family, ImmutableArray<ParseProblem>.Builder problems)
    {
        var axes = family.Axes;
        var largest = family with
        {
            Axes = new EquatableArray<VariantAxisSpec>(axes.Select(axis => axis.Name switch
            {
                "Depth" or "Units" => axis with { Values = new EquatableArray<VariantValueSpec>(new[] { axis.Values.OrderBy(v => v.Code).Last() }) },
                "BatchNorm" => axis with { Values = new EquatableArray<VariantValueSpec>(new[] { axis.Values.OrderBy(v => v.Code).Last() }) },
                "Dropout" => axis with { Values = new EquatableArray<VariantValueSpec>(new[] { axis.Values.OrderBy(v => v.Rate).Last() }) },
                "Optimizer" => axis,
                _ => axis with { Values = new EquatableArray<VariantValueSpec>(new[] { axis.Values[0] }) },
            }).ToArray()),
        };

        foreach (var variant in VariantFamilies.Expand(largest))
        {
            var spec = variant.Network;
            var states = Emitting.OptimizerFormulas.Get(spec.Optimizer).States.Count;
            if (NetworkSizes.Check(spec.Precision, spec.Inputs, spec.Layers, spec.Optimizer.Kind, states, spec.Training) is { } excess)
            {
                var location = excess.Culprit switch
                {
                    NetworkSizes.Culprit.Inputs => ArgumentLocation(network, "Inputs", -1),
                    NetworkSizes.Culprit.Units => ArgumentLocation(variants, "Units", -1),
                    _ => trainingAttribute is null ? null : ArgumentLocation(trainingAttribute, excess.Culprit.ToString(), -1),
                };
                problems.Add(new ParseProblem(ProblemIds.InvalidValue, location, $"The largest variant of the family, {variant.Name}: {excess.Message}"));
                return;
            }
        }
    }

    /// <summary>
    /// NG0006: the family class's own name and members leave the generated names free: every variant's type name and
    /// the registry, <see cref="VariantFamilies.RegistryName"/> (a member cannot have the name of its class either).
    /// </summary>
    private static void CheckFamilyNames(INamedTypeSymbol type, VariantFamilySpec family, ImmutableArray<ParseProblem>.Builder problems, CancellationToken cancellationToken)
    {
        bool Taken(string name) => name == VariantFamilies.RegistryName || VariantFamilies.IsVariantName(family, name);

        if (Taken(type.Name))
        {
            problems.Add(new ParseProblem(ProblemIds.NameConflict, UserLocation(type),
                $"Family class '{type.Name}' is named like a variant or the registry the generator nests in it, and a member cannot have the name of its class; rename the class"));
        }

        foreach (var member in type.GetMembers().Concat<ISymbol>(type.GetTypeMembers()).Distinct(SymbolEqualityComparer.Default))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member.IsImplicitlyDeclared || UserLocation(member) is not { } location || !Taken(member.Name))
            {
                continue;
            }

            problems.Add(new ParseProblem(ProblemIds.NameConflict, location,
                member.Name == VariantFamilies.RegistryName
                    ? $"Family class '{type.Name}' declares '{member.Name}', the registry of variants the generator writes into it; rename yours"
                    : $"Family class '{type.Name}' declares '{member.Name}', the name of one of its variants, which the generator nests in it; rename yours"));
        }
    }

    private static VariantSites FindVariantSites(AttributeData variants, CancellationToken cancellationToken)
    {
        var at = variants.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? Location.None;
        var axes = ImmutableDictionary.CreateBuilder<string, Location>(StringComparer.Ordinal);
        foreach (var axis in VariantFamilies.AxisOrder)
        {
            if (WrittenArgumentLocation(variants, axis, -1) is { } location)
            {
                axes[axis] = location;
            }
        }

        return new VariantSites(at, axes.ToImmutable());
    }

    /// <summary>
    /// The location of value <paramref name="index"/> in an array argument, written as a collection expression
    /// (<c>[1, 2]</c>) or an array creation (<c>new[] { 1, 2 }</c>); null when it cannot be found.
    /// </summary>
    private static Location? ElementLocation(AttributeData attribute, string name, int index)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax() is not AttributeSyntax syntax)
        {
            return null;
        }

        var argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        var elements = argument?.Expression switch
        {
            CollectionExpressionSyntax collection => collection.Elements.Select(e => (SyntaxNode)e).ToList(),
            ArrayCreationExpressionSyntax array => array.Initializer?.Expressions.Select(e => (SyntaxNode)e).ToList(),
            ImplicitArrayCreationExpressionSyntax array => array.Initializer.Expressions.Select(e => (SyntaxNode)e).ToList(),
            _ => null,
        };
        return elements is not null && index < elements.Count ? elements[index].GetLocation() : null;
    }
}
