using System;

namespace NetGen.Schedules;

/// <summary>The curves the schedules share, each in PyTorch's order of operations so that the results match it bit for bit.</summary>
internal static class Annealing
{
    /// <summary>
    /// <c>η_min + (η_max − η_min)·(1 + cos(π·t/T))/2</c>, as <c>CosineAnnealingLR</c> and
    /// <c>CosineAnnealingWarmRestarts</c> compute it: <c>η_max</c> at <c>t = 0</c>, <c>η_min</c> at <c>t = T</c>.
    /// </summary>
    public static double Cosine(double etaMin, double etaMax, double t, double period) =>
        etaMin + (etaMax - etaMin) * (1 + Math.Cos(Math.PI * t / period)) / 2;

    /// <summary>OneCycleLR's cosine from <paramref name="start"/> (at <c>pct = 0</c>) to <paramref name="end"/> (at <c>pct = 1</c>).</summary>
    public static double CosineBetween(double start, double end, double pct) =>
        end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1);

    /// <summary>OneCycleLR's straight line from <paramref name="start"/> (at <c>pct = 0</c>) to <paramref name="end"/> (at <c>pct = 1</c>).</summary>
    public static double LinearBetween(double start, double end, double pct) =>
        (end - start) * pct + start;
}
