using System;

namespace NetGen.Schedules;

/// <summary>
/// PyTorch's <c>CyclicLR</c> (Smith, 2017), per step: the rate moves linearly from <c>baseLr</c> up to <c>maxLr</c>
/// over <c>stepSizeUp</c> updates and back down over <c>stepSizeDown</c>, cycle after cycle.
/// </summary>
/// <remarks>
/// <para>
/// For update t (0-based) with <c>total = stepSizeUp + stepSizeDown</c> and <c>ratio = stepSizeUp/total</c>, exactly as
/// PyTorch computes it: <c>cycle = ⌊1 + t/total⌋</c>, <c>x = 1 + t/total − cycle</c>,
/// <c>scale = x ≤ ratio ? x/ratio : (x − 1)/(ratio − 1)</c>, and
/// <c>lr = baseLr + (maxLr − baseLr)·scale·f</c> with <c>f = 1</c> (<see cref="CyclicMode.Triangular"/>),
/// <c>1/2^(cycle−1)</c> (<see cref="CyclicMode.Triangular2"/>) or <c>γ^t</c> (<see cref="CyclicMode.ExpRange"/>).
/// </para>
/// <para>
/// The schedule sets the rate itself and ignores the network's declared one, as PyTorch's CyclicLR overwrites the
/// optimizer's rate with its own <c>base_lr</c>. PyTorch also cycles the momentum inversely (<c>cycle_momentum</c>,
/// on by default); NetGen schedules only the learning rate. PyTorch's custom <c>scale_fn</c>/<c>scale_mode</c> are
/// not offered.
/// </para>
/// </remarks>
public sealed class CyclicLearningRate : LearningRateSchedule
{
    private readonly double _baseLr;
    private readonly double _maxLr;
    private readonly double _totalSize;
    private readonly double _stepRatio;
    private readonly CyclicMode _mode;
    private readonly double _gamma;

    /// <summary>Cycles the rate between <paramref name="baseLr"/> and <paramref name="maxLr"/>.</summary>
    /// <param name="baseLr">The rate at the start of every cycle; finite and at least 0.</param>
    /// <param name="maxLr">The rate at the top of the first cycle; finite and at least 0.</param>
    /// <param name="stepSizeUp">The updates from the bottom to the top of a cycle; at least 1. PyTorch's default is 2000.</param>
    /// <param name="stepSizeDown">The updates from the top back to the bottom; at least 1, or null (PyTorch's default) for <paramref name="stepSizeUp"/>.</param>
    /// <param name="mode">How the height changes from cycle to cycle. PyTorch's default is <see cref="CyclicMode.Triangular"/>.</param>
    /// <param name="gamma">The per-update factor of <see cref="CyclicMode.ExpRange"/> (ignored by the other modes); finite and greater than 0. PyTorch's default is 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public CyclicLearningRate(double baseLr, double maxLr, int stepSizeUp = 2000, int? stepSizeDown = null, CyclicMode mode = CyclicMode.Triangular, double gamma = 1.0)
    {
        ScheduleArguments.RequireNonNegative(baseLr, nameof(baseLr));
        ScheduleArguments.RequireNonNegative(maxLr, nameof(maxLr));
        ScheduleArguments.RequireAtLeast(stepSizeUp, 1, nameof(stepSizeUp));
        if (stepSizeDown is { } down)
        {
            ScheduleArguments.RequireAtLeast(down, 1, nameof(stepSizeDown));
        }

        ScheduleArguments.RequireDefined(mode, nameof(mode));
        ScheduleArguments.RequirePositive(gamma, nameof(gamma));
        _baseLr = baseLr;
        _maxLr = maxLr;
        double up = stepSizeUp;
        _totalSize = up + (stepSizeDown ?? stepSizeUp);
        _stepRatio = up / _totalSize;
        _mode = mode;
        _gamma = gamma;
    }

    /// <inheritdoc/>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate)
    {
        var step = ScheduleArguments.Step(position);
        var cycle = Math.Floor(1 + step / _totalSize);
        var x = 1.0 + step / _totalSize - cycle;
        var scaleFactor = x <= _stepRatio ? x / _stepRatio : (x - 1) / (_stepRatio - 1);
        var baseHeight = (_maxLr - _baseLr) * scaleFactor;
        var scale = _mode switch
        {
            CyclicMode.Triangular => 1.0,
            CyclicMode.Triangular2 => 1 / Math.Pow(2.0, cycle - 1),
            _ => Math.Pow(_gamma, step),
        };
        return _baseLr + baseHeight * scale;
    }
}
