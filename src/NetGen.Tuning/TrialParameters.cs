using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace NetGen.Tuning;

/// <summary>
/// The hyperparameter values of one trial, by name, in the order of the <see cref="SearchSpace"/>; a conditional
/// dimension whose condition does not hold is absent (<see cref="Contains"/> is <see langword="false"/>).
/// </summary>
/// <remarks>
/// <see cref="ToJson"/> writes them as one JSON object (invariant culture, doubles in round-trip form, enums by name)
/// and <see cref="FromJson"/> reads them back bit for bit given the same space. Instances are immutable.
/// </remarks>
public sealed class TrialParameters : IReadOnlyCollection<KeyValuePair<string, object>>, IEquatable<TrialParameters>
{
    private readonly double?[] _values;

    internal TrialParameters(SearchSpace space, double?[] values)
    {
        Space = space;
        _values = values;
    }

    /// <summary>The space the parameters belong to.</summary>
    public SearchSpace Space { get; }

    /// <summary>The number of active parameters.</summary>
    public int Count => _values.Count(v => v is not null);

    /// <summary>The names of the active parameters, in the space's order.</summary>
    public IEnumerable<string> Names => Enumerable.Range(0, _values.Length).Where(i => _values[i] is not null).Select(i => Space[i].Name);

    /// <summary>Whether the trial has a value for <paramref name="name"/>: <see langword="false"/> for a conditional dimension whose condition does not hold, or a name the space does not have.</summary>
    /// <param name="name">A dimension's name.</param>
    public bool Contains(string name) => Space.Contains(name) && _values[Space.IndexOf(name)] is not null;

    /// <summary>The typed value of <paramref name="name"/>: the choice for a categorical, an <see cref="int"/>, or a <see cref="double"/>.</summary>
    /// <param name="name">A dimension's name.</param>
    /// <exception cref="ArgumentException">The space has no dimension of that name.</exception>
    /// <exception cref="KeyNotFoundException">The dimension is conditional and inactive in this trial.</exception>
    public object this[string name]
    {
        get
        {
            var index = Space.IndexOf(name);
            return Space[index].ToValue(Require(index));
        }
    }

    /// <summary>The value of a float or integer dimension, or of a categorical whose choice is a number, as a <see cref="double"/>.</summary>
    /// <param name="name">A dimension's name.</param>
    /// <exception cref="ArgumentException">The space has no dimension of that name, or its value is not a number.</exception>
    /// <exception cref="KeyNotFoundException">The dimension is conditional and inactive in this trial.</exception>
    public double GetDouble(string name)
    {
        var value = this[name];
        return value switch
        {
            double number => number,
            int number => number,
            string or bool or Enum => throw new ArgumentException($"Parameter '{name}' is the {value.GetType().Name} {JsonValues.Canonical(value)}, not a number.", nameof(name)),
            _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The value of an integer dimension, or of a categorical whose choice is an integer, as an <see cref="int"/>.</summary>
    /// <param name="name">A dimension's name.</param>
    /// <exception cref="ArgumentException">The space has no dimension of that name, or its value is not an integer that fits an <see cref="int"/>.</exception>
    /// <exception cref="KeyNotFoundException">The dimension is conditional and inactive in this trial.</exception>
    public int GetInt32(string name)
    {
        var value = this[name];
        switch (value)
        {
            case int number:
                return number;
            case sbyte or byte or short or ushort or uint or long or ulong:
                var integer = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                if (integer >= int.MinValue && integer <= int.MaxValue)
                {
                    return (int)integer;
                }

                break;
        }

        throw new ArgumentException($"Parameter '{name}' is the {value.GetType().Name} {JsonValues.Canonical(value)}, not an integer; use GetDouble or Get<T>.", nameof(name));
    }

    /// <summary>The value of <paramref name="name"/> as <typeparamref name="T"/>: a categorical's choice as declared (a string, an enum, a bool, a number), an integer dimension's <see cref="int"/>, a float's <see cref="double"/>.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="name">A dimension's name.</param>
    /// <exception cref="ArgumentException">The space has no dimension of that name, or its value is not a <typeparamref name="T"/>.</exception>
    /// <exception cref="KeyNotFoundException">The dimension is conditional and inactive in this trial.</exception>
    public T Get<T>(string name)
    {
        var value = this[name];
        return value is T typed
            ? typed
            : throw new ArgumentException($"Parameter '{name}' is the {value.GetType().Name} {JsonValues.Canonical(value)}, not a {typeof(T).Name}.", nameof(name));
    }

    /// <summary>The value of <paramref name="name"/> as <typeparamref name="T"/> when the trial has it, else <paramref name="fallback"/>.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="name">A dimension's name.</param>
    /// <param name="fallback">The value for an inactive or unknown dimension.</param>
    /// <exception cref="ArgumentException">The value is not a <typeparamref name="T"/>.</exception>
    public T GetOrDefault<T>(string name, T fallback) => Contains(name) ? Get<T>(name) : fallback;

    /// <summary>The internal value (choice index, integer or number) of the dimension at <paramref name="index"/>, or <see langword="null"/> when inactive.</summary>
    internal double? InternalValue(int index) => _values[index];

    /// <summary>The internal values by dimension index.</summary>
    internal ReadOnlySpan<double?> InternalValues => _values;

    private double Require(int index) => _values[index] ?? throw new KeyNotFoundException(
        $"Parameter '{Space[index].Name}' is not active in this trial (it applies when '{Space[index].ParentName}' is {string.Join(" or ", Space[index].ParentValues.Select(JsonValues.Canonical))}); check Contains(\"{Space[index].Name}\") first.");

    /// <summary>The parameters as one JSON object, in the space's order: <c>{"LearningRate":0.001,"Optimizer":"Sgd"}</c>.</summary>
    public string ToJson() => JsonValues.Build(writer =>
    {
        writer.WriteStartObject();
        for (var i = 0; i < _values.Length; i++)
        {
            if (_values[i] is { } value)
            {
                writer.WritePropertyName(Space[i].Name);
                Space[i].WriteValue(writer, value);
            }
        }

        writer.WriteEndObject();
    });

    /// <summary>Reads parameters written by <see cref="ToJson"/> for <paramref name="space"/>.</summary>
    /// <param name="json">The JSON object.</param>
    /// <param name="space">The space they belong to.</param>
    /// <exception cref="ArgumentException">The text is not a JSON object of this space's parameters (the message says what does not match).</exception>
    public static TrialParameters FromJson(string json, SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(space);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("expected a JSON object");
            }

            var values = new double?[space.Count];
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!space.Contains(property.Name))
                {
                    throw new FormatException($"the space has no dimension named '{property.Name}'");
                }

                var index = space.IndexOf(property.Name);
                var value = space[index].ReadValue(property.Value);
                if (!space[index].IsValid(value))
                {
                    throw new FormatException($"{property.Value.GetRawText()} is not a value of {space[index]}");
                }

                values[index] = value;
            }

            for (var i = 0; i < space.Count; i++)
            {
                var active = space.IsActive(i, values);
                if (active != (values[i] is not null))
                {
                    throw new FormatException(active ? $"'{space[i].Name}' is missing" : $"'{space[i].Name}' is present but not active");
                }
            }

            return new TrialParameters(space, values);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
            throw new ArgumentException($"The parameters {json} do not belong to this search space: {exception.Message}.", nameof(json), exception);
        }
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            if (_values[i] is { } value)
            {
                yield return new KeyValuePair<string, object>(Space[i].Name, Space[i].ToValue(value));
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether <paramref name="other"/> has the same space and bit-identical values.</summary>
    /// <param name="other">Other parameters.</param>
    public bool Equals(TrialParameters? other) =>
        other is not null && ReferenceEquals(Space, other.Space) && _values.AsSpan().SequenceEqual(other._values);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as TrialParameters);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in _values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <summary>The parameters as <c>name=value</c> pairs: <c>LearningRate=0.001, Optimizer=Sgd</c>.</summary>
    public override string ToString() => string.Join(", ", this.Select(p => $"{p.Key}={Format(p.Value)}"));

    internal static string Format(object value) => value switch
    {
        double number => number.ToString("G4", CultureInfo.InvariantCulture),
        string text => text,
        Enum member => member.ToString(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
