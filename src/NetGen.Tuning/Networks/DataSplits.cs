using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Training;

namespace NetGen.Tuning.Networks;

/// <summary>
/// Seeded splits of a data set's sample indices for validation: hold-out and k-fold, plain or stratified (each class
/// split in the same proportions), as scikit-learn's <c>train_test_split</c>, <c>KFold</c> and <c>StratifiedKFold</c>
/// with shuffling.
/// </summary>
/// <remarks>The same seed gives the same split on every machine (NetGen's <see cref="DeterministicRandom"/>).</remarks>
public static class DataSplits
{
    /// <summary>
    /// Splits <paramref name="count"/> samples into <paramref name="folds"/> disjoint folds that cover them, of sizes
    /// that differ by at most one; each fold's indices ascending.
    /// </summary>
    /// <param name="count">The number of samples, at least <paramref name="folds"/>.</param>
    /// <param name="folds">The number of folds, at least 2.</param>
    /// <param name="seed">The shuffle's seed.</param>
    /// <returns>The validation indices of each fold.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is below 2 or above <paramref name="count"/>.</exception>
    public static int[][] KFold(int count, int folds, int seed) => StratifiedKFold(new int[RequireFolds(count, folds)], folds, seed);

    /// <summary>
    /// Splits samples of the given classes into <paramref name="folds"/> disjoint folds that cover them, each class
    /// dealt round-robin over the folds after shuffling (continuing where the previous class stopped), so every fold
    /// has each class's count divided by the folds, give or take one, and the fold sizes differ by at most one.
    /// </summary>
    /// <param name="classes">The class of each sample (any integers).</param>
    /// <param name="folds">The number of folds, at least 2 and at most the number of samples.</param>
    /// <param name="seed">The shuffle's seed.</param>
    /// <returns>The validation indices of each fold, ascending.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is below 2 or above the number of samples.</exception>
    public static int[][] StratifiedKFold(IReadOnlyList<int> classes, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(classes);
        RequireFolds(classes.Count, folds);
        var random = new DeterministicRandom(unchecked((ulong)(uint)seed) ^ 0x4B464F4C44UL);
        var members = new List<int>[folds];
        for (var f = 0; f < folds; f++)
        {
            members[f] = new List<int>();
        }

        var next = 0;
        foreach (var group in Groups(classes, random))
        {
            foreach (var index in group)
            {
                members[next].Add(index);
                next = (next + 1) % folds;
            }
        }

        return members.Select(m => m.Order().ToArray()).ToArray();
    }

    /// <summary>Splits <paramref name="count"/> samples into training and validation, round(<paramref name="fraction"/>·count) of them for validation.</summary>
    /// <param name="count">The number of samples, at least 2.</param>
    /// <param name="fraction">The validation share, in (0, 1); both parts must get a sample.</param>
    /// <param name="seed">The shuffle's seed.</param>
    /// <returns>The training and the validation indices, each ascending.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside (0, 1) or leaves a part empty.</exception>
    public static (int[] Training, int[] Validation) HoldOut(int count, double fraction, int seed) => StratifiedHoldOut(new int[count], fraction, seed);

    /// <summary>
    /// Splits samples into training and validation with each class in the same proportion in both (to within one
    /// sample per class): round(<paramref name="fraction"/>·n) validation samples in all, shared out among the classes by
    /// largest remainder.
    /// </summary>
    /// <param name="classes">The class of each sample.</param>
    /// <param name="fraction">The validation share, in (0, 1); both parts must get a sample.</param>
    /// <param name="seed">The shuffle's seed.</param>
    /// <returns>The training and the validation indices, each ascending.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside (0, 1) or leaves a part empty.</exception>
    public static (int[] Training, int[] Validation) StratifiedHoldOut(IReadOnlyList<int> classes, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var count = classes.Count;
        var total = (int)Math.Round(fraction * count, MidpointRounding.AwayFromZero);
        if (!(fraction > 0 && fraction < 1) || total < 1 || total >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"Expected a validation fraction in (0, 1) that leaves at least one of the {count} samples on each side.");
        }

        var random = new DeterministicRandom(unchecked((ulong)(uint)seed) ^ 0x484F4C444F5554UL);
        var groups = Groups(classes, random);
        var quotas = groups.Select(g => fraction * g.Length).ToArray();
        var taken = quotas.Select(q => (int)Math.Floor(q)).ToArray();
        foreach (var g in Enumerable.Range(0, groups.Count).OrderByDescending(g => quotas[g] - taken[g]).ThenBy(g => g).Take(total - taken.Sum()))
        {
            taken[g]++;
        }

        var validation = new List<int>();
        var training = new List<int>();
        for (var g = 0; g < groups.Count; g++)
        {
            validation.AddRange(groups[g].Take(taken[g]));
            training.AddRange(groups[g].Skip(taken[g]));
        }

        return (training.Order().ToArray(), validation.Order().ToArray());
    }

    /// <summary>
    /// The class of each sample of a classification data set: the arg-max of a one-hot target row (the first on a
    /// tie), or, with one output, 1 when the target is at least 0.5. <see langword="null"/> for several outputs that
    /// are not one class each (multi-label), which are split without stratification.
    /// </summary>
    /// <typeparam name="T">The data's number type.</typeparam>
    /// <param name="data">The data.</param>
    /// <param name="loss">The network's loss: only the cross-entropies have classes.</param>
    public static int[]? ClassesOf<T>(TrainingData<T> data, LossKind loss)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        var outputs = data.OutputCount;
        var binary = loss == LossKind.BinaryCrossEntropy && outputs == 1;
        if (!binary && loss != LossKind.CategoricalCrossEntropy)
        {
            return null;
        }

        var classes = new int[data.Count];
        for (var i = 0; i < data.Count; i++)
        {
            var row = data.Targets.AsSpan(i * outputs, outputs);
            if (binary)
            {
                classes[i] = double.CreateTruncating(row[0]) >= 0.5 ? 1 : 0;
                continue;
            }

            var best = 0;
            for (var j = 1; j < outputs; j++)
            {
                if (double.CreateTruncating(row[j]) > double.CreateTruncating(row[best]))
                {
                    best = j;
                }
            }

            classes[i] = best;
        }

        return classes;
    }

    /// <summary>The samples of <paramref name="data"/> at <paramref name="indices"/>, in that order, with its class and output names.</summary>
    /// <typeparam name="T">The data's number type.</typeparam>
    /// <param name="data">The data.</param>
    /// <param name="indices">Sample indices, at least one.</param>
    /// <exception cref="ArgumentException">No index is given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the data.</exception>
    public static TrainingData<T> Subset<T>(TrainingData<T> data, IReadOnlyList<int> indices)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count == 0)
        {
            throw new ArgumentException("A subset needs at least one sample index.", nameof(indices));
        }

        var inputs = new T[indices.Count * data.InputCount];
        var targets = new T[indices.Count * data.OutputCount];
        for (var k = 0; k < indices.Count; k++)
        {
            var i = indices[k];
            if ((uint)i >= (uint)data.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"Expected sample indices in [0, {data.Count}).");
            }

            data.Inputs.AsSpan(i * data.InputCount, data.InputCount).CopyTo(inputs.AsSpan(k * data.InputCount));
            data.Targets.AsSpan(i * data.OutputCount, data.OutputCount).CopyTo(targets.AsSpan(k * data.OutputCount));
        }

        return new TrainingData<T>(inputs, targets, data.InputCount, data.OutputCount) { ClassNames = data.ClassNames, OutputNames = data.OutputNames };
    }

    /// <summary>The indices of each class (classes in ascending order), each group shuffled.</summary>
    private static List<int[]> Groups(IReadOnlyList<int> classes, DeterministicRandom random)
    {
        var groups = Enumerable.Range(0, classes.Count).GroupBy(i => classes[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToList();
        foreach (var group in groups)
        {
            random.Shuffle(group.AsSpan());
        }

        return groups;
    }

    private static int RequireFolds(int count, int folds)
    {
        if (folds < 2 || folds > count)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, $"Expected at least 2 folds and at most one per sample ({count}).");
        }

        return count;
    }
}
