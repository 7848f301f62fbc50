using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using NetGen.Kernels;

namespace NetGen.Benchmarks;

/// <summary>
/// The core's FP32 FMA peak, the ceiling the GFLOP/s of docs/performance.md are a share of: independent
/// register-resident FMA chains, enough of them (12) to cover the FMA latency on both of the core's pipes.
/// <see cref="Vector128Fma"/> is the ceiling of the generated kernels' <c>Vector128</c> bodies: it calls the same
/// <c>Simd.MultiplyAdd</c> they do, so where AVX2 is off (<c>DOTNET_EnableAVX2=0</c>, NativeAOT's default x64 target)
/// it is a multiply and an add per step, as in the kernels, and an FMA wherever the hardware has one.
/// </summary>
[MemoryDiagnoser]
public class FmaPeakBenchmarks
{
    /// <summary>Loop trips per invocation; each trip issues <see cref="Chains"/> FMAs.</summary>
    public const int Iterations = 1 << 20;

    public const int Chains = 12;

    /// <summary>FLOPs of one invocation of the benchmark <paramref name="method"/> (2 per lane per FMA).</summary>
    public static double Flops(string method) =>
        2.0 * Iterations * Chains * (method == nameof(Vector512Fma) ? 16 : method == nameof(Vector128Fma) ? 4 : 8);

    [Benchmark]
    public float Vector256Fma()
    {
        var m = Vector256.Create(0.9999f);
        var c = Vector256.Create(1e-4f);
        Vector256<float> a0 = c, a1 = c, a2 = c, a3 = c, a4 = c, a5 = c, a6 = c, a7 = c, a8 = c, a9 = c, a10 = c, a11 = c;
        for (var i = 0; i < Iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c);
            a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c);
            a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c);
            a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c);
            a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c);
            a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c);
            a11 = Vector256.FusedMultiplyAdd(a11, m, c);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [Benchmark]
    public float Vector512Fma()
    {
        var m = Vector512.Create(0.9999f);
        var c = Vector512.Create(1e-4f);
        Vector512<float> a0 = c, a1 = c, a2 = c, a3 = c, a4 = c, a5 = c, a6 = c, a7 = c, a8 = c, a9 = c, a10 = c, a11 = c;
        for (var i = 0; i < Iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c);
            a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c);
            a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c);
            a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c);
            a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [Benchmark]
    public float Vector128Fma()
    {
        var m = Vector128.Create(0.9999f);
        var c = Vector128.Create(1e-4f);
        Vector128<float> a0 = c, a1 = c, a2 = c, a3 = c, a4 = c, a5 = c, a6 = c, a7 = c, a8 = c, a9 = c, a10 = c, a11 = c;
        for (var i = 0; i < Iterations; i++)
        {
            a0 = Simd.MultiplyAdd(a0, m, c);
            a1 = Simd.MultiplyAdd(a1, m, c);
            a2 = Simd.MultiplyAdd(a2, m, c);
            a3 = Simd.MultiplyAdd(a3, m, c);
            a4 = Simd.MultiplyAdd(a4, m, c);
            a5 = Simd.MultiplyAdd(a5, m, c);
            a6 = Simd.MultiplyAdd(a6, m, c);
            a7 = Simd.MultiplyAdd(a7, m, c);
            a8 = Simd.MultiplyAdd(a8, m, c);
            a9 = Simd.MultiplyAdd(a9, m, c);
            a10 = Simd.MultiplyAdd(a10, m, c);
            a11 = Simd.MultiplyAdd(a11, m, c);
        }

        return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
