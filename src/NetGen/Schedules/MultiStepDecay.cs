using System;
using System.Collections.Generic;
using System.Linq;

namespace NetGen.Schedules;

/// <summary>PyTorch's <c>MultiStepLR</c>, per epoch: <c>lr = base·γ^(number of milestones ≤ epoch)</c>.</summary>
/// <remarks>
/// This is PyTorch's closed form (<c>γ^bisect_right(milestones, epoch)</c>). PyTorch's default chainable <c>step()</c>
/// instead multiplies the current rate by γ at each milestone, which can differ from <c>γ^k</c> in the last bits.
/// PyTorch documents the milestones as increasing; they are required to be strictly increasing here.
/// </remarks>
public sealed class MultiStepDecay : LearningRateSchedule
{
    private readonly int[] _milestones;
    private readonly double _gamma;

    /// <summary>Decays the rate by <paramref name="gamma"/> at each of the <paramref name="milestones"/>.</summary>
    /// <param name="milestones">The 0-based epochs from which one more factor of γ applies; non-negative and strictly increasing (may be empty).</param>
    /// <param name="gamma">The factor of each decay; finite and greater than 0. PyTorch's default is 0.1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="milestones"/> is null.</exception>
    /// <exception cref="ArgumentException">A milestone is negative or not greater than the one before it.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is outside its range.</exception>
    public MultiStepDecay(IEnumerable<int> milestones, double gamma = 0.1)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        _milestones = milestones.ToArray();
        for (var i = 0; i < _milestones.Length; i++)
        {
            if (_milestones[i] < 0 || (i > 0 && _milestones[i] <= _milestones[i - 1]))
            {
                throw new ArgumentException(
                    $"milestones must be non-negative and strictly increasing, but element {i} is {_milestones[i]}{(i > 0 ? $" after {_milestones[i - 1]}" : "")}.",
                    nameof(milestones));
            }
        }

        ScheduleArguments.RequirePositive(gamma, nameof(gamma));
        _gamma = gamma;
    }

    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate)
    {
        var epoch = ScheduleArguments.Epoch(position);
        // bisect_right: the number of milestones at or before the epoch.
        var index = Array.BinarySearch(_milestones, epoch);
        var passed = index >= 0 ? index + 1 : ~index;
        return baseLearningRate * Math.Pow(_gamma, passed);
    }
}
