using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Kernels;

/// <summary>
/// e^x, σ(x) and tanh(x) per lane of float vectors: the transcendental parts of the generated code's float activations
/// and softmax, where <c>MathF</c> would be one call per value. The same bits in every width wherever the multiply-adds
/// are fused (without FMA hardware, Vector128's round twice: <see cref="Simd"/>).
/// </summary>
/// <remarks>
/// .NET's own vector functions (<c>Vector128.Exp</c>, .NET 9 and later) are not used: measured here, its float e^x is
/// up to 1.8 ulp off and gives e⁰ = 1.0000001. These are Cephes' <c>expf</c> and <c>tanhf</c> in vector form.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)] // public for the generated code in users' assemblies, which alone should call it
public static class VectorMath
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f; // ln 2 in two parts, so n·ln 2 is exact for the first (Cody and Waite)
    private const float Ln2Low = -2.12194440e-4f;
    private const float RoundingShift = 12582912f; // 1.5·2^23: adding it rounds to an integer held in the low mantissa bits
    private const float Lowest = -87.33654f; // ln 2^−126: below it e^x is subnormal, flushed to 0
    private const float Highest = 89f; // e^89 is above float.MaxValue: ∞

    private const float TanhSmall = 0.625f; // below it tanh is a polynomial (no cancellation in 1 − 2/(e^2x + 1))

    /// <summary>
    /// <c>e^x</c> per lane, within 1.01 ulp; <c>e^0 = 1</c>, <c>e^−∞ = 0</c>, <c>e^∞ = ∞</c>, NaN stays NaN. Results below
    /// the smallest normal float (x &lt; −87.3365) are 0, not subnormal.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        var clamped = MinNative(MaxNative(x, Vector512.Create(Lowest)), Vector512.Create(Highest));
        var shift = Vector512.Create(RoundingShift);
        // x = n·ln 2 + r with n = round(x·log2 e) and |r| ≤ ln 2 / 2; e^x = 2^n·e^r.
        var shifted = Simd.MultiplyAdd(clamped, Vector512.Create(Log2E), shift);
        var n = shifted - shift;
        var r = Simd.MultiplyAdd(n, Vector512.Create(-Ln2High), clamped);
        r = Simd.MultiplyAdd(n, Vector512.Create(-Ln2Low), r);
        // e^r = 1 + r + r²·P(r), Cephes' coefficients
        var p = Simd.MultiplyAdd(Vector512.Create(1.9875691500e-4f), r, Vector512.Create(1.3981999507e-3f));
        p = Simd.MultiplyAdd(p, r, Vector512.Create(8.3334519073e-3f));
        p = Simd.MultiplyAdd(p, r, Vector512.Create(4.1665795894e-2f));
        p = Simd.MultiplyAdd(p, r, Vector512.Create(1.6666665459e-1f));
        p = Simd.MultiplyAdd(p, r, Vector512.Create(5.0000001201e-1f));
        var er = Simd.MultiplyAdd(p, r * r, r) + Vector512<float>.One;
        // 2^n as two factors 2^(n/2)·2^(n − n/2), each a normal float for n in [−126, 128], so that e^x just below
        // float.MaxValue is not lost to an infinite 2^128. Below ln 2^−126 the result is 0: computing a subnormal would cost
        // a microcode assist per lane on x64, paid on every masked lane of a softmax.
        var power = shifted.AsInt32() - shift.AsInt32();
        var half = Vector512.ShiftRightArithmetic(power, 1);
        var bias = Vector512.Create(127);
        var result = er * Vector512.ShiftLeft(half + bias, 23).AsSingle() * Vector512.ShiftLeft(power - half + bias, 23).AsSingle();
        result = Vector512.AndNot(result, Vector512.LessThan(x, Vector512.Create(Lowest)));
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);
    }

    /// <inheritdoc cref="Exp(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        var clamped = MinNative(MaxNative(x, Vector256.Create(Lowest)), Vector256.Create(Highest));
        var shift = Vector256.Create(RoundingShift);
        var shifted = Simd.MultiplyAdd(clamped, Vector256.Create(Log2E), shift);
        var n = shifted - shift;
        var r = Simd.MultiplyAdd(n, Vector256.Create(-Ln2High), clamped);
        r = Simd.MultiplyAdd(n, Vector256.Create(-Ln2Low), r);
        var p = Simd.MultiplyAdd(Vector256.Create(1.9875691500e-4f), r, Vector256.Create(1.3981999507e-3f));
        p = Simd.MultiplyAdd(p, r, Vector256.Create(8.3334519073e-3f));
        p = Simd.MultiplyAdd(p, r, Vector256.Create(4.1665795894e-2f));
        p = Simd.MultiplyAdd(p, r, Vector256.Create(1.6666665459e-1f));
        p = Simd.MultiplyAdd(p, r, Vector256.Create(5.0000001201e-1f));
        var er = Simd.MultiplyAdd(p, r * r, r) + Vector256<float>.One;
        var power = shifted.AsInt32() - shift.AsInt32();
        var half = Vector256.ShiftRightArithmetic(power, 1);
        var bias = Vector256.Create(127);
        var result = er * Vector256.ShiftLeft(half + bias, 23).AsSingle() * Vector256.ShiftLeft(power - half + bias, 23).AsSingle();
        result = Vector256.AndNot(result, Vector256.LessThan(x, Vector256.Create(Lowest)));
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    /// <inheritdoc cref="Exp(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x)
    {
        var clamped = MinNative(MaxNative(x, Vector128.Create(Lowest)), Vector128.Create(Highest));
        var shift = Vector128.Create(RoundingShift);
        var shifted = Simd.MultiplyAdd(clamped, Vector128.Create(Log2E), shift);
        var n = shifted - shift;
        var r = Simd.MultiplyAdd(n, Vector128.Create(-Ln2High), clamped);
        r = Simd.MultiplyAdd(n, Vector128.Create(-Ln2Low), r);
        var p = Simd.MultiplyAdd(Vector128.Create(1.9875691500e-4f), r, Vector128.Create(1.3981999507e-3f));
        p = Simd.MultiplyAdd(p, r, Vector128.Create(8.3334519073e-3f));
        p = Simd.MultiplyAdd(p, r, Vector128.Create(4.1665795894e-2f));
        p = Simd.MultiplyAdd(p, r, Vector128.Create(1.6666665459e-1f));
        p = Simd.MultiplyAdd(p, r, Vector128.Create(5.0000001201e-1f));
        var er = Simd.MultiplyAdd(p, r * r, r) + Vector128<float>.One;
        var power = shifted.AsInt32() - shift.AsInt32();
        var half = Vector128.ShiftRightArithmetic(power, 1);
        var bias = Vector128.Create(127);
        var result = er * Vector128.ShiftLeft(half + bias, 23).AsSingle() * Vector128.ShiftLeft(power - half + bias, 23).AsSingle();
        result = Vector128.AndNot(result, Vector128.LessThan(x, Vector128.Create(Lowest)));
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), result, x);
    }



    /// <summary>σ(x) = 1/(1 + e^−x) per lane, within 2 ulp; 0 and 1 at the ends, NaN stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    /// <summary>
    /// tanh(x) per lane, within 2 ulp: x + x³·P(x²) for |x| &lt; 0.625, else ±(1 − 2/(e^2|x| + 1)); ±1 at the ends,
    /// NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        var magnitude = Vector512.Abs(x);
        var large = Vector512<float>.One - (Vector512.Create(2f) / (Exp(magnitude + magnitude) + Vector512<float>.One));
        large = (large.AsUInt32() | (x.AsUInt32() & Vector512.Create(0x80000000u))).AsSingle();
        var square = x * x;
        var p = Simd.MultiplyAdd(Vector512.Create(-5.70498872745e-3f), square, Vector512.Create(2.06390887954e-2f));
        p = Simd.MultiplyAdd(p, square, Vector512.Create(-5.37397155531e-2f));
        p = Simd.MultiplyAdd(p, square, Vector512.Create(1.33314422036e-1f));
        p = Simd.MultiplyAdd(p, square, Vector512.Create(-3.33332819422e-1f));
        var small = Simd.MultiplyAdd(p * square, x, x);
        return Vector512.ConditionalSelect(Vector512.LessThan(magnitude, Vector512.Create(TanhSmall)), small, large);
    }

    /// <summary>σ(x) = 1/(1 + e^−x) per lane, within 2 ulp; 0 and 1 at the ends, NaN stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    /// <summary>
    /// tanh(x) per lane, within 2 ulp: x + x³·P(x²) for |x| &lt; 0.625, else ±(1 − 2/(e^2|x| + 1)); ±1 at the ends,
    /// NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var magnitude = Vector256.Abs(x);
        var large = Vector256<float>.One - (Vector256.Create(2f) / (Exp(magnitude + magnitude) + Vector256<float>.One));
        large = (large.AsUInt32() | (x.AsUInt32() & Vector256.Create(0x80000000u))).AsSingle();
        var square = x * x;
        var p = Simd.MultiplyAdd(Vector256.Create(-5.70498872745e-3f), square, Vector256.Create(2.06390887954e-2f));
        p = Simd.MultiplyAdd(p, square, Vector256.Create(-5.37397155531e-2f));
        p = Simd.MultiplyAdd(p, square, Vector256.Create(1.33314422036e-1f));
        p = Simd.MultiplyAdd(p, square, Vector256.Create(-3.33332819422e-1f));
        var small = Simd.MultiplyAdd(p * square, x, x);
        return Vector256.ConditionalSelect(Vector256.LessThan(magnitude, Vector256.Create(TanhSmall)), small, large);
    }

    /// <summary>σ(x) = 1/(1 + e^−x) per lane, within 2 ulp; 0 and 1 at the ends, NaN stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x) => Vector128<float>.One / (Vector128<float>.One + Exp(-x));

    /// <summary>
    /// tanh(x) per lane, within 2 ulp: x + x³·P(x²) for |x| &lt; 0.625, else ±(1 − 2/(e^2|x| + 1)); ±1 at the ends,
    /// NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        var magnitude = Vector128.Abs(x);
        var large = Vector128<float>.One - (Vector128.Create(2f) / (Exp(magnitude + magnitude) + Vector128<float>.One));
        large = (large.AsUInt32() | (x.AsUInt32() & Vector128.Create(0x80000000u))).AsSingle();
        var square = x * x;
        var p = Simd.MultiplyAdd(Vector128.Create(-5.70498872745e-3f), square, Vector128.Create(2.06390887954e-2f));
        p = Simd.MultiplyAdd(p, square, Vector128.Create(-5.37397155531e-2f));
        p = Simd.MultiplyAdd(p, square, Vector128.Create(1.33314422036e-1f));
        p = Simd.MultiplyAdd(p, square, Vector128.Create(-3.33332819422e-1f));
        var small = Simd.MultiplyAdd(p * square, x, x);
        return Vector128.ConditionalSelect(Vector128.LessThan(magnitude, Vector128.Create(TanhSmall)), small, large);
    }

    // The hardware's minimum and maximum: .NET 9 made Vector*.Min/Max IEEE 754 (NaN and ±0 handled, three instructions on
    // x64); NaN lanes are handled by Exp itself, so the one-instruction forms do here.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> MaxNative(Vector128<float> a, Vector128<float> b)
    {
#if NET9_0_OR_GREATER
        return Vector128.MaxNative(a, b);
#else
        return Vector128.Max(a, b);
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> MaxNative(Vector256<float> a, Vector256<float> b)
    {
#if NET9_0_OR_GREATER
        return Vector256.MaxNative(a, b);
#else
        return Vector256.Max(a, b);
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> MaxNative(Vector512<float> a, Vector512<float> b)
    {
#if NET9_0_OR_GREATER
        return Vector512.MaxNative(a, b);
#else
        return Vector512.Max(a, b);
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> MinNative(Vector128<float> a, Vector128<float> b)
    {
#if NET9_0_OR_GREATER
        return Vector128.MinNative(a, b);
#else
        return Vector128.Min(a, b);
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> MinNative(Vector256<float> a, Vector256<float> b)
    {
#if NET9_0_OR_GREATER
        return Vector256.MinNative(a, b);
#else
        return Vector256.Min(a, b);
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> MinNative(Vector512<float> a, Vector512<float> b)
    {
#if NET9_0_OR_GREATER
        return Vector512.MinNative(a, b);
#else
        return Vector512.Min(a, b);
#endif
    }
}
