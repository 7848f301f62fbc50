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
        if (HasLayerRuns)
        {
            // An array initializer of every layer would make the static constructor grow with depth.
            _w.Line("    layers: __ng_ArchitectureLayers(),");
        }
        else
        {
            _w.Line("    layers: new global::NetGen.LayerArchitecture[]");
            _w.Line("    {");
            foreach (var layer in Layers)
            {
                _w.Line($"        new({LayerArchitectureArguments(layer)}),");
            }

            _w.Line("    },");
        }

        _w.Line($"    global::NetGen.LossKind.{_spec.Loss.Kind},");
        _w.Line($"    global::NetGen.OptimizerKind.{_spec.Optimizer.Kind},");
        var states = Rule.States.Select(s => $"\"{s.FileName}\"");
        _w.Line($"    optimizerStates: new string[] {{ {string.Join(", ", states)} }},");
        var hyperparameters = Hyperparameters().Select(h => $"new(\"{h.Name}\", {Literals.Double(h.Declared)})");
        _w.Line($"    hyperparameters: new global::NetGen.Hyperparameter[] {{ {string.Join(", ", hyperparameters)} }});");
        _w.Line();
        _w.Line($"global::NetGen.NetworkArchitecture {iface}.Architecture => Architecture;");
        _w.Line();
        if (HasLayerRuns)
        {
            _w.Line("/// <summary>The layers of <see cref=\"Architecture\"/>.</summary>");
            using (_w.Open("private static global::NetGen.LayerArchitecture[] __ng_ArchitectureLayers()"))
            {
                _w.Line("var layers = new global::NetGen.LayerArchitecture[Sizes.LayerCount];");
                var run = new LayerRunMethod("__ng_ArchitectureLayers", "ArchitectureLayers", "private static void {0}(global::NetGen.LayerArchitecture[] layers)", "layers");
                EmitLayerRun(Layers, run, layer => _w.Line($"layers[{I(layer.Number - 1)}] = new({LayerArchitectureArguments(layer)});"));
                _w.Line("return layers;");
            }

            EmitPendingMethods();
            _w.Line();
        }

        _w.Line("/// <summary>The number of training batches the batch-norm running statistics have seen (PyTorch's <c>num_batches_tracked</c>)" +
                (HasBatchNorm ? ".</summary>" : "; this network has no batch norm, so nothing counts it.</summary>"));
        _w.Line("public long BatchesTracked { get; set; }");
        _w.Line();
        _w.Line($"global::NetGen.DeterministicRandom? {iface}.DropoutRandom => {(HasDropout ? "__ng_dropoutRandom" : "null")};");
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
        _w.Line("/// <summary>Sets the hyperparameter property <paramref name=\"name\"/> to <paramref name=\"value\"/> rounded to the network's precision, checked as the property's setter checks it.</summary>");
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
    /// A network declared with <c>Weights</c> starts from the file's trained state, compiled in as constant data in the
    /// storage layout: construction decodes it straight into the network's arrays (no file, no parsing, no allocation).
    /// </summary>
    private void EmitBakedInitialization()
    {
        var weights = _weights!;
        var file = weights.Path.Replace('\\', '/');
        // The file name goes into XML doc comments: a name with <, > or & must not break them.
        file = file.Substring(file.LastIndexOf('/') + 1).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        _w.Line($"/// <summary>Starts from the trained state baked in from <c>{file}</c>" + (weights.Checksum.Length > 0 ? $" (checksum {weights.Checksum})" : "") + "; the seed only seeds dropout.</summary>");
        using (_w.Open("private void __ng_InitializeParameters(int seed)"))
        {
            _w.Line("global::NetGen.BakedData.Decode(__ng_BakedParameters, __ng_parameters.Span);");
            if (HasBatchNorm)
            {
                _w.Line("global::NetGen.BakedData.Decode(__ng_BakedRunningStatistics, __ng_running.Span);");
                _w.Line($"BatchesTracked = {weights.BatchesTracked.ToString(System.Globalization.CultureInfo.InvariantCulture)};");
            }
        }

        _w.Line();
        _w.Line($"/// <summary>The trained parameters from <c>{file}</c> in the storage layout (above), as little-endian {T}s in base64.</summary>");
        EmitBase64("__ng_BakedParameters", StorageParameters(weights));
        if (HasBatchNorm)
        {
            _w.Line();
            _w.Line($"/// <summary>The batch-norm running statistics from <c>{file}</c> in the storage layout (__ng_RunningMean1, …), as little-endian {T}s in base64.</summary>");
            EmitBase64("__ng_BakedRunningStatistics", StorageRunningStatistics(weights));
        }
    }

    /// <summary>The exchange-layout parameters placed where the storage keeps them (Wt input-major, rows padded with zeros).</summary>
    private double[] StorageParameters(Weights.WeightsSpec weights)
    {
        var storage = new double[_layout.StorageLength];
        var exchange = weights.Parameters;
        foreach (var layer in Layers)
        {
            for (var o = 0; o < layer.Out; o++)
            {
                for (var i = 0; i < layer.In; i++)
                {
                    storage[layer.W + (i * layer.OutPadded) + o] = exchange[layer.ExchangeW + (o * layer.In) + i];
                }
            }

            var affine = layer.HasAffine ? layer.Out : 0;
            Copy(layer.ExchangeB, layer.B, layer.HasBias ? layer.Out : 0);
            Copy(layer.ExchangeGamma, layer.Gamma, affine);
            Copy(layer.ExchangeBeta, layer.Beta, affine);
            Copy(layer.ExchangeSlope, layer.Slope, layer.SlopeCount);
        }

        return storage;

        void Copy(int from, int to, int count)
        {
            for (var k = 0; k < count; k++)
            {
                storage[to + k] = exchange[from + k];
            }
        }
    }

    /// <summary>The running statistics in the storage layout: per batch-norm layer, the mean then the variance, each padded (variance padding 1, as a new network's).</summary>
    private double[] StorageRunningStatistics(Weights.WeightsSpec weights)
    {
        var storage = new List<double>();
        var at = 0;
        foreach (var layer in Layers.Where(l => l.HasBatchNorm))
        {
            for (var k = 0; k < layer.OutPadded; k++)
            {
                storage.Add(k < layer.Out ? weights.RunningStatistics[at + k] : 0);
            }

            for (var k = 0; k < layer.OutPadded; k++)
            {
                storage.Add(k < layer.Out ? weights.RunningStatistics[at + layer.Out + k] : 1);
            }

            at += 2 * layer.Out;
        }

        return storage.ToArray();
    }

    /// <summary>
    /// Values as little-endian bytes of the network's precision, in base64, as one string constant: the form the compiler
    /// handles fastest (<c>NetGen.BakedData</c> gives the measurements).
    /// </summary>
    private void EmitBase64(string name, double[] values)
    {
        var single = _spec.Precision == Precision.Single;
        var bytes = new byte[values.Length * (single ? 4 : 8)];
        for (var k = 0; k < values.Length; k++)
        {
            var value = single ? System.BitConverter.GetBytes((float)values[k]) : System.BitConverter.GetBytes(values[k]);
            if (!System.BitConverter.IsLittleEndian)
            {
                System.Array.Reverse(value);
            }

            value.CopyTo(bytes, k * value.Length);
        }

        _w.Line($"private static string {name} => \"{System.Convert.ToBase64String(bytes)}\";");
    }

    /// <summary>The arguments of a layer's <c>LayerArchitecture</c>.</summary>
    private static string LayerArchitectureArguments(LayerLayout layer)
    {
        var spec = layer.Spec;
        var slope = spec.Activation is Activation.LeakyReLU or Activation.PReLU ? spec.Slope : 0.0;
        var batchNorm = spec.BatchNorm is { } norm
            ? $"new global::NetGen.BatchNormArchitecture(Momentum: {Literals.Double(norm.Momentum)}, Epsilon: {Literals.Double(norm.Epsilon)}, Affine: {Bool(norm.Affine)})"
            : "null";
        return $"Inputs: {I(layer.In)}, Units: {I(layer.Out)}, global::NetGen.Activation.{spec.Activation}, Bias: {Bool(layer.HasBias)}, Slope: {Literals.Double(slope)}, SlopeCount: {I(layer.SlopeCount)}, BatchNorm: {batchNorm}, DropoutRate: {Literals.Double(spec.DropoutRate)}";
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
