using System.Collections.Generic;
using System.Linq;

namespace NetGen.Generator.Emitting;

/// <summary>Training: <c>ComputeGradients</c>, the loss and its gradient, and each layer's backward pass.</summary>
internal sealed partial class NetworkEmitter
{
    /// <summary>
    /// Training buffers for a whole batch: row s of a layer starts at s × its padded width. <c>EnsureBatchCapacity</c>
    /// allocates them on the first <c>ComputeGradients</c> and again when a larger batch arrives; until then they are null
    /// (a network that only predicts allocates none, and the constructor does not grow with depth).
    /// </summary>
    private void EmitBatchTrainingFields()
    {
        _w.Line("// Training scratch for a whole batch: z (pre-activation), a (activation) and d (dL/da, then dL/dz) of every layer,");
        if (HasBatchNorm || HasDropout)
        {
            _w.Line($"// {(HasBatchNorm ? "the batch-norm output y and x̂" : "")}{(HasBatchNorm && HasDropout ? ", " : "")}{(HasDropout ? "the dropout mask and o = a ⊙ mask" : "")} where a layer has {(HasBatchNorm && HasDropout ? "them" : "it")},");
        }

        _w.Line("// row s of a layer at s × its padded width. __ng_EnsureBatchCapacity allocates them on the first ComputeGradients and");
        _w.Line("// again when a larger batch arrives, never per call; they are empty until then (no initializers: the constructor does");
        _w.Line("// not grow with depth).");
        _w.Line("private int __ng_batchCapacity;");
        _w.Line("private int __ng_trainingCount; // the samples of the last ComputeGradients, whose outputs GetTrainingOutputs copies");
        foreach (var layer in Layers)
        {
            var n = layer.Number;
            foreach (var name in BatchBuffers(layer))
            {
                _w.Line($"private {Buffer} __ng_{name}{n};");
            }

            if (layer.HasBatchNorm)
            {
                _w.Line($"private {Buffer} __ng_invStd{n}; // 1/√(σ²_B + ε) of the last batch [{layer.OutPadded}]");
            }

            if (HasWeightCopy(layer))
            {
                _w.Line($"private {Buffer} __ng_wt{n}; // W{n} [{layer.Out} × {layer.In}] for __ng_InputGradients{n}, rows padded to {Layers[n - 2].OutPadded}");
            }
        }

        _w.Line();
        _w.Line("/// <summary>Makes every training buffer hold <paramref name=\"count\"/> samples.</summary>");
        using (_w.Open("private void __ng_EnsureBatchCapacity(int count)"))
        {
            using (_w.Open("if (count <= __ng_batchCapacity)"))
            {
                _w.Line("return;");
            }

            _w.Line($"global::NetGen.NetworkArguments.RequireBatchFits(count, {I(_layout.MaxWidth)}, \"inputs\");");

            var allocate = new LayerRunMethod("__ng_EnsureBatchCapacity", "EnsureBatchCapacity", "private void {0}(int count)", "count");
            EmitLayerRun(Layers, allocate, layer =>
            {
                foreach (var name in BatchBuffers(layer))
                {
                    _w.Line($"__ng_{name}{layer.Number} = new(count * {I(layer.OutPadded)});");
                }

                if (layer.HasBatchNorm)
                {
                    _w.Line($"__ng_invStd{layer.Number} = new({I(layer.OutPadded)});");
                }

                if (HasWeightCopy(layer))
                {
                    _w.Line($"__ng_wt{layer.Number} = new({I(layer.Out * Layers[layer.Number - 2].OutPadded)});");
                }
            });

            _w.Line("__ng_batchCapacity = count;");
        }

        EmitPendingMethods();
    }

    /// <summary>Whether a layer's <c>InputGradients</c> works from a copy of its W in the exchange orientation (narrow layers above the first).</summary>
    private bool HasWeightCopy(LayerLayout layer) => layer.Number > 1 && IsNarrow(layer);

    /// <summary>
    /// A layer's batch buffers: z (not where the product stores a itself, <see cref="StoresActivated"/>), a (not for an
    /// output whose activation lives in the loss), d, then y and x̂ with batch norm, the mask and o with dropout.
    /// </summary>
    private string[] BatchBuffers(LayerLayout layer)
    {
        var names = new System.Collections.Generic.List<string>();
        if (!StoresActivated(layer))
        {
            names.Add("z");
        }

        if (!IsFusedOutput(layer))
        {
            names.Add("a");
        }

        names.Add("d");
        if (layer.HasBatchNorm)
        {
            names.Add("y");
            names.Add("xhat");
        }

        if (layer.HasDropout)
        {
            names.Add("mask");
            names.Add("o");
        }

        return names.ToArray();
    }

    /// <summary>The activation derivative over a training batch: one flat vector loop where the form allows, else row by row.</summary>
    private void EmitActivationBackwardBatch(LayerLayout layer)
    {
        var n = layer.Number;
        var softmax = layer.Spec.Activation == Activation.Softmax;
        var formula = softmax ? null : ActivationFormulas.Get(layer.Spec.Activation);
        var flat = FlatActivation(layer, formula?.VectorBackward);
        var width = I(layer.OutPadded);
        _w.Line($"/// <summary>Layer {n} over a batch: d = dL/da → dL/dz for count rows {width} apart{(flat ? ", as one run of vectors (padding lanes of d are 0 and stay 0)" : "")}.</summary>");
        using (_w.Open($"private static void __ng_ActivationBackwardBatch{n}(ref {T} p, ref {T} g, ref {T} pre, ref {T} post, ref {T} d, int count)"))
        {
            if (flat)
            {
                EmitVectorBodies(v =>
                {
                    EmitSlopeDeclaration(layer, perUnitInLoop: false);
                    EmitVectorConstants(v, layer, formula!.VectorBackward!);
                    _w.Line($"nuint length = (nuint)count * {width};");
                    using (_w.Open($"for (nuint k = 0; k < length; k += {I(v.Lanes)})"))
                    {
                        _w.Line($"var zv = {v.Type}.LoadUnsafe(ref pre, k);");
                        _w.Line($"var dv = {v.Type}.LoadUnsafe(ref d, k);");
                        _w.Line(v.Store(VectorForm(v, formula!.VectorBackward!), "ref d, k"));
                    }

                    _w.Line("return;");
                });
            }

            using (_w.Open($"for (nuint s = 0; s < (nuint)count; s++)"))
            {
                _w.Line($"nuint row = s * {width};");
                _w.Line($"__ng_ActivationBackward{n}(ref p, ref g, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref pre, row), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref post, row), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref d, row));");
            }
        }
    }

    /// <summary>
    /// <c>ComputeGradients</c>: layer by layer over the whole batch, each layer's products register-blocked over the
    /// samples (<c>LinearTile</c> forward, <c>WeightGradients</c> and <c>InputGradients</c> backward), in the batch buffers.
    /// </summary>
    private void EmitComputeGradients()
    {
        var perElement = _spec.Loss.Kind != LossKind.CategoricalCrossEntropy;
        _w.Line("/// <summary>");
        var mode = (HasDropout, HasBatchNorm) switch
        {
            (true, true) => "Training-mode (dropout on, batch statistics) forward",
            (true, false) => "Training-mode (dropout on) forward",
            (false, true) => "Training-mode (batch statistics) forward",
            _ => "Forward",
        };
        _w.Line($"/// {mode} and backward pass over a batch (samples row-major), layer by layer");
        _w.Line($"/// over the whole batch with register-blocked matrix products; keeps the gradients of the mean loss for <see cref=\"{MethodCref("GetGradients")}\"/>");
        _w.Line(HasBatchNorm
            ? "/// and returns that loss, updating the batch-norm running statistics. Needs at least 2 samples. Not safe to call concurrently on one instance."
            : "/// and returns that loss. Not safe to call concurrently on one instance.");
        _w.Line("/// </summary>");
        if (UpdatesInBackward)
        {
            using (_w.Open($"public {T} ComputeGradients(global::System.ReadOnlySpan<{T}> inputs, global::System.ReadOnlySpan<{T}> targets)"))
            {
                _w.Line("return __ng_ComputeGradients(inputs, targets, update: false);");
            }

            _w.Line();
            _w.Line("/// <summary>ComputeGradients, and with <paramref name=\"update\"/> (TrainStep) the optimizer step too: inside the backward pass, each layer's parameters once WeightGradients has their gradients, after the whole pass when the batch ran in shards.</summary>");
        }

        using (_w.Open(UpdatesInBackward
            ? $"private {T} __ng_ComputeGradients(global::System.ReadOnlySpan<{T}> inputs, global::System.ReadOnlySpan<{T}> targets, bool update)"
            : $"public {T} ComputeGradients(global::System.ReadOnlySpan<{T}> inputs, global::System.ReadOnlySpan<{T}> targets)"))
        {
            _w.Line("int count = global::NetGen.NetworkArguments.CountSamples(inputs.Length, Sizes.InputCount, \"inputs\", targets.Length, Sizes.OutputCount, \"targets\");");
            if (HasBatchNorm)
            {
                using (_w.Open("if (count < 2)"))
                {
                    _w.Line("throw new global::System.ArgumentException(\"Expected more than 1 value per channel when training: batch normalization estimates each unit's mean and variance from the batch, so a training batch needs at least 2 samples, but got 1.\", \"inputs\");");
                }
            }

            _w.Line("__ng_EnsureBatchCapacity(count);");
            _w.Line("__ng_trainingCount = count;");
            EmitShardedBranch();
            if (TrainsInParallel)
            {
                _w.Line($"ref {T} x = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(inputs);");
                _w.Line($"ref {T} t = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(targets);");
                EmitMeanScale(perElement);
                _w.Line();
                _w.Line("// The whole batch is one shard: the forward and backward pass are the shards' own code.");
                EmitUpdateInBackward(() => _w.Line("var total = __ng_ComputeShard(ref x, ref t, 0, 1, count, scale);"));
                _w.Line("__ng_StoreGradientNorms();");
                _w.Line($"return ({T})(total * scale);");
                return;
            }

            if (HasBatchNorm)
            {
                _w.Line("BatchesTracked++; // num_batches_tracked: this batch updates the running statistics");
            }

            _w.Line(Layers.Any(AccumulatesGradients)
                ? "// WeightGradients stores dW and db whole; " + AccumulatedGradients + " accumulate from zero (cleared in their layer's backward step)"
                : "// WeightGradients stores every gradient whole: nothing to clear first");
            _w.Line($"ref {T} p = ref __ng_parameters.Start;");
            _w.Line($"ref {T} g = ref __ng_gradients.Start;");
            EmitRunningReference();
            _w.Line($"ref {T} x = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(inputs);");
            _w.Line($"ref {T} t = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(targets);");

            // The batch buffers this method's own statements use; helpers for runs of layers reference their own.
            var lossLocals = new[] { IsFusedLoss ? Pre(Output) : "a" + Output.Number, "d" + Output.Number };
            EmitBatchBufferReferences(HasLayerRuns
                ? lossLocals
                : Layers.SelectMany(l => ForwardLocals(l).Concat(BackwardLocals(l))).Concat(lossLocals));

            EmitMeanScale(perElement);
            _w.Line("double total = 0;");
            if (HasLayerRuns)
            {
                _w.Line();
                _w.Line("// Forward over the batch, layer by layer");
            }

            var forward = new LayerRunMethod(
                "__ng_Forward",
                "the forward pass of ComputeGradients",
                $"private void {{0}}(ref {T} p, {RunningParameter}ref {T} x, int count)",
                $"ref p, {RunningArgument}ref x, count",
                Prologue: run => EmitBatchBufferReferences(run.SelectMany(ForwardLocals)));
            EmitLayerRun(Layers, forward, EmitForwardStep);

            var output = Output;
            _w.Line();
            _w.Line(IsFusedLoss ? $"// Loss from the logits, and d{output.Number} = dL/dz{output.Number}" : $"// Loss, and d{output.Number} = dL/da{output.Number}");
            using (_w.Open("for (int s = 0; s < count; s++)"))
            {
                _w.Line($"total += __ng_LossAndGradient({BatchRow(lossLocals[0], output.OutPadded)}, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref t, s * Sizes.OutputCount), {BatchRow(lossLocals[1], output.OutPadded)}, scale);");
            }

            if (HasLayerRuns)
            {
                _w.Line();
                _w.Line("// Backward over the batch, from the last layer down");
            }

            var backward = new LayerRunMethod(
                "__ng_Backward",
                "the backward pass of ComputeGradients (from the last down)",
                $"private void {{0}}(ref {T} p, ref {T} g, ref {T} x, int count)",
                "ref p, ref g, ref x, count",
                Prologue: run => EmitBatchBufferReferences(run.SelectMany(BackwardLocals)));
            EmitUpdateInBackward(() => EmitLayerRun(Layers.Reverse().ToList(), backward, EmitBackwardStep));

            _w.Line();
            EmitGradientNorms();
            _w.Line();
            _w.Line($"return ({T})(total * scale);");
        }
    }

    /// <summary>
    /// <c>GetTrainingOutputs</c>: the last training batch's outputs from its batch buffers, for metrics accumulated over an
    /// epoch's updates (as Keras reports them) without a second forward pass. A fused output keeps only its logits, so
    /// the activation is applied to them here, one sample at a time, as <c>Predict</c> does.
    /// </summary>
    private void EmitGetTrainingOutputs()
    {
        var output = Output;
        var n = output.Number;
        _w.Line("/// <summary>");
        _w.Line($"/// Copies the outputs (after the output activation) of the last <see cref=\"{MethodCref("ComputeGradients")}\"/>'s forward pass, in training mode");
        _w.Line("/// as it ran, into <paramref name=\"destination\"/>: exactly count × OutputCount values for its count samples (none before the first).");
        _w.Line("/// </summary>");
        using (_w.Open($"public void GetTrainingOutputs(global::System.Span<{T}> destination)"))
        {
            _w.Line("global::NetGen.NetworkArguments.RequireLength(destination.Length, __ng_trainingCount * Sizes.OutputCount, \"destination\");");
            if (IsFusedOutput(output))
            {
                using (_w.Open("if (__ng_trainingCount == 0)"))
                {
                    _w.Line("return; // no batch yet: its buffers do not exist");
                }

                _w.Line();
                _w.Line($"// The loss applied the activation to z{n} itself: apply it again, into a whole padded row.");
                _w.Line($"ref {T} p = ref __ng_parameters.Start;");
                _w.Line($"ref {T} {Pre(output)} = ref __ng_{Pre(output)}.Start;");
                _w.Line($"global::System.Span<{T}> row = stackalloc {T}[{I(output.OutPadded)}];");
                _w.Line($"ref {T} y = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(row);");
                using (_w.Open("for (int s = 0; s < __ng_trainingCount; s++)"))
                {
                    _w.Line($"__ng_Activate{n}(ref p, {BatchRow(Pre(output), output.OutPadded)}, ref y);");
                    _w.Line("row.Slice(0, Sizes.OutputCount).CopyTo(destination.Slice(s * Sizes.OutputCount, Sizes.OutputCount));");
                }
            }
            else
            {
                EmitCopyTrainingRows($"__ng_a{n}", output);
            }
        }
    }

    /// <summary>
    /// <c>GetTrainingLogits</c>: the last training batch's output-layer values before the activation, straight from its
    /// batch buffer. Accuracy needs only these (the arg-max of softmax's input is its output's; sigmoid is 0.5 at 0), so
    /// the epoch metrics skip the activation <c>GetTrainingOutputs</c> applies to a fused output.
    /// </summary>
    private void EmitGetTrainingLogits()
    {
        var output = Output;
        _w.Line("/// <summary>");
        _w.Line($"/// Copies the output layer's values before its activation (the logits; after batch norm when it has one) of the last");
        _w.Line($"/// <see cref=\"{MethodCref("ComputeGradients")}\"/>'s forward pass, in training mode as it ran, into <paramref name=\"destination\"/>:");
        _w.Line("/// exactly count × OutputCount values for its count samples (none before the first).");
        _w.Line("/// </summary>");
        using (_w.Open($"public void GetTrainingLogits(global::System.Span<{T}> destination)"))
        {
            _w.Line("global::NetGen.NetworkArguments.RequireLength(destination.Length, __ng_trainingCount * Sizes.OutputCount, \"destination\");");
            EmitCopyTrainingRows($"__ng_{Pre(output)}", output);
        }
    }

    /// <summary>
    /// The loop of <c>GetTrainingOutputs</c> and <c>GetTrainingLogits</c>: each sample's outputs from its padded batch row
    /// into <c>destination</c>. <c>Fit</c> calls one of them after every update for its epoch metrics, so a few outputs
    /// (up to <see cref="ValueByValueOutputs"/>) are copied value by value: a <c>CopyTo</c> per row is a call to copy one
    /// to four values, and 32 of them took 9 % of a 2-16-16-1 epoch.
    /// </summary>
    private void EmitCopyTrainingRows(string buffer, LayerLayout output)
    {
        if (output.Out > ValueByValueOutputs)
        {
            using (_w.Open("for (int s = 0; s < __ng_trainingCount; s++)"))
            {
                _w.Line($"{buffer}.Span.Slice(s * {I(output.OutPadded)}, Sizes.OutputCount).CopyTo(destination.Slice(s * Sizes.OutputCount, Sizes.OutputCount));");
            }

            return;
        }

        _w.Line($"global::System.ReadOnlySpan<{T}> rows = {buffer}.Span;");
        using (_w.Open("for (int s = 0; s < __ng_trainingCount; s++)"))
        {
            for (var o = 0; o < output.Out; o++)
            {
                var at = o == 0 ? "" : $" + {I(o)}";
                _w.Line($"destination[s * Sizes.OutputCount{at}] = rows[s * {I(output.OutPadded)}{at}];");
            }
        }
    }

    /// <summary>The widest output <see cref="EmitCopyTrainingRows"/> copies value by value rather than by a <c>CopyTo</c> per row.</summary>
    private const int ValueByValueOutputs = 4;

    /// <summary>The network's inputs are InputCount apart; every batch buffer row is its layer's padded width apart.</summary>
    private static string BatchRow(string buffer, int width) =>
        $"ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {buffer}, s * {(buffer == "x" ? "Sizes.InputCount" : I(width))})";

    /// <summary>
    /// What a layer's activation reads in training: the batch-norm output y, else z; a where the product stores a itself
    /// (ReLU, whose derivative a &gt; 0 ? 1 : 0 is the same as z &gt; 0 ? 1 : 0).
    /// </summary>
    private string Pre(LayerLayout layer) => (StoresActivated(layer) ? "a" : layer.HasBatchNorm ? "y" : "z") + layer.Number;

    /// <summary>What a layer reads in training: the network's inputs x, or the layer below's a (o after dropout).</summary>
    private string Input(LayerLayout layer) =>
        layer.Number == 1 ? "x" : (Layers[layer.Number - 2].HasDropout ? "o" : "a") + (layer.Number - 1);

    /// <summary>Whether a layer's backward step adds into gradients (batch norm's γ and β, PReLU slopes) that start at zero.</summary>
    private static bool AccumulatesGradients(LayerLayout layer) => layer.StorageEnd > layer.Gamma;

    private string AccumulatedGradients => Layers.Any(l => l.HasAffine)
        ? (Layers.Any(l => l.HasSlope) ? "the batch-norm and slope gradients" : "the batch-norm gradients")
        : "the slope gradients";

    /// <summary>The batch buffers a layer's forward step uses: its input (above the first layer), z, y, a and o.</summary>
    private IEnumerable<string> ForwardLocals(LayerLayout layer)
    {
        if (layer.Number > 1)
        {
            yield return Input(layer);
        }

        if (!StoresActivated(layer))
        {
            yield return "z" + layer.Number;
        }

        if (layer.HasBatchNorm)
        {
            yield return Pre(layer);
        }

        if (!IsFusedOutput(layer))
        {
            yield return "a" + layer.Number;
        }

        if (layer.HasDropout)
        {
            yield return "o" + layer.Number;
        }
    }

    /// <summary>The batch buffers a layer's backward step uses: its d, the mask, what the activation derivative reads, its input, and d below.</summary>
    private IEnumerable<string> BackwardLocals(LayerLayout layer)
    {
        yield return "d" + layer.Number;
        if (layer.HasDropout)
        {
            yield return "mask" + layer.Number;
        }

        if (NeedsActivationBackward(layer))
        {
            yield return Pre(layer);
            yield return "a" + layer.Number;
        }

        if (layer.Number > 1)
        {
            yield return Input(layer);
            yield return "d" + (layer.Number - 1);
        }
    }

    /// <summary>
    /// Declares a reference to the first element of each of the batch buffers <paramref name="locals"/> (<c>z1</c> is
    /// <c>__ng_z1</c>), each once, layer by layer in <see cref="BatchBuffers"/> order.
    /// </summary>
    private void EmitBatchBufferReferences(IEnumerable<string> locals, string? firstRow = null)
    {
        var used = new HashSet<string>(locals);
        foreach (var layer in Layers)
        {
            foreach (var name in BatchBuffers(layer))
            {
                if (used.Contains(name + layer.Number))
                {
                    var start = $"__ng_{name}{layer.Number}.Start";
                    _w.Line(firstRow is null
                        ? $"ref {T} {name}{layer.Number} = ref {start};"
                        : $"ref {T} {name}{layer.Number} = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref {start}, {firstRow} * {I(layer.OutPadded)});");
                }
            }
        }
    }

    private void EmitForwardStep(LayerLayout layer)
    {
        var n = layer.Number;
        var input = Input(layer);
        _w.Line();
        if (StoresActivated(layer))
        {
            _w.Line($"// Layer {n} forward over the batch: a{n} = max({Affine(layer, input)}, 0), the ReLU applied as the product stores{(layer.HasDropout ? $"; o{n} = a{n} ⊙ mask{n}" : "")}");
            _w.Line($"__ng_LinearBatch{n}(ref p, ref {input}, ref a{n}, count);");
            if (layer.HasDropout)
            {
                _w.Line($"__ng_Dropout{n}(ref a{n}, ref o{n}, count);");
            }

            return;
        }

        _w.Line($"// Layer {n} forward over the batch: z{n} = {Affine(layer, input)}{(layer.HasBatchNorm ? $", y{n} = BN(z{n})" : "")}{(IsFusedOutput(layer) ? " (the loss applies the activation)" : $", a{n} = f({Pre(layer)})")}{(layer.HasDropout ? $", o{n} = a{n} ⊙ mask{n}" : "")}");
        _w.Line($"__ng_LinearBatch{n}(ref p, ref {input}, ref z{n}, count);");
        if (layer.HasBatchNorm)
        {
            _w.Line($"__ng_BatchNormForward{n}(ref p, ref rs, count);");
        }

        if (!IsFusedOutput(layer))
        {
            _w.Line($"__ng_ActivateBatch{n}(ref p, ref {Pre(layer)}, ref a{n}, count);");
        }

        if (layer.HasDropout)
        {
            _w.Line($"__ng_Dropout{n}(ref a{n}, ref o{n}, count);");
        }
    }

    private void EmitBackwardStep(LayerLayout layer)
    {
        var n = layer.Number;
        var input = Input(layer);
        var steps = new List<string>();
        if (layer.HasDropout)
        {
            steps.Add($"d{n} ⊙= mask{n}");
        }

        if (NeedsActivationBackward(layer))
        {
            steps.Add($"d{n} ⊙= f′");
        }

        if (layer.HasBatchNorm)
        {
            steps.Add($"d{n} through BN");
        }

        steps.Add(layer.HasBias ? $"dW{n} = d{n}ᵀ·{input}, db{n} = Σ d{n}" : $"dW{n} = d{n}ᵀ·{input}");
        if (n > 1)
        {
            steps.Add($"d{n - 1} = d{n}·W{n}");
        }

        _w.Line();
        _w.Line($"// Layer {n} backward over the batch: {string.Join(", ", steps)}");
        _w.Line(n == 1 ? "// (nothing to do when it is frozen)" : $"// (nothing to do when it and every layer below are frozen)");
        using var trained = _w.Open($"if (__ng_lowestTrained <= {I(n)})");
        if (AccumulatesGradients(layer))
        {
            var what = (layer.HasAffine, layer.HasSlope) switch
            {
                (true, true) => $"dγ{n}, dβ{n} and dα{n}",
                (true, false) => $"dγ{n} and dβ{n}",
                _ => $"dα{n}",
            };
            _w.Line($"{ClearGradients(layer)} // {what} accumulate from zero");
        }

        if (layer.HasDropout)
        {
            _w.Line($"__ng_Multiply(ref d{n}, ref mask{n}, ref d{n}, count * {I(layer.OutPadded)}); // dL/da = dL/do ⊙ mask");
        }

        if (NeedsActivationBackward(layer))
        {
            if (StoresActivated(layer))
            {
                _w.Line($"// ReLU′ from a{n}: a > 0 exactly where z > 0 (the product kept no z)");
            }

            _w.Line($"__ng_ActivationBackwardBatch{n}(ref p, ref g, ref {Pre(layer)}, ref a{n}, ref d{n}, count);");
        }

        if (layer.HasBatchNorm)
        {
            _w.Line($"__ng_BatchNormBackward{n}(ref p, ref g, count);");
        }

        // d below first: it reads this layer's W, which WeightGradients may update (TrainStep)
        if (n > 1)
        {
            using (_w.Open($"if (__ng_lowestTrained < {I(n)})"))
            {
                _w.Line(IsNarrow(layer)
                    ? $"__ng_InputGradients{n}(ref p, ref {(_inShard ? $"wt{n}" : $"__ng_wt{n}.Start")}, ref d{n}, ref d{n - 1}, count);"
                    : $"__ng_InputGradients{n}(ref p, ref d{n}, ref d{n - 1}, count);");
            }

            _w.Line();
        }

        using (_w.Open($"if (!__ng_frozen[{I(n - 1)}])"))
        {
            _w.Line(UpdatesInBackward
                ? $"__ng_WeightGradients{n}(ref g, ref {input}, ref d{n}, count, __ng_updateInBackward ? this : null);"
                : $"__ng_WeightGradients{n}(ref g, ref {input}, ref d{n}, count);");
        }

        if (AccumulatesGradients(layer))
        {
            using (_w.Open("else"))
            {
                _w.Line($"{ClearGradients(layer)} // a frozen layer has no gradient");
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="pass"/>, the backward pass of ComputeGradients, for TrainStep's <c>update</c>: the step's
    /// coefficients first and <c>__ng_updateInBackward</c> set while it runs, so each layer's WeightGradients updates the
    /// parameters whose gradients it has just written (<see cref="UpdatesInBackward"/>).
    /// </summary>
    private void EmitUpdateInBackward(System.Action pass)
    {
        if (!UpdatesInBackward)
        {
            pass();
            return;
        }

        using (_w.Open("if (update)"))
        {
            _w.Line("// TrainStep: each layer's WeightGradients updates its parameters as it stores their gradients (same values as after the pass)");
            _w.Line("__ng_PrepareUpdate(++__ng_stepCount);");
            _w.Line("__ng_updateInBackward = true;");
        }

        pass();
        _w.Line("__ng_updateInBackward = false;");
    }

    /// <summary>
    /// Clears the gradients a layer's backward step accumulates (γ, β, slopes): in <c>__ng_gradients</c>, or in a
    /// shard's own gradient buffer <c>g</c> when writing <c>__ng_ComputeShard</c>.
    /// </summary>
    private string ClearGradients(LayerLayout layer)
    {
        var start = layer.HasAffine ? layer.GammaName : layer.SlopeName;
        var length = I(layer.StorageEnd - layer.Gamma);
        return _inShard
            ? $"global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref g, {start}), {length}).Clear();"
            : $"__ng_gradients.Span.Slice({start}, {length}).Clear();";
    }

    private void EmitMeanScale(bool perElement)
    {
        _w.Line(perElement
            ? "// Mean reduction (PyTorch's default): the loss averages over all count × OutputCount elements."
            : "// Mean reduction (PyTorch's default): categorical cross-entropy averages over the samples.");
        _w.Line(MeanScale(perElement));
    }

    /// <summary>The mean's 1/count (or 1/(count × OutputCount) for the per-element losses), as a declaration of <c>scale</c>.</summary>
    private string MeanScale(bool perElement) => $"var scale = {Num(1)} / {(perElement ? "(count * Sizes.OutputCount)" : "count")};";

    /// <summary>
    /// <c>__ng_StoreGradientNorms</c>, for the networks that can train in shards: the norms after ComputeGradients, whether it
    /// ran whole or in shards. The others take them at the end of ComputeGradients itself.
    /// </summary>
    private void EmitStoreGradientNorms()
    {
        _w.Line();
        _w.Line("/// <summary>Stores the gradients' norms: each layer's, and the global one.</summary>");
        using (_w.Open("private void __ng_StoreGradientNorms()"))
        {
            _w.Line($"ref {T} g = ref __ng_gradients.Start;");
            EmitGradientNorms();
        }

        EmitPendingMethods();
    }

    private void EmitGradientNorms()
    {
        _w.Line(Layers.All(l => l.HasBias)
            ? "// Gradient norms before any clipping: per layer (its W, b and slopes) and global"
            : "// Gradient norms before any clipping: per layer (its W, b if it has one, and slopes) and global");
        _w.Line("double sumOfSquares = 0;");
        var norms = new LayerRunMethod(
            "__ng_GradientNorms",
            "the gradient norms of ComputeGradients: stores each layer's, returns the sum of their squares",
            $"private double {{0}}(ref {T} g)",
            "ref g",
            Sum: "sumOfSquares");
        EmitLayerRun(Layers, norms, layer =>
        {
            _w.Line($"var layer{layer.Number} = __ng_SumOfSquares(ref g, {layer.WName}, {I(layer.StorageEnd - layer.W)});");
            _w.Line($"__ng_layerGradientNorms[{I(layer.Number - 1)}] = ({T})global::System.Math.Sqrt(layer{layer.Number});");
            _w.Line($"sumOfSquares += layer{layer.Number};");
        });

        _w.Line($"GradientNorm = ({T})global::System.Math.Sqrt(sumOfSquares);");
    }

    private void EmitComputeLoss()
    {
        var perElement = _spec.Loss.Kind != LossKind.CategoricalCrossEntropy;
        var logits = Scratch(Output); // where PredictSample leaves the output layer's z
        _w.Line("/// <summary>");
        _w.Line($"/// The mean loss of a batch in inference mode (the forward pass of <see cref=\"{MethodCref("Predict")}\"/>); the gradients are untouched.");
        _w.Line("/// Allocates nothing and is safe to call from many threads at once on one instance.");
        _w.Line("/// </summary>");
        using (_w.Open($"public {T} ComputeLoss(global::System.ReadOnlySpan<{T}> inputs, global::System.ReadOnlySpan<{T}> targets)"))
        {
            _w.Line("int count = global::NetGen.NetworkArguments.CountSamples(inputs.Length, Sizes.InputCount, \"inputs\", targets.Length, Sizes.OutputCount, \"targets\");");
            _w.Line($"ref {T} p = ref __ng_parameters.Start;");
            _w.Line($"ref {T} x = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(inputs);");
            _w.Line($"ref {T} t = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(targets);");
            EmitRunningReference();
            _w.Line(MeanScale(perElement));
            _w.Line("double total = 0;");
            _w.Line("// Scratch: the two layer buffers, the outputs, and the (unused) loss gradient of one sample");
            EmitScratch("4 * __ng_MaxWidth", 4 * _layout.MaxWidth, reference => EmitComputeLossLoop(reference, logits));

            _w.Line($"return ({T})(total * scale);");
        }
    }

    private void EmitComputeLossLoop(string scratchReference, string logits)
    {
        _w.Line($"ref {T} h0 = ref {scratchReference};");
        _w.Line($"ref {T} h1 = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref h0, __ng_MaxWidth);");
        _w.Line($"ref {T} y = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref h0, 2 * __ng_MaxWidth);");
        _w.Line($"ref {T} d = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref h0, 3 * __ng_MaxWidth);");
        using (_w.Open("for (int s = 0; s < count; s++)"))
        {
            _w.Line($"__ng_PredictSample(ref p, {RunningArgument}ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, s * Sizes.InputCount), ref y, ref h0, ref h1);");
            _w.Line($"total += __ng_LossAndGradient(ref {(IsFusedLoss ? logits : "y")}, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref t, s * Sizes.OutputCount), ref d, scale);");
        }
    }

    private void EmitLoss()
    {
        var loss = _spec.Loss;
        var outputs = I(Output.Out);
        var summary = loss.Kind switch
        {
            LossKind.MeanSquaredError => "L = Σ_o (y − t)², dL/dy = 2(y − t)",
            LossKind.MeanAbsoluteError => "L = Σ_o |y − t|, dL/dy = sign(y − t)",
            LossKind.Huber => $"Huber with δ = {Literals.Double(loss.Delta)}: L = Σ_o (|y − t| < δ ? ½(y − t)² : δ(|y − t| − ½δ)), dL/dy = clamp(y − t, −δ, δ)",
            LossKind.BinaryCrossEntropy when IsFusedLoss => "binary cross-entropy from the logits z: L = Σ_o max(z, 0) − z·t + log(1 + e^−|z|), dL/dz = σ(z) − t",
            LossKind.BinaryCrossEntropy => "binary cross-entropy of probabilities y (PyTorch's BCELoss, logs clamped at −100): L = −Σ_o t·log y + (1 − t)·log(1 − y), dL/dy = (y − t)/max(y(1 − y), 1e-12)",
            LossKind.CategoricalCrossEntropy when IsFusedLoss => "categorical cross-entropy from the logits z: L = Σ_o t·(logsumexp(z) − z), dL/dz = softmax(z)·Σt − t",
            _ => "categorical cross-entropy of probabilities y (logs clamped at −100): L = −Σ_o t·log y, dL/dy = −t/max(y, 1e-12)",
        };
        _w.Line($"/// <summary>One sample's {summary.Replace("<", "&lt;")}; returns L unscaled and writes d = scale·dL/d{(IsFusedLoss ? "z" : "y")}.</summary>");
        using (_w.Open($"private static double __ng_LossAndGradient(ref {T} y, ref {T} t, ref {T} d, {T} scale)"))
        {
            if (loss.Kind == LossKind.CategoricalCrossEntropy && IsFusedLoss && _spec.Precision == Precision.Single)
            {
                // In vectors with the softmax kernel's e^x (z and d are rows padded to OutPadded; t is read to Out only)
                _w.Line($"return global::NetGen.Kernels.Softmax.CrossEntropy(ref y, ref t, ref d, scale, {Output.Out});");
                return;
            }

            _w.Line("double loss = 0;");
            if (loss.Kind == LossKind.CategoricalCrossEntropy && IsFusedLoss)
            {
                _w.Line("// logsumexp(z) = max + log Σ e^(z − max), stable for any logits");
                _w.Line("var max = y;");
                using (_w.Open($"for (nuint o = 1; o < {outputs}; o++)"))
                {
                    _w.Line($"max = {MathType}.Max(max, global::System.Runtime.CompilerServices.Unsafe.Add(ref y, o));");
                }

                _w.Line($"{T} sum = 0;");
                _w.Line($"{T} targetSum = 0;");
                _w.Line("// d holds e^(z − max) until the gradient replaces it: one exponential per output");
                using (_w.Open($"for (nuint o = 0; o < {outputs}; o++)"))
                {
                    _w.Line($"var e = {MathType}.Exp(global::System.Runtime.CompilerServices.Unsafe.Add(ref y, o) - max);");
                    _w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref d, o) = e;");
                    _w.Line("sum += e;");
                    _w.Line("targetSum += global::System.Runtime.CompilerServices.Unsafe.Add(ref t, o);");
                }

                _w.Line($"var logSumExp = max + {MathType}.Log(sum);");
                _w.Line("// softmax(z)·Σt = e^(z − max)·Σt/sum");
                _w.Line("var softmaxScale = scale * targetSum / sum;");
                using (_w.Open($"for (nuint o = 0; o < {outputs}; o++)"))
                {
                    _w.Line("var target = global::System.Runtime.CompilerServices.Unsafe.Add(ref t, o);");
                    _w.Line("loss += target * (logSumExp - global::System.Runtime.CompilerServices.Unsafe.Add(ref y, o));");
                    _w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref d, o) = softmaxScale * global::System.Runtime.CompilerServices.Unsafe.Add(ref d, o) - scale * target;");
                }
            }
            else
            {
                using (_w.Open($"for (nuint o = 0; o < {outputs}; o++)"))
                {
                    _w.Line("var target = global::System.Runtime.CompilerServices.Unsafe.Add(ref t, o);");
                    EmitElementLoss(loss);
                }
            }

            _w.Line("return loss;");
        }
    }

    private void EmitElementLoss(Model.LossSpec loss)
    {
        var m = MathType;
        switch (loss.Kind)
        {
            case LossKind.MeanSquaredError:
                _w.Line("var diff = global::System.Runtime.CompilerServices.Unsafe.Add(ref y, o) - target;");
                _w.Line("loss += diff * diff;");
                _w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref d, o) = scale * 2 * diff;");
                break;
            case LossKind.MeanAbsoluteError:
                _w.Line("var diff = global::System.Runtime.CompilerServices.Unsafe.Add(ref y, o) - target;");
                _w.Line($"loss += {m}.Abs(diff);");
                _w.Line("// sign(0) = 0, as in PyTorch");
                _w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref d, o) = diff > 0 ? scale : diff < 0 ? -scale : 0;");
                break;
            case LossKind.Huber:
                _w.Line($"var delta = {Num(loss.Delta)};");
                _w.Line("var diff = global::System.Runtime.CompilerServices.Unsafe.Add(ref y, o) - target;");
                _w.Line($"var magnitude = {m}.Abs(diff);");
                _w.Line($"loss += magnitude < delta ? {Num(0.5)} * diff * diff : delta * (magnitude - {Num(0.5)} * delta);");
                _w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref d, o) = scale * global::System.Math.Clamp(diff, -delta, delta);");
                break;
            case LossKind.BinaryCrossEntropy when IsFusedLoss:
                _w.Line("var z = global::System.Runtime.CompilerServices.Unsafe.Add(ref y, o);");
                _w.Line("// one exponential serves both: e = e^−|z|, σ(z) = 1/(1 + e) for z ≥ 0, e/(1 + e) below");
                _w.Line($"var e = {m}.Exp(-{m}.Abs(z));");
                _w.Line($"loss += {m}.Max(z, 0) - z * target + {m}.Log(1 + e);");
                _w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref d, o) = scale * ((z >= 0 ? 1 : e) / (1 + e) - target);");
                break;
            case LossKind.BinaryCrossEntropy:
                _w.Line("var probability = global::System.Runtime.CompilerServices.Unsafe.Add(ref y, o);");
                _w.Line($"loss -= target * {m}.Max({m}.Log(probability), -100) + (1 - target) * {m}.Max({m}.Log(1 - probability), -100);");
                _w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref d, o) = scale * (probability - target) / {m}.Max((1 - probability) * probability, {Num(1e-12)});");
                break;
            default:
                _w.Line("var probability = global::System.Runtime.CompilerServices.Unsafe.Add(ref y, o);");
                _w.Line($"loss -= target * {m}.Max({m}.Log(probability), -100);");
                _w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref d, o) = -scale * target / {m}.Max(probability, {Num(1e-12)});");
                break;
        }
    }

    private void EmitActivationBackward(LayerLayout layer)
    {
        var n = layer.Number;
        var activation = layer.Spec.Activation;
        if (activation == Activation.Softmax)
        {
            _w.Line($"/// <summary>Layer {n}, one sample: d = a ⊙ (d − Σ_o d·a), the softmax Jacobian applied to dL/da (d holds dL/da on entry, dL/dz on exit).</summary>");
            using (_w.Open($"private static void __ng_ActivationBackward{n}(ref {T} p, ref {T} g, ref {T} pre, ref {T} post, ref {T} d)"))
            {
                _w.Line($"{T} dot = 0;");
                using (_w.Open($"for (nuint o = 0; o < {I(layer.Out)}; o++)"))
                {
                    _w.Line("dot += global::System.Runtime.CompilerServices.Unsafe.Add(ref d, o) * global::System.Runtime.CompilerServices.Unsafe.Add(ref post, o);");
                }

                using (_w.Open($"for (nuint o = 0; o < {I(layer.Out)}; o++)"))
                {
                    _w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref d, o) = global::System.Runtime.CompilerServices.Unsafe.Add(ref post, o) * (global::System.Runtime.CompilerServices.Unsafe.Add(ref d, o) - dot);");
                }
            }

            return;
        }

        var formula = ActivationFormulas.Get(activation);
        var derivative = ActivationFormulas.Expand(formula.Derivative, _spec.Precision);
        _w.Line($"/// <summary>Layer {n}, one sample: d = d ⊙ f′ for {formula.Math} (d holds dL/da on entry, dL/dz on exit).</summary>");
        using (_w.Open($"private static void __ng_ActivationBackward{n}(ref {T} p, ref {T} g, ref {T} pre, ref {T} post, ref {T} d)"))
        {
            EmitSlopeDeclaration(layer, perUnitInLoop: false);
            var vectorized = formula.VectorBackward is not null && layer.Out >= Lanes;
            if (vectorized)
            {
                // Whole vectors first, branch-free; the scalar loop finishes the last Out % Lanes units.
                _w.Line("nuint o = 0;");
                EmitVectorBodies(_rowWidths, v =>
                {
                    EmitVectorConstants(v, layer, formula!.VectorBackward!);
                    using (_w.Open($"for (; o + {I(v.Lanes)} <= {I(layer.Out)}; o += {I(v.Lanes)})"))
                    {
                        _w.Line($"var zv = {v.Type}.LoadUnsafe(ref pre, o);");
                        _w.Line($"var dv = {v.Type}.LoadUnsafe(ref d, o);");
                        _w.Line(v.Store(VectorForm(v, formula!.VectorBackward!), "ref d, o"));
                    }
                });
            }

            using (_w.Open(vectorized ? $"for (; o < {I(layer.Out)}; o++)" : $"for (nuint o = 0; o < {I(layer.Out)}; o++)"))
            {
                EmitSlopeDeclaration(layer, perUnitInLoop: true);
                if (Uses(derivative, "z") || activation == Activation.PReLU)
                {
                    _w.Line("var z = global::System.Runtime.CompilerServices.Unsafe.Add(ref pre, o);");
                }

                if (Uses(derivative, "a"))
                {
                    _w.Line("var a = global::System.Runtime.CompilerServices.Unsafe.Add(ref post, o);");
                }

                if (activation == Activation.PReLU)
                {
                    _w.Line($"// dL/dα{n} += dL/da · (z > 0 ? 0 : z)");
                    _w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref g, {layer.SlopeName}{(layer.Spec.SlopePerUnit ? " + o" : "")}) += z > 0 ? 0 : global::System.Runtime.CompilerServices.Unsafe.Add(ref d, o) * z;");
                }

                _w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref d, o) *= {derivative};");
            }
        }
    }

    /// <summary>Inputs per register block of <c>WeightGradients</c> (with up to TileBlocks output vectors: 12 accumulators).</summary>
    private const int GradientInputs = 4;

    /// <summary>Inputs per register block of <c>InputGradients</c>: their four sums of one sample reduce together (<c>Simd.Sum4</c>).</summary>
    private const int DotInputs = 4;

    /// <summary>Layers with at most this many <c>Vector256</c>s of outputs pass their gradient down through a copy of W (<see cref="IsNarrow"/>).</summary>
    private const int NarrowBlocks = 2;

    /// <summary>Samples per register block of <c>InputGradients</c>: DotSamples × DotInputs = 8 accumulators, plus 6 loads per step.</summary>
    private const int DotSamples = 2;

    /// <summary>The forward product of a layer over the batch: TileRows samples at a time through <c>LinearTile</c>, the rest one by one.</summary>
    private void EmitLinearBatch(LayerLayout layer)
    {
        var n = layer.Number;
        var xStride = InputStride(layer);
        var zStride = I(layer.OutPadded);
        _w.Line($"/// <summary>Layer {n} over a batch: z[s] = {Produced(layer, "x[s]")} for count samples, __ng_TileRows at a time, then __ng_QuadRows, then one at a time; rows of x are {xStride} apart, rows of z {zStride}.</summary>");
        using (_w.Open($"private static void __ng_LinearBatch{n}(ref {T} p, ref {T} x, ref {T} z, int count)"))
        {
            _w.Line("int s = 0;");
            using (_w.Open("for (; s + __ng_TileRows <= count; s += __ng_TileRows)"))
            {
                _w.Line($"__ng_LinearTile{n}(ref p, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, s * {xStride}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref z, s * {zStride}));");
            }

            using (_w.Open("if (s + __ng_QuadRows <= count)"))
            {
                _w.Line($"__ng_LinearQuad{n}(ref p, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, s * {xStride}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref z, s * {zStride}));");
                _w.Line("s += __ng_QuadRows;");
            }

            using (_w.Open("for (; s < count; s++)"))
            {
                _w.Line($"__ng_Linear{n}(ref p, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, s * {xStride}), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref z, s * {zStride}));");
            }
        }
    }

    /// <summary>
    /// <c>db = Σ_s d[s]</c> (with a bias) and <c>dWt[i, ·] = Σ_s x[s, i]·d[s, ·]</c> over the batch, stored whole (so the
    /// gradients of W and b need no clearing first): a register-blocked kernel that holds GradientInputs inputs × up to
    /// TileBlocks output vectors of dWt in registers while it runs over the samples, loading each row chunk of d once per block.
    /// </summary>
    private void EmitWeightGradients(LayerLayout layer)
    {
        var n = layer.Number;
        var xStride = InputStride(layer);
        var width = I(layer.OutPadded);
        var bias = layer.HasBias ? $"db{n} = Σ_s d[s], " : "";
        var updates = UpdatesInBackward;
        var range = $"{layer.WName}, {(layer == Output ? "__ng_StorageLength" : Layers[n].WName)}";
        var perBlock = updates && (layer.StorageEnd - layer.W) * (_spec.Precision == Precision.Single ? 4 : 8) > UpdateInL1Bytes;
        _w.Line($"/// <summary>Layer {n} over a batch: {bias}dW{n} = Σ_s d[s]·x[s]ᵀ ({layer.Out} × {layer.In}), padding lanes included; rows of x are {xStride} apart, rows of d {width}.{(updates ? $" With <paramref name=\"update\"/> (TrainStep), also that network's optimizer step of W{n}{(layer.HasBias ? $" and b{n}" : "")}, {(perBlock ? "block by block as their gradients are stored (still in L1)" : "once their gradients are all stored (in L1)")}." : "")}</summary>");
        _w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        using (_w.Open(updates
            ? $"private static void __ng_WeightGradients{n}(ref {T} g, ref {T} x, ref {T} d, int count, {SelfType}? update)"
            : $"private static void __ng_WeightGradients{n}(ref {T} g, ref {T} x, ref {T} d, int count)"))
        {
            _w.Line("nuint samples = (nuint)count;");
            EmitVectorBodies(v =>
            {
                if (layer.HasBias)
                {
                    EmitChunks(v, VBlocks(layer, v), v.MaxAccumulators, chunk =>
                    {
                        _w.Line($"// db{n}{chunk.Range} = Σ_s d[s, {chunk.Range.Trim('[', ')')})");
                        for (var k = 0; k < chunk.Count; k++)
                        {
                            _w.Line($"var acc{k} = {v.Type}<{T}>.Zero;");
                        }

                        using (_w.Open("for (nuint s = 0; s < samples; s++)"))
                        {
                            _w.Line($"nuint row = s * {width};");
                            for (var k = 0; k < chunk.Count; k++)
                            {
                                _w.Line($"acc{k} += {v.Type}.LoadUnsafe(ref d, {chunk.At("row", k * v.Lanes)});");
                            }
                        }

                        for (var k = 0; k < chunk.Count; k++)
                        {
                            _w.Line(v.Store($"acc{k}", $"ref g, {chunk.At(layer.BName, k * v.Lanes)}"));
                        }
                    });
                    if (perBlock)
                    {
                        _w.Line($"update?.__ng_UpdateRange({layer.BName}, {layer.BName} + {width});");
                    }
                }

                var blocked = layer.In / GradientInputs * GradientInputs;
                if (blocked > 0)
                {
                    using (_w.Open($"for (nuint i = 0; i < {I(blocked)}; i += {I(GradientInputs)})"))
                    {
                        _w.Line($"nuint w = {layer.WName} + i * {width}; // dWt{n}[i, 0]");
                        EmitChunks(v, VBlocks(layer, v), v.TileBlocks, chunk => EmitWeightGradientBlock(v, layer, chunk, GradientInputs));
                        if (perBlock)
                        {
                            _w.Line($"update?.__ng_UpdateRange(w, w + {I(GradientInputs * layer.OutPadded)});");
                        }
                    }
                }

                if (blocked < layer.In)
                {
                    using (_w.Open(blocked == 0 ? $"for (nuint i = 0; i < {I(layer.In)}; i++)" : $"for (nuint i = {I(blocked)}; i < {I(layer.In)}; i++)"))
                    {
                        _w.Line($"nuint w = {layer.WName} + i * {width}; // dWt{n}[i, 0]");
                        EmitChunks(v, VBlocks(layer, v), v.MaxAccumulators, chunk => EmitWeightGradientBlock(v, layer, chunk, 1));
                        if (perBlock)
                        {
                            _w.Line($"update?.__ng_UpdateRange(w, w + {width});");
                        }
                    }
                }
            });

            using (_w.Open("else"))
            {
                _w.Line("// padding lanes of g are never written here: they stay 0");
                using (_w.Open($"for (nuint o = 0; o < {I(layer.Out)}; o++)"))
                {
                    if (layer.HasBias)
                    {
                        _w.Line($"{T} sum = 0;");
                        using (_w.Open("for (nuint s = 0; s < samples; s++)"))
                        {
                            _w.Line($"sum += global::System.Runtime.CompilerServices.Unsafe.Add(ref d, s * {width} + o);");
                        }

                        _w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref g, {layer.BName} + o) = sum;");
                    }

                    using (_w.Open($"for (nuint i = 0; i < {I(layer.In)}; i++)"))
                    {
                        _w.Line($"{T} product = 0;");
                        using (_w.Open("for (nuint s = 0; s < samples; s++)"))
                        {
                            _w.Line($"product += global::System.Runtime.CompilerServices.Unsafe.Add(ref x, s * {xStride} + i) * global::System.Runtime.CompilerServices.Unsafe.Add(ref d, s * {width} + o);");
                        }

                        _w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref g, {layer.WName} + i * {width} + o) = product;");
                    }
                }

                if (perBlock)
                {
                    _w.Line($"update?.__ng_UpdateRange({range});");
                }
            }

            if (updates && !perBlock)
            {
                _w.Line($"update?.__ng_UpdateRange({range}); // W{n}{(layer.HasBias ? $" and b{n}" : "")}, whose gradients are all in L1 now");
            }
        }
    }

    /// <summary>
    /// A layer whose parameters take more than this is updated inside WeightGradients block by block (each block of dW
    /// as it is stored, still in L1), a smaller one once at the end of it (all its gradients fit L1).
    /// </summary>
    private const int UpdateInL1Bytes = 32 * 1024;

    /// <summary>One register block of <c>WeightGradients</c>: <paramref name="inputs"/> rows of dWt from <c>i</c> × the chunk's output vectors.</summary>
    private void EmitWeightGradientBlock(VectorWidth v, LayerLayout layer, Chunk chunk, int inputs)
    {
        var n = layer.Number;
        var width = layer.OutPadded;
        var rows = inputs == 1 ? "i" : $"i..i + {inputs}";
        _w.Line($"// dWt{n}[{rows}, {chunk.Range.Trim('[', ')')}) = Σ_s x[s, {rows}]ᵀ·d[s, {chunk.Range.Trim('[', ')')})");
        for (var r = 0; r < inputs; r++)
        {
            var declarations = new string[chunk.Count];
            for (var k = 0; k < chunk.Count; k++)
            {
                declarations[k] = $"acc{r}{k} = {v.Type}<{T}>.Zero";
            }

            _w.Line($"{v.Type}<{T}> " + string.Join(", ", declarations) + ";");
        }

        using (_w.Open("for (nuint s = 0; s < samples; s++)"))
        {
            _w.Line($"nuint row = s * {I(width)};");
            for (var k = 0; k < chunk.Count; k++)
            {
                _w.Line($"var d{k} = {v.Type}.LoadUnsafe(ref d, {chunk.At("row", k * v.Lanes)});");
            }

            _w.Line($"nuint xs = s * {InputStride(layer)} + i;");
            for (var r = 0; r < inputs; r++)
            {
                _w.Line($"var x{r} = {v.Type}.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x, {Offset("xs", r)}));");
                for (var k = 0; k < chunk.Count; k++)
                {
                    _w.Line($"acc{r}{k} = global::NetGen.Kernels.Simd.MultiplyAdd(d{k}, x{r}, acc{r}{k});");
                }
            }
        }

        for (var r = 0; r < inputs; r++)
        {
            for (var k = 0; k < chunk.Count; k++)
            {
                _w.Line(v.Store($"acc{r}{k}", $"ref g, {chunk.At("w", r * width, k * v.Lanes)}"));
            }
        }
    }

    /// <summary>
    /// <c>dx[s, i] = Σ_o Wt[i, o]·d[s, o]</c> over the batch, the gradient passed to the layer below: dot products along
    /// the output vectors, DotSamples samples × DotInputs inputs at a time. The inputs are the outer loop, so their rows of
    /// Wt stay in L1 while the samples stream past, and the DotInputs sums of a sample come out as one vector (<c>Simd.Sum4</c>).
    /// </summary>
    private void EmitInputGradients(LayerLayout layer)
    {
        var n = layer.Number;
        var width = I(layer.OutPadded);
        var xStride = InputStride(layer);
        var narrow = IsNarrow(layer);
        _w.Line(narrow
            ? $"/// <summary>Layer {n} over a batch: dx[s] = W{n}ᵀ·d[s] for its {layer.In} inputs, from W{n} copied into <paramref name=\"wt\"/> for batches of __ng_QuadRows or more; rows of d are {width} apart, rows of dx {xStride}.</summary>"
            : $"/// <summary>Layer {n} over a batch: dx[s] = W{n}ᵀ·d[s] for its {layer.In} inputs; rows of d are {width} apart, rows of dx {xStride}.</summary>");
        _w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        using (_w.Open(narrow
            ? $"private static void __ng_InputGradients{n}(ref {T} p, ref {T} wt, ref {T} d, ref {T} dx, int count)"
            : $"private static void __ng_InputGradients{n}(ref {T} p, ref {T} d, ref {T} dx, int count)"))
        {
            _w.Line("nuint samples = (nuint)count;");
            EmitVectorBodies(v =>
            {
                if (narrow)
                {
                    EmitNarrowInputGradients(v, layer);
                }

                var blocked = layer.In / DotInputs * DotInputs;
                if (blocked > 0)
                {
                    using (_w.Open($"for (nuint i = 0; i < {I(blocked)}; i += {I(DotInputs)})"))
                    {
                        _w.Line($"nuint w = {layer.WName} + i * {width}; // Wt{n}[i, 0]");
                        _w.Line("nuint s = 0;");
                        using (_w.Open($"for (; s + {I(DotSamples)} <= samples; s += {I(DotSamples)})"))
                        {
                            EmitInputGradientBlock(v, layer, DotSamples, DotInputs);
                        }

                        using (_w.Open("if (s < samples)"))
                        {
                            EmitInputGradientBlock(v, layer, 1, DotInputs);
                        }
                    }
                }

                if (blocked < layer.In)
                {
                    using (_w.Open(blocked == 0 ? $"for (nuint i = 0; i < {I(layer.In)}; i++)" : $"for (nuint i = {I(blocked)}; i < {I(layer.In)}; i++)"))
                    {
                        _w.Line($"nuint w = {layer.WName} + i * {width}; // Wt{n}[i, 0]");
                        using (_w.Open("for (nuint s = 0; s < samples; s++)"))
                        {
                            EmitInputGradientBlock(v, layer, 1, 1);
                        }
                    }
                }
            });

            using (_w.Open("else"))
            {
                using (_w.Open("for (nuint s = 0; s < samples; s++)"))
                {
                    using (_w.Open($"for (nuint i = 0; i < {I(layer.In)}; i++)"))
                    {
                        _w.Line($"nuint w = {layer.WName} + i * {width};");
                        _w.Line($"{T} sum = 0;");
                        using (_w.Open($"for (nuint o = 0; o < {I(layer.Out)}; o++)"))
                        {
                            _w.Line($"sum += global::System.Runtime.CompilerServices.Unsafe.Add(ref p, w + o) * global::System.Runtime.CompilerServices.Unsafe.Add(ref d, s * {width} + o);");
                        }

                        _w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, s * {xStride} + i) = sum;");
                    }
                }
            }
        }
    }

    /// <summary>
    /// A narrow layer (at most NarrowBlocks output vectors) has too few outputs to amortize the horizontal sums of the dot
    /// products, but copying its W into the exchange orientation is cheap (Out × In values): then <c>dx = d·W</c> is the
    /// forward kernel's form, broadcast-multiply-adds of QuadRows samples × up to TileBlocks input vectors, looping over the outputs.
    /// </summary>
    private bool IsNarrow(LayerLayout layer) => layer.OutPadded <= NarrowBlocks * Lanes;

    private void EmitNarrowInputGradients(VectorWidth v, LayerLayout layer)
    {
        var n = layer.Number;
        var width = layer.OutPadded;
        var below = Layers[n - 2];
        var inWidth = below.OutPadded;
        using (_w.Open("if (samples >= __ng_QuadRows)"))
        {
            _w.Line($"// wt = W{n} [{layer.Out} × {layer.In}], rows {inWidth} apart (the padding lanes stay 0): a tile of samples or more repays the copy");
            using (_w.Open($"for (nuint o = 0; o < {I(layer.Out)}; o++)"))
            {
                using (_w.Open($"for (nuint i = 0; i < {I(layer.In)}; i++)"))
                {
                    _w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref wt, o * {I(inWidth)} + i) = global::System.Runtime.CompilerServices.Unsafe.Add(ref p, {layer.WName} + i * {I(width)} + o);");
                }
            }

            _w.Line("nuint s = 0;");
            using (_w.Open("for (; s + __ng_QuadRows <= samples; s += __ng_QuadRows)"))
            {
                _w.Line($"nuint row = s * {I(width)}; // d[s, 0]");
                _w.Line($"nuint xs = s * {I(inWidth)}; // dx[s, 0]");
                EmitChunks(v, VBlocks(below, v), v.TileBlocks, chunk => EmitNarrowInputGradientBlock(v, layer, chunk, QuadRows));
            }

            _w.Line("// the remaining samples one at a time");
            using (_w.Open("for (; s < samples; s++)"))
            {
                _w.Line($"nuint row = s * {I(width)};");
                _w.Line($"nuint xs = s * {I(inWidth)};");
                EmitChunks(v, VBlocks(below, v), v.MaxAccumulators, chunk => EmitNarrowInputGradientBlock(v, layer, chunk, 1));
            }

            _w.Line("return;");
        }

        _w.Line("// fewer samples than a tile: dot products along the rows of Wt, as for wide layers");
    }

    /// <summary>One register block of the narrow <c>InputGradients</c>: <paramref name="samples"/> rows of dx × the chunk's input vectors.</summary>
    private void EmitNarrowInputGradientBlock(VectorWidth v, LayerLayout layer, Chunk chunk, int samples)
    {
        var n = layer.Number;
        var inWidth = Layers[n - 2].OutPadded;
        var lanes = chunk.Range.Trim('[', ')');
        _w.Line($"// dx[{(samples == 1 ? "s" : $"s..s + {samples}")}, {lanes}) = Σ_o d[{(samples == 1 ? "s" : "…")}, o]·W{n}[o, {lanes})");
        for (var r = 0; r < samples; r++)
        {
            var declarations = new string[chunk.Count];
            for (var k = 0; k < chunk.Count; k++)
            {
                declarations[k] = $"acc{r}{k} = {v.Type}<{T}>.Zero";
            }

            _w.Line($"{v.Type}<{T}> " + string.Join(", ", declarations) + ";");
        }

        using (_w.Open($"for (nuint o = 0; o < {I(layer.Out)}; o++)"))
        {
            _w.Line($"nuint w = o * {I(inWidth)};");
            for (var k = 0; k < chunk.Count; k++)
            {
                _w.Line($"var w{k} = {v.Type}.LoadUnsafe(ref wt, {chunk.At("w", k * v.Lanes)});");
            }

            for (var r = 0; r < samples; r++)
            {
                _w.Line($"var d{r} = {v.Type}.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref d, {Offset("row", r * layer.OutPadded)} + o));");
                for (var k = 0; k < chunk.Count; k++)
                {
                    _w.Line($"acc{r}{k} = global::NetGen.Kernels.Simd.MultiplyAdd(w{k}, d{r}, acc{r}{k});");
                }
            }
        }

        for (var r = 0; r < samples; r++)
        {
            for (var k = 0; k < chunk.Count; k++)
            {
                _w.Line(v.Store($"acc{r}{k}", $"ref dx, {chunk.At("xs", r * inWidth, k * v.Lanes)}"));
            }
        }
    }

    /// <summary>One register block of <c>InputGradients</c>: <paramref name="samples"/> rows of d from <c>s</c> × <paramref name="inputs"/> rows of Wt from <c>i</c>.</summary>
    private void EmitInputGradientBlock(VectorWidth v, LayerLayout layer, int samples, int inputs)
    {
        var n = layer.Number;
        var width = layer.OutPadded;
        var xWidth = layer.Number == 1 ? 0 : Layers[layer.Number - 2].OutPadded;
        var sampleRange = samples == 1 ? "s" : $"s..s + {samples}";
        var inputRange = inputs == 1 ? "i" : $"i..i + {inputs}";
        _w.Line($"// dx[{sampleRange}, {inputRange}] = d[{sampleRange}, ·]·Wt{n}[{inputRange}, ·]ᵀ");
        _w.Line($"nuint row = s * {I(width)};");
        for (var r = 0; r < samples; r++)
        {
            var declarations = new string[inputs];
            for (var j = 0; j < inputs; j++)
            {
                declarations[j] = $"acc{r}{j} = {v.Type}<{T}>.Zero";
            }

            _w.Line($"{v.Type}<{T}> " + string.Join(", ", declarations) + ";");
        }

        void Body(string o)
        {
            for (var j = 0; j < inputs; j++)
            {
                _w.Line($"var w{j} = {v.Type}.LoadUnsafe(ref p, {Offset("w", j * width)}{o});");
            }

            for (var r = 0; r < samples; r++)
            {
                _w.Line($"var d{r} = {v.Type}.LoadUnsafe(ref d, {Offset("row", r * width)}{o});");
            }

            for (var r = 0; r < samples; r++)
            {
                for (var j = 0; j < inputs; j++)
                {
                    _w.Line($"acc{r}{j} = global::NetGen.Kernels.Simd.MultiplyAdd(w{j}, d{r}, acc{r}{j});");
                }
            }
        }

        if (VBlocks(layer, v) == 1)
        {
            Body("");
        }
        else
        {
            using (_w.Open($"for (nuint o = 0; o < {I(VBlocks(layer, v) * v.Lanes)}; o += {I(v.Lanes)})"))
            {
                Body(" + o");
            }
        }

        _w.Line($"nuint xs = s * {InputStride(layer)} + i;");
        for (var r = 0; r < samples; r++)
        {
            var at = Offset("xs", r * xWidth);
            if (inputs == DotInputs)
            {
                var sums = string.Join(", ", Enumerable.Range(0, inputs).Select(j => $"acc{r}{j}"));
                // Sum4 returns the four sums as one vector of four lanes: a Vector128 of floats or a Vector256 of doubles.
                var four = _spec.Precision == Precision.Single ? VectorWidth.Of128(_spec.Precision) : VectorWidth.Of256(_spec.Precision);
                _w.Line(four.Store($"global::NetGen.Kernels.Simd.Sum4({sums})", $"ref dx, {at}"));
            }
            else
            {
                _w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref dx, {at}) = {v.Type}.Sum(acc{r}0);");
            }
        }
    }

    private void EmitSumOfSquares()
    {
        _w.Line("/// <summary>Σ v² over <paramref name=\"length\"/> values from <paramref name=\"start\"/> (a multiple of the vector width).</summary>");
        using (_w.Open($"private static double __ng_SumOfSquares(ref {T} values, nuint start, nuint length)"))
        {
            _w.Line("nuint k = 0;");
            _w.Line("double sum = 0;");
            EmitVectorBodies(v =>
            {
                _w.Line("// Four accumulators, so four multiply-adds are in flight rather than one chain of them");
                _w.Line($"{v.Type}<{T}> acc0 = {v.Type}<{T}>.Zero, acc1 = {v.Type}<{T}>.Zero, acc2 = {v.Type}<{T}>.Zero, acc3 = {v.Type}<{T}>.Zero;");
                using (_w.Open($"for (; k + {I(4 * v.Lanes)} <= length; k += {I(4 * v.Lanes)})"))
                {
                    for (var a = 0; a < 4; a++)
                    {
                        _w.Line($"var v{a} = {v.Type}.LoadUnsafe(ref values, start + k{(a == 0 ? "" : " + " + I(a * v.Lanes))});");
                    }

                    for (var a = 0; a < 4; a++)
                    {
                        _w.Line($"acc{a} = global::NetGen.Kernels.Simd.MultiplyAdd(v{a}, v{a}, acc{a});");
                    }
                }

                using (_w.Open($"for (; k < length; k += {I(v.Lanes)})"))
                {
                    _w.Line($"var v = {v.Type}.LoadUnsafe(ref values, start + k);");
                    _w.Line("acc0 = global::NetGen.Kernels.Simd.MultiplyAdd(v, v, acc0);");
                }

                _w.Line($"sum = {v.Type}.Sum((acc0 + acc1) + (acc2 + acc3));");
            });

            using (_w.Open("for (; k < length; k++)"))
            {
                _w.Line("var v = global::System.Runtime.CompilerServices.Unsafe.Add(ref values, start + k);");
                _w.Line("sum += v * v;");
            }

            _w.Line("return sum;");
        }
    }

    private void EmitDropout(LayerLayout layer)
    {
        var n = layer.Number;
        var rate = layer.Spec.DropoutRate;
        var width = I(layer.OutPadded);
        _w.Line($"/// <summary>Layer {n} dropout over a batch, training only: each unit is zeroed with probability {Literals.Double(rate)}, survivors scaled by 1/(1 − p); o = a ⊙ mask.</summary>");
        using (_w.Open($"private void __ng_Dropout{n}(ref {T} a, ref {T} o, int count)"))
        {
            _w.Line("// Each row's mask from the dropout stream, in sample order; the padding lanes of the mask stay 0");
            using (_w.Open("for (int s = 0; s < count; s++)"))
            {
                _w.Line($"__ng_dropoutRandom.FillDropoutMask(__ng_mask{n}.Span.Slice(s * {width}, {I(layer.Out)}), {Literals.Double(rate)});");
            }

            _w.Line($"__ng_Multiply(ref a, ref __ng_mask{n}.Start, ref o, count * {width});");
        }
    }

    private void EmitMultiply()
    {
        _w.Line("/// <summary>product[k] = a[k]·b[k] for <paramref name=\"length\"/> values (product may be a).</summary>");
        using (_w.Open($"private static void __ng_Multiply(ref {T} a, ref {T} b, ref {T} product, int length)"))
        {
            _w.Line("nuint k = 0;");
            EmitVectorBodies(v =>
            {
                using (_w.Open($"for (; k + {I(v.Lanes)} <= (nuint)length; k += {I(v.Lanes)})"))
                {
                    _w.Line(v.Store($"{v.Type}.LoadUnsafe(ref a, k) * {v.Type}.LoadUnsafe(ref b, k)", "ref product, k"));
                }
            });

            using (_w.Open("for (; k < (nuint)length; k++)"))
            {
                _w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref product, k) = global::System.Runtime.CompilerServices.Unsafe.Add(ref a, k) * global::System.Runtime.CompilerServices.Unsafe.Add(ref b, k);");
            }
        }
    }
}
