using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Kernels;

/// <summary>
/// The copy between a weight matrix's exchange layout (W as [units × inputs], PyTorch's) and the generated code's storage
/// (Wt as [inputs × padded units]), which <c>GetParameters</c>, <c>SetParameters</c>, the optimizer state's copies and so
/// every <c>Fit</c>'s snapshot of the network go through.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)] // public for the generated code in users' assemblies, which alone should call it
public static class Transpose
{
    /// <summary>The side of the square blocks the copy goes through: 16 rows of 16 floats are 16 cache lines on each side.</summary>
    private const int Block = 16;

    /// <summary>
    /// <c>destination[c·destinationStride + r] = source[r·sourceStride + c]</c> for every row r &lt; <paramref name="rows"/>
    /// and column c &lt; <paramref name="columns"/>; nothing else of <paramref name="destination"/> is written (its padding
    /// lanes keep their values).
    /// </summary>
    /// <remarks>
    /// Block by block: a plain double loop reads or writes a new cache line at every step along the strided side (784 → 128:
    /// 100 352 lines for 100 352 values, 1–4 ns each), while a block touches 16 lines on each side and uses every one whole.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A size or stride is negative, or a stride is below the width it steps over.</exception>
    /// <exception cref="ArgumentException">A span is too short for the rows and columns.</exception>
    public static void Copy<T>(ReadOnlySpan<T> source, int rows, int columns, int sourceStride, Span<T> destination, int destinationStride)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceStride, columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(destinationStride, rows);
        if (rows == 0 || columns == 0)
        {
            return;
        }

        if (source.Length < ((long)(rows - 1) * sourceStride) + columns)
        {
            throw new ArgumentException($"Expected at least {((long)(rows - 1) * sourceStride) + columns} values for {rows} rows of {columns} values {sourceStride} apart, but got {source.Length}.", nameof(source));
        }

        if (destination.Length < ((long)(columns - 1) * destinationStride) + rows)
        {
            throw new ArgumentException($"Expected at least {((long)(columns - 1) * destinationStride) + rows} values for {columns} rows of {rows} values {destinationStride} apart, but got {destination.Length}.", nameof(destination));
        }

        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref MemoryMarshal.GetReference(destination);
        for (var r0 = 0; r0 < rows; r0 += Block)
        {
            var r1 = Math.Min(r0 + Block, rows);
            for (var c0 = 0; c0 < columns; c0 += Block)
            {
                var c1 = Math.Min(c0 + Block, columns);
                for (var r = r0; r < r1; r++)
                {
                    ref var row = ref Unsafe.Add(ref from, (nint)r * sourceStride);
                    for (var c = c0; c < c1; c++)
                    {
                        Unsafe.Add(ref to, ((nint)c * destinationStride) + r) = Unsafe.Add(ref row, c);
                    }
                }
            }
        }
    }
}
