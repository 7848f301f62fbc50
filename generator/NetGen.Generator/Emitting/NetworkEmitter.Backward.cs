using System.Linq;

namespace NetGen.Generator.Emitting;

/// <summary>Training: <c>ComputeGradients</c>, the loss and its gradient, and each layer's backward pass.</summary>
internal sealed partial class NetworkEmitter
{
    private void EmitComputeGradients()
    {
        var perElement = _spec.Loss.Kind != LossKind.CategoricalCrossEntropy;
        _w.Line("/// <summary>");
        _w.Line(HasDropout
            ? "/// Training-mode (dropout on) forward and backward pass over a batch (samples row-major): keeps the gradients of the mean loss"
            : "/// Training-mode forward and backward pass over a batch (samples row-major): keeps the gradients of the mean loss");
        _w.Line("/// for <see cref=\"GetGradients\"/> and returns that loss. Not safe to call concurrently on one instance.");
        _w.Line("/// </summary>");
        using (_w.Open($"public {T} ComputeGradients(ReadOnlySpan<{T}> inputs, ReadOnlySpan<{T}> targets)"))
        {
            _w.Line("int count = global::NetGen.NetworkArguments.CountSamples(inputs.Length, InputCount, nameof(inputs), targets.Length, OutputCount, nameof(targets));");
            _w.Line("Array.Clear(_gradients);");
            _w.Line($"ref {T} p = ref MemoryMarshal.GetArrayDataReference(_parameters);");
            _w.Line($"ref {T} g = ref MemoryMarshal.GetArrayDataReference(_gradients);");
            foreach (var layer in Layers)
            {
                var n = layer.Number;
                _w.Line($"ref {T} z{n} = ref MemoryMarshal.GetArrayDataReference(_z{n});");
                _w.Line($"ref {T} a{n} = ref MemoryMarshal.GetArrayDataReference(_a{n});");
                _w.Line($"ref {T} d{n} = ref MemoryMarshal.GetArrayDataReference(_d{n});");
                if (layer.HasDropout)
                {
                    _w.Line($"ref {T} mask{n} = ref MemoryMarshal.GetArrayDataReference(_mask{n});");
                    _w.Line($"ref {T} o{n} = ref MemoryMarshal.GetArrayDataReference(_o{n});");
                }
            }

            _w.Line(perElement
                ? "// Mean reduction (PyTorch's default): the loss averages over all count × OutputCount elements."
                : "// Mean reduction (PyTorch's default): categorical cross-entropy averages over the samples.");
            _w.Line($"var scale = {Num(1)} / {(perElement ? "(count * OutputCount)" : "count")};");
            _w.Line("double total = 0;");
            using (_w.Open("for (int s = 0; s < count; s++)"))
            {
                _w.Line($"ref {T} x = ref Unsafe.Add(ref MemoryMarshal.GetReference(inputs), s * InputCount);");
                _w.Line($"ref {T} t = ref Unsafe.Add(ref MemoryMarshal.GetReference(targets), s * OutputCount);");
                _w.Line();
                _w.Line("// Forward, keeping z and a of every layer");
                var input = "x";
                foreach (var layer in Layers)
                {
                    var n = layer.Number;
                    _w.Line($"Linear{n}(ref p, ref {input}, ref z{n});");
                    if (!IsFusedOutput(layer))
                    {
                        _w.Line($"Activate{n}(ref p, ref z{n}, ref a{n});");
                    }

                    input = "a" + n;
                    if (layer.HasDropout)
                    {
                        _w.Line($"Dropout{n}(ref a{n}, ref o{n}, ref mask{n});");
                        input = "o" + n;
                    }
                }

                var last = Output.Number;
                _w.Line();
                _w.Line(IsFusedLoss
                    ? $"// Loss from the logits, and d{last} = dL/dz{last}"
                    : $"// Loss, and d{last} = dL/da{last}");
                _w.Line($"total += LossAndGradient(ref {(IsFusedLoss ? "z" : "a")}{last}, ref t, ref d{last}, scale);");
                _w.Line();
                _w.Line(Layers.All(l => l.HasBias)
                    ? "// Backward: each layer turns dL/da into dL/dz, accumulates dW and db, and passes dL/da to the layer below"
                    : "// Backward: each layer turns dL/da into dL/dz, accumulates dW (and db if it has a bias), and passes dL/da to the layer below");
                for (var index = Layers.Count - 1; index >= 0; index--)
                {
                    var layer = Layers[index];
                    var n = layer.Number;
                    if (layer.HasDropout)
                    {
                        _w.Line($"Multiply(ref d{n}, ref mask{n}, {I(layer.Out)}); // dL/da = dL/do ⊙ mask");
                    }

                    if (NeedsActivationBackward(layer))
                    {
                        _w.Line($"ActivationBackward{n}(ref p, ref g, ref z{n}, ref a{n}, ref d{n});");
                    }

                    var below = index == 0 ? null : Layers[index - 1];
                    _w.Line(below is null
                        ? $"LinearBackward{n}(ref p, ref g, ref x, ref d{n});"
                        : $"LinearBackward{n}(ref p, ref g, ref {(below.HasDropout ? "o" : "a")}{n - 1}, ref d{n}, ref d{n - 1});");
                }
            }

            _w.Line();
            EmitGradientNorms();
            _w.Line();
            _w.Line($"return ({T})(total * scale);");
        }
    }

    private void EmitGradientNorms()
    {
        _w.Line(Layers.All(l => l.HasBias)
            ? "// Gradient norms before any clipping: per layer (its W, b and slopes) and global"
            : "// Gradient norms before any clipping: per layer (its W, b if it has one, and slopes) and global");
        _w.Line("double sumOfSquares = 0;");
        foreach (var layer in Layers)
        {
            _w.Line($"var layer{layer.Number} = SumOfSquares(ref g, {layer.WName}, {I(layer.StorageEnd - layer.W)});");
            _w.Line($"_layerGradientNorms[{I(layer.Number - 1)}] = ({T})Math.Sqrt(layer{layer.Number});");
            _w.Line($"sumOfSquares += layer{layer.Number};");
        }

        _w.Line($"GradientNorm = ({T})Math.Sqrt(sumOfSquares);");
    }

    private void EmitComputeLoss()
    {
        var perElement = _spec.Loss.Kind != LossKind.CategoricalCrossEntropy;
        var logits = Layers.Count % 2 == 1 ? "h0" : "h1"; // where PredictSample leaves the output layer's z
        _w.Line("/// <summary>");
        _w.Line("/// The mean loss of a batch in inference mode (the forward pass of <see cref=\"Predict\"/>); the gradients are untouched.");
        _w.Line("/// Allocates nothing and is safe to call from many threads at once on one instance.");
        _w.Line("/// </summary>");
        using (_w.Open($"public {T} ComputeLoss(ReadOnlySpan<{T}> inputs, ReadOnlySpan<{T}> targets)"))
        {
            _w.Line("int count = global::NetGen.NetworkArguments.CountSamples(inputs.Length, InputCount, nameof(inputs), targets.Length, OutputCount, nameof(targets));");
            _w.Line($"ref {T} p = ref MemoryMarshal.GetArrayDataReference(_parameters);");
            _w.Line($"ref {T} x = ref MemoryMarshal.GetReference(inputs);");
            _w.Line($"ref {T} t = ref MemoryMarshal.GetReference(targets);");
            EmitRunningReference();
            _w.Line($"var scale = {Num(1)} / {(perElement ? "(count * OutputCount)" : "count")};");
            _w.Line("double total = 0;");
            _w.Line("// Scratch: the two layer buffers, the outputs, and the (unused) loss gradient of one sample");
            EmitScratch("4 * MaxWidth", 4 * _layout.MaxWidth, reference => EmitComputeLossLoop(reference, logits));

            _w.Line($"return ({T})(total * scale);");
        }
    }

    private void EmitComputeLossLoop(string scratchReference, string logits)
    {
        _w.Line($"ref {T} h0 = ref {scratchReference};");
        _w.Line($"ref {T} h1 = ref Unsafe.Add(ref h0, MaxWidth);");
        _w.Line($"ref {T} y = ref Unsafe.Add(ref h0, 2 * MaxWidth);");
        _w.Line($"ref {T} d = ref Unsafe.Add(ref h0, 3 * MaxWidth);");
        using (_w.Open("for (int s = 0; s < count; s++)"))
        {
            _w.Line($"PredictSample(ref p, {RunningArgument}ref Unsafe.Add(ref x, s * InputCount), ref y, ref h0, ref h1);");
            _w.Line($"total += LossAndGradient(ref {(IsFusedLoss ? logits : "y")}, ref Unsafe.Add(ref t, s * OutputCount), ref d, scale);");
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
        using (_w.Open($"private static double LossAndGradient(ref {T} y, ref {T} t, ref {T} d, {T} scale)"))
        {
            _w.Line("double loss = 0;");
            if (loss.Kind == LossKind.CategoricalCrossEntropy && IsFusedLoss)
            {
                _w.Line("// logsumexp(z) = max + log Σ e^(z − max), stable for any logits");
                _w.Line("var max = y;");
                using (_w.Open($"for (nuint o = 1; o < {outputs}; o++)"))
                {
                    _w.Line($"max = {MathType}.Max(max, Unsafe.Add(ref y, o));");
                }

                _w.Line($"{T} sum = 0;");
                _w.Line($"{T} targetSum = 0;");
                using (_w.Open($"for (nuint o = 0; o < {outputs}; o++)"))
                {
                    _w.Line($"sum += {MathType}.Exp(Unsafe.Add(ref y, o) - max);");
                    _w.Line("targetSum += Unsafe.Add(ref t, o);");
                }

                _w.Line($"var logSumExp = max + {MathType}.Log(sum);");
                using (_w.Open($"for (nuint o = 0; o < {outputs}; o++)"))
                {
                    _w.Line("var z = Unsafe.Add(ref y, o);");
                    _w.Line("var target = Unsafe.Add(ref t, o);");
                    _w.Line("loss += target * (logSumExp - z);");
                    _w.Line($"Unsafe.Add(ref d, o) = scale * ({MathType}.Exp(z - logSumExp) * targetSum - target);");
                }
            }
            else
            {
                using (_w.Open($"for (nuint o = 0; o < {outputs}; o++)"))
                {
                    _w.Line("var target = Unsafe.Add(ref t, o);");
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
                _w.Line("var diff = Unsafe.Add(ref y, o) - target;");
                _w.Line("loss += diff * diff;");
                _w.Line("Unsafe.Add(ref d, o) = scale * 2 * diff;");
                break;
            case LossKind.MeanAbsoluteError:
                _w.Line("var diff = Unsafe.Add(ref y, o) - target;");
                _w.Line($"loss += {m}.Abs(diff);");
                _w.Line("// sign(0) = 0, as in PyTorch");
                _w.Line("Unsafe.Add(ref d, o) = diff > 0 ? scale : diff < 0 ? -scale : 0;");
                break;
            case LossKind.Huber:
                _w.Line($"var delta = {Num(loss.Delta)};");
                _w.Line("var diff = Unsafe.Add(ref y, o) - target;");
                _w.Line($"var magnitude = {m}.Abs(diff);");
                _w.Line($"loss += magnitude < delta ? {Num(0.5)} * diff * diff : delta * (magnitude - {Num(0.5)} * delta);");
                _w.Line("Unsafe.Add(ref d, o) = scale * Math.Clamp(diff, -delta, delta);");
                break;
            case LossKind.BinaryCrossEntropy when IsFusedLoss:
                _w.Line("var z = Unsafe.Add(ref y, o);");
                _w.Line($"loss += {m}.Max(z, 0) - z * target + {m}.Log(1 + {m}.Exp(-{m}.Abs(z)));");
                _w.Line($"Unsafe.Add(ref d, o) = scale * (1 / (1 + {m}.Exp(-z)) - target);");
                break;
            case LossKind.BinaryCrossEntropy:
                _w.Line("var probability = Unsafe.Add(ref y, o);");
                _w.Line($"loss -= target * {m}.Max({m}.Log(probability), -100) + (1 - target) * {m}.Max({m}.Log(1 - probability), -100);");
                _w.Line($"Unsafe.Add(ref d, o) = scale * (probability - target) / {m}.Max((1 - probability) * probability, {Num(1e-12)});");
                break;
            default:
                _w.Line("var probability = Unsafe.Add(ref y, o);");
                _w.Line($"loss -= target * {m}.Max({m}.Log(probability), -100);");
                _w.Line($"Unsafe.Add(ref d, o) = -scale * target / {m}.Max(probability, {Num(1e-12)});");
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
            using (_w.Open($"private static void ActivationBackward{n}(ref {T} p, ref {T} g, ref {T} pre, ref {T} post, ref {T} d)"))
            {
                _w.Line($"{T} dot = 0;");
                using (_w.Open($"for (nuint o = 0; o < {I(layer.Out)}; o++)"))
                {
                    _w.Line("dot += Unsafe.Add(ref d, o) * Unsafe.Add(ref post, o);");
                }

                using (_w.Open($"for (nuint o = 0; o < {I(layer.Out)}; o++)"))
                {
                    _w.Line("Unsafe.Add(ref d, o) = Unsafe.Add(ref post, o) * (Unsafe.Add(ref d, o) - dot);");
                }
            }

            return;
        }

        var formula = ActivationFormulas.Get(activation);
        var derivative = ActivationFormulas.Expand(formula.Derivative, _spec.Precision);
        _w.Line($"/// <summary>Layer {n}, one sample: d = d ⊙ f′ for {formula.Math} (d holds dL/da on entry, dL/dz on exit).</summary>");
        using (_w.Open($"private static void ActivationBackward{n}(ref {T} p, ref {T} g, ref {T} pre, ref {T} post, ref {T} d)"))
        {
            EmitSlopeDeclaration(layer, perUnitInLoop: false);
            var vectorized = formula.VectorBackward is not null && layer.Out >= Lanes;
            if (vectorized)
            {
                // Whole vectors first, branch-free; the scalar loop finishes the last Out % Lanes units.
                _w.Line("nuint o = 0;");
                using (_w.Open("if (Vector256.IsHardwareAccelerated)"))
                {
                    EmitVectorConstants(layer, formula.VectorBackward!);
                    using (_w.Open($"for (; o + {I(Lanes)} <= {I(layer.Out)}; o += {I(Lanes)})"))
                    {
                        _w.Line("var zv = Vector256.LoadUnsafe(ref pre, o);");
                        _w.Line("var dv = Vector256.LoadUnsafe(ref d, o);");
                        _w.Line($"{Operand(formula.VectorBackward!)}.StoreUnsafe(ref d, o);");
                    }
                }
            }

            using (_w.Open(vectorized ? $"for (; o < {I(layer.Out)}; o++)" : $"for (nuint o = 0; o < {I(layer.Out)}; o++)"))
            {
                EmitSlopeDeclaration(layer, perUnitInLoop: true);
                if (Uses(derivative, "z") || activation == Activation.PReLU)
                {
                    _w.Line("var z = Unsafe.Add(ref pre, o);");
                }

                if (Uses(derivative, "a"))
                {
                    _w.Line("var a = Unsafe.Add(ref post, o);");
                }

                if (activation == Activation.PReLU)
                {
                    _w.Line($"// dL/dα{n} += dL/da · (z > 0 ? 0 : z)");
                    _w.Line($"Unsafe.Add(ref g, {layer.SlopeName}{(layer.Spec.SlopePerUnit ? " + o" : "")}) += z > 0 ? 0 : Unsafe.Add(ref d, o) * z;");
                }

                _w.Line($"Unsafe.Add(ref d, o) *= {derivative};");
            }
        }
    }

    /// <summary>
    /// The backward pass of <c>z = W·x + b</c> for one sample: <c>db += d</c> (only with a bias), <c>dWt[i, ·] += x[i]·d</c> (a rank-1 update
    /// along the contiguous rows of Wt) and, above the first layer, <c>dx[i] = Wt[i, ·]·d</c>.
    /// </summary>
    private void EmitLinearBackward(LayerLayout layer)
    {
        var n = layer.Number;
        var first = n == 1;
        var signature = first
            ? $"private static void LinearBackward{n}(ref {T} p, ref {T} g, ref {T} x, ref {T} d)"
            : $"private static void LinearBackward{n}(ref {T} p, ref {T} g, ref {T} x, ref {T} d, ref {T} dx)";
        var bias = layer.HasBias ? $"db{n} += d, " : "";
        _w.Line(first
            ? $"/// <summary>Layer {n}, one sample: {bias}dW{n} += d·xᵀ ({layer.Out} × {layer.In}); the input needs no gradient.</summary>"
            : $"/// <summary>Layer {n}, one sample: {bias}dW{n} += d·xᵀ, dx = W{n}ᵀ·d ({layer.Out} × {layer.In}).</summary>");
        _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Open(signature))
        {
            using (_w.Open("if (Vector256.IsHardwareAccelerated)"))
            {
                if (layer.Blocks <= NetworkLayout.MaxAccumulators)
                {
                    EmitLinearBackwardInRegisters(layer, first);
                }
                else
                {
                    EmitLinearBackwardChunked(layer, first);
                }
            }

            using (_w.Open("else"))
            {
                if (layer.HasBias)
                {
                    using (_w.Open($"for (nuint o = 0; o < {I(layer.Out)}; o++)"))
                    {
                        _w.Line($"Unsafe.Add(ref g, {layer.BName} + o) += Unsafe.Add(ref d, o);");
                    }
                }

                using (_w.Open($"for (nuint i = 0; i < {I(layer.In)}; i++)"))
                {
                    _w.Line("var xi = Unsafe.Add(ref x, i);");
                    _w.Line($"nuint row = {layer.WName} + i * {I(layer.OutPadded)};");
                    if (!first)
                    {
                        _w.Line($"{T} dot = 0;");
                    }

                    using (_w.Open($"for (nuint o = 0; o < {I(layer.Out)}; o++)"))
                    {
                        _w.Line("Unsafe.Add(ref g, row + o) += xi * Unsafe.Add(ref d, o);");
                        if (!first)
                        {
                            _w.Line("dot += Unsafe.Add(ref p, row + o) * Unsafe.Add(ref d, o);");
                        }
                    }

                    if (!first)
                    {
                        _w.Line("Unsafe.Add(ref dx, i) = dot;");
                    }
                }
            }
        }
    }

    /// <summary>All of d fits in registers: one loop over the inputs does both the rank-1 update and dx.</summary>
    private void EmitLinearBackwardInRegisters(LayerLayout layer, bool first)
    {
        var n = layer.Number;
        _w.Line($"// d stays in {layer.Blocks} register{(layer.Blocks == 1 ? "" : "s")}{(layer.HasBias ? $"; db{n} += d" : "")}");
        for (var k = 0; k < layer.Blocks; k++)
        {
            var offset = I(k * Lanes);
            _w.Line($"var d{k} = Vector256.LoadUnsafe(ref d, {offset});");
            if (layer.HasBias)
            {
                _w.Line($"(Vector256.LoadUnsafe(ref g, {Offset(layer.BName, k * Lanes)}) + d{k}).StoreUnsafe(ref g, {Offset(layer.BName, k * Lanes)});");
            }
        }

        using (_w.Open($"for (nuint i = 0; i < {I(layer.In)}; i++)"))
        {
            _w.Line(first ? $"// dWt{n}[i, ·] += x[i]·d" : $"// dWt{n}[i, ·] += x[i]·d; dx[i] = Wt{n}[i, ·]·d");
            _w.Line("var xi = Vector256.Create(Unsafe.Add(ref x, i));");
            _w.Line($"nuint row = {layer.WName} + i * {I(layer.OutPadded)};");
            for (var k = 0; k < layer.Blocks; k++)
            {
                _w.Line($"global::NetGen.Kernels.Simd.MultiplyAdd(xi, d{k}, Vector256.LoadUnsafe(ref g, {Offset("row", k * Lanes)})).StoreUnsafe(ref g, {Offset("row", k * Lanes)});");
            }

            if (!first)
            {
                _w.Line("var dot = Vector256.LoadUnsafe(ref p, row) * d0;");
                for (var k = 1; k < layer.Blocks; k++)
                {
                    _w.Line($"dot = global::NetGen.Kernels.Simd.MultiplyAdd(Vector256.LoadUnsafe(ref p, {Offset("row", k * Lanes)}), d{k}, dot);");
                }

                _w.Line("Unsafe.Add(ref dx, i) = Vector256.Sum(dot);");
            }
        }
    }

    /// <summary>Wide layers: the rank-1 update runs chunk by chunk with that chunk of d in registers, then dx loops over the row.</summary>
    private void EmitLinearBackwardChunked(LayerLayout layer, bool first)
    {
        var n = layer.Number;
        EmitChunks(layer.Blocks, NetworkLayout.MaxAccumulators, chunk =>
        {
            _w.Line($"// d{chunk.Range} in registers: {(layer.HasBias ? $"db{n} += d, " : "")}dWt{n}[i, ·] += x[i]·d");
            for (var k = 0; k < chunk.Count; k++)
            {
                _w.Line($"var d{k} = Vector256.LoadUnsafe(ref d, {chunk.At(null, k * Lanes)});");
                if (layer.HasBias)
                {
                    _w.Line($"(Vector256.LoadUnsafe(ref g, {chunk.At(layer.BName, k * Lanes)}) + d{k}).StoreUnsafe(ref g, {chunk.At(layer.BName, k * Lanes)});");
                }
            }

            using (_w.Open($"for (nuint i = 0; i < {I(layer.In)}; i++)"))
            {
                _w.Line("var xi = Vector256.Create(Unsafe.Add(ref x, i));");
                _w.Line($"nuint row = {layer.WName} + i * {I(layer.OutPadded)};");
                for (var k = 0; k < chunk.Count; k++)
                {
                    _w.Line($"global::NetGen.Kernels.Simd.MultiplyAdd(xi, d{k}, Vector256.LoadUnsafe(ref g, {chunk.At("row", k * Lanes)})).StoreUnsafe(ref g, {chunk.At("row", k * Lanes)});");
                }
            }
        });

        if (first)
        {
            return;
        }

        _w.Line($"// dx[i] = Wt{n}[i, ·]·d");
        using (_w.Open($"for (nuint i = 0; i < {I(layer.In)}; i++)"))
        {
            _w.Line($"nuint row = {layer.WName} + i * {I(layer.OutPadded)};");
            _w.Line($"var dot = Vector256<{T}>.Zero;");
            using (_w.Open($"for (nuint o = 0; o < {I(layer.OutPadded)}; o += {I(Lanes)})"))
            {
                _w.Line("dot = global::NetGen.Kernels.Simd.MultiplyAdd(Vector256.LoadUnsafe(ref p, row + o), Vector256.LoadUnsafe(ref d, o), dot);");
            }

            _w.Line("Unsafe.Add(ref dx, i) = Vector256.Sum(dot);");
        }
    }

    private void EmitSumOfSquares()
    {
        _w.Line("/// <summary>Σ v² over <paramref name=\"length\"/> values from <paramref name=\"start\"/> (a multiple of the vector width).</summary>");
        using (_w.Open($"private static double SumOfSquares(ref {T} values, nuint start, nuint length)"))
        {
            _w.Line("nuint k = 0;");
            _w.Line("double sum = 0;");
            using (_w.Open("if (Vector256.IsHardwareAccelerated)"))
            {
                _w.Line($"var acc = Vector256<{T}>.Zero;");
                using (_w.Open($"for (; k < length; k += {I(Lanes)})"))
                {
                    _w.Line("var v = Vector256.LoadUnsafe(ref values, start + k);");
                    _w.Line("acc = global::NetGen.Kernels.Simd.MultiplyAdd(v, v, acc);");
                }

                _w.Line("sum = Vector256.Sum(acc);");
            }

            using (_w.Open("for (; k < length; k++)"))
            {
                _w.Line("var v = Unsafe.Add(ref values, start + k);");
                _w.Line("sum += v * v;");
            }

            _w.Line("return sum;");
        }
    }

    private void EmitDropout(LayerLayout layer)
    {
        var n = layer.Number;
        var rate = layer.Spec.DropoutRate;
        _w.Line($"/// <summary>Layer {n} dropout, training only: each unit is zeroed with probability {Literals.Double(rate)}, survivors scaled by 1/(1 − p); o = a ⊙ mask.</summary>");
        using (_w.Open($"private void Dropout{n}(ref {T} a, ref {T} o, ref {T} mask)"))
        {
            using (_w.Open($"for (nuint u = 0; u < {I(layer.Out)}; u++)"))
            {
                _w.Line($"var keep = _dropoutRandom.NextDouble() < {Literals.Double(rate)} ? 0 : {Num(1 / (1 - rate))};");
                _w.Line("Unsafe.Add(ref mask, u) = keep;");
                _w.Line("Unsafe.Add(ref o, u) = Unsafe.Add(ref a, u) * keep;");
            }
        }
    }

    private void EmitMultiply()
    {
        _w.Line("/// <summary>values[u] *= factors[u] for the first <paramref name=\"count\"/> units.</summary>");
        using (_w.Open($"private static void Multiply(ref {T} values, ref {T} factors, int count)"))
        {
            using (_w.Open("for (int u = 0; u < count; u++)"))
            {
                _w.Line("Unsafe.Add(ref values, u) *= Unsafe.Add(ref factors, u);");
            }
        }
    }
}
