using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Where each part of a network declaration is written, so a diagnostic can point at the argument that explains it.
/// Kept beside the spec, never in it: locations tie a value to one compilation, and the generator's cached model must
/// not. The analyzers read it; the generator ignores it.
/// </summary>
/// <param name="Name">The class name.</param>
/// <param name="Network">The <c>[Network]</c> attribute.</param>
/// <param name="Layers">One entry per <c>[Layer]</c>, in order.</param>
/// <param name="Loss">The <c>[Loss]</c> attribute, or null when the loss follows the output activation.</param>
/// <param name="LossKind">The loss kind argument, or null without <c>[Loss]</c>.</param>
/// <param name="Optimizer">The <c>[Optimizer]</c> attribute, or null.</param>
/// <param name="OptimizerKind">The optimizer kind argument, or null.</param>
/// <param name="LearningRate">The <c>LearningRate</c> argument, or null when the default applies.</param>
/// <param name="BatchSize">The <c>BatchSize</c> argument of <c>[Training]</c>, or null.</param>
/// <param name="Weights">The <c>Weights</c> argument of <c>[Network]</c>, or null.</param>
/// <param name="Samples">The <c>Samples</c> argument of <c>[Training]</c>, or null.</param>
/// <param name="Epochs">The <c>Epochs</c> argument of <c>[Training]</c>, or null.</param>
/// <param name="Momentum">The <c>Momentum</c> argument of <c>[Optimizer]</c>, or null.</param>
/// <param name="WeightDecay">The <c>WeightDecay</c> argument of <c>[Optimizer]</c>, or null.</param>
internal sealed record DeclarationSites(
    Location Name,
    Location Network,
    ImmutableArray<LayerSites> Layers,
    Location? Loss,
    Location? LossKind,
    Location? Optimizer,
    Location? OptimizerKind,
    Location? LearningRate,
    Location? BatchSize,
    Location? Weights = null,
    Location? Samples = null,
    Location? Epochs = null,
    Location? Momentum = null,
    Location? WeightDecay = null);

/// <summary>Where one <c>[Layer]</c> and the attributes that follow it are written; null where an argument is omitted.</summary>
/// <remarks>
/// <see cref="BatchNorm"/> is the <c>[BatchNorm]</c> attribute, <see cref="BatchNormMomentum"/> and <see cref="BatchNormAffine"/>
/// its written arguments; <see cref="DropoutRate"/> is the rate of the <c>[Dropout]</c>.
/// </remarks>
internal sealed record LayerSites(
    Location Attribute,
    Location Units,
    Location? Activation,
    Location? Init,
    Location? Gain,
    Location? Scale,
    Location? Bias,
    Location? BatchNorm,
    Location? DropoutRate,
    Location? Slope = null,
    Location? BatchNormMomentum = null,
    Location? BatchNormAffine = null);
