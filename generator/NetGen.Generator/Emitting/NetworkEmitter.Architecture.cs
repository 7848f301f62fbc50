using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>
/// What the runtime's files and exporters read: the <c>Architecture</c> description, the hyperparameters by name, the
/// batch-norm batch count and the dropout stream.
/// </summary>
internal sealed partial class NetworkEmitter
{
    /// <summary>The runtime-settable hyperparameters in the order the architecture lists them, the learning rate first.</summary>
    private IEnumerable<(string Name, double Declared)> Hyperparameters()
    {
        yield return ("LearningRate", _spec.Optimizer.LearningRate);
        foreach (var name in Rule.Hyperparameters)
        {
            yield return (name, OptimizerFormulas.Value(_spec.Optimizer, name));
        }

        if (_spec.Clip?.MaxValue is { } maxValue)
        {
            yield return ("GradientClipValue", maxValue);
        }

        if (_spec.Clip?.MaxNorm is { } maxNorm)
        {
            yield return ("GradientClipNorm", maxNorm);
        }
    }

    private void EmitArchitectureMembers()
    {
        var iface = $"global::NetGen.INetwork<{T}>";
        _w.Line("/// <summary>The declared architecture: what the runtime's files (<c>Save</c>, <c>Load</c>), PyTorch interchange and exporters rebuild the network from.</summary>");
        _w.Line("public static global::NetGen.NetworkArchitecture Architecture { get; } = new(");
        _w.Line($"    global::NetGen.Precision.{_spec.Precision},");
        _w.Line($"    inputs: {I(_spec.Inputs)},");
        _w.Line("    layers: new global::NetGen.LayerArchitecture[]");
        _w.Line("    {");
        foreach (var layer in Layers)
        {
            var spec = layer.Spec;
            var slope = spec.Activation is Activation.LeakyReLU or Activation.PReLU ? spec.Slope : 0.0;
            var batchNorm = spec.BatchNorm is { } norm
                ? $"new global::NetGen.BatchNormArchitecture(Momentum: {Literals.Double(norm.Momentum)}, Epsilon: {Literals.Double(norm.Epsilon)}, Affine: {Bool(norm.Affine)})"
                : "null";
            _w.Line($"        new(Inputs: {I(layer.In)}, Units: {I(layer.Out)}, global::NetGen.Activation.{spec.Activation}, Bias: {Bool(layer.HasBias)}, Slope: {Literals.Double(slope)}, SlopeCount: {I(layer.SlopeCount)}, BatchNorm: {batchNorm}, DropoutRate: {Literals.Double(spec.DropoutRate)}),");
        }

        _w.Line("    },");
        _w.Line($"    global::NetGen.LossKind.{_spec.Loss.Kind},");
        _w.Line($"    global::NetGen.OptimizerKind.{_spec.Optimizer.Kind},");
        var states = Rule.States.Select(s => $"\"{s.FileName}\"");
        _w.Line($"    optimizerStates: new string[] {{ {string.Join(", ", states)} }},");
        var hyperparameters = Hyperparameters().Select(h => $"new(\"{h.Name}\", {Literals.Double(h.Declared)})");
        _w.Line($"    hyperparameters: new global::NetGen.Hyperparameter[] {{ {string.Join(", ", hyperparameters)} }});");
        _w.Line();
        _w.Line($"global::NetGen.NetworkArchitecture {iface}.Architecture => Architecture;");
        _w.Line();
        _w.Line("/// <summary>The number of training batches the batch-norm running statistics have seen (PyTorch's <c>num_batches_tracked</c>)" +
                (HasBatchNorm ? ".</summary>" : "; this network has no batch norm, so nothing counts it.</summary>"));
        _w.Line("public long BatchesTracked { get; set; }");
        _w.Line();
        _w.Line($"global::NetGen.DeterministicRandom? {iface}.DropoutRandom => {(HasDropout ? "_dropoutRandom" : "null")};");
        _w.Line();
        EmitHyperparameterAccess();
    }

    private void EmitHyperparameterAccess()
    {
        var hyperparameters = Hyperparameters().ToList();
        _w.Line("/// <summary>The current value of the hyperparameter property <paramref name=\"name\"/> (" + string.Join(", ", hyperparameters.Select(h => h.Name)) + ").</summary>");
        using (_w.Open("public double GetHyperparameter(string name)"))
        {
            using (_w.Open("switch (name)"))
            {
                foreach (var (name, _) in hyperparameters)
                {
                    _w.Line($"case \"{name}\": return {name};");
                }
            }

            _w.Line("throw global::NetGen.NetworkArguments.UnknownHyperparameter(name, Architecture);");
        }

        _w.Line();
        _w.Line("/// <summary>Sets the hyperparameter property <paramref name=\"name\"/>, rounded to the network's precision.</summary>");
        using (_w.Open("public void SetHyperparameter(string name, double value)"))
        {
            using (_w.Open("switch (name)"))
            {
                foreach (var (name, _) in hyperparameters)
                {
                    _w.Line($"case \"{name}\": {name} = {(_spec.Precision == Precision.Single ? "(float)value" : "value")}; return;");
                }
            }

            _w.Line("throw global::NetGen.NetworkArguments.UnknownHyperparameter(name, Architecture);");
        }
    }

    /// <summary>
    /// The equivalent PyTorch <c>nn.Sequential</c>: per layer <c>nn.Linear</c>, <c>nn.BatchNorm1d</c>, the activation and
    /// <c>nn.Dropout</c>, and each layer's module indices (the runtime's <c>NetworkArchitecture.PyTorchModule</c> is the same list).
    /// </summary>
    private (List<string> Module, List<(int Linear, int Norm, int Activation)> Indices) PyTorchModules()
    {
        var modules = new List<string>();
        var indices = new List<(int, int, int)>();
        foreach (var layer in Layers)
        {
            var spec = layer.Spec;
            var linear = modules.Count;
            modules.Add($"Linear({I(layer.In)}, {I(layer.Out)}{(layer.HasBias ? "" : ", bias=False")})");
            var norm = -1;
            if (spec.BatchNorm is { } batchNorm)
            {
                norm = modules.Count;
                modules.Add($"BatchNorm1d({I(layer.Out)}, eps={Python(batchNorm.Epsilon)}, momentum={Python(batchNorm.Momentum)}{(batchNorm.Affine ? "" : ", affine=False")})");
            }

            var activation = -1;
            if (spec.Activation != Activation.Linear)
            {
                activation = modules.Count;
                modules.Add(spec.Activation switch
                {
                    Activation.LeakyReLU => $"LeakyReLU({Python(spec.Slope)})",
                    Activation.PReLU => $"PReLU(num_parameters={I(layer.SlopeCount)}, init={Python(spec.Slope)})",
                    Activation.Softmax => "Softmax(dim=1)",
                    _ => spec.Activation + "()",
                });
            }

            if (layer.HasDropout)
            {
                modules.Add($"Dropout(p={Python(spec.DropoutRate)})");
            }

            indices.Add((linear, norm, activation));
        }

        return (modules, indices);
    }

    /// <summary>A Python float literal, as the runtime's <c>PyTorchModule</c> writes it.</summary>
    private static string Python(double value)
    {
        var text = value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text.Replace("E", "e") : text + ".0";
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
