using System;

namespace NetGen.Schedules;

/// <summary>
/// PyTorch's <c>OneCycleLR</c> (Smith and Topin, 2017), per step, over exactly <c>totalSteps</c> updates: from
/// <c>initial = maxLr/divFactor</c> up to <c>maxLr</c>, then down to <c>min = initial/finalDivFactor</c>.
/// </summary>
/// <remarks>
/// <para>
/// The phases are PyTorch's, with their end steps as floating-point numbers: two phases end at
/// <c>pctStart·totalSteps − 1</c> (initial → max) and <c>totalSteps − 1</c> (max → min); with <c>threePhase</c> they
/// end at <c>pctStart·totalSteps − 1</c> (initial → max), <c>2·pctStart·totalSteps − 2</c> (max → initial) and
/// <c>totalSteps − 1</c> (initial → min). Update t lies in the first phase whose end is ≥ t (the last phase takes the
/// rest); with <c>s</c> the end of the phase before (0 for the first), <c>pct = (t − s)/(end − s)</c> and the rate is
/// <see cref="AnnealStrategy.Cos"/> <c>to + (from − to)/2·(cos(π·pct) + 1)</c> or <see cref="AnnealStrategy.Linear"/>
/// <c>(to − from)·pct + from</c>. With the defaults, update 0 runs at <c>initial</c>, update
/// <c>pctStart·totalSteps − 1</c> (when a whole number) at <c>maxLr</c> and update <c>totalSteps − 1</c> at <c>min</c>.
/// </para>
/// <para>
/// The schedule sets the rate itself and ignores the network's declared one, as PyTorch's OneCycleLR replaces the
/// optimizer's rate with <c>max_lr/div_factor</c>. PyTorch also cycles the momentum inversely
/// (<c>cycle_momentum</c>, on by default); NetGen schedules only the learning rate. For a training loop with E epochs
/// of U updates, <c>totalSteps = E·U</c> (PyTorch's <c>epochs</c> and <c>steps_per_epoch</c>).
/// </para>
/// <para>
/// Asking for update <c>totalSteps</c> or later throws. PyTorch raises one step later: it still answers for
/// <c>step_num == total_steps</c>, the value its last <c>scheduler.step()</c> leaves behind after the final update,
/// which lies past the end of the cycle (the cosine turns back up, the line overshoots below <c>min</c>, possibly
/// below 0), so NetGen never uses it for an update.
/// </para>
/// </remarks>
public sealed class OneCycle : LearningRateSchedule
{
    private readonly int _totalSteps;
    private readonly AnnealStrategy _strategy;
    private readonly Phase[] _phases;

    /// <summary>One cycle over <paramref name="totalSteps"/> updates, peaking at <paramref name="maxLr"/>.</summary>
    /// <param name="maxLr">The peak rate; finite and greater than 0.</param>
    /// <param name="totalSteps">The number of updates in the cycle; at least 1.</param>
    /// <param name="pctStart">The share of the updates spent rising to <paramref name="maxLr"/>; in [0, 1], as PyTorch. PyTorch's default is 0.3.</param>
    /// <param name="annealStrategy">The curve within each phase. PyTorch's default is <see cref="AnnealStrategy.Cos"/>.</param>
    /// <param name="divFactor">The initial rate is <paramref name="maxLr"/>/<paramref name="divFactor"/>; finite and greater than 0. PyTorch's default is 25.</param>
    /// <param name="finalDivFactor">The final rate is the initial rate/<paramref name="finalDivFactor"/>; finite and greater than 0. PyTorch's default is 1e4.</param>
    /// <param name="threePhase">Whether to return to the initial rate before annealing to the final one (the original paper) instead of annealing straight from the peak (fastai's two phases, PyTorch's default).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="ArgumentException">
    /// <c>pctStart·totalSteps</c> is exactly 1, which gives the first phase no length (PyTorch fails with a division by zero).
    /// </exception>
    public OneCycle(double maxLr, int totalSteps, double pctStart = 0.3, AnnealStrategy annealStrategy = AnnealStrategy.Cos, double divFactor = 25, double finalDivFactor = 1e4, bool threePhase = false)
    {
        ScheduleArguments.RequirePositive(maxLr, nameof(maxLr));
        ScheduleArguments.RequireAtLeast(totalSteps, 1, nameof(totalSteps));
        if (!(pctStart >= 0 && pctStart <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "pctStart must be in [0, 1].");
        }

        ScheduleArguments.RequireDefined(annealStrategy, nameof(annealStrategy));
        ScheduleArguments.RequirePositive(divFactor, nameof(divFactor));
        ScheduleArguments.RequirePositive(finalDivFactor, nameof(finalDivFactor));
        var warmupEnd = pctStart * totalSteps - 1;
        if (warmupEnd == 0)
        {
            throw new ArgumentException(
                $"pctStart·totalSteps = {pctStart}·{totalSteps} = 1 gives the rising phase no length (update 0 would be 0/0 of the way up); choose another pctStart.",
                nameof(pctStart));
        }

        _totalSteps = totalSteps;
        _strategy = annealStrategy;
        var initialLr = maxLr / divFactor;
        var minLr = initialLr / finalDivFactor;
        _phases = threePhase
            ? [new(warmupEnd, initialLr, maxLr), new(2 * pctStart * totalSteps - 2, maxLr, initialLr), new(totalSteps - 1, initialLr, minLr)]
            : [new(warmupEnd, initialLr, maxLr), new(totalSteps - 1, maxLr, minLr)];
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">The update is not one of the cycle's <c>totalSteps</c> updates.</exception>
    public override double GetLearningRate(SchedulePosition position, double baseLearningRate)
    {
        var step = ScheduleArguments.Step(position);
        if (step >= _totalSteps)
        {
            throw new ArgumentOutOfRangeException(
                nameof(position),
                position,
                $"OneCycle was built for {_totalSteps} steps, but update {step + 1} asked for a learning rate; build it with totalSteps = epochs × updates per epoch.");
        }

        var startStep = 0.0;
        for (var i = 0; ; i++)
        {
            var phase = _phases[i];
            if (step <= phase.EndStep || i == _phases.Length - 1)
            {
                var pct = (step - startStep) / (phase.EndStep - startStep);
                return _strategy == AnnealStrategy.Cos
                    ? Annealing.CosineBetween(phase.StartLr, phase.EndLr, pct)
                    : Annealing.LinearBetween(phase.StartLr, phase.EndLr, pct);
            }

            startStep = phase.EndStep;
        }
    }

    private readonly record struct Phase(double EndStep, double StartLr, double EndLr);
}
