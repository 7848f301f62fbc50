using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>
/// About how many characters the emitter writes for a network, without writing them: what NG1020 warns about. Every
/// layer has kernels of its own, each with a 512-, 256- and 128-bit body and a scalar one, so the file grows by
/// 50–120 KB per layer; the figures below are the emitter's, measured per layer over networks of 10 and 30 layers
/// (docs/rules/NG1020.md), and a test holds the estimate within 25% of the real file.
/// </summary>
/// <remarks>Linked into the analyzers, which cannot run the emitter on every edit of a deep declaration.</remarks>
internal static class GeneratedCodeSize
{
    /// <summary>The members every network has whatever its depth: properties, the loss, the update, the exchange methods.</summary>
    private const int Fixed = 15_000;

    /// <summary>The estimated length of the generated file, in characters (UTF-16 code units, about bytes in UTF-8).</summary>
    public static long Estimate(NetworkSpec spec)
    {
        long total = Fixed;
        foreach (var layer in spec.Layers)
        {
            total += Layer(layer, spec.Precision, spec.InferenceOnly);
        }

        if (spec.Weights is not null)
        {
            // The baked parameters are one base64 string: 4 characters per 3 bytes of the storage layout.
            var layout = new NetworkLayout(spec);
            total += (long)layout.StorageLength * (spec.Precision == Precision.Single ? 4 : 8) * 4 / 3;
        }

        return total;
    }

    /// <summary>
    /// One layer's kernels. Their size steps with how many vectors its units fill (L units per <c>Vector256</c>: 8 floats,
    /// 4 doubles), since narrow layers skip the vector paths and wide ones loop over chunks of vectors; batch norm adds
    /// its statistics and backward pass; dropout its mask; an inference-only network keeps only the forward kernels.
    /// </summary>
    public static int Layer(LayerSpec layer, Precision precision, bool inferenceOnly)
    {
        var lanes = precision == Precision.Single ? 8 : 4;
        var units = layer.Units;
        var kernels = units < lanes / 2 ? 48_000 : units < lanes ? 62_000 : units < 2 * lanes ? 70_000 : units <= 8 * lanes ? 78_000 : 95_000;
        if (inferenceOnly)
        {
            return kernels * 3 / 10; // Linear, LinearTile, LinearQuad and Activate; batch norm is folded into the weights
        }

        var batchNorm = layer.BatchNorm is null ? 0 : units < lanes ? 10_000 : 25_000;
        var dropout = layer.DropoutRate > 0 ? 1_500 : 0;
        return kernels + batchNorm + dropout;
    }
}
