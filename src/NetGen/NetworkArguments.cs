using System;

namespace NetGen;

/// <summary>
/// Argument checks shared by every generated network, so each throws the same clear
/// <see cref="ArgumentException"/>: which argument, what was expected, what it got.
/// </summary>
public static class NetworkArguments
{
    /// <summary>
    /// Returns the number of samples in a batch of <paramref name="inputsLength"/> values of
    /// <paramref name="inputCount"/> inputs each, checking that it is whole, at least one, and that the paired span
    /// (<paramref name="otherName"/>) holds exactly <paramref name="otherCount"/> values per sample.
    /// </summary>
    public static int CountSamples(int inputsLength, int inputCount, string inputsName, int otherLength, int otherCount, string otherName)
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
        if (otherLength != expected)
        {
            throw new ArgumentException(
                $"Expected {expected} values ({count} sample{(count == 1 ? "" : "s")} × {otherCount}) to match {inputsName}, but got {otherLength}.", otherName);
        }

        return count;
    }

    /// <summary>Checks that a span has exactly <paramref name="expected"/> values.</summary>
    public static void RequireLength(int length, int expected, string name)
    {
        if (length != expected)
        {
            throw new ArgumentException($"Expected exactly {expected} values, but got {length}.", name);
        }
    }
}
