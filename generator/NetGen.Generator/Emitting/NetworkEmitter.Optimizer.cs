using System.Linq;

namespace NetGen.Generator.Emitting;

/// <summary>The optimizer: hyperparameters, state, clipping, <c>TrainStep</c> and the fused update over all parameters.</summary>
internal sealed partial class NetworkEmitter
{
    private OptimizerFormulas.UpdateRule Rule => OptimizerFormulas.Get(_spec.Optimizer);

    private void EmitOptimizerMembers()
    {
        var rule = Rule;
        foreach (var name in rule.Hyperparameters)
        {
            EmitHyperparameterProperty(name, $"{HyperparameterDescription(name)}, {HyperparameterRange(name)}; starts at the declared value, may be changed between steps.", OptimizerFormulas.Value(_spec.Optimizer, name));
        }

        if (_spec.Clip is { } clip)
        {
            if (clip.MaxValue is { } maxValue)
            {
                EmitHyperparameterProperty("GradientClipValue", "Each gradient element is clipped to [−GradientClipValue, GradientClipValue] before the update; a finite number greater than 0.", maxValue);
            }

            if (clip.MaxNorm is { } maxNorm)
            {
                EmitHyperparameterProperty("GradientClipNorm", "The gradients' global L2 norm is clipped to GradientClipNorm before the update; a finite number greater than 0.", maxNorm);
            }
        }

        _w.Line($"/// <summary>The number of optimizer updates since construction or <see cref=\"{MethodCref("ResetOptimizer")}\"/> (t in the update formulas); at least 0.</summary>");
        using (_w.Open("public long StepCount"))
        {
            _w.Line("get => __ng_stepCount;");
            _w.Line("set => __ng_stepCount = global::NetGen.NetworkArguments.RequireNonNegative(value, \"StepCount\");");
        }

        _w.Line();
        _w.Line("private long __ng_stepCount;");
        _w.Line("// The update's coefficients for the step being taken, set once per step by __ng_PrepareUpdate");
        foreach (var coefficient in rule.Coefficients)
        {
            _w.Line($"private {T} {CoefficientField(coefficient)};");
        }

        if (UpdatesInBackward)
        {
            _w.Line("private bool __ng_updateInBackward; // while TrainStep's backward pass runs: WeightGradients updates what it writes");
        }

        _w.Line();
        _w.Line("/// <summary>Copies the optimizer state into <paramref name=\"destination\"/> (exactly <see cref=\"OptimizerStateCount\"/> values).</summary>");
        using (_w.Open($"public void GetOptimizerState(global::System.Span<{T}> destination)"))
        {
            _w.Line("global::NetGen.NetworkArguments.RequireLength(destination.Length, Sizes.OptimizerStateCount, \"destination\");");
            for (var i = 0; i < rule.States.Count; i++)
            {
                _w.Line($"__ng_StorageToExchange({rule.States[i].Field}.Span, destination.Slice({I(i)} * Sizes.ParameterCount, Sizes.ParameterCount));");
            }
        }

        _w.Line();
        var nonNegative = rule.States.Where(s => s.NonNegative).Select(s => s.FileName).ToList();
        _w.Line("/// <summary>Replaces the optimizer state with <paramref name=\"source\"/> (exactly <see cref=\"OptimizerStateCount\"/> values)" + (rule.States.Count == 0
            ? ".</summary>"
            : ": finite numbers" + (nonNegative.Count == 0 ? "" : $", {string.Join(" and ", nonNegative)} at least 0") + ". Nothing changes if it throws.</summary>"));
        using (_w.Open($"public void SetOptimizerState(global::System.ReadOnlySpan<{T}> source)"))
        {
            _w.Line("global::NetGen.NetworkArguments.RequireLength(source.Length, Sizes.OptimizerStateCount, \"source\");");
            if (rule.States.Count > 0)
            {
                _w.Line("global::NetGen.NetworkArguments.RequireFinite(source, \"source\");");
            }

            for (var i = 0; i < rule.States.Count; i++)
            {
                if (rule.States[i].NonNegative)
                {
                    _w.Line($"global::NetGen.NetworkArguments.RequireNonNegative(source, {I(i)} * Sizes.ParameterCount, Sizes.ParameterCount, \"source\", \"{rule.States[i].Description}\");");
                }
            }

            for (var i = 0; i < rule.States.Count; i++)
            {
                _w.Line($"__ng_ExchangeToStorage(source.Slice({I(i)} * Sizes.ParameterCount, Sizes.ParameterCount), {rule.States[i].Field}.Span);");
            }
        }

        _w.Line();
        _w.Line("/// <summary>Clears the optimizer state and <see cref=\"StepCount\"/>, as a freshly constructed optimizer.</summary>");
        using (_w.Open("public void ResetOptimizer()"))
        {
            _w.Line("__ng_stepCount = 0;");
            foreach (var state in rule.States)
            {
                _w.Line(_spec.Optimizer.Kind == OptimizerKind.Adagrad
                    ? $"{state.Field}.Span.Fill(InitialAccumulator);"
                    : $"{state.Field}.Span.Clear();");
            }
        }
    }

    /// <summary>
    /// A settable hyperparameter: the property, whose setter checks the range the declaration's value is checked
    /// against (NG0002), and its field. Only the setter checks: the update reads the field through the getter.
    /// </summary>
    private void EmitHyperparameterProperty(string name, string summary, double declared)
    {
        _w.Line($"/// <summary>{summary}</summary>");
        using (_w.Open($"public {T} {name}"))
        {
            _w.Line($"get => {HyperparameterField(name)};");
            _w.Line($"set => {HyperparameterField(name)} = global::NetGen.NetworkArguments.{HyperparameterCheck(name)}(value, \"{name}\");");
        }

        _w.Line();
        _w.Line($"private {T} {HyperparameterField(name)} = {Num(declared)};");
        _w.Line();
    }

    private static string HyperparameterField(string name) => "__ng_" + char.ToLowerInvariant(name[0]) + name.Substring(1);

    /// <summary>The <c>NetworkArguments</c> check of a hyperparameter's setter: the parser's range for its declared value.</summary>
    private static string HyperparameterCheck(string name) => name switch
    {
        "Momentum" or "Alpha" or "Beta1" or "Beta2" => "RequireBelowOne",
        "Dampening" or "Rho" => "RequireUnitInterval",
        "GradientClipValue" or "GradientClipNorm" => "RequirePositiveFinite",
        _ => "RequireNonNegativeFinite",
    };

    private static string HyperparameterRange(string name) => HyperparameterCheck(name) switch
    {
        "RequireBelowOne" => "in [0, 1)",
        "RequireUnitInterval" => "in [0, 1]",
        "RequirePositiveFinite" => "a finite number greater than 0",
        _ => "a finite number of at least 0",
    };

    private static string HyperparameterDescription(string name) => name switch
    {
        "Momentum" => "The momentum μ (β for the exponentially weighted form)",
        "Dampening" => "The momentum dampening",
        "Alpha" => "RMSProp's smoothing constant α",
        "Rho" => "Adadelta's ρ",
        "Beta1" => "Adam's β₁",
        "Beta2" => "Adam's β₂",
        "Epsilon" => "The ε added for numerical stability",
        "WeightDecay" => "The weight decay",
        "LearningRateDecay" => "Adagrad's learning-rate decay",
        _ => "Adagrad's initial accumulator value (applied by ResetOptimizer)",
    };

    /// <summary>
    /// Whether <c>TrainStep</c> updates each layer's parameters inside its backward step, as soon as <c>WeightGradients</c>
    /// has their gradients in cache, rather than in one pass after it: for optimizers with state to stream (the update of a
    /// large layer is bound by memory traffic; measured on 784-128-10 with Adam, 9–10% off a step), where no clipping needs
    /// all the gradients first and every parameter is a W or b that <c>WeightGradients</c> writes (no batch norm γ and β,
    /// no PReLU slopes). The update is element by element, so the values are the same either way.
    /// </summary>
    private bool UpdatesInBackward => Rule.States.Count > 0 && _spec.Clip is null && !Layers.Any(AccumulatesGradients);

    private string CoefficientField(OptimizerFormulas.Coefficient coefficient) =>
        "__ng_update" + char.ToUpperInvariant(coefficient.Name[0]) + coefficient.Name.Substring(1);

    private void EmitTrainStep()
    {
        _w.Line($"/// <summary><see cref=\"{MethodCref("ComputeGradients")}\"/>, then one optimizer update; returns the loss before the update.</summary>");
        using (_w.Open($"public {T} TrainStep(global::System.ReadOnlySpan<{T}> inputs, global::System.ReadOnlySpan<{T}> targets)"))
        {
            if (UpdatesInBackward)
            {
                _w.Line("// The update runs inside the backward pass: each layer's parameters once WeightGradients has their gradients");
                _w.Line("return __ng_ComputeGradients(inputs, targets, update: true);");
                return;
            }

            _w.Line("var loss = ComputeGradients(inputs, targets);");
            if (_spec.Clip is not null)
            {
                _w.Line("__ng_ClipGradients();");
            }

            _w.Line("__ng_UpdateParameters();");
            _w.Line("return loss;");
        }
    }

    private void EmitClip()
    {
        if (_spec.Clip is not { } clip)
        {
            return;
        }

        _w.Line();
        _w.Line("/// <summary>");
        _w.Line("/// Clips the gradients in place: each element to [−GradientClipValue, GradientClipValue] (clip_grad_value_), then the");
        _w.Line("/// global norm to GradientClipNorm, scaling by GradientClipNorm/(norm + 1e-6) when that is below 1 (clip_grad_norm_).");
        _w.Line("/// </summary>");
        using (_w.Open("private void __ng_ClipGradients()"))
        {
            _w.Line($"ref {T} g = ref __ng_gradients.Start;");
            if (clip.MaxValue is not null)
            {
                _w.Line("var limit = GradientClipValue;");
                _w.Line("nuint k = 0;");
                EmitVectorBodies(v =>
                {
                    _w.Line($"var upper = {v.Type}.Create(limit);");
                    _w.Line($"var lower = {v.Type}.Create(-limit);");
                    using (_w.Open($"for (; k < __ng_StorageLength; k += {I(v.Lanes)})"))
                    {
                        _w.Line(v.Store($"{v.Type}.Min({v.Type}.Max({v.Type}.LoadUnsafe(ref g, k), lower), upper)", "ref g, k"));
                    }
                });

                using (_w.Open("for (; k < __ng_StorageLength; k++)"))
                {
                    _w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref g, k) = global::System.Math.Clamp(global::System.Runtime.CompilerServices.Unsafe.Add(ref g, k), -limit, limit);");
                }
            }

            if (clip.MaxNorm is not null)
            {
                _w.Line(clip.MaxValue is null
                    ? "var norm = GradientNorm;"
                    : $"var norm = ({T})global::System.Math.Sqrt(__ng_SumOfSquares(ref g, 0, __ng_StorageLength));");
                _w.Line($"var coefficient = GradientClipNorm / (norm + {Num(1e-6)});");
                using (_w.Open("if (coefficient < 1)"))
                {
                    using (_w.Open("for (nuint e = 0; e < __ng_StorageLength; e++)"))
                    {
                        _w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref g, e) *= coefficient;");
                    }
                }
            }
        }
    }

    private void EmitUpdate()
    {
        var rule = Rule;
        _w.Line("/// <summary>One optimizer step over every parameter of the layers that are not frozen.</summary>");
        using (_w.Open("private void __ng_UpdateParameters()"))
        {
            _w.Line("__ng_PrepareUpdate(++__ng_stepCount);");
            EmitParallelUpdateBranch();
            using (_w.Open("if (__ng_frozenCount == 0)"))
            {
                _w.Line("__ng_UpdateRange(0, __ng_StorageLength);");
                _w.Line("return;");
            }

            _w.Line();
            _w.Line("// A frozen layer keeps its parameters and optimizer state, as PyTorch's optimizers skip parameters without a gradient.");
            using (_w.Open("for (int layer = 0; layer < Sizes.LayerCount; layer++)"))
            {
                using (_w.Open("if (!__ng_frozen[layer])"))
                {
                    _w.Line("__ng_UpdateRange((nuint)__ng_LayerStorage[layer], (nuint)__ng_LayerStorage[layer + 1]);");
                }
            }
        }

        _w.Line();
        _w.Line("/// <summary>The update's coefficients for step <paramref name=\"t\"/>, from the hyperparameters as they are now.</summary>");
        using (_w.Open("private void __ng_PrepareUpdate(long t)"))
        {
            foreach (var coefficient in rule.Coefficients)
            {
                _w.Line($"{CoefficientField(coefficient)} = ({T})({coefficient.Expression});");
            }
        }

        _w.Line();
        _w.Line($"/// <summary>{rule.Math}, over the parameters from <paramref name=\"k\"/> to <paramref name=\"end\"/> (whole blocks: padding lanes have zero gradient and stay zero), with the coefficients __ng_PrepareUpdate set.</summary>");
        _w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        using (_w.Open("private void __ng_UpdateRange(nuint k, nuint end)"))
        {
            _w.Line($"ref {T} pr = ref __ng_parameters.Start;");
            _w.Line($"ref {T} gr = ref __ng_gradients.Start;");
            foreach (var state in rule.States)
            {
                _w.Line($"ref {T} {state.Local}r = ref {state.Field}.Start;");
            }

            EmitVectorBodies(v =>
            {
                foreach (var coefficient in rule.Coefficients)
                {
                    _w.Line($"var {coefficient.Name} = {v.Type}.Create({CoefficientField(coefficient)});");
                }

                using (_w.Open($"for (; k < end; k += {I(v.Lanes)})"))
                {
                    EmitUpdateBody(rule, load: name => $"{v.Type}.LoadUnsafe(ref {name}r, k)", store: (name, value) => v.Store(value, $"ref {name}r, k"), sqrt: $"{v.Type}.Sqrt", max: $"{v.Type}.Max");
                }
            });

            // The same statements on scalars: the whole update where no vector width is accelerated.
            using (_w.Open("if (k < end)"))
            {
                foreach (var coefficient in rule.Coefficients)
                {
                    _w.Line($"var {coefficient.Name} = {CoefficientField(coefficient)};");
                }

                using (_w.Open("for (; k < end; k++)"))
                {
                    EmitUpdateBody(rule, load: name => $"global::System.Runtime.CompilerServices.Unsafe.Add(ref {name}r, k)", store: (name, value) => $"global::System.Runtime.CompilerServices.Unsafe.Add(ref {name}r, k) = {value};", sqrt: $"{MathType}.Sqrt", max: $"{MathType}.Max");
                }
            }
        }
    }

    private void EmitUpdateBody(OptimizerFormulas.UpdateRule rule, System.Func<string, string> load, System.Func<string, string, string> store, string sqrt, string max)
    {
        _w.Line($"var g = {load("g")};");
        _w.Line($"var p = {load("p")};");
        foreach (var state in rule.States)
        {
            _w.Line($"var {state.Local} = {load(state.Local)};");
        }

        foreach (var statement in rule.Statements)
        {
            _w.Line(statement.Replace("{sqrt}", sqrt).Replace("{max}", max) + ";");
        }

        // A decaying state of a parameter whose gradient stays zero would sink into subnormals and stay there (see
        // Simd.FlushSubnormal); those under a square root (sums and averages of squares) are left exact: ε may be 0.
        foreach (var state in rule.States)
        {
            if (!state.NonNegative)
            {
                _w.Line($"{state.Local} = global::NetGen.Kernels.Simd.FlushSubnormal({state.Local});");
            }
        }

        _w.Line(store("p", "p"));
        foreach (var state in rule.States)
        {
            _w.Line(store(state.Local, state.Local));
        }
    }
}
