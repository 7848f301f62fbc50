using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace NetGen.Data;

/// <summary>
/// A numeric table in memory: <see cref="Count"/> rows, each with <see cref="FeatureCount"/> features and one target,
/// as read from a CSV file whose last column is the target.
/// </summary>
/// <remarks>
/// <para>
/// Values are <see cref="float"/>, the precision networks use by default, so <see cref="Features"/> (rows
/// row-major, the layout <see cref="IPredictor{T}.Predict"/> and <see cref="INetwork{T}.TrainStep"/> take) goes to a
/// network without conversion. <see cref="Targets"/> is the raw target column: pass it as-is to a network with one
/// output (regression, binary classification), or expand class numbers with <see cref="OneHot"/>.
/// </para>
/// <para>
/// The arrays are the storage, not copies. Nothing in <see cref="NetGen.Data"/> changes them: <see cref="Subset"/>
/// and <see cref="Standardizer.Transform(TabularDataSet)"/> return new data sets.
/// </para>
/// </remarks>
public sealed class TabularDataSet
{
    private readonly ReadOnlyCollection<string> _featureNames;

    /// <summary>Creates a data set over existing arrays (which it keeps, not copies).</summary>
    /// <param name="featureNames">The names of the feature columns, at least one.</param>
    /// <param name="targetName">The name of the target column.</param>
    /// <param name="features">The features, <c>targets.Length × featureNames.Count</c> values, rows row-major.</param>
    /// <param name="targets">The target of each row.</param>
    /// <exception cref="ArgumentException">There are no feature names, or <paramref name="features"/> does not hold one row per target.</exception>
    public TabularDataSet(IReadOnlyList<string> featureNames, string targetName, float[] features, float[] targets)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(targetName);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (featureNames.Count == 0)
        {
            throw new ArgumentException("A data set needs at least one feature column.", nameof(featureNames));
        }

        var expected = (long)targets.Length * featureNames.Count;
        if (features.Length != expected)
        {
            throw new ArgumentException(
                $"Expected {expected} feature values ({targets.Length} rows × {featureNames.Count} features), but got {features.Length}.",
                nameof(features));
        }

        _featureNames = Array.AsReadOnly([.. featureNames]);
        TargetName = targetName;
        Features = features;
        Targets = targets;
    }

    // For data sets derived from this one: the names are already a private read-only copy.
    private TabularDataSet(ReadOnlyCollection<string> featureNames, string targetName, float[] features, float[] targets)
    {
        _featureNames = featureNames;
        TargetName = targetName;
        Features = features;
        Targets = targets;
    }

    /// <summary>The names of the feature columns, in order (the CSV header without its last column).</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames;

    /// <summary>The name of the target column (the CSV header's last column).</summary>
    public string TargetName { get; }

    /// <summary>The features: <see cref="Count"/> rows of <see cref="FeatureCount"/> values, row-major.</summary>
    public float[] Features { get; }

    /// <summary>The raw target of each row.</summary>
    public float[] Targets { get; }

    /// <summary>The number of features of each row.</summary>
    public int FeatureCount => _featureNames.Count;

    /// <summary>The number of rows.</summary>
    public int Count => Targets.Length;

    /// <summary>Reads a CSV file; a name ending in <c>.gz</c> (such as <c>train.csv.gz</c>) is decompressed with gzip first.</summary>
    /// <remarks>The text is UTF-8 (a byte-order mark is skipped). The format is described at <see cref="ParseCsv"/>.</remarks>
    /// <param name="path">The file's path.</param>
    /// <exception cref="FileNotFoundException">The file does not exist; the message gives its full path.</exception>
    /// <exception cref="CsvFormatException">The content is not a valid numeric CSV table (see <see cref="ParseCsv"/>).</exception>
    /// <exception cref="InvalidDataException">A <c>.gz</c> file is not valid gzip data.</exception>
    public static TabularDataSet LoadCsv(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);

        // File.Exists also covers a missing directory, which File.OpenRead would report as DirectoryNotFoundException.
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The data file '{Path.GetFullPath(path)}' does not exist.", path);
        }

        using var file = File.OpenRead(path);
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = new StreamReader(file, Encoding.UTF8);
            return ParseCsv(reader, path);
        }

        try
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            return ParseCsv(reader, path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: not a valid gzip file ({e.Message})", e);
        }
    }

    /// <summary>Parses a numeric CSV table.</summary>
    /// <remarks>
    /// <para>
    /// The format: line 1 is a header naming the columns, at least two; every following line is a data row with
    /// exactly as many comma-separated fields. Every field is a finite number in the invariant culture (<c>1.5</c>,
    /// <c>-2</c>, <c>3e-4</c>; surrounding spaces allowed); quoting, missing values, <c>NaN</c> and infinities are not
    /// supported. The last column is the target, the others are features. Blank lines at the end are ignored; a
    /// blank line followed by more data is an error, since it usually means a file was cut or concatenated.
    /// </para>
    /// <para>
    /// Every problem throws a <see cref="CsvFormatException"/> whose message names <paramref name="sourceName"/> and
    /// the 1-based line, and for a bad value the 1-based column, its header name and the text found.
    /// </para>
    /// </remarks>
    /// <param name="reader">The text, read to its end.</param>
    /// <param name="sourceName">How to name the text in error messages, usually its file's path.</param>
    /// <exception cref="CsvFormatException">The text is empty, has no header or no data rows, a row has the wrong number of fields, or a field is not a finite number.</exception>
    public static TabularDataSet ParseCsv(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);

        var header = reader.ReadLine();
        if (header is null || IsBlank(header))
        {
            throw StartsBlank(reader, sourceName);
        }

        var names = ParseHeader(header, sourceName);
        var features = new List<float>();
        var targets = new List<float>();
        var row = new float[names.Length];
        var lineNumber = 1;
        var firstBlankLine = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
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

            ParseRow(line, lineNumber, names, sourceName, row);
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

    /// <summary>Expands integer class numbers in <see cref="Targets"/> into one-hot rows, for a softmax output layer.</summary>
    /// <remarks>Row <c>i</c> of the result is all zeros except a 1 at column <c>Targets[i]</c>.</remarks>
    /// <param name="classCount">The number of classes, the network's output count.</param>
    /// <returns>A new array of <see cref="Count"/> rows of <paramref name="classCount"/> values, row-major.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A target is not an integer in [0, <paramref name="classCount"/>); the message gives its row.</exception>
    public float[] OneHot(int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);

        var result = new float[checked(Count * classCount)];
        for (var i = 0; i < Targets.Length; i++)
        {
            var target = Targets[i];
            if (!(target >= 0 && target < classCount) || target != MathF.Floor(target))
            {
                throw new ArgumentException(
                    $"Row {i} (0-based) has {TargetName} = {target.ToString(CultureInfo.InvariantCulture)}, which is not a class number: an integer in [0, {classCount}).",
                    nameof(classCount));
            }

            result[(i * classCount) + (int)target] = 1f;
        }

        return result;
    }

    /// <summary>Returns a new data set with the rows at <paramref name="indices"/>, in that order (an index may repeat).</summary>
    /// <param name="indices">Row numbers, each in [0, <see cref="Count"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, <see cref="Count"/>).</exception>
    public TabularDataSet Subset(ReadOnlySpan<int> indices)
    {
        var features = new float[checked(indices.Length * FeatureCount)];
        var targets = new float[indices.Length];
        MiniBatch.Gather(Features, FeatureCount, indices, features);
        MiniBatch.Gather(Targets, 1, indices, targets);
        return new TabularDataSet(_featureNames, TargetName, features, targets);
    }

    /// <summary>
    /// Splits the rows at random into a training and a validation set, from <paramref name="seed"/> (the same seed
    /// gives the same split). With <paramref name="stratify"/>, each target value is split in the same proportion,
    /// as scikit-learn's <c>train_test_split(stratify=y)</c>; use it for classification. Both parts keep the rows'
    /// original order.
    /// </summary>
    /// <param name="validationFraction">The share of rows for validation, in (0, 1); each part keeps at least one row.</param>
    /// <param name="seed">The seed of the random assignment.</param>
    /// <param name="stratify">Whether to split each target value separately.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validationFraction"/> is not in (0, 1).</exception>
    /// <exception cref="InvalidOperationException">The data set has fewer than two rows.</exception>
    public (TabularDataSet Training, TabularDataSet Validation) Split(double validationFraction, int seed, bool stratify = false)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must be in (0, 1).");
        }

        if (Count < 2)
        {
            throw new InvalidOperationException($"Splitting needs at least 2 rows, but the data set has {Count}.");
        }

        var random = new DeterministicRandom(unchecked((ulong)(long)seed));
        var isValidation = new bool[Count];
        var groups = stratify
            ? Enumerable.Range(0, Count).GroupBy(i => Targets[i]).OrderBy(g => g.Key).Select(g => g.ToArray())
            : new[] { Enumerable.Range(0, Count).ToArray() };
        foreach (var group in groups)
        {
            random.Shuffle<int>(group);
            var take = (int)Math.Round(validationFraction * group.Length, MidpointRounding.AwayFromZero);
            for (var k = 0; k < take; k++)
            {
                isValidation[group[k]] = true;
            }
        }

        // Neither part may end up empty.
        if (Array.TrueForAll(isValidation, v => v))
        {
            isValidation[random.NextInt(Count)] = false;
        }
        else if (!Array.Exists(isValidation, v => v))
        {
            isValidation[random.NextInt(Count)] = true;
        }

        var training = Enumerable.Range(0, Count).Where(i => !isValidation[i]).ToArray();
        var validation = Enumerable.Range(0, Count).Where(i => isValidation[i]).ToArray();
        return (Subset(training), Subset(validation));
    }

    /// <summary>Returns a data set with the same columns and new values, for transforms such as <see cref="Standardizer"/>.</summary>
    internal TabularDataSet WithValues(float[] features, float[] targets) => new(_featureNames, TargetName, features, targets);

    private static bool IsBlank(string line) => line.AsSpan().IsWhiteSpace();

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
                    $"{sourceName}: line 1 is blank, but the first line must be the header row naming the columns (the first text is on line {lineNumber}).",
                    sourceName,
                    1);
            }
        }

        return new CsvFormatException(
            $"{sourceName}: the file is empty; expected a header row naming the columns, then data rows.", sourceName, 1);
    }

    private static string[] ParseHeader(string header, string sourceName)
    {
        // A StreamReader drops a UTF-8 byte-order mark, a StringReader over decoded text does not.
        var names = header.TrimStart('\uFEFF').Split(',');
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = names[i].Trim();
        }

        if (names.Length < 2)
        {
            throw new CsvFormatException(
                $"{sourceName}: line 1: the header has 1 column ('{names[0]}'), but at least 2 are needed: the features, then the target as the last column.",
                sourceName,
                1);
        }

        if (Array.TrueForAll(names, name => float.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            throw new CsvFormatException(
                $"{sourceName}: line 1 is all numbers ('{header}'), but it must be the header row naming the columns.",
                sourceName,
                1);
        }

        return names;
    }

    private static void ParseRow(string line, int lineNumber, string[] names, string sourceName, float[] row)
    {
        var fieldCount = line.AsSpan().Count(',') + 1;
        if (fieldCount != names.Length)
        {
            throw new CsvFormatException(
                $"{sourceName}: line {lineNumber} has {fieldCount} fields, but the header has {names.Length} columns.",
                sourceName,
                lineNumber);
        }

        var rest = line.AsSpan();
        for (var column = 0; column < names.Length; column++)
        {
            var comma = rest.IndexOf(',');
            var field = comma < 0 ? rest : rest[..comma];
            rest = comma < 0 ? default : rest[(comma + 1)..];

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
