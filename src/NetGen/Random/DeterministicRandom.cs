using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using NetGen.Numerics;

namespace NetGen;

/// <summary>
/// A pseudo-random generator whose output depends only on its seed: the same seed gives bit-identical numbers on
/// every machine, operating system and .NET version.
/// </summary>
/// <remarks>
/// <para>
/// The generator is xoshiro256** (Blackman and Vigna, 2018), a 256-bit state with period 2²⁵⁶ − 1, seeded by
/// running SplitMix64 from the 64-bit seed, as the algorithm's authors recommend. SplitMix64's finalizer is a
/// bijection, so its four outputs are distinct and the state is never all zero.
/// </para>
/// <para>
/// Determinism holds because everything is integer arithmetic, IEEE 754 <c>+ − × ÷</c> and <see cref="Math.Sqrt"/>
/// (all correctly rounded, so identical everywhere), and <see cref="DeterministicMath.Log"/>, which is built from
/// those alone. Nothing calls <see cref="System.Random"/> or the platform's <c>libm</c>, whose results differ in the
/// last bit between platforms. The sequence is part of the public contract: changing any algorithm here changes
/// every network's initial weights.
/// </para>
/// <para>An instance is not thread-safe; use one per thread, or <see cref="ForStream"/> for independent streams.</para>
/// </remarks>
public sealed class DeterministicRandom
{
    private const ulong GoldenGamma = 0x9E3779B97F4A7C15;

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    // The polar method makes normals in pairs; the second is kept for the next call.
    private double _spareNormal;
    private bool _hasSpareNormal;

    /// <summary>Creates a generator whose state is the first four outputs of SplitMix64 started at <paramref name="seed"/>.</summary>
    /// <param name="seed">Any value, zero included.</param>
    public DeterministicRandom(ulong seed)
    {
        var state = seed;
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    /// <summary>Creates a generator from an explicit xoshiro256** state, for checking against the reference outputs.</summary>
    internal DeterministicRandom(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
        {
            throw new ArgumentException("The xoshiro256** state must not be all zero.");
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>
    /// Creates the generator for one stream of a seed, so that, for example, each layer's weights depend only on the
    /// network's seed and the layer's index, not on how many numbers earlier layers drew.
    /// </summary>
    /// <remarks>
    /// The pair is packed into 64 bits (<c>seed</c> high, <c>stream</c> low), which is one-to-one, and scrambled by
    /// the SplitMix64 finalizer, also one-to-one, before seeding. Distinct pairs therefore get distinct seeds, and
    /// neighboring pairs get unrelated ones.
    /// </remarks>
    /// <param name="seed">The seed shared by all streams, such as the network's seed.</param>
    /// <param name="stream">The stream's number, such as the layer's index.</param>
    public static DeterministicRandom ForStream(int seed, int stream) =>
        new(Mix64(((ulong)(uint)seed << 32) | (uint)stream));

    /// <summary>The number of 64-bit words <see cref="GetState"/> writes: the four xoshiro256** words, then the spare normal's bits and whether it is held.</summary>
    public const int StateLength = 6;

    /// <summary>Copies the generator's whole state into <paramref name="destination"/> (exactly <see cref="StateLength"/> words), so <see cref="SetState"/> can resume the same sequence.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not <see cref="StateLength"/> long.</exception>
    public void GetState(Span<ulong> destination)
    {
        NetworkArguments.RequireLength(destination.Length, StateLength, nameof(destination));
        destination[0] = _s0;
        destination[1] = _s1;
        destination[2] = _s2;
        destination[3] = _s3;
        destination[4] = BitConverter.DoubleToUInt64Bits(_spareNormal);
        destination[5] = _hasSpareNormal ? 1UL : 0UL;
    }

    /// <summary>Replaces the generator's state with one <see cref="GetState"/> wrote: the numbers that follow are those the saved generator would have drawn.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not <see cref="StateLength"/> long, its four xoshiro256** words are all zero (a state the generator never reaches), or its last word is neither 0 nor 1.</exception>
    public void SetState(ReadOnlySpan<ulong> source)
    {
        if (!IsValidState(source))
        {
            NetworkArguments.RequireLength(source.Length, StateLength, nameof(source));
            throw new ArgumentException("Expected a xoshiro256** state that is not all zero and a spare-normal flag of 0 or 1.", nameof(source));
        }

        (_s0, _s1, _s2, _s3) = (source[0], source[1], source[2], source[3]);
        _spareNormal = BitConverter.UInt64BitsToDouble(source[4]);
        _hasSpareNormal = source[5] == 1;
    }

    /// <summary>Whether <paramref name="state"/> is a state <see cref="SetState"/> accepts.</summary>
    public static bool IsValidState(ReadOnlySpan<ulong> state) =>
        state.Length == StateLength && (state[0] | state[1] | state[2] | state[3]) != 0 && state[5] <= 1;

    /// <summary>Returns the next 64 random bits (one xoshiro256** step).</summary>
    public ulong NextUInt64() => Step(ref _s0, ref _s1, ref _s2, ref _s3);

    /// <summary>One xoshiro256** step on the given state words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        var result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;

        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);

        return result;
    }

    /// <summary>⌊rate·2³²⌋: a 32-bit uniform integer falls below it with probability rate (to within 2⁻³²).</summary>
    private static uint DropThreshold(double rate) =>
        rate >= 0 && rate < 1 ? (uint)(rate * 4294967296.0) : throw new ArgumentOutOfRangeException(nameof(rate), rate, "A dropout rate lies in [0, 1).");

    /// <summary>
    /// Fills <paramref name="mask"/> with inverted-dropout factors: each value is 0 with probability
    /// <paramref name="rate"/> and 1/(1 − <paramref name="rate"/>) otherwise. Two values per 64-bit step: the low then
    /// the high 32 bits of each <see cref="NextUInt64"/>, each dropped when below ⌊rate·2³²⌋.
    /// </summary>
    /// <remarks>Keeps the state in locals over the whole span, several times faster than a draw per value.</remarks>
    /// <param name="mask">The factors to write.</param>
    /// <param name="rate">The drop probability, in [0, 1).</param>
    [EditorBrowsable(EditorBrowsableState.Never)] // for the generated dropout layers
    public void FillDropoutMask(Span<float> mask, double rate) => FillDropoutMask<float>(mask, rate);

    /// <inheritdoc cref="FillDropoutMask(Span{float}, double)"/>
    [EditorBrowsable(EditorBrowsableState.Never)] // for the generated dropout layers
    public void FillDropoutMask(Span<double> mask, double rate) => FillDropoutMask<double>(mask, rate);

    private void FillDropoutMask<T>(Span<T> mask, double rate)
        where T : struct, System.Numerics.IFloatingPoint<T>
    {
        var threshold = DropThreshold(rate);
        var keep = T.CreateChecked(1 / (1 - rate));
        var (s0, s1, s2, s3) = (_s0, _s1, _s2, _s3);
        for (var u = 0; u < mask.Length; u += 2)
        {
            var bits = Step(ref s0, ref s1, ref s2, ref s3);
            mask[u] = (uint)bits < threshold ? T.Zero : keep;
            if (u + 1 < mask.Length)
            {
                mask[u + 1] = (uint)(bits >> 32) < threshold ? T.Zero : keep;
            }
        }

        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>Returns a uniform double in [0, 1): the top 53 bits of <see cref="NextUInt64"/> times 2⁻⁵³.</summary>
    /// <remarks>Every result is a multiple of 2⁻⁵³, and each of the 2⁵³ values is equally likely.</remarks>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Returns <c>low + (high − low)·u</c> with <c>u</c> from <see cref="NextDouble"/>.</summary>
    /// <remarks>
    /// The result lies in [<paramref name="low"/>, <paramref name="high"/>); rounding can make it equal
    /// <paramref name="high"/> in rare cases. The bounds are not checked: <paramref name="high"/> may be below
    /// <paramref name="low"/>.
    /// </remarks>
    /// <param name="low">The inclusive lower bound.</param>
    /// <param name="high">The upper bound.</param>
    public double NextUniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>Returns an integer in [0, <paramref name="maxExclusive"/>), every value exactly equally likely.</summary>
    /// <remarks>
    /// Lemire's multiply-and-reject method (2019) on the top 32 bits of <see cref="NextUInt64"/>: the high half of
    /// the 64-bit product with <paramref name="maxExclusive"/> is the result, and the few products whose low half
    /// falls in the biased zone are drawn again.
    /// </remarks>
    /// <param name="maxExclusive">The exclusive upper bound, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is zero or negative.</exception>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "The bound must be at least 1.");
        }

        var range = (uint)maxExclusive;
        var product = (NextUInt64() >> 32) * range;
        var low = (uint)product;
        if (low < range)
        {
            // 2³² mod range: the number of low halves that would make some results more likely than others.
            var threshold = (0u - range) % range;
            while (low < threshold)
            {
                product = (NextUInt64() >> 32) * range;
                low = (uint)product;
            }
        }

        return (int)(product >> 32);
    }

    /// <summary>Returns a standard normal value (mean 0, standard deviation 1).</summary>
    /// <remarks>
    /// Marsaglia's polar method: draw <c>u, v</c> uniform in [−1, 1) until <c>0 &lt; s = u² + v² &lt; 1</c>, then
    /// <c>u·√(−2·ln(s)/s)</c> and <c>v·√(−2·ln(s)/s)</c> are independent standard normals. The first is returned and
    /// the second kept for the next call, so calls come in pairs that consume a variable number of uniforms (4/π
    /// pairs on average). The logarithm is <see cref="DeterministicMath.Log"/>, not <see cref="Math.Log(double)"/>,
    /// to stay bit-identical across platforms.
    /// </remarks>
    public double NextNormal()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }

        double u, v, s;
        do
        {
            u = (2.0 * NextDouble()) - 1.0;
            v = (2.0 * NextDouble()) - 1.0;
            s = (u * u) + (v * v);
        }
        while (s >= 1.0 || s == 0.0);

        var factor = Math.Sqrt(-2.0 * DeterministicMath.Log(s) / s);
        _spareNormal = v * factor;
        _hasSpareNormal = true;
        return u * factor;
    }

    /// <summary>Puts <paramref name="items"/> in a uniformly random order, in place.</summary>
    /// <remarks>Fisher–Yates (Durstenfeld): for <c>i</c> from the last index down to 1, swap item <c>i</c> with item <c>NextInt(i + 1)</c>.</remarks>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items to shuffle.</param>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Advances a SplitMix64 state by the golden gamma and returns the finalized value (Steele, Lea and Flood, 2014).</summary>
    internal static ulong SplitMix64(ref ulong state)
    {
        state += GoldenGamma;
        return Mix64(state);
    }

    // SplitMix64's finalizer: a bijection on 64-bit values with good avalanche.
    private static ulong Mix64(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
