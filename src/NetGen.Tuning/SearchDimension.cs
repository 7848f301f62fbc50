using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace NetGen.Tuning;

/// <summary>
/// One hyperparameter of a <see cref="SearchSpace"/>: its name, the values it may take, and (for a conditional one) the
/// values of a categorical parent under which it is active.
/// </summary>
/// <remarks>
/// Samplers work on a dimension's <em>internal</em> value, a <see cref="double"/>: the index of the choice for a
/// categorical, the value itself for an integer or a float. <see cref="TrialParameters"/> turns it back into the typed value.
/// Make dimensions with <see cref="Categorical{T}(string, T[])"/>, <see cref="Int"/> and <see cref="Float"/>, and make one
/// conditional with <see cref="When"/>.
/// </remarks>
public abstract class SearchDimension
{
    private protected SearchDimension(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A dimension needs a name that is not empty or white space.", nameof(name));
        }

        Name = name;
    }

    /// <summary>The hyperparameter's name, unique within its space: a network hyperparameter (<c>LearningRate</c>), a training option (<c>Epochs</c>), or anything the objective reads.</summary>
    public string Name { get; }

    /// <summary>The categorical dimension this one depends on, or <see langword="null"/> when it is always active.</summary>
    public string? ParentName { get; private set; }

    /// <summary>The parent's choices under which this dimension is active (empty when it is always active).</summary>
    public IReadOnlyList<object> ParentValues { get; private set; } = Array.Empty<object>();

    /// <summary>
    /// Whether the dimension has finitely many values (a categorical, an integer, or a float with a step), so a grid
    /// can enumerate it.
    /// </summary>
    public abstract bool IsDiscrete { get; }

    /// <summary>
    /// A copy of this dimension that is active only when the categorical dimension <paramref name="parentName"/> (declared
    /// before it in the space) takes one of <paramref name="parentValues"/>: <c>Float("Momentum", 0, 0.99).When("Optimizer", "Sgd")</c>.
    /// </summary>
    /// <param name="parentName">The parent dimension's name.</param>
    /// <param name="parentValues">One or more of the parent's choices.</param>
    /// <returns>The conditional copy; this dimension is not changed.</returns>
    /// <exception cref="ArgumentException"><paramref name="parentName"/> is empty, the dimension is already conditional, or no value is given.</exception>
    public SearchDimension When(string parentName, params object[] parentValues)
    {
        if (string.IsNullOrWhiteSpace(parentName))
        {
            throw new ArgumentException("The parent dimension's name must not be empty or white space.", nameof(parentName));
        }

        if (ParentName is not null)
        {
            throw new ArgumentException($"Dimension '{Name}' is already conditional on '{ParentName}'; a dimension has at most one condition.", nameof(parentName));
        }

        if (parentValues is null || parentValues.Length == 0)
        {
            throw new ArgumentException($"Dimension '{Name}' needs at least one value of '{parentName}' under which it is active.", nameof(parentValues));
        }

        var copy = (SearchDimension)MemberwiseClone();
        copy.ParentName = parentName;
        copy.ParentValues = Array.AsReadOnly((object[])parentValues.Clone());
        return copy;
    }

    /// <summary>A categorical dimension: one of <paramref name="choices"/> (numbers, strings, enums, booleans), in the order given.</summary>
    /// <typeparam name="T">The choices' type.</typeparam>
    /// <param name="name">The hyperparameter's name.</param>
    /// <param name="choices">At least one value, no two equal.</param>
    /// <exception cref="ArgumentException">No choice, a null choice, a repeated choice, or a type that is not a number, string, enum or boolean.</exception>
    public static CategoricalDimension Categorical<T>(string name, params T[] choices) where T : notnull =>
        new(name, choices is null ? null! : choices.Select(c => (object)c).ToArray());

    /// <summary>An integer dimension: <c>min, min + step, …</c> up to <paramref name="max"/>; with <paramref name="log"/>, sampled uniformly in log space (step must then be 1).</summary>
    /// <param name="name">The hyperparameter's name.</param>
    /// <param name="min">The smallest value.</param>
    /// <param name="max">The largest value, at least <paramref name="min"/>.</param>
    /// <param name="step">The spacing of the values, at least 1; <paramref name="max"/> − <paramref name="min"/> must be a multiple of it.</param>
    /// <param name="log">Whether to sample in log space (for sizes spanning orders of magnitude); needs <paramref name="min"/> ≥ 1.</param>
    /// <exception cref="ArgumentException">The range, step or log scale is not valid (the message says which and why).</exception>
    public static IntDimension Int(string name, int min, int max, int step = 1, bool log = false) => new(name, min, max, step, log);

    /// <summary>A float dimension in [<paramref name="min"/>, <paramref name="max"/>]; with <paramref name="log"/>, sampled uniformly in log space; with <paramref name="step"/>, only <c>min + k·step</c>.</summary>
    /// <param name="name">The hyperparameter's name.</param>
    /// <param name="min">The lower bound, a finite number.</param>
    /// <param name="max">The upper bound, a finite number at least <paramref name="min"/>.</param>
    /// <param name="log">Whether to sample in log space (learning rates, weight decays); needs <paramref name="min"/> &gt; 0.</param>
    /// <param name="step">The spacing of the values, or <see langword="null"/> for a continuous range; not with <paramref name="log"/>.</param>
    /// <exception cref="ArgumentException">The range, step or log scale is not valid (the message says which and why).</exception>
    public static FloatDimension Float(string name, double min, double max, bool log = false, double? step = null) => new(name, min, max, log, step);

    /// <summary>Whether <paramref name="internalValue"/> is one this dimension can take.</summary>
    internal abstract bool IsValid(double internalValue);

    /// <summary>Draws a value uniformly (in log space for a log dimension).</summary>
    internal abstract double SampleUniform(DeterministicRandom random);

    /// <summary>Writes the typed value of <paramref name="internalValue"/> as JSON.</summary>
    internal abstract void WriteValue(Utf8JsonWriter writer, double internalValue);

    /// <summary>Reads a typed value written by <see cref="WriteValue"/> back into its internal value.</summary>
    internal abstract double ReadValue(JsonElement element);

    /// <summary>The typed value of <paramref name="internalValue"/>.</summary>
    internal abstract object ToValue(double internalValue);

    /// <summary>Writes the dimension's definition (for the study definition that an opened study is compared with).</summary>
    internal void WriteDefinition(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", Name);
        WriteKind(writer);
        if (ParentName is not null)
        {
            writer.WriteString("parent", ParentName);
            writer.WriteStartArray("parentValues");
            foreach (var value in ParentValues)
            {
                JsonValues.Write(writer, value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes the kind and the range or choices.</summary>
    private protected abstract void WriteKind(Utf8JsonWriter writer);

    /// <summary>The dimension as its constructor call would say it, for messages and summaries.</summary>
    public abstract override string ToString();
}

/// <summary>A dimension that takes one of a list of values: <see cref="SearchDimension.Categorical{T}(string, T[])"/>.</summary>
public sealed class CategoricalDimension : SearchDimension
{
    internal CategoricalDimension(string name, object[] choices)
        : base(name)
    {
        if (choices is null || choices.Length == 0)
        {
            throw new ArgumentException($"Categorical dimension '{name}' needs at least one choice.", nameof(choices));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var choice in choices)
        {
            if (choice is null)
            {
                throw new ArgumentException($"Categorical dimension '{name}' has a null choice; use a string such as \"none\" instead.", nameof(choices));
            }

            if (!JsonValues.IsSupported(choice))
            {
                throw new ArgumentException($"Categorical dimension '{name}' has the choice {Convert.ToString(choice, CultureInfo.InvariantCulture)} of type {choice.GetType().Name}; expected finite numbers, strings, enums or booleans.", nameof(choices));
            }

            if (!seen.Add(JsonValues.Canonical(choice)))
            {
                throw new ArgumentException($"Categorical dimension '{name}' has the choice {JsonValues.Canonical(choice)} twice; each choice must be distinct.", nameof(choices));
            }
        }

        Choices = Array.AsReadOnly(choices);
    }

    /// <summary>The values, in the order given (a grid takes them in this order).</summary>
    public IReadOnlyList<object> Choices { get; }

    /// <inheritdoc/>
    public override bool IsDiscrete => true;

    /// <summary>The index of <paramref name="value"/> among <see cref="Choices"/> (compared by their JSON form, so 1 and 1.0 are the same, and an enum matches its name), or −1.</summary>
    /// <param name="value">A value to look up.</param>
    public int IndexOf(object value)
    {
        if (value is null || !JsonValues.IsSupported(value))
        {
            return -1;
        }

        var canonical = JsonValues.Canonical(value);
        for (var i = 0; i < Choices.Count; i++)
        {
            if (JsonValues.Canonical(Choices[i]) == canonical)
            {
                return i;
            }
        }

        return -1;
    }

    internal override bool IsValid(double internalValue) => internalValue >= 0 && internalValue < Choices.Count && internalValue == Math.Floor(internalValue);

    internal override double SampleUniform(DeterministicRandom random) => random.NextInt(Choices.Count);

    internal override void WriteValue(Utf8JsonWriter writer, double internalValue) => JsonValues.Write(writer, Choices[(int)internalValue]);

    internal override double ReadValue(JsonElement element)
    {
        var text = element.GetRawText();
        for (var i = 0; i < Choices.Count; i++)
        {
            if (JsonValues.Canonical(Choices[i]) == text)
            {
                return i;
            }
        }

        throw new FormatException($"{text} is not a choice of categorical dimension '{Name}'.");
    }

    internal override object ToValue(double internalValue) => Choices[(int)internalValue];

    private protected override void WriteKind(Utf8JsonWriter writer)
    {
        writer.WriteString("kind", "categorical");
        writer.WriteStartArray("choices");
        foreach (var choice in Choices)
        {
            JsonValues.Write(writer, choice);
        }

        writer.WriteEndArray();
    }

    /// <inheritdoc/>
    public override string ToString() => $"Categorical(\"{Name}\", {string.Join(", ", Choices.Select(JsonValues.Canonical))})";
}

/// <summary>A dimension over integers: <see cref="SearchDimension.Int"/>.</summary>
public sealed class IntDimension : SearchDimension
{
    internal IntDimension(string name, int min, int max, int step, bool log)
        : base(name)
    {
        if (min > max)
        {
            throw new ArgumentException($"Integer dimension '{name}' has min {min} greater than max {max}; expected min ≤ max.", nameof(min));
        }

        if (step < 1)
        {
            throw new ArgumentException($"Integer dimension '{name}' has step {step}; expected a step of at least 1.", nameof(step));
        }

        if (((long)max - min) % step != 0)
        {
            throw new ArgumentException($"Integer dimension '{name}' has a range {min}..{max} that is not a multiple of its step {step}; expected max − min to be a multiple of step.", nameof(step));
        }

        if (log && min < 1)
        {
            throw new ArgumentException($"Integer dimension '{name}' is log-scaled with min {min}; expected min ≥ 1 on a log scale.", nameof(min));
        }

        if (log && step != 1)
        {
            throw new ArgumentException($"Integer dimension '{name}' is log-scaled with step {step}; a log-scaled integer dimension takes every integer (step 1).", nameof(step));
        }

        Min = min;
        Max = max;
        Step = step;
        Log = log;
    }

    /// <summary>The smallest value.</summary>
    public int Min { get; }

    /// <summary>The largest value.</summary>
    public int Max { get; }

    /// <summary>The spacing of the values.</summary>
    public int Step { get; }

    /// <summary>Whether values are sampled uniformly in log space.</summary>
    public bool Log { get; }

    /// <summary>The number of values: (max − min) / step + 1.</summary>
    public long Count => (((long)Max - Min) / Step) + 1;

    /// <inheritdoc/>
    public override bool IsDiscrete => true;

    /// <summary>The value nearest <paramref name="value"/> on the dimension's grid, within its range.</summary>
    internal double Snap(double value)
    {
        var k = Math.Round((value - Min) / Step, MidpointRounding.AwayFromZero);
        return Math.Clamp(Min + (k * Step), Min, Max);
    }

    internal override bool IsValid(double internalValue) => internalValue >= Min && internalValue <= Max && (internalValue - Min) % Step == 0;

    internal override double SampleUniform(DeterministicRandom random)
    {
        if (Log)
        {
            // Uniform in log space on [min − ½, max + ½], then rounded, so each integer gets its share of the log range.
            var low = Math.Log(Min - 0.5 <= 0 ? Min : Min - 0.5);
            var high = Math.Log(Max + 0.5);
            return Snap(Math.Exp(random.NextUniform(low, high)));
        }

        return Min + ((double)random.NextInt((int)Math.Min(Count, int.MaxValue)) * Step);
    }

    internal override void WriteValue(Utf8JsonWriter writer, double internalValue) => writer.WriteNumberValue((int)internalValue);

    internal override double ReadValue(JsonElement element) => element.GetInt32();

    internal override object ToValue(double internalValue) => (int)internalValue;

    private protected override void WriteKind(Utf8JsonWriter writer)
    {
        writer.WriteString("kind", "int");
        writer.WriteNumber("min", Min);
        writer.WriteNumber("max", Max);
        writer.WriteNumber("step", Step);
        writer.WriteBoolean("log", Log);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"Int(\"{Name}\", {Min}, {Max}{(Step != 1 ? $", step: {Step}" : "")}{(Log ? ", log: true" : "")})";
}

/// <summary>A dimension over real numbers: <see cref="SearchDimension.Float"/>.</summary>
public sealed class FloatDimension : SearchDimension
{
    internal FloatDimension(string name, double min, double max, bool log, double? step)
        : base(name)
    {
        if (!double.IsFinite(min))
        {
            throw new ArgumentException($"Float dimension '{name}' has min {JsonValues.Format(min)}; expected a finite number.", nameof(min));
        }

        if (!double.IsFinite(max))
        {
            throw new ArgumentException($"Float dimension '{name}' has max {JsonValues.Format(max)}; expected a finite number.", nameof(max));
        }

        if (min > max)
        {
            throw new ArgumentException($"Float dimension '{name}' has min {JsonValues.Format(min)} greater than max {JsonValues.Format(max)}; expected min ≤ max.", nameof(min));
        }

        if (log && min <= 0)
        {
            throw new ArgumentException($"Float dimension '{name}' is log-scaled with min {JsonValues.Format(min)}; expected min > 0 on a log scale.", nameof(min));
        }

        if (step is { } s)
        {
            if (!double.IsFinite(s) || s <= 0)
            {
                throw new ArgumentException($"Float dimension '{name}' has step {JsonValues.Format(s)}; expected a positive finite step.", nameof(step));
            }

            if (log)
            {
                throw new ArgumentException($"Float dimension '{name}' has both a step and a log scale; expected one or the other.", nameof(step));
            }

            var steps = (max - min) / s;
            if (Math.Abs(steps - Math.Round(steps)) > 1e-9 * Math.Max(1, steps))
            {
                throw new ArgumentException($"Float dimension '{name}' has a range {JsonValues.Format(min)}..{JsonValues.Format(max)} that is not a multiple of its step {JsonValues.Format(s)}; expected max − min to be a multiple of step.", nameof(step));
            }
        }

        Min = min;
        Max = max;
        Log = log;
        Step = step;
    }

    /// <summary>The lower bound.</summary>
    public double Min { get; }

    /// <summary>The upper bound.</summary>
    public double Max { get; }

    /// <summary>Whether values are sampled uniformly in log space.</summary>
    public bool Log { get; }

    /// <summary>The spacing of the values, or <see langword="null"/> for a continuous range.</summary>
    public double? Step { get; }

    /// <inheritdoc/>
    /// <remarks>A float is discrete with a step, or when its range is a single value.</remarks>
    public override bool IsDiscrete => Step is not null || Min == Max;

    /// <summary>The number of values of a stepped dimension: (max − min) / step + 1.</summary>
    internal long Count => Step is { } s ? (long)Math.Round((Max - Min) / s) + 1 : 0;

    /// <summary>The value <c>min + k·step</c> (exactly <see cref="Max"/> for the last).</summary>
    /// <remarks>Rounded to 15 significant digits, so 0 + 3 × 0.1 is 0.3 rather than 0.30000000000000004.</remarks>
    internal double ValueAt(long k) => k == Count - 1
        ? Max
        : double.Parse((Min + (k * Step!.Value)).ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The value nearest <paramref name="value"/> that the dimension can take.</summary>
    internal double Snap(double value)
    {
        if (Step is not { } s)
        {
            return Math.Clamp(value, Min, Max);
        }

        var k = (long)Math.Round((value - Min) / s, MidpointRounding.AwayFromZero);
        return ValueAt(Math.Clamp(k, 0, Count - 1));
    }

    internal override bool IsValid(double internalValue) => internalValue >= Min && internalValue <= Max;

    internal override double SampleUniform(DeterministicRandom random)
    {
        if (Step is not null)
        {
            return ValueAt(random.NextInt((int)Math.Min(Count, int.MaxValue)));
        }

        return Log
            ? Math.Clamp(Math.Exp(random.NextUniform(Math.Log(Min), Math.Log(Max))), Min, Max)
            : Math.Clamp(random.NextUniform(Min, Max), Min, Max);
    }

    internal override void WriteValue(Utf8JsonWriter writer, double internalValue) => writer.WriteRawValue(JsonValues.Format(internalValue));

    internal override double ReadValue(JsonElement element) => double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);

    internal override object ToValue(double internalValue) => internalValue;

    private protected override void WriteKind(Utf8JsonWriter writer)
    {
        writer.WriteString("kind", "float");
        writer.WritePropertyName("min");
        writer.WriteRawValue(JsonValues.Format(Min));
        writer.WritePropertyName("max");
        writer.WriteRawValue(JsonValues.Format(Max));
        writer.WriteBoolean("log", Log);
        if (Step is { } s)
        {
            writer.WritePropertyName("step");
            writer.WriteRawValue(JsonValues.Format(s));
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"Float(\"{Name}\", {JsonValues.Format(Min)}, {JsonValues.Format(Max)}{(Log ? ", log: true" : "")}{(Step is { } s ? $", step: {JsonValues.Format(s)}" : "")})";
}
