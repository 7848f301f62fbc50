using System;

namespace NetGen.Tuning;

/// <summary>
/// Thrown by an objective to end its trial as <see cref="Storage.TrialState.Pruned"/> (Optuna's <c>TrialPruned</c>):
/// typically right after <see cref="Trial.ShouldPrune"/> returned <see langword="true"/>. The trial's value becomes
/// its last intermediate value.
/// </summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public TrialPrunedException()
        : base("The trial was pruned.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">Why the trial was pruned.</param>
    public TrialPrunedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">Why the trial was pruned.</param>
    /// <param name="innerException">The cause.</param>
    public TrialPrunedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
