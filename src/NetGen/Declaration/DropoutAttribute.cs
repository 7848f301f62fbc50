using System;

namespace NetGen;

/// <summary>
/// Inverted dropout after the activation of the <c>[Layer]</c> written just before it: in training each unit is
/// zeroed with probability <see cref="Rate"/> and the survivors are scaled by 1/(1 − rate), so inference (which skips
/// dropout) needs no rescaling. Masks come from the network's deterministic random stream: the same seed gives the
/// same masks.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : Attribute
{
    /// <summary>Declares dropout after the preceding layer.</summary>
    /// <param name="rate">The probability of zeroing a unit, in [0, 1).</param>
    public DropoutAttribute(double rate) => Rate = rate;

    /// <summary>The probability of zeroing a unit.</summary>
    public double Rate { get; }
}
