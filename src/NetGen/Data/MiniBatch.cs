using System;

namespace NetGen.Data;

/// <summary>Copies chosen rows of a row-major table into a reusable buffer, to train on shuffled mini-batches without allocating.</summary>
/// <example>
/// <code>
/// random.Shuffle&lt;int&gt;(order);
/// for (var start = 0; start &lt; order.Length; start += batchSize)
/// {
///     var rows = order.AsSpan(start, Math.Min(batchSize, order.Length - start));
///     var inputs = MiniBatch.Gather(train.Features, train.FeatureCount, rows, inputBuffer);
///     var targets = MiniBatch.Gather(oneHotTargets, classCount, rows, targetBuffer);
///     network.TrainStep(inputs, targets);
/// }
/// </code>
/// </example>
public static class MiniBatch
{
    /// <summary>
    /// Copies row <c>indices[i]</c> of <paramref name="rows"/> to row <c>i</c> of <paramref name="destination"/>, for
    /// every <c>i</c>, and returns the filled part of <paramref name="destination"/>.
    /// </summary>
    /// <remarks>
    /// <paramref name="destination"/> may be longer than needed, so one buffer sized for a full batch also serves a
    /// shorter last batch. It must not overlap <paramref name="rows"/>. If an index is out of range, the rows before
    /// it have already been copied.
    /// </remarks>
    /// <param name="rows">The table, whole rows of <paramref name="rowLength"/> values, row-major.</param>
    /// <param name="rowLength">The number of values in a row, at least 1.</param>
    /// <param name="indices">The rows to copy, each in [0, <c>rows.Length / rowLength</c>); an index may repeat.</param>
    /// <param name="destination">The buffer, at least <c>indices.Length × rowLength</c> values.</param>
    /// <returns>The first <c>indices.Length × rowLength</c> values of <paramref name="destination"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowLength"/> is below 1, or an index is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="rows"/> is not whole rows, or <paramref name="destination"/> is too short.</exception>
    public static Span<float> Gather(ReadOnlySpan<float> rows, int rowLength, ReadOnlySpan<int> indices, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowLength, 1);
        if (rows.Length % rowLength != 0)
        {
            throw new ArgumentException(
                $"Expected whole rows of {rowLength} values, but got {rows.Length} values.", nameof(rows));
        }

        var needed = (long)indices.Length * rowLength;
        if (destination.Length < needed)
        {
            throw new ArgumentException(
                $"Expected room for {needed} values ({indices.Length} rows × {rowLength}), but the buffer holds {destination.Length}.",
                nameof(destination));
        }

        var rowCount = rows.Length / rowLength;
        for (var i = 0; i < indices.Length; i++)
        {
            var index = indices[i];
            if ((uint)index >= (uint)rowCount)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(indices), index, $"indices[{i}] is {index}, but the table has {rowCount} rows.");
            }

            rows.Slice(index * rowLength, rowLength).CopyTo(destination.Slice(i * rowLength, rowLength));
        }

        return destination[..(int)needed];
    }
}
