using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace NetGen.Onnx;

/// <summary>
/// Builds the ONNX inference graph of a network: per layer a <c>Gemm</c>, then a <c>BatchNormalization</c> (unless
/// folded), then the activation's nodes; dropout is the identity. Tensors take the PyTorch <c>state_dict</c> names.
/// </summary>
internal sealed partial class OnnxGraphBuilder
{
    /// <summary>The ai.onnx opset the graph uses: see docs/onnx.md for why 17.</summary>
    public const long Opset = 17;

    /// <summary>The IR version that goes with opset 17 (ONNX 1.12).</summary>
    public const long IrVersion = 8;

    /// <summary>The symbolic batch dimension of the input and output.</summary>
    public const string BatchDimension = "batch";

    // PyTorch's torch.nn.SELU constants, the generator's too (ActivationFormulas.cs).
    private const double SeluLambda = 1.0507009873554805;
    private const double SeluAlpha = 1.6732632423543772;
    private const double SeluLambdaAlpha = 1.7580993408473766;

    private readonly List<OnnxNode> _nodes = new();
    private readonly List<OnnxTensor> _initializers = new();
    private readonly OnnxDataType _type;
    private readonly bool _double;

    private OnnxGraphBuilder(Precision precision)
    {
        _double = precision == Precision.Double;
        _type = _double ? OnnxDataType.Double : OnnxDataType.Float;
    }

    /// <summary>The model of <paramref name="network"/> in its current state.</summary>
    public static OnnxModel Build<T>(INetwork<T> network, OnnxExportOptions options)
        where T : unmanaged
    {
        var architecture = network.Architecture;
        if ((architecture.Precision == Precision.Double) != (typeof(T) == typeof(double)))
        {
            throw new ArgumentException($"The network computes in {typeof(T).Name} but its architecture says {architecture.Precision}.", nameof(network));
        }

        var parameters = ToDouble<T>(network.ParameterCount, network.GetParameters);
        var running = ToDouble<T>(network.RunningStatisticsCount, network.GetRunningStatistics);
        var builder = new OnnxGraphBuilder(architecture.Precision);
        var tensors = architecture.StateTensors.ToDictionary(t => t.Name);
        ReadOnlySpan<double> Tensor(string name)
        {
            var tensor = tensors[name];
            return tensor.Kind == StateTensorKind.Parameter
                ? parameters.AsSpan(tensor.Offset, tensor.Length)
                : running.AsSpan(tensor.Offset, tensor.Length);
        }

        var value = options.InputName;
        var module = 0;
        foreach (var layer in architecture.Layers)
        {
            var linear = module++;
            var norm = layer.BatchNorm is null ? -1 : module++;
            var activation = layer.Activation == Activation.Linear ? -1 : module++;
            if (layer.DropoutRate > 0)
            {
                module++; // nn.Dropout: the identity in inference.
            }

            value = builder.Linear(value, layer, linear, norm, options.FoldBatchNorm, Tensor);
            if (layer.BatchNorm is { } batchNorm && !options.FoldBatchNorm)
            {
                value = builder.BatchNorm(value, layer, batchNorm, norm, Tensor);
            }

            if (activation >= 0)
            {
                value = builder.ActivationNodes(value, layer, activation, Tensor);
            }
        }

        var reserved = builder._initializers.Select(t => t.Name).Concat(builder._nodes.SelectMany(n => n.Outputs).Where(o => o != value));
        if (reserved.FirstOrDefault(name => name == options.InputName || name == options.OutputName) is { } clash)
        {
            throw new ArgumentException($"OnnxExportOptions names the graph's input or output '{clash}', which the graph already uses for a tensor.", nameof(options));
        }

        builder.Rename(value, options.OutputName);

        var dims = (int count) => new[] { new OnnxDim(0, BatchDimension), new OnnxDim(count) };
        var graph = new OnnxGraph(
            options.GraphName ?? network.GetType().Name,
            architecture.Describe(),
            builder._nodes,
            builder._initializers,
            new[] { new OnnxValueInfo(options.InputName, builder._type, dims(architecture.InputCount)) },
            new[] { new OnnxValueInfo(options.OutputName, builder._type, dims(architecture.OutputCount)) });
        var version = typeof(INetwork<>).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        var docString = $"{network.GetType().Name} ({architecture.Precision}), exported by NetGen.Onnx\n{architecture.Describe()}";
        return new OnnxModel(IrVersion, Opset, "NetGen", plus < 0 ? version : version[..plus], docString, graph);
    }

    private static double[] ToDouble<T>(int count, SpanAction<T> read)
        where T : unmanaged
    {
        var values = new T[count];
        read(values);
        return values switch
        {
            float[] floats => Array.ConvertAll(floats, f => (double)f),
            double[] doubles => doubles,
            _ => throw new NotSupportedException($"NetGen networks compute in float or double, not {typeof(T).Name}."),
        };
    }

    private delegate void SpanAction<T>(Span<T> destination);

    private delegate ReadOnlySpan<double> TensorLookup(string name);

    /// <summary>z = x·Wᵀ + b as a Gemm (transB = 1), W and b optionally with the batch norm folded in.</summary>
    private string Linear(string x, LayerArchitecture layer, int linear, int norm, bool fold, TensorLookup tensor)
    {
        var weight = tensor($"{linear}.weight");
        var inputs = new List<string> { x };
        if (fold && layer.BatchNorm is { } batchNorm)
        {
            // s = γ/√(σ² + ε); W' = s·W (row by row); b' = s·(b − μ) + β. In double, rounded once to the network's type.
            var mean = tensor($"{norm}.running_mean");
            var variance = tensor($"{norm}.running_var");
            var folded = new double[weight.Length];
            var bias = new double[layer.Units];
            for (var unit = 0; unit < layer.Units; unit++)
            {
                var gamma = batchNorm.Affine ? tensor($"{norm}.weight")[unit] : 1.0;
                var beta = batchNorm.Affine ? tensor($"{norm}.bias")[unit] : 0.0;
                var scale = gamma / Math.Sqrt(variance[unit] + batchNorm.Epsilon);
                for (var input = 0; input < layer.Inputs; input++)
                {
                    folded[(unit * layer.Inputs) + input] = scale * weight[(unit * layer.Inputs) + input];
                }

                var b = layer.Bias ? tensor($"{linear}.bias")[unit] : 0.0;
                bias[unit] = (scale * (b - mean[unit])) + beta;
            }

            inputs.Add(Initializer($"{linear}.weight_folded", folded, layer.Units, layer.Inputs));
            inputs.Add(Initializer($"{linear}.bias_folded", bias, layer.Units));
        }
        else
        {
            inputs.Add(Initializer($"{linear}.weight", weight, layer.Units, layer.Inputs));
            if (layer.Bias)
            {
                inputs.Add(Initializer($"{linear}.bias", tensor($"{linear}.bias"), layer.Units));
            }
        }

        return Node(linear, "Gemm", inputs.ToArray(), new OnnxAttribute("transB", Int: 1));
    }

    /// <summary>y = γ·(z − μ)/√(σ² + ε) + β with the running statistics (γ = 1, β = 0 when not affine).</summary>
    private string BatchNorm(string z, LayerArchitecture layer, BatchNormArchitecture batchNorm, int norm, TensorLookup tensor)
    {
        string scale, shift;
        if (batchNorm.Affine)
        {
            scale = Initializer($"{norm}.weight", tensor($"{norm}.weight"), layer.Units);
            shift = Initializer($"{norm}.bias", tensor($"{norm}.bias"), layer.Units);
        }
        else
        {
            // BatchNormalization needs a scale and a shift; the module has none, so constants of its own names stand in.
            scale = Initializer($"/{norm}/BatchNormalization/scale", Enumerable.Repeat(1.0, layer.Units).ToArray(), layer.Units);
            shift = Initializer($"/{norm}/BatchNormalization/shift", new double[layer.Units], layer.Units);
        }

        var mean = Initializer($"{norm}.running_mean", tensor($"{norm}.running_mean"), layer.Units);
        var variance = Initializer($"{norm}.running_var", tensor($"{norm}.running_var"), layer.Units);
        var epsilon = (float)batchNorm.Epsilon;
        var correction = batchNorm.Epsilon - epsilon;
        if (_double && correction != 0)
        {
            // The epsilon attribute is a float: a double network adds what rounding ε to float lost to the variance,
            // so σ² + (ε − float(ε)) + float(ε) = σ² + ε in double (ONNX Runtime folds this Add when it loads the model).
            variance = Node(norm, "Add", variance, Constant(norm, "Add", "epsilon_correction", correction));
        }

        return Node(norm, "BatchNormalization", new[] { z, scale, shift, mean, variance }, new OnnxAttribute("epsilon", Float: epsilon));
    }

    /// <summary>The activation's nodes; double networks build the ops ONNX Runtime has no double kernel for from others.</summary>
    private string ActivationNodes(string z, LayerArchitecture layer, int module, TensorLookup tensor)
    {
        switch (layer.Activation)
        {
            case Activation.Sigmoid:
                return Node(module, "Sigmoid", z);
            case Activation.Tanh:
                return Node(module, "Tanh", z);
            case Activation.ReLU:
                return Node(module, "Relu", z);
            case Activation.LeakyReLU when !_double:
                return Node(module, "LeakyRelu", new[] { z }, new OnnxAttribute("alpha", Float: (float)layer.Slope));
            case Activation.LeakyReLU:
                // LeakyRelu's alpha is a float attribute; a double slope goes in as PRelu's slope tensor instead.
                return Node(module, "PRelu", z, Constant(module, "PRelu", "slope", layer.Slope));
            case Activation.PReLU:
                return Node(module, "PRelu", z, Initializer($"{module}.weight", tensor($"{module}.weight"), layer.SlopeCount));
            case Activation.ELU when !_double:
                return Node(module, "Elu", new[] { z }, new OnnxAttribute("alpha", Float: 1f));
            case Activation.ELU:
                // No double Elu kernel: a = z > 0 ? z : e^z − 1.
                return Where(module, z, z, Node(module, "Sub", Node(module, "Exp", z), Constant(module, "Sub", "one", 1.0)));
            case Activation.SELU when !_double:
                return Node(module, "Selu", new[] { z }, new OnnxAttribute("alpha", Float: (float)SeluAlpha), new OnnxAttribute("gamma", Float: (float)SeluLambda));
            case Activation.SELU:
                // No double Selu kernel: a = z > 0 ? λ·z : λα·(e^z − 1), PyTorch's λ and α.
                var positive = Node(module, "Mul", z, Constant(module, "Mul", "lambda", SeluLambda));
                var expm1 = Node(module, "Sub", Node(module, "Exp", z), Constant(module, "Sub", "one", 1.0));
                return Where(module, z, positive, Node(module, "Mul", expm1, Constant(module, "Mul", "lambda_alpha", SeluLambdaAlpha)));
            case Activation.GELU when _double:
                // No double Erf kernel: erfc built from Mul, Add, Div, Exp and Where (OnnxGraphBuilder.Erfc.cs).
                return DoubleGelu(module, z);
            case Activation.GELU:
                // Opset 17 has no Gelu: a = 0.5·z·(1 + Erf(z/√2)).
                var erf = Node(module, "Erf", Node(module, "Div", z, Constant(module, "Div", "sqrt2", Math.Sqrt(2))));
                var onePlus = Node(module, "Add", erf, Constant(module, "Add", "one", 1.0));
                return Node(module, "Mul", Node(module, "Mul", z, onePlus), Constant(module, "Mul", "half", 0.5));
            case Activation.Softmax:
                return Node(module, "Softmax", new[] { z }, new OnnxAttribute("axis", Int: -1));
            default:
                throw new NotSupportedException($"NetGen.Onnx cannot export the activation {layer.Activation}.");
        }
    }

    /// <summary>a = z &gt; 0 ? <paramref name="positive"/> : <paramref name="negative"/>, as Greater and Where.</summary>
    private string Where(int module, string z, string positive, string negative)
    {
        var condition = Node(module, "Greater", z, Constant(module, "Greater", "zero", 0.0));
        return Node(module, "Where", condition, positive, negative);
    }

    private string Initializer(string name, ReadOnlySpan<double> values, params long[] dims)
    {
        if (_initializers.Any(t => t.Name == name))
        {
            // A constant used twice (only constants are named twice); a second copy would be an invalid graph.
            return name;
        }

        _initializers.Add(OnnxTensor.Of(name, _type, dims, values));
        return name;
    }

    /// <summary>A scalar constant of the network's type, named after the node that uses it.</summary>
    private string Constant(int module, string op, string what, double value) =>
        Initializer($"/{module}/{op}/{what}", new[] { value });

    private string Node(int module, string op, params string[] inputs) => Node(module, op, inputs, Array.Empty<OnnxAttribute>());

    /// <summary>Adds a node named like PyTorch's exporter names them (<c>/0/Gemm</c>, <c>/0/Gemm_1</c>) and returns its output.</summary>
    private string Node(int module, string op, string[] inputs, params OnnxAttribute[] attributes)
    {
        var name = $"/{module}/{op}";
        var count = _nodes.Count(n => n.Name == name || n.Name.StartsWith(name + "_", StringComparison.Ordinal));
        if (count > 0)
        {
            name += $"_{count}";
        }

        var output = name + "_output_0";
        _nodes.Add(new OnnxNode(op, name, inputs, new[] { output }, attributes));
        return output;
    }

    private void Rename(string value, string name)
    {
        for (var index = 0; index < _nodes.Count; index++)
        {
            var node = _nodes[index];
            if (node.Outputs.Contains(value) || node.Inputs.Contains(value))
            {
                _nodes[index] = node with
                {
                    Inputs = node.Inputs.Select(i => i == value ? name : i).ToArray(),
                    Outputs = node.Outputs.Select(o => o == value ? name : o).ToArray(),
                };
            }
        }
    }
}
