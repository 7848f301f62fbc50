using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace NetGen.Training;

/// <summary>
/// Saves the network with <see cref="NetworkFile.Save{T}(INetwork{T}, string, SaveOptions?)"/> at the end of epochs
/// (Keras' <c>ModelCheckpoint</c>): every <see cref="Every"/> epochs, or with <see cref="BestOnly"/> only when the
/// monitored loss improved — a full checkpoint to resume training from, or the weights only.
/// </summary>
/// <remarks>
/// <para>
/// The monitored loss is the validation loss, or the training loss without validation data, as for
/// <see cref="EarlyStopping"/>. The path pattern may hold <c>{epoch}</c>, the 1-based epoch of the run, with an
/// optional .NET format (<c>{epoch:000}</c> gives <c>007</c>); <c>{{</c> and <c>}}</c> are literal braces. Without
/// <c>{epoch}</c> every save replaces the one file (<c>best.safetensors</c>). Each file is written atomically (a failure
/// keeps the previous file) and its folder is created if needed.
/// </para>
/// <para>
/// A checkpoint holds the network at the end of its epoch, before any best weights are restored at the end of training.
/// Under a learning-rate schedule it holds the network's base rate (the one the schedule scales), not the scheduled
/// rate of the epoch's last update. The best value is kept between runs of <see cref="Trainer.Fit"/>, as in Keras:
/// create a new callback for an unrelated run.
/// </para>
/// </remarks>
public sealed class ModelCheckpoint : TrainingCallback
{
    private readonly string _format;

    /// <summary>Creates a checkpoint callback.</summary>
    /// <param name="pathPattern">Where to save, e.g. <c>checkpoints/epoch-{epoch:000}.safetensors</c>; <c>{epoch}</c> is the only placeholder.</param>
    /// <param name="bestOnly">Save only when the monitored loss is below the best saved so far by more than <paramref name="minDelta"/>.</param>
    /// <param name="every">Consider saving every this many epochs (epochs <paramref name="every"/>, 2·<paramref name="every"/>, …); at least 1.</param>
    /// <param name="minDelta">With <paramref name="bestOnly"/>, how much lower the loss must be to count as an improvement; finite and at least 0.</param>
    /// <param name="weightsOnly">Save only the weights (<see cref="SaveOptions.WeightsOnly"/>) rather than a full checkpoint.</param>
    /// <exception cref="ArgumentException"><paramref name="pathPattern"/> is empty, has a placeholder other than <c>{epoch}</c>, an unmatched brace, a bad format, or is not a valid path.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="every"/> or <paramref name="minDelta"/> is outside its range.</exception>
    public ModelCheckpoint(string pathPattern, bool bestOnly = false, int every = 1, double minDelta = 0, bool weightsOnly = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathPattern);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        if (!(minDelta >= 0 && double.IsFinite(minDelta)))
        {
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "minDelta must be a finite number of at least 0.");
        }

        _format = CompositeFormat(pathPattern);
        PathPattern = pathPattern;
        BestOnly = bestOnly;
        Every = every;
        MinDelta = minDelta;
        WeightsOnly = weightsOnly;
        try
        {
            System.IO.Path.GetFullPath(PathFor(1));
        }
        catch (Exception error) when (error is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ArgumentException($"The path pattern '{pathPattern}' does not give a valid path: {error.Message}", nameof(pathPattern), error);
        }
    }

    /// <summary>The path pattern, as given.</summary>
    public string PathPattern { get; }

    /// <summary>Whether only improvements of the monitored loss are saved.</summary>
    public bool BestOnly { get; }

    /// <summary>Saving is considered every this many epochs.</summary>
    public int Every { get; }

    /// <summary>With <see cref="BestOnly"/>, how much lower the loss must be to count as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Whether the files hold the weights only rather than full checkpoints.</summary>
    public bool WeightsOnly { get; }

    /// <summary>The lowest monitored loss saved so far with <see cref="BestOnly"/>; +∞ before the first save.</summary>
    public double Best { get; private set; } = double.PositiveInfinity;

    /// <summary>The file saved last, or <see langword="null"/> before the first save.</summary>
    public string? LastSavedPath { get; private set; }

    /// <summary>The epoch saved last (1-based, within its run); 0 before the first save.</summary>
    public int LastSavedEpoch { get; private set; }

    /// <summary>The path for <paramref name="epoch"/>: the pattern with <c>{epoch}</c> replaced.</summary>
    /// <param name="epoch">The 1-based epoch.</param>
    public string PathFor(int epoch) => string.Format(CultureInfo.InvariantCulture, _format, epoch);

    /// <summary>Works at the ends of epochs only.</summary>
    internal override bool ObservesNextBatch => false;

    /// <inheritdoc/>
    public override void OnEpochEnd<T>(TrainingContext<T> context, EpochRecord record)
    {
        if (record.Epoch % Every != 0)
        {
            return;
        }

        var monitored = record.ValidationLoss ?? record.TrainingLoss;
        if (BestOnly && !(monitored < Best - MinDelta))
        {
            return;
        }

        var path = System.IO.Path.GetFullPath(PathFor(record.Epoch));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var network = context.Network;
        var scheduledRate = network.LearningRate;
        if (context.Options.LearningRateSchedule is not null)
        {
            network.LearningRate = T.CreateTruncating(context.BaseLearningRate);
        }

        try
        {
            network.Save(path, new SaveOptions { WeightsOnly = WeightsOnly });
        }
        finally
        {
            network.LearningRate = scheduledRate;
        }

        if (BestOnly)
        {
            Best = monitored;
        }

        LastSavedPath = path;
        LastSavedEpoch = record.Epoch;
    }

    /// <summary>The pattern as a composite format string with <c>{epoch}</c> as argument 0, or an exception naming what is wrong.</summary>
    private static string CompositeFormat(string pathPattern)
    {
        var format = new StringBuilder(pathPattern.Length + 4);
        for (var i = 0; i < pathPattern.Length; i++)
        {
            var c = pathPattern[i];
            if ((c == '{' || c == '}') && i + 1 < pathPattern.Length && pathPattern[i + 1] == c)
            {
                format.Append(c).Append(c);
                i++;
            }
            else if (c == '}')
            {
                throw new ArgumentException($"The path pattern '{pathPattern}' has a '}}' at position {i} that closes no placeholder; write '}}}}' for a literal brace.", nameof(pathPattern));
            }
            else if (c == '{')
            {
                var end = pathPattern.IndexOf('}', i + 1);
                if (end < 0)
                {
                    throw new ArgumentException($"The path pattern '{pathPattern}' has a '{{' at position {i} that is not closed; the placeholder is {{epoch}}, and '{{{{' is a literal brace.", nameof(pathPattern));
                }

                var placeholder = pathPattern[(i + 1)..end];
                var colon = placeholder.IndexOf(':');
                var name = colon < 0 ? placeholder : placeholder[..colon];
                if (name != "epoch")
                {
                    throw new ArgumentException(
                        $"The path pattern '{pathPattern}' has the placeholder '{{{placeholder}}}'; the only placeholder is {{epoch}}, with an optional format such as {{epoch:000}}.",
                        nameof(pathPattern));
                }

                var numberFormat = colon < 0 ? "" : placeholder[(colon + 1)..];
                try
                {
                    1.ToString(numberFormat, CultureInfo.InvariantCulture);
                }
                catch (FormatException)
                {
                    throw new ArgumentException($"The path pattern '{pathPattern}' has the placeholder '{{{placeholder}}}', whose format '{numberFormat}' is not a valid format for an integer.", nameof(pathPattern));
                }

                format.Append("{0").Append(colon < 0 ? "" : ":" + numberFormat).Append('}');
                i = end;
            }
            else
            {
                format.Append(c);
            }
        }

        return format.ToString();
    }
}
