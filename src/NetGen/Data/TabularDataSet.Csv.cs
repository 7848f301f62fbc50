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
    /// whether line 1 names the columns, are described at <see cref="ParseCsv(TextReader, string, bool?)"/>. A gzip file must be whole: each
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
    /// <exception cref="CsvFormatException">The content is not a valid numeric CSV table (see <see cref="ParseCsv(TextReader, string, bool?)"/>).</exception>
    /// <exception cref="InvalidDataException">A <c>.gz</c> file is not gzip data, or is truncated or corrupt.</exception>
    public static TabularDataSet LoadCsv(string path, bool? hasHeader = null) => Load(path, hasHeader, null, null, null);

    /// <summary>
    /// Reads a CSV file whose target is the column named <paramref name="targetColumn"/> (anywhere in the row); every
    /// other column is a feature. As <see cref="LoadCsv(string, bool?)"/> otherwise.
    /// </summary>
    /// <remarks>
    /// A target column of names (<c>setosa</c>, …) is read as class labels (<see cref="ClassNames"/>): give the
    /// training set's <see cref="ClassNames"/> as <paramref name="classNames"/> when loading a test set, so that each
    /// name has the same class number even when a class is missing from the test set.
    /// </remarks>
    /// <param name="path">The file's path.</param>
    /// <param name="targetColumn">The name of the target column in the header (with <paramref name="hasHeader"/> <see langword="false"/>: <c>column1</c> … <c>columnN</c>).</param>
    /// <param name="hasHeader">As in <see cref="LoadCsv(string, bool?)"/>.</param>
    /// <param name="classNames">The known classes, in class-number order: each label must be one of them. <see langword="null"/> to take the labels found, sorted.</param>
    /// <exception cref="ArgumentException">The file has no column named <paramref name="targetColumn"/> (the message lists its columns), or <paramref name="path"/> names a directory.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CsvFormatException">The content is not a valid CSV table (see <see cref="ParseCsv(TextReader, string, bool?)"/>), or a label is not one of <paramref name="classNames"/>.</exception>
    /// <exception cref="InvalidDataException">A <c>.gz</c> file is not gzip data, or is truncated or corrupt.</exception>
    public static TabularDataSet LoadCsv(string path, string targetColumn, bool? hasHeader = null, IReadOnlyList<string>? classNames = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetColumn);
        return Load(path, hasHeader, [targetColumn], nameof(targetColumn), classNames);
    }

    /// <summary>
    /// Reads a CSV file with several target columns, for a network with one output per target (multi-output
    /// regression); every other column is a feature. The targets of a row are in the order of <paramref name="targetColumns"/>.
    /// </summary>
    /// <param name="path">The file's path.</param>
    /// <param name="targetColumns">The names of the target columns, at least one, each once.</param>
    /// <param name="hasHeader">As in <see cref="LoadCsv(string, bool?)"/>.</param>
    /// <exception cref="ArgumentException">A name is not a column of the file (the message lists its columns), is repeated, or every column would be a target.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CsvFormatException">The content is not a valid CSV table; class labels are allowed in a single target column only.</exception>
    /// <exception cref="InvalidDataException">A <c>.gz</c> file is not gzip data, or is truncated or corrupt.</exception>
    public static TabularDataSet LoadCsv(string path, IReadOnlyList<string> targetColumns, bool? hasHeader = null)
    {
        ArgumentNullException.ThrowIfNull(targetColumns);
        return Load(path, hasHeader, targetColumns, nameof(targetColumns), null);
    }

    private static TabularDataSet Load(string path, bool? hasHeader, IReadOnlyList<string>? targetColumns, string? targetArgument, IReadOnlyList<string>? classNames)
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
            return Parse(reader, path, hasHeader, targetColumns, targetArgument, classNames);
        }

        using var gzip = new VerifiedGZipStream(file, path);
        using var decompressed = new StreamReader(gzip, Encoding.UTF8);
        return Parse(decompressed, path, hasHeader, targetColumns, targetArgument, classNames);
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
    public static TabularDataSet ParseCsv(TextReader reader, string sourceName, bool? hasHeader = null) =>
        Parse(reader, sourceName, hasHeader, null, null, null);

    /// <summary>Parses a CSV table whose target is the column named <paramref name="targetColumn"/>.</summary>
    /// <remarks>As <see cref="LoadCsv(string, string, bool?, IReadOnlyList{string})"/>, from text.</remarks>
    /// <param name="reader">The text, read to its end.</param>
    /// <param name="sourceName">How to name the text in error messages, usually its file's path.</param>
    /// <param name="targetColumn">The name of the target column.</param>
    /// <param name="hasHeader">Whether line 1 names the columns; <see langword="null"/> to decide as <see cref="ParseCsv(TextReader, string, bool?)"/> says.</param>
    /// <param name="classNames">The known classes, in class-number order, or <see langword="null"/> to take the labels found, sorted.</param>
    /// <exception cref="ArgumentException">There is no column named <paramref name="targetColumn"/>; the message lists the columns.</exception>
    /// <exception cref="CsvFormatException">As <see cref="ParseCsv(TextReader, string, bool?)"/>, or a label is not one of <paramref name="classNames"/>.</exception>
    public static TabularDataSet ParseCsv(TextReader reader, string sourceName, string targetColumn, bool? hasHeader = null, IReadOnlyList<string>? classNames = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetColumn);
        return Parse(reader, sourceName, hasHeader, [targetColumn], nameof(targetColumn), classNames);
    }

    /// <summary>Parses a CSV table with several target columns (multi-output regression).</summary>
    /// <remarks>As <see cref="LoadCsv(string, IReadOnlyList{string}, bool?)"/>, from text.</remarks>
    /// <param name="reader">The text, read to its end.</param>
    /// <param name="sourceName">How to name the text in error messages, usually its file's path.</param>
    /// <param name="targetColumns">The names of the target columns, at least one, each once.</param>
    /// <param name="hasHeader">Whether line 1 names the columns; <see langword="null"/> to decide as <see cref="ParseCsv(TextReader, string, bool?)"/> says.</param>
    /// <exception cref="ArgumentException">A name is not a column (the message lists the columns), is repeated, or every column would be a target.</exception>
    /// <exception cref="CsvFormatException">As <see cref="ParseCsv(TextReader, string, bool?)"/>; class labels are allowed in a single target column only.</exception>
    public static TabularDataSet ParseCsv(TextReader reader, string sourceName, IReadOnlyList<string> targetColumns, bool? hasHeader = null)
    {
        ArgumentNullException.ThrowIfNull(targetColumns);
        return Parse(reader, sourceName, hasHeader, targetColumns, nameof(targetColumns), null);
    }

    private static TabularDataSet Parse(TextReader reader, string sourceName, bool? hasHeader, IReadOnlyList<string>? targetColumns, string? targetArgument, IReadOnlyList<string>? classNames)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (classNames is not null)
        {
            Evaluation.ClassNameList.Require(classNames, nameof(classNames));
        }

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
        var targetIndexes = TargetIndexes(names, targetColumns, targetArgument, sourceName);
        var isTarget = new bool[names.Length];
        foreach (var index in targetIndexes)
        {
            isTarget[index] = true;
        }

        var features = new List<float>();
        var targetTexts = new List<string>();
        var lineNumbers = new List<int>();
        var row = new float[names.Length];
        var rowTexts = new string[names.Length];
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

            ParseRow(line, lineNumber, names, header, sourceName, row, fields, isTarget, rowTexts);
            foreach (var index in targetIndexes)
            {
                targetTexts.Add(rowTexts[index]);
            }

            for (var column = 0; column < names.Length; column++)
            {
                if (!isTarget[column])
                {
                    features.Add(row[column]);
                }
            }

            lineNumbers.Add(lineNumber);
        }

        if (lineNumbers.Count == 0)
        {
            throw new CsvFormatException(
                $"{sourceName}: there are no data rows, only the header ({names.Length} columns).", sourceName, 2);
        }

        var (targets, foundClassNames) = ReadTargets(targetTexts, targetIndexes, names, lineNumbers, sourceName, classNames);
        return new TabularDataSet(
            Enumerable.Range(0, names.Length).Where(c => !isTarget[c]).Select(c => names[c]).ToArray(),
            targetIndexes.Select(c => names[c]).ToArray(),
            features.ToArray(),
            targets,
            foundClassNames);
    }

    /// <summary>
    /// A target column with numbers and text: the rarer kind is the mistake. A name among numbers reads as a typo in a
    /// number (the message of a bad feature value); a number among names as a stray value in a column of labels.
    /// </summary>
    private static CsvFormatException MixedTargetColumn(List<string> texts, int width, int target, int column, string[] names, List<int> lineNumbers, string sourceName)
    {
        int numbers = 0, firstNumber = -1, firstText = -1;
        for (var r = 0; r < lineNumbers.Count; r++)
        {
            if (IsNumber(texts[(r * width) + target]))
            {
                numbers++;
                firstNumber = firstNumber < 0 ? r : firstNumber;
            }
            else
            {
                firstText = firstText < 0 ? r : firstText;
            }
        }

        var where = $"{sourceName}: line {{0}}, column {column + 1} ({names[column]})";
        if (numbers * 2 >= lineNumbers.Count)
        {
            return new CsvFormatException(
                $"{string.Format(CultureInfo.InvariantCulture, where, lineNumbers[firstText])}: expected a number but found '{texts[(firstText * width) + target]}'.",
                sourceName,
                lineNumbers[firstText],
                column + 1);
        }

        return new CsvFormatException(
            $"{string.Format(CultureInfo.InvariantCulture, where, lineNumbers[firstNumber])}: found the number '{texts[(firstNumber * width) + target]}' in a column of class labels (such as '{texts[(firstText * width) + target]}' on line {lineNumbers[firstText]}); a column of class labels holds names only.",
            sourceName,
            lineNumbers[firstNumber],
            column + 1);
    }

    /// <summary>The column index of each target: the last column by default, else each named one, in the order named.</summary>
    private static int[] TargetIndexes(string[] names, IReadOnlyList<string>? targetColumns, string? targetArgument, string sourceName)
    {
        if (targetColumns is null)
        {
            return [names.Length - 1];
        }

        if (targetColumns.Count == 0)
        {
            throw new ArgumentException("Expected at least one target column name, but got none.", targetArgument);
        }

        var indexes = new int[targetColumns.Count];
        for (var t = 0; t < targetColumns.Count; t++)
        {
            indexes[t] = Array.IndexOf(names, targetColumns[t]);
            if (indexes[t] < 0)
            {
                throw new ArgumentException(
                    $"{sourceName} has no column named '{targetColumns[t]}'; its columns are '{string.Join("', '", names)}'.", targetArgument);
            }

            if (Array.IndexOf(indexes, indexes[t], 0, t) >= 0)
            {
                throw new ArgumentException($"The target column '{targetColumns[t]}' is named twice; name each target column once.", targetArgument);
            }
        }

        if (indexes.Length == names.Length)
        {
            throw new ArgumentException(
                $"Every column of {sourceName} would be a target ('{string.Join("', '", names)}'); at least one must be left as a feature.", targetArgument);
        }

        return indexes;
    }

    /// <summary>
    /// The target values, row-major in the order of <paramref name="targetIndexes"/>: numbers as written, or, for a
    /// column of names, each name's index among the class names (given, or the names found in ordinal sorted order).
    /// </summary>
    private static (float[] Targets, string[]? ClassNames) ReadTargets(
        List<string> texts, int[] targetIndexes, string[] names, List<int> lineNumbers, string sourceName, IReadOnlyList<string>? classNames)
    {
        var width = targetIndexes.Length;
        var targets = new float[texts.Count];
        string[]? foundClassNames = null;
        for (var t = 0; t < width; t++)
        {
            var column = targetIndexes[t];
            int firstNumber = -1, firstText = -1;
            for (var r = 0; r < lineNumbers.Count; r++)
            {
                var text = texts[(r * width) + t];
                if (text.Length == 0)
                {
                    throw new CsvFormatException(
                        $"{sourceName}: line {lineNumbers[r]}, column {column + 1} ({names[column]}): expected a number or a class label but found an empty field.",
                        sourceName,
                        lineNumbers[r],
                        column + 1);
                }

                if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    if (!float.IsFinite(value))
                    {
                        throw new CsvFormatException(
                            $"{sourceName}: line {lineNumbers[r]}, column {column + 1} ({names[column]}): expected a finite number but found '{text}'.",
                            sourceName,
                            lineNumbers[r],
                            column + 1);
                    }

                    firstNumber = firstNumber < 0 ? r : firstNumber;
                    targets[(r * width) + t] = value;
                }
                else
                {
                    firstText = firstText < 0 ? r : firstText;
                }
            }

            if (classNames is null && firstText < 0)
            {
                continue;
            }

            if (classNames is null && firstNumber >= 0)
            {
                throw MixedTargetColumn(texts, width, t, column, names, lineNumbers, sourceName);
            }

            var labelRow = firstText >= 0 ? firstText : 0;
            if (width > 1)
            {
                throw new CsvFormatException(
                    $"{sourceName}: column {column + 1} ({names[column]}) holds class labels ('{texts[(labelRow * width) + t]}' on line {lineNumbers[labelRow]}), but class labels need a single target column and {width} were chosen.",
                    sourceName,
                    lineNumbers[labelRow],
                    column + 1);
            }

            foundClassNames = classNames?.ToArray() ?? texts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            if (foundClassNames.Length < 2)
            {
                throw new CsvFormatException(
                    $"{sourceName}: line {lineNumbers[0]}, column {column + 1} ({names[column]}): '{foundClassNames[0]}' is the only class label in the column, but classification needs at least 2 classes. When the data holds fewer classes than the problem, pass the training set's ClassNames as classNames.",
                    sourceName,
                    lineNumbers[0],
                    column + 1);
            }

            var index = new Dictionary<string, int>(foundClassNames.Length, StringComparer.Ordinal);
            for (var c = 0; c < foundClassNames.Length; c++)
            {
                index[foundClassNames[c]] = c;
            }

            for (var r = 0; r < lineNumbers.Count; r++)
            {
                if (!index.TryGetValue(texts[r], out var classNumber))
                {
                    throw new CsvFormatException(
                        $"{sourceName}: line {lineNumbers[r]}, column {column + 1} ({names[column]}): '{texts[r]}' is not one of the {foundClassNames.Length} class names ('{string.Join("', '", foundClassNames)}').",
                        sourceName,
                        lineNumbers[r],
                        column + 1);
                }

                targets[r] = classNumber;
            }
        }

        return (targets, foundClassNames);
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
        var textCount = 0;
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
            else
            {
                text = text < 0 ? i + 1 : text;
                textCount++;
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
            (textCount == 1
                ? $"A header row names every column and a data row has numbers, except for a class label in its target column; pass hasHeader: true if line 1 is the header, hasHeader: false if it is data whose column {text} is a class label, or correct column {text} if it is a mistyped number."
                : $"A header row names every column and a data row has a number in every column; pass hasHeader: true if line 1 is the header, or correct column {text} if it is data."),
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

    private static void ParseRow(string line, int lineNumber, string[] names, bool header, string sourceName, float[] row, List<string> fields, bool[] isTarget, string[] rowTexts)
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

            if (isTarget[column])
            {
                // Numbers or class labels: decided once the whole column is read.
                rowTexts[column] = field.Trim().ToString();
                continue;
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
