using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace NetGen.Data;

/// <summary>Reading a data set from CSV text.</summary>
public sealed partial class TabularDataSet
{
    /// <summary>Reads a CSV file; a name ending in <c>.gz</c> (such as <c>train.csv.gz</c>) is decompressed with gzip first.</summary>
    /// <remarks>
    /// The text is UTF-8 (a byte-order mark is skipped). The format, and how <paramref name="hasHeader"/> decides
    /// whether line 1 names the columns, are described at <see cref="ParseCsv"/>. A gzip file must be whole: each
    /// member's CRC-32 and length are checked, so a truncated or corrupt file throws rather than loading part of the table.
    /// </remarks>
    /// <param name="path">The file's path.</param>
    /// <param name="hasHeader">
    /// <see langword="true"/> when line 1 names the columns, <see langword="false"/> when it is data (the columns are
    /// then named <c>column1</c>, <c>column2</c>, …), <see langword="null"/> (the default) to accept line 1 as the
    /// header only when none of its fields is a number, and to throw when that is not clear.
    /// </param>
    /// <exception cref="FileNotFoundException">The file does not exist; the message gives its full path.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> names a directory.</exception>
    /// <exception cref="CsvFormatException">The content is not a valid numeric CSV table (see <see cref="ParseCsv"/>).</exception>
    /// <exception cref="InvalidDataException">A <c>.gz</c> file is not gzip data, or is truncated or corrupt.</exception>
    public static TabularDataSet LoadCsv(string path, bool? hasHeader = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*.csv*").Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(3).ToList();
            throw new ArgumentException(
                $"'{Path.GetFullPath(path)}' is a directory; expected the path of a CSV file{(files.Count == 0 ? "" : $", such as '{string.Join("', '", files)}' in it")}.",
                nameof(path));
        }

        // File.Exists also covers a missing directory, which File.OpenRead would report as DirectoryNotFoundException.
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The data file '{Path.GetFullPath(path)}' does not exist.", path);
        }

        using var file = File.OpenRead(path);
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = new StreamReader(file, Encoding.UTF8);
            return ParseCsv(reader, path, hasHeader);
        }

        using var gzip = new VerifiedGZipStream(file, path);
        using var decompressed = new StreamReader(gzip, Encoding.UTF8);
        return ParseCsv(decompressed, path, hasHeader);
    }

    /// <summary>Parses a numeric CSV table.</summary>
    /// <remarks>
    /// <para>
    /// The format: lines of comma-separated fields, each line with as many fields as the first, at least two. Every
    /// data field is a finite number in the invariant culture (<c>1.5</c>, <c>-2</c>, <c>3e-4</c>; surrounding spaces
    /// allowed); missing values, <c>NaN</c> and infinities are not supported. The last column is the target, the others
    /// are features. A field may be quoted as RFC 4180 says (<c>"sepal length"</c>, <c>"a ""b"""</c>, <c>"x,y"</c>):
    /// the quotes are removed and a doubled quote inside stands for one; a quoted field cannot span lines. Blank lines
    /// at the end are ignored; a blank line followed by more data is an error, since it usually means a file was cut
    /// or concatenated.
    /// </para>
    /// <para>
    /// <b>The header.</b> With <paramref name="hasHeader"/> <see langword="true"/>, line 1 names the columns; with
    /// <see langword="false"/>, line 1 is data and the columns are named <c>column1</c> … <c>columnN</c>. With
    /// <see langword="null"/> (the default), line 1 is the header when none of its fields is a number; a line 1 of
    /// numbers only, or of numbers and text mixed (<c>1,2,1e</c>: a header, or data with a typo?), is an error that
    /// asks for <paramref name="hasHeader"/> rather than a guess. Column names are unquoted, trimmed when not quoted,
    /// and must be non-blank and different from each other (compared ordinally).
    /// </para>
    /// <para>
    /// Every problem throws a <see cref="CsvFormatException"/> whose message names <paramref name="sourceName"/> and
    /// the 1-based line, and for a bad field the 1-based column, its header name and the text found.
    /// </para>
    /// </remarks>
    /// <param name="reader">The text, read to its end.</param>
    /// <param name="sourceName">How to name the text in error messages, usually its file's path.</param>
    /// <param name="hasHeader">Whether line 1 names the columns; <see langword="null"/> to decide as described above.</param>
    /// <exception cref="CsvFormatException">
    /// The text is empty, has no data rows, line 1 is not clearly a header, a column name is blank or repeated, a row
    /// has the wrong number of fields, a quote is not closed, or a field is not a finite number.
    /// </exception>
    public static TabularDataSet ParseCsv(TextReader reader, string sourceName, bool? hasHeader = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);

        var first = reader.ReadLine();
        if (first is null || IsBlank(first))
        {
            throw StartsBlank(reader, sourceName);
        }

        // A StreamReader drops a UTF-8 byte-order mark, a StringReader over decoded text does not.
        first = first.TrimStart('\uFEFF');
        var fields = new List<string>();
        SplitFields(first, 1, sourceName, fields);
        var header = hasHeader ?? IsHeader(fields, first, sourceName);
        if (fields.Count < 2)
        {
            throw new CsvFormatException(
                header
                    ? $"{sourceName}: line 1: the header has 1 column ('{fields[0]}'), but at least 2 are needed: the features, then the target as the last column."
                    : $"{sourceName}: line 1 has 1 field, but at least 2 are needed: the features, then the target as the last column.",
                sourceName,
                1);
        }

        var names = header ? HeaderNames(fields, sourceName) : Enumerable.Range(1, fields.Count).Select(c => $"column{c}").ToArray();
        var features = new List<float>();
        var targets = new List<float>();
        var row = new float[names.Length];
        var lineNumber = header ? 1 : 0;
        var firstBlankLine = 0;
        for (var line = header ? reader.ReadLine() : first; line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (IsBlank(line))
            {
                firstBlankLine = firstBlankLine == 0 ? lineNumber : firstBlankLine;
                continue;
            }

            if (firstBlankLine != 0)
            {
                throw new CsvFormatException(
                    $"{sourceName}: line {firstBlankLine} is blank, but data follows on line {lineNumber}; only blank lines at the end are allowed.",
                    sourceName,
                    firstBlankLine);
            }

            ParseRow(line, lineNumber, names, header, sourceName, row, fields);
            features.AddRange(row.AsSpan(0, row.Length - 1));
            targets.Add(row[^1]);
        }

        if (targets.Count == 0)
        {
            throw new CsvFormatException(
                $"{sourceName}: there are no data rows, only the header ({names.Length} columns).", sourceName, 2);
        }

        return new TabularDataSet(
            Array.AsReadOnly(names[..^1]), names[^1], features.ToArray(), targets.ToArray());
    }

    private static bool IsBlank(string line) => line.AsSpan().IsWhiteSpace();

    private static bool IsNumber(string field) => float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    // The first line is missing or blank: tell an empty file from one whose header is not on line 1.
    private static CsvFormatException StartsBlank(TextReader reader, string sourceName)
    {
        var lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (!IsBlank(line))
            {
                return new CsvFormatException(
                    $"{sourceName}: line 1 is blank, but the first line must be the header row naming the columns or the first data row (the first text is on line {lineNumber}).",
                    sourceName,
                    1);
            }
        }

        return new CsvFormatException(
            $"{sourceName}: the file is empty; expected a header row naming the columns, then data rows.", sourceName, 1);
    }

    /// <summary>
    /// Decides whether line 1 names the columns when the caller did not say: only when no field is a number. A line
    /// that is all numbers, or numbers and text mixed, could be either, so it is an error that asks the caller.
    /// </summary>
    private static bool IsHeader(List<string> fields, string line, string sourceName)
    {
        // Empty fields say nothing either way (a blank name is reported as such once line 1 is read as the header).
        var numeric = new List<int>();
        var text = -1;
        for (var i = 0; i < fields.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(fields[i]))
            {
                continue;
            }

            if (IsNumber(fields[i]))
            {
                numeric.Add(i + 1);
            }
            else if (text < 0)
            {
                text = i + 1;
            }
        }

        if (numeric.Count == 0)
        {
            return true;
        }

        if (text < 0)
        {
            throw new CsvFormatException(
                $"{sourceName}: line 1 is all numbers ('{line}'), so it may be the first data row or a header of numeric column names. " +
                $"Pass hasHeader: false to read it as data (the columns are then named column1 … column{fields.Count}), or hasHeader: true to read it as the column names.",
                sourceName,
                1);
        }

        var listed = string.Join(", ", numeric.Take(3).Select(c => $"{c} ('{fields[c - 1]}')")) + (numeric.Count > 3 ? ", …" : "");
        throw new CsvFormatException(
            $"{sourceName}: line 1 mixes text and numbers: column {text} ('{fields[text - 1]}') is not a number, but column{(numeric.Count == 1 ? "" : "s")} {listed} {(numeric.Count == 1 ? "is" : "are")}. " +
            $"A header row names every column and a data row has a number in every column; pass hasHeader: true if line 1 is the header, or correct column {text} if it is data.",
            sourceName,
            1,
            text);
    }

    private static string[] HeaderNames(List<string> fields, string sourceName)
    {
        var names = fields.ToArray();
        var seen = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                throw new CsvFormatException(
                    $"{sourceName}: line 1, column {i + 1}: the column has no name; every column of the header row needs one.",
                    sourceName,
                    1,
                    i + 1);
            }

            if (!seen.TryAdd(names[i], i + 1))
            {
                throw new CsvFormatException(
                    $"{sourceName}: line 1: columns {seen[names[i]]} and {i + 1} are both named '{names[i]}'; every column needs its own name.",
                    sourceName,
                    1,
                    i + 1);
            }
        }

        return names;
    }

    /// <summary>
    /// Splits a line into its fields as RFC 4180 reads them: a field in double quotes may hold commas, and a doubled
    /// quote inside it stands for one; unquoted fields are trimmed, quoted ones keep what is between the quotes.
    /// </summary>
    private static void SplitFields(string line, int lineNumber, string sourceName, List<string> fields)
    {
        fields.Clear();
        var i = 0;
        for (var column = 1; ; column++)
        {
            var start = i;
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < line.Length && line[i] == '"')
            {
                var value = new StringBuilder();
                for (i++; ; i++)
                {
                    if (i == line.Length)
                    {
                        throw new CsvFormatException(
                            $"{sourceName}: line {lineNumber}, column {column}: the quoted field is not closed on this line (a field cannot span lines).",
                            sourceName,
                            lineNumber,
                            column);
                    }

                    if (line[i] != '"')
                    {
                        value.Append(line[i]);
                    }
                    else if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        value.Append('"');
                        i++;
                    }
                    else
                    {
                        i++;
                        break;
                    }
                }

                while (i < line.Length && line[i] is ' ' or '\t')
                {
                    i++;
                }

                if (i < line.Length && line[i] != ',')
                {
                    throw new CsvFormatException(
                        $"{sourceName}: line {lineNumber}, column {column}: text follows the closing quote; a quote inside a quoted field is written twice (\"\").",
                        sourceName,
                        lineNumber,
                        column);
                }

                fields.Add(value.ToString());
            }
            else
            {
                var comma = line.IndexOf(',', i);
                i = comma < 0 ? line.Length : comma;
                fields.Add(line[start..i].Trim());
            }

            if (i == line.Length)
            {
                return;
            }

            i++; // the comma
        }
    }

    private static void ParseRow(string line, int lineNumber, string[] names, bool header, string sourceName, float[] row, List<string> fields)
    {
        // Quotes are rare in numeric data: lines without any take the allocation-free path.
        var quoted = line.Contains('"', StringComparison.Ordinal);
        if (quoted)
        {
            SplitFields(line, lineNumber, sourceName, fields);
        }

        var fieldCount = quoted ? fields.Count : line.AsSpan().Count(',') + 1;
        if (fieldCount != names.Length)
        {
            throw new CsvFormatException(
                $"{sourceName}: line {lineNumber} has {fieldCount} fields, but {(header ? "the header has" : "line 1 has")} {names.Length} columns.",
                sourceName,
                lineNumber);
        }

        var rest = line.AsSpan();
        for (var column = 0; column < names.Length; column++)
        {
            ReadOnlySpan<char> field;
            if (quoted)
            {
                field = fields[column];
            }
            else
            {
                var comma = rest.IndexOf(',');
                field = comma < 0 ? rest : rest[..comma];
                rest = comma < 0 ? default : rest[(comma + 1)..];
            }

            var parsed = float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value);
            if (!parsed || !float.IsFinite(value))
            {
                var problem = field.IsWhiteSpace() ? "expected a number but found an empty field"
                    : parsed ? $"expected a finite number but found '{field.ToString()}'"
                    : $"expected a number but found '{field.ToString()}'";
                throw new CsvFormatException(
                    $"{sourceName}: line {lineNumber}, column {column + 1} ({names[column]}): {problem}.",
                    sourceName,
                    lineNumber,
                    column + 1);
            }

            row[column] = value;
        }
    }
}
