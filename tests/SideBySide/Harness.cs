using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace NetGen.SideBySide;

/// <summary>One contender of a cell: <see cref="Run"/> does <c>n</c> units of work (calls, batches or epochs).</summary>
internal sealed class Contender(string name, Action<int> run)
{
    public string Name { get; } = name;

    public Action<int> Run { get; } = run;

    /// <summary>Units per timed block, set by <see cref="Harness.Calibrate"/>.</summary>
    public int Repeats { get; set; } = 1;

    /// <summary>Seconds per unit, one value per measured round.</summary>
    public List<double> Seconds { get; } = [];

    /// <summary>Runs one block and records its time per unit.</summary>
    public void Measure(bool record)
    {
        var start = Stopwatch.GetTimestamp();
        Run(Repeats);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds / Repeats;
        if (record)
        {
            Seconds.Add(seconds);
        }
    }
}

/// <summary>
/// One thing measured: a workload on one network, with the contenders that do it. Every round runs each contender
/// once, the order rotated from round to round, so slow drifts of the machine touch all of them alike and the ratios of
/// one round compare runs made seconds apart.
/// </summary>
internal sealed class Cell(string name, double blockSeconds, params Contender[] contenders)
{
    public string Name { get; } = name;

    /// <summary>How long one timed block of a contender should last; a unit longer than that is timed alone.</summary>
    public double BlockSeconds { get; } = blockSeconds;

    public Contender[] Contenders { get; } = contenders;

    public Contender this[string name] => Contenders.Single(contender => contender.Name == name);

    public bool Has(string name) => Contenders.Any(contender => contender.Name == name);

    public void RunRound(int round, bool record)
    {
        for (var k = 0; k < Contenders.Length; k++)
        {
            Contenders[(k + round) % Contenders.Length].Measure(record);
        }
    }

    /// <summary>The per-round ratios <paramref name="numerator"/> / <paramref name="denominator"/>.</summary>
    public double[] Ratios(string numerator, string denominator) =>
        this[numerator].Seconds.Zip(this[denominator].Seconds, (a, b) => a / b).ToArray();
}

internal static class Harness
{
    /// <summary>Doubles the units per block until one block lasts an eighth of the target, then scales to the target.</summary>
    public static void Calibrate(Cell cell)
    {
        foreach (var contender in cell.Contenders)
        {
            contender.Run(1);
            var units = 1;
            while (true)
            {
                var start = Stopwatch.GetTimestamp();
                contender.Run(units);
                var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (seconds >= cell.BlockSeconds / 8 || units >= 1 << 24)
                {
                    contender.Repeats = Math.Max(1, (int)Math.Round(units * cell.BlockSeconds / seconds));
                    break;
                }

                units *= 2;
            }
        }
    }
}

/// <summary>Median and quartiles (linear interpolation between order statistics, as numpy's default).</summary>
internal readonly record struct Quartiles(double Lower, double Median, double Upper, int Count)
{
    public static Quartiles Of(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(value => value).ToArray();
        return sorted.Length == 0
            ? new Quartiles(double.NaN, double.NaN, double.NaN, 0)
            : new Quartiles(At(sorted, 0.25), At(sorted, 0.5), At(sorted, 0.75), sorted.Length);
    }

    private static double At(double[] sorted, double quantile)
    {
        var position = quantile * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }
}
