using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Emitting;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Turns the attributes on a network class into a <see cref="NetworkSpec"/> plus the problems found on the way.
/// The one interpretation of the attributes: the generator and the analyzers both use it.
/// </summary>
internal static partial class NetworkParser
{
    public const string NetworkAttributeName = "NetGen.NetworkAttribute";
    private const string LayerAttributeName = "NetGen.LayerAttribute";
    private const string LossAttributeName = "NetGen.LossAttribute";
    private const string OptimizerAttributeName = "NetGen.OptimizerAttribute";
    private const string GradientClipAttributeName = "NetGen.GradientClipAttribute";
    private const string DropoutAttributeName = "NetGen.DropoutAttribute";
    private const string BatchNormAttributeName = "NetGen.BatchNormAttribute";
    private const string TrainingAttributeName = "NetGen.TrainingAttribute";

    /// <summary>
    /// The result of parsing: the spec when the declaration can be generated, every problem found, and where each part
    /// of a valid declaration is written (for the analyzers).
    /// </summary>
    /// <remarks>
    /// A class with <c>[Variants]</c> is a family, not a network: its result has <see cref="Family"/> (and
    /// <see cref="FamilySites"/> for the analyzers) instead of <see cref="Spec"/>.
    /// </remarks>
    public readonly record struct Result(
        NetworkSpec? Spec,
        ImmutableArray<ParseProblem> Problems,
        DeclarationSites? Sites = null,
        VariantFamilySpec? Family = null,
        VariantSites? FamilySites = null);

    /// <param name="type">The class with the <c>[Network]</c>.</param>
    /// <param name="cancellationToken">Cancels the parse.</param>
    /// <param name="findSites">Whether to locate the parts of a valid declaration (<see cref="Result.Sites"/>): the
    /// analyzers need them, the generator does not.</param>
    public static Result Parse(INamedTypeSymbol type, CancellationToken cancellationToken, bool findSites = true)
    {
        var problems = ImmutableArray.CreateBuilder<ParseProblem>();
        var attributes = type.GetAttributes()
            .Where(a => IsNetGenAttribute(a.AttributeClass))
            .OrderBy(a => a.ApplicationSyntaxReference?.SyntaxTree.FilePath, StringComparer.Ordinal)
            .ThenBy(a => a.ApplicationSyntaxReference?.Span.Start ?? 0)
            .ToList();

        var network = attributes.FirstOrDefault(a => Is(a, NetworkAttributeName));
        if (network is null)
        {
            return new Result(null, problems.ToImmutable());
        }

        var declaration = CheckDeclaration(type, network, attributes, problems, cancellationToken);
        var variants = attributes.FirstOrDefault(a => Is(a, VariantsAttributeName));

        var inputs = NamedInt(network, "Inputs", 0);
        if (inputs < 1)
        {
            problems.Add(new ParseProblem(
                ProblemIds.InvalidValue,
                ArgumentLocation(network, "Inputs", -1),
                $"Network '{type.Name}' must declare Inputs of at least 1, but it is {inputs}"));
        }

        var precision = NamedEnum(network, "Precision", Precision.Single);
        if (!IsDefined(precision))
        {
            problems.Add(UndefinedEnum(network, "Precision", -1, precision));
        }

        var seed = NamedInt(network, "Seed", 0);

        var weights = Named(network, "Weights")?.Value as string;
        var inferenceOnly = NamedBool(network, "InferenceOnly", false);
        if (inferenceOnly && weights is null)
        {
            problems.Add(new ParseProblem(
                ProblemIds.InvalidValue,
                ArgumentLocation(network, "InferenceOnly", -1),
                $"Network '{type.Name}' is InferenceOnly without Weights: an inference-only network cannot train, so it needs trained weights; name the file with Weights = \"…\""));
        }
        if (weights is not null && weights.Trim().Length == 0)
        {
            problems.Add(new ParseProblem(
                ProblemIds.InvalidValue,
                ArgumentLocation(network, "Weights", -1),
                $"Network '{type.Name}' names an empty Weights file; give the path of a .safetensors file in the project, or leave Weights out"));
        }

        List<VariantAxisSpec>? axes = null;
        if (variants is not null)
        {
            CheckFamilyConflicts(network, variants, attributes, problems);
            var declaredOptimizer = attributes.FirstOrDefault(a => Is(a, OptimizerAttributeName)) is { } optimizerAttribute
                ? ConstructorEnum(optimizerAttribute, 0, OptimizerKind.Sgd)
                : OptimizerKind.Sgd;
            axes = ParseAxes(variants, declaredOptimizer, problems);
        }

        var layers = new List<LayerSpec>();
        var layerAttributes = attributes.Where(a => Is(a, LayerAttributeName)).ToList();
        var layerIndex = -1;
        // A family's output layer follows a hidden layer of each Units value; its initial weights are largest after the narrowest.
        var layerInputs = axes is null ? inputs : axes[1].Values.Select(v => v.Code).DefaultIfEmpty(inputs).Min();
        var dropoutOnLayer = -1;
        var batchNormOnLayer = -1;
        foreach (var attribute in attributes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Is(attribute, LayerAttributeName))
            {
                layerIndex++;
                var layer = ParseLayer(attribute, layerIndex, isOutput: layerIndex == layerAttributes.Count - 1, layerInputs, precision, problems);
                if (layer is not null)
                {
                    layers.Add(layer);
                }

                layerInputs = ConstructorInt(attribute, 0, 0);
            }
            else if (Is(attribute, BatchNormAttributeName))
            {
                // A [BatchNorm] normalizes the pre-activation of the [Layer] written just before it.
                var batchNorm = ParseBatchNorm(attribute, layerIndex, batchNormOnLayer == layerIndex, precision, problems);
                batchNormOnLayer = layerIndex;
                if (layerIndex >= 0 && layers.Count == layerIndex + 1)
                {
                    layers[layerIndex] = layers[layerIndex] with { BatchNorm = batchNorm };
                }
            }
            else if (Is(attribute, DropoutAttributeName))
            {
                // A [Dropout] belongs to the [Layer] written just before it.
                var rate = ParseDropout(attribute, layerIndex, dropoutOnLayer == layerIndex, problems);
                dropoutOnLayer = layerIndex;
                if (layerIndex >= 0 && layers.Count == layerIndex + 1)
                {
                    layers[layerIndex] = layers[layerIndex] with { DropoutRate = rate };
                }
            }
        }

        if (layers.Count == layerAttributes.Count && layers.Count > 0 && layers[layers.Count - 1].DropoutRate > 0)
        {
            problems.Add(new ParseProblem(ProblemIds.Misplaced,
                attributes.Last(a => Is(a, DropoutAttributeName)).ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation(),
                "[Dropout] after the output layer would drop the network's predictions; put it after a hidden layer"));
        }

        if (layerAttributes.Count == 0)
        {
            problems.Add(new ParseProblem(
                ProblemIds.InvalidValue,
                ArgumentLocation(network, null, -1),
                $"Network '{type.Name}' declares no [Layer]; add at least one, the last being the output layer"));
        }

        var outputActivation = layers.Count > 0 ? layers[layers.Count - 1].Activation : Activation.Linear;
        var loss = ParseLoss(attributes.FirstOrDefault(a => Is(a, LossAttributeName)), outputActivation, precision, problems);
        var optimizer = ParseOptimizer(attributes.FirstOrDefault(a => Is(a, OptimizerAttributeName)), precision, problems);
        var clip = ParseClip(attributes.FirstOrDefault(a => Is(a, GradientClipAttributeName)), precision, problems);
        var trainingAttribute = attributes.FirstOrDefault(a => Is(a, TrainingAttributeName));
        var training = ParseTraining(trainingAttribute, problems);

        // The sizes are only defined once every layer is; an undefined precision has already been reported.
        if (variants is null && inputs >= 1 && IsDefined(precision) && layers.Count == layerAttributes.Count && layers.Count > 0)
        {
            CheckSizes(network, layerAttributes, trainingAttribute, precision, inputs, layers, optimizer, training, problems);
        }

        if (problems.Count > 0 || declaration is null)
        {
            return new Result(null, problems.ToImmutable());
        }

        var spec = new NetworkSpec(
            declaration,
            precision,
            inputs,
            seed,
            new EquatableArray<LayerSpec>(layers.ToArray()),
            loss,
            optimizer,
            clip,
            training,
            weights,
            inferenceOnly);
        if (variants is not null && axes is not null)
        {
            return ParseFamily(type, network, variants, trainingAttribute, spec, axes, problems, findSites, cancellationToken);
        }

        CheckNames(type, spec, problems, cancellationToken);
        if (problems.Count > 0)
        {
            return new Result(null, problems.ToImmutable());
        }

        return new Result(spec, problems.ToImmutable(), findSites ? FindSites(type, network, attributes, cancellationToken) : null);
    }

    /// <summary>The family of a valid declaration with <c>[Variants]</c>: <paramref name="template"/> is its shared network, whose one layer is the output layer.</summary>
    private static Result ParseFamily(
        INamedTypeSymbol type,
        AttributeData network,
        AttributeData variants,
        AttributeData? trainingAttribute,
        NetworkSpec template,
        List<VariantAxisSpec> axes,
        ImmutableArray<ParseProblem>.Builder problems,
        bool findSites,
        CancellationToken cancellationToken)
    {
        var family = new VariantFamilySpec(
            template.Type,
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            template,
            new EquatableArray<VariantAxisSpec>(axes.ToArray()));
        if (template.Inputs >= 1)
        {
            CheckFamilySizes(network, variants, trainingAttribute, family, problems);
        }

        CheckFamilyNames(type, family, problems, cancellationToken);
        return problems.Count > 0
            ? new Result(null, problems.ToImmutable())
            : new Result(null, problems.ToImmutable(), Family: family, FamilySites: findSites ? FindVariantSites(variants, cancellationToken) : null);
    }

    private static DeclarationSites FindSites(INamedTypeSymbol type, AttributeData network, List<AttributeData> attributes, CancellationToken cancellationToken)
    {
        Location At(AttributeData attribute) =>
            attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? Location.None;

        var layers = ImmutableArray.CreateBuilder<LayerSites>();
        foreach (var attribute in attributes)
        {
            if (Is(attribute, LayerAttributeName))
            {
                layers.Add(new LayerSites(
                    At(attribute),
                    ArgumentLocation(attribute, "units", 0) ?? At(attribute),
                    WrittenArgumentLocation(attribute, "activation", 1),
                    WrittenArgumentLocation(attribute, "init", 2),
                    WrittenArgumentLocation(attribute, "Gain", -1),
                    WrittenArgumentLocation(attribute, "Scale", -1),
                    WrittenArgumentLocation(attribute, "Bias", -1),
                    BatchNorm: null,
                    DropoutRate: null,
                    Slope: WrittenArgumentLocation(attribute, "Slope", -1)));
            }
            else if (layers.Count > 0 && Is(attribute, BatchNormAttributeName))
            {
                layers[layers.Count - 1] = layers[layers.Count - 1] with
                {
                    BatchNorm = At(attribute),
                    BatchNormMomentum = WrittenArgumentLocation(attribute, "Momentum", -1),
                    BatchNormAffine = WrittenArgumentLocation(attribute, "Affine", -1),
                };
            }
            else if (layers.Count > 0 && Is(attribute, DropoutAttributeName))
            {
                layers[layers.Count - 1] = layers[layers.Count - 1] with { DropoutRate = ArgumentLocation(attribute, "rate", 0) };
            }
        }

        var loss = attributes.FirstOrDefault(a => Is(a, LossAttributeName));
        var optimizer = attributes.FirstOrDefault(a => Is(a, OptimizerAttributeName));
        var training = attributes.FirstOrDefault(a => Is(a, TrainingAttributeName));
        return new DeclarationSites(
            type.Locations.FirstOrDefault() ?? Location.None,
            At(network),
            layers.ToImmutable(),
            loss is null ? null : At(loss),
            loss is null ? null : ArgumentLocation(loss, "kind", 0),
            optimizer is null ? null : At(optimizer),
            optimizer is null ? null : ArgumentLocation(optimizer, "kind", 0),
            optimizer is null ? null : WrittenArgumentLocation(optimizer, "LearningRate", -1),
            training is null ? null : WrittenArgumentLocation(training, "BatchSize", -1),
            WrittenArgumentLocation(network, "Weights", -1),
            training is null ? null : WrittenArgumentLocation(training, "Samples", -1),
            training is null ? null : WrittenArgumentLocation(training, "Epochs", -1),
            optimizer is null ? null : WrittenArgumentLocation(optimizer, "Momentum", -1),
            optimizer is null ? null : WrittenArgumentLocation(optimizer, "WeightDecay", -1));
    }

    private static TypeDeclarationSpec? CheckDeclaration(
        INamedTypeSymbol type,
        AttributeData network,
        List<AttributeData> attributes,
        ImmutableArray<ParseProblem>.Builder problems,
        CancellationToken cancellationToken)
    {
        var networkSyntax = network.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
        var declaration = networkSyntax?.Parent?.Parent as TypeDeclarationSyntax;
        var nameLocation = declaration?.Identifier.GetLocation();

        var valid = true;
        if (!type.DeclaringSyntaxReferences.All(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword)))
        {
            problems.Add(new ParseProblem(ProblemIds.NotPartial, nameLocation,
                $"Network class '{type.Name}' must be declared partial so the generated code can be added to it"));
            valid = false;
        }

        // IsGenericType is also true for a class nested in a generic one; only the network's own type parameters matter.
        if (type.TypeParameters.Length > 0)
        {
            problems.Add(new ParseProblem(ProblemIds.NotPartial, nameLocation,
                $"Network class '{type.Name}' must not be generic: every size and type of a network is fixed when it is generated"));
            valid = false;
        }

        valid &= CheckShape(type, declaration, problems, cancellationToken);

        var containingTypes = new List<ContainingTypeSpec>();
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            var partial = containing.DeclaringSyntaxReferences.All(r =>
                r.GetSyntax(cancellationToken) is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));
            if (!partial)
            {
                problems.Add(new ParseProblem(ProblemIds.NotPartial, nameLocation,
                    $"Type '{containing.Name}', which contains network class '{type.Name}', must be declared partial"));
                valid = false;
            }

            containingTypes.Insert(0, new ContainingTypeSpec(Declaration(containing), NameWithTypeParameters(containing)));
        }

        var networkTree = networkSyntax?.Parent?.Parent;
        foreach (var attribute in attributes)
        {
            var owner = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).Parent?.Parent;
            if (owner is not null && networkTree is not null && owner != networkTree)
            {
                problems.Add(new ParseProblem(ProblemIds.SplitDeclaration, attribute.ApplicationSyntaxReference!.GetSyntax(cancellationToken).GetLocation(),
                    $"Attribute [{ShortName(attribute)}] of network '{type.Name}' must be on the same partial declaration as its [Network], so the layer order is unambiguous"));
                valid = false;
            }
        }

        if (!valid)
        {
            return null;
        }

        return new TypeDeclarationSpec(NamespaceName(type.ContainingNamespace), new EquatableArray<ContainingTypeSpec>(containingTypes.ToArray()), Identifier(type.Name));
    }

    /// <param name="inputs">The layer's fan-in: Inputs for the first layer, the units of the one before otherwise (below 1 when those are invalid).</param>
    private static LayerSpec? ParseLayer(AttributeData attribute, int index, bool isOutput, int inputs, Precision precision, ImmutableArray<ParseProblem>.Builder problems)
    {
        var number = index + 1;
        var units = ConstructorInt(attribute, 0, 0);
        var activation = ConstructorEnum(attribute, 1, Activation.Linear);
        var init = ConstructorEnum(attribute, 2, Init.Auto);
        var before = problems.Count;

        if (units < 1)
        {
            problems.Add(new ParseProblem(ProblemIds.InvalidValue, ArgumentLocation(attribute, "units", 0),
                $"Layer {number} must have at least 1 unit, but it has {units}"));
        }

        if (!IsDefined(activation))
        {
            problems.Add(UndefinedEnum(attribute, "activation", 1, activation));
        }
        else if (activation == Activation.Softmax && !isOutput)
        {
            problems.Add(new ParseProblem(ProblemIds.Misplaced, ArgumentLocation(attribute, "activation", 1),
                $"Layer {number} is a hidden layer, but Softmax is only allowed on the output layer"));
        }

        if (!IsDefined(init))
        {
            problems.Add(UndefinedEnum(attribute, "init", 2, init));
        }

        var gain = NamedDouble(attribute, "Gain", 1.0);
        // Gain and Scale reach the initializer as doubles; what the network keeps, the weights, is checked below.
        RequireNonNegativeFinite(attribute, "Gain", gain, $"The Gain of layer {number}", Precision.Double, problems);
        var scale = NamedDouble(attribute, "Scale", 0.05);
        RequireNonNegativeFinite(attribute, "Scale", scale, $"The Scale of layer {number}", Precision.Double, problems);
        var slope = NamedDouble(attribute, "Slope", double.NaN);
        var storedSlope = Stored(slope, precision); // the activation's literal in the generated code
        if (HasNamed(attribute, "Slope") && !IsFinite(storedSlope))
        {
            problems.Add(new ParseProblem(ProblemIds.InvalidValue, ArgumentLocation(attribute, "Slope", -1),
                $"The Slope of layer {number} must be a finite number, but it is {Shown(slope, storedSlope, precision)}"));
        }

        if (problems.Count > before)
        {
            return null;
        }

        slope = double.IsNaN(slope) ? DefaultSlope(activation) : slope;
        var resolvedInit = init == Init.Auto ? DefaultInit(activation) : init;
        if (inputs >= 1)
        {
            // The initializer computes in double and the network keeps each weight in its own precision.
            var largest = InitialWeights.Largest(resolvedInit, units, inputs, gain, scale, InitialWeights.NegativeSlope(activation, slope));
            if (!IsFinite(Stored(largest, precision)))
            {
                var scaleUsed = resolvedInit is Init.RandomNormal or Init.RandomUniform && HasNamed(attribute, "Scale");
                var blamed = scaleUsed && (!HasNamed(attribute, "Gain") || scale / 0.05 >= gain) ? "Scale" : "Gain";
                problems.Add(new ParseProblem(ProblemIds.InvalidValue, ArgumentLocation(attribute, blamed, -1),
                    $"The {blamed} of layer {number} ({Format(blamed == "Scale" ? scale : gain)}) makes {resolvedInit} draw initial weights as large as {Format(largest)}{(double.IsInfinity(largest) ? "" : $", which is Infinity as a float (the network's Precision.{precision})")}; the weights must start finite"));
                return null;
            }
        }

        return new LayerSpec(units, activation, resolvedInit, gain, scale, slope, NamedBool(attribute, "SlopePerUnit", false),
            Bias: NamedBool(attribute, "Bias", true));
    }

    private static BatchNormSpec ParseBatchNorm(AttributeData attribute, int layerIndex, bool repeated, Precision precision, ImmutableArray<ParseProblem>.Builder problems)
    {
        if (layerIndex < 0)
        {
            problems.Add(new ParseProblem(ProblemIds.Misplaced, attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation(),
                "[BatchNorm] must follow the [Layer] whose pre-activation it normalizes, but no [Layer] is written before it"));
        }
        else if (repeated)
        {
            problems.Add(new ParseProblem(ProblemIds.Misplaced, attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation(),
                $"Layer {layerIndex + 1} already has a [BatchNorm]"));
        }

        // The momentum only ever enters double arithmetic (the running-statistics update); ε is also a literal of the
        // network's precision in inference, where a float ε of 0 divides by a zero variance.
        var momentum = NamedDouble(attribute, "Momentum", 0.1);
        RequireUnitInterval(attribute, "Momentum", momentum, includeOne: true, Precision.Double, problems);
        var epsilon = NamedDouble(attribute, "Epsilon", 1e-5);
        RequirePositiveFinite(attribute, "Epsilon", epsilon, "The batch-norm Epsilon", precision, problems);

        return new BatchNormSpec(momentum, epsilon, NamedBool(attribute, "Affine", true));
    }

    private static double ParseDropout(AttributeData attribute, int layerIndex, bool repeated, ImmutableArray<ParseProblem>.Builder problems)
    {
        var rate = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is double value ? value : double.NaN;
        if (layerIndex < 0)
        {
            problems.Add(new ParseProblem(ProblemIds.Misplaced, attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation(),
                "[Dropout] must follow the [Layer] whose outputs it drops, but no [Layer] is written before it"));
        }
        else if (repeated)
        {
            problems.Add(new ParseProblem(ProblemIds.Misplaced, attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation(),
                $"Layer {layerIndex + 1} already has a [Dropout]; two dropout rates on one layer contradict each other"));
        }

        if (!(rate >= 0 && rate < 1))
        {
            problems.Add(new ParseProblem(ProblemIds.InvalidValue, ArgumentLocation(attribute, "rate", 0),
                $"The dropout rate must be in [0, 1), but it is {Format(rate)}"));
        }

        return rate;
    }

    private static LossSpec ParseLoss(AttributeData? attribute, Activation outputActivation, Precision precision, ImmutableArray<ParseProblem>.Builder problems)
    {
        if (attribute is null)
        {
            return new LossSpec(DefaultLoss(outputActivation), 1.0);
        }

        var kind = ConstructorEnum(attribute, 0, LossKind.MeanSquaredError);
        if (!IsDefined(kind))
        {
            problems.Add(UndefinedEnum(attribute, "kind", 0, kind));
        }

        var delta = NamedDouble(attribute, "Delta", 1.0);
        RequirePositiveFinite(attribute, "Delta", delta, "The Huber Delta", precision, problems);

        return new LossSpec(kind, delta);
    }

    private static OptimizerSpec ParseOptimizer(AttributeData? attribute, Precision precision, ImmutableArray<ParseProblem>.Builder problems)
    {
        if (attribute is null)
        {
            return new OptimizerSpec(OptimizerKind.Sgd, 0.01);
        }

        var kind = ConstructorEnum(attribute, 0, OptimizerKind.Sgd);
        if (!IsDefined(kind))
        {
            problems.Add(UndefinedEnum(attribute, "kind", 0, kind));
        }

        // PyTorch's defaults per optimizer (torch.optim) where PyTorch has the optimizer (DefaultOptimizer). Every one
        // becomes a property of the network's precision, so each is checked as that.
        var defaults = DefaultOptimizer(kind);
        var learningRate = NamedDouble(attribute, "LearningRate", defaults.LearningRate);
        var momentum = NamedDouble(attribute, "Momentum", defaults.Momentum);
        var epsilon = NamedDouble(attribute, "Epsilon", defaults.Epsilon);
        var weightDecay = NamedDouble(attribute, "WeightDecay", defaults.WeightDecay);
        var dampening = NamedDouble(attribute, "Dampening", defaults.Dampening);
        var alpha = NamedDouble(attribute, "Alpha", defaults.Alpha);
        var rho = NamedDouble(attribute, "Rho", defaults.Rho);
        var beta1 = NamedDouble(attribute, "Beta1", defaults.Beta1);
        var beta2 = NamedDouble(attribute, "Beta2", defaults.Beta2);
        var learningRateDecay = NamedDouble(attribute, "LearningRateDecay", defaults.LearningRateDecay);
        var initialAccumulator = NamedDouble(attribute, "InitialAccumulator", defaults.InitialAccumulator);
        var nesterov = NamedBool(attribute, "Nesterov", false);

        RequireNonNegativeFinite(attribute, "LearningRate", learningRate, "The LearningRate", precision, problems);
        RequireNonNegativeFinite(attribute, "Epsilon", epsilon, "Epsilon", precision, problems);
        RequireNonNegativeFinite(attribute, "WeightDecay", weightDecay, "WeightDecay", precision, problems);
        RequireNonNegativeFinite(attribute, "LearningRateDecay", learningRateDecay, "LearningRateDecay", precision, problems);
        RequireNonNegativeFinite(attribute, "InitialAccumulator", initialAccumulator, "InitialAccumulator", precision, problems);
        RequireUnitInterval(attribute, "Momentum", momentum, includeOne: false, precision, problems);
        RequireUnitInterval(attribute, "Dampening", dampening, includeOne: true, precision, problems);
        RequireUnitInterval(attribute, "Alpha", alpha, includeOne: false, precision, problems);
        RequireUnitInterval(attribute, "Rho", rho, includeOne: true, precision, problems);
        RequireUnitInterval(attribute, "Beta1", beta1, includeOne: false, precision, problems);
        RequireUnitInterval(attribute, "Beta2", beta2, includeOne: false, precision, problems);

        if (nesterov && (kind != OptimizerKind.Momentum || !(momentum > 0) || dampening != 0))
        {
            problems.Add(new ParseProblem(ProblemIds.InvalidNesterov, ArgumentLocation(attribute, "Nesterov", -1),
                kind != OptimizerKind.Momentum
                    ? $"Nesterov applies to the Momentum optimizer only, not {kind}"
                    : $"Nesterov momentum needs a momentum greater than 0 and dampening 0, but momentum is {Format(momentum)} and dampening {Format(dampening)}"));
        }

        return new OptimizerSpec(
            kind,
            learningRate,
            momentum,
            dampening,
            nesterov,
            alpha,
            NamedBool(attribute, "Centered", false),
            rho,
            beta1,
            beta2,
            NamedBool(attribute, "Amsgrad", false),
            epsilon,
            weightDecay,
            learningRateDecay,
            initialAccumulator);
    }

    private static ClipSpec? ParseClip(AttributeData? attribute, Precision precision, ImmutableArray<ParseProblem>.Builder problems)
    {
        if (attribute is null)
        {
            return null;
        }

        double? Bound(string name)
        {
            if (!HasNamed(attribute, name))
            {
                return null;
            }

            var value = NamedDouble(attribute, name, double.NaN);
            RequirePositiveFinite(attribute, name, value, $"The gradient clip {name}", precision, problems);
            return value;
        }

        var maxNorm = Bound("MaxNorm");
        var maxValue = Bound("MaxValue");
        if (maxNorm is null && maxValue is null)
        {
            problems.Add(new ParseProblem(ProblemIds.Misplaced, ArgumentLocation(attribute, null, -1),
                "[GradientClip] sets neither MaxNorm nor MaxValue, so it would clip nothing"));
        }

        return new ClipSpec(maxNorm, maxValue);
    }

    /// <summary>NG0002 on the argument that takes a size of the generated code over .NET's array limit (<see cref="NetworkSizes"/>).</summary>
    private static void CheckSizes(
        AttributeData network,
        List<AttributeData> layerAttributes,
        AttributeData? trainingAttribute,
        Precision precision,
        int inputs,
        List<LayerSpec> layers,
        OptimizerSpec optimizer,
        TrainingSpec? training,
        ImmutableArray<ParseProblem>.Builder problems)
    {
        var states = OptimizerFormulas.Get(optimizer).States.Count;
        if (NetworkSizes.Check(precision, inputs, layers, optimizer.Kind, states, training) is not { } excess)
        {
            return;
        }

        var location = excess.Culprit switch
        {
            NetworkSizes.Culprit.Inputs => ArgumentLocation(network, "Inputs", -1),
            NetworkSizes.Culprit.Units => ArgumentLocation(layerAttributes[excess.Layer], "units", 0),
            _ => trainingAttribute is null ? null : ArgumentLocation(trainingAttribute, excess.Culprit.ToString(), -1),
        };
        problems.Add(new ParseProblem(ProblemIds.InvalidValue, location, excess.Message));
    }

    private static TrainingSpec? ParseTraining(AttributeData? attribute, ImmutableArray<ParseProblem>.Builder problems)
    {
        if (attribute is null)
        {
            return null;
        }

        int? Count(string name, int minimum, string expected)
        {
            if (!HasNamed(attribute, name))
            {
                return null;
            }

            var value = NamedInt(attribute, name, minimum - 1);
            if (value < minimum)
            {
                problems.Add(new ParseProblem(ProblemIds.InvalidValue, ArgumentLocation(attribute, name, -1),
                    $"The declared {name} must be {expected}, but it is {value.ToString(CultureInfo.InvariantCulture)}"));
            }

            return value;
        }

        return new TrainingSpec(
            Count("BatchSize", 0, "0 (full batch) or more"),
            Count("Epochs", 1, "at least 1"),
            Count("Samples", 1, "at least 1"));
    }

    private static void RequireUnitInterval(AttributeData attribute, string name, double value, bool includeOne, Precision precision, ImmutableArray<ParseProblem>.Builder problems)
    {
        var stored = Stored(value, precision);
        if (!(stored >= 0) || (includeOne ? stored > 1 : stored >= 1))
        {
            problems.Add(new ParseProblem(ProblemIds.InvalidValue, ArgumentLocation(attribute, name, -1),
                $"{name} must be in [0, 1{(includeOne ? "]" : ")")}, but it is {Shown(value, stored, precision)}"));
        }
    }

    private static void RequirePositiveFinite(AttributeData attribute, string name, double value, string what, Precision precision, ImmutableArray<ParseProblem>.Builder problems)
    {
        var stored = Stored(value, precision);
        if (!(stored > 0) || double.IsInfinity(stored))
        {
            problems.Add(new ParseProblem(ProblemIds.InvalidValue, ArgumentLocation(attribute, name, -1),
                $"{what} must be a finite number greater than 0, but it is {Shown(value, stored, precision)}"));
        }
    }

    /// <summary>
    /// The value a hyperparameter has in the generated code, where it is a literal (or property) of the network's
    /// precision: a Single network rounds it to the nearest float (0.99999999 → 1, 1e300 → ∞, 1e-50 → 0).
    /// </summary>
    public static double Stored(double value, Precision precision) => precision == Precision.Single ? (float)value : value;

    /// <summary>The declared value, and what it becomes when the network's precision changes it.</summary>
    private static string Shown(double declared, double stored, Precision precision) =>
        stored.Equals(declared) || double.IsNaN(declared)
            ? Format(declared)
            : $"{Format(declared)}, which is {Format(stored)} as a float (the network's Precision.{precision})";

    private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

    /// <summary>
    /// The default learning rate of each optimizer: PyTorch's where PyTorch has the optimizer and a default (Adagrad,
    /// RMSprop 0.01, Adadelta 1.0, Adam, AdamW 1e-3); NetGen's own 0.01 for SGD and the momentum kinds (PyTorch's SGD
    /// required a rate until 2.1 and defaults to 1e-3 since 2.2).
    /// </summary>
    public static double DefaultLearningRate(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Adadelta => 1.0,
        OptimizerKind.Adam or OptimizerKind.AdamW => 1e-3,
        _ => 0.01,
    };

    /// <summary>
    /// <c>[Optimizer(kind)]</c> with every other argument left out: PyTorch's defaults for the kind, and ExponentialMomentum's
    /// textbook β of 0.95. <see cref="ParseOptimizer"/> starts from the same values.
    /// </summary>
    public static OptimizerSpec DefaultOptimizer(OptimizerKind kind) => new(
        kind,
        DefaultLearningRate(kind),
        Momentum: kind switch
        {
            OptimizerKind.Momentum => 0.9,
            OptimizerKind.ExponentialMomentum => 0.95,
            _ => 0.0,
        },
        Epsilon: kind switch
        {
            OptimizerKind.Adagrad => 1e-10,
            OptimizerKind.Adadelta => 1e-6,
            _ => 1e-8,
        },
        WeightDecay: kind == OptimizerKind.AdamW ? 0.01 : 0.0);

    /// <summary>He for the ReLU family, LeCun normal for SELU, Xavier uniform otherwise (documented in docs/initialization.md).</summary>
    public static Init DefaultInit(Activation activation) => activation switch
    {
        Activation.ReLU or Activation.LeakyReLU or Activation.PReLU or Activation.ELU or Activation.GELU => Init.HeNormal,
        Activation.SELU => Init.LeCunNormal,
        _ => Init.XavierUniform,
    };

    public static double DefaultSlope(Activation activation) => activation switch
    {
        Activation.LeakyReLU => 0.01,
        Activation.PReLU => 0.25,
        _ => 0.0,
    };

    private static LossKind DefaultLoss(Activation outputActivation) => outputActivation switch
    {
        Activation.Softmax => LossKind.CategoricalCrossEntropy,
        Activation.Sigmoid => LossKind.BinaryCrossEntropy,
        _ => LossKind.MeanSquaredError,
    };

    private static void RequireNonNegativeFinite(AttributeData attribute, string name, double value, string what, Precision precision, ImmutableArray<ParseProblem>.Builder problems)
    {
        var stored = Stored(value, precision);
        if (!(stored >= 0) || double.IsInfinity(stored))
        {
            problems.Add(new ParseProblem(ProblemIds.InvalidValue, ArgumentLocation(attribute, name, -1),
                $"{what} must be a finite number of at least 0, but it is {Shown(value, stored, precision)}"));
        }
    }

    private static ParseProblem UndefinedEnum<TEnum>(AttributeData attribute, string name, int position, TEnum value)
        where TEnum : struct, Enum =>
        new(ProblemIds.InvalidValue, ArgumentLocation(attribute, name, position),
            $"{Convert.ToInt32(value, CultureInfo.InvariantCulture)} is not a defined {typeof(TEnum).Name} value");

    private static bool IsDefined<TEnum>(TEnum value) where TEnum : struct, Enum => Enum.IsDefined(typeof(TEnum), value);

    private static bool IsNetGenAttribute(INamedTypeSymbol? type) =>
        type is { ContainingNamespace: { Name: "NetGen", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>
    /// Whether the attribute's class is <paramref name="metadataName"/> (<c>NetGen.</c> + a name): compared by name and
    /// containing namespace, as its display string would be, without formatting one for every check.
    /// </summary>
    private static bool Is(AttributeData attribute, string metadataName)
    {
        const int prefix = 7; // "NetGen."
        return attribute.AttributeClass is { Arity: 0, ContainingType: null } type &&
               type.Name.Length == metadataName.Length - prefix &&
               string.CompareOrdinal(type.Name, 0, metadataName, prefix, type.Name.Length) == 0 &&
               type.ContainingNamespace is { Name: "NetGen", ContainingNamespace.IsGlobalNamespace: true };
    }

    private static string ShortName(AttributeData attribute)
    {
        var name = attribute.AttributeClass?.Name ?? "";
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    /// <summary>
    /// What every part of a containing type repeats before its name: <c>partial</c> and the kind, with <c>ref</c> and
    /// <c>readonly</c> for structs (partial declarations of a ref or readonly struct must all say so).
    /// </summary>
    private static string Declaration(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => (type.IsReadOnly ? "readonly " : "") + "partial record struct",
        { IsRecord: true } => "partial record",
        { TypeKind: TypeKind.Struct } => (type.IsReadOnly ? "readonly " : "") + (type.IsRefLikeType ? "ref " : "") + "partial struct",
        { TypeKind: TypeKind.Interface } => "partial interface",
        _ => "partial class",
    };

    /// <summary>The name with its type parameters, each as C# writes it: <c>Outer&lt;T&gt;</c>, <c>@struct&lt;@in&gt;</c>.</summary>
    /// <remarks>No variance to repeat: a class cannot be nested in an interface with variant type parameters.</remarks>
    private static string NameWithTypeParameters(INamedTypeSymbol type) =>
        type.TypeParameters.Length == 0
            ? Identifier(type.Name)
            : $"{Identifier(type.Name)}<{string.Join(", ", type.TypeParameters.Select(p => Identifier(p.Name)))}>";

    /// <summary>The dotted namespace as C# writes it (each keyword segment with its <c>@</c>), or null for the global namespace.</summary>
    private static string? NamespaceName(INamespaceSymbol ns)
    {
        var segments = new List<string>();
        for (var current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            segments.Insert(0, Identifier(current.Name));
        }

        return segments.Count == 0 ? null : string.Join(".", segments);
    }

    /// <summary>A name as an identifier in source: a keyword (reserved or contextual) gets an <c>@</c>, which is always allowed.</summary>
    private static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static bool HasNamed(AttributeData attribute, string name) =>
        attribute.NamedArguments.Any(a => a.Key == name);

    private static TypedConstant? Named(AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static int NamedInt(AttributeData attribute, string name, int fallback) =>
        Named(attribute, name)?.Value is int value ? value : fallback;

    private static double NamedDouble(AttributeData attribute, string name, double fallback) =>
        Named(attribute, name)?.Value switch
        {
            double value => value,
            float value => value,
            int value => value,
            _ => fallback,
        };

    private static bool NamedBool(AttributeData attribute, string name, bool fallback) =>
        Named(attribute, name)?.Value is bool value ? value : fallback;

    private static TEnum NamedEnum<TEnum>(AttributeData attribute, string name, TEnum fallback) where TEnum : struct, Enum =>
        Named(attribute, name)?.Value is int value ? (TEnum)Enum.ToObject(typeof(TEnum), value) : fallback;

    private static int ConstructorInt(AttributeData attribute, int position, int fallback) =>
        attribute.ConstructorArguments.Length > position && attribute.ConstructorArguments[position].Value is int value ? value : fallback;

    private static TEnum ConstructorEnum<TEnum>(AttributeData attribute, int position, TEnum fallback) where TEnum : struct, Enum =>
        attribute.ConstructorArguments.Length > position && attribute.ConstructorArguments[position].Value is int value
            ? (TEnum)Enum.ToObject(typeof(TEnum), value)
            : fallback;

    /// <summary>The location of an argument the user wrote (see <see cref="ArgumentLocation"/>), or null when it is omitted.</summary>
    private static Location? WrittenArgumentLocation(AttributeData attribute, string name, int position)
    {
        var location = ArgumentLocation(attribute, name, position);
        var attributeSpan = attribute.ApplicationSyntaxReference?.Span;
        return location is not null && location.SourceSpan != attributeSpan ? location : null;
    }

    /// <summary>
    /// The location of one argument of an attribute: the named argument <paramref name="name"/>, else the constructor
    /// argument at <paramref name="position"/> (by name or position), else the whole attribute.
    /// </summary>
    private static Location? ArgumentLocation(AttributeData attribute, string? name, int position)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax() is not AttributeSyntax syntax)
        {
            return null;
        }

        var arguments = syntax.ArgumentList?.Arguments ?? default;
        if (name is not null)
        {
            foreach (var argument in arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name || argument.NameColon?.Name.Identifier.ValueText == name)
                {
                    return argument.GetLocation();
                }
            }
        }

        if (position >= 0 && position < arguments.Count && arguments[position].NameEquals is null && arguments[position].NameColon is null)
        {
            return arguments[position].GetLocation();
        }

        return syntax.GetLocation();
    }
}
