using System;

namespace NetGen.Data;

/// <summary>
/// A CSV file that <see cref="TabularDataSet.ParseCsv(System.IO.TextReader, string, bool?)"/> cannot read: the message names the source, the line and,
/// for a bad value, the column with its header name and the offending text.
/// </summary>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Creates the exception for a problem at <paramref name="line"/> (and <paramref name="column"/>, if it is about one field).</summary>
    /// <param name="message">The complete message, which names the source and position itself.</param>
    /// <param name="sourceName">The file name or other description of the text that was parsed.</param>
    /// <param name="line">The 1-based line number.</param>
    /// <param name="column">The 1-based field number, or <see langword="null"/> when the problem is the whole line or file.</param>
    public CsvFormatException(string message, string sourceName, int line, int? column = null)
        : base(message)
    {
        SourceName = sourceName;
        Line = line;
        Column = column;
    }

    /// <summary>The file name or other description of the text that was parsed.</summary>
    public string SourceName { get; }

    /// <summary>The 1-based line number of the problem (the header is line 1).</summary>
    public int Line { get; }

    /// <summary>The 1-based field number of the problem, or <see langword="null"/> when it concerns the whole line or file.</summary>
    public int? Column { get; }
}
