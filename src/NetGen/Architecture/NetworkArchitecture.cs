using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace NetGen;

/// <summary>
/// What a network is, as declared: its precision, inputs and layers, its loss and optimizer. Every generated network
/// exposes it as <c>Architecture</c>; the file format, the PyTorch interchange and the exporters are built on it.
/// </summary>
/// <remarks>
/// The equivalent PyTorch module is an <c>nn.Sequential</c> that lists, for each layer in order, <c>nn.Linear</c>,
/// <c>nn.BatchNorm1d</c> (if the layer has batch norm), the activation module (none for <see cref="Activation.Linear"/>)
/// and <c>nn.Dropout</c> (if the layer has dropout). <see cref="PyTorchModule"/> writes it out; its <c>state_dict</c> keys
/// are the tensor names of NetGen's files.
/// </remarks>
public sealed class NetworkArchitecture
{
    private readonly LayerArchitecture[] _layers;
    private readonly string[] _optimizerStates;
    private readonly Hyperparameter[] _hyperparameters;
    private IReadOnlyList<StateTensor>? _tensors;
    private string? _fingerprint;

    /// <summary>Describes a network; the generated code calls this once per network type.</summary>
    /// <exception cref="ArgumentException">The layers do not chain (a layer's inputs differ from the previous layer's units) or a size is not positive.</exception>
    public NetworkArchitecture(
        Precision precision,
        int inputs,
        IReadOnlyList<LayerArchitecture> layers,
        LossKind loss,
        OptimizerKind optimizer,
        IReadOnlyList<string> optimizerStates,
        IReadOnlyList<Hyperparameter> hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(optimizerStates);
        ArgumentNullException.ThrowIfNull(hyperparameters);
        if (layers.Count == 0)
        {
            throw new ArgumentException("A network has at least one layer.", nameof(layers));
        }

        var expectedInputs = inputs;
        for (var index = 0; index < layers.Count; index++)
        {
            var layer = layers[index] ?? throw new ArgumentException($"Layer {index + 1} is null.", nameof(layers));
            if (layer.Inputs != expectedInputs || layer.Units < 1)
            {
                throw new ArgumentException($"Layer {index + 1} has {layer.Inputs} inputs and {layer.Units} units; expected {expectedInputs} inputs and at least 1 unit.", nameof(layers));
            }

            expectedInputs = layer.Units;
        }

        Precision = precision;
        InputCount = inputs;
        _layers = layers.ToArray();
        Loss = loss;
        Optimizer = optimizer;
        _optimizerStates = optimizerStates.ToArray();
        _hyperparameters = hyperparameters.ToArray();
    }

    /// <summary>The floating-point type the network computes in.</summary>
    public Precision Precision { get; }

    /// <summary>The number of inputs of one sample.</summary>
    public int InputCount { get; }

    /// <summary>The number of outputs of one sample.</summary>
    public int OutputCount => _layers[^1].Units;

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<LayerArchitecture> Layers => _layers;

    /// <summary>The declared loss.</summary>
    public LossKind Loss { get; }

    /// <summary>The declared optimizer.</summary>
    public OptimizerKind Optimizer { get; }

    /// <summary>
    /// The names of the optimizer's state tensors, in the order of <see cref="INetwork{T}.GetOptimizerState"/>: PyTorch's
    /// names where PyTorch has the optimizer (<c>exp_avg</c>, <c>exp_avg_sq</c>, <c>momentum_buffer</c>, …).
    /// </summary>
    public IReadOnlyList<string> OptimizerStates => _optimizerStates;

    /// <summary>The runtime-settable hyperparameters (the learning rate first) with their declared values.</summary>
    public IReadOnlyList<Hyperparameter> Hyperparameters => _hyperparameters;

    /// <summary>The number of trainable parameters (the length of the parameter exchange layout).</summary>
    public int ParameterCount => _layers.Sum(l => l.ParameterCount);

    /// <summary>The number of batch-norm running statistics (mean and variance of every batch-normalized unit).</summary>
    public int RunningStatisticsCount => _layers.Sum(l => l.BatchNorm is null ? 0 : 2 * l.Units);

    /// <summary>
    /// NetGen's canonical text of the architecture: the inputs, then one line per layer in PyTorch's terms
    /// (<c>Linear(4, 16) → BatchNorm1d(16, eps=1E-05, momentum=0.1) → ReLU</c>). Precision, loss and optimizer are not part of it.
    /// </summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("inputs ").Append(InputCount.ToString(CultureInfo.InvariantCulture));
        for (var index = 0; index < _layers.Length; index++)
        {
            text.Append('\n').Append("layer ").Append((index + 1).ToString(CultureInfo.InvariantCulture)).Append(": ").Append(_layers[index].Describe());
        }

        return text.ToString();
    }

    /// <summary>
    /// A 64-bit hash (XxHash64, as 16 hexadecimal digits) of <see cref="Describe"/>: two networks whose files are
    /// interchangeable have the same fingerprint. The precision is not part of it, so a file converts between float and double.
    /// </summary>
    public string Fingerprint => _fingerprint ??= System.IO.Hashing.XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(Describe())).ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>
    /// The equivalent PyTorch module as Python source: an <c>nn.Sequential</c> whose <c>state_dict()</c> has exactly the
    /// tensors of NetGen's files, with the same names and shapes. Loading a NetGen file into it:
    /// <c>model.load_state_dict(safetensors.torch.load_file(path), strict=False)</c> (a checkpoint also holds
    /// <c>optimizer.*</c> tensors, which are not the module's).
    /// </summary>
    public string PyTorchModule()
    {
        var lines = new List<string> { "import torch", "from torch import nn", "", "model = nn.Sequential(" };
        var index = 0;
        void Add(string module) => lines.Add($"    {module},  # {index++}");
        foreach (var layer in _layers)
        {
            Add($"nn.Linear({layer.Inputs}, {layer.Units}{(layer.Bias ? "" : ", bias=False")})");
            if (layer.BatchNorm is { } batchNorm)
            {
                Add($"nn.BatchNorm1d({layer.Units}, eps={Python(batchNorm.Epsilon)}, momentum={Python(batchNorm.Momentum)}{(batchNorm.Affine ? "" : ", affine=False")})");
            }

            if (ActivationModule(layer) is { } activation)
            {
                Add(activation);
            }

            if (layer.DropoutRate > 0)
            {
                Add($"nn.Dropout(p={Python(layer.DropoutRate)})");
            }
        }

        lines.Add(Precision == Precision.Double ? ").double()" : ")");
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>The tensors of the module's <c>state_dict</c>, in order, with where each lives in NetGen's flat layouts.</summary>
    internal IReadOnlyList<StateTensor> StateTensors => _tensors ??= BuildStateTensors();

    private IReadOnlyList<StateTensor> BuildStateTensors()
    {
        var tensors = new List<StateTensor>();
        var module = 0;
        var parameter = 0;
        var running = 0;
        for (var index = 0; index < _layers.Length; index++)
        {
            var layer = _layers[index];
            var number = index + 1;
            var linear = module++;
            tensors.Add(StateTensor.Parameter($"{linear}.weight", number, $"layer {number} weights W{number}", parameter, layer.Units, layer.Inputs));
            parameter += layer.Units * layer.Inputs;
            if (layer.Bias)
            {
                tensors.Add(StateTensor.Parameter($"{linear}.bias", number, $"layer {number} bias b{number}", parameter, layer.Units));
                parameter += layer.Units;
            }

            if (layer.BatchNorm is { } batchNorm)
            {
                var norm = module++;
                if (batchNorm.Affine)
                {
                    tensors.Add(StateTensor.Parameter($"{norm}.weight", number, $"layer {number} batch-norm scale γ{number}", parameter, layer.Units));
                    tensors.Add(StateTensor.Parameter($"{norm}.bias", number, $"layer {number} batch-norm shift β{number}", parameter + layer.Units, layer.Units));
                    parameter += 2 * layer.Units;
                }

                tensors.Add(new StateTensor($"{norm}.running_mean", StateTensorKind.RunningStatistic, number, $"layer {number} running mean", running, new[] { layer.Units }));
                tensors.Add(new StateTensor($"{norm}.running_var", StateTensorKind.RunningStatistic, number, $"layer {number} running variance", running + layer.Units, new[] { layer.Units }));
                tensors.Add(new StateTensor($"{norm}.num_batches_tracked", StateTensorKind.BatchCount, number, $"layer {number} batches tracked", 0, Array.Empty<int>()));
                running += 2 * layer.Units;
            }

            if (layer.Activation != Activation.Linear)
            {
                var activation = module++;
                if (layer.SlopeCount > 0)
                {
                    tensors.Add(StateTensor.Parameter($"{activation}.weight", number, $"layer {number} PReLU slope{(layer.SlopeCount > 1 ? "s" : "")} α{number}", parameter, layer.SlopeCount));
                    parameter += layer.SlopeCount;
                }
            }

            if (layer.DropoutRate > 0)
            {
                module++;
            }
        }

        return tensors;
    }

    private static string? ActivationModule(LayerArchitecture layer) => layer.Activation switch
    {
        Activation.Linear => null,
        Activation.Sigmoid => "nn.Sigmoid()",
        Activation.Tanh => "nn.Tanh()",
        Activation.ReLU => "nn.ReLU()",
        Activation.LeakyReLU => $"nn.LeakyReLU({Python(layer.Slope)})",
        Activation.PReLU => $"nn.PReLU(num_parameters={layer.SlopeCount}, init={Python(layer.Slope)})",
        Activation.ELU => "nn.ELU()",
        Activation.SELU => "nn.SELU()",
        Activation.GELU => "nn.GELU()",
        Activation.Softmax => "nn.Softmax(dim=1)",
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer.Activation, "Unknown activation."),
    };

    private static string Python(double value)
    {
        var text = Numbers.Format(value);
        return text.Contains('.') || text.Contains('E') ? text.Replace("E", "e") : text + ".0";
    }
}

/// <summary>What a tensor of the module's state holds.</summary>
internal enum StateTensorKind
{
    /// <summary>Trainable: a block of the parameter exchange layout.</summary>
    Parameter,

    /// <summary>A batch-norm running mean or variance: a block of the running statistics.</summary>
    RunningStatistic,

    /// <summary>A batch-norm layer's <c>num_batches_tracked</c> (a 64-bit integer scalar).</summary>
    BatchCount,
}

/// <summary>One tensor of the module's <c>state_dict</c>: its name, its shape and the block of NetGen's flat layout it is.</summary>
internal sealed record StateTensor(string Name, StateTensorKind Kind, int Layer, string Description, int Offset, int[] Shape)
{
    public static StateTensor Parameter(string name, int layer, string description, int offset, params int[] shape) =>
        new(name, StateTensorKind.Parameter, layer, description, offset, shape);

    /// <summary>The number of values: the product of the shape (1 for a scalar).</summary>
    public int Length
    {
        get
        {
            var length = 1;
            foreach (var size in Shape)
            {
                length *= size;
            }

            return length;
        }
    }

    public string ShapeText => Shape.Length == 0 ? "a scalar" : string.Join(" × ", Shape);
}
