using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;

namespace NetGen.Evaluation;

/// <summary>The rule for class names wherever they are given: at least two, each non-blank and different from the others.</summary>
internal static class ClassNameList
{
    public static ReadOnlyCollection<string> Require(IReadOnlyList<string> classNames, string parameterName, int? expectedCount = null)
    {
        ArgumentNullException.ThrowIfNull(classNames, parameterName);
        if (classNames.Count < 2)
        {
            throw new ArgumentException($"Expected at least 2 class names, but got {classNames.Count}.", parameterName);
        }

        if (expectedCount is { } expected && classNames.Count != expected)
        {
            throw new ArgumentException($"Expected {expected} class names, one per class, but got {classNames.Count}.", parameterName);
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < classNames.Count; i++)
        {
            var name = classNames[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"Class name {i} (0-based) is {(name is null ? "null" : $"'{name}'")}; every class needs a name that is not blank.", parameterName);
            }

            if (!seen.TryAdd(name, i))
            {
                throw new ArgumentException($"Class names {seen[name]} and {i} (0-based) are both '{name}'; every class needs its own name.", parameterName);
            }
        }

        return Array.AsReadOnly(classNames.ToArray());
    }

    /// <summary>"0", "1", … for classes that have no names.</summary>
    public static ReadOnlyCollection<string> Numbers(int classCount) =>
        Array.AsReadOnly(Enumerable.Range(0, classCount).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray());
}
