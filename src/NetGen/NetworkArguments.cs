using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
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

    /// <summary>Checks that a span has exactly <paramref name="expected"/> values.</summary>
    public static void RequireLength(int length, int expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException($"Expected exactly {expected} values, but got {length}.", name);
        }
    }

    /// <summary>The exception for a hyperparameter name the network does not have, listing the ones it has.</summary>
    public static ArgumentException UnknownHyperparameter(string name, NetworkArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var known = string.Join(", ", System.Linq.Enumerable.Select(architecture.Hyperparameters, h => h.Name));
        return new ArgumentException($"The network has no hyperparameter '{name}'; it has {known}.", nameof(name));
    }
}
