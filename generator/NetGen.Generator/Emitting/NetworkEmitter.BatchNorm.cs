using System.Collections.Generic;
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
            _w.Line($"private const int __ng_RunningMean{layer.Number} = {I(offset)}; // running mean of layer {layer.Number} [{layer.OutPadded}]");
            _w.Line($"private const int __ng_RunningVariance{layer.Number} = {I(offset + layer.OutPadded)}; // running variance of layer {layer.Number} [{layer.OutPadded}]");
            offset += 2 * layer.OutPadded;
        }

        _w.Line($"private const int __ng_RunningLength = {I(offset)};");
    }

    private int RunningStatisticsCount => Layers.Where(l => l.HasBatchNorm).Sum(l => 2 * l.Out);

    private void EmitRunningStatisticsMembers()
    {
        if (HasBatchNorm)
        {
            _w.Line("// Batch-norm running statistics (PyTorch's buffers): not trainable, used by inference.");
            _w.Line($"private readonly {Buffer} __ng_running = __ng_NewRunningStatistics();");
            _w.Line();
            using (_w.Open($"private static {Buffer} __ng_NewRunningStatistics()"))
            {
                _w.Line($"var buffer = new {Buffer}(__ng_RunningLength);");
                _w.Line($"global::System.Span<{T}> running = buffer.Span;");
                var create = new LayerRunMethod("__ng_NewRunningStatistics", "NewRunningStatistics", $"private static void {{0}}(global::System.Span<{T}> running)", "running");
                EmitLayerRun(BatchNormLayers, create, layer =>
                    _w.Line($"running.Slice(__ng_RunningVariance{layer.Number}, {I(layer.OutPadded)}).Fill(1); // variance starts at 1"));
                _w.Line("return buffer;");
            }

            EmitPendingMethods();
            _w.Line();
        }

        _w.Line("/// <summary>Copies the batch-norm running statistics into <paramref name=\"destination\"/> (exactly <see cref=\"RunningStatisticsCount\"/> values).</summary>");
        using (_w.Open($"public void GetRunningStatistics(global::System.Span<{T}> destination)"))
        {
            _w.Line("global::NetGen.NetworkArguments.RequireLength(destination.Length, Sizes.RunningStatisticsCount, \"destination\");");
            var get = new LayerRunMethod("__ng_GetRunningStatistics", "GetRunningStatistics", $"private void {{0}}(global::System.Span<{T}> destination)", "destination");
            EmitLayerRun(BatchNormLayers, get, layer =>
            {
                var exchange = RunningStatisticsExchangeOffset(layer);
                _w.Line($"__ng_running.Span.Slice(__ng_RunningMean{layer.Number}, {I(layer.Out)}).CopyTo(destination.Slice({I(exchange)}, {I(layer.Out)}));");
                _w.Line($"__ng_running.Span.Slice(__ng_RunningVariance{layer.Number}, {I(layer.Out)}).CopyTo(destination.Slice({I(exchange + layer.Out)}, {I(layer.Out)}));");
            });
        }

        EmitPendingMethods();
        _w.Line();
        if (HasBatchNorm)
        {
            _w.Line("/// <summary>");
            _w.Line("/// Replaces the batch-norm running statistics with <paramref name=\"source\"/> (exactly <see cref=\"RunningStatisticsCount\"/> values):");
            _w.Line("/// finite numbers, the variances at least 0. Nothing changes if it throws.");
            _w.Line("/// </summary>");
        }
        else
        {
            _w.Line("/// <summary>Replaces the batch-norm running statistics with <paramref name=\"source\"/> (exactly <see cref=\"RunningStatisticsCount\"/> values).</summary>");
        }

        using (_w.Open($"public void SetRunningStatistics(global::System.ReadOnlySpan<{T}> source)"))
        {
            _w.Line("global::NetGen.NetworkArguments.RequireLength(source.Length, Sizes.RunningStatisticsCount, \"source\");");
            if (HasBatchNorm)
            {
                _w.Line("global::NetGen.NetworkArguments.RequireRunningStatistics(source, Architecture, \"source\");");
            }

            var set = new LayerRunMethod("__ng_SetRunningStatistics", "SetRunningStatistics", $"private void {{0}}(global::System.ReadOnlySpan<{T}> source)", "source");
            EmitLayerRun(BatchNormLayers, set, layer =>
            {
                var exchange = RunningStatisticsExchangeOffset(layer);
                _w.Line($"source.Slice({I(exchange)}, {I(layer.Out)}).CopyTo(__ng_running.Span.Slice(__ng_RunningMean{layer.Number}, {I(layer.Out)}));");
                _w.Line($"source.Slice({I(exchange + layer.Out)}, {I(layer.Out)}).CopyTo(__ng_running.Span.Slice(__ng_RunningVariance{layer.Number}, {I(layer.Out)}));");
            });
        }

        EmitPendingMethods();
    }

    private IReadOnlyList<LayerLayout> BatchNormLayers => Layers.Where(l => l.HasBatchNorm).ToList();

    /// <summary>Where a batch-norm layer's running mean starts in the exchange layout of the running statistics (its variance follows).</summary>
    private int RunningStatisticsExchangeOffset(LayerLayout layer) =>
        Layers.Where(l => l.HasBatchNorm && l.Number < layer.Number).Sum(l => 2 * l.Out);

    /// <summary>Inference: z ← (z − running mean)·γ/√(running variance + ε) + β, over all padded lanes.</summary>
    private void EmitBatchNormInference(LayerLayout layer)
    {
        var n = layer.Number;
        var epsilon = Num(layer.Spec.BatchNorm!.Epsilon);
        _w.Line($"/// <summary>Layer {n} batch norm in inference mode, one sample: z = (z − running mean)·γ/√(running variance + ε) + β.</summary>");
        using (_w.Open($"private static void __ng_BatchNormInference{n}(ref {T} p, ref {T} rs, ref {T} z)"))
        {
            _w.Line("nuint o = 0;");
            EmitVectorBodies(_rowWidths, v =>
            {
                var gamma = layer.HasAffine ? $"{v.Type}.LoadUnsafe(ref p, {layer.GammaName} + o)" : $"{v.Type}<{T}>.One";
                var beta = layer.HasAffine ? $"{v.Type}.LoadUnsafe(ref p, {layer.BetaName} + o)" : $"{v.Type}<{T}>.Zero";
                _w.Line($"var epsilon = {v.Type}.Create({epsilon});");
                using (_w.Open($"for (; o < {I(layer.OutPadded)}; o += {I(v.Lanes)})"))
                {
                    _w.Line($"var scale = {gamma} / {v.Type}.Sqrt({v.Type}.LoadUnsafe(ref rs, __ng_RunningVariance{n} + o) + epsilon);");
                    _w.Line(v.Store($"({v.Type}.LoadUnsafe(ref z, o) - {v.Type}.LoadUnsafe(ref rs, __ng_RunningMean{n} + o)) * scale + {beta}", "ref z, o"));
                }
            });

            using (_w.Open($"for (; o < {I(layer.Out)}; o++)"))
            {
                var scalarGamma = layer.HasAffine ? $"global::System.Runtime.CompilerServices.Unsafe.Add(ref p, {layer.GammaName} + o)" : "1";
                var scalarBeta = layer.HasAffine ? $" + global::System.Runtime.CompilerServices.Unsafe.Add(ref p, {layer.BetaName} + o)" : "";
                _w.Line($"var scale = {scalarGamma} / {MathType}.Sqrt(global::System.Runtime.CompilerServices.Unsafe.Add(ref rs, __ng_RunningVariance{n} + o) + {epsilon});");
                _w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref z, o) = (global::System.Runtime.CompilerServices.Unsafe.Add(ref z, o) - global::System.Runtime.CompilerServices.Unsafe.Add(ref rs, __ng_RunningMean{n} + o)) * scale{scalarBeta};");
            }
        }
    }

    private void EmitBatchNormTraining(LayerLayout layer)
    {
        var n = layer.Number;
        var spec = layer.Spec.BatchNorm!;
        var width = I(layer.OutPadded);
        var gamma = layer.HasAffine ? $"global::System.Runtime.CompilerServices.Unsafe.Add(ref p, {layer.GammaName} + u)" : "1";
        var momentum = Literals.Double(spec.Momentum);
        _w.Line($"/// <summary>");
        _w.Line($"/// Layer {n} batch norm in training mode over the batch: per unit, μ and the biased σ² of z, x̂ = (z − μ)/√(σ² + ε), y = γ·x̂ + β;");
        _w.Line($"/// the running statistics move by momentum {momentum} towards μ and the unbiased variance (PyTorch's BatchNorm1d).");
        _w.Line($"/// Statistics in double; {Lanes} units at a time in vectors, the same operations in the same order as the scalar loop for the rest.");
        _w.Line($"/// </summary>");
        using (_w.Open($"private void __ng_BatchNormForward{n}(ref {T} p, ref {T} rs, int count)"))
        {
            _w.Line($"ref {T} z = ref __ng_z{n}.Start;");
            _w.Line($"ref {T} xhat = ref __ng_xhat{n}.Start;");
            _w.Line($"ref {T} y = ref __ng_y{n}.Start;");
            _w.Line("int u = 0;");
            if (layer.Out >= Lanes)
            {
                EmitVectorBodies(_rowWidths, v =>
                {
                    _w.Line($"ref {T} invStd = ref __ng_invStd{n}.Start;");
                    _w.Line($"var samples = {v.Type}.Create((double)count);");
                    _w.Line("nuint rows = (nuint)count;");
                    using (_w.Open($"for (; u + {I(v.Lanes)} <= {I(layer.Out)}; u += {I(v.Lanes)})"))
                    {
                        _w.Line("nuint unit = (nuint)u;");
                        _w.Line($"// μ = Σ_s z/N, σ² = Σ_s (z − μ)²/N for {v.Lanes} units");
                        EachPart(part => _w.Line($"var sum{part} = {v.Type}<double>.Zero;"));
                        using (_w.Open("for (nuint s = 0; s < rows; s++)"))
                        {
                            Widen(v, $"{v.Type}.LoadUnsafe(ref z, s * {width} + unit)", "zs");
                            EachPart(part => _w.Line($"sum{part} += zs{part};"));
                        }

                        EachPart(part => _w.Line($"var mean{part} = sum{part} / samples;"));
                        EachPart(part => _w.Line($"var squares{part} = {v.Type}<double>.Zero;"));
                        using (_w.Open("for (nuint s = 0; s < rows; s++)"))
                        {
                            Widen(v, $"{v.Type}.LoadUnsafe(ref z, s * {width} + unit)", "zs");
                            EachPart(part =>
                            {
                                _w.Line($"var difference{part} = zs{part} - mean{part};");
                                _w.Line($"squares{part} += difference{part} * difference{part};");
                            });
                        }

                        EachPart(part => _w.Line($"var inverseStd{part} = {v.Type}<double>.One / {v.Type}.Sqrt(squares{part} / samples + {v.Type}.Create({Literals.Double(spec.Epsilon)}));"));
                        _w.Line(v.Store(Narrow(v, part => $"inverseStd{part}"), $"ref invStd, unit"));
                        _w.Line(layer.HasAffine ? $"var gamma = {v.Type}.LoadUnsafe(ref p, {layer.GammaName} + unit);" : $"var gamma = {v.Type}<{T}>.One;");
                        if (layer.HasAffine)
                        {
                            _w.Line($"var beta = {v.Type}.LoadUnsafe(ref p, {layer.BetaName} + unit);");
                        }

                        using (_w.Open("for (nuint s = 0; s < rows; s++)"))
                        {
                            _w.Line($"nuint at = s * {width} + unit;");
                            Widen(v, $"{v.Type}.LoadUnsafe(ref z, at)", "zs");
                            _w.Line($"var normalized = {Narrow(v, part => $"(zs{part} - mean{part}) * inverseStd{part}")};");
                            _w.Line(v.Store("normalized", "ref xhat, at"));
                            _w.Line(v.Store($"gamma * normalized{(layer.HasAffine ? " + beta" : "")}", "ref y, at"));
                        }

                        Widen(v, $"{v.Type}.LoadUnsafe(ref rs, __ng_RunningMean{n} + unit)", "runningMean");
                        Widen(v, $"{v.Type}.LoadUnsafe(ref rs, __ng_RunningVariance{n} + unit)", "runningVariance");
                        _w.Line(v.Store(Narrow(v, part => $"{v.Type}.Create(1 - {momentum}) * runningMean{part} + {v.Type}.Create({momentum}) * mean{part}"), $"ref rs, __ng_RunningMean{n} + unit"));
                        _w.Line(v.Store(Narrow(v, part => $"{v.Type}.Create(1 - {momentum}) * runningVariance{part} + {v.Type}.Create({momentum}) * squares{part} / {v.Type}.Create((double)(count - 1))"), $"ref rs, __ng_RunningVariance{n} + unit"));
                    }
                });
            }

            using (_w.Open($"for (; u < {I(layer.Out)}; u++)"))
            {
                _w.Line("double sum = 0;");
                using (_w.Open("for (int s = 0; s < count; s++)"))
                {
                    _w.Line($"sum += global::System.Runtime.CompilerServices.Unsafe.Add(ref z, s * {width} + u);");
                }

                _w.Line("var mean = sum / count;");
                _w.Line("double squares = 0;");
                using (_w.Open("for (int s = 0; s < count; s++)"))
                {
                    _w.Line($"var difference = global::System.Runtime.CompilerServices.Unsafe.Add(ref z, s * {width} + u) - mean;");
                    _w.Line("squares += difference * difference;");
                }

                _w.Line($"var inverseStd = 1 / global::System.Math.Sqrt(squares / count + {Literals.Double(spec.Epsilon)});");
                _w.Line($"__ng_invStd{n}[u] = ({T})inverseStd;");
                _w.Line($"var gamma = {gamma};");
                using (_w.Open("for (int s = 0; s < count; s++)"))
                {
                    _w.Line($"var normalized = ({T})((global::System.Runtime.CompilerServices.Unsafe.Add(ref z, s * {width} + u) - mean) * inverseStd);");
                    _w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref xhat, s * {width} + u) = normalized;");
                    _w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref y, s * {width} + u) = gamma * normalized{(layer.HasAffine ? $" + global::System.Runtime.CompilerServices.Unsafe.Add(ref p, {layer.BetaName} + u)" : "")};");
                }

                _w.Line($"ref var runningMean = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref rs, __ng_RunningMean{n} + u);");
                _w.Line($"ref var runningVariance = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref rs, __ng_RunningVariance{n} + u);");
                _w.Line($"runningMean = ({T})((1 - {momentum}) * runningMean + {momentum} * mean);");
                _w.Line($"runningVariance = ({T})((1 - {momentum}) * runningVariance + {momentum} * squares / (count - 1));");
            }
        }

        _w.Line();
        _w.Line($"/// <summary>");
        _w.Line($"/// Layer {n} batch norm backward over the batch, exact through μ and σ²: dγ += Σ_s d·x̂, dβ += Σ_s d, and in place");
        _w.Line($"/// d ← γ/(√(σ² + ε)·N)·(N·d − Σ_s d − x̂·Σ_s d·x̂) (d holds dL/dy on entry, dL/dz on exit); {Lanes} units at a time in vectors.");
        _w.Line($"/// </summary>");
        using (_w.Open($"private void __ng_BatchNormBackward{n}(ref {T} p, ref {T} g, int count)"))
        {
            _w.Line($"ref {T} d = ref __ng_d{n}.Start;");
            _w.Line($"ref {T} xhat = ref __ng_xhat{n}.Start;");
            _w.Line("int u = 0;");
            if (layer.Out >= Lanes)
            {
                EmitVectorBodies(_rowWidths, v =>
                {
                    _w.Line($"ref {T} invStd = ref __ng_invStd{n}.Start;");
                    _w.Line($"var samples = {v.Type}.Create((double)count);");
                    _w.Line($"var countT = {v.Type}.Create(({T})count);");
                    _w.Line("nuint rows = (nuint)count;");
                    using (_w.Open($"for (; u + {I(v.Lanes)} <= {I(layer.Out)}; u += {I(v.Lanes)})"))
                    {
                        _w.Line("nuint unit = (nuint)u;");
                        EachPart(part => _w.Line($"{v.Type}<double> sumD{part} = {v.Type}<double>.Zero, sumDX{part} = {v.Type}<double>.Zero;"));
                        using (_w.Open("for (nuint s = 0; s < rows; s++)"))
                        {
                            _w.Line($"nuint at = s * {width} + unit;");
                            _w.Line($"var dy = {v.Type}.LoadUnsafe(ref d, at);");
                            Widen(v, "dy", "dys");
                            Widen(v, $"dy * {v.Type}.LoadUnsafe(ref xhat, at)", "products");
                            EachPart(part =>
                            {
                                _w.Line($"sumD{part} += dys{part};");
                                _w.Line($"sumDX{part} += products{part};");
                            });
                        }

                        if (layer.HasAffine)
                        {
                            _w.Line(v.Store($"{v.Type}.LoadUnsafe(ref g, {layer.GammaName} + unit) + {Narrow(v, part => $"sumDX{part}")}", $"ref g, {layer.GammaName} + unit"));
                            _w.Line(v.Store($"{v.Type}.LoadUnsafe(ref g, {layer.BetaName} + unit) + {Narrow(v, part => $"sumD{part}")}", $"ref g, {layer.BetaName} + unit"));
                        }

                        Widen(v, layer.HasAffine ? $"{v.Type}.LoadUnsafe(ref p, {layer.GammaName} + unit)" : $"{v.Type}<{T}>.One", "gammas");
                        Widen(v, $"{v.Type}.LoadUnsafe(ref invStd, unit)", "inverseStd");
                        EachPart(part => _w.Line($"var k{part} = gammas{part} * inverseStd{part} / samples;"));
                        using (_w.Open("for (nuint s = 0; s < rows; s++)"))
                        {
                            _w.Line($"nuint at = s * {width} + unit;");
                            Widen(v, $"countT * {v.Type}.LoadUnsafe(ref d, at)", "scaled");
                            Widen(v, $"{v.Type}.LoadUnsafe(ref xhat, at)", "normalized");
                            _w.Line(v.Store(Narrow(v, part => $"k{part} * (scaled{part} - sumD{part} - normalized{part} * sumDX{part})"), "ref d, at"));
                        }
                    }
                });
            }

            using (_w.Open($"for (; u < {I(layer.Out)}; u++)"))
            {
                _w.Line("double sumD = 0;");
                _w.Line("double sumDX = 0;");
                using (_w.Open("for (int s = 0; s < count; s++)"))
                {
                    _w.Line($"var dy = global::System.Runtime.CompilerServices.Unsafe.Add(ref d, s * {width} + u);");
                    _w.Line("sumD += dy;");
                    _w.Line($"sumDX += dy * global::System.Runtime.CompilerServices.Unsafe.Add(ref xhat, s * {width} + u);");
                }

                if (layer.HasAffine)
                {
                    _w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref g, {layer.GammaName} + u) += ({T})sumDX;");
                    _w.Line($"global::System.Runtime.CompilerServices.Unsafe.Add(ref g, {layer.BetaName} + u) += ({T})sumD;");
                }

                _w.Line($"var k = {gamma} * (double)__ng_invStd{n}[u] / count;");
                using (_w.Open("for (int s = 0; s < count; s++)"))
                {
                    _w.Line($"ref var dz = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref d, s * {width} + u);");
                    _w.Line($"dz = ({T})(k * (count * dz - sumD - global::System.Runtime.CompilerServices.Unsafe.Add(ref xhat, s * {width} + u) * sumDX));");
                }
            }
        }
    }

    /// <summary>The double-precision parts of one vector of T: its low and high halves for float, the vector itself for double.</summary>
    private string[] Parts => _spec.Precision == Precision.Single ? ["Lo", "Hi"] : [""];

    private void EachPart(System.Action<string> line)
    {
        foreach (var part in Parts)
        {
            line(part);
        }
    }

    /// <summary>Declares <paramref name="name"/>'s double parts of the T vector <paramref name="vector"/> (widened for float).</summary>
    private void Widen(VectorWidth v, string vector, string name) =>
        _w.Line(_spec.Precision == Precision.Single
            ? $"var ({name}Lo, {name}Hi) = {v.Type}.Widen({vector});"
            : $"var {name} = {vector};");

    /// <summary>The T vector of double parts (narrowed for float, rounding each lane as a cast does).</summary>
    private string Narrow(VectorWidth v, System.Func<string, string> part) =>
        _spec.Precision == Precision.Single ? $"{v.Type}.Narrow({part("Lo")}, {part("Hi")})" : part("");
}
