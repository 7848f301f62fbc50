using System.Linq;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Frozen layers: <c>SetLayerFrozen</c> takes a layer out of training (no gradient, no update), as PyTorch's
/// <c>requires_grad_(False)</c>. ComputeGradients skips a frozen layer's parameter gradients and stops backpropagating
/// below the lowest layer that trains; the update skips a frozen layer's storage block.
/// </summary>
internal sealed partial class NetworkEmitter
{
    private void EmitFrozenLayerFields()
    {
        _w.Line("// Frozen layers (SetLayerFrozen): no gradient and no update. Backpropagation stops below __ng_lowestTrained, the");
        _w.Line("// number of the lowest layer that is not frozen (LayerCount + 1 when all are).");
        _w.Line("private readonly bool[] __ng_frozen = new bool[Sizes.LayerCount];");
        _w.Line("private int __ng_frozenCount;");
        _w.Line("private int __ng_lowestTrained = 1;");
        _w.Line();
        _w.Line("// Where each layer's block (W, b, γ, β, slopes) starts in the parameter storage, and where the last one ends.");
        _w.Line($"private static readonly int[] __ng_LayerStorage = {{ {string.Join(", ", Layers.Select(l => I(l.W)).Concat(new[] { "__ng_StorageLength" }))} }};");
    }

    private void EmitFreezingMembers()
    {
        _w.Line("/// <summary>Whether layer <paramref name=\"layer\"/> (0-based) is frozen: it gets no gradient and no update.</summary>");
        using (_w.Open("public bool IsLayerFrozen(int layer)"))
        {
            _w.Line("global::NetGen.NetworkArguments.RequireLayerIndex(layer, Sizes.LayerCount, \"layer\");");
            _w.Line("return __ng_frozen[layer];");
        }

        _w.Line();
        _w.Line("/// <summary>");
        _w.Line("/// Freezes or unfreezes layer <paramref name=\"layer\"/> (0-based): a frozen layer's parameters get no gradient (0 from now on)");
        _w.Line("/// and no optimizer update, as PyTorch's requires_grad_(False); gradients still flow through it to the layers below.");
        _w.Line("/// </summary>");
        using (_w.Open("public void SetLayerFrozen(int layer, bool frozen)"))
        {
            _w.Line("global::NetGen.NetworkArguments.RequireLayerIndex(layer, Sizes.LayerCount, \"layer\");");
            using (_w.Open("if (__ng_frozen[layer] == frozen)"))
            {
                _w.Line("return;");
            }

            _w.Line();
            _w.Line("__ng_frozen[layer] = frozen;");
            _w.Line("__ng_frozenCount += frozen ? 1 : -1;");
            using (_w.Open("if (frozen)"))
            {
                _w.Line("// From now on the layer has no gradient: nothing stale is reported, clipped or applied.");
                _w.Line("__ng_gradients.Span.Slice(__ng_LayerStorage[layer], __ng_LayerStorage[layer + 1] - __ng_LayerStorage[layer]).Clear();");
                _w.Line("__ng_layerGradientNorms[layer] = 0;");
            }

            _w.Line();
            _w.Line("__ng_lowestTrained = 1;");
            using (_w.Open("while (__ng_lowestTrained <= Sizes.LayerCount && __ng_frozen[__ng_lowestTrained - 1])"))
            {
                _w.Line("__ng_lowestTrained++;");
            }
        }
    }
}
