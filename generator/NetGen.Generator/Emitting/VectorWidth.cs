using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>
/// A vector width the matrix kernels are written for. Each kernel has a <c>Vector512</c> body and a <c>Vector256</c> body
/// over the same layout (rows padded to 64 bytes); <c>IsHardwareAccelerated</c> is a constant when the JIT compiles the
/// method, so only the body the machine runs is compiled.
/// </summary>
/// <param name="Type">The vector type's name: <c>Vector512</c> or <c>Vector256</c>.</param>
/// <param name="Lanes">Elements per vector.</param>
/// <param name="TileBlocks">Output vectors per pass of a TileRows-sample micro-kernel.</param>
/// <param name="MaxAccumulators">Output vectors a single-sample kernel keeps in registers at once.</param>
internal sealed record VectorWidth(string Type, int Lanes, int TileBlocks, int MaxAccumulators)
{
    /// <summary>
    /// AVX-512's 32 registers: 4 samples × 4 output vectors = 16 accumulators, 4 weight loads and a broadcast, each
    /// weight load reused 4 times and each broadcast 4 times.
    /// </summary>
    public static VectorWidth Of512(Precision precision) =>
        new("Vector512", precision == Precision.Single ? 16 : 8, TileBlocks: 4, MaxAccumulators: 8);

    /// <summary>AVX2's 16 registers: 4 samples × 3 output vectors = 12 accumulators, 3 weight loads and a broadcast.</summary>
    public static VectorWidth Of256(Precision precision) =>
        new("Vector256", precision == Precision.Single ? 8 : 4, TileBlocks: 3, MaxAccumulators: 8);
}
