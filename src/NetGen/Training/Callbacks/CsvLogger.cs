using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace NetGen.Training;

/// <summary>
/// Writes one CSV row per epoch (Keras' <c>CSVLogger</c>): a header, then every epoch's record as soon as it ends, so
/// the rows written so far survive a crash or a cancelled run.
/// </summary>
/// <remarks>
/// <para>The columns, in this order (an empty cell where the record has no value):</para>
/// <code>
/// epoch,loss,accuracy,mae,r2,val_loss,val_accuracy,val_mae,val_r2,learning_rate,batch_size,updates,elapsed_seconds,gradient_norm
/// </code>
/// <para>
/// <c>accuracy</c>, <c>mae</c> and <c>r2</c> are <see cref="EpochRecord.TrainingMetrics"/>, the <c>val_</c> columns
/// <see cref="EpochRecord.ValidationLoss"/> and <see cref="EpochRecord.ValidationMetrics"/>. Numbers are in the invariant culture, in round-trip form
/// (<c>0.05000000074505806</c> for a float rate of 0.05); fields are quoted as RFC 4180 says when they hold a comma, a
/// quote or a line break; lines end with CRLF; the file is UTF-8 without a byte-order mark. <c>epoch</c> counts from 1
/// in every <see cref="Trainer.Fit"/>.
/// </para>
/// <para>
/// The file is created (or, with <c>append</c>, continued) when training begins; each epoch's row is appended and the
/// file closed again, so no handle stays open and nothing is buffered between epochs.
/// </para>
/// </remarks>
public sealed class CsvLogger : TrainingCallback
{
    /// <summary>Creates a logger that writes to <paramref name="path"/>.</summary>
    /// <param name="path">The CSV file; its folder must exist when training begins.</param>
    /// <param name="append">
    /// Whether to continue an existing file (its header must be the one this run writes) rather than replace it.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty, white space or not a valid path.</exception>
    public CsvLogger(string path, bool append = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            Path = System.IO.Path.GetFullPath(path);
        }
        catch (Exception error) when (error is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ArgumentException($"'{path}' is not a valid file path: {error.Message}", nameof(path), error);
        }

        Append = append;
    }

    /// <summary>The full path of the CSV file.</summary>
    public string Path { get; }

    /// <summary>Whether an existing file is continued rather than replaced.</summary>
    public bool Append { get; }

    /// <summary>The header line: the training loss and metrics, then the validation ones (Keras' names), then the epoch's settings.</summary>
    internal const string Header = "epoch,loss,accuracy,mae,r2,val_loss,val_accuracy,val_mae,val_r2,learning_rate,batch_size,updates,elapsed_seconds,gradient_norm";

    /// <summary>A field as RFC 4180 writes it: quoted, with its quotes doubled, when it holds a comma, a quote or a line break.</summary>
    internal static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Works at the ends of epochs only.</summary>
    internal override bool ObservesNextBatch => false;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">With <c>append</c>, the file has a different header.</exception>
    public override void OnTrainingBegin<T>(TrainingContext<T> context)
    {
        var header = Header;
        if (Append && File.Exists(Path) && new FileInfo(Path).Length > 0)
        {
            string? existing;
            using (var reader = new StreamReader(Path, Encoding.UTF8))
            {
                existing = reader.ReadLine();
            }

            if (existing != header)
            {
                throw new InvalidOperationException(
                    $"CsvLogger cannot append to '{Path}': its header is '{existing}', but this run writes '{header}' (a file from another version of NetGen). Log to another file, or append = false to replace it.");
            }

            return;
        }

        File.WriteAllText(Path, header + "\r\n", s_utf8);
    }

    /// <inheritdoc/>
    public override void OnEpochEnd<T>(TrainingContext<T> context, EpochRecord record)
    {
        var row = new StringBuilder(160);
        row.Append(record.Epoch.ToString(CultureInfo.InvariantCulture)).Append(',');
        Number(row, record.TrainingLoss).Append(',');
        Number(row, record.TrainingMetrics?.Accuracy).Append(',');
        Number(row, record.TrainingMetrics?.MeanAbsoluteError).Append(',');
        Number(row, record.TrainingMetrics?.RSquared).Append(',');
        Number(row, record.ValidationLoss).Append(',');
        Number(row, record.ValidationMetrics?.Accuracy).Append(',');
        Number(row, record.ValidationMetrics?.MeanAbsoluteError).Append(',');
        Number(row, record.ValidationMetrics?.RSquared).Append(',');
        Number(row, record.LearningRate).Append(',');
        row.Append(record.BatchSize.ToString(CultureInfo.InvariantCulture)).Append(',');
        row.Append(record.Updates.ToString(CultureInfo.InvariantCulture)).Append(',');
        Number(row, record.Elapsed.TotalSeconds).Append(',');
        Number(row, record.GradientNorm).Append("\r\n");
        File.AppendAllText(Path, row.ToString(), s_utf8);
    }

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static StringBuilder Number(StringBuilder row, double? value) =>
        value is { } number ? row.Append(Field(number.ToString("R", CultureInfo.InvariantCulture))) : row;
}
