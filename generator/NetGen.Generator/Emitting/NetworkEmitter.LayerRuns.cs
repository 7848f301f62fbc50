using System.Collections.Generic;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Depth. Each layer's kernels are methods of their own, so they do not grow with depth; what would is every method
/// that walks the layers (<c>ComputeGradients</c>, <c>PredictSample</c>, the layout conversions, …). Such a method writes
/// its per-layer statements itself for at most <see cref="MaxLayersPerMethod"/> layers; a longer run goes to helper
/// methods of at most that many layers each (helpers of helpers past <see cref="MaxLayersPerMethod"/>² layers), so no
/// generated method grows with depth and the JIT never falls back to MinOpts (docs/generated-code.md). Networks up to
/// <see cref="MaxLayersPerMethod"/> layers are written exactly as without it.
/// </summary>
internal sealed partial class NetworkEmitter
{
    /// <summary>
    /// The most layers whose statements one method writes: 16 layers of the largest per-layer step (training with batch
    /// norm, dropout and PReLU, about 700 IL bytes with its buffer references) stay far inside the JIT's budget, and a
    /// call per 16 layers costs nothing next to the layers' kernels.
    /// </summary>
    public const int MaxLayersPerMethod = 16;

    /// <summary>Helper methods of the member being written, written after it (<see cref="EmitPendingMethods"/>).</summary>
    private readonly Queue<System.Action> _pendingMethods = new();

    /// <summary>A method that walks the layers, as its helpers for runs of layers are declared and called.</summary>
    /// <param name="Prefix">The helpers' name before <c>Layers{first}To{last}</c>, e.g. <c>__ng_Forward</c>.</param>
    /// <param name="Purpose">What the helpers do, for their summaries: "the forward pass of ComputeGradients".</param>
    /// <param name="Declaration">The helper's declaration with <c>{0}</c> for its name: <c>private void {0}(ref float p, int count)</c>.</param>
    /// <param name="Arguments">The arguments of a call, the declaration's parameters by name.</param>
    /// <param name="Sum">
    /// For a run whose statements add to a local of this name (a <c>double</c>): each helper starts its own at 0 and
    /// returns it, and the call adds the result (<c>sum += helper(…)</c>). Null for helpers that return nothing.
    /// </param>
    /// <param name="Prologue">What a helper writes before its layers' statements (the buffer references they use), or null.</param>
    private sealed record LayerRunMethod(
        string Prefix,
        string Purpose,
        string Declaration,
        string Arguments,
        string? Sum = null,
        System.Action<IReadOnlyList<LayerLayout>>? Prologue = null);

    /// <summary>
    /// Writes <paramref name="step"/> for each of <paramref name="layers"/> (in their order, which may be descending):
    /// in place when there are at most <see cref="MaxLayersPerMethod"/>, else as calls to helpers of
    /// <paramref name="method"/>, each for the layers of one aligned block of layer numbers (1–16, 17–32, …; blocks of
    /// 256 when 16-layer blocks would be more than 16, and so on).
    /// </summary>
    private void EmitLayerRun(IReadOnlyList<LayerLayout> layers, LayerRunMethod method, System.Action<LayerLayout> step)
    {
        var span = MaxLayersPerMethod;
        while ((Layers.Count + span - 1) / span > MaxLayersPerMethod)
        {
            span *= MaxLayersPerMethod;
        }

        EmitLayerRun(layers, method, step, span, inHelper: false);
    }

    private void EmitLayerRun(IReadOnlyList<LayerLayout> layers, LayerRunMethod method, System.Action<LayerLayout> step, int span, bool inHelper)
    {
        if (layers.Count <= MaxLayersPerMethod)
        {
            if (inHelper)
            {
                method.Prologue?.Invoke(layers);
            }

            foreach (var layer in layers)
            {
                step(layer);
            }

            return;
        }

        // Consecutive layers in the same block of `span` layer numbers go to one helper.
        var blocks = new List<List<LayerLayout>>();
        foreach (var layer in layers)
        {
            var block = (layer.Number - 1) / span;
            if (blocks.Count == 0 || (blocks[blocks.Count - 1][0].Number - 1) / span != block)
            {
                blocks.Add([]);
            }

            blocks[blocks.Count - 1].Add(layer);
        }

        foreach (var block in blocks)
        {
            var first = System.Math.Min(block[0].Number, block[block.Count - 1].Number);
            var last = System.Math.Max(block[0].Number, block[block.Count - 1].Number);
            var name = $"{method.Prefix}Layers{I(first)}To{I(last)}";
            _w.Line(method.Sum is null ? $"{name}({method.Arguments});" : $"{method.Sum} += {name}({method.Arguments});");
            var subspan = span / MaxLayersPerMethod;
            _pendingMethods.Enqueue(() =>
            {
                _w.Line();
                _w.Line($"/// <summary>Layers {I(first)} to {I(last)} of {method.Purpose}.</summary>");
                using (_w.Open(string.Format(System.Globalization.CultureInfo.InvariantCulture, method.Declaration, name)))
                {
                    if (method.Sum is not null)
                    {
                        _w.Line($"double {method.Sum} = 0;");
                    }

                    EmitLayerRun(block, method, step, System.Math.Max(subspan, 1), inHelper: true);
                    if (method.Sum is not null)
                    {
                        _w.Line($"return {method.Sum};");
                    }
                }
            });
        }
    }

    /// <summary>Writes the helpers that the members written so far call, in the order they are called.</summary>
    private void EmitPendingMethods()
    {
        while (_pendingMethods.Count > 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            _pendingMethods.Dequeue()();
        }
    }

    /// <summary>Whether the network is deep enough for the methods that walk its layers to hand them to helpers.</summary>
    private bool HasLayerRuns => Layers.Count > MaxLayersPerMethod;
}
