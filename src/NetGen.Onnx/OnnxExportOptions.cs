using System;

namespace NetGen.Onnx;

/// <summary>How <see cref="OnnxExport.ExportOnnx{T}(INetwork{T}, string, OnnxExportOptions?)"/> writes a network.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>
    /// Folds each batch norm into the preceding layer's weights and bias (<c>W' = s·W</c>, <c>b' = s·(b − μ) + β</c> with
    /// <c>s = γ/√(σ² + ε)</c>, computed in double) instead of writing a <c>BatchNormalization</c> node; a layer without a
    /// bias gets one. <see langword="false"/> by default.
    /// </summary>
    public bool FoldBatchNorm { get; set; }

    /// <summary>The name of the ONNX graph; the network's type name when <see langword="null"/>.</summary>
    public string? GraphName { get; set; }

    /// <summary>The name of the graph's input, a tensor <c>[batch, inputs]</c>; <c>"input"</c> by default.</summary>
    public string InputName { get; set; } = "input";

    /// <summary>The name of the graph's output, a tensor <c>[batch, outputs]</c>; <c>"output"</c> by default.</summary>
    public string OutputName { get; set; } = "output";

    /// <summary>Throws when a name is empty or the input and output names are equal.</summary>
    internal void Validate(string parameterName)
    {
        if (string.IsNullOrWhiteSpace(InputName))
        {
            throw new ArgumentException("OnnxExportOptions.InputName must not be empty.", parameterName);
        }

        if (string.IsNullOrWhiteSpace(OutputName))
        {
            throw new ArgumentException("OnnxExportOptions.OutputName must not be empty.", parameterName);
        }

        if (InputName == OutputName)
        {
            throw new ArgumentException($"OnnxExportOptions.InputName and OutputName are both '{InputName}'; an ONNX value has one producer.", parameterName);
        }

        if (GraphName is not null && string.IsNullOrWhiteSpace(GraphName))
        {
            throw new ArgumentException("OnnxExportOptions.GraphName must be null (the network's type name) or not empty.", parameterName);
        }
    }
}
