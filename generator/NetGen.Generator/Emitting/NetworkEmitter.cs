using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>
/// The pure function spec → C# source. One instance writes one network; the partial files hold one concern each:
/// members and parameter exchange here, inference in <c>.Forward</c>, training in <c>.Backward</c>, updates in <c>.Optimizer</c>.
/// </summary>
internal sealed partial class NetworkEmitter
{
    private readonly NetworkSpec _spec;
    private readonly Weights.WeightsSpec? _weights;
    private readonly NetworkLayout _layout;
    private readonly SourceWriter _w = SourceWriter.Rent();
    private readonly CancellationToken _cancellationToken;
    private readonly VectorWidth _vector512;

    /// <summary>The widths of the matrix kernels and the flat passes over whole buffers, widest first.</summary>
    private readonly VectorWidth[] _kernelWidths;

    /// <summary>
    /// The widths of the passes over one sample's row (activations, batch norm), widest first: rows are short, so they
    /// start at 256 bits.
    /// </summary>
    private readonly VectorWidth[] _rowWidths;

    private NetworkEmitter(NetworkSpec spec, Weights.WeightsSpec? weights, CancellationToken cancellationToken)
    {
        _spec = spec;
        _weights = weights;
        _layout = new NetworkLayout(spec);
        _cancellationToken = cancellationToken;
        _vector512 = VectorWidth.Of512(spec.Precision);
        var vector256 = VectorWidth.Of256(spec.Precision);
        var vector128 = VectorWidth.Of128(spec.Precision);
        _kernelWidths = [_vector512, vector256, vector128];
        _rowWidths = [vector256, vector128];
    }

    /// <summary>The hint name of a network's generated file, <c>{Namespace}.{Containing}.{Type}.g.cs</c> (<see cref="HintNames"/>).</summary>
    public static string HintName(NetworkSpec spec) => HintNames.For(spec.Type);

    public static string Emit(NetworkSpec spec, CancellationToken cancellationToken = default) => Emit(spec, null, cancellationToken);

    /// <summary>The network, starting from the trained state of <paramref name="weights"/> when the declaration names a weights file.</summary>
    public static string Emit(NetworkSpec spec, Weights.WeightsSpec? weights, CancellationToken cancellationToken = default)
    {
        var emitter = new NetworkEmitter(spec, weights, cancellationToken);
        emitter.EmitFile();
        return emitter._w.ToStringAndRelease();
    }

    /// <summary>
    /// The attribute on every member the generator declares (not on the class, which is also the user's): tools such as
    /// coverage leave generated members out by it.
    /// </summary>
    internal static readonly string s_generatedCode =
        $"[global::System.CodeDom.Compiler.GeneratedCode(\"NetGen\", \"{typeof(NetworkEmitter).Assembly.GetName().Version?.ToString(3)}\")]";

    private string T => _spec.Precision == Precision.Single ? "float" : "double";

    /// <summary>The type of every buffer the network owns: an array whose values start on a 64-byte boundary.</summary>
    private string Buffer => $"global::NetGen.Kernels.AlignedBuffer<{T}>";

    /// <summary>
    /// The network's own type as generated code names it: from <c>global::</c>, so that a type of the same name that the
    /// class inherits (a nested type of its base class) cannot capture it.
    /// </summary>
    private string SelfType => "global::" + _spec.Type.FullName;

    private string MathType => _spec.Precision == Precision.Single ? "global::System.MathF" : "global::System.Math";

    private int Lanes => _layout.Lanes;

    /// <summary>
    /// The vectors of width <paramref name="v"/> that cover a layer's outputs: its whole padded width in <c>Vector512</c>s,
    /// but only the narrower vectors that hold real outputs (a 3-unit layer is one <c>Vector256</c>, not two). The lanes
    /// past them are padding that no kernel of that width writes, so they keep the zeros they were allocated with.
    /// </summary>
    private static int VBlocks(LayerLayout layer, VectorWidth v) => v.Blocks(layer.Out);

    /// <summary>
    /// Writes a kernel's vector bodies, <paramref name="body"/> once per width of <see cref="_kernelWidths"/> with that width
    /// as its argument: <c>if (Vector512.IsHardwareAccelerated) { … } else if (Vector256.IsHardwareAccelerated) { … } else
    /// if (Vector128.IsHardwareAccelerated) { … }</c>. The caller writes the scalar <c>else</c> (or tail loop) after it.
    /// </summary>
    private void EmitVectorBodies(System.Action<VectorWidth> body) => EmitVectorBodies(_kernelWidths, body);

    /// <summary>As <see cref="EmitVectorBodies(System.Action{VectorWidth})"/>, for the given widths.</summary>
    private void EmitVectorBodies(IReadOnlyList<VectorWidth> widths, System.Action<VectorWidth> body)
    {
        for (var index = 0; index < widths.Count; index++)
        {
            var v = widths[index];
            using (_w.Open($"{(index == 0 ? "" : "else ")}if ({v.Type}.IsHardwareAccelerated)"))
            {
                body(v);
            }
        }
    }

    /// <summary>
    /// A doc-comment reference to a generated method with its parameter types: a bare name would be ambiguous (warning
    /// CS0419) beside an overload of the user's, such as <c>Predict(float[])</c>.
    /// </summary>
    private string MethodCref(string name) => name switch
    {
        "Predict" => $"Predict(global::System.ReadOnlySpan{{{T}}}, global::System.Span{{{T}}})",
        "ComputeGradients" or "ComputeLoss" or "TrainStep" => $"{name}(global::System.ReadOnlySpan{{{T}}}, global::System.ReadOnlySpan{{{T}}})",
        "SetParameters" or "SetRunningStatistics" or "SetOptimizerState" => $"{name}(global::System.ReadOnlySpan{{{T}}})",
        "ResetOptimizer" => "ResetOptimizer()",
        _ => $"{name}(global::System.Span{{{T}}})",
    };

    private IReadOnlyList<LayerLayout> Layers => _layout.Layers;

    private LayerLayout Output => _layout.Layers[_layout.Layers.Count - 1];

    private string Num(double value) => Literals.Number(value, _spec.Precision);

    private static string I(int value) => Literals.Int(value);

    private void EmitFile()
    {
        _w.Line("// <auto-generated/>");
        _w.Line("// Generated by NetGen from the attributes on " + _spec.Type.Name + ". Do not edit: change the attributes instead.");
        _w.Line("#nullable enable");
        _w.Line();
        if (_spec.Type.Namespace is not null)
        {
            _w.Line("namespace " + _spec.Type.Namespace + ";");
            _w.Line();
        }

        var containing = new List<SourceWriter.Block>();
        foreach (var type in _spec.Type.ContainingTypes)
        {
            containing.Add(_w.Open($"{type.Declaration} {type.Name}"));
        }

        if (_spec.InferenceOnly)
        {
            EmitInferenceOnlyClass();
        }
        else
        {
            EmitNetworkClass();
        }

        for (var i = containing.Count - 1; i >= 0; i--)
        {
            containing[i].Dispose();
        }
    }

    /// <summary>The full network: inference, training and the optimizer, implementing <c>INetwork&lt;T&gt;</c>.</summary>
    private void EmitNetworkClass()
    {
        EmitClassDocumentation();
        using (_w.Open($"partial class {_spec.Type.Name} : global::NetGen.INetwork<{T}>"))
        using (_w.MarkMembers(s_generatedCode))
        {
            EmitConstantsAndFields();
            _w.Line();
            EmitConstructors();
            _w.Line();
            EmitOptimizerMembers();
            _w.Line();
            EmitInterfaceProperties();
            _w.Line();
            EmitFreezingMembers();
            _w.Line();
            EmitArchitectureMembers();
            _w.Line();
            EmitParameterExchange();
            _cancellationToken.ThrowIfCancellationRequested();
            _w.Line();
            EmitPredict();
            _cancellationToken.ThrowIfCancellationRequested();
            _w.Line();
            EmitComputeGradients();
            EmitPendingMethods();
            _w.Line();
            EmitComputeLoss();
            _w.Line();
            EmitGetTrainingOutputs();
            _w.Line();
            EmitGetTrainingLogits();
            _w.Line();
            EmitTrainStep();
            _w.Line();
            EmitParallelTrainingMembers();
            foreach (var layer in Layers)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                _w.Line();
                EmitLinear(layer);
                _w.Line();
                EmitLinearTile(layer);
                _w.Line();
                EmitLinearQuad(layer);
                _w.Line();
                EmitLinearBatch(layer);
                if (!StoresActivated(layer))
                {
                    _w.Line();
                    EmitActivate(layer);
                }

                if (!IsFusedOutput(layer) && !StoresActivated(layer))
                {
                    _w.Line();
                    EmitActivateBatch(layer);
                }
                if (layer.HasBatchNorm)
                {
                    _w.Line();
                    EmitBatchNormInference(layer);
                    _w.Line();
                    EmitBatchNormTraining(layer);
                }

                if (layer.HasDropout)
                {
                    _w.Line();
                    EmitDropout(layer);
                }
            }

            _w.Line();
            EmitLoss();
            for (var index = Layers.Count - 1; index >= 0; index--)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var layer = Layers[index];
                if (NeedsActivationBackward(layer))
                {
                    _w.Line();
                    EmitActivationBackward(layer);
                    _w.Line();
                    EmitActivationBackwardBatch(layer);
                }

                _w.Line();
                EmitWeightGradients(layer);
                if (layer.Number > 1)
                {
                    _w.Line();
                    EmitInputGradients(layer);
                }
            }

            _w.Line();
            EmitUpdate();
            EmitClip();
            _w.Line();
            EmitSumOfSquares();
            if (HasDropout)
            {
                _w.Line();
                EmitMultiply();
            }
        }
    }

    /// <summary>
    /// The inference-only form (<c>InferenceOnly = true</c>): the trained, folded weights and the forward kernels,
    /// implementing <c>IPredictor&lt;T&gt;</c>; no gradients, optimizer, training buffers or training methods.
    /// </summary>
    private void EmitInferenceOnlyClass()
    {
        var shape = string.Join(" → ", new[] { I(_spec.Inputs) }.Concat(Layers.Select(l => $"{l.Out} ({l.Spec.Activation})")));
        _w.Line($"/// <summary>NetGen inference-only network {shape}, computing in <see cref=\"{T}\"/>, its trained weights compiled in.</summary>");
        _w.Line("/// <remarks>Batch norm, if the declaration has any, is folded into the weights and biases of its layer; dropout is the identity at inference.</remarks>");
        using (_w.Open($"partial class {_spec.Type.Name} : global::NetGen.IPredictor<{T}>"))
        using (_w.MarkMembers(s_generatedCode))
        {
            EmitConstantsAndFields();
            _w.Line();
            _w.Line("/// <summary>Creates the network with its trained weights.</summary>");
            using (_w.Open($"public {_spec.Type.Name}()"))
            {
                _w.Line("__ng_InitializeParameters(0);");
            }

            _w.Line();
            EmitBakedInitialization();
            _w.Line();
            EmitPredict();
            foreach (var layer in Layers)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                _w.Line();
                EmitLinear(layer);
                _w.Line();
                EmitLinearTile(layer);
                _w.Line();
                EmitLinearQuad(layer);
                if (StoresActivated(layer))
                {
                    continue;
                }

                _w.Line();
                EmitActivate(layer);
                if (HasFlatInferenceActivation(layer))
                {
                    _w.Line();
                    EmitActivateBatch(layer);
                }
            }
        }
    }

    private void EmitClassDocumentation()
    {
        var shape = string.Join(" → ", new[] { I(_spec.Inputs) }.Concat(Layers.Select(l => $"{l.Out} ({l.Spec.Activation})")));
        var modules = Weights.PyTorchModules.Of(_spec);
        _w.Line($"/// <summary>NetGen network {shape}, computing in <see cref=\"{T}\"/>; loss {_spec.Loss.Kind}, optimizer {_spec.Optimizer.Kind}.</summary>");
        _w.Line("/// <remarks>");
        _w.Line("/// <para>The equivalent PyTorch module is <c>nn.Sequential(" + string.Join(", ", modules.Modules.Select(m => "nn." + m)) + ")</c>" +
                (_spec.Precision == Precision.Double ? " in float64" : "") + "; <c>Architecture.PyTorchModule()</c> writes it as Python.");
        _w.Line("/// NetGen's files (<c>Save</c>, <c>Load</c>) name each tensor by its key in that module's <c>state_dict</c>.</para>");
        _w.Line($"/// <para>Parameter exchange layout of <see cref=\"{MethodCref("GetParameters")}\"/>, <see cref=\"{MethodCref("SetParameters")}\"/> and <see cref=\"{MethodCref("GetGradients")}\"/>");
        _w.Line("/// (PyTorch-compatible: <c>W</c> is <c>nn.Linear.weight</c>, <c>[units × inputs]</c> row-major):</para>");
        _w.Line("/// <list type=\"table\">");
        _w.Line("/// <listheader><term>offsets</term><description>block (state_dict key)</description></listheader>");
        foreach (var layer in Layers)
        {
            var (linear, norm, activation) = modules.Indices[layer.Number - 1];
            _w.Line($"/// <item><term>[{layer.ExchangeW}, {layer.ExchangeB})</term><description>W{layer.Number}, layer {layer.Number} weights [{layer.Out} × {layer.In}] (<c>{linear}.weight</c>)</description></item>");
            if (layer.HasBias)
            {
                _w.Line($"/// <item><term>[{layer.ExchangeB}, {layer.ExchangeGamma})</term><description>b{layer.Number}, layer {layer.Number} bias [{layer.Out}] (<c>{linear}.bias</c>)</description></item>");
            }

            if (layer.HasAffine)
            {
                _w.Line($"/// <item><term>[{layer.ExchangeGamma}, {layer.ExchangeBeta})</term><description>γ{layer.Number}, layer {layer.Number} batch-norm scale [{layer.Out}] (<c>{norm}.weight</c>)</description></item>");
                _w.Line($"/// <item><term>[{layer.ExchangeBeta}, {layer.ExchangeSlope})</term><description>β{layer.Number}, layer {layer.Number} batch-norm shift [{layer.Out}] (<c>{norm}.bias</c>)</description></item>");
            }
            if (layer.HasSlope)
            {
                _w.Line($"/// <item><term>[{layer.ExchangeSlope}, {layer.ExchangeEnd})</term><description>α{layer.Number}, layer {layer.Number} PReLU slope{(layer.SlopeCount > 1 ? "s" : "")} [{layer.SlopeCount}] (<c>{activation}.weight</c>)</description></item>");
            }
        }

        _w.Line("/// </list>");
        if (HasBatchNorm)
        {
            _w.Line($"/// <para>Batch-norm running statistics (<see cref=\"{MethodCref("GetRunningStatistics")}\"/>): " + string.Join(", ", Layers.Where(l => l.HasBatchNorm).Select(l =>
                $"layer {l.Number} <c>{modules.Indices[l.Number - 1].Norm}.running_mean</c>, <c>.running_var</c>, <c>.num_batches_tracked</c>")) + ".</para>");
        }

        _w.Line("/// </remarks>");
    }

    private void EmitConstantsAndFields()
    {
        EmitSizes();
        _w.Line();
        if (!_spec.InferenceOnly)
        {
            _w.Line("/// <summary>The seed the parameterless constructor initializes the weights with (<c>[Network(Seed)]</c>).</summary>");
            _w.Line($"public const int DefaultSeed = {I(_spec.Seed)};");
            _w.Line();
        }

        _w.Line($"// Internal storage: each layer's weights input-major (Wt[i, o] = W[o, i]), rows padded to {_layout.PaddingLanes} lanes (64 bytes) with zeros,");
        _w.Line("// so a layer is a run of broadcast-multiply-adds into vector accumulators. The exchange layout never changes with it.");
        foreach (var layer in Layers)
        {
            _w.Line($"private const int {layer.WName} = {I(layer.W)}; // Wt{layer.Number} [{layer.In} × {layer.OutPadded}]");
            _w.Line(layer.HasBias
                ? $"private const int {layer.BName} = {I(layer.B)}; // b{layer.Number} [{layer.OutPadded}]"
                : $"// no b{layer.Number}: layer {layer.Number} has no bias (Bias = false)");
            if (layer.HasAffine)
            {
                _w.Line($"private const int {layer.GammaName} = {I(layer.Gamma)}; // γ{layer.Number} [{layer.OutPadded}]");
                _w.Line($"private const int {layer.BetaName} = {I(layer.Beta)}; // β{layer.Number} [{layer.OutPadded}]");
            }

            if (layer.HasSlope)
            {
                _w.Line($"private const int {layer.SlopeName} = {I(layer.Slope)}; // α{layer.Number} [{layer.SlopeCount}]");
            }
        }

        _w.Line($"private const int __ng_StorageLength = {I(_layout.StorageLength)};");
        _w.Line($"private const int __ng_MaxWidth = {I(_layout.MaxWidth)}; // the widest padded layer: the length of a scratch row");
        _w.Line($"private const int __ng_TileRows = {I(TileRows)}; // samples per tile of the batched matrix kernels, in inference and training");
        _w.Line($"private const int __ng_QuadRows = {I(QuadRows)}; // samples per half tile (LinearQuad) and per narrow InputGradients block");
        EmitRunningStatisticsConstants();
        _w.Line();
        _w.Line($"private readonly {Buffer} __ng_parameters = new(__ng_StorageLength);");
        if (_spec.InferenceOnly)
        {
            return;
        }

        _w.Line($"private readonly {Buffer} __ng_gradients = new(__ng_StorageLength);");
        _w.Line($"private readonly {T}[] __ng_layerGradientNorms = new {T}[Sizes.LayerCount];");
        foreach (var state in Rule.States)
        {
            _w.Line($"private readonly {Buffer} {state.Field} = new(__ng_StorageLength); // {state.Description}");
        }
        _w.Line();
        EmitFrozenLayerFields();
        _w.Line();
        EmitBatchTrainingFields();
        if (HasDropout)
        {
            _w.Line();
            _w.Line("// Dropout masks come from their own deterministic stream of the seed, so the same seed gives the same masks.");
            _w.Line("private global::NetGen.DeterministicRandom __ng_dropoutRandom;");
        }
    }

    /// <summary>
    /// The sizes, twice: as constants of the nested class <c>Sizes</c>, for array lengths and <c>stackalloc</c> where a
    /// constant is needed, and as instance properties of the same names (<c>net.ParameterCount</c>), which implement the
    /// interfaces. C# does not allow a static and an instance member of one name in one type.
    /// </summary>
    private void EmitSizes()
    {
        var sizes = new List<(string Name, int Value, string Description)>
        {
            ("InputCount", _spec.Inputs, "The number of inputs of one sample."),
            ("OutputCount", _spec.Outputs, "The number of outputs of one sample."),
            ("ParameterCount", _layout.ParameterCount, "The number of trainable parameters (the length of the exchange layout)."),
            ("LayerCount", Layers.Count, "The number of layers."),
        };
        if (!_spec.InferenceOnly)
        {
            var states = Rule.States;
            sizes.Add(("RunningStatisticsCount", RunningStatisticsCount, "The number of batch-norm running statistics: per batch-norm layer in order, the running mean then the running variance of its units."));
            sizes.Add(("OptimizerStateCount", states.Count * _layout.ParameterCount, "The number of optimizer state values: " + (states.Count == 0
                ? "plain SGD keeps none."
                : $"{string.Join(", ", states.Select(s => s.Description))}, each in the parameter exchange layout.")));
        }

        _w.Line($"/// <summary>The sizes of this network as constants, for array lengths and <c>stackalloc</c>: <c>stackalloc {T}[{_spec.Type.Name}.Sizes.InputCount]</c>. An instance has each as a property of the same name.</summary>");
        using (_w.Open("public static class Sizes"))
        {
            for (var i = 0; i < sizes.Count; i++)
            {
                if (i > 0)
                {
                    _w.Line();
                }

                _w.Line($"/// <summary>{sizes[i].Description}</summary>");
                _w.Line($"public const int {sizes[i].Name} = {I(sizes[i].Value)};");
            }
        }

        foreach (var (name, _, description) in sizes)
        {
            _w.Line();
            _w.Line($"/// <summary>{description} The same as <see cref=\"Sizes.{name}\"/>.</summary>");
            _w.Line($"public int {name} => Sizes.{name};");
        }
    }

    private void EmitConstructors()
    {
        var name = _spec.Type.Name;
        _w.Line("/// <summary>Creates the network with weights initialized from <see cref=\"DefaultSeed\"/>.</summary>");
        _w.Line($"public {name}()");
        _w.Line("    : this(DefaultSeed)");
        _w.Line("{");
        _w.Line("}");
        _w.Line();
        _w.Line("/// <summary>Creates the network with weights initialized from <paramref name=\"seed\"/>: the same seed gives bit-identical weights on every machine.</summary>");
        using (_w.Open($"public {name}(int seed)"))
        {
            _w.Line("Seed = seed;");
            if (HasDropout)
            {
                _w.Line("__ng_dropoutRandom = global::NetGen.DeterministicRandom.ForStream(seed, __ng_DropoutStream);");
            }

            _w.Line("__ng_InitializeParameters(seed);");
            _w.Line("ResetOptimizer();");
        }

        _w.Line();
        if (HasDropout)
        {
            _w.Line("/// <summary>The stream of the seed the dropout masks are drawn from (the layers' weights use streams 0, 1, …).</summary>");
            _w.Line("private const int __ng_DropoutStream = int.MaxValue;");
            _w.Line();
            _w.Line("/// <summary>Restarts the dropout masks from <paramref name=\"seed\"/>: the masks that follow are those a network constructed with that seed would draw.</summary>");
            using (_w.Open("public void ReseedDropout(int seed)"))
            {
                _w.Line("__ng_dropoutRandom = global::NetGen.DeterministicRandom.ForStream(seed, __ng_DropoutStream);");
            }

            _w.Line();
        }

        _w.Line("/// <summary>The seed the weights were initialized with.</summary>");
        _w.Line("public int Seed { get; }");
        _w.Line();
        EmitHyperparameterProperty("LearningRate", $"The learning rate of the next <see cref=\"{MethodCref("TrainStep")}\"/>, a finite number of at least 0; starts at the declared one.", _spec.Optimizer.LearningRate);
        if (_weights is not null)
        {
            EmitBakedInitialization();
            return;
        }

        _w.Line("/// <summary>Draws every layer's weights from its own deterministic stream of <paramref name=\"seed\"/>" + (Layers.Any(l => l.HasBias) ? "; biases start at zero.</summary>" : ".</summary>"));
        using (_w.Open("private void __ng_InitializeParameters(int seed)"))
        {
            _w.Line($"var parameters = new {T}[Sizes.ParameterCount];");
            var initialize = new LayerRunMethod(
                "__ng_InitializeParameters",
                "InitializeParameters",
                $"private static void {{0}}({T}[] parameters, int seed)",
                "parameters, seed");
            EmitLayerRun(Layers, initialize, layer =>
            {
                var spec = layer.Spec;
                var negativeSlope = spec.Activation is Activation.LeakyReLU or Activation.PReLU ? spec.Slope : 0.0;
                _w.Line($"// W{layer.Number} [{layer.Out} × {layer.In}]: {spec.Init}; {(layer.HasBias ? $"b{layer.Number} = 0" : "no bias")}");
                _w.Line($"global::NetGen.Initialization.WeightInitializer.Fill(new global::System.Span<{T}>(parameters, {I(layer.ExchangeW)}, {I(layer.Out * layer.In)}), units: {I(layer.Out)}, inputs: {I(layer.In)}, global::NetGen.Init.{spec.Init}, gain: {Literals.Double(spec.Gain)}, scale: {Literals.Double(spec.Scale)}, negativeSlope: {Literals.Double(negativeSlope)}, seed, layerIndex: {I(layer.Number - 1)});");
                if (layer.HasAffine)
                {
                    _w.Line($"// γ{layer.Number} = 1, β{layer.Number} = 0 (BatchNorm1d)");
                    _w.Line($"new global::System.Span<{T}>(parameters, {I(layer.ExchangeGamma)}, {I(layer.Out)}).Fill(1);");
                }

                if (layer.HasSlope)
                {
                    _w.Line($"// α{layer.Number} starts at {Literals.Double(spec.Slope)}");
                    _w.Line($"new global::System.Span<{T}>(parameters, {I(layer.ExchangeSlope)}, {I(layer.SlopeCount)}).Fill({Num(spec.Slope)});");
                }
            });

            _w.Line("SetParameters(parameters);");
        }

        EmitPendingMethods();
    }

    private void EmitInterfaceProperties()
    {
        var training = _spec.Training;
        _w.Line("/// <summary>What the <c>[Training]</c> attribute declares; <c>TrainingOptions.For</c> starts from it.</summary>");
        _w.Line($"public static global::NetGen.TrainingDeclaration DeclaredTraining {{ get; }} = new(BatchSize: {Declared(training?.BatchSize)}, Epochs: {Declared(training?.Epochs)}, Samples: {Declared(training?.Samples)});");
        _w.Line();
        _w.Line($"global::NetGen.TrainingDeclaration global::NetGen.INetwork<{T}>.DeclaredTraining => DeclaredTraining;");
        _w.Line();
        _w.Line("/// <summary>The declared loss.</summary>");
        _w.Line($"public global::NetGen.LossKind Loss => global::NetGen.LossKind.{_spec.Loss.Kind};");
        _w.Line();
        _w.Line($"/// <summary>The global L2 norm of the gradients of the last <see cref=\"{MethodCref("ComputeGradients")}\"/>, before clipping.</summary>");
        _w.Line($"public {T} GradientNorm {{ get; private set; }}");
        _w.Line();
        _w.Line($"/// <summary>Copies the L2 norm of each layer's gradients (W, b and slopes, before clipping) of the last <see cref=\"{MethodCref("ComputeGradients")}\"/>.</summary>");
        using (_w.Open($"public void GetLayerGradientNorms(global::System.Span<{T}> destination)"))
        {
            _w.Line("global::NetGen.NetworkArguments.RequireLength(destination.Length, Sizes.LayerCount, \"destination\");");
            _w.Line($"new global::System.ReadOnlySpan<{T}>(__ng_layerGradientNorms).CopyTo(destination);");
        }

        _w.Line();
        EmitRunningStatisticsMembers();
    }

    private void EmitParameterExchange()
    {
        _w.Line("/// <summary>Copies the parameters into <paramref name=\"destination\"/> (exactly <see cref=\"ParameterCount\"/> values) in the exchange layout.</summary>");
        using (_w.Open($"public void GetParameters(global::System.Span<{T}> destination)"))
        {
            _w.Line("global::NetGen.NetworkArguments.RequireLength(destination.Length, Sizes.ParameterCount, \"destination\");");
            _w.Line("__ng_StorageToExchange(__ng_parameters.Span, destination);");
        }

        _w.Line();
        _w.Line("/// <summary>Replaces the parameters with <paramref name=\"source\"/> (exactly <see cref=\"ParameterCount\"/> finite values) in the exchange layout; nothing changes if it throws.</summary>");
        using (_w.Open($"public void SetParameters(global::System.ReadOnlySpan<{T}> source)"))
        {
            _w.Line("global::NetGen.NetworkArguments.RequireLength(source.Length, Sizes.ParameterCount, \"source\");");
            _w.Line("global::NetGen.NetworkArguments.RequireFinite(source, \"source\");");
            _w.Line("__ng_ExchangeToStorage(source, __ng_parameters.Span);");
        }

        _w.Line();
        EmitLayoutConversion(toStorage: true);
        _w.Line();
        _w.Line($"/// <summary>Copies the gradients of the last <see cref=\"{MethodCref("ComputeGradients")}\"/> into <paramref name=\"destination\"/> in the exchange layout.</summary>");
        using (_w.Open($"public void GetGradients(global::System.Span<{T}> destination)"))
        {
            _w.Line("global::NetGen.NetworkArguments.RequireLength(destination.Length, Sizes.ParameterCount, \"destination\");");
            _w.Line("__ng_StorageToExchange(__ng_gradients.Span, destination);");
        }

        _w.Line();
        EmitLayoutConversion(toStorage: false);
    }

    /// <summary>
    /// One of the two conversions between the exchange layout (W as [units × inputs]) and the internal storage
    /// (Wt as [inputs × padded units]); biases and slopes are plain copies. Padding lanes are never written.
    /// </summary>
    private void EmitLayoutConversion(bool toStorage)
    {
        var (name, source, destination) = toStorage
            ? ("__ng_ExchangeToStorage", "exchange", "storage")
            : ("__ng_StorageToExchange", "storage", "exchange");
        _w.Line($"/// <summary>Copies one tensor from the {source} layout into the {destination} layout.</summary>");
        var declaration = $"private static void {{0}}(global::System.ReadOnlySpan<{T}> {source}, global::System.Span<{T}> {destination})";
        using (_w.Open(string.Format(System.Globalization.CultureInfo.InvariantCulture, declaration, name)))
        {
            var run = new LayerRunMethod(name, name.Substring("__ng_".Length), declaration, $"{source}, {destination}");
            EmitLayerRun(Layers, run, layer =>
            {
                // W's rows (units) are Wt's columns; Transpose.Copy goes block by block, which a plain double loop would not.
                _w.Line(toStorage
                    ? $"// Layer {layer.Number}: Wt{layer.Number}[i, o] = W{layer.Number}[o, i] ({layer.Out} × {layer.In} into rows {I(layer.OutPadded)} apart)"
                    : $"// Layer {layer.Number}: W{layer.Number}[o, i] = Wt{layer.Number}[i, o] ({layer.In} rows {I(layer.OutPadded)} apart into {layer.Out} × {layer.In})");
                _w.Line(toStorage
                    ? $"global::NetGen.Kernels.Transpose.Copy<{T}>(exchange.Slice({I(layer.ExchangeW)}), {I(layer.Out)}, {I(layer.In)}, {I(layer.In)}, storage.Slice({layer.WName}), {I(layer.OutPadded)});"
                    : $"global::NetGen.Kernels.Transpose.Copy<{T}>(storage.Slice({layer.WName}), {I(layer.In)}, {I(layer.Out)}, {I(layer.OutPadded)}, exchange.Slice({I(layer.ExchangeW)}), {I(layer.In)});");

                var affine = layer.HasAffine ? layer.Out : 0;
                var blocks = new (string Storage, string Exchange, int Count)[]
                {
                    (layer.BName, I(layer.ExchangeB), layer.HasBias ? layer.Out : 0),
                    (layer.GammaName, I(layer.ExchangeGamma), affine),
                    (layer.BetaName, I(layer.ExchangeBeta), affine),
                    (layer.SlopeName, I(layer.ExchangeSlope), layer.SlopeCount),
                };
                foreach (var (storageOffset, exchangeOffset, count) in blocks)
                {
                    if (count == 0)
                    {
                        continue;
                    }

                    var (from, to) = toStorage ? (("exchange", exchangeOffset), ("storage", storageOffset)) : (("storage", storageOffset), ("exchange", exchangeOffset));
                    _w.Line($"{from.Item1}.Slice({from.Item2}, {I(count)}).CopyTo({to.Item1}.Slice({to.Item2}, {I(count)}));");
                }
            });
        }

        EmitPendingMethods();
    }

    /// <summary>Whether the output layer's activation is folded into the loss (sigmoid + BCE, softmax + CCE).</summary>
    private static string Declared(int? value) => value is { } declared ? I(declared) : "null";

    private bool IsFusedLoss =>
        (_spec.Loss.Kind == LossKind.BinaryCrossEntropy && Output.Spec.Activation == Activation.Sigmoid) ||
        (_spec.Loss.Kind == LossKind.CategoricalCrossEntropy && Output.Spec.Activation == Activation.Softmax);

    /// <summary>In training, a fused output layer's activation lives inside the loss; inference still applies it.</summary>
    private bool HasDropout => Layers.Any(l => l.HasDropout);

    private bool HasBatchNorm => Layers.Any(l => l.HasBatchNorm);

    private bool IsFusedOutput(LayerLayout layer) => layer == Output && IsFusedLoss;

    /// <summary>Whether training turns dL/da into dL/dz with a step of its own (not for linear or fused layers).</summary>
    private bool NeedsActivationBackward(LayerLayout layer) => layer.Spec.Activation != Activation.Linear && !IsFusedOutput(layer);
}
