using System;

namespace NetGen;

/// <summary>
/// Declares a neural network on a <c>partial</c> class. The NetGen generator adds the forward, backward and
/// update code for the layers declared with <see cref="LayerAttribute"/> on the same declaration, in source order.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>The number of input features of one sample (required, at least 1).</summary>
    public int Inputs { get; set; }

    /// <summary>The floating-point type the network computes in; <see cref="NetGen.Precision.Single"/> by default.</summary>
    public Precision Precision { get; set; }

    /// <summary>The seed the parameterless constructor initializes the weights with; 0 by default.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// A trained weights file (a safetensors file that <c>Save</c> or PyTorch wrote, path relative to the project) whose
    /// state the network starts with: the generator writes it into the assembly as constants, so the shipped network
    /// loads nothing at run time. The file is checked against the declaration at compile time (rules NG5001–NG5003);
    /// the NetGen package's build step hands every <c>*.safetensors</c> file of the project to the generator.
    /// </summary>
    public string? Weights { get; set; }

    /// <summary>
    /// With <see cref="Weights"/>: generate only inference, the form to ship. The class implements
    /// <see cref="IPredictor{T}"/> instead of <see cref="INetwork{T}"/>, has no gradients, optimizer or training buffers,
    /// and folds each batch norm into the weights and bias of its layer (dropout is the identity at inference).
    /// </summary>
    public bool InferenceOnly { get; set; }
}
