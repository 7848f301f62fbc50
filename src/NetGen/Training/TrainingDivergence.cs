using System.Globalization;

namespace NetGen.Training;

/// <summary>What <see cref="Trainer.Fit"/> found not to be a finite number when it stopped training.</summary>
public enum DivergenceSource
{
    /// <summary>The loss an update computed (before changing the parameters) was NaN or infinite: Keras' <c>TerminateOnNaN</c>.</summary>
    TrainingLoss,

    /// <summary>After the epoch's last update a parameter was NaN or infinite, although every loss of the epoch was finite.</summary>
    Parameters,

    /// <summary>After the epoch's last update an optimizer state value (a moment estimate or accumulator) was NaN or infinite.</summary>
    OptimizerState,

    /// <summary>After the epoch's last update a batch-norm running mean or variance was NaN or infinite.</summary>
    RunningStatistics,

    /// <summary>The validation loss after the epoch was NaN or infinite.</summary>
    ValidationLoss,
}

/// <summary>
/// Where <see cref="Trainer.Fit"/> stopped because training diverged. The network then holds its state from the end of
/// the last whole epoch (<see cref="Epoch"/> − 1; 0 is the state <c>Fit</c> started from), unless
/// <see cref="EarlyStopping.RestoreBestWeights"/> put back the best epoch's weights.
/// </summary>
/// <param name="Epoch">The 1-based epoch in which training diverged; it has no record in the history.</param>
/// <param name="Update">
/// The 1-based update, counted from the first update of this <c>Fit</c>, whose loss was not finite; for the other
/// sources (and for a training loss whose epoch mean alone overflowed), the epoch's last update, after which the value
/// was found.
/// </param>
/// <param name="Source">What was not finite.</param>
/// <param name="Value">The value found: NaN, +∞ or −∞.</param>
public sealed record TrainingDivergence(int Epoch, long Update, DivergenceSource Source, double Value)
{
    /// <summary>A sentence for a log: what was not finite, where, and which weights the network holds.</summary>
    public override string ToString()
    {
        var what = Source switch
        {
            DivergenceSource.TrainingLoss => $"the training loss of update {Update} was {Format(Value)}",
            DivergenceSource.Parameters => $"a parameter was {Format(Value)} after update {Update}",
            DivergenceSource.OptimizerState => $"an optimizer state value was {Format(Value)} after update {Update}",
            DivergenceSource.RunningStatistics => $"a batch-norm running statistic was {Format(Value)} after update {Update}",
            _ => $"the validation loss was {Format(Value)} after update {Update}",
        };
        var kept = Epoch == 1 ? "the state training started from" : $"its state from the end of epoch {Epoch - 1}";
        return $"Training diverged in epoch {Epoch}: {what}. Training stopped; the network holds {kept} (or the best epoch's weights, if they were restored).";
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
