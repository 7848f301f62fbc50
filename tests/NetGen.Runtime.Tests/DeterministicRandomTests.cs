using System;
using System.Linq;

namespace NetGen.Runtime.Tests;

public sealed class DeterministicRandomTests
{
    [Fact]
    public void SplitMix64_FromZero_GivesPublishedOutputs()
    {
        // The reference splitmix64.c started at 0; the first value is the commonly quoted 0xE220A8397B1DCDAF.
        ulong state = 0;
        ulong[] expected = [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F, 0xF88BB8A8724C81EC];

        var actual = expected.Select(_ => DeterministicRandom.SplitMix64(ref state)).ToArray();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void NextUInt64_FromState1234_GivesReferenceOutputs()
    {
        // xoshiro256**.c by Blackman and Vigna with s = {1, 2, 3, 4}; the first is rotl(2·5, 7)·9 = 11520.
        var random = new DeterministicRandom(1, 2, 3, 4);
        ulong[] expected = [11520, 0, 1509978240, 1215971899390074240, 1216172134540287360, 607988272756665600];

        var actual = expected.Select(_ => random.NextUInt64()).ToArray();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void NextUInt64_Seed0_StartsWithValueFromReferenceAlgorithm()
    {
        // Computed once with an independent Python transcription of splitmix64.c and xoshiro256starstar.c.
        var random = new DeterministicRandom(0);

        Assert.Equal(0x99EC5F36CB75F2B4UL, random.NextUInt64());
        Assert.Equal(0xBF6E1F784956452AUL, random.NextUInt64());
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(12345UL)]
    [InlineData(ulong.MaxValue)]
    public void NextUInt64_AnySeed_MatchesReferenceImplementation(ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var reference = new ReferenceXoshiro(seed);

        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(reference.Next(), random.NextUInt64());
        }
    }

    [Fact]
    public void SameSeed_GivesIdenticalSequence()
    {
        var first = new DeterministicRandom(2024);
        var second = new DeterministicRandom(2024);

        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal(first.NextUInt64(), second.NextUInt64());
            Assert.Equal(BitConverter.DoubleToInt64Bits(first.NextNormal()), BitConverter.DoubleToInt64Bits(second.NextNormal()));
            Assert.Equal(first.NextInt(1000), second.NextInt(1000));
        }
    }

    [Fact]
    public void ForStream_SamePair_GivesIdenticalSequence()
    {
        var first = DeterministicRandom.ForStream(7, 3);
        var second = DeterministicRandom.ForStream(7, 3);

        Assert.Equal(Draw(first, 100), Draw(second, 100));
    }

    [Fact]
    public void ForStream_NeighboringPairs_GiveDifferentSequences()
    {
        (int Seed, int Stream)[] pairs = [(0, 0), (0, 1), (1, 0), (1, 1), (-1, 0), (0, -1), (42, 2), (42, 3), (43, 2)];

        var firstOutputs = pairs.Select(p => DeterministicRandom.ForStream(p.Seed, p.Stream).NextUInt64()).ToArray();

        Assert.Equal(pairs.Length, firstOutputs.Distinct().Count());
    }

    [Fact]
    public void NextDouble_IsTop53BitsTimesTwoToMinus53()
    {
        var random = new DeterministicRandom(99);
        var bits = new DeterministicRandom(99);

        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal((bits.NextUInt64() >> 11) / 9007199254740992.0, random.NextDouble());
        }
    }

    [Fact]
    public void NextDouble_ManyDraws_StayInUnitIntervalWithMeanOneHalf()
    {
        var random = new DeterministicRandom(5);
        const int Count = 100_000;
        var sum = 0.0;

        for (var i = 0; i < Count; i++)
        {
            var value = random.NextDouble();
            Assert.InRange(value, 0.0, Math.BitDecrement(1.0));
            sum += value;
        }

        // The mean's standard error is √(1/12)/√Count ≈ 0.0009.
        Assert.InRange(sum / Count, 0.5 - 0.005, 0.5 + 0.005);
    }

    [Fact]
    public void NextUniform_ManyDraws_StayWithinBounds()
    {
        var random = new DeterministicRandom(6);

        for (var i = 0; i < 10_000; i++)
        {
            Assert.InRange(random.NextUniform(-0.25, 0.75), -0.25, 0.75);
        }
    }

    [Fact]
    public void NextInt_TenBuckets_PassesChiSquare()
    {
        var random = new DeterministicRandom(11);
        const int Buckets = 10;
        const int Count = 100_000;
        var counts = new int[Buckets];

        for (var i = 0; i < Count; i++)
        {
            counts[random.NextInt(Buckets)]++;
        }

        // χ² with 9 degrees of freedom exceeds 27.9 with probability 0.001.
        var expected = (double)Count / Buckets;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 27.9, $"χ² = {chiSquare}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1_000_003)]
    [InlineData(int.MaxValue)]
    public void NextInt_AnyBound_StaysBelowIt(int maxExclusive)
    {
        var random = new DeterministicRandom(12);

        for (var i = 0; i < 10_000; i++)
        {
            Assert.InRange(random.NextInt(maxExclusive), 0, maxExclusive - 1);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void NextInt_NonPositiveBound_ThrowsNamingIt(int maxExclusive)
    {
        var random = new DeterministicRandom(13);

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt(maxExclusive));

        Assert.Equal("maxExclusive", exception.ParamName);
    }

    [Fact]
    public void NextNormal_200kDraws_HaveMeanZeroAndStandardDeviationOne()
    {
        var random = new DeterministicRandom(17);
        const int Count = 200_000;
        double sum = 0, sumOfSquares = 0;
        var withinOneSigma = 0;

        for (var i = 0; i < Count; i++)
        {
            var value = random.NextNormal();
            sum += value;
            sumOfSquares += value * value;
            withinOneSigma += Math.Abs(value) < 1.0 ? 1 : 0;
        }

        // Standard errors: mean 1/√Count ≈ 0.0022, std ≈ 0.0016, fraction ≈ 0.001.
        var mean = sum / Count;
        var std = Math.Sqrt((sumOfSquares / Count) - (mean * mean));
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(std, 0.99, 1.01);
        Assert.InRange((double)withinOneSigma / Count, 0.6827 - 0.005, 0.6827 + 0.005);
    }

    [Fact]
    public void NextNormal_Seed1_GivesPinnedValues()
    {
        // Pins the polar method and DeterministicMath.Log bit for bit: if this changes, every network's initial
        // weights change. The values were printed once from this implementation, not derived independently.
        var random = new DeterministicRandom(1);

        var actual = Enumerable.Range(0, 3).Select(_ => random.NextNormal()).ToArray();

        Assert.Equal(PinnedNormalsSeed1, actual);
    }

    [Fact]
    public void Shuffle_Items_IsPermutation()
    {
        var random = new DeterministicRandom(19);
        var items = Enumerable.Range(0, 1_000).ToArray();

        random.Shuffle(items.AsSpan());

        Assert.NotEqual(Enumerable.Range(0, 1_000), items);
        Assert.Equal(Enumerable.Range(0, 1_000), items.Order());
    }

    [Fact]
    public void Shuffle_ThreeItems_GivesEveryOrderEquallyOften()
    {
        var random = new DeterministicRandom(23);
        const int Count = 60_000;
        var counts = new int[6];
        Span<int> items = stackalloc int[3];

        for (var i = 0; i < Count; i++)
        {
            items[0] = 0;
            items[1] = 1;
            items[2] = 2;
            random.Shuffle(items);
            counts[(items[0] * 2) + (items[1] > items[2] ? 1 : 0)]++;
        }

        // χ² with 5 degrees of freedom exceeds 20.5 with probability 0.001.
        var expected = Count / 6.0;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 20.5, $"χ² = {chiSquare}");
    }

    [Fact]
    public void Shuffle_EmptyOrSingle_LeavesItemsAndDrawsNothing()
    {
        var random = new DeterministicRandom(29);
        var untouched = new DeterministicRandom(29);
        int[] single = [7];

        random.Shuffle(Span<int>.Empty);
        random.Shuffle(single.AsSpan());

        Assert.Equal([7], single);
        Assert.Equal(untouched.NextUInt64(), random.NextUInt64());
    }

    private static readonly double[] PinnedNormalsSeed1 = [1.884396104787977, 0.18978089448693036, 1.302090250702661];

    private static ulong[] Draw(DeterministicRandom random, int count) =>
        Enumerable.Range(0, count).Select(_ => random.NextUInt64()).ToArray();

    // A direct transcription of splitmix64.c and xoshiro256starstar.c, kept apart from the code under test.
    [Fact]
    public void FillDropoutMask_ComparesEachHalfOfAStepWithRateTimesTwoToThe32()
    {
        // Against the reference generator: value 2k from the low 32 bits of step k, value 2k + 1 from the high 32 bits;
        // an odd length uses a whole step for its last value.
        const double rate = 0.3;
        var threshold = (ulong)(rate * 4294967296.0);
        var mask = new float[7];
        var random = new DeterministicRandom(17);
        random.FillDropoutMask(mask, rate);
        var reference = new ReferenceXoshiro(17);
        for (var u = 0; u < mask.Length; u += 2)
        {
            var bits = reference.Next();
            Assert.Equal((bits & 0xFFFF_FFFF) < threshold ? 0f : (float)(1 / 0.7), mask[u]);
            if (u + 1 < mask.Length)
            {
                Assert.Equal((bits >> 32) < threshold ? 0f : (float)(1 / 0.7), mask[u + 1]);
            }
        }

        Assert.Equal(reference.Next(), random.NextUInt64()); // the stream goes on after the mask's four steps
    }

    [Fact]
    public void FillDropoutMask_100kValues_DropsAtTheRate_KeepsAtOneOverOneMinusRate()
    {
        var mask = new double[100_000];
        new DeterministicRandom(18).FillDropoutMask(mask, 0.25);
        var dropped = mask.Count(v => v == 0) / (double)mask.Length;
        Assert.InRange(dropped, 0.25 - 0.006, 0.25 + 0.006); // about 4.4 binomial standard deviations
        Assert.All(mask, v => Assert.True(v == 0 || v == 1 / 0.75));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void FillDropoutMask_RateOutsideZeroToOne_Throws(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeterministicRandom(1).FillDropoutMask(new float[2], rate));

    private sealed class ReferenceXoshiro
    {
        private readonly ulong[] _s = new ulong[4];

        public ReferenceXoshiro(ulong seed)
        {
            for (var i = 0; i < 4; i++)
            {
                seed += 0x9E3779B97F4A7C15;
                var z = seed;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
                _s[i] = z ^ (z >> 31);
            }
        }

        public ulong Next()
        {
            var result = ulong.RotateLeft(_s[1] * 5, 7) * 9;
            var t = _s[1] << 17;
            _s[2] ^= _s[0];
            _s[3] ^= _s[1];
            _s[1] ^= _s[2];
            _s[0] ^= _s[3];
            _s[2] ^= t;
            _s[3] = ulong.RotateLeft(_s[3], 45);
            return result;
        }
    }
}

public sealed class DeterministicRandomStateTests
{
    [Fact]
    public void SetState_FromGetState_ContinuesTheSameSequence_IncludingASpareNormal()
    {
        var original = new DeterministicRandom(42);
        original.NextNormal(); // leaves the pair's second normal as the spare
        var state = new ulong[DeterministicRandom.StateLength];
        original.GetState(state);

        var copy = new DeterministicRandom(7);
        copy.SetState(state);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(original.NextNormal()), BitConverter.DoubleToInt64Bits(copy.NextNormal()));
            Assert.Equal(original.NextUInt64(), copy.NextUInt64());
        }
    }

    [Fact]
    public void SetState_Invalid_IsRejectedAndChangesNothing()
    {
        var random = new DeterministicRandom(1);
        var before = new ulong[DeterministicRandom.StateLength];
        random.GetState(before);
        Assert.Throws<ArgumentException>(() => random.SetState(new ulong[] { 0, 0, 0, 0, 0, 0 }));
        Assert.Throws<ArgumentException>(() => random.SetState(new ulong[] { 1, 2, 3, 4, 0, 2 }));
        Assert.Equal("source", Assert.Throws<ArgumentException>(() => random.SetState(new ulong[5])).ParamName);
        var after = new ulong[DeterministicRandom.StateLength];
        random.GetState(after);
        Assert.Equal(before, after);
    }
}
