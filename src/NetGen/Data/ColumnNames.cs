using System;
using System.Collections.Generic;

namespace NetGen.Data;

/// <summary>
/// The rule every table and standardizer in <see cref="NetGen.Data"/> keeps: each column has a non-blank name of its
/// own, since columns are matched by name (<see cref="Standardizer.Transform(TabularDataSet)"/>).
/// </summary>
internal static class ColumnNames
{
    /// <summary>Checks the feature names, and the target's name when there is one, naming the first problem.</summary>
    /// <exception cref="ArgumentException">A name is null or blank, or two names are equal.</exception>
    public static void Require(IReadOnlyList<string> featureNames, string? targetName, string parameterName = "featureNames")
    {
        var seen = new Dictionary<string, int>(featureNames.Count + 1, StringComparer.Ordinal);
        for (var i = 0; i <= featureNames.Count; i++)
        {
            var isTarget = i == featureNames.Count;
            if (isTarget && targetName is null)
            {
                break;
            }

            var name = isTarget ? targetName : featureNames[i];
            var what = isTarget ? "The target's name" : $"Feature name {i} (0-based)";
            var argument = isTarget ? "targetName" : parameterName;
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException(
                    $"{what} is {(name is null ? "null" : $"'{name}'")}; every column needs a name that is not blank.", argument);
            }

            if (seen.TryGetValue(name, out var first))
            {
                throw new ArgumentException(
                    $"{what} is '{name}', the same as feature name {first} (0-based); every column needs its own name.", argument);
            }

            seen.Add(name, i);
        }
    }

    /// <summary>Checks the feature names and several target names (parameter <c>targetNames</c>), naming the first problem.</summary>
    /// <exception cref="ArgumentException">A name is null or blank, or two names are equal.</exception>
    public static void Require(IReadOnlyList<string> featureNames, IReadOnlyList<string> targetNames)
    {
        if (targetNames.Count == 1)
        {
            Require(featureNames, targetNames[0]);
            return;
        }

        Require(featureNames, targetName: null);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < featureNames.Count; i++)
        {
            seen[featureNames[i]] = $"feature name {i} (0-based)";
        }

        for (var j = 0; j < targetNames.Count; j++)
        {
            var name = targetNames[j];
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException(
                    $"Target name {j} (0-based) is {(name is null ? "null" : $"'{name}'")}; every column needs a name that is not blank.", nameof(targetNames));
            }

            if (!seen.TryAdd(name, $"target name {j} (0-based)"))
            {
                throw new ArgumentException(
                    $"Target name {j} (0-based) is '{name}', the same as {seen[name]}; every column needs its own name.", nameof(targetNames));
            }
        }
    }
}
