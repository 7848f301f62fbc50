using System;
using System.Collections.Generic;

namespace NetGen.Tuning;

/// <summary>
/// The points of a grid over a discrete space, in a fixed order: the dimensions in declaration order, the last varying
/// fastest (as nested loops, and as scikit-learn's <c>ParameterGrid</c> over its keys); a conditional dimension takes
/// its values only under the parent choices that activate it, so the grid has no duplicate points.
/// </summary>
internal static class Grid
{
    /// <summary>The values of a discrete dimension, as internal values, in grid order.</summary>
    public static double[] ValuesOf(SearchDimension dimension) => dimension switch
    {
        CategoricalDimension categorical => Range(categorical.Choices.Count, k => k),
        IntDimension integer => Range(checked((int)integer.Count), k => integer.Min + ((double)k * integer.Step)),
        FloatDimension { Step: not null } stepped => Range(checked((int)stepped.Count), k => stepped.ValueAt(k)),
        FloatDimension single when single.Min == single.Max => new[] { single.Min },
        _ => throw new ArgumentException($"A grid cannot enumerate {dimension}: a float dimension needs a step (Float(\"{dimension.Name}\", min, max, step: …)) or use another sampler.", nameof(dimension)),
    };

    /// <summary>The number of points.</summary>
    public static long Count(SearchSpace space)
    {
        var values = ValueTable(space);
        var current = new double?[space.Count];
        return CountFrom(space, values, current, 0);
    }

    /// <summary>Every point, in grid order.</summary>
    public static List<double?[]> Points(SearchSpace space)
    {
        var values = ValueTable(space);
        var points = new List<double?[]>();
        Enumerate(space, values, new double?[space.Count], 0, points);
        return points;
    }

    private static double[][] ValueTable(SearchSpace space)
    {
        var table = new double[space.Count][];
        for (var i = 0; i < space.Count; i++)
        {
            table[i] = ValuesOf(space[i]);
        }

        return table;
    }

    private static long CountFrom(SearchSpace space, double[][] values, double?[] current, int index)
    {
        if (index == space.Count)
        {
            return 1;
        }

        if (!space.IsActive(index, current))
        {
            current[index] = null;
            return CountFrom(space, values, current, index + 1);
        }

        long total = 0;
        foreach (var value in values[index])
        {
            current[index] = value;
            total = checked(total + CountFrom(space, values, current, index + 1));
        }

        current[index] = null;
        return total;
    }

    private static void Enumerate(SearchSpace space, double[][] values, double?[] current, int index, List<double?[]> points)
    {
        if (index == space.Count)
        {
            points.Add((double?[])current.Clone());
            return;
        }

        if (!space.IsActive(index, current))
        {
            current[index] = null;
            Enumerate(space, values, current, index + 1, points);
            return;
        }

        foreach (var value in values[index])
        {
            current[index] = value;
            Enumerate(space, values, current, index + 1, points);
        }

        current[index] = null;
    }

    private static double[] Range(int count, Func<int, double> valueAt)
    {
        var result = new double[count];
        for (var k = 0; k < count; k++)
        {
            result[k] = valueAt(k);
        }

        return result;
    }
}
