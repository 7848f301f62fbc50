using System;

namespace NetGen.Schedules;

/// <summary>PyTorch's <c>StepLR</c>, per epoch: <c>lr = base·γ^⌊epoch/stepSize⌋</c>.</summary>
/// <remarks>
/// This is PyTorch's closed form (<c>_get_closed_form_lr</c>). PyTorch's default chainable <c>step()</c> instead
/// multiplies the current rate by γ at every multiple of <c>stepSize</c>; k such multiplications can differ from
/// <c>γ^k</c> in the last bits.
/// </remarks>
public sealed class StepDecay : LearningRateSchedule
{
    private readonly int _stepSize;
    private readonly double _gamma;

    /// <summary>Decays the rate by <paramref name="gamma"/> every <paramref name="stepSize"/> epochs.</summary>
    /// <param name="stepSize">The epochs between decays; at least 1.</param>
    /// <param name="gamma">The factor of each decay; finite and greater than 0. PyTorch's default is 0.1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public StepDecay(int stepSize, double gamma = 0.1)
    {
        ScheduleArguments.RequireAtLeast(stepSize, 1, nameof(stepSize));
        ScheduleArguments.RequirePositive(gamma, nameof(gamma));
        _stepSize = stepSize;
        _gamma = gamma;
    }

    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate) =>
        baseLearningRate * Math.Pow(_gamma, ScheduleArguments.Epoch(position) / _stepSize);
}
