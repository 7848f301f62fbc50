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
/// A numeric table in memory: <see cref="Count"/> rows (at least one), each with <see cref="FeatureCount"/> features and
/// one target, every value finite, as read from a CSV file whose last column is the target.
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
public sealed partial class TabularDataSet
{
    private readonly ReadOnlyCollection<string> _featureNames;

    /// <summary>Creates a data set over existing arrays (which it keeps, not copies).</summary>
    /// <remarks>
    /// The same rules as <see cref="LoadCsv"/>: at least one feature and one row, every column with its own non-blank
    /// name, every value a finite number. The values are checked once, here; changing the arrays afterwards is the
    /// caller's responsibility.
    /// </remarks>
    /// <param name="featureNames">The names of the feature columns, at least one; each non-blank and different from the others and from <paramref name="targetName"/>.</param>
    /// <param name="targetName">The name of the target column; not blank.</param>
    /// <param name="features">The features, <c>targets.Length × featureNames.Count</c> finite values, rows row-major.</param>
    /// <param name="targets">The target of each row, at least one; finite.</param>
    /// <exception cref="ArgumentException">
    /// There are no feature names or no rows, a name is blank or repeated, <paramref name="features"/> does not hold one
    /// row per target, or a value is NaN or infinite (the message names its row and column).
    /// </exception>
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

        ColumnNames.Require(featureNames, targetName);
        if (targets.Length == 0)
        {
            throw new ArgumentException("A data set needs at least one row, but there are no targets.", nameof(targets));
        }

        var expected = (long)targets.Length * featureNames.Count;
        if (features.Length != expected)
        {
            throw new ArgumentException(
                $"Expected {expected} feature values ({targets.Length} rows × {featureNames.Count} features), but got {features.Length}.",
                nameof(features));
        }

        RequireFinite(features, featureNames, nameof(features));
        RequireFinite(targets, [targetName], nameof(targets));
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
    /// <param name="indices">Row numbers, at least one, each in [0, <see cref="Count"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="indices"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, <see cref="Count"/>).</exception>
    public TabularDataSet Subset(ReadOnlySpan<int> indices)
    {
        if (indices.IsEmpty)
        {
            throw new ArgumentException("A data set needs at least one row, but no indices were given.", nameof(indices));
        }

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

    private static void RequireFinite(float[] values, IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                var column = i % columns.Count;
                throw new ArgumentException(
                    $"Row {i / columns.Count}, column {column} ('{columns[column]}') of {name} (0-based) is {values[i].ToString(CultureInfo.InvariantCulture)}; every value must be a finite number.",
                    name);
            }
        }
    }
}
