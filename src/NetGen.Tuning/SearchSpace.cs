using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace NetGen.Tuning;

/// <summary>
/// The hyperparameters a study searches, declared in one place, in order:
/// <code>
/// var space = new SearchSpace
/// {
///     SearchDimension.Float("LearningRate", 1e-4, 1e-1, log: true),
///     SearchDimension.Categorical("Optimizer", "Sgd", "Adam"),
///     SearchDimension.Float("Momentum", 0.0, 0.99).When("Optimizer", "Sgd"),
/// };
/// </code>
/// </summary>
/// <remarks>
/// Every dimension is checked as it is added: names are unique, and a conditional dimension's parent is a categorical
/// declared before it whose choices include the given values. The order is the order of the parameters in
/// <see cref="TrialParameters"/>, in their JSON and in a grid (the last dimension varies fastest). A study freezes its
/// space: adding to it afterwards throws.
/// </remarks>
public sealed class SearchSpace : IReadOnlyList<SearchDimension>
{
    private readonly List<SearchDimension> _dimensions = new();
    private readonly Dictionary<string, int> _indexByName = new(StringComparer.Ordinal);
    private readonly List<int> _parentIndex = new();
    private readonly List<HashSet<int>?> _activeChoices = new();
    private bool _frozen;

    /// <summary>Creates an empty space; add dimensions with <see cref="Add"/> or a collection initializer.</summary>
    public SearchSpace()
    {
    }

    /// <summary>Creates a space of <paramref name="dimensions"/>, in order.</summary>
    /// <param name="dimensions">The dimensions.</param>
    /// <exception cref="ArgumentException">A dimension is not valid in this space (see <see cref="Add"/>).</exception>
    public SearchSpace(IEnumerable<SearchDimension> dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        foreach (var dimension in dimensions)
        {
            Add(dimension);
        }
    }

    /// <summary>The number of dimensions.</summary>
    public int Count => _dimensions.Count;

    /// <summary>The dimension at <paramref name="index"/>, in declaration order.</summary>
    /// <param name="index">0-based.</param>
    public SearchDimension this[int index] => _dimensions[index];

    /// <summary>The dimension named <paramref name="name"/>.</summary>
    /// <param name="name">A dimension's name.</param>
    /// <exception cref="ArgumentException">The space has no dimension of that name.</exception>
    public SearchDimension this[string name] => _dimensions[IndexOf(name)];

    /// <summary>Whether the space has a dimension named <paramref name="name"/>.</summary>
    /// <param name="name">A name.</param>
    public bool Contains(string name) => name is not null && _indexByName.ContainsKey(name);

    /// <summary>Adds <paramref name="dimension"/> after the others.</summary>
    /// <param name="dimension">The dimension.</param>
    /// <exception cref="ArgumentException">
    /// Its name is taken, or it is conditional on a dimension that is not declared before it, is not categorical, or
    /// does not have the given values among its choices.
    /// </exception>
    /// <exception cref="InvalidOperationException">A study already uses this space.</exception>
    public void Add(SearchDimension dimension)
    {
        ArgumentNullException.ThrowIfNull(dimension);
        if (_frozen)
        {
            throw new InvalidOperationException("A study uses this search space; it can no longer change. Make a new space for a new study.");
        }

        if (_indexByName.ContainsKey(dimension.Name))
        {
            throw new ArgumentException($"The search space already has a dimension named '{dimension.Name}'; names must be unique.", nameof(dimension));
        }

        var parentIndex = -1;
        HashSet<int>? activeChoices = null;
        if (dimension.ParentName is { } parentName)
        {
            if (!_indexByName.TryGetValue(parentName, out parentIndex))
            {
                throw new ArgumentException($"Dimension '{dimension.Name}' is conditional on '{parentName}', which is not declared before it in the search space.", nameof(dimension));
            }

            if (_dimensions[parentIndex] is not CategoricalDimension parent)
            {
                throw new ArgumentException($"Dimension '{dimension.Name}' is conditional on '{parentName}', which is not categorical; a condition needs a categorical parent.", nameof(dimension));
            }

            activeChoices = new HashSet<int>();
            foreach (var value in dimension.ParentValues)
            {
                var index = parent.IndexOf(value);
                if (index < 0)
                {
                    throw new ArgumentException($"Dimension '{dimension.Name}' is active when '{parentName}' is {JsonValues.Canonical(value)}, which is not one of its choices ({string.Join(", ", parent.Choices.Select(JsonValues.Canonical))}).", nameof(dimension));
                }

                activeChoices.Add(index);
            }
        }

        _indexByName.Add(dimension.Name, _dimensions.Count);
        _dimensions.Add(dimension);
        _parentIndex.Add(parentIndex);
        _activeChoices.Add(activeChoices);
    }

    /// <summary>The index of the dimension named <paramref name="name"/>.</summary>
    /// <param name="name">A dimension's name.</param>
    /// <exception cref="ArgumentException">The space has no dimension of that name.</exception>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _indexByName.TryGetValue(name, out var index)
            ? index
            : throw new ArgumentException($"The search space has no dimension named '{name}'; it has {string.Join(", ", _dimensions.Select(d => d.Name))}.", nameof(name));
    }

    /// <summary>The number of points a grid over this space has (summed over the branches of conditional dimensions), or <see langword="null"/> when a dimension is a float without a step.</summary>
    public long? GridSize => _dimensions.All(d => d.IsDiscrete) ? Grid.Count(this) : null;

    /// <summary>Whether the dimension at <paramref name="index"/> is active given the values chosen so far (by index; <see langword="null"/> where inactive).</summary>
    internal bool IsActive(int index, ReadOnlySpan<double?> values)
    {
        var parent = _parentIndex[index];
        if (parent < 0)
        {
            return true;
        }

        return values[parent] is { } parentValue && _activeChoices[index]!.Contains((int)parentValue);
    }

    /// <summary>The index of the dimension's parent, or −1.</summary>
    internal int ParentIndexOf(int index) => _parentIndex[index];

    /// <summary>Whether a parent's choice (by index) activates the dimension at <paramref name="index"/>.</summary>
    internal bool IsActivatedBy(int index, int parentChoice) => _activeChoices[index]!.Contains(parentChoice);

    /// <summary>Stops the space from changing (a study's definition depends on it).</summary>
    internal void Freeze() => _frozen = true;

    /// <summary>Writes the dimensions' definitions as a JSON array.</summary>
    internal void WriteDefinition(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        foreach (var dimension in _dimensions)
        {
            dimension.WriteDefinition(writer);
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Makes parameters of this space from typed values (for <see cref="Study.Enqueue"/> or a sampler of your own):
    /// every active dimension needs a valid value, and no inactive or unknown name may appear.
    /// </summary>
    /// <param name="values">Values by name: the choice itself for a categorical, an integer, or a number.</param>
    /// <exception cref="ArgumentException">A name is unknown or inactive, a value is missing, or a value is not one the dimension can take (the message names it).</exception>
    public TrialParameters CreateParameters(IReadOnlyDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var name in values.Keys)
        {
            if (!Contains(name))
            {
                throw new ArgumentException($"The search space has no dimension named '{name}'.", nameof(values));
            }
        }

        var internalValues = new double?[Count];
        for (var i = 0; i < Count; i++)
        {
            var dimension = _dimensions[i];
            var active = IsActive(i, internalValues);
            var given = values.TryGetValue(dimension.Name, out var value);
            if (!active)
            {
                if (given)
                {
                    throw new ArgumentException($"'{dimension.Name}' is not active with these values (it applies when '{dimension.ParentName}' is {string.Join(" or ", dimension.ParentValues.Select(JsonValues.Canonical))}); leave it out.", nameof(values));
                }

                continue;
            }

            if (!given)
            {
                throw new ArgumentException($"'{dimension.Name}' needs a value.", nameof(values));
            }

            internalValues[i] = ToInternal(dimension, value!);
        }

        return new TrialParameters(this, internalValues);
    }

    private static double ToInternal(SearchDimension dimension, object value)
    {
        double internalValue;
        switch (dimension)
        {
            case CategoricalDimension categorical:
                internalValue = categorical.IndexOf(value);
                break;
            default:
                try
                {
                    internalValue = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (Exception exception) when (exception is InvalidCastException or FormatException)
                {
                    internalValue = double.NaN;
                }

                break;
        }

        if (!dimension.IsValid(internalValue))
        {
            throw new ArgumentException($"{Describe(value)} is not a value of {dimension}.", "values");
        }

        return internalValue;
    }

    private static string Describe(object? value) => value is null ? "null" : JsonValues.IsSupported(value) ? JsonValues.Canonical(value) : value.ToString() ?? value.GetType().Name;

    /// <inheritdoc/>
    public IEnumerator<SearchDimension> GetEnumerator() => _dimensions.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
