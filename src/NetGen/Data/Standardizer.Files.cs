using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using NetGen.Serialization;

namespace NetGen.Data;

/// <summary>Rebuilding a standardizer from its statistics, and saving it beside the network it prepares data for.</summary>
public sealed partial class Standardizer
{
    private const string Kind = "standardizer";

    /// <summary>Rebuilds a standardizer from statistics fitted elsewhere (scikit-learn's <c>mean_</c> and <c>scale_</c>, or a saved file's).</summary>
    /// <param name="featureNames">The feature names, one per statistic; each non-blank and different from the others.</param>
    /// <param name="means">The mean of each feature; finite.</param>
    /// <param name="standardDeviations">The population standard deviation of each feature; finite and at least 0 (0 for a constant feature, which is then only centered).</param>
    /// <exception cref="ArgumentException">The three differ in length or are empty, or a name is blank or repeated.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A statistic is not finite, or a standard deviation is negative.</exception>
    public static Standardizer FromStatistics(IReadOnlyList<string> featureNames, ReadOnlySpan<double> means, ReadOnlySpan<double> standardDeviations)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        if (featureNames.Count == 0 || means.Length != featureNames.Count || standardDeviations.Length != featureNames.Count)
        {
            throw new ArgumentException(
                $"Expected one mean and one standard deviation per feature and at least one feature, but got {featureNames.Count} names, {means.Length} means and {standardDeviations.Length} standard deviations.",
                nameof(featureNames));
        }

        ColumnNames.Require(featureNames, targetName: null);
        for (var j = 0; j < means.Length; j++)
        {
            if (!double.IsFinite(means[j]))
            {
                throw new ArgumentOutOfRangeException(nameof(means), means[j], $"The mean of feature {j} ('{featureNames[j]}') is {means[j]}; expected a finite number.");
            }

            if (!double.IsFinite(standardDeviations[j]) || standardDeviations[j] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(standardDeviations), standardDeviations[j], $"The standard deviation of feature {j} ('{featureNames[j]}') is {standardDeviations[j]}; expected a finite number of at least 0.");
            }
        }

        return new Standardizer(Array.AsReadOnly([.. featureNames]), means.ToArray(), standardDeviations.ToArray());
    }

    /// <summary>Saves the statistics and feature names to <paramref name="path"/> atomically, as a safetensors file (tensors <c>mean</c> and <c>std</c>, F64).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, ToBytes());
    }

    /// <summary>Writes the statistics and feature names to <paramref name="stream"/>.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToBytes());
    }

    /// <summary>Loads a standardizer that <see cref="Save(string)"/> wrote.</summary>
    /// <exception cref="ModelFileException">The file is truncated, corrupt, or not a standardizer's (the message says which).</exception>
    public static Standardizer Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return FromFile(SafeTensorsFile.Read(stream, stream.Length));
        }
        catch (ModelFileException exception)
        {
            throw new ModelFileException($"Cannot load a standardizer from '{path}': {exception.Message}", exception);
        }
    }

    /// <summary>Loads a standardizer from <paramref name="stream"/>, reading no further than the file's end.</summary>
    /// <inheritdoc cref="Load(string)"/>
    public static Standardizer Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            return FromFile(SafeTensorsFile.Read(stream, exactLength: null));
        }
        catch (ModelFileException exception)
        {
            throw new ModelFileException($"Cannot load a standardizer: {exception.Message}", exception);
        }
    }

    private byte[] ToBytes() => StatisticsFile.ToBytes(Kind, _featureNames, _means, _standardDeviations);

    private static Standardizer FromFile(SafeTensorsFile file)
    {
        var (names, means, deviations) = StatisticsFile.Read(file, Kind);
        try
        {
            return FromStatistics(names, means, deviations);
        }
        catch (ArgumentException exception)
        {
            throw new ModelFileException(exception.Message, exception);
        }
    }
}

/// <summary>
/// The file of a per-column mean and standard deviation (<see cref="Standardizer"/>, <see cref="TargetScaler"/>): a
/// safetensors file with F64 tensors <c>mean</c> and <c>std</c>, the column names as a JSON array in the metadata,
/// and <c>netgen.kind</c> telling which of the two it is.
/// </summary>
internal static class StatisticsFile
{
    private const string MeanTensor = "mean";
    private const string StandardDeviationTensor = "std";

    public static byte[] ToBytes(string kind, IReadOnlyList<string> names, double[] means, double[] standardDeviations)
    {
        var writer = new SafeTensorsWriter();
        writer.Add(MeanTensor, means, means.Length);
        writer.Add(StandardDeviationTensor, standardDeviations, standardDeviations.Length);
        writer.AddMetadata(MetadataKeys.Kind, kind);
        writer.AddMetadata(MetadataKeys.FormatVersion, NetworkFile.FormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.AddMetadata(MetadataKeys.Version, NetworkFile.Version);
        using var json = new MemoryStream();
        using (var writerJson = new Utf8JsonWriter(json))
        {
            writerJson.WriteStartArray();
            foreach (var name in names)
            {
                writerJson.WriteStringValue(name);
            }

            writerJson.WriteEndArray();
        }

        writer.AddMetadata(MetadataKeys.FeatureNames, Encoding.UTF8.GetString(json.ToArray()));
        return writer.ToBytes();
    }

    public static (List<string> Names, double[] Means, double[] StandardDeviations) Read(SafeTensorsFile file, string kind)
    {
        var found = file.GetMetadata(MetadataKeys.Kind);
        if (found != kind)
        {
            throw new ModelFileException($"The file holds {(found is null ? "no NetGen " + kind : "a " + found)}; expected netgen.kind '{kind}'.");
        }

        var names = ReadNames(file.GetMetadata(MetadataKeys.FeatureNames));
        return (names, ReadStatistic(file, MeanTensor, names.Count), ReadStatistic(file, StandardDeviationTensor, names.Count));
    }
    private static double[] ReadStatistic(SafeTensorsFile file, string name, int count)
    {
        if (!file.ByName.TryGetValue(name, out var tensor))
        {
            throw new ModelFileException($"The file has no tensor '{name}'.");
        }

        if (tensor.Shape.Length != 1 || tensor.Shape[0] != count || !TensorTypes.IsFloatingPoint(tensor.Type))
        {
            throw new ModelFileException($"Tensor '{name}' is {tensor.Type} of shape {tensor.ShapeText}; expected a floating-point vector of {count} values, one per feature.");
        }

        var values = new double[count];
        file.ReadDoubles(tensor, values);
        return values;
    }

    private static List<string> ReadNames(string? json)
    {
        var names = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json ?? ""), new JsonReaderOptions { MaxDepth = 2 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new ModelFileException($"The metadata's {MetadataKeys.FeatureNames} is not a JSON array of strings.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.String)
            {
                names.Add(reader.GetString()!);
            }

            if (reader.TokenType != JsonTokenType.EndArray || reader.Read())
            {
                throw new ModelFileException($"The metadata's {MetadataKeys.FeatureNames} is not a JSON array of strings.");
            }
        }
        catch (JsonException exception)
        {
            throw new ModelFileException($"The metadata's {MetadataKeys.FeatureNames} is not valid JSON: {exception.Message}", exception);
        }

        return names;
    }
}
