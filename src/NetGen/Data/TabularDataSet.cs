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
/// <see cref="TargetCount"/> targets (one unless several target columns were chosen), every value finite, as read from
/// a CSV file whose target is its last column or the columns named when loading.
/// </summary>
/// <remarks>
/// <para>
/// Values are <see cref="float"/>, the precision networks use by default, so <see cref="Features"/> (rows
/// row-major, the layout <see cref="IPredictor{T}.Predict"/> and <see cref="INetwork{T}.TrainStep"/> take) goes to a
/// network without conversion. <see cref="Targets"/> is the raw target column: pass it as-is to a network with one
/// output (regression, binary classification), or expand class numbers with <see cref="OneHot"/>.
/// <see cref="Training.TrainingData.ForClassification{T}(TabularDataSet)"/> and
/// <see cref="Training.TrainingData.ForRegression{T}(TabularDataSet)"/> make training data of either precision.
/// </para>
/// <para>
/// <b>Class labels.</b> A target column of names (<c>setosa</c>, <c>versicolor</c>, …) is read as class numbers:
/// <see cref="ClassNames"/> lists the names in ordinal (culture-independent) sorted order, as scikit-learn's
/// <c>LabelEncoder</c> sorts them, and each target is its name's index there. A column of numbers stays numbers
/// (<see cref="ClassNames"/> is then <see langword="null"/>).
/// </para>
/// <para>
/// The arrays are the storage, not copies. Nothing in <see cref="NetGen.Data"/> changes them: <see cref="Subset"/>
/// and <see cref="Standardizer.Transform(TabularDataSet)"/> return new data sets.
/// </para>
/// </remarks>
public sealed partial class TabularDataSet
{
    private readonly ReadOnlyCollection<string> _featureNames;
    private readonly ReadOnlyCollection<string> _targetNames;
    private readonly ReadOnlyCollection<string>? _classNames;

    /// <summary>Creates a data set over existing arrays (which it keeps, not copies).</summary>
    /// <remarks>
    /// The same rules as <see cref="LoadCsv(string, bool?)"/>: at least one feature and one row, every column with its own non-blank
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
        : this(featureNames, [targetName ?? throw new ArgumentNullException(nameof(targetName))], features, targets, classNames: null)
    {
    }

    /// <summary>
    /// Creates a data set with one or more target columns over existing arrays (which it keeps, not copies), and the
    /// names of the classes when the targets are class numbers.
    /// </summary>
    /// <remarks>The rules of the other constructor, and: with <paramref name="classNames"/>, there is one target column and each target is a class number in [0, <c>classNames.Count</c>).</remarks>
    /// <param name="featureNames">The names of the feature columns, at least one; each non-blank and different from the others and from the targets'.</param>
    /// <param name="targetNames">The names of the target columns, at least one; each non-blank and different from the others.</param>
    /// <param name="features">The features, <c>Count × featureNames.Count</c> finite values, rows row-major.</param>
    /// <param name="targets">The targets, <c>Count × targetNames.Count</c> finite values, rows row-major, at least one row.</param>
    /// <param name="classNames">The name of each class in class-number order (at least 2, distinct, non-blank), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">
    /// There are no feature or target names or no rows, a name is blank or repeated, the arrays do not hold the same
    /// number of whole rows, a value is NaN or infinite (the message names its row and column), or a target is not a
    /// class number of <paramref name="classNames"/>.
    /// </exception>
    public TabularDataSet(IReadOnlyList<string> featureNames, IReadOnlyList<string> targetNames, float[] features, float[] targets, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(targetNames);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (featureNames.Count == 0)
        {
            throw new ArgumentException("A data set needs at least one feature column.", nameof(featureNames));
        }

        if (targetNames.Count == 0)
        {
            throw new ArgumentException("A data set needs at least one target column.", nameof(targetNames));
        }

        ColumnNames.Require(featureNames, targetNames);
        if (targets.Length == 0)
        {
            throw new ArgumentException("A data set needs at least one row, but there are no targets.", nameof(targets));
        }

        if (targets.Length % targetNames.Count != 0)
        {
            throw new ArgumentException(
                $"Expected whole rows of {targetNames.Count} targets, but got {targets.Length} values.", nameof(targets));
        }

        var rows = targets.Length / targetNames.Count;
        var expected = (long)rows * featureNames.Count;
        if (features.Length != expected)
        {
            throw new ArgumentException(
                $"Expected {expected} feature values ({rows} rows × {featureNames.Count} features), but got {features.Length}.",
                nameof(features));
        }

        RequireFinite(features, featureNames, nameof(features));
        RequireFinite(targets, targetNames, nameof(targets));
        if (classNames is not null)
        {
            _classNames = Evaluation.ClassNameList.Require(classNames, nameof(classNames));
            if (targetNames.Count != 1)
            {
                throw new ArgumentException($"Class names need one target column, but there are {targetNames.Count}.", nameof(classNames));
            }

            for (var i = 0; i < targets.Length; i++)
            {
                if (!(targets[i] >= 0 && targets[i] < classNames.Count) || targets[i] != MathF.Floor(targets[i]))
                {
                    throw new ArgumentException(
                        $"Row {i} (0-based) has target {targets[i].ToString(CultureInfo.InvariantCulture)}, which is not a class number of the {classNames.Count} class names: an integer in [0, {classNames.Count}).",
                        nameof(targets));
                }
            }
        }

        _featureNames = Array.AsReadOnly([.. featureNames]);
        _targetNames = Array.AsReadOnly([.. targetNames]);
        Features = features;
        Targets = targets;
    }

    // For data sets derived from this one: the names are already private read-only copies.
    private TabularDataSet(ReadOnlyCollection<string> featureNames, ReadOnlyCollection<string> targetNames, ReadOnlyCollection<string>? classNames, float[] features, float[] targets)
    {
        _featureNames = featureNames;
        _targetNames = targetNames;
        _classNames = classNames;
        Features = features;
        Targets = targets;
    }

    /// <summary>The names of the feature columns, in order (the CSV header without its target columns).</summary>
    public IReadOnlyList<string> FeatureNames => _featureNames;

    /// <summary>The name of the target column (by default the CSV header's last column).</summary>
    /// <exception cref="InvalidOperationException">The data set has several target columns; use <see cref="TargetNames"/>.</exception>
    public string TargetName => _targetNames.Count == 1
        ? _targetNames[0]
        : throw new InvalidOperationException($"The data set has {_targetNames.Count} target columns ('{string.Join("', '", _targetNames)}'); use TargetNames.");

    /// <summary>The names of the target columns, in the order their values have in each row of <see cref="Targets"/>.</summary>
    public IReadOnlyList<string> TargetNames => _targetNames;

    /// <summary>The number of target columns (values per row of <see cref="Targets"/>).</summary>
    public int TargetCount => _targetNames.Count;

    /// <summary>
    /// The class names of a target column of labels, in ordinal sorted order: target <c>k</c> is class
    /// <c>ClassNames[k]</c>. <see langword="null"/> when the targets are numbers as written in the file.
    /// </summary>
    public IReadOnlyList<string>? ClassNames => _classNames;

    /// <summary>The features: <see cref="Count"/> rows of <see cref="FeatureCount"/> values, row-major.</summary>
    public float[] Features { get; }

    /// <summary>The targets: <see cref="Count"/> rows of <see cref="TargetCount"/> values (class numbers for labels), row-major.</summary>
    public float[] Targets { get; }

    /// <summary>The number of features of each row.</summary>
    public int FeatureCount => _featureNames.Count;

    /// <summary>The number of rows.</summary>
    public int Count => Targets.Length / _targetNames.Count;

    /// <summary>
    /// The name of the class a prediction stands for: one output is binary (class 1 at 0.5 or more), several are
    /// scores or probabilities of each class (the arg-max, the first on a tie).
    /// </summary>
    /// <param name="prediction">One row of a network's outputs.</param>
    /// <returns>The class's name from <see cref="ClassNames"/>, or its number as text when the classes have no names.</returns>
    /// <exception cref="ArgumentException"><paramref name="prediction"/> is empty, or has a class number beyond <see cref="ClassNames"/>.</exception>
    public string ClassNameOf(ReadOnlySpan<float> prediction)
    {
        if (prediction.IsEmpty)
        {
            throw new ArgumentException("Expected one row of a network's outputs, but the prediction is empty.", nameof(prediction));
        }

        var index = Evaluation.Evaluator.Classes<float>(prediction, prediction.Length)[0];
        if (_classNames is null)
        {
            return index.ToString(CultureInfo.InvariantCulture);
        }

        if (index >= _classNames.Count)
        {
            throw new ArgumentException($"The prediction is class {index}, but the data set has {_classNames.Count} classes.", nameof(prediction));
        }

        return _classNames[index];
    }

    /// <summary>Expands integer class numbers in <see cref="Targets"/> into one-hot rows, for a softmax output layer.</summary>
    /// <remarks>Row <c>i</c> of the result is all zeros except a 1 at column <c>Targets[i]</c>.</remarks>
    /// <param name="classCount">The number of classes, the network's output count.</param>
    /// <returns>A new array of <see cref="Count"/> rows of <paramref name="classCount"/> values, row-major.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A target is not an integer in [0, <paramref name="classCount"/>); the message gives its row.</exception>
    /// <exception cref="InvalidOperationException">The data set has several target columns.</exception>
    public float[] OneHot(int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        RequireOneTarget("One-hot encoding");

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
        var targets = new float[checked(indices.Length * TargetCount)];
        MiniBatch.Gather(Features, FeatureCount, indices, features);
        MiniBatch.Gather(Targets, TargetCount, indices, targets);
        return new TabularDataSet(_featureNames, _targetNames, _classNames, features, targets);
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
    /// <exception cref="InvalidOperationException">The data set has fewer than two rows, or <paramref name="stratify"/> is asked for with several target columns.</exception>
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

        if (stratify)
        {
            RequireOneTarget("Stratifying");
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
    internal TabularDataSet WithValues(float[] features, float[] targets) => new(_featureNames, _targetNames, _classNames, features, targets);

    private void RequireOneTarget(string what)
    {
        if (TargetCount != 1)
        {
            throw new InvalidOperationException(
                $"{what} needs one target column, but the data set has {TargetCount} ('{string.Join("', '", _targetNames)}').");
        }
    }

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
