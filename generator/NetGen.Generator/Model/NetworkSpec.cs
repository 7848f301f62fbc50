namespace NetGen.Generator.Model;

// Specs are the boundary between parsing and emitting. They must stay immutable and structurally equal
// (records, EquatableArray, no ISymbol, SyntaxNode, Location or Compilation) so the incremental pipeline can cache them.

/// <summary>Everything the emitter needs to know about one declared network.</summary>
internal sealed record NetworkSpec(
    TypeDeclarationSpec Type,
    Precision Precision,
    int Inputs,
    int Seed,
    EquatableArray<LayerSpec> Layers,
    LossSpec Loss,
    OptimizerSpec Optimizer,
    ClipSpec? Clip,
    TrainingSpec? Training = null,
    string? Weights = null,
    bool InferenceOnly = false)
{
    public int Outputs => Layers[Layers.Count - 1].Units;

    public LayerSpec OutputLayer => Layers[Layers.Count - 1];
}

/// <summary>
/// Where the partial class lives: its namespace (null for the global one) and its containing types, outermost first.
/// Every name is written as C# source writes it: a keyword used as a name keeps its <c>@</c> (<c>App.@event</c>, <c>@class</c>).
/// </summary>
internal sealed record TypeDeclarationSpec(string? Namespace, EquatableArray<ContainingTypeSpec> ContainingTypes, string Name)
{
    /// <summary>The namespace, the containing types (with their type parameters) and the name, dotted: <c>Samples.Outer&lt;T&gt;.Net</c>.</summary>
    public string FullName
    {
        get
        {
            var prefix = Namespace is null ? "" : Namespace + ".";
            foreach (var containing in ContainingTypes)
            {
                prefix += containing.Name + ".";
            }

            return prefix + Name;
        }
    }
}

/// <summary>
/// A containing type, re-declared as <c>{Declaration} {Name}</c> around the generated code: <paramref name="Declaration"/>
/// is what every part of it must repeat (<c>partial class</c>, <c>ref partial struct</c>, <c>partial record</c>), and
/// <paramref name="Name"/> carries its type parameters (<c>Outer&lt;T&gt;</c>).
/// </summary>
internal sealed record ContainingTypeSpec(string Declaration, string Name);

/// <summary>One <c>[Layer]</c>, with its initializer already resolved (never <see cref="Init.Auto"/>), and the <c>[BatchNorm]</c> and <c>[Dropout]</c> that follow it.</summary>
internal sealed record LayerSpec(
    int Units,
    Activation Activation,
    Init Init,
    double Gain,
    double Scale,
    double Slope,
    bool SlopePerUnit,
    double DropoutRate = 0,
    BatchNormSpec? BatchNorm = null,
    bool Bias = true);

/// <summary>A <c>[BatchNorm]</c> on a layer's pre-activation.</summary>
internal sealed record BatchNormSpec(double Momentum, double Epsilon, bool Affine);

/// <summary>The loss and its parameter.</summary>
internal sealed record LossSpec(LossKind Kind, double Delta);

/// <summary>The optimizer and its hyperparameters, every default already resolved for the kind.</summary>
internal sealed record OptimizerSpec(
    OptimizerKind Kind,
    double LearningRate,
    double Momentum = 0,
    double Dampening = 0,
    bool Nesterov = false,
    double Alpha = 0.99,
    bool Centered = false,
    double Rho = 0.9,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    bool Amsgrad = false,
    double Epsilon = 0,
    double WeightDecay = 0,
    double LearningRateDecay = 0,
    double InitialAccumulator = 0);

/// <summary>Gradient clipping; a null bound is not applied.</summary>
internal sealed record ClipSpec(double? MaxNorm, double? MaxValue);

/// <summary>The <c>[Training]</c> setup; a null value is not declared.</summary>
internal sealed record TrainingSpec(int? BatchSize, int? Epochs, int? Samples);
