using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Something that keeps a declaration from being generated, found by <see cref="NetworkParser"/> and reported by
/// the analyzers (the generator ignores problems and emits nothing for that network).
/// </summary>
/// <param name="Id">The diagnostic ID, one of <see cref="ProblemIds"/>.</param>
/// <param name="Location">The smallest span that explains the problem, usually one attribute argument.</param>
/// <param name="Message">The complete message.</param>
internal sealed record ParseProblem(string Id, Location? Location, string Message);

/// <summary>The IDs of the problems the parser finds; the analyzers own their descriptors.</summary>
internal static class ProblemIds
{
    /// <summary>The class (or a containing type) is not partial, or the class is generic.</summary>
    public const string NotPartial = "NG0001";

    /// <summary>A size or hyperparameter is out of range, or no layer is declared.</summary>
    public const string InvalidValue = "NG0002";

    /// <summary>Network attributes are spread over several partial declarations.</summary>
    public const string SplitDeclaration = "NG0003";

    /// <summary>An attribute sits where it cannot apply (Softmax on a hidden layer), or clip settings say nothing.</summary>
    public const string Misplaced = "NG0004";

    /// <summary>
    /// The network's declaration has a shape a generated part cannot extend: a record, a static or file-local class, a
    /// primary constructor, or a header that does not parse.
    /// </summary>
    public const string UnsupportedShape = "NG0005";

    /// <summary>
    /// A name the generated members take is taken: by a member of the class or one it inherits (or a base network), by
    /// the class's own name, or a member uses the reserved prefix; or a constructor of the class skips the generated one.
    /// </summary>
    public const string NameConflict = "NG0006";

    /// <summary>Nesterov momentum without momentum, or with dampening (PyTorch rejects both).</summary>
    public const string InvalidNesterov = "NG3004";

    /// <summary>
    /// A <c>[Variants]</c> axis cannot make variants (missing, empty, a value out of range, a value listed twice), or the
    /// family declares what its axes replace (hidden layers, an <c>[Optimizer]</c> beside the Optimizer axis, weights).
    /// </summary>
    public const string InvalidVariantAxis = "NG7003";
}
