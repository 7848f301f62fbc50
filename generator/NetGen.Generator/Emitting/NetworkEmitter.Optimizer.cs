namespace NetGen.Generator.Emitting;

/// <summary>The optimizer: <c>TrainStep</c> and the fused update over all parameters.</summary>
internal sealed partial class NetworkEmitter
{
    private void EmitTrainStep()
    {
        _w.Line("/// <summary><see cref=\"ComputeGradients\"/>, then one optimizer update; returns the loss before the update.</summary>");
        using (_w.Open($"public {T} TrainStep(ReadOnlySpan<{T}> inputs, ReadOnlySpan<{T}> targets)"))
        {
            _w.Line("var loss = ComputeGradients(inputs, targets);");
            _w.Line("UpdateParameters();");
            _w.Line("return loss;");
        }
    }

    private void EmitUpdate()
    {
        _w.Line("/// <summary>SGD over every parameter: p ← p − lr·g (padding lanes have zero gradient and stay zero).</summary>");
        _w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
        using (_w.Open("private void UpdateParameters()"))
        {
            _w.Line($"ref {T} p = ref MemoryMarshal.GetArrayDataReference(_parameters);");
            _w.Line($"ref {T} g = ref MemoryMarshal.GetArrayDataReference(_gradients);");
            _w.Line("var learningRate = LearningRate;");
            using (_w.Open("if (Vector256.IsHardwareAccelerated)"))
            {
                _w.Line("var step = Vector256.Create(-learningRate);");
                using (_w.Open($"for (nuint k = 0; k < StorageLength; k += {I(Lanes)})"))
                {
                    _w.Line("global::NetGen.Kernels.Simd.MultiplyAdd(Vector256.LoadUnsafe(ref g, k), step, Vector256.LoadUnsafe(ref p, k)).StoreUnsafe(ref p, k);");
                }
            }

            using (_w.Open("else"))
            {
                using (_w.Open("for (nuint k = 0; k < StorageLength; k++)"))
                {
                    _w.Line("Unsafe.Add(ref p, k) -= learningRate * Unsafe.Add(ref g, k);");
                }
            }
        }
    }
}
