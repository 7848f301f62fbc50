using Microsoft.CodeAnalysis;
using NetGen.Generator.Parsing;

namespace NetGen.Analyzers;

/// <summary>Every NetGen diagnostic, made by one factory so category, severity policy and help link stay uniform.</summary>
internal static class Descriptors
{
    private const string DeclarationCategory = "NetGen.Declaration";
    private const string TrainingCategory = "NetGen.Training";
    // Repository-relative until the project has a public home; the pages ship in docs/rules.
    private const string HelpLinkBase = "docs/rules/";

    public static readonly DiagnosticDescriptor NotPartial = Create(
        ProblemIds.NotPartial,
        "Network class must be a non-generic partial class",
        "The generator adds the network's code to the declared class, which needs every part of it, and of its containing types, to be partial; every size and type of a network is fixed, so the class cannot be generic.");

    public static readonly DiagnosticDescriptor InvalidValue = Create(
        ProblemIds.InvalidValue,
        "Network size or hyperparameter is out of range",
        "Inputs and layer units must be at least 1, a network needs at least one [Layer], and every hyperparameter must be a finite number in its documented range.");

    public static readonly DiagnosticDescriptor SplitDeclaration = Create(
        ProblemIds.SplitDeclaration,
        "Network attributes must be on one partial declaration",
        "Layers apply in the order their attributes are written; over several partial declarations that order is ambiguous.");

    public static readonly DiagnosticDescriptor Misplaced = Create(
        ProblemIds.Misplaced,
        "Network attribute is placed where it cannot apply",
        "Softmax normalizes the network's outputs into probabilities and is only allowed on the output layer; a [GradientClip] must set MaxNorm, MaxValue or both.");

    public static readonly DiagnosticDescriptor InvalidNesterov = Create(
        ProblemIds.InvalidNesterov,
        "Nesterov momentum needs momentum and no dampening",
        "Nesterov's look-ahead step is defined for the Momentum optimizer with a momentum greater than 0 and dampening 0; PyTorch's SGD rejects any other combination.",
        TrainingCategory);

    public static DiagnosticDescriptor ForProblem(string id) => id switch
    {
        ProblemIds.InvalidNesterov => InvalidNesterov,
        ProblemIds.NotPartial => NotPartial,
        ProblemIds.SplitDeclaration => SplitDeclaration,
        ProblemIds.Misplaced => Misplaced,
        _ => InvalidValue,
    };

    private static DiagnosticDescriptor Create(string id, string title, string description, string category = DeclarationCategory) =>
        new(
            id,
            title,
            messageFormat: "{0}",
            category,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description,
            helpLinkUri: HelpLinkBase + id + ".md");
}
