using System.Linq;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Training on several cores (<c>MaxDegreeOfParallelism</c>): a mini-batch cut into shards that depend only on its
/// size and the network (<c>ParallelWork.ShardCount</c>), each shard's forward and backward pass in its own rows of the
/// batch buffers and its own gradient buffer, the shards' gradients summed in shard order, and the element-wise
/// optimizer update split by parameter ranges; so the same bits on any number of threads.
/// </summary>
internal sealed partial class NetworkEmitter
{
    /// <summary>True while <c>__ng_ComputeShard</c> is written: the backward steps write to the shard's gradient buffer and weight copies.</summary>
    private bool _inShard;

    /// <summary>
    /// Whether ComputeGradients can run in shards: batch norm needs statistics over the whole batch and dropout draws
    /// its masks from one random stream in sample order, so networks with either stay on the calling thread.
    /// </summary>
    private bool TrainsInParallel => !HasBatchNorm && !HasDropout;

    /// <summary>Whether the update can be split over threads: only with enough parameters for two parts.</summary>
    private bool HasParallelUpdate => TrainsInParallel && _layout.StorageLength >= 2 * MinimumParametersPerPart;

    /// <summary>The fewest parameters worth one thread's share of the shards' sum or of the update (a few microseconds of work).</summary>
    private const int MinimumParametersPerPart = 1 << 13;

    private void EmitParallelTrainingMembers()
    {
        _w.Line("/// <summary>");
        _w.Line($"/// The most threads <see cref=\"{MethodCref("ComputeGradients")}\"/> and <see cref=\"{MethodCref("TrainStep")}\"/> (and so <c>Trainer.Fit</c>) use: 1 (the default)");
        _w.Line("/// for the calling thread alone, exactly as without this option; −1 for one per processor; n for at most n.");
        if (TrainsInParallel)
        {
            _w.Line("/// When it is not 1, a batch with enough work is cut into shards that depend only on its size and the network, the");
            _w.Line("/// shards run on up to this many threads (those of <c>PredictParallel</c>), their gradients are summed in shard order and");
            _w.Line("/// the update is split by parameters: the results are the same bits for every value but 1 and differ from 1's only in");
            _w.Line("/// rounding. A batch too small to pay for another thread is computed whole, as with 1.");
        }
        else
        {
            _w.Line($"/// This network has {(HasBatchNorm ? "batch norm, whose statistics span the whole batch" : "dropout, whose masks come from one random stream in sample order")}, so it trains on the");
            _w.Line("/// calling thread whatever the value.");
        }

        _w.Line("/// </summary>");
        using (_w.Open("public int MaxDegreeOfParallelism"))
        {
            _w.Line("get => __ng_maxDegreeOfParallelism;");
            _w.Line("set => __ng_maxDegreeOfParallelism = global::NetGen.NetworkArguments.RequireDegreeOfParallelism(value, \"MaxDegreeOfParallelism\");");
        }

        _w.Line();
        _w.Line("private int __ng_maxDegreeOfParallelism = 1;");
        if (!TrainsInParallel)
        {
            return;
        }

        if (HasParallelUpdate)
        {
            _w.Line("private bool __ng_updateInParallel; // the last ComputeGradients ran in shards, so the update is split too");
        }

        var name = SelfType;
        _w.Line();
        _w.Line("// Parallel training (MaxDegreeOfParallelism ≠ 1), allocated on the first batch that is cut into shards and kept:");
        _w.Line("// the gradients and weight copies of shards 1 … MaxShards − 1 (shard 0, which is also the whole batch on one thread,");
        _w.Line("// uses the network's own), the shards' losses, and a copy of the batch for the helper threads, which cannot read the");
        _w.Line("// caller's spans.");
        _w.Line("#nullable disable");
        _w.Line("private __ng_TrainingWork __ng_work;");
        _w.Line($"private {Buffer}[] __ng_shardGradients;");
        _w.Line("private double[] __ng_shardLosses;");
        _w.Line($"private {Buffer} __ng_shardInputs;");
        _w.Line($"private {Buffer} __ng_shardTargets;");
        foreach (var layer in Layers.Where(HasWeightCopy))
        {
            _w.Line($"private {Buffer}[] __ng_shardWt{layer.Number}; // the W{layer.Number} copies of shards 1 … MaxShards − 1");
        }

        _w.Line("#nullable restore");
        _w.Line();
        _w.Line("/// <summary>The network's parallel work: which phase runs, and the batch it runs on.</summary>");
        using (_w.Open("private sealed class __ng_TrainingWork : global::NetGen.ParallelWork"))
        {
            _w.Line($"private readonly {name} _network;");
            _w.Line();
            _w.Line($"public __ng_TrainingWork({name} network) => _network = network;");
            _w.Line();
            _w.Line(HasParallelUpdate ? "public int Phase; // 0: the helpers' shards, 1: the sum of the shards' gradients, 2: the update" : "public int Phase; // 0: the helpers' shards, 1: the sum of the shards' gradients");
            _w.Line("public int Count; // the samples of the batch");
            _w.Line("public int Shards;");
            _w.Line($"public {T} Scale; // the mean's 1/count");

            _w.Line();
            _w.Line("protected override void RunPart(int part, int parts) => _network.__ng_RunPart(this, part, parts);");
        }

        _w.Line();
        _w.Line("/// <summary>Makes the shard buffers exist (and hold <paramref name=\"count\"/> samples for the helpers when <paramref name=\"helpers\"/>).</summary>");
        using (_w.Open("private void __ng_EnsureShardBuffers(int count, bool helpers)"))
        {
            using (_w.Open("if (__ng_work is null)"))
            {
                // One array per shard: a buffer for all shards could pass the largest array a network may have.
                _w.Line($"__ng_shardGradients = new {Buffer}[global::NetGen.ParallelWork.MaxShards - 1];");
                _w.Line("__ng_shardLosses = new double[global::NetGen.ParallelWork.MaxShards];");
                foreach (var layer in Layers.Where(HasWeightCopy))
                {
                    _w.Line($"__ng_shardWt{layer.Number} = new {Buffer}[global::NetGen.ParallelWork.MaxShards - 1];");
                }

                using (_w.Open("for (int shard = 1; shard < global::NetGen.ParallelWork.MaxShards; shard++)"))
                {
                    _w.Line($"__ng_shardGradients[shard - 1] = new {Buffer}(__ng_StorageLength);");
                    foreach (var layer in Layers.Where(HasWeightCopy))
                    {
                        _w.Line($"__ng_shardWt{layer.Number}[shard - 1] = new {Buffer}({I(WeightCopyLength(layer))});");
                    }
                }

                _w.Line("__ng_work = new __ng_TrainingWork(this);");
            }

            using (_w.Open("if (helpers && __ng_shardInputs.Length < count * Sizes.InputCount)"))
            {
                _w.Line($"__ng_shardInputs = new {Buffer}(__ng_batchCapacity * Sizes.InputCount);");
                _w.Line($"__ng_shardTargets = new {Buffer}(__ng_batchCapacity * Sizes.OutputCount);");
            }
        }

        EmitComputeGradientsInShards();
        EmitStoreGradientNorms();
        EmitComputeShard();
        EmitRunPart();
        EmitSumShards();
    }

    private int WeightCopyLength(LayerLayout layer) => layer.Out * Layers[layer.Number - 2].OutPadded;

    /// <summary>The start of ComputeGradients when the option is on: the sharded path for a batch with more than one shard.</summary>
    private void EmitShardedBranch()
    {
        if (!TrainsInParallel)
        {
            return;
        }

        using (_w.Open("if (__ng_maxDegreeOfParallelism != 1)"))
        {
            _w.Line("int shards = global::NetGen.ParallelWork.ShardCount(count, Sizes.ParameterCount);");
            if (HasParallelUpdate)
            {
                _w.Line("__ng_updateInParallel = shards > 1; // a whole batch's update stays here too: a split one moves the weights between cores");
            }

            using (_w.Open("if (shards > 1)"))
            {
                if (UpdatesInBackward)
                {
                    _w.Line("var sharded = __ng_ComputeGradientsInShards(inputs, targets, count, shards);");
                    using (_w.Open("if (update)"))
                    {
                        _w.Line("__ng_UpdateParameters(); // the shards' summed gradients, in one pass after them");
                    }

                    _w.Line("return sharded;");
                }
                else
                {
                    _w.Line("return __ng_ComputeGradientsInShards(inputs, targets, count, shards);");
                }
            }
        }
    }

    private void EmitComputeGradientsInShards()
    {
        var perElement = _spec.Loss.Kind != LossKind.CategoricalCrossEntropy;
        _w.Line();
        _w.Line("/// <summary>");
        _w.Line("/// ComputeGradients in <paramref name=\"shards\"/> shards: the caller computes the first ones from its spans while the helper");
        _w.Line("/// threads compute the rest from a copy of the batch, then the shards' gradients are summed in shard order (split by");
        _w.Line("/// parameters over the threads) and the norms taken; the same bits whichever thread computed which shard.");
        _w.Line("/// </summary>");
        using (_w.Open($"private {T} __ng_ComputeGradientsInShards(global::System.ReadOnlySpan<{T}> inputs, global::System.ReadOnlySpan<{T}> targets, int count, int shards)"))
        {
            _w.Line("int threads = global::NetGen.ParallelWork.ThreadCount(__ng_maxDegreeOfParallelism, shards);");
            _w.Line("__ng_EnsureShardBuffers(count, threads > 1);");
            _w.Line("var work = __ng_work;");
            _w.Line(MeanScale(perElement));
            _w.Line("work.Count = count;");
            _w.Line("work.Shards = shards;");
            _w.Line("work.Scale = scale;");
            _w.Line("work.Phase = 0;");
            _w.Line($"ref {T} x = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(inputs);");
            _w.Line($"ref {T} t = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(targets);");
            using (_w.Open("if (work.TryAcquire(threads, out int parts))"))
            {
                _w.Line("// The helpers' shards read a copy of their samples; this thread computes shards 0 … own − 1 from the spans.");
                _w.Line("int own = global::NetGen.ParallelWork.PartStart(1, parts, shards);");
                _w.Line("int first = global::NetGen.ParallelWork.ShardStart(own, shards, count);");
                _w.Line("inputs.Slice(first * Sizes.InputCount).CopyTo(__ng_shardInputs.Span.Slice(first * Sizes.InputCount, (count - first) * Sizes.InputCount));");
                _w.Line("targets.Slice(first * Sizes.OutputCount).CopyTo(__ng_shardTargets.Span.Slice(first * Sizes.OutputCount, (count - first) * Sizes.OutputCount));");
                _w.Line("work.Start();");
                _w.Line("global::System.Exception? failure = null;");
                using (_w.Open("try"))
                {
                    using (_w.Open("for (int shard = 0; shard < own; shard++)"))
                    {
                        _w.Line("__ng_shardLosses[shard] = __ng_ComputeShard(ref x, ref t, shard, shards, count, scale);");
                    }
                }

                using (_w.Open("catch (global::System.Exception exception)"))
                {
                    _w.Line("failure = exception;");
                }

                _w.Line("work.Finish(failure);");
            }

            using (_w.Open("else"))
            {
                using (_w.Open("for (int shard = 0; shard < shards; shard++)"))
                {
                    _w.Line("__ng_shardLosses[shard] = __ng_ComputeShard(ref x, ref t, shard, shards, count, scale);");
                }
            }

            _w.Line();
            _w.Line("// g = g₀ + g₁ + … in shard order, element by element: any split by parameters gives the same sums.");
            _w.Line("work.Phase = 1;");
            _w.Line($"work.Run(global::NetGen.ParallelWork.ThreadCount(__ng_maxDegreeOfParallelism, __ng_StorageLength / {I(MinimumParametersPerPart)}));");
            _w.Line("double total = 0;");
            using (_w.Open("for (int shard = 0; shard < shards; shard++)"))
            {
                _w.Line("total += __ng_shardLosses[shard];");
            }

            _w.Line();
            _w.Line("__ng_StoreGradientNorms();");
            _w.Line($"return ({T})(total * scale);");
        }

        EmitPendingMethods();
    }

    private void EmitComputeShard()
    {
        _w.Line();
        _w.Line("/// <summary>");
        _w.Line("/// Shard <paramref name=\"shard\"/> of <paramref name=\"shards\"/> of a batch of <paramref name=\"batchCount\"/> samples at x and t: the");
        _w.Line("/// forward and backward pass of ComputeGradients over its samples, in their rows of the batch buffers, writing its part");
        _w.Line("/// of the mean loss's gradients (<paramref name=\"scale\"/> is the whole batch's) to its own gradient buffer; returns its");
        _w.Line("/// loss, unscaled. A batch computed whole is shard 0 of 1: the network's own gradients and weight copies.");
        _w.Line("/// </summary>");
        using (_w.Open($"private double __ng_ComputeShard(ref {T} x, ref {T} t, int shard, int shards, int batchCount, {T} scale)"))
        {
            _inShard = true;
            _w.Line(Layers.Any(AccumulatesGradients)
                ? "// WeightGradients stores dW and db whole; " + AccumulatedGradients + " accumulate from zero (cleared in their layer's backward step)"
                : "// WeightGradients stores every gradient whole: nothing to clear first");
            _w.Line("int first = global::NetGen.ParallelWork.ShardStart(shard, shards, batchCount);");
            _w.Line("int count = global::NetGen.ParallelWork.ShardStart(shard + 1, shards, batchCount) - first;");
            _w.Line($"ref {T} p = ref __ng_parameters.Start;");
            _w.Line($"ref {T} g = ref (shard == 0");
            _w.Line("    ? ref __ng_gradients.Start");
            _w.Line("    : ref __ng_shardGradients[shard - 1].Start);");
            _w.Line("x = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, first * Sizes.InputCount);");
            _w.Line("t = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref t, first * Sizes.OutputCount);");
            var lossLocals = new[] { IsFusedLoss ? Pre(Output) : "a" + Output.Number, "d" + Output.Number };
            EmitBatchBufferReferences(
                HasLayerRuns ? lossLocals : Layers.SelectMany(l => ForwardLocals(l).Concat(BackwardLocals(l))).Concat(lossLocals),
                "first");
            if (!HasLayerRuns)
            {
                EmitShardWeightCopies(Layers);
            }

            _w.Line("double total = 0;");
            var forward = new LayerRunMethod(
                "__ng_ShardForward",
                "the forward pass of a shard",
                $"private void {{0}}(ref {T} p, ref {T} x, int first, int count)",
                "ref p, ref x, first, count",
                Prologue: run => EmitBatchBufferReferences(run.SelectMany(ForwardLocals), "first"));
            EmitLayerRun(Layers, forward, EmitForwardStep);

            var output = Output;
            _w.Line();
            _w.Line(IsFusedLoss ? $"// Loss from the logits, and d{output.Number} = dL/dz{output.Number}" : $"// Loss, and d{output.Number} = dL/da{output.Number}");
            using (_w.Open("for (int s = 0; s < count; s++)"))
            {
                _w.Line($"total += __ng_LossAndGradient({BatchRow(lossLocals[0], output.OutPadded)}, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref t, s * Sizes.OutputCount), {BatchRow(lossLocals[1], output.OutPadded)}, scale);");
            }

            var backward = new LayerRunMethod(
                "__ng_ShardBackward",
                "the backward pass of a shard (from the last layer down)",
                $"private void {{0}}(ref {T} p, ref {T} g, ref {T} x, int shard, int first, int count)",
                "ref p, ref g, ref x, shard, first, count",
                Prologue: run =>
                {
                    EmitBatchBufferReferences(run.SelectMany(BackwardLocals), "first");
                    EmitShardWeightCopies(run);
                });
            EmitLayerRun(Layers.Reverse().ToList(), backward, EmitBackwardStep);
            _w.Line();
            _w.Line("return total;");
            _inShard = false;
        }

        EmitPendingMethods();
    }

    /// <summary>References to the shard's own weight copies of <paramref name="layers"/>' narrow input gradients.</summary>
    private void EmitShardWeightCopies(System.Collections.Generic.IEnumerable<LayerLayout> layers)
    {
        foreach (var layer in layers.Where(HasWeightCopy).OrderBy(l => l.Number))
        {
            _w.Line($"ref {T} wt{layer.Number} = ref (shard == 0 ? ref __ng_wt{layer.Number}.Start : ref __ng_shardWt{layer.Number}[shard - 1].Start);");
        }
    }

    private void EmitRunPart()
    {
        var blocks = _layout.StorageLength / _layout.PaddingLanes;
        _w.Line();
        _w.Line("/// <summary>Part <paramref name=\"part\"/> of <paramref name=\"parts\"/> of the work's phase, on any thread.</summary>");
        using (_w.Open("private void __ng_RunPart(__ng_TrainingWork work, int part, int parts)"))
        {
            using (_w.Open("if (work.Phase == 0)"))
            {
                _w.Line("// The helpers' shards, from the copy of the batch (part 0's are the caller's own).");
                _w.Line($"ref {T} x = ref __ng_shardInputs.Start;");
                _w.Line($"ref {T} t = ref __ng_shardTargets.Start;");
                _w.Line("int end = global::NetGen.ParallelWork.PartStart(part + 1, parts, work.Shards);");
                using (_w.Open("for (int shard = global::NetGen.ParallelWork.PartStart(part, parts, work.Shards); shard < end; shard++)"))
                {
                    _w.Line("__ng_shardLosses[shard] = __ng_ComputeShard(ref x, ref t, shard, work.Shards, work.Count, work.Scale);");
                }

                _w.Line("return;");
            }

            _w.Line();
            _w.Line($"// Phases 1 and 2 split the parameters into ranges of whole {I(_layout.PaddingLanes)}-value blocks (every layer's block starts on one).");
            _w.Line($"var start = (nuint)global::NetGen.ParallelWork.PartStart(part, parts, {I(blocks)}) * {I(_layout.PaddingLanes)};");
            _w.Line($"var stop = (nuint)global::NetGen.ParallelWork.PartStart(part + 1, parts, {I(blocks)}) * {I(_layout.PaddingLanes)};");
            if (HasParallelUpdate)
            {
                using (_w.Open("if (work.Phase == 2)"))
                {
                    _w.Line("__ng_UpdateRange(start, stop);");
                    _w.Line("return;");
                }
            }

            using (_w.Open("if (__ng_frozenCount == 0)"))
            {
                _w.Line("__ng_SumShards(start, stop, work.Shards);");
                _w.Line("return;");
            }

            _w.Line();
            _w.Line("// Frozen layers have no gradient: sum only the others' part of this range.");
            using (_w.Open("for (int layer = 0; layer < Sizes.LayerCount; layer++)"))
            {
                using (_w.Open("if (!__ng_frozen[layer])"))
                {
                    _w.Line("var from = global::System.Math.Max(start, (nuint)__ng_LayerStorage[layer]);");
                    _w.Line("var to = global::System.Math.Min(stop, (nuint)__ng_LayerStorage[layer + 1]);");
                    using (_w.Open("if (from < to)"))
                    {
                        _w.Line("__ng_SumShards(from, to, work.Shards);");
                    }
                }
            }
        }
    }

    private void EmitSumShards()
    {
        _w.Line();
        _w.Line("/// <summary>__ng_gradients += the gradients of shards 1 … <paramref name=\"shards\"/> − 1, in that order, from <paramref name=\"k\"/> to <paramref name=\"end\"/> (whole blocks).</summary>");
        _w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        using (_w.Open("private void __ng_SumShards(nuint k, nuint end, int shards)"))
        {
            _w.Line($"ref {T} g = ref __ng_gradients.Start;");
            _w.Line($"// A chunk at a time ({I(SumChunk)} values), every shard added to it while it stays in L1: g is read and written once,");
            _w.Line("// not once per shard, and each value still gets the shards in their order.");
            using (_w.Open($"for (nuint chunk = k; chunk < end; chunk += {I(SumChunk)})"))
            {
                _w.Line($"nuint chunkEnd = global::System.Math.Min(chunk + {I(SumChunk)}, end);");
                using (_w.Open("for (int shard = 1; shard < shards; shard++)"))
                {
                    _w.Line($"ref {T} hs = ref __ng_shardGradients[shard - 1].Start;");
                    _w.Line("nuint e = chunk;");
                    EmitVectorBodies(v =>
                    {
                        using (_w.Open($"for (; e < chunkEnd; e += {I(v.Lanes)})"))
                        {
                            _w.Line(v.Store($"{v.Type}.LoadUnsafe(ref g, e) + {v.Type}.LoadUnsafe(ref hs, e)", "ref g, e"));
                        }
                    });

                    using (_w.Open("for (; e < chunkEnd; e++)"))
                    {
                        _w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref g, e) += global::System.Runtime.CompilerServices.Unsafe.Add(ref hs, e);");
                    }
                }
            }
        }
    }

    /// <summary>The values <c>__ng_SumShards</c> adds every shard to before the next: 8 KB of floats, a sixth of an L1 cache.</summary>
    private const int SumChunk = 2048;

    /// <summary>The start of <c>__ng_UpdateParameters</c> when the option is on: the update split by parameter ranges over the threads.</summary>
    private void EmitParallelUpdateBranch()
    {
        if (!HasParallelUpdate)
        {
            return;
        }

        _w.Line("// Element by element: any split by parameters gives the same values.");
        using (_w.Open("if (__ng_maxDegreeOfParallelism != 1 && __ng_updateInParallel && __ng_frozenCount == 0)"))
        {
            _w.Line($"int threads = global::NetGen.ParallelWork.ThreadCount(__ng_maxDegreeOfParallelism, __ng_StorageLength / {I(MinimumParametersPerPart)});");
            using (_w.Open("if (threads > 1)"))
            {
                _w.Line("__ng_EnsureShardBuffers(0, false);");
                _w.Line("__ng_work.Phase = 2;");
                _w.Line("__ng_work.Run(threads);");
                _w.Line("return;");
            }
        }

        _w.Line();
    }
}
