namespace NetGen;

/// <summary>How a layer's weights are initialized. Biases always start at zero.</summary>
/// <remarks>
/// Formulas follow PyTorch's <c>torch.nn.init</c> with untruncated normals; <c>fan_in</c> is the layer's
/// input count and <c>fan_out</c> its unit count. Linked into the generator and analyzers.
/// </remarks>
public enum Init
{
    /// <summary>Chosen from the activation: He normal for the ReLU family, LeCun normal for SELU, Xavier uniform otherwise.</summary>
    Auto = 0,
    /// <summary>All weights zero (symmetry never breaks; useful only for tests).</summary>
    Zeros = 1,
    /// <summary><c>N(0, scale²)</c>; scale 0.05 by default (Keras' <c>RandomNormal</c>).</summary>
    RandomNormal = 2,
    /// <summary><c>U(−scale, scale)</c>; scale 0.05 by default (Keras' <c>RandomUniform</c>).</summary>
    RandomUniform = 3,
    /// <summary><c>N(0, std²)</c>, <c>std = gain·√(2/(fan_in + fan_out))</c>.</summary>
    XavierNormal = 4,
    /// <summary><c>U(−a, a)</c>, <c>a = gain·√(6/(fan_in + fan_out))</c>.</summary>
    XavierUniform = 5,
    /// <summary><c>N(0, std²)</c>, <c>std = gain/√fan_in</c>, gain √2 (√(2/(1+slope²)) for leaky ReLU and PReLU).</summary>
    HeNormal = 6,
    /// <summary><c>U(−b, b)</c>, <c>b = gain·√(3/fan_in)</c>, gain as for <see cref="HeNormal"/>.</summary>
    HeUniform = 7,
    /// <summary><c>N(0, 1/fan_in)</c>.</summary>
    LeCunNormal = 8,
    /// <summary><c>U(−b, b)</c>, <c>b = √(3/fan_in)</c>.</summary>
    LeCunUniform = 9,
    /// <summary>A (semi-)orthogonal matrix from the QR decomposition of a Gaussian matrix, signs corrected by <c>diag(R)</c>, times the gain.</summary>
    Orthogonal = 10,
}
