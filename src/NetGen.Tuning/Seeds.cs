using System;

namespace NetGen.Tuning;

/// <summary>
/// The random streams of a study, each a function of the study's seed, a trial number and a purpose only, so that a
/// trial's seed and its random or grid parameters do not depend on which worker ran it or when.
/// </summary>
/// <remarks>
/// The triple is packed into 64 bits and scrambled by the SplitMix64 finalizer (Steele, Lea and Flood, 2014), which is
/// one-to-one, then seeds NetGen's <see cref="DeterministicRandom"/> (xoshiro256**, itself seeded by SplitMix64): the
/// same numbers on every machine.
/// </remarks>
internal static class Seeds
{
    /// <summary>The stream a trial's <see cref="Trial.Seed"/> comes from.</summary>
    public const int TrialSeedStream = 1;

    /// <summary>The stream a sampler draws a trial's parameters from.</summary>
    public const int SamplerStream = 2;

    /// <summary>The stream data splits (hold-out, folds) are drawn from; with trial number 0, shared by every trial.</summary>
    public const int SplitStream = 3;

    /// <summary>The generator of stream <paramref name="purpose"/> of trial <paramref name="number"/> in the study seeded with <paramref name="studySeed"/>.</summary>
    public static DeterministicRandom Random(int studySeed, int number, int purpose)
    {
        var packed = ((ulong)(uint)studySeed << 32) | (uint)number;
        return new DeterministicRandom(Mix64(packed ^ Mix64((ulong)(uint)purpose * 0x9E3779B97F4A7C15UL)));
    }

    /// <summary>The seed of trial <paramref name="number"/>: a non-negative <see cref="int"/>.</summary>
    public static int TrialSeed(int studySeed, int number) => (int)(Random(studySeed, number, TrialSeedStream).NextUInt64() >> 33);

    /// <summary>The SplitMix64 finalizer: a bijection on 64-bit words.</summary>
    private static ulong Mix64(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
