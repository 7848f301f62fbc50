using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Where every parameter lives, derived from a spec: offsets in the internal storage (weights input-major, rows
/// padded to the widest vector, 64 bytes) and in the PyTorch-compatible exchange layout.
/// </summary>
internal sealed class NetworkLayout
{
    /// <summary>Vector accumulators a kernel keeps in registers at once (fits AVX2's 16 ymm registers with room for loads).</summary>
    public const int MaxAccumulators = 8;

    public NetworkLayout(NetworkSpec spec)
    {
        Lanes = spec.Precision == Precision.Single ? 8 : 4;
        PaddingLanes = 2 * Lanes;
        var layers = new List<LayerLayout>();
        var storage = 0;
        var exchange = 0;
        var inputs = spec.Inputs;
        for (var index = 0; index < spec.Layers.Count; index++)
        {
            var layer = new LayerLayout(spec.Layers[index], index + 1, inputs, PaddingLanes, storage, exchange);
            layers.Add(layer);
            storage = layer.StorageEnd;
            exchange = layer.ExchangeEnd;
            inputs = layer.Out;
        }

        Layers = layers;
        StorageLength = storage;
        ParameterCount = exchange;
        var widest = 0;
        foreach (var layer in layers)
        {
            widest = System.Math.Max(widest, layer.OutPadded);
        }

        MaxWidth = widest;
    }

    /// <summary>Elements in one <c>Vector256</c>: 8 floats or 4 doubles.</summary>
    public int Lanes { get; }

    /// <summary>
    /// Elements in one <c>Vector512</c> (16 floats or 8 doubles): every storage row and batch row is padded to it, so the
    /// kernels run whole vectors of either width over the same layout.
    /// </summary>
    public int PaddingLanes { get; }

    public IReadOnlyList<LayerLayout> Layers { get; }

    public int StorageLength { get; }

    public int ParameterCount { get; }

    /// <summary>The widest padded layer output: the size of each inference scratch buffer.</summary>
    public int MaxWidth { get; }
}

/// <summary>One layer's sizes and offsets.</summary>
internal sealed class LayerLayout
{
    public LayerLayout(LayerSpec spec, int number, int inputs, int paddingLanes, int storageStart, int exchangeStart)
    {
        Spec = spec;
        Number = number;
        In = inputs;
        Out = spec.Units;
        OutPadded = (Out + paddingLanes - 1) / paddingLanes * paddingLanes;

        SlopeCount = spec.Activation == Activation.PReLU ? (spec.SlopePerUnit ? Out : 1) : 0;
        var slopeStorage = SlopeCount == 0 ? 0 : spec.SlopePerUnit ? OutPadded : paddingLanes; // every block starts on 64 bytes

        // A bias-free layer (nn.Linear(bias=False)) has no b block at all, in the storage or the exchange layout.
        var affine = spec.BatchNorm is { Affine: true };
        W = storageStart;
        B = W + In * OutPadded;
        Gamma = B + (spec.Bias ? OutPadded : 0);
        Beta = Gamma + (affine ? OutPadded : 0);
        Slope = Beta + (affine ? OutPadded : 0);
        StorageEnd = Slope + slopeStorage;

        // Exchange order: W, b (if any), then batch-norm γ and β, then the PReLU slopes.
        ExchangeW = exchangeStart;
        ExchangeB = ExchangeW + Out * In;
        ExchangeGamma = ExchangeB + (spec.Bias ? Out : 0);
        ExchangeBeta = ExchangeGamma + (affine ? Out : 0);
        ExchangeSlope = ExchangeBeta + (affine ? Out : 0);
        ExchangeEnd = ExchangeSlope + SlopeCount;
    }

    public LayerSpec Spec { get; }

    /// <summary>1-based, as in the generated names (<c>W1</c>, <c>Linear1</c>).</summary>
    public int Number { get; }

    public int In { get; }

    public int Out { get; }

    /// <summary><see cref="Out"/> rounded up to whole <c>Vector512</c>s: the length of a storage row and of a batch row.</summary>
    public int OutPadded { get; }

    /// <summary>PReLU slopes: 0, 1 per layer, or one per unit.</summary>
    public int SlopeCount { get; }

    public int W { get; }

    /// <summary>The bias offset; only meaningful when <see cref="HasBias"/> (otherwise where the next block starts).</summary>
    public int B { get; }

    public int Slope { get; }

    public int Gamma { get; }

    public int Beta { get; }

    public int StorageEnd { get; }

    public int ExchangeGamma { get; }

    public int ExchangeBeta { get; }

    public bool HasBatchNorm => Spec.BatchNorm is not null;

    public bool HasAffine => Spec.BatchNorm is { Affine: true };

    public string GammaName => "__ng_BatchNormGamma" + Number;

    public string BetaName => "__ng_BatchNormBeta" + Number;

    public int ExchangeW { get; }

    /// <summary>The exchange offset of b; only meaningful when <see cref="HasBias"/>.</summary>
    public int ExchangeB { get; }

    public int ExchangeSlope { get; }

    public int ExchangeEnd { get; }

    public bool HasSlope => SlopeCount > 0;

    /// <summary>False for <c>[Layer(Bias = false)]</c>: no bias parameters, accumulators start at zero.</summary>
    public bool HasBias => Spec.Bias;

    public bool HasDropout => Spec.DropoutRate > 0;

    public string WName => "__ng_W" + Number;

    public string BName => "__ng_B" + Number;

    public string SlopeName => "__ng_Slope" + Number;
}
