using System.Linq;

namespace NetGen.Generator.Emitting;

/// <summary>Batch normalization: running statistics, the inference transform, and the batch-level training passes.</summary>
internal sealed partial class NetworkEmitter
{
    /// <summary>Running mean then running variance of every batch-norm layer, each padded to the vector width, in one array.</summary>
    private void EmitRunningStatisticsConstants()
    {
        if (!HasBatchNorm)
        {
            return;
        }

        var offset = 0;
        foreach (var layer in Layers.Where(l => l.HasBatchNorm))
        {
            _w.Line($"private const int RunningMean{layer.Number} = {I(offset)}; // running mean of layer {layer.Number} [{layer.OutPadded}]");
            _w.Line($"private const int RunningVariance{layer.Number} = {I(offset + layer.OutPadded)}; // running variance of layer {layer.Number} [{layer.OutPadded}]");
            offset += 2 * layer.OutPadded;
        }

        _w.Line($"private const int RunningLength = {I(offset)};");
    }

    private int RunningStatisticsCount => Layers.Where(l => l.HasBatchNorm).Sum(l => 2 * l.Out);

    private void EmitRunningStatisticsMembers()
    {
        _w.Line("/// <summary>The number of batch-norm running statistics: per batch-norm layer in order, the running mean then the running variance of its units.</summary>");
        _w.Line($"public const int RunningStatisticsCount = {I(RunningStatisticsCount)};");
        _w.Line();
        _w.Line($"int global::NetGen.INetwork<{T}>.RunningStatisticsCount => RunningStatisticsCount;");
        _w.Line();
        if (HasBatchNorm)
        {
            _w.Line("// Batch-norm running statistics (PyTorch's buffers): not trainable, used by inference.");
            _w.Line($"private readonly {T}[] _running = NewRunningStatistics();");
            _w.Line();
            using (_w.Open($"private static {T}[] NewRunningStatistics()"))
            {
                _w.Line($"var running = new {T}[RunningLength];");
                foreach (var layer in Layers.Where(l => l.HasBatchNorm))
                {
                    _w.Line($"running.AsSpan(RunningVariance{layer.Number}, {I(layer.OutPadded)}).Fill(1); // variance starts at 1");
                }

                _w.Line("return running;");
            }

            _w.Line();
        }

        _w.Line("/// <summary>Copies the batch-norm running statistics into <paramref name=\"destination\"/> (exactly <see cref=\"RunningStatisticsCount\"/> values).</summary>");
        using (_w.Open($"public void GetRunningStatistics(Span<{T}> destination)"))
        {
            _w.Line("global::NetGen.NetworkArguments.RequireLength(destination.Length, RunningStatisticsCount, nameof(destination));");
            var exchange = 0;
            foreach (var layer in Layers.Where(l => l.HasBatchNorm))
            {
                _w.Line($"_running.AsSpan(RunningMean{layer.Number}, {I(layer.Out)}).CopyTo(destination.Slice({I(exchange)}, {I(layer.Out)}));");
                _w.Line($"_running.AsSpan(RunningVariance{layer.Number}, {I(layer.Out)}).CopyTo(destination.Slice({I(exchange + layer.Out)}, {I(layer.Out)}));");
                exchange += 2 * layer.Out;
            }
        }

        _w.Line();
        _w.Line("/// <summary>Replaces the batch-norm running statistics with <paramref name=\"source\"/> (exactly <see cref=\"RunningStatisticsCount\"/> values).</summary>");
        using (_w.Open($"public void SetRunningStatistics(ReadOnlySpan<{T}> source)"))
        {
            _w.Line("global::NetGen.NetworkArguments.RequireLength(source.Length, RunningStatisticsCount, nameof(source));");
            var exchange = 0;
            foreach (var layer in Layers.Where(l => l.HasBatchNorm))
            {
                _w.Line($"source.Slice({I(exchange)}, {I(layer.Out)}).CopyTo(_running.AsSpan(RunningMean{layer.Number}, {I(layer.Out)}));");
                _w.Line($"source.Slice({I(exchange + layer.Out)}, {I(layer.Out)}).CopyTo(_running.AsSpan(RunningVariance{layer.Number}, {I(layer.Out)}));");
                exchange += 2 * layer.Out;
            }
        }
    }

    /// <summary>Inference: z ← (z − running mean)·γ/√(running variance + ε) + β, over all padded lanes.</summary>
    private void EmitBatchNormInference(LayerLayout layer)
    {
        var n = layer.Number;
        var epsilon = Num(layer.Spec.BatchNorm!.Epsilon);
        var gamma = layer.HasAffine ? $"Vector256.LoadUnsafe(ref p, {layer.GammaName} + o)" : $"Vector256<{T}>.One";
        var beta = layer.HasAffine ? $"Vector256.LoadUnsafe(ref p, {layer.BetaName} + o)" : $"Vector256<{T}>.Zero";
        _w.Line($"/// <summary>Layer {n} batch norm in inference mode, one sample: z = (z − running mean)·γ/√(running variance + ε) + β.</summary>");
        using (_w.Open($"private static void BatchNormInference{n}(ref {T} p, ref {T} rs, ref {T} z)"))
        {
            _w.Line("nuint o = 0;");
            using (_w.Open("if (Vector256.IsHardwareAccelerated)"))
            {
                _w.Line($"var epsilon = Vector256.Create({epsilon});");
                using (_w.Open($"for (; o < {I(layer.OutPadded)}; o += {I(Lanes)})"))
                {
                    _w.Line($"var scale = {gamma} / Vector256.Sqrt(Vector256.LoadUnsafe(ref rs, RunningVariance{n} + o) + epsilon);");
                    _w.Line($"((Vector256.LoadUnsafe(ref z, o) - Vector256.LoadUnsafe(ref rs, RunningMean{n} + o)) * scale + {beta}).StoreUnsafe(ref z, o);");
                }
            }

            using (_w.Open($"for (; o < {I(layer.Out)}; o++)"))
            {
                var scalarGamma = layer.HasAffine ? $"Unsafe.Add(ref p, {layer.GammaName} + o)" : "1";
                var scalarBeta = layer.HasAffine ? $" + Unsafe.Add(ref p, {layer.BetaName} + o)" : "";
                _w.Line($"var scale = {scalarGamma} / {MathType}.Sqrt(Unsafe.Add(ref rs, RunningVariance{n} + o) + {epsilon});");
                _w.Line($"Unsafe.Add(ref z, o) = (Unsafe.Add(ref z, o) - Unsafe.Add(ref rs, RunningMean{n} + o)) * scale{scalarBeta};");
            }
        }
    }

    /// <summary>Training buffers for a whole batch: row s of a layer starts at s × its padded width; they grow on demand.</summary>
    private void EmitBatchTrainingFields()
    {
        _w.Line("// Training scratch for a whole batch (batch norm couples the samples): z, the batch-norm output y and x̂, a, d (dL/da, then");
        _w.Line("// dL/dz) of every layer, row s of a layer at s × its padded width. Grown when a larger batch arrives, never per call.");
        _w.Line("private int _batchCapacity;");
        foreach (var layer in Layers)
        {
            var n = layer.Number;
            foreach (var name in BatchBuffers(layer))
            {
                _w.Line($"private {T}[] _{name}{n} = [];");
            }

            if (layer.HasBatchNorm)
            {
                _w.Line($"private readonly {T}[] _invStd{n} = new {T}[{I(layer.OutPadded)}]; // 1/√(σ²_B + ε) of the last batch");
            }
        }

        _w.Line();
        _w.Line("/// <summary>Makes every training buffer hold <paramref name=\"count\"/> samples.</summary>");
        using (_w.Open("private void EnsureBatchCapacity(int count)"))
        {
            using (_w.Open("if (count <= _batchCapacity)"))
            {
                _w.Line("return;");
            }

            foreach (var layer in Layers)
            {
                foreach (var name in BatchBuffers(layer))
                {
                    _w.Line($"_{name}{layer.Number} = new {T}[count * {I(layer.OutPadded)}];");
                }
            }

            _w.Line("_batchCapacity = count;");
        }
    }

    private static string[] BatchBuffers(LayerLayout layer)
    {
        var names = new System.Collections.Generic.List<string> { "z", "a", "d" };
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

    private void EmitBatchNormTraining(LayerLayout layer)
    {
        var n = layer.Number;
        var spec = layer.Spec.BatchNorm!;
        var width = I(layer.OutPadded);
        var gamma = layer.HasAffine ? $"Unsafe.Add(ref p, {layer.GammaName} + u)" : "1";
        _w.Line($"/// <summary>");
        _w.Line($"/// Layer {n} batch norm in training mode over the batch: per unit, μ and the biased σ² of z, x̂ = (z − μ)/√(σ² + ε), y = γ·x̂ + β;");
        _w.Line($"/// the running statistics move by momentum {Literals.Double(spec.Momentum)} towards μ and the unbiased variance (PyTorch's BatchNorm1d).");
        _w.Line($"/// </summary>");
        using (_w.Open($"private void BatchNormForward{n}(ref {T} p, ref {T} rs, int count)"))
        {
            _w.Line($"ref {T} z = ref MemoryMarshal.GetArrayDataReference(_z{n});");
            _w.Line($"ref {T} xhat = ref MemoryMarshal.GetArrayDataReference(_xhat{n});");
            _w.Line($"ref {T} y = ref MemoryMarshal.GetArrayDataReference(_y{n});");
            using (_w.Open($"for (int u = 0; u < {I(layer.Out)}; u++)"))
            {
                _w.Line("double sum = 0;");
                using (_w.Open("for (int s = 0; s < count; s++)"))
                {
                    _w.Line($"sum += Unsafe.Add(ref z, s * {width} + u);");
                }

                _w.Line("var mean = sum / count;");
                _w.Line("double squares = 0;");
                using (_w.Open("for (int s = 0; s < count; s++)"))
                {
                    _w.Line($"var difference = Unsafe.Add(ref z, s * {width} + u) - mean;");
                    _w.Line("squares += difference * difference;");
                }

                _w.Line($"var inverseStd = 1 / Math.Sqrt(squares / count + {Literals.Double(spec.Epsilon)});");
                _w.Line($"_invStd{n}[u] = ({T})inverseStd;");
                _w.Line($"var gamma = {gamma};");
                using (_w.Open("for (int s = 0; s < count; s++)"))
                {
                    _w.Line($"var normalized = ({T})((Unsafe.Add(ref z, s * {width} + u) - mean) * inverseStd);");
                    _w.Line($"Unsafe.Add(ref xhat, s * {width} + u) = normalized;");
                    _w.Line($"Unsafe.Add(ref y, s * {width} + u) = gamma * normalized{(layer.HasAffine ? $" + Unsafe.Add(ref p, {layer.BetaName} + u)" : "")};");
                }

                _w.Line($"ref var runningMean = ref Unsafe.Add(ref rs, RunningMean{n} + u);");
                _w.Line($"ref var runningVariance = ref Unsafe.Add(ref rs, RunningVariance{n} + u);");
                _w.Line($"runningMean = ({T})((1 - {Literals.Double(spec.Momentum)}) * runningMean + {Literals.Double(spec.Momentum)} * mean);");
                _w.Line($"runningVariance = ({T})((1 - {Literals.Double(spec.Momentum)}) * runningVariance + {Literals.Double(spec.Momentum)} * squares / (count - 1));");
            }
        }

        _w.Line();
        _w.Line($"/// <summary>");
        _w.Line($"/// Layer {n} batch norm backward over the batch, exact through μ and σ²: dγ += Σ_s d·x̂, dβ += Σ_s d, and in place");
        _w.Line($"/// d ← γ/(√(σ² + ε)·N)·(N·d − Σ_s d − x̂·Σ_s d·x̂) (d holds dL/dy on entry, dL/dz on exit).");
        _w.Line($"/// </summary>");
        using (_w.Open($"private void BatchNormBackward{n}(ref {T} p, ref {T} g, int count)"))
        {
            _w.Line($"ref {T} d = ref MemoryMarshal.GetArrayDataReference(_d{n});");
            _w.Line($"ref {T} xhat = ref MemoryMarshal.GetArrayDataReference(_xhat{n});");
            using (_w.Open($"for (int u = 0; u < {I(layer.Out)}; u++)"))
            {
                _w.Line("double sumD = 0;");
                _w.Line("double sumDX = 0;");
                using (_w.Open("for (int s = 0; s < count; s++)"))
                {
                    _w.Line($"var dy = Unsafe.Add(ref d, s * {width} + u);");
                    _w.Line("sumD += dy;");
                    _w.Line($"sumDX += dy * Unsafe.Add(ref xhat, s * {width} + u);");
                }

                if (layer.HasAffine)
                {
                    _w.Line($"Unsafe.Add(ref g, {layer.GammaName} + u) += ({T})sumDX;");
                    _w.Line($"Unsafe.Add(ref g, {layer.BetaName} + u) += ({T})sumD;");
                }

                _w.Line($"var k = {gamma} * (double)_invStd{n}[u] / count;");
                using (_w.Open("for (int s = 0; s < count; s++)"))
                {
                    _w.Line($"ref var dz = ref Unsafe.Add(ref d, s * {width} + u);");
                    _w.Line($"dz = ({T})(k * (count * dz - sumD - Unsafe.Add(ref xhat, s * {width} + u) * sumDX));");
                }
            }
        }
    }

    private void EmitComputeGradientsBatched()
    {
        var perElement = _spec.Loss.Kind != LossKind.CategoricalCrossEntropy;
        _w.Line("/// <summary>");
        _w.Line("/// Training-mode forward and backward pass over a batch (samples row-major), layer by layer over the whole batch because");
        _w.Line("/// batch norm couples the samples; keeps the gradients of the mean loss for <see cref=\"GetGradients\"/>, updates the");
        _w.Line("/// running statistics and returns the loss. Needs at least 2 samples. Not safe to call concurrently on one instance.");
        _w.Line("/// </summary>");
        using (_w.Open($"public {T} ComputeGradients(ReadOnlySpan<{T}> inputs, ReadOnlySpan<{T}> targets)"))
        {
            _w.Line("int count = global::NetGen.NetworkArguments.CountSamples(inputs.Length, InputCount, nameof(inputs), targets.Length, OutputCount, nameof(targets));");
            using (_w.Open("if (count < 2)"))
            {
                _w.Line("throw new ArgumentException(\"Expected more than 1 value per channel when training: batch normalization estimates each unit's mean and variance from the batch, so a training batch needs at least 2 samples, but got 1.\", nameof(inputs));");
            }

            _w.Line("EnsureBatchCapacity(count);");
            _w.Line("Array.Clear(_gradients);");
            _w.Line($"ref {T} p = ref MemoryMarshal.GetArrayDataReference(_parameters);");
            _w.Line($"ref {T} g = ref MemoryMarshal.GetArrayDataReference(_gradients);");
            _w.Line($"ref {T} rs = ref MemoryMarshal.GetArrayDataReference(_running);");
            _w.Line($"ref {T} x = ref MemoryMarshal.GetReference(inputs);");
            _w.Line($"ref {T} t = ref MemoryMarshal.GetReference(targets);");
            foreach (var layer in Layers)
            {
                foreach (var name in BatchBuffers(layer))
                {
                    _w.Line($"ref {T} {name}{layer.Number} = ref MemoryMarshal.GetArrayDataReference(_{name}{layer.Number});");
                }
            }

            _w.Line(perElement
                ? "// Mean reduction (PyTorch's default): the loss averages over all count × OutputCount elements."
                : "// Mean reduction (PyTorch's default): categorical cross-entropy averages over the samples.");
            _w.Line($"var scale = {Num(1)} / {(perElement ? "(count * OutputCount)" : "count")};");
            _w.Line("double total = 0;");

            // The network's inputs are InputCount apart; every training buffer row is its layer's padded width apart.
            string Row(string buffer, int width) => $"ref Unsafe.Add(ref {buffer}, s * {(buffer == "x" ? "InputCount" : I(width))})";
            string Pre(LayerLayout layer) => (layer.HasBatchNorm ? "y" : "z") + layer.Number;
            string Input(int index) => index == 0 ? "x" : (Layers[index - 1].HasDropout ? "o" : "a") + Layers[index - 1].Number;
            int InputWidth(int index) => index == 0 ? _spec.Inputs : Layers[index - 1].OutPadded;

            for (var index = 0; index < Layers.Count; index++)
            {
                var layer = Layers[index];
                var n = layer.Number;
                _w.Line();
                _w.Line($"// Layer {n} forward over the batch");
                using (_w.Open("for (int s = 0; s < count; s++)"))
                {
                    _w.Line($"Linear{n}(ref p, {Row(Input(index), InputWidth(index))}, {Row("z" + n, layer.OutPadded)});");
                }

                if (layer.HasBatchNorm)
                {
                    _w.Line($"BatchNormForward{n}(ref p, ref rs, count);");
                }

                if (!IsFusedOutput(layer))
                {
                    using (_w.Open("for (int s = 0; s < count; s++)"))
                    {
                        _w.Line($"Activate{n}(ref p, {Row(Pre(layer), layer.OutPadded)}, {Row("a" + n, layer.OutPadded)});");
                        if (layer.HasDropout)
                        {
                            _w.Line($"Dropout{n}({Row("a" + n, layer.OutPadded)}, {Row("o" + n, layer.OutPadded)}, {Row("mask" + n, layer.OutPadded)});");
                        }
                    }
                }
            }

            var output = Output;
            _w.Line();
            _w.Line(IsFusedLoss ? $"// Loss from the logits, and d{output.Number} = dL/dz{output.Number}" : $"// Loss, and d{output.Number} = dL/da{output.Number}");
            using (_w.Open("for (int s = 0; s < count; s++)"))
            {
                _w.Line($"total += LossAndGradient({Row(IsFusedLoss ? Pre(output) : "a" + output.Number, output.OutPadded)}, ref Unsafe.Add(ref t, s * OutputCount), {Row("d" + output.Number, output.OutPadded)}, scale);");
            }

            for (var index = Layers.Count - 1; index >= 0; index--)
            {
                var layer = Layers[index];
                var n = layer.Number;
                _w.Line();
                _w.Line($"// Layer {n} backward over the batch");
                if (layer.HasDropout || NeedsActivationBackward(layer))
                {
                    using (_w.Open("for (int s = 0; s < count; s++)"))
                    {
                        if (layer.HasDropout)
                        {
                            _w.Line($"Multiply({Row("d" + n, layer.OutPadded)}, {Row("mask" + n, layer.OutPadded)}, {I(layer.Out)});");
                        }

                        if (NeedsActivationBackward(layer))
                        {
                            _w.Line($"ActivationBackward{n}(ref p, ref g, {Row(Pre(layer), layer.OutPadded)}, {Row("a" + n, layer.OutPadded)}, {Row("d" + n, layer.OutPadded)});");
                        }
                    }
                }

                if (layer.HasBatchNorm)
                {
                    _w.Line($"BatchNormBackward{n}(ref p, ref g, count);");
                }

                using (_w.Open("for (int s = 0; s < count; s++)"))
                {
                    _w.Line(index == 0
                        ? $"LinearBackward{n}(ref p, ref g, {Row("x", _spec.Inputs)}, {Row("d" + n, layer.OutPadded)});"
                        : $"LinearBackward{n}(ref p, ref g, {Row(Input(index), InputWidth(index))}, {Row("d" + n, layer.OutPadded)}, {Row("d" + Layers[index - 1].Number, Layers[index - 1].OutPadded)});");
                }
            }

            _w.Line();
            EmitGradientNorms();
            _w.Line();
            _w.Line($"return ({T})(total * scale);");
        }
    }
}
