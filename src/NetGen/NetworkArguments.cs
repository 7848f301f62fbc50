using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace NetGen;

/// <summary>
/// Argument checks shared by every generated network, so each throws the same clear
/// <see cref="ArgumentException"/>: which argument, what was expected, what it got.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)] // public for the generated code in users' assemblies, which alone should call it
public static class NetworkArguments
{
    /// <summary>
    /// Returns the number of samples in a batch of <paramref name="inputsLength"/> values of
    /// <paramref name="inputCount"/> inputs each, checking that it is whole, at least one, and that the paired span
    /// (<paramref name="otherName"/>) holds exactly <paramref name="otherCount"/> values per sample.
    /// </summary>
    /// <remarks>
    /// Inlined into every generated call, where <paramref name="inputCount"/> is a constant, so the check costs a
    /// multiply and two compares; the messages are built only on the throwing path.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountSamples(int inputsLength, int inputCount, string inputsName, int otherLength, int otherCount, string otherName)
    {
        var count = inputsLength / inputCount;
        if (inputsLength == 0 || count * inputCount != inputsLength || otherLength != (long)count * otherCount)
        {
            ThrowBadBatch(inputsLength, inputCount, inputsName, otherLength, otherCount, otherName);
        }

        return count;
    }

    /// <summary>Checks a degree of parallelism set on a network, −1 (one thread per processor) or at least 1; returns it.</summary>
    public static int RequireDegreeOfParallelism(int value, string property)
    {
        if (value == 0 || value < -1)
        {
            ThrowOutOfRange(property, "-1 (one thread per processor) or at least 1", value);
        }

        return value;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadBatch(int inputsLength, int inputCount, string inputsName, int otherLength, int otherCount, string otherName)
    {
        if (inputsLength == 0)
        {
            throw new ArgumentException(
                $"The batch is empty: expected at least one sample ({inputCount} values) but got 0 values.", inputsName);
        }

        if (inputsLength % inputCount != 0)
        {
            throw new ArgumentException(
                $"Expected a whole number of samples of {inputCount} values each, but got {inputsLength} values.", inputsName);
        }

        var count = inputsLength / inputCount;
        var expected = (long)count * otherCount;
        throw new ArgumentException(
            $"Expected {expected} values ({count} sample{(count == 1 ? "" : "s")} × {otherCount}) to match {inputsName}, but got {otherLength}.", otherName);
    }

    /// <summary>
    /// Checks that a training batch of <paramref name="count"/> samples fits the network's per-layer buffers, each
    /// <paramref name="count"/> × <paramref name="widestLayer"/> values: an array holds at most
    /// <see cref="Array.MaxLength"/>. Called only when the buffers grow.
    /// </summary>
    public static void RequireBatchFits(int count, int widestLayer, string inputsName)
    {
        var needed = (long)count * widestLayer;
        if (needed > Array.MaxLength)
        {
            throw new ArgumentException(
                $"A training batch of {count} samples needs {needed} values in the buffer of the network's widest layer ({widestLayer} per sample, padded), more than .NET's array limit of {Array.MaxLength}; train on batches of at most {Array.MaxLength / widestLayer} samples.",
                inputsName);
        }
    }

    /// <summary>Checks that a span has exactly <paramref name="expected"/> values.</summary>
    public static void RequireLength(int length, int expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException($"Expected exactly {expected} values, but got {length}.", name);
        }
    }

    /// <summary>Checks that <paramref name="layer"/> is a 0-based layer index of a network of <paramref name="layerCount"/> layers.</summary>
    public static void RequireLayerIndex(int layer, int layerCount, string name)
    {
        if ((uint)layer >= (uint)layerCount)
        {
            throw new ArgumentOutOfRangeException(name, layer, $"Expected a 0-based layer index from 0 to {layerCount - 1} (the network has {layerCount} layers).");
        }
    }

    /// <summary>The exception for a hyperparameter name the network does not have, listing the ones it has.</summary>
    public static ArgumentException UnknownHyperparameter(string name, NetworkArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var known = string.Join(", ", System.Linq.Enumerable.Select(architecture.Hyperparameters, h => h.Name));
        return new ArgumentException($"The network has no hyperparameter '{name}'; it has {known}.", nameof(name));
    }
    /// <summary>
    /// Checks that an output span does not overlap the input span a method is still reading: writing one sample's outputs
    /// would overwrite inputs not yet read. With <paramref name="allowInPlace"/>, outputs that start at the very element
    /// the inputs start at are allowed (each sample's outputs are written after its inputs are read, and never past them,
    /// when a sample has at most as many outputs as inputs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RequireNoOverlap<T>(ReadOnlySpan<T> inputs, Span<T> outputs, bool allowInPlace, string inputsName, string outputsName)
    {
        if (inputs.Overlaps(outputs, out var offset) && !(allowInPlace && offset == 0))
        {
            ThrowOverlap(offset, allowInPlace, inputsName, outputsName);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOverlap(int offset, bool allowInPlace, string inputsName, string outputsName)
    {
        var where = offset == 0 ? $"starts where {inputsName} starts" : offset > 0 ? $"starts {offset} values after {inputsName}" : $"starts {-offset} values before {inputsName}";
        throw new ArgumentException(
            $"{outputsName} overlaps {inputsName} ({where}), so writing outputs would overwrite inputs not yet read. " +
            (allowInPlace ? $"Pass separate memory, or the very same memory for both (in place)." : "Pass separate memory."),
            outputsName);
    }

    /// <summary>Checks a property's new value, a finite number of at least 0 (a learning rate, ε, a decay); returns it.</summary>
    public static T RequireNonNegativeFinite<T>(T value, string property)
        where T : IFloatingPointIeee754<T>
    {
        if (!(value >= T.Zero) || !T.IsFinite(value))
        {
            ThrowOutOfRange(property, "a finite number of at least 0", value);
        }

        return value;
    }

    /// <summary>Checks a property's new value, a finite number greater than 0 (a gradient clipping bound); returns it.</summary>
    public static T RequirePositiveFinite<T>(T value, string property)
        where T : IFloatingPointIeee754<T>
    {
        if (!(value > T.Zero) || !T.IsFinite(value))
        {
            ThrowOutOfRange(property, "a finite number greater than 0", value);
        }

        return value;
    }

    /// <summary>Checks a property's new value, in [0, 1) (momentum, β₁, β₂, RMSProp's α: 1 would never forget); returns it.</summary>
    public static T RequireBelowOne<T>(T value, string property)
        where T : IFloatingPointIeee754<T>
    {
        if (!(value >= T.Zero) || !(value < T.One))
        {
            ThrowOutOfRange(property, "in [0, 1)", value);
        }

        return value;
    }

    /// <summary>Checks a property's new value, in [0, 1] (dampening, Adadelta's ρ); returns it.</summary>
    public static T RequireUnitInterval<T>(T value, string property)
        where T : IFloatingPointIeee754<T>
    {
        if (!(value >= T.Zero) || !(value <= T.One))
        {
            ThrowOutOfRange(property, "in [0, 1]", value);
        }

        return value;
    }

    /// <summary>Checks a count property's new value, at least 0 (the optimizer's step count); returns it.</summary>
    public static long RequireNonNegative(long value, string property)
    {
        if (value < 0)
        {
            ThrowOutOfRange(property, "at least 0", value);
        }

        return value;
    }

    /// <summary>
    /// The exception of a property setter given a value outside its range: <see cref="ArgumentException.ParamName"/> is
    /// <c>value</c>, as for every .NET setter, and the message names the property.
    /// </summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOutOfRange<T>(string property, string expected, T value)
        where T : IFormattable =>
        throw new ArgumentOutOfRangeException("value", $"{property} must be {expected}, but it is {value.ToString(null, CultureInfo.InvariantCulture)}.");

    /// <summary>Checks that every value of a span is finite (not NaN or ±∞): parameters, optimizer state, running statistics.</summary>
    public static void RequireFinite<T>(ReadOnlySpan<T> values, string name)
        where T : IFloatingPointIeee754<T>
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                ThrowBadValue(name, i, values[i], "finite numbers");
            }
        }
    }

    /// <summary>
    /// Checks that the <paramref name="length"/> values of <paramref name="values"/> from <paramref name="start"/> are at
    /// least 0: <paramref name="what"/> is a square root's argument, such as Adam's second moment.
    /// </summary>
    public static void RequireNonNegative<T>(ReadOnlySpan<T> values, int start, int length, string name, string what)
        where T : IFloatingPointIeee754<T>
    {
        var slice = values.Slice(start, length);
        for (var i = 0; i < slice.Length; i++)
        {
            if (!(slice[i] >= T.Zero))
            {
                ThrowBadValue(name, start + i, slice[i], $"{what} to be at least 0");
            }
        }
    }

    /// <summary>
    /// Checks batch-norm running statistics in the exchange layout of <paramref name="architecture"/> (per batch-norm
    /// layer, the running mean then the running variance of its units): finite, and the variances at least 0, since
    /// inference divides by √(variance + ε).
    /// </summary>
    public static void RequireRunningStatistics<T>(ReadOnlySpan<T> values, NetworkArchitecture architecture, string name)
        where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(architecture);
        RequireFinite(values, name);
        var offset = 0;
        for (var layer = 0; layer < architecture.Layers.Count; layer++)
        {
            var units = architecture.Layers[layer].Units;
            if (architecture.Layers[layer].BatchNorm is null)
            {
                continue;
            }

            RequireNonNegative(values, offset + units, units, name, $"layer {layer + 1}'s running variances");
            offset += 2 * units;
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadValue<T>(string name, int index, T value, string expected)
        where T : IFormattable =>
        throw new ArgumentException($"Expected {expected}, but {name}[{index}] is {value.ToString(null, CultureInfo.InvariantCulture)}.", name);
}
