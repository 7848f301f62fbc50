using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace NetGen.Generator.Emitting;

/// <summary>Inference: <c>Predict</c>, each layer's linear part and its activation.</summary>
internal sealed partial class NetworkEmitter
{
    /// <summary>Scratch buffers up to this size live on the stack; larger ones come from the shared array pool.</summary>
    private const int MaxStackScratchBytes = 32 * 1024;

    /// <summary>Samples per tile of the batched matrix kernels (inference and training): each weight load is reused across this many samples.</summary>
    private const int TileRows = 8;

    /// <summary>Samples per <c>LinearQuad</c> (half a tile) and per block of the narrow <c>InputGradients</c>: what AVX2's 16 registers hold.</summary>
    private const int QuadRows = 4;

    /// <summary>Output vectors per tile pass: TileRows × TileBlocks accumulators (12) plus the loads fit AVX2's 16 registers.</summary>
    private const int TileBlocks = 3;

    private void EmitPredict()
    {
        _w.Line("/// <summary>");
        _w.Line("/// Inference for one sample or a batch (samples row-major): the sample count is <c>inputs.Length / InputCount</c>,");
        _w.Line("/// and <paramref name=\"outputs\"/> must hold <see cref=\"OutputCount\"/> values per sample.");
        _w.Line("/// Allocates nothing and is safe to call from many threads at once on one instance.");
        // In place is safe when a sample's outputs fit in its inputs: each sample's (or tile's) outputs are written after all its inputs are read.
        var inPlace = _spec.Outputs <= _spec.Inputs;
        _w.Line(inPlace
            ? "/// <paramref name=\"outputs\"/> must not overlap <paramref name=\"inputs\"/>, except as the very same memory (in place: both starting at the same element)."
            : "/// <paramref name=\"outputs\"/> must not overlap <paramref name=\"inputs\"/>.");
        _w.Line("/// </summary>");
        using (_w.Open($"public void Predict(global::System.ReadOnlySpan<{T}> inputs, global::System.Span<{T}> outputs)"))
        {
            _w.Line("int count = global::NetGen.NetworkArguments.CountSamples(inputs.Length, Sizes.InputCount, \"inputs\", outputs.Length, Sizes.OutputCount, \"outputs\");");
            _w.Line($"global::NetGen.NetworkArguments.RequireNoOverlap(inputs, outputs, allowInPlace: {(inPlace ? "true" : "false")}, \"inputs\", \"outputs\");");
            _w.Line($"ref {T} p = ref __ng_parameters.Start;");
            _w.Line($"ref {T} x = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(inputs);");
            _w.Line($"ref {T} y = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(outputs);");
            EmitRunningReference();
            if (2 * _layout.MaxWidth * (_spec.Precision == Precision.Single ? 4 : 8) <= MaxStackScratchBytes)
            {
                // Its own branch for a constant size: the JIT clears a constant stackalloc with a few vector stores, a
                // variable one with a loop of pushes (about 10 ns for two 64-float rows).
                using (_w.Open("if (count == 1)"))
                {
                    _w.Line("// One sample: two scratch rows of a constant size, which the JIT clears with a few vector stores");
                    _w.Line($"global::System.Span<{T}> rows1 = stackalloc {T}[2 * __ng_MaxWidth];");
                    _w.Line($"ref {T} r0 = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(rows1);");
                    _w.Line($"__ng_PredictSample(ref p, {RunningArgument}ref x, ref y, ref r0, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref r0, __ng_MaxWidth));");
                    _w.Line("return;");
                }
            }

            _w.Line("// Two scratch buffers, layers alternating between them: __ng_TileRows rows each for a batch, one row for a single sample");
            _w.Line("int rows = count >= __ng_TileRows ? __ng_TileRows : 1;");
            EmitScratch("2 * rows * __ng_MaxWidth", 2 * TileRows * _layout.MaxWidth, EmitPredictLoop);
        }

        _w.Line();
        _w.Line("/// <summary>Inference for one sample, <paramref name=\"x\"/> → <paramref name=\"y\"/>, with <paramref name=\"h0\"/> and <paramref name=\"h1\"/> as scratch.</summary>");
        var sample = new LayerRunMethod(
            "__ng_PredictSample",
            "PredictSample",
            $"private static void {{0}}(ref {T} p, {RunningParameter}ref {T} x, ref {T} y, ref {T} h0, ref {T} h1)",
            $"ref p, {RunningArgument}ref x, ref y, ref h0, ref h1");
        using (_w.Open($"private static void __ng_PredictSample(ref {T} p, {RunningParameter}ref {T} x, ref {T} y, ref {T} h0, ref {T} h1)"))
        {
            EmitLayerRun(Layers, sample, EmitPredictSampleStep);
        }

        _w.Line();
        _w.Line("/// <summary>Inference for __ng_TileRows samples at once (rows of <paramref name=\"x\"/> and <paramref name=\"y\"/>), each layer a register-blocked matrix product.</summary>");
        var tile = new LayerRunMethod(
            "__ng_PredictTile",
            "PredictTile",
            $"private static void {{0}}(ref {T} p, {RunningParameter}ref {T} x, ref {T} y, ref {T} h0, ref {T} h1)",
            $"ref p, {RunningArgument}ref x, ref y, ref h0, ref h1");
        using (_w.Open($"private static void __ng_PredictTile(ref {T} p, {RunningParameter}ref {T} x, ref {T} y, ref {T} h0, ref {T} h1)"))
        {
            EmitLayerRun(Layers, tile, EmitPredictTileStep);
        }

        EmitPendingMethods();
    }

    /// <summary>
    /// The scratch row of a layer's z in inference: the layers alternate between <c>h0</c> and <c>h1</c>, the first in
    /// <c>h0</c>; the first layer reads <c>x</c>, every other the row its predecessor wrote.
    /// </summary>
    private static string Scratch(LayerLayout layer) => layer.Number % 2 == 1 ? "h0" : "h1";

    private static string PredictInput(LayerLayout layer) => layer.Number == 1 ? "x" : layer.Number % 2 == 1 ? "h1" : "h0";

    private void EmitPredictSampleStep(LayerLayout layer)
    {
        var input = PredictInput(layer);
        var z = Scratch(layer);
        var a = layer == Output ? "y" : z;
        if (StoresActivated(layer))
        {
            _w.Line($"// Layer {layer.Number} ({layer.In} → {layer.Out}, ReLU): {z} = max({Affine(layer, input)}, 0), the ReLU applied as the kernel stores");
            _w.Line($"__ng_Linear{layer.Number}(ref p, ref {input}, ref {z});");
            return;
        }

        _w.Line($"// Layer {layer.Number} ({layer.In} → {layer.Out}, {layer.Spec.Activation}): {z} = {Affine(layer, input)}, then {a} = f({z})");
        _w.Line($"__ng_Linear{layer.Number}(ref p, ref {input}, ref {z});");
        if (layer.HasBatchNorm)
        {
            _w.Line($"__ng_BatchNormInference{layer.Number}(ref p, ref rs, ref {z});");
        }

        if (HasFlatInferenceActivation(layer))
        {
            _w.Line($"__ng_ActivateBatch{layer.Number}(ref p, ref {z}, ref {z}, 1);");
        }
        else if (a != z || layer.Spec.Activation != Activation.Linear)
        {
            _w.Line($"__ng_Activate{layer.Number}(ref p, ref {z}, ref {a});");
        }
    }

    /// <summary>
    /// Whether inference applies a hidden layer's activation as one flat vector pass over its padded rows
    /// (<c>ActivateBatch</c>: the widest vectors and no scalar tail) rather than unit by unit with <c>Activate</c>. Only
    /// hidden layers: the output's row is the caller's, exactly <c>OutputCount</c> long, so it gets no padding lanes.
    /// </summary>
    private bool HasFlatInferenceActivation(LayerLayout layer) =>
        layer != Output && layer.Spec.Activation is not (Activation.Linear or Activation.Softmax) &&
        FlatForwardActivation(layer, ActivationFormulas.Get(layer.Spec.Activation));

    /// <summary>
    /// Whether the layer's linear kernels apply its activation as they store their results (max(z, 0) on the registers),
    /// so no activation pass reads the rows back: hidden ReLU layers without batch norm, which would normalize z first.
    /// Training then keeps a alone (no z buffer): ReLU's derivative is 1 exactly where a &gt; 0, as where z &gt; 0.
    /// </summary>
    private bool StoresActivated(LayerLayout layer) =>
        layer != Output && layer.Spec.Activation == Activation.ReLU && !layer.HasBatchNorm;

    /// <summary>What a layer's linear kernels compute from <paramref name="input"/>, for their comments: W·x + b, or max(W·x + b, 0) (ReLU).</summary>
    private string Produced(LayerLayout layer, string input) =>
        StoresActivated(layer) ? $"max({Affine(layer, input)}, 0)" : Affine(layer, input);

    /// <summary>What a linear kernel stores for <paramref name="value"/>: the value, or max(value, 0) where <see cref="StoresActivated"/>.</summary>
    private string Stored(VectorWidth v, LayerLayout layer, string value) =>
        StoresActivated(layer) ? $"{v.Type}.Max({value}, {v.Type}<{T}>.Zero)" : value;

    private void EmitPredictTileStep(LayerLayout layer)
    {
        var input = PredictInput(layer);
        var z = Scratch(layer);
        var output = layer == Output;
        var width = I(layer.OutPadded);
        if (StoresActivated(layer))
        {
            _w.Line($"// Layer {layer.Number} ({layer.In} → {layer.Out}, ReLU): {z}[r] = max({Affine(layer, input + "[r]")}, 0), the ReLU applied as the kernel stores; rows of {z} {width} apart");
            _w.Line($"__ng_LinearTile{layer.Number}(ref p, ref {input}, ref {z});");
            return;
        }

        _w.Line($"// Layer {layer.Number} ({layer.In} → {layer.Out}, {layer.Spec.Activation}): {z}[r] = {Affine(layer, input + "[r]")}, then {(output ? "y" : z)}[r] = f({z}[r]); rows of {z} {width} apart");
        _w.Line($"__ng_LinearTile{layer.Number}(ref p, ref {input}, ref {z});");
        var flat = HasFlatInferenceActivation(layer);
        var activate = !flat && (output || layer.Spec.Activation != Activation.Linear);
        if (activate || layer.HasBatchNorm)
        {
            using (_w.Open("for (nuint r = 0; r < __ng_TileRows; r++)"))
            {
                if (layer.HasBatchNorm)
                {
                    _w.Line($"__ng_BatchNormInference{layer.Number}(ref p, ref rs, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {z}, r * {width}));");
                }

                if (activate)
                {
                    var target = output ? "ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, r * Sizes.OutputCount)" : $"ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {z}, r * {width})";
                    _w.Line($"__ng_Activate{layer.Number}(ref p, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {z}, r * {width}), {target});");
                }
            }
        }

        if (flat)
        {
            _w.Line($"__ng_ActivateBatch{layer.Number}(ref p, ref {z}, ref {z}, __ng_TileRows);");
        }
    }

    /// <summary>
    /// Declares <c>scratch</c> of <paramref name="length"/> elements (at most <paramref name="maxElements"/>): on the
    /// stack when that fits in <see cref="MaxStackScratchBytes"/>, else rented from the shared array pool and returned.
    /// <paramref name="body"/> gets the expression for a reference to its first element.
    /// </summary>
    private void EmitScratch(string length, int maxElements, System.Action<string> body)
    {
        if (maxElements * (_spec.Precision == Precision.Single ? 4 : 8) <= MaxStackScratchBytes)
        {
            _w.Line($"global::System.Span<{T}> scratch = stackalloc {T}[{length}];");
            body("global::System.Runtime.InteropServices.MemoryMarshal.GetReference(scratch)");
            return;
        }

        _w.Line($"{T}[] scratch = global::System.Buffers.ArrayPool<{T}>.Shared.Rent({length});");
        using (_w.Open("try"))
        {
            body("global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(scratch)");
        }

        using (_w.Open("finally"))
        {
            _w.Line($"global::System.Buffers.ArrayPool<{T}>.Shared.Return(scratch);");
        }
    }

    private void EmitPredictLoop(string scratchReference)
    {
        _w.Line($"ref {T} h0 = ref {scratchReference};");
        _w.Line($"ref {T} h1 = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref h0, rows * __ng_MaxWidth);");
        _w.Line("int s = 0;");
        using (_w.Open("for (; s + __ng_TileRows <= count; s += __ng_TileRows)"))
        {
            _w.Line($"__ng_PredictTile(ref p, {RunningArgument}ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, s * Sizes.InputCount), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, s * Sizes.OutputCount), ref h0, ref h1);");
        }

        using (_w.Open("for (; s < count; s++)"))
        {
            _w.Line($"__ng_PredictSample(ref p, {RunningArgument}ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, s * Sizes.InputCount), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref y, s * Sizes.OutputCount), ref h0, ref h1);");
        }
    }

    /// <summary>
    /// Interleaved partial sums per output vector in <c>Linear</c> and <c>LinearTile</c>: input i goes to partial sum
    /// i mod S, and the partial sums are added at the end. A single sample's layer with few output vectors is otherwise
    /// one dependent chain of In multiply-adds per vector (4 cycles each), far below the FMA units' throughput; S chains
    /// per vector hide that latency. The tile uses the same S and the same order, so a sample's outputs are the same bits
    /// whether it is predicted alone or in a batch. S depends on the width (<see cref="VectorWidth.SplitVectors"/>): 8 chains
    /// keep two FMA units busy, and with 16 registers the tile holds 4 samples × 2 partial sums of one vector.
    /// </summary>
    private static int Splits(LayerLayout layer, VectorWidth v)
    {
        if (layer.In < 8)
        {
            return 1;
        }

        var blocks = VBlocks(layer, v);
        var splits = 4;
        while (splits > 1 && blocks * splits > v.SplitVectors)
        {
            splits /= 2;
        }

        return splits;
    }

    /// <summary>
    /// Output vectors per pass of <c>LinearQuad</c>: QuadRows × this × <see cref="Splits"/> accumulators, as many as the
    /// unsplit kernel's QuadRows × TileBlocks at most (16 of AVX-512's 32 registers, 12 of AVX2's 16, 8 of the 16 xmm
    /// registers of x64 without AVX2, which multiplies and adds through a temporary).
    /// </summary>
    private static int TileChunkBlocks(LayerLayout layer, VectorWidth v) => System.Math.Max(1, v.TileBlocks / Splits(layer, v));

    /// <summary>The name of partial sum <paramref name="j"/> of accumulator <paramref name="name"/>: <c>acc0</c>, or <c>acc0a</c>, <c>acc0b</c>, … when split.</summary>
    private static string Part(string name, int j, int splits) => splits == 1 ? name : name + (char)('a' + j);

    /// <summary>The partial sums of <paramref name="name"/> added in a fixed order: <c>acc0a + acc0b</c>, <c>(acc0a + acc0b) + (acc0c + acc0d)</c>.</summary>
    private static string Combined(string name, int splits) => splits switch
    {
        1 => name,
        2 => $"{name}a + {name}b",
        _ => $"({name}a + {name}b) + ({name}c + {name}d)",
    };

    /// <summary>
    /// <c>Z = X·Wᵀ + b</c> for TileRows (8) samples. With <c>Vector512</c> one pass keeps 8 samples × 3 output vectors in
    /// registers (24 of the 32), so each weight vector loaded from L2 serves 8 samples: half the weight traffic per
    /// multiply-add of a 4-sample tile, which is what bounds a layer whose weights do not fit L1 (784 → 128: 401 KB).
    /// Layers with partial sums (few output vectors, whose weights fit L1 anyway) and the 256- and 128-bit bodies run as two
    /// <c>LinearQuad</c>s: 8 samples × partial sums would not leave room for more than one output vector per pass.
    /// </summary>
    private void EmitLinearTile(LayerLayout layer)
    {
        var n = layer.Number;
        var xStride = InputStride(layer);
        var zStride = I(layer.OutPadded);
        _w.Line($"/// <summary>Layer {n}, {TileRows} samples: z[r] = {Produced(layer, "x[r]")} ({layer.Out} × {layer.In}); rows of x are {xStride} apart, rows of z {zStride}.</summary>");
        _w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        using (_w.Open($"private static void __ng_LinearTile{n}(ref {T} p, ref {T} x, ref {T} z)"))
        {
            if (Splits(layer, _vector512) == 1)
            {
                using (_w.Open("if (global::System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)"))
                {
                    EmitTileKernel(_vector512, layer, TileRows, 3);
                }

                _w.Line("else");
            }

            using (_w.Open("// two halves of __ng_QuadRows samples"))
            {
                _w.Line($"__ng_LinearQuad{n}(ref p, ref x, ref z);");
                _w.Line($"__ng_LinearQuad{n}(ref p, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, __ng_QuadRows * {xStride}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref z, __ng_QuadRows * {zStride}));");
            }
        }
    }

    /// <summary>
    /// <c>Z = X·Wᵀ + b</c> (or <c>X·Wᵀ</c> without a bias) for QuadRows samples: a register-blocked micro-kernel that keeps QuadRows × TileBlocks output
    /// vectors in registers and reuses each weight vector across the samples (jit-and-simd.md: the batched form); where
    /// the width has <see cref="VectorWidth.PairBlocks"/>, wide layers go in two passes of 2 samples × that many vectors
    /// instead. The 256- and 128-bit tile kernel, and half of <c>LinearTile</c> wherever its 8-sample form does not fit
    /// the registers.
    /// </summary>
    private void EmitLinearQuad(LayerLayout layer)
    {
        var n = layer.Number;
        var xStride = InputStride(layer);
        var zStride = I(layer.OutPadded);
        _w.Line($"/// <summary>Layer {n}, {QuadRows} samples: z[r] = {Produced(layer, "x[r]")} ({layer.Out} × {layer.In}); rows of x are {xStride} apart, rows of z {zStride}.</summary>");
        _w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        using (_w.Open($"private static void __ng_LinearQuad{n}(ref {T} p, ref {T} x, ref {T} z)"))
        {
            EmitVectorBodies(v =>
            {
                if (v.PairBlocks > 0 && Splits(layer, v) == 1 && VBlocks(layer, v) >= v.PairBlocks)
                {
                    // Two passes of 2 samples × PairBlocks vectors (VectorWidth.PairBlocks): half the broadcasts per multiply-add
                    using (_w.Open("for (nuint h = 0; h < __ng_QuadRows; h += 2)"))
                    {
                        _w.Line($"ref {T} xh = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, h * {xStride});");
                        _w.Line($"ref {T} zh = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref z, h * {zStride});");
                        EmitTileKernel(v, layer, 2, v.PairBlocks, "xh", "zh");
                    }
                }
                else
                {
                    EmitTileKernel(v, layer, QuadRows, TileChunkBlocks(layer, v));
                }
            });

            using (_w.Open("else"))
            {
                using (_w.Open("for (nuint r = 0; r < __ng_QuadRows; r++)"))
                {
                    _w.Line($"__ng_Linear{n}(ref p, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, r * {xStride}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref z, r * {zStride}));");
                }
            }
        }
    }

    /// <summary>
    /// The body of a tile kernel for vector width <paramref name="v"/>: <paramref name="rows"/> samples × up to
    /// <paramref name="chunkBlocks"/> output vectors (× <see cref="Splits"/> partial sums) of accumulators while the loop
    /// runs over the inputs, each weight vector loaded once for all the rows and each input broadcast once per pass.
    /// </summary>
    private void EmitTileKernel(VectorWidth v, LayerLayout layer, int rows, int chunkBlocks, string x = "x", string z = "z")
    {
        var n = layer.Number;
        var splits = Splits(layer, v);
        EmitChunks(v, VBlocks(layer, v), chunkBlocks, chunk =>
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var lanes = chunk.Range.Trim('[', ')');
            _w.Line(layer.HasBias
                ? $"// z[r, {lanes}) = b{n}{chunk.Range} + Σ_i x[r, i]·Wt{n}[i, {lanes})"
                : $"// z[r, {lanes}) = Σ_i x[r, i]·Wt{n}[i, {lanes}) (no bias: the accumulators start at zero)");
            if (splits > 1)
            {
                _w.Line($"// {splits} partial sums per vector (input i into partial i mod {splits}), added at the end in the order __ng_Linear{n} adds them");
            }

            if (layer.HasBias)
            {
                for (var k = 0; k < chunk.Count; k++)
                {
                    _w.Line($"var bias{k} = {v.Type}.LoadUnsafe(ref p, {chunk.At(layer.BName, k * v.Lanes)});");
                }
            }

            for (var r = 0; r < rows; r++)
            {
                var declarations = new List<string>();
                for (var k = 0; k < chunk.Count; k++)
                {
                    for (var j = 0; j < splits; j++)
                    {
                        var start = layer.HasBias && j == 0 ? $"bias{k}" : $"{v.Type}<{T}>.Zero";
                        declarations.Add($"{Part($"acc{r}{k}", j, splits)} = {start}");
                    }
                }

                _w.Line($"{v.Type}<{T}> " + string.Join(", ", declarations) + ";");
            }

            void Step(string i, int splitCount)
            {
                for (var j = 0; j < splitCount; j++)
                {
                    var input = j == 0 ? i : $"{i} + {j}";
                    _w.Line($"nuint row{Suffix(j, splitCount)} = {WeightRow(layer, input)};");
                    for (var k = 0; k < chunk.Count; k++)
                    {
                        _w.Line($"var w{k}{Suffix(j, splitCount)} = {v.Type}.LoadUnsafe(ref p, {chunk.At("row" + Suffix(j, splitCount), k * v.Lanes)});");
                    }

                    // Each broadcast right before its multiply-adds: 12 accumulators + 3 weights + 1 broadcast fit AVX2's 16 registers
                    // (8 + 2 + 1 + the product temporary, 128-bit without FMA)
                    for (var r = 0; r < rows; r++)
                    {
                        var offset = r == 0 ? input : $"{RowOffset(layer, r)} + {input}";
                        _w.Line($"var x{r}{Suffix(j, splitCount)} = {v.Type}.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref {x}, {offset}));");
                        for (var k = 0; k < chunk.Count; k++)
                        {
                            var acc = Part($"acc{r}{k}", j, splits);
                            _w.Line($"{acc} = global::NetGen.Kernels.Simd.MultiplyAdd(w{k}{Suffix(j, splitCount)}, x{r}{Suffix(j, splitCount)}, {acc});");
                        }
                    }
                }
            }

            EmitSplitInputLoop(layer, splits, Step);
            for (var r = 0; r < rows; r++)
            {
                for (var k = 0; k < chunk.Count; k++)
                {
                    var value = Stored(v, layer, Combined($"acc{r}{k}", splits));
                    _w.Line(v.Store(value, $"ref {z}, {chunk.At(r * layer.OutPadded, k * v.Lanes)}"));
                }
            }
        });
    }

    /// <summary>Where row <paramref name="input"/> (<c>i</c>, <c>i + 1</c> or a constant) of Wt starts, as C#.</summary>
    private static string WeightRow(LayerLayout layer, string input) =>
        int.TryParse(input, out var constant) ? $"{layer.WName} + {I(constant * layer.OutPadded)}"
        : input == "i" ? $"{layer.WName} + i * {I(layer.OutPadded)}"
        : $"{layer.WName} + ({input}) * {I(layer.OutPadded)}";

    /// <summary>Distinguishes the locals of the partial sums within one loop step (<c>rowa</c>, <c>rowb</c>, …); none when unsplit.</summary>
    private static string Suffix(int j, int splits) => splits == 1 ? "" : ((char)('a' + j)).ToString();

    /// <summary>
    /// The loop over a layer's inputs: one input per step, or <paramref name="splits"/> inputs per step (input i + j into
    /// partial sum j), then the inputs left over one at a time into the first partial sum.
    /// </summary>
    private void EmitSplitInputLoop(LayerLayout layer, int splits, System.Action<string, int> step)
    {
        if (splits == 1)
        {
            using (_w.Open($"for (nuint i = 0; i < {I(layer.In)}; i++)"))
            {
                step("i", 1);
            }

            return;
        }

        var whole = layer.In / splits * splits;
        using (_w.Open($"for (nuint i = 0; i < {I(whole)}; i += {I(splits)})"))
        {
            step("i", splits);
        }

        for (var i = whole; i < layer.In; i++)
        {
            using (_w.Open($"// input {i}, left over: into the first partial sum"))
            {
                step(I(i), 1);
            }
        }
    }

    /// <summary>
    /// <c>z = W·x + b</c> (or <c>W·x</c> without a bias) for one sample as broadcast-multiply-adds: up to <see cref="VectorWidth.MaxAccumulators"/>
    /// output vectors stay in registers while the loop runs over the inputs (jit-and-simd.md: the fastest single-sample form).
    /// </summary>
    private void EmitLinear(LayerLayout layer)
    {
        var n = layer.Number;
        _w.Line($"/// <summary>Layer {n}, one sample: z = {Produced(layer, "x")} ({layer.Out} × {layer.In}); writes whole vectors of z, padding lanes included.</summary>");
        _w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        using (_w.Open($"private static void __ng_Linear{n}(ref {T} p, ref {T} x, ref {T} z)"))
        {
            EmitVectorBodies(v =>
            {
                var splits = Splits(layer, v);
                EmitChunks(v, VBlocks(layer, v), v.MaxAccumulators / splits, chunk =>
                {
                    var lanes = chunk.Range.Trim('[', ')');
                    _w.Line(layer.HasBias
                        ? $"// z{chunk.Range} = b{n}{chunk.Range} + Σ_i x[i]·Wt{n}[i, {lanes})"
                        : $"// z{chunk.Range} = Σ_i x[i]·Wt{n}[i, {lanes}) (no bias: the accumulators start at zero)");
                    if (splits > 1)
                    {
                        _w.Line($"// {splits} partial sums per vector (input i into partial i mod {splits}) so {splits} multiply-add chains run at once; added at the end");
                    }

                    for (var k = 0; k < chunk.Count; k++)
                    {
                        for (var j = 0; j < splits; j++)
                        {
                            _w.Line(layer.HasBias && j == 0
                                ? $"var {Part($"acc{k}", j, splits)} = {v.Type}.LoadUnsafe(ref p, {chunk.At(layer.BName, k * v.Lanes)});"
                                : $"var {Part($"acc{k}", j, splits)} = {v.Type}<{T}>.Zero;");
                        }
                    }

                    EmitSplitInputLoop(layer, splits, (i, splitCount) =>
                    {
                        for (var j = 0; j < splitCount; j++)
                        {
                            var input = j == 0 ? i : $"{i} + {j}";
                            var suffix = Suffix(j, splitCount);
                            _w.Line($"var xi{suffix} = {v.Type}.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x, {input}));");
                            _w.Line($"nuint row{suffix} = {WeightRow(layer, input)};");
                            for (var k = 0; k < chunk.Count; k++)
                            {
                                var acc = Part($"acc{k}", j, splits);
                                _w.Line($"{acc} = global::NetGen.Kernels.Simd.MultiplyAdd({v.Type}.LoadUnsafe(ref p, {chunk.At("row" + suffix, k * v.Lanes)}), xi{suffix}, {acc});");
                            }
                        }
                    });

                    for (var k = 0; k < chunk.Count; k++)
                    {
                        var value = Stored(v, layer, Combined($"acc{k}", splits));
                        _w.Line(v.Store(value, $"ref z, {chunk.At(null, k * v.Lanes)}"));
                    }
                });
            });

            using (_w.Open("else"))
            {
                using (_w.Open($"for (nuint o = 0; o < {I(layer.Out)}; o++)"))
                {
                    _w.Line(layer.HasBias ? $"var sum = global::System.Runtime.CompilerServices.Unsafe.Add(ref p, {layer.BName} + o);" : $"{T} sum = 0; // no bias");
                    using (_w.Open($"for (nuint i = 0; i < {I(layer.In)}; i++)"))
                    {
                        _w.Line($"sum += global::System.Runtime.CompilerServices.Unsafe.Add(ref p, {layer.WName} + i * {I(layer.OutPadded)} + o) * global::System.Runtime.CompilerServices.Unsafe.Add(ref x, i);");
                    }

                    _w.Line(StoresActivated(layer)
                        ? $"global::System.Runtime.CompilerServices.Unsafe.Add(ref z, o) = {MathType}.Max(sum, 0); // ReLU"
                        : "global::System.Runtime.CompilerServices.Unsafe.Add(ref z, o) = sum;");
                }
            }
        }
    }

    private void EmitActivate(LayerLayout layer)
    {
        var n = layer.Number;
        var activation = layer.Spec.Activation;
        if (activation == Activation.Softmax && _spec.Precision == Precision.Single)
        {
            // In vectors, with NetGen's own e^x (MathF.Exp is a call per output); the kernel reads pre's padding lanes.
            _w.Line($"/// <summary>Layer {n}, one sample: a = softmax(z) = e^(z − max z) / Σ e^(z − max z) over {layer.Out} units, in vectors (z is a row padded to {layer.OutPadded}).</summary>");
            using (_w.Open($"private static void __ng_Activate{n}(ref {T} p, ref {T} pre, ref {T} post)"))
            {
                _w.Line($"global::NetGen.Kernels.Softmax.Row(ref pre, ref post, {layer.Out});");
            }

            return;
        }

        if (activation == Activation.Softmax)
        {
            _w.Line($"/// <summary>Layer {n}, one sample: a = softmax(z) over {layer.Out} units, shifted by max(z) so e^z cannot overflow.</summary>");
            using (_w.Open($"private static void __ng_Activate{n}(ref {T} p, ref {T} pre, ref {T} post)"))
            {
                _w.Line("var max = pre;");
                using (_w.Open($"for (nuint o = 1; o < {I(layer.Out)}; o++)"))
                {
                    _w.Line($"max = {MathType}.Max(max, global::System.Runtime.CompilerServices.Unsafe.Add(ref pre, o));");
                }

                _w.Line($"{T} sum = 0;");
                using (_w.Open($"for (nuint o = 0; o < {I(layer.Out)}; o++)"))
                {
                    _w.Line($"var e = {MathType}.Exp(global::System.Runtime.CompilerServices.Unsafe.Add(ref pre, o) - max);");
                    _w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref post, o) = e;");
                    _w.Line("sum += e;");
                }

                _w.Line("var inverse = 1 / sum;");
                using (_w.Open($"for (nuint o = 0; o < {I(layer.Out)}; o++)"))
                {
                    _w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref post, o) *= inverse;");
                }
            }

            return;
        }

        var formula = ActivationFormulas.Get(activation);
        _w.Line($"/// <summary>Layer {n}, one sample: {formula.Math} over {layer.Out} units (z and a may be the same buffer).</summary>");
        using (_w.Open($"private static void __ng_Activate{n}(ref {T} p, ref {T} pre, ref {T} post)"))
        {
            EmitSlopeDeclaration(layer, perUnitInLoop: false);
            var loopStart = "0";
            var vectorForward = formula.VectorForwardFor(_spec.Precision);
            if (vectorForward is not null && layer.Out >= Lanes)
            {
                // Whole vectors first, branch-free; the scalar loop finishes the last Out % Lanes units.
                loopStart = "o";
                _w.Line("nuint o = 0;");
                EmitVectorBodies(_rowWidths, v =>
                {
                    EmitVectorConstants(v, layer, vectorForward);
                    using (_w.Open($"for (; o + {I(v.Lanes)} <= {I(layer.Out)}; o += {I(v.Lanes)})"))
                    {
                        EmitVectorSlopePerUnit(v, layer);
                        _w.Line($"var zv = {v.Type}.LoadUnsafe(ref pre, o);");
                        _w.Line(v.Store(VectorForm(v, vectorForward), "ref post, o"));
                    }
                });
            }

            using (_w.Open(loopStart == "0" ? $"for (nuint o = 0; o < {I(layer.Out)}; o++)" : $"for (; o < {I(layer.Out)}; o++)"))
            {
                EmitSlopeDeclaration(layer, perUnitInLoop: true);
                _w.Line("var z = global::System.Runtime.CompilerServices.Unsafe.Add(ref pre, o);");
                _w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref post, o) = {ActivationFormulas.Expand(formula.Forward, _spec.Precision)};");
            }
        }
    }

    /// <summary>
    /// A layer's activation over a training batch: one flat vector loop over every row, padding lanes included, where the
    /// activation has a branch-free vector form and no per-unit slopes (each such form maps 0 to 0, so padding stays 0);
    /// otherwise <c>Activate</c> row by row.
    /// </summary>
    private void EmitActivateBatch(LayerLayout layer)
    {
        var n = layer.Number;
        var softmax = layer.Spec.Activation == Activation.Softmax;
        var formula = softmax ? null : ActivationFormulas.Get(layer.Spec.Activation);
        var flat = formula is not null && FlatForwardActivation(layer, formula);
        var width = I(layer.OutPadded);
        _w.Line($"/// <summary>Layer {n} over a batch: {(softmax ? "a = softmax(z)" : formula!.Math)} for count rows {width} apart{(flat ? ", as one run of vectors" : "")}.</summary>");
        using (_w.Open($"private static void __ng_ActivateBatch{n}(ref {T} p, ref {T} pre, ref {T} post, int count)"))
        {
            if (flat)
            {
                EmitVectorBodies(v =>
                {
                    EmitSlopeDeclaration(layer, perUnitInLoop: false);
                    EmitVectorConstants(v, layer, formula!.VectorForwardFor(_spec.Precision)!);
                    _w.Line($"nuint length = (nuint)count * {width};");
                    using (_w.Open($"for (nuint k = 0; k < length; k += {I(v.Lanes)})"))
                    {
                        _w.Line($"var zv = {v.Type}.LoadUnsafe(ref pre, k);");
                        _w.Line(v.Store(VectorForm(v, formula!.VectorForwardFor(_spec.Precision)!), "ref post, k"));
                    }

                    _w.Line("return;");
                });
            }

            using (_w.Open($"for (nuint s = 0; s < (nuint)count; s++)"))
            {
                _w.Line($"__ng_Activate{n}(ref p, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref pre, s * {width}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref post, s * {width}));");
            }
        }
    }

    /// <summary>Whether a batch activation pass can run as one flat vector loop: a vector form and no per-unit slopes.</summary>
    private static bool FlatActivation(LayerLayout layer, string? vectorForm) =>
        vectorForm is not null && !(layer.Spec.Activation == Activation.PReLU && layer.Spec.SlopePerUnit);

    /// <summary>
    /// <see cref="FlatActivation"/> for the forward pass, which also runs over the padding lanes: only where f(0) = 0
    /// (σ(0) = ½ would fill them), with the vector form this network's precision has.
    /// </summary>
    private bool FlatForwardActivation(LayerLayout layer, ActivationFormulas.Formula formula) =>
        formula.ZeroPreserving && FlatActivation(layer, formula.VectorForwardFor(_spec.Precision));

    /// <summary>The vectors the branch-free activation forms use: <c>zero</c>, and <c>slopes</c> for a per-layer slope.</summary>
    private void EmitVectorConstants(VectorWidth v, LayerLayout layer, string expression)
    {
        if (Uses(expression, "zero"))
        {
            _w.Line($"var zero = {v.Type}<{T}>.Zero;");
        }

        if (layer.Spec.Activation == Activation.LeakyReLU || (layer.Spec.Activation == Activation.PReLU && !layer.Spec.SlopePerUnit))
        {
            _w.Line($"var slopes = {v.Type}.Create(slope);");
        }
    }

    /// <summary>A branch-free activation form of <see cref="ActivationFormulas"/> for width <paramref name="v"/>.</summary>
    private static string VectorForm(VectorWidth v, string expression) => expression.Replace("{V}", v.Type);

    /// <summary>Per-unit PReLU slopes are a vector load inside the loop.</summary>
    private void EmitVectorSlopePerUnit(VectorWidth v, LayerLayout layer)
    {
        if (layer.Spec.Activation == Activation.PReLU && layer.Spec.SlopePerUnit)
        {
            _w.Line($"var slopes = {v.Type}.LoadUnsafe(ref p, {layer.SlopeName} + o);");
        }
    }

    /// <summary>Declares <c>slope</c> for the leaky activations: a constant, the layer's learned α, or α[o] inside the unit loop.</summary>
    private void EmitSlopeDeclaration(LayerLayout layer, bool perUnitInLoop)
    {
        var activation = layer.Spec.Activation;
        if (activation == Activation.LeakyReLU && !perUnitInLoop)
        {
            _w.Line($"var slope = {Num(layer.Spec.Slope)};");
        }
        else if (activation == Activation.PReLU && layer.Spec.SlopePerUnit == perUnitInLoop)
        {
            _w.Line($"var slope = global::System.Runtime.CompilerServices.Unsafe.Add(ref p, {layer.SlopeName}{(perUnitInLoop ? " + o" : "")});");
        }
    }

    /// <summary>
    /// Emits <paramref name="body"/> for every chunk of at most <paramref name="chunkBlocks"/> output vectors:
    /// as a loop over the full chunks when there are two or more (the kernel's size stays fixed however wide the layer),
    /// then the remainder at a constant offset; each chunk in a block of its own so their locals do not clash.
    /// </summary>
    private void EmitChunks(VectorWidth v, int blocks, int chunkBlocks, System.Action<Chunk> body)
    {
        var full = blocks / chunkBlocks;
        var remainder = blocks % chunkBlocks;
        if (full >= 2)
        {
            using (_w.Open($"for (nuint c = 0; c < {I(full * chunkBlocks * v.Lanes)}; c += {I(chunkBlocks * v.Lanes)})"))
            {
                body(new Chunk("c", 0, chunkBlocks, v.Lanes));
            }

            if (remainder > 0)
            {
                using (_w.Open("// the remaining output vectors"))
                {
                    body(new Chunk(null, full * chunkBlocks * v.Lanes, remainder, v.Lanes));
                }
            }

            return;
        }

        for (var chunk = 0; chunk < blocks; chunk += chunkBlocks)
        {
            var current = new Chunk(null, chunk * v.Lanes, System.Math.Min(chunkBlocks, blocks - chunk), v.Lanes);
            if (blocks > chunkBlocks)
            {
                using (_w.Open($"// output lanes {current.Range}"))
                {
                    body(current);
                }
            }
            else
            {
                body(current);
            }
        }
    }

    /// <summary>
    /// How far apart a layer's input rows are in a batch: <c>InputCount</c> for the network's inputs, else the padded width
    /// of the layer below (every batch buffer row, in inference scratch and training buffers alike, is its layer's padded width).
    /// </summary>
    private string InputStride(LayerLayout layer) => layer.Number == 1 ? "Sizes.InputCount" : I(Layers[layer.Number - 2].OutPadded);

    /// <summary>Where input row <paramref name="r"/> of a layer starts: <c>2 * InputCount</c>, or a folded constant above the first layer.</summary>
    private string RowOffset(LayerLayout layer, int r) => layer.Number == 1
        ? (r == 1 ? "Sizes.InputCount" : $"{r} * Sizes.InputCount")
        : I(r * Layers[layer.Number - 2].OutPadded);

    /// <summary>The running-statistics parameter of the static inference methods, in batch-norm networks only.</summary>
    private string RunningParameter => HasBatchNorm ? $"ref {T} rs, " : "";

    private string RunningArgument => HasBatchNorm ? "ref rs, " : "";

    private void EmitRunningReference()
    {
        if (HasBatchNorm)
        {
            _w.Line($"ref {T} rs = ref __ng_running.Start;");
        }
    }

    /// <summary>The linear part of a layer as a comment formula: <c>Wn·x + bn</c>, or <c>Wn·x</c> for a bias-free layer.</summary>
    private static string Affine(LayerLayout layer, string input) =>
        layer.HasBias ? $"W{layer.Number}·{input} + b{layer.Number}" : $"W{layer.Number}·{input}";

    /// <summary><c>name + offset</c>, or just <c>name</c> when the offset is zero.</summary>
    private static string Offset(string name, int offset) => offset == 0 ? name : $"{name} + {I(offset)}";

    private static bool Uses(string expression, string name) => Regex.IsMatch(expression, $@"\b{name}\b");
}
