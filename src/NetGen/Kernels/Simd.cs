using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
#if !NET9_0_OR_GREATER
using System.Runtime.Intrinsics.X86;
#endif

namespace NetGen.Kernels;

/// <summary>Vector primitives the generated code calls; each inlines to one instruction where the hardware has it.</summary>
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
}
