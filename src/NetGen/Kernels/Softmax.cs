using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

/// <summary>
/// The softmax of one row of float logits in vectors, and its cross-entropy: what the generated code calls for every float
/// softmax layer (in <c>Predict</c>, one sample or a batch, and in training).
/// </summary>
/// <remarks>
/// <para>
/// <c>MathF.Exp</c> is a call per value; for 4-64-64-3 the three of them and the scalar loops around them were a fifth of
/// batch inference. e^x here is <see cref="VectorMath.Exp(Vector512{float})"/>: e⁰ = 1 exactly, results below the
/// smallest normal float flushed to 0 (a softmax output below 1.2e−38 is 0).
/// </para>
/// <para>
/// <c>a = e^(z − max z) / Σ e^(z − max z)</c>, as PyTorch's <c>nn.Softmax</c> computes it; the division is per output
/// (not a multiply by 1/Σ), as PyTorch's is. The maximum and the sum are taken across lanes in a fixed tree, so one row
/// gives the same bits wherever it is computed on one machine: a sample alone, inside a batch, or in training.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)] // public for the generated code in users' assemblies, which alone should call it
public static class Softmax
{
    /// <summary>
    /// Writes <c>a[0..units) = softmax(z[0..units))</c>. Reads <paramref name="z"/> in whole vectors up to the next multiple
    /// of 16 values past <paramref name="units"/> (every generated buffer row is padded to 64 bytes); writes only
    /// <c>a[0..units)</c>. <paramref name="z"/> and <paramref name="a"/> may be the same row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Row(ref float z, ref float a, int units)
    {
        // The narrowest vector that holds the row: straight-line code once units is a constant. A longer row goes in the
        // widest vectors there are, in a loop.
        if (units <= Vector128<float>.Count || !Vector256.IsHardwareAccelerated)
        {
            Row128(ref z, ref a, units);
        }
        else if (units <= Vector256<float>.Count || !Vector512.IsHardwareAccelerated)
        {
            Row256(ref z, ref a, units);
        }
        else
        {
            Row512(ref z, ref a, units);
        }
    }

    /// <summary><see cref="Row"/> in 128-bit vectors, whatever the hardware has (tests reach every width through these).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Row128(ref float z, ref float a, int units)
    {
        if (units <= Vector128<float>.Count)
        {
            OneVector(ref a, units, Vector128.LoadUnsafe(ref z));
        }
        else
        {
            Rows128(ref z, ref a, units);
        }
    }

    /// <summary><see cref="Row"/> in 256-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Row256(ref float z, ref float a, int units)
    {
        if (units <= Vector256<float>.Count)
        {
            OneVector(ref a, units, Vector256.LoadUnsafe(ref z));
        }
        else
        {
            Rows256(ref z, ref a, units);
        }
    }

    /// <summary><see cref="Row"/> in 512-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Row512(ref float z, ref float a, int units)
    {
        if (units <= Vector512<float>.Count)
        {
            OneVector(ref a, units, Vector512.LoadUnsafe(ref z));
        }
        else
        {
            Rows512(ref z, ref a, units);
        }
    }

    /// <summary>
    /// One sample's categorical cross-entropy from the logits: returns <c>L = Σ_o t·(logsumexp(z) − z)</c> and writes
    /// <c>d = scale·(softmax(z)·Σt − t)</c>, the gradient of <c>scale·L</c> with respect to <c>z</c>. Reads
    /// <paramref name="z"/> and writes <paramref name="d"/> in whole vectors up to the next multiple of 16 past
    /// <paramref name="units"/> (padding lanes of <paramref name="d"/> get 0); reads only <c>t[0..units)</c>.
    /// </summary>
    /// <remarks>The same e^x as <see cref="Row"/>; logsumexp(z) = max z + log Σ e^(z − max z), finite for any finite logits.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float CrossEntropy(ref float z, ref float t, ref float d, float scale, int units)
    {
        if (units <= Vector128<float>.Count || !Vector256.IsHardwareAccelerated)
        {
            return CrossEntropy128(ref z, ref t, ref d, scale, units);
        }

        if (units <= Vector256<float>.Count || !Vector512.IsHardwareAccelerated)
        {
            return CrossEntropy256(ref z, ref t, ref d, scale, units);
        }

        return CrossEntropy512(ref z, ref t, ref d, scale, units);
    }

    // One algorithm in three widths: the maximum across lanes (masked lanes −∞, whose e^ is 0), e^(z − max), the sum across
    // lanes, each output divided by it. A NaN logit makes every output NaN, as in PyTorch.

    /// <summary>A row of at most 4 units in one vector: lanes from <paramref name="units"/> on are masked to −∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneVector(ref float a, int units, Vector128<float> z)
    {
        if (units < Vector128<float>.Count)
        {
            z = Vector128.ConditionalSelect(Below128(units), z, Vector128.Create(float.NegativeInfinity));
        }

        var e = VectorMath.Exp(z - MaxAcross(z));
        StoreFirst(e / SumAcross(e), ref a, units);
    }

    /// <summary>A row longer than one vector: whole vectors, then the last one masked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows128(ref float z, ref float a, int units)
    {
        var negativeInfinity = Vector128.Create(float.NegativeInfinity);
        var whole = units / Vector128<float>.Count * Vector128<float>.Count;
        var tail = units - whole;
        var max = negativeInfinity;
        for (var k = 0; k < whole; k += Vector128<float>.Count)
        {
            max = VectorMath.MaxNative(max, Vector128.LoadUnsafe(ref z, (nuint)k));
        }

        var zTail = negativeInfinity;
        if (tail > 0)
        {
            zTail = Vector128.ConditionalSelect(Below128(tail), Vector128.LoadUnsafe(ref z, (nuint)whole), negativeInfinity);
            max = VectorMath.MaxNative(max, zTail);
        }

        max = MaxAcross(max);
        var sum = Vector128<float>.Zero;
        for (var k = 0; k < whole; k += Vector128<float>.Count)
        {
            var e = VectorMath.Exp(Vector128.LoadUnsafe(ref z, (nuint)k) - max);
            sum += e;
            e.StoreUnsafe(ref a, (nuint)k);
        }

        var eTail = VectorMath.Exp(zTail - max);
        sum = SumAcross(sum + eTail);
        for (var k = 0; k < whole; k += Vector128<float>.Count)
        {
            (Vector128.LoadUnsafe(ref a, (nuint)k) / sum).StoreUnsafe(ref a, (nuint)k);
        }

        if (tail > 0)
        {
            StoreFirst(eTail / sum, ref Unsafe.Add(ref a, whole), tail);
        }
    }

    /// <summary>A row of at most 8 units in one vector: lanes from <paramref name="units"/> on are masked to −∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneVector(ref float a, int units, Vector256<float> z)
    {
        if (units < Vector256<float>.Count)
        {
            z = Vector256.ConditionalSelect(Below256(units), z, Vector256.Create(float.NegativeInfinity));
        }

        var e = VectorMath.Exp(z - MaxAcross(z));
        StoreFirst(e / SumAcross(e), ref a, units);
    }

    /// <summary>A row longer than one vector: whole vectors, then the last one masked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows256(ref float z, ref float a, int units)
    {
        var negativeInfinity = Vector256.Create(float.NegativeInfinity);
        var whole = units / Vector256<float>.Count * Vector256<float>.Count;
        var tail = units - whole;
        var max = negativeInfinity;
        for (var k = 0; k < whole; k += Vector256<float>.Count)
        {
            max = VectorMath.MaxNative(max, Vector256.LoadUnsafe(ref z, (nuint)k));
        }

        var zTail = negativeInfinity;
        if (tail > 0)
        {
            zTail = Vector256.ConditionalSelect(Below256(tail), Vector256.LoadUnsafe(ref z, (nuint)whole), negativeInfinity);
            max = VectorMath.MaxNative(max, zTail);
        }

        max = MaxAcross(max);
        var sum = Vector256<float>.Zero;
        for (var k = 0; k < whole; k += Vector256<float>.Count)
        {
            var e = VectorMath.Exp(Vector256.LoadUnsafe(ref z, (nuint)k) - max);
            sum += e;
            e.StoreUnsafe(ref a, (nuint)k);
        }

        var eTail = VectorMath.Exp(zTail - max);
        sum = SumAcross(sum + eTail);
        for (var k = 0; k < whole; k += Vector256<float>.Count)
        {
            (Vector256.LoadUnsafe(ref a, (nuint)k) / sum).StoreUnsafe(ref a, (nuint)k);
        }

        if (tail > 0)
        {
            StoreFirst(eTail / sum, ref Unsafe.Add(ref a, whole), tail);
        }
    }

    /// <summary>A row of at most 16 units in one vector: lanes from <paramref name="units"/> on are masked to −∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneVector(ref float a, int units, Vector512<float> z)
    {
        if (units < Vector512<float>.Count)
        {
            z = Vector512.ConditionalSelect(Below512(units), z, Vector512.Create(float.NegativeInfinity));
        }

        var e = VectorMath.Exp(z - MaxAcross(z));
        StoreFirst(e / SumAcross(e), ref a, units);
    }

    /// <summary>A row longer than one vector: whole vectors, then the last one masked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows512(ref float z, ref float a, int units)
    {
        var negativeInfinity = Vector512.Create(float.NegativeInfinity);
        var whole = units / Vector512<float>.Count * Vector512<float>.Count;
        var tail = units - whole;
        var max = negativeInfinity;
        for (var k = 0; k < whole; k += Vector512<float>.Count)
        {
            max = VectorMath.MaxNative(max, Vector512.LoadUnsafe(ref z, (nuint)k));
        }

        var zTail = negativeInfinity;
        if (tail > 0)
        {
            zTail = Vector512.ConditionalSelect(Below512(tail), Vector512.LoadUnsafe(ref z, (nuint)whole), negativeInfinity);
            max = VectorMath.MaxNative(max, zTail);
        }

        max = MaxAcross(max);
        var sum = Vector512<float>.Zero;
        for (var k = 0; k < whole; k += Vector512<float>.Count)
        {
            var e = VectorMath.Exp(Vector512.LoadUnsafe(ref z, (nuint)k) - max);
            sum += e;
            e.StoreUnsafe(ref a, (nuint)k);
        }

        var eTail = VectorMath.Exp(zTail - max);
        sum = SumAcross(sum + eTail);
        for (var k = 0; k < whole; k += Vector512<float>.Count)
        {
            (Vector512.LoadUnsafe(ref a, (nuint)k) / sum).StoreUnsafe(ref a, (nuint)k);
        }

        if (tail > 0)
        {
            StoreFirst(eTail / sum, ref Unsafe.Add(ref a, whole), tail);
        }
    }

    /// <summary><see cref="CrossEntropy"/> in 128-bit vectors: whole vectors, then the last one masked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float CrossEntropy128(ref float z, ref float t, ref float d, float scale, int units)
    {
        var negativeInfinity = Vector128.Create(float.NegativeInfinity);
        var whole = units / Vector128<float>.Count * Vector128<float>.Count;
        var tail = units - whole;
        var max = negativeInfinity;
        for (var k = 0; k < whole; k += Vector128<float>.Count)
        {
            max = VectorMath.MaxNative(max, Vector128.LoadUnsafe(ref z, (nuint)k));
        }

        var inTail = Below128(tail);
        var zTail = tail > 0 ? Vector128.ConditionalSelect(inTail, Vector128.LoadUnsafe(ref z, (nuint)whole), negativeInfinity) : negativeInfinity;
        max = MaxAcross(VectorMath.MaxNative(max, zTail));

        // d holds e^(z − max) until the gradient replaces it
        var sum = Vector128<float>.Zero;
        var targetSum = Vector128<float>.Zero;
        for (var k = 0; k < whole; k += Vector128<float>.Count)
        {
            var e = VectorMath.Exp(Vector128.LoadUnsafe(ref z, (nuint)k) - max);
            sum += e;
            e.StoreUnsafe(ref d, (nuint)k);
            targetSum += Vector128.LoadUnsafe(ref t, (nuint)k);
        }

        var eTail = VectorMath.Exp(zTail - max);
        var tTail = LoadFirst128(ref Unsafe.Add(ref t, whole), tail);
        sum = SumAcross(sum + eTail);
        targetSum = SumAcross(targetSum + tTail);

        var logSumExp = Vector128.Create(max.ToScalar() + MathF.Log(sum.ToScalar()));
        var scales = Vector128.Create(scale);
        // softmax(z)·Σt = e^(z − max)·Σt/sum
        var softmaxScale = scales * targetSum / sum;
        var loss = Vector128<float>.Zero;
        for (var k = 0; k < whole; k += Vector128<float>.Count)
        {
            var target = Vector128.LoadUnsafe(ref t, (nuint)k);
            loss += target * (logSumExp - Vector128.LoadUnsafe(ref z, (nuint)k));
            ((softmaxScale * Vector128.LoadUnsafe(ref d, (nuint)k)) - (scales * target)).StoreUnsafe(ref d, (nuint)k);
        }

        if (tail > 0)
        {
            // masked lanes: no target, no loss (their z is −∞ here), a gradient of 0 for the padding
            loss += Vector128.ConditionalSelect(inTail, tTail * (logSumExp - zTail), Vector128<float>.Zero);
            ((softmaxScale * eTail) - (scales * tTail)).StoreUnsafe(ref d, (nuint)whole);
        }

        return SumAcross(loss).ToScalar();
    }

    /// <summary><see cref="CrossEntropy"/> in 256-bit vectors: whole vectors, then the last one masked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float CrossEntropy256(ref float z, ref float t, ref float d, float scale, int units)
    {
        var negativeInfinity = Vector256.Create(float.NegativeInfinity);
        var whole = units / Vector256<float>.Count * Vector256<float>.Count;
        var tail = units - whole;
        var max = negativeInfinity;
        for (var k = 0; k < whole; k += Vector256<float>.Count)
        {
            max = VectorMath.MaxNative(max, Vector256.LoadUnsafe(ref z, (nuint)k));
        }

        var inTail = Below256(tail);
        var zTail = tail > 0 ? Vector256.ConditionalSelect(inTail, Vector256.LoadUnsafe(ref z, (nuint)whole), negativeInfinity) : negativeInfinity;
        max = MaxAcross(VectorMath.MaxNative(max, zTail));

        // d holds e^(z − max) until the gradient replaces it
        var sum = Vector256<float>.Zero;
        var targetSum = Vector256<float>.Zero;
        for (var k = 0; k < whole; k += Vector256<float>.Count)
        {
            var e = VectorMath.Exp(Vector256.LoadUnsafe(ref z, (nuint)k) - max);
            sum += e;
            e.StoreUnsafe(ref d, (nuint)k);
            targetSum += Vector256.LoadUnsafe(ref t, (nuint)k);
        }

        var eTail = VectorMath.Exp(zTail - max);
        var tTail = LoadFirst256(ref Unsafe.Add(ref t, whole), tail);
        sum = SumAcross(sum + eTail);
        targetSum = SumAcross(targetSum + tTail);

        var logSumExp = Vector256.Create(max.ToScalar() + MathF.Log(sum.ToScalar()));
        var scales = Vector256.Create(scale);
        // softmax(z)·Σt = e^(z − max)·Σt/sum
        var softmaxScale = scales * targetSum / sum;
        var loss = Vector256<float>.Zero;
        for (var k = 0; k < whole; k += Vector256<float>.Count)
        {
            var target = Vector256.LoadUnsafe(ref t, (nuint)k);
            loss += target * (logSumExp - Vector256.LoadUnsafe(ref z, (nuint)k));
            ((softmaxScale * Vector256.LoadUnsafe(ref d, (nuint)k)) - (scales * target)).StoreUnsafe(ref d, (nuint)k);
        }

        if (tail > 0)
        {
            // masked lanes: no target, no loss (their z is −∞ here), a gradient of 0 for the padding
            loss += Vector256.ConditionalSelect(inTail, tTail * (logSumExp - zTail), Vector256<float>.Zero);
            ((softmaxScale * eTail) - (scales * tTail)).StoreUnsafe(ref d, (nuint)whole);
        }

        return SumAcross(loss).ToScalar();
    }

    /// <summary><see cref="CrossEntropy"/> in 512-bit vectors: whole vectors, then the last one masked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float CrossEntropy512(ref float z, ref float t, ref float d, float scale, int units)
    {
        var negativeInfinity = Vector512.Create(float.NegativeInfinity);
        var whole = units / Vector512<float>.Count * Vector512<float>.Count;
        var tail = units - whole;
        var max = negativeInfinity;
        for (var k = 0; k < whole; k += Vector512<float>.Count)
        {
            max = VectorMath.MaxNative(max, Vector512.LoadUnsafe(ref z, (nuint)k));
        }

        var inTail = Below512(tail);
        var zTail = tail > 0 ? Vector512.ConditionalSelect(inTail, Vector512.LoadUnsafe(ref z, (nuint)whole), negativeInfinity) : negativeInfinity;
        max = MaxAcross(VectorMath.MaxNative(max, zTail));

        // d holds e^(z − max) until the gradient replaces it
        var sum = Vector512<float>.Zero;
        var targetSum = Vector512<float>.Zero;
        for (var k = 0; k < whole; k += Vector512<float>.Count)
        {
            var e = VectorMath.Exp(Vector512.LoadUnsafe(ref z, (nuint)k) - max);
            sum += e;
            e.StoreUnsafe(ref d, (nuint)k);
            targetSum += Vector512.LoadUnsafe(ref t, (nuint)k);
        }

        var eTail = VectorMath.Exp(zTail - max);
        var tTail = LoadFirst512(ref Unsafe.Add(ref t, whole), tail);
        sum = SumAcross(sum + eTail);
        targetSum = SumAcross(targetSum + tTail);

        var logSumExp = Vector512.Create(max.ToScalar() + MathF.Log(sum.ToScalar()));
        var scales = Vector512.Create(scale);
        // softmax(z)·Σt = e^(z − max)·Σt/sum
        var softmaxScale = scales * targetSum / sum;
        var loss = Vector512<float>.Zero;
        for (var k = 0; k < whole; k += Vector512<float>.Count)
        {
            var target = Vector512.LoadUnsafe(ref t, (nuint)k);
            loss += target * (logSumExp - Vector512.LoadUnsafe(ref z, (nuint)k));
            ((softmaxScale * Vector512.LoadUnsafe(ref d, (nuint)k)) - (scales * target)).StoreUnsafe(ref d, (nuint)k);
        }

        if (tail > 0)
        {
            // masked lanes: no target, no loss (their z is −∞ here), a gradient of 0 for the padding
            loss += Vector512.ConditionalSelect(inTail, tTail * (logSumExp - zTail), Vector512<float>.Zero);
            ((softmaxScale * eTail) - (scales * tTail)).StoreUnsafe(ref d, (nuint)whole);
        }

        return SumAcross(loss).ToScalar();
    }
    // The first count values of a row into the low lanes, the rest 0, reading nothing past them (a targets row is not
    // padded): at most four loads once count is a constant.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> LoadFirst512(ref float t, int count)
    {
        if (count == Vector512<float>.Count)
        {
            return Vector512.LoadUnsafe(ref t);
        }

        return count >= Vector256<float>.Count
            ? Vector512.Create(Vector256.LoadUnsafe(ref t), LoadFirst256(ref Unsafe.Add(ref t, Vector256<float>.Count), count - Vector256<float>.Count))
            : Vector512.Create(LoadFirst256(ref t, count), Vector256<float>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> LoadFirst256(ref float t, int count)
    {
        if (count == Vector256<float>.Count)
        {
            return Vector256.LoadUnsafe(ref t);
        }

        return count >= Vector128<float>.Count
            ? Vector256.Create(Vector128.LoadUnsafe(ref t), LoadFirst128(ref Unsafe.Add(ref t, Vector128<float>.Count), count - Vector128<float>.Count))
            : Vector256.Create(LoadFirst128(ref t, count), Vector128<float>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> LoadFirst128(ref float t, int count) => count switch
    {
        4 => Vector128.LoadUnsafe(ref t),
        3 => Vector128.CreateScalar(Unsafe.ReadUnaligned<double>(ref Unsafe.As<float, byte>(ref t))).AsSingle().WithElement(2, Unsafe.Add(ref t, 2)),
        2 => Vector128.CreateScalar(Unsafe.ReadUnaligned<double>(ref Unsafe.As<float, byte>(ref t))).AsSingle(),
        1 => Vector128.CreateScalar(t),
        _ => Vector128<float>.Zero,
    };

    /// <summary>Lanes whose index is below <paramref name="count"/>, as a float mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Below128(int count) =>
        Vector128.LessThan(Vector128.Create(0, 1, 2, 3), Vector128.Create(count)).AsSingle();

    /// <inheritdoc cref="Below128(int)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Below256(int count) =>
        Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(count)).AsSingle();

    /// <inheritdoc cref="Below128(int)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Below512(int count) =>
        Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(count)).AsSingle();

    // Across lanes in a fixed tree (halves, then quarters, ...), the result in every lane.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MaxAcross(Vector128<float> v)
    {
        v = VectorMath.MaxNative(v, Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1)));
        return VectorMath.MaxNative(v, Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MaxAcross(Vector256<float> v)
    {
        v = VectorMath.MaxNative(v, Vector256.Shuffle(v, Vector256.Create(4, 5, 6, 7, 0, 1, 2, 3)));
        v = VectorMath.MaxNative(v, Vector256.Shuffle(v, Vector256.Create(2, 3, 0, 1, 6, 7, 4, 5)));
        return VectorMath.MaxNative(v, Vector256.Shuffle(v, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MaxAcross(Vector512<float> v)
    {
        v = VectorMath.MaxNative(v, Vector512.Shuffle(v, Vector512.Create(8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7)));
        v = VectorMath.MaxNative(v, Vector512.Shuffle(v, Vector512.Create(4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11)));
        v = VectorMath.MaxNative(v, Vector512.Shuffle(v, Vector512.Create(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)));
        return VectorMath.MaxNative(v, Vector512.Shuffle(v, Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> SumAcross(Vector128<float> v)
    {
        v += Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1));
        return v + Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> SumAcross(Vector256<float> v)
    {
        v += Vector256.Shuffle(v, Vector256.Create(4, 5, 6, 7, 0, 1, 2, 3));
        v += Vector256.Shuffle(v, Vector256.Create(2, 3, 0, 1, 6, 7, 4, 5));
        return v + Vector256.Shuffle(v, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> SumAcross(Vector512<float> v)
    {
        v += Vector512.Shuffle(v, Vector512.Create(8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
        v += Vector512.Shuffle(v, Vector512.Create(4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11));
        v += Vector512.Shuffle(v, Vector512.Create(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
        return v + Vector512.Shuffle(v, Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14));
    }

    // The first count lanes to a[0..count), in at most four stores once count is a constant (8, 4, 2 and 1 lanes).

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFirst(Vector512<float> v, ref float a, int count)
    {
        if (count == Vector512<float>.Count)
        {
            v.StoreUnsafe(ref a);
        }
        else if (count >= Vector256<float>.Count)
        {
            v.GetLower().StoreUnsafe(ref a);
            StoreFirst(v.GetUpper(), ref Unsafe.Add(ref a, Vector256<float>.Count), count - Vector256<float>.Count);
        }
        else
        {
            StoreFirst(v.GetLower(), ref a, count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFirst(Vector256<float> v, ref float a, int count)
    {
        if (count == Vector256<float>.Count)
        {
            v.StoreUnsafe(ref a);
        }
        else if (count >= Vector128<float>.Count)
        {
            v.GetLower().StoreUnsafe(ref a);
            StoreFirst(v.GetUpper(), ref Unsafe.Add(ref a, Vector128<float>.Count), count - Vector128<float>.Count);
        }
        else
        {
            StoreFirst(v.GetLower(), ref a, count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFirst(Vector128<float> v, ref float a, int count)
    {
        if (count == Vector128<float>.Count)
        {
            v.StoreUnsafe(ref a);
            return;
        }

        if (count >= 2)
        {
            Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref a), v.AsDouble().ToScalar());
            if (count == 3)
            {
                Unsafe.Add(ref a, 2) = v.GetElement(2);
            }
        }
        else if (count == 1)
        {
            a = v.ToScalar();
        }
    }
}
