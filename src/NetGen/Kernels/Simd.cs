using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Kernels;

/// <summary>Vector primitives the generated code calls; each inlines to one instruction (or a short fixed sequence) where the hardware has it.</summary>
[EditorBrowsable(EditorBrowsableState.Never)] // public for the generated code in users' assemblies, which alone should call it
public static class Simd
{
    /// <summary>Effectively computes <c>a·b + c</c> per lane, fused (one rounding) where the hardware has FMA.</summary>
    /// <remarks>RyuJIT does not contract <c>a * b + c</c> into an FMA by itself, so the generated kernels ask for it here.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c)
    {
#if NET9_0_OR_GREATER
        return Vector256.FusedMultiplyAdd(a, b, c);
#else
        return Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : (a * b) + c;
#endif
    }

    /// <inheritdoc cref="MultiplyAdd(Vector256{float}, Vector256{float}, Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c)
    {
#if NET9_0_OR_GREATER
        return Vector256.FusedMultiplyAdd(a, b, c);
#else
        return Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : (a * b) + c;
#endif
    }

    /// <inheritdoc cref="MultiplyAdd(Vector256{float}, Vector256{float}, Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c)
    {
#if NET9_0_OR_GREATER
        return Vector512.FusedMultiplyAdd(a, b, c);
#else
        return Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : (a * b) + c;
#endif
    }

    /// <inheritdoc cref="MultiplyAdd(Vector256{float}, Vector256{float}, Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c)
    {
#if NET9_0_OR_GREATER
        return Vector512.FusedMultiplyAdd(a, b, c);
#else
        return Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : (a * b) + c;
#endif
    }

    /// <inheritdoc cref="MultiplyAdd(Vector256{float}, Vector256{float}, Vector256{float})"/>
    /// <remarks>
    /// The <c>Vector128</c> body runs where AVX2 is off (NativeAOT's default x64 target, which has no FMA either) and on
    /// ARM64. <c>Vector128.FusedMultiplyAdd</c> is not used even where it exists (.NET 9 and later): without FMA hardware
    /// it computes each lane in software. Here it is FMA3 or NEON's <c>fmla</c> where present, else a multiply and an add
    /// (two roundings).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c)
    {
        if (Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a, b, c);
        }

        if (AdvSimd.IsSupported)
        {
            return AdvSimd.FusedMultiplyAdd(c, a, b);
        }

        return (a * b) + c;
    }

    /// <inheritdoc cref="MultiplyAdd(Vector128{float}, Vector128{float}, Vector128{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MultiplyAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c)
    {
        if (Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a, b, c);
        }

        if (AdvSimd.Arm64.IsSupported)
        {
            return AdvSimd.Arm64.FusedMultiplyAdd(c, a, b);
        }

        return (a * b) + c;
    }

    /// <summary>
    /// Effectively computes <c>[Σ a, Σ b, Σ c, Σ d]</c>, the lane sums of four 128-bit vectors: two rounds of pairwise
    /// adds (SSE3's <c>haddps</c>, NEON's <c>faddp</c>), three instructions for the four sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d)
    {
        if (Sse3.IsSupported)
        {
            // [a01 a23 b01 b23] and [c01 c23 d01 d23], then [a0123 b0123 c0123 d0123].
            return Sse3.HorizontalAdd(Sse3.HorizontalAdd(a, b), Sse3.HorizontalAdd(c, d));
        }

        if (AdvSimd.Arm64.IsSupported)
        {
            return AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(a, b), AdvSimd.Arm64.AddPairwise(c, d));
        }

        return Vector128.Create(Vector128.Sum(a), Vector128.Sum(b), Vector128.Sum(c), Vector128.Sum(d));
    }

    /// <summary>
    /// <c>[Σ a, Σ b, Σ c, Σ d]</c> of four 128-bit vectors of doubles: one pairwise add per two of them, the two halves
    /// of the result (four doubles need 256 bits, also where <c>Vector256</c> is not accelerated).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sum4(Vector128<double> a, Vector128<double> b, Vector128<double> c, Vector128<double> d)
    {
        if (Sse3.IsSupported)
        {
            return Vector256.Create(Sse3.HorizontalAdd(a, b), Sse3.HorizontalAdd(c, d));
        }

        if (AdvSimd.Arm64.IsSupported)
        {
            return Vector256.Create(AdvSimd.Arm64.AddPairwise(a, b), AdvSimd.Arm64.AddPairwise(c, d));
        }

        return Vector256.Create(Vector128.Sum(a), Vector128.Sum(b), Vector128.Sum(c), Vector128.Sum(d));
    }

    /// <summary>
    /// Effectively computes <c>[Σ a, Σ b, Σ c, Σ d]</c>, the lane sums of four vectors: with AVX a transposing reduction of
    /// three horizontal adds and one add, a quarter of the work of four separate <see cref="Vector256.Sum{T}(Vector256{T})"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d)
    {
        if (Avx.IsSupported)
        {
            // Per 128-bit half: [a01 a23 b01 b23] and [c01 c23 d01 d23], then [a0123 b0123 c0123 d0123]; the halves add up.
            var sums = Avx.HorizontalAdd(Avx.HorizontalAdd(a, b), Avx.HorizontalAdd(c, d));
            return sums.GetLower() + sums.GetUpper();
        }

        return Vector128.Create(Vector256.Sum(a), Vector256.Sum(b), Vector256.Sum(c), Vector256.Sum(d));
    }

    /// <inheritdoc cref="Sum4(Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sum4(Vector256<double> a, Vector256<double> b, Vector256<double> c, Vector256<double> d)
    {
        if (Avx.IsSupported)
        {
            // [a01 b01 | a23 b23] and [c01 d01 | c23 d23]; the low halves together plus the high halves together.
            var ab = Avx.HorizontalAdd(a, b);
            var cd = Avx.HorizontalAdd(c, d);
            return Avx.Permute2x128(ab, cd, 0x20) + Avx.Permute2x128(ab, cd, 0x31);
        }

        return Vector256.Create(Vector256.Sum(a), Vector256.Sum(b), Vector256.Sum(c), Vector256.Sum(d));
    }

    /// <summary>
    /// <c>[Σ a, Σ b, Σ c, Σ d]</c> of four 512-bit vectors: each folded to 256 bits (its halves added), then reduced as
    /// <see cref="Sum4(Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float})"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d) =>
        Sum4(a.GetLower() + a.GetUpper(), b.GetLower() + b.GetUpper(), c.GetLower() + c.GetUpper(), d.GetLower() + d.GetUpper());

    /// <inheritdoc cref="Sum4(Vector512{float}, Vector512{float}, Vector512{float}, Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sum4(Vector512<double> a, Vector512<double> b, Vector512<double> c, Vector512<double> d) =>
        Sum4(a.GetLower() + a.GetUpper(), b.GetLower() + b.GetUpper(), c.GetLower() + c.GetUpper(), d.GetLower() + d.GetUpper());

    /// <summary>
    /// <paramref name="x"/> with every lane whose magnitude is below the smallest normal value (the subnormals, and −0)
    /// set to +0; normal values, infinities and NaNs pass unchanged.
    /// </summary>
    /// <remarks>
    /// The optimizers' decaying state (a moment or momentum times β &lt; 1 each step) of a parameter whose gradient stays
    /// zero sinks into the subnormal range and stays there: β times a few of the smallest subnormal rounds back to itself.
    /// Every later update then multiplies and divides subnormals, which x64 cores run in microcode (with a third of
    /// Adam's first moments subnormal, its update ran twice as long). Flushed, such a state is 0 from then on; what it
    /// would still have moved its parameter by (below 1e-28 of the learning rate with Adam's default ε) is far below any
    /// weight's rounding.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FlushSubnormal(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(x), Vector512.Create(SmallestNormalSingle)), Vector512<float>.Zero, x);

    /// <inheritdoc cref="FlushSubnormal(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> FlushSubnormal(Vector512<double> x) =>
        Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(x), Vector512.Create(SmallestNormalDouble)), Vector512<double>.Zero, x);

    /// <inheritdoc cref="FlushSubnormal(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FlushSubnormal(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(x), Vector256.Create(SmallestNormalSingle)), Vector256<float>.Zero, x);

    /// <inheritdoc cref="FlushSubnormal(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> FlushSubnormal(Vector256<double> x) =>
        Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(x), Vector256.Create(SmallestNormalDouble)), Vector256<double>.Zero, x);

    /// <inheritdoc cref="FlushSubnormal(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> FlushSubnormal(Vector128<float> x) =>
        Vector128.ConditionalSelect(Vector128.LessThan(Vector128.Abs(x), Vector128.Create(SmallestNormalSingle)), Vector128<float>.Zero, x);

    /// <inheritdoc cref="FlushSubnormal(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> FlushSubnormal(Vector128<double> x) =>
        Vector128.ConditionalSelect(Vector128.LessThan(Vector128.Abs(x), Vector128.Create(SmallestNormalDouble)), Vector128<double>.Zero, x);

    /// <inheritdoc cref="FlushSubnormal(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float FlushSubnormal(float x) => MathF.Abs(x) < SmallestNormalSingle ? 0f : x;

    /// <inheritdoc cref="FlushSubnormal(Vector512{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double FlushSubnormal(double x) => Math.Abs(x) < SmallestNormalDouble ? 0d : x;

    private const float SmallestNormalSingle = 1.17549435E-38f; // 2^-126

    private const double SmallestNormalDouble = 2.2250738585072014E-308; // 2^-1022
}
