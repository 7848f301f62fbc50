using System;
using System.Globalization;
using System.IO;
using System.Numerics;

namespace NetGen.Training;

/// <summary>
/// Keras-style progress output for <see cref="Trainer.Fit"/>: a line per epoch and a summary at the end, and with
/// <see cref="Verbosity.Bar"/> a bar redrawn in place within each epoch. <see cref="TrainingOptions.Verbosity"/> adds
/// one to a run; add one to <see cref="TrainingOptions.Callbacks"/> yourself to choose the writer, the redrawing or
/// the clock.
/// </summary>
/// <remarks>
/// <para>An epoch line, then the summary (numbers in the invariant culture; the metric names get <c>val_</c> when
/// they are computed on validation data):</para>
/// <code>
/// Epoch  1/20 - 12ms - loss: 1.0512 - val_loss: 0.9950 - val_accuracy: 0.6333 - lr: 0.05
/// ...
/// Stopped after epoch 14 of 20: early stopping: the validation loss has not improved for 3 epochs since epoch 11. Best epoch 11: val_loss 0.0581, weights restored.
/// </code>
/// <para>
/// Losses and metrics have 4 decimals (scientific notation below 1e-3 or from 1e6 on), the learning rate 4
/// significant digits. The bar line, <c>Epoch  3/20 [=========&gt;....................] 12/38 - ETA: 0.4s - loss: 0.5123</c>,
/// shows the mean loss of the epoch's updates so far; it is redrawn with a carriage return at most every 100 ms, so a
/// fast epoch is never drawn, and an update costs a clock read and no allocation. The bar is drawn only to an
/// interactive console: with the output redirected (a file, a pipe, CI's log) or to any other writer, the output has
/// no carriage return and no escape code, only whole lines. Everything is written on the training thread, in order.
/// </para>
/// </remarks>
public sealed class ConsoleProgress : TrainingCallback
{
    private const int BarWidth = 30;
    private const double RedrawSeconds = 0.1;

    private readonly TextWriter? _writer;
    private readonly bool? _redraw;
    private readonly TimeProvider _clock;
    private readonly long _redrawTicks;

    // One line, built in place: numbers are formatted into it, so drawing the bar allocates nothing.
    private readonly char[] _line = new char[512];
    private int _length;

    private TextWriter _output = TextWriter.Null;
    private bool _drawBar;
    private int _epochs;
    private long _trainingStarted;
    private long _epochStarted;
    private long _lastDrawn;
    private int _barOnScreen;
    private double _lossSum;
    private long _samples;

    /// <summary>Creates console progress output.</summary>
    /// <param name="verbosity"><see cref="Verbosity.Epochs"/> or <see cref="Verbosity.Bar"/>.</param>
    /// <param name="writer">Where to write; <see langword="null"/> for <see cref="Console.Out"/> as it is when training starts.</param>
    /// <param name="redraw">
    /// Whether the bar is redrawn in place with carriage returns; <see langword="null"/> (the default) for only when
    /// <paramref name="writer"/> is <see langword="null"/> and <see cref="Console.IsOutputRedirected"/> is false.
    /// Ignored for <see cref="Verbosity.Epochs"/>.
    /// </param>
    /// <param name="clock">The clock for times, the time left and the redraw interval; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="verbosity"/> is not <see cref="Verbosity.Epochs"/> or <see cref="Verbosity.Bar"/>.</exception>
    public ConsoleProgress(Verbosity verbosity = Verbosity.Bar, TextWriter? writer = null, bool? redraw = null, TimeProvider? clock = null)
    {
        if (verbosity is not (Verbosity.Epochs or Verbosity.Bar))
        {
            throw new ArgumentOutOfRangeException(nameof(verbosity), verbosity, "A ConsoleProgress prints Epochs or Bar; for Silent, leave it out.");
        }

        Verbosity = verbosity;
        _writer = writer;
        _redraw = redraw;
        _clock = clock ?? TimeProvider.System;
        _redrawTicks = Math.Max(1, (long)(RedrawSeconds * _clock.TimestampFrequency));
    }

    /// <summary>What this prints: <see cref="Verbosity.Epochs"/> or <see cref="Verbosity.Bar"/>.</summary>
    public Verbosity Verbosity { get; }

    /// <inheritdoc/>
    public override void OnTrainingBegin<T>(TrainingContext<T> context)
    {
        _output = _writer ?? Console.Out;
        _drawBar = Verbosity == Verbosity.Bar && (_redraw ?? (_writer is null && !Console.IsOutputRedirected));
        _epochs = context.Options.Epochs;
        _barOnScreen = 0;
        _trainingStarted = _clock.GetTimestamp();
    }

    /// <inheritdoc/>
    public override void OnEpochBegin<T>(TrainingContext<T> context)
    {
        _epochStarted = _clock.GetTimestamp();
        _lastDrawn = _epochStarted;
        _lossSum = 0;
        _samples = 0;
    }

    /// <summary>Only with the live bar: the one-line-per-epoch output has nothing to do after an update.</summary>
    internal override bool ObservesNextBatch => _drawBar;

    /// <inheritdoc/>
    public override void OnBatchEnd<T>(TrainingContext<T> context, BatchRecord batch)
    {
        if (!_drawBar)
        {
            return;
        }

        _lossSum += batch.Loss * batch.BatchSize;
        _samples += batch.BatchSize;
        var now = _clock.GetTimestamp();
        if (now - _lastDrawn < _redrawTicks || batch.Batch == batch.BatchesInEpoch)
        {
            // The epoch's line replaces the bar right after its last update.
            return;
        }

        _lastDrawn = now;
        _length = 0;
        Append('\r');
        AppendEpoch(batch.Epoch);
        Append(" [");
        var filled = (int)((long)BarWidth * batch.Batch / batch.BatchesInEpoch);
        for (var i = 0; i < BarWidth; i++)
        {
            Append(i < filled - 1 ? '=' : i == filled - 1 ? (filled == BarWidth ? '=' : '>') : '.');
        }

        Append("] ");
        Append(batch.Batch);
        Append('/');
        Append(batch.BatchesInEpoch);
        Append(" - ETA: ");
        var elapsed = _clock.GetElapsedTime(_epochStarted, now);
        AppendDuration(elapsed * ((double)(batch.BatchesInEpoch - batch.Batch) / batch.Batch));
        Append(" - loss: ");
        AppendNumber(_lossSum / _samples);
        var drawn = _length - 1;
        PadTo(_barOnScreen + 1);
        _barOnScreen = drawn;
        _output.Write(_line, 0, _length);
        _output.Flush();
    }

    /// <inheritdoc/>
    public override void OnEpochEnd<T>(TrainingContext<T> context, EpochRecord record)
    {
        var elapsed = _clock.GetElapsedTime(_epochStarted);
        _length = 0;
        if (_barOnScreen > 0)
        {
            Append('\r');
        }

        AppendEpoch(record.Epoch);
        Append(" - ");
        AppendDuration(elapsed);
        // Keras' order: the training loss and metrics, then the validation ones.
        Metric("loss", record.TrainingLoss, validation: false);
        Metrics(record.TrainingMetrics, validation: false);
        if (record.ValidationLoss is { } validationLoss)
        {
            Metric("loss", validationLoss, validation: true);
        }

        Metrics(record.ValidationMetrics, validation: true);
        Append(" - lr: ");
        AppendFormatted(record.LearningRate, "G4");
        if (_barOnScreen > 0)
        {
            PadTo(_barOnScreen + 1);
            _barOnScreen = 0;
        }

        _output.Write(_line, 0, _length);
        _output.WriteLine();
        _output.Flush();
    }

    private void Metrics(EpochMetrics? metrics, bool validation)
    {
        if (metrics?.Accuracy is { } accuracy)
        {
            Metric("accuracy", accuracy, validation);
        }

        if (metrics?.MeanAbsoluteError is { } meanAbsoluteError)
        {
            Metric("mae", meanAbsoluteError, validation);
        }

        if (metrics?.RSquared is { } rSquared)
        {
            Metric("r2", rSquared, validation);
        }
    }

    /// <inheritdoc/>
    public override void OnTrainingEnd<T>(TrainingContext<T> context)
    {
        if (_barOnScreen > 0)
        {
            // Training diverged within an epoch: the epoch has no line, and its bar is wiped.
            _output.Write('\r' + new string(' ', _barOnScreen) + '\r');
            _barOnScreen = 0;
        }

        _output.WriteLine(Summary(context.History, _epochs, _clock.GetElapsedTime(_trainingStarted)));
        _output.Flush();
    }

    /// <summary>
    /// Wipes a bar still on screen when <see cref="Trainer.Fit"/> ends with an exception (cancellation, a callback or a
    /// schedule that threw), so the exception's message starts on a clean line; no summary, as training did not end.
    /// </summary>
    internal void Abandon()
    {
        if (_barOnScreen > 0)
        {
            _output.Write('\r' + new string(' ', _barOnScreen) + '\r');
            _barOnScreen = 0;
            _output.Flush();
        }
    }

    /// <summary>The last line: how training ended and which epoch was best.</summary>
    internal static string Summary(TrainingHistory history, int epochs, TimeSpan elapsed)
    {
        var ending = history switch
        {
            { Divergence: { } divergence } => divergence.ToString(),
            { StoppedEarly: true, Count: 0 } => $"Stopped before the first of {epochs} epochs: {history.StopReason}.",
            { StoppedEarly: true } => $"Stopped after epoch {history.Count} of {epochs}: {history.StopReason}.",
            _ => $"Trained {history.Count} {(history.Count == 1 ? "epoch" : "epochs")} in {Duration(elapsed)}.",
        };
        if (history.BestEpoch == 0)
        {
            return ending;
        }

        var best = history[history.BestEpoch - 1];
        var monitored = best.ValidationLoss is { } validationLoss ? "val_loss " + Number(validationLoss) : "loss " + Number(best.TrainingLoss);
        return $"{ending} Best epoch {best.Epoch}: {monitored}{(history.RestoredBestWeights ? ", weights restored" : "")}.";
    }

    /// <summary>A number as the epoch line shows it (4 decimals, or scientific notation for the very small and the very large).</summary>
    internal static string Number(double value)
    {
        Span<char> text = stackalloc char[32];
        var length = FormatNumber(value, text);
        return new string(text[..length]);
    }

    /// <summary>A duration as the lines show it: <c>0.4ms</c>, <c>12ms</c>, <c>3.4s</c>, <c>2m05s</c>.</summary>
    internal static string Duration(TimeSpan duration)
    {
        Span<char> text = stackalloc char[32];
        var length = FormatDuration(duration, text);
        return new string(text[..length]);
    }

    private static int FormatNumber(double value, Span<char> destination)
    {
        // Keras' rule (4 decimals, scientific below 1e-3), plus scientific from 1e6 on so that a huge loss stays one word.
        var magnitude = Math.Abs(value);
        var format = value == 0 || (magnitude >= 1e-3 && magnitude < 1e6) || !double.IsFinite(value) ? "F4" : "0.0000e+00";
        return value.TryFormat(destination, out var written, format, CultureInfo.InvariantCulture) ? written : 0;
    }

    private static int FormatDuration(TimeSpan duration, Span<char> destination)
    {
        var seconds = Math.Max(0, duration.TotalSeconds);
        int written;
        if (seconds < 0.9995)
        {
            // A tenth of a millisecond below 10 ms, so that a fast epoch does not read "0ms".
            var milliseconds = seconds * 1000;
            milliseconds.TryFormat(destination, out written, milliseconds < 9.95 ? "0.0" : "0", CultureInfo.InvariantCulture);
            "ms".CopyTo(destination[written..]);
            return written + 2;
        }

        if (seconds < 59.95)
        {
            seconds.TryFormat(destination, out written, "0.0", CultureInfo.InvariantCulture);
            destination[written] = 's';
            return written + 1;
        }

        var whole = (long)Math.Round(seconds);
        (whole / 60).TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
        destination[written++] = 'm';
        (whole % 60).TryFormat(destination[written..], out var secondsWritten, "00", CultureInfo.InvariantCulture);
        written += secondsWritten;
        destination[written] = 's';
        return written + 1;
    }

    private void Metric(string name, double value, bool validation)
    {
        Append(validation ? " - val_" : " - ");
        Append(name);
        Append(": ");
        AppendNumber(value);
    }

    /// <summary><c>Epoch  3/20</c>, the epoch right-aligned to the width of the epoch count.</summary>
    private void AppendEpoch(int epoch)
    {
        Append("Epoch ");
        for (var width = Digits(_epochs) - Digits(epoch); width > 0; width--)
        {
            Append(' ');
        }

        Append(epoch);
        Append('/');
        Append(_epochs);
    }

    private static int Digits(int value) => value < 10 ? 1 : 1 + Digits(value / 10);

    private void Append(char value)
    {
        if (_length < _line.Length)
        {
            _line[_length++] = value;
        }
    }

    private void Append(string value)
    {
        var count = Math.Min(value.Length, _line.Length - _length);
        value.AsSpan(0, count).CopyTo(_line.AsSpan(_length));
        _length += count;
    }

    private void Append(int value)
    {
        value.TryFormat(_line.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    private void AppendNumber(double value) => _length += FormatNumber(value, _line.AsSpan(_length));

    private void AppendFormatted(double value, string format)
    {
        value.TryFormat(_line.AsSpan(_length), out var written, format, CultureInfo.InvariantCulture);
        _length += written;
    }

    private void AppendDuration(TimeSpan duration)
    {
        if (_line.Length - _length >= 32)
        {
            _length += FormatDuration(duration, _line.AsSpan(_length));
        }
    }

    /// <summary>Spaces up to <paramref name="length"/> characters, to overwrite the rest of a longer line drawn before.</summary>
    private void PadTo(int length)
    {
        while (_length < length && _length < _line.Length)
        {
            _line[_length++] = ' ';
        }
    }
}
