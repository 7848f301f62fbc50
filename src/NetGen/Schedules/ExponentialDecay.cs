using System;

namespace NetGen.Schedules;

/// <summary>PyTorch's <c>ExponentialLR</c>, per epoch: <c>lr = base·γ^epoch</c>.</summary>
/// <remarks>
/// This is PyTorch's closed form. PyTorch's default chainable <c>step()</c> instead multiplies the current rate by γ
/// every epoch; after n epochs the product of n roundings can differ from <c>γ^n</c> in the last bits.
/// </remarks>
public sealed class ExponentialDecay : LearningRateSchedule
{
    private readonly double _gamma;

    /// <summary>Multiplies the rate by <paramref name="gamma"/> every epoch.</summary>
    /// <param name="gamma">The factor per epoch; finite and greater than 0 (PyTorch has no default).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is outside its range.</exception>
    public ExponentialDecay(double gamma)
    {
        ScheduleArguments.RequirePositive(gamma, nameof(gamma));
        _gamma = gamma;
    }

    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate) =>
        baseLearningRate * Math.Pow(_gamma, ScheduleArguments.Epoch(position));
}
