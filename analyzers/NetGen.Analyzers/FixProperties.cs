namespace NetGen.Analyzers;

/// <summary>
/// The keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> that tell a code fix what the analyzer found,
/// so the fix never re-derives the rule (linked into NetGen.CodeFixes).
/// </summary>
internal static class FixProperties
{
    /// <summary>The activation a fix writes, an <c>Activation</c> member name.</summary>
    public const string Activation = nameof(Activation);

    /// <summary>The initializer a fix writes, an <c>Init</c> member name.</summary>
    public const string Init = nameof(Init);

    /// <summary>The loss a fix writes, a <c>LossKind</c> member name.</summary>
    public const string Loss = nameof(Loss);

    /// <summary>The optimizer a fix writes, an <c>OptimizerKind</c> member name.</summary>
    public const string Optimizer = nameof(Optimizer);

    /// <summary>The batch size a fix writes, an integer literal.</summary>
    public const string BatchSize = nameof(BatchSize);

    /// <summary>Named arguments a fix removes, comma-separated.</summary>
    public const string RemoveArguments = nameof(RemoveArguments);
}
