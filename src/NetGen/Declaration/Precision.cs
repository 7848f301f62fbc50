namespace NetGen;

/// <summary>The floating-point type a network computes in.</summary>
/// <remarks>Linked into the generator and analyzers.</remarks>
public enum Precision
{
    /// <summary><see cref="float"/> (the default).</summary>
    Single = 0,
    /// <summary><see cref="double"/>.</summary>
    Double = 1,
}
