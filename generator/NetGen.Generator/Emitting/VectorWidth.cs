using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>
/// A vector width the kernels are written for, passed to each kernel's emitter: every kernel has one body per width
/// (<c>Vector512</c>, <c>Vector256</c>, <c>Vector128</c>) over the same layout (rows padded to 64 bytes), written by the
/// same code with this as an argument. <c>IsHardwareAccelerated</c> is a constant when the JIT (or NativeAOT) compiles the
/// method, so only the body the machine runs is compiled.
/// </summary>
/// <param name="Type">The vector type, qualified from <c>global::</c>: <c>Vector512</c>, <c>Vector256</c> or <c>Vector128</c>.</param>
/// <param name="Lanes">Elements per vector.</param>
/// <param name="TileBlocks">Output vectors per pass of a QuadRows-sample micro-kernel (and input rows × this of <c>WeightGradients</c>).</param>
/// <param name="MaxAccumulators">Output vectors a single-sample kernel keeps in registers at once.</param>
/// <param name="SplitVectors">
/// How many accumulator vectors the interleaved partial sums of a narrow layer may add up to (output vectors × partial
/// sums): a layer with few output vectors gets the largest of 4, 2 or 1 partial sums per vector that stays within it.
/// </param>
/// <param name="PairBlocks">
/// Output vectors of the 2-sample passes <c>LinearQuad</c> makes over a layer with at least that many and no partial
/// sums (0: every layer in QuadRows × TileBlocks passes).
/// </param>
internal sealed record VectorWidth(string Type, int Lanes, int TileBlocks, int MaxAccumulators, int SplitVectors, int PairBlocks = 0)
{
    /// <summary>
    /// AVX-512's 32 registers: 4 samples × 4 output vectors = 16 accumulators, 4 weight loads and a broadcast, each
    /// weight load reused 4 times and each broadcast 4 times.
    /// </summary>
    public static VectorWidth Of512(Precision precision) =>
        new("global::System.Runtime.Intrinsics.Vector512", precision == Precision.Single ? 16 : 8, TileBlocks: 4, MaxAccumulators: 8, SplitVectors: 8);

    /// <summary>AVX2's 16 registers: 4 samples × 3 output vectors = 12 accumulators, 3 weight loads and a broadcast.</summary>
    public static VectorWidth Of256(Precision precision) =>
        new("global::System.Runtime.Intrinsics.Vector256", precision == Precision.Single ? 8 : 4, TileBlocks: 3, MaxAccumulators: 8, SplitVectors: 2);

    /// <summary>
    /// The <c>Vector128</c> body runs on two register files: x64 without AVX2 (NativeAOT's default target, or
    /// <c>DOTNET_EnableAVX2=0</c>) has 16 xmm registers and no FMA, so a multiply-add is a multiply into a temporary and an
    /// add; ARM64's NEON has 32 v-registers and a fused <c>fmla</c>. One body serves both, so it is blocked for the smaller
    /// file. <c>LinearQuad</c> runs layers of 4 or more vectors as two passes of 2 samples × 4 output vectors
    /// (<see cref="PairBlocks"/>): 8 accumulators, 4 weight loads, a broadcast and the product temporary, 14 of 16. On x64
    /// a broadcast is a load and a shuffle (<c>vpermilps</c>/<c>shufps</c>) on the FP pipes, so 2 broadcasts per 8
    /// multiply-adds beat the 4 of a 4 × 2 block (5% faster at 784 → 128, measured), while the loads per multiply-add stay
    /// the same (6 per 8). The other tiles (narrower layers, <c>WeightGradients</c>, the narrow <c>InputGradients</c>)
    /// are 4 samples (or inputs) × 2 output vectors = 8 accumulators, 2 loads, a broadcast and the temporary: 4 × 3 would
    /// need 17 and spill in the inner loop. Eight independent chains cover the add latency of x64's two add pipes
    /// (3 cycles) and NEON's FMA latency on two pipes (4 cycles); ARM64 keeps 18 registers spare. The single-sample
    /// kernels keep 8 output vectors (8 + broadcast + temporary = 10), and a one-vector layer splits its sums in two as
    /// with AVX2.
    /// </summary>
    public static VectorWidth Of128(Precision precision) =>
        new("global::System.Runtime.Intrinsics.Vector128", precision == Precision.Single ? 4 : 2, TileBlocks: 2, MaxAccumulators: 8, SplitVectors: 2, PairBlocks: 4);

    /// <summary>
    /// The statement that stores the vector <paramref name="value"/> at <paramref name="destination"/> (<c>ref d, k</c>),
    /// written as the static call: called as an extension method, a user's <c>StoreUnsafe</c> in a nearer namespace would win.
    /// </summary>
    public string Store(string value, string destination) => $"{Type}.StoreUnsafe({value}, {destination});";

    /// <summary>The number of vectors of this width that cover <paramref name="count"/> elements.</summary>
    public int Blocks(int count) => (count + Lanes - 1) / Lanes;
}
