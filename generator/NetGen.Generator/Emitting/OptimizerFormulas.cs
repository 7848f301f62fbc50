using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Each optimizer's update as data: its state tensors, the coefficients computed once per update, and the statements
/// applied to every parameter. The statements are the same text for the vector and the scalar loop: <c>p</c>, <c>g</c>
/// and the state locals are vectors of the body's width or scalars, and <c>{sqrt}</c>/<c>{max}</c> expand to the matching function.
/// </summary>
internal static class OptimizerFormulas
{
    /// <summary>
    /// An optimizer state tensor: the local name in the statements, the field, what it holds, and its name in files
    /// (PyTorch's key in <c>optimizer.state_dict()</c> where PyTorch has the optimizer).
    /// </summary>
    /// <remarks>
    /// <paramref name="NonNegative"/>: the update takes a square root of it (a sum or average of squares), so a state
    /// set from outside must be at least 0.
    /// </remarks>
    public sealed record State(string Local, string Field, string Description, string FileName, bool NonNegative = false);

    /// <summary>A coefficient: a local computed from the hyperparameter properties and the step count <c>t</c>.</summary>
    public sealed record Coefficient(string Name, string Expression);

    public sealed record UpdateRule(
        string Math,
        IReadOnlyList<State> States,
        IReadOnlyList<Coefficient> Coefficients,
        IReadOnlyList<string> Statements,
        IReadOnlyList<string> Hyperparameters);

    private const string CoupledDecay = "g = g + weightDecay * p";

    public static UpdateRule Get(OptimizerSpec optimizer)
    {
        var lr = new Coefficient("learningRate", "LearningRate");
        var decay = new Coefficient("weightDecay", "WeightDecay");
        switch (optimizer.Kind)
        {
            case OptimizerKind.Momentum:
                return new UpdateRule(
                    optimizer.Nesterov
                        ? "SGD with Nesterov momentum (PyTorch): v = g on the first update, then v = μ·v + (1 − dampening)·g; p ← p − lr·(g + μ·v)"
                        : "SGD with momentum (PyTorch): v = g on the first update, then v = μ·v + (1 − dampening)·g; p ← p − lr·v",
                    new[] { new State("v", "__ng_momentumBuffer", "the momentum buffer v", "momentum_buffer") },
                    new[]
                    {
                        lr, decay,
                        new Coefficient("keep", "t == 1 ? 0 : Momentum"),
                        new Coefficient("add", "t == 1 ? 1 : 1 - Dampening"),
                        new Coefficient("momentum", "Momentum"),
                    },
                    new[]
                    {
                        CoupledDecay,
                        "v = keep * v + add * g",
                        optimizer.Nesterov ? "p = p - learningRate * (g + momentum * v)" : "p = p - learningRate * v",
                    },
                    new[] { "Momentum", "Dampening", "WeightDecay" });
            case OptimizerKind.ExponentialMomentum:
                return new UpdateRule(
                    "momentum as an exponentially weighted average: v = β·v + (1 − β)·g (v₀ = 0); p ← p − lr·v",
                    new[] { new State("v", "__ng_velocity", "the exponentially weighted average v of the gradients", "velocity") },
                    new[] { lr, decay, new Coefficient("beta", "Momentum"), new Coefficient("oneMinusBeta", "1 - Momentum") },
                    new[] { CoupledDecay, "v = beta * v + oneMinusBeta * g", "p = p - learningRate * v" },
                    new[] { "Momentum", "WeightDecay" });
            case OptimizerKind.Adagrad:
                return new UpdateRule(
                    "Adagrad: s = s + g²; p ← p − lr/(1 + (t − 1)·lr_decay)·g/(√s + ε)",
                    new[] { new State("s", "__ng_sum", "the running sum s of squared gradients", "sum", NonNegative: true) },
                    new[]
                    {
                        decay,
                        new Coefficient("learningRate", "LearningRate / (1 + (t - 1) * LearningRateDecay)"),
                        new Coefficient("epsilon", "Epsilon"),
                    },
                    new[] { CoupledDecay, "s = s + g * g", "p = p - learningRate * g / ({sqrt}(s) + epsilon)" },
                    new[] { "Epsilon", "WeightDecay", "LearningRateDecay", "InitialAccumulator" });
            case OptimizerKind.RmsProp:
                var centered = optimizer.Centered;
                return new UpdateRule(
                    centered
                        ? "centered RMSProp: s = α·s + (1 − α)·g², ḡ = α·ḡ + (1 − α)·g; b = μ·b + g/(√(s − ḡ²) + ε); p ← p − lr·b"
                        : "RMSProp: s = α·s + (1 − α)·g²; b = μ·b + g/(√s + ε); p ← p − lr·b (b = g/(√s + ε) when μ = 0)",
                    centered
                        ? new[]
                        {
                            new State("s", "__ng_squareAverage", "the average s of squared gradients", "square_avg", NonNegative: true),
                            new State("b", "__ng_momentumBuffer", "the momentum buffer b", "momentum_buffer"),
                            new State("a", "__ng_gradientAverage", "the average ḡ of the gradients", "grad_avg"),
                        }
                        : new[]
                        {
                            new State("s", "__ng_squareAverage", "the average s of squared gradients", "square_avg", NonNegative: true),
                            new State("b", "__ng_momentumBuffer", "the momentum buffer b", "momentum_buffer"),
                        },
                    new[]
                    {
                        lr, decay, new Coefficient("alpha", "Alpha"), new Coefficient("oneMinusAlpha", "1 - Alpha"),
                        new Coefficient("epsilon", "Epsilon"), new Coefficient("momentum", "Momentum"),
                    },
                    centered
                        ? new[]
                        {
                            CoupledDecay, "s = alpha * s + oneMinusAlpha * g * g", "a = alpha * a + oneMinusAlpha * g",
                            "b = momentum * b + g / ({sqrt}(s - a * a) + epsilon)", "p = p - learningRate * b",
                        }
                        : new[]
                        {
                            CoupledDecay, "s = alpha * s + oneMinusAlpha * g * g",
                            "b = momentum * b + g / ({sqrt}(s) + epsilon)", "p = p - learningRate * b",
                        },
                    new[] { "Alpha", "Epsilon", "Momentum", "WeightDecay" });
            case OptimizerKind.Adadelta:
                return new UpdateRule(
                    "Adadelta: s = ρ·s + (1 − ρ)·g²; d = √(u + ε)/√(s + ε)·g; u = ρ·u + (1 − ρ)·d²; p ← p − lr·d",
                    new[]
                    {
                        new State("s", "__ng_squareAverage", "the average s of squared gradients", "square_avg", NonNegative: true),
                        new State("u", "__ng_deltaAverage", "the average u of squared updates", "acc_delta", NonNegative: true),
                    },
                    new[] { lr, decay, new Coefficient("rho", "Rho"), new Coefficient("oneMinusRho", "1 - Rho"), new Coefficient("epsilon", "Epsilon") },
                    new[]
                    {
                        CoupledDecay, "s = rho * s + oneMinusRho * g * g", "var d = {sqrt}(u + epsilon) / {sqrt}(s + epsilon) * g",
                        "u = rho * u + oneMinusRho * d * d", "p = p - learningRate * d",
                    },
                    new[] { "Rho", "Epsilon", "WeightDecay" });
            case OptimizerKind.Adam:
            case OptimizerKind.AdamW:
                var decoupled = optimizer.Kind == OptimizerKind.AdamW;
                var amsgrad = optimizer.Amsgrad;
                var states = new List<State>
                {
                    new("m", "__ng_firstMoment", "the first moment m (exp_avg)", "exp_avg"),
                    new("v", "__ng_secondMoment", "the second moment v (exp_avg_sq)", "exp_avg_sq", NonNegative: true),
                };
                if (amsgrad)
                {
                    states.Add(new State("vmax", "__ng_maxSecondMoment", "the running maximum of v (AMSGrad)", "max_exp_avg_sq", NonNegative: true));
                }

                var statements = new List<string> { decoupled ? "p = p * decay" : CoupledDecay };
                statements.Add("m = beta1 * m + oneMinusBeta1 * g");
                statements.Add("v = beta2 * v + oneMinusBeta2 * g * g");
                if (amsgrad)
                {
                    statements.Add("vmax = {max}(vmax, v)");
                }

                statements.Add($"p = p - stepSize * m / ({{sqrt}}({(amsgrad ? "vmax" : "v")}) / correction2 + epsilon)");
                var coefficients = new List<Coefficient>
                {
                    decoupled ? new Coefficient("decay", "1 - LearningRate * WeightDecay") : decay,
                    new("beta1", "Beta1"), new("oneMinusBeta1", "1 - Beta1"), new("beta2", "Beta2"), new("oneMinusBeta2", "1 - Beta2"),
                    new("stepSize", "LearningRate / (1 - global::System.Math.Pow(Beta1, t))"),
                    new("correction2", "global::System.Math.Sqrt(1 - global::System.Math.Pow(Beta2, t))"),
                    new("epsilon", "Epsilon"),
                };
                return new UpdateRule(
                    (decoupled ? "AdamW: p ← p·(1 − lr·wd); " : "Adam: ") +
                    (amsgrad ? "m = β₁·m + (1 − β₁)·g, v = β₂·v + (1 − β₂)·g², v_max = max(v_max, v); p ← p − lr/(1 − β₁ᵗ)·m/(√v_max/√(1 − β₂ᵗ) + ε)"
                             : "m = β₁·m + (1 − β₁)·g, v = β₂·v + (1 − β₂)·g²; p ← p − lr/(1 − β₁ᵗ)·m/(√v/√(1 − β₂ᵗ) + ε)"),
                    states,
                    coefficients,
                    statements,
                    new[] { "Beta1", "Beta2", "Epsilon", "WeightDecay" });
            default:
                return new UpdateRule(
                    "SGD: p ← p − lr·g",
                    new State[0],
                    new[] { lr, decay },
                    new[] { CoupledDecay, "p = p - learningRate * g" },
                    new[] { "WeightDecay" });
        }
    }

    /// <summary>The declared value of a hyperparameter property, for its initializer.</summary>
    public static double Value(OptimizerSpec optimizer, string name) => name switch
    {
        "Momentum" => optimizer.Momentum,
        "Dampening" => optimizer.Dampening,
        "Alpha" => optimizer.Alpha,
        "Rho" => optimizer.Rho,
        "Beta1" => optimizer.Beta1,
        "Beta2" => optimizer.Beta2,
        "Epsilon" => optimizer.Epsilon,
        "WeightDecay" => optimizer.WeightDecay,
        "LearningRateDecay" => optimizer.LearningRateDecay,
        _ => optimizer.InitialAccumulator,
    };
}
