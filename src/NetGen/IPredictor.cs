using System;

namespace NetGen;

/// <summary>
/// Inference: what every generated network offers, and all that a network declared with
/// <c>[Network(Weights = …, InferenceOnly = true)]</c> offers.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>, from <see cref="NetworkAttribute.Precision"/>.</typeparam>
public interface IPredictor<T> where T : unmanaged
{
    /// <summary>The number of input features of one sample.</summary>
    int InputCount { get; }

    /// <summary>The number of outputs of one sample.</summary>
    int OutputCount { get; }

    /// <summary>
    /// Inference: computes the outputs of one sample or of a batch (samples row-major). The sample count is
    /// <c>inputs.Length / InputCount</c>; <paramref name="outputs"/> must hold exactly that many outputs.
    /// Allocates nothing and is safe to call from many threads at once on one instance.
    /// </summary>
    void Predict(ReadOnlySpan<T> inputs, Span<T> outputs);
}
