using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// The members the generator declares in a network class: the public API, which depends on the declaration (each
/// optimizer's hyperparameters, clipping, dropout, the inference-only form), and the reserved prefix of every private
/// member. The user's members, base classes and class name must leave these names free (NG0006). A test compares this
/// with what the emitter writes for every kind of declaration, so the two cannot drift apart.
/// </summary>
internal static class GeneratedMembers
{
    /// <summary>The prefix of every private member the generator declares, reserved in network classes.</summary>
    public const string ReservedPrefix = "__ng_";

    /// <summary>The nested class of size constants.</summary>
    public const string Sizes = "Sizes";

    /// <summary>
    /// A public member the generator declares: its name, and for a method or constructor its parameter types as
    /// fully qualified display strings (<c>global::System.ReadOnlySpan&lt;float&gt;</c>); null for any other member.
    /// </summary>
    public readonly record struct Member(string Name, string[]? Parameters)
    {
        public bool IsMethod => Parameters is not null;
    }

    /// <summary>The constructors' name in this list (their parameters are those of <c>new Net()</c> and <c>new Net(int seed)</c>).</summary>
    public const string Constructor = ".ctor";

    /// <summary>The public members the generator declares for <paramref name="spec"/>.</summary>
    public static List<Member> Public(NetworkSpec spec)
    {
        var t = spec.Precision == Precision.Single ? "float" : "double";
        var span = $"global::System.Span<{t}>";
        var readOnlySpan = $"global::System.ReadOnlySpan<{t}>";
        var members = new List<Member>
        {
            new(Sizes, null),
            new("InputCount", null),
            new("OutputCount", null),
            new("ParameterCount", null),
            new("LayerCount", null),
            new("Predict", [readOnlySpan, span]),
            new(Constructor, []),
        };
        if (spec.InferenceOnly)
        {
            return members;
        }

        members.AddRange(
        [
            new(Constructor, ["int"]),
            new("RunningStatisticsCount", null),
            new("OptimizerStateCount", null),
            new("DefaultSeed", null),
            new("Seed", null),
            new("LearningRate", null),
            new("StepCount", null),
            new("DeclaredTraining", null),
            new("Loss", null),
            new("GradientNorm", null),
            new("Architecture", null),
            new("BatchesTracked", null),
            new("GetOptimizerState", [span]),
            new("SetOptimizerState", [readOnlySpan]),
            new("ResetOptimizer", []),
            new("GetLayerGradientNorms", [span]),
            new("GetRunningStatistics", [span]),
            new("SetRunningStatistics", [readOnlySpan]),
            new("GetHyperparameter", ["string"]),
            new("SetHyperparameter", ["string", "double"]),
            new("GetParameters", [span]),
            new("SetParameters", [readOnlySpan]),
            new("GetGradients", [span]),
            new("IsLayerFrozen", ["int"]),
            new("SetLayerFrozen", ["int", "bool"]),
            new("GetTrainingOutputs", [span]),
            new("GetTrainingLogits", [span]),
            new("ComputeGradients", [readOnlySpan, readOnlySpan]),
            new("ComputeLoss", [readOnlySpan, readOnlySpan]),
            new("TrainStep", [readOnlySpan, readOnlySpan]),
            new("MaxDegreeOfParallelism", null),
        ]);
        foreach (var hyperparameter in Hyperparameters(spec.Optimizer.Kind))
        {
            members.Add(new(hyperparameter, null));
        }

        if (spec.Clip?.MaxValue is not null)
        {
            members.Add(new("GradientClipValue", null));
        }

        if (spec.Clip?.MaxNorm is not null)
        {
            members.Add(new("GradientClipNorm", null));
        }

        foreach (var layer in spec.Layers)
        {
            if (layer.DropoutRate > 0)
            {
                members.Add(new("ReseedDropout", ["int"]));
                break;
            }
        }

        return members;
    }

    /// <summary>The hyperparameter properties of an optimizer besides <c>LearningRate</c> (the emitter's update rules name the same).</summary>
    public static string[] Hyperparameters(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Momentum => ["Momentum", "Dampening", "WeightDecay"],
        OptimizerKind.ExponentialMomentum => ["Momentum", "WeightDecay"],
        OptimizerKind.Adagrad => ["Epsilon", "WeightDecay", "LearningRateDecay", "InitialAccumulator"],
        OptimizerKind.RmsProp => ["Alpha", "Epsilon", "Momentum", "WeightDecay"],
        OptimizerKind.Adadelta => ["Rho", "Epsilon", "WeightDecay"],
        OptimizerKind.Adam or OptimizerKind.AdamW => ["Beta1", "Beta2", "Epsilon", "WeightDecay"],
        _ => ["WeightDecay"],
    };
}
