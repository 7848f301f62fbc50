using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using NetGen.Serialization;

namespace NetGen;

/// <summary>
/// Saves and loads a network's whole state as a safetensors file whose tensor names and shapes are those of the
/// equivalent PyTorch module's <c>state_dict</c> (<see cref="NetworkArchitecture.PyTorchModule"/>), so the same file
/// is a NetGen checkpoint, a model to ship and a PyTorch interchange format. docs/shipping.md describes the format.
/// </summary>
public static class NetworkFile
{
    /// <summary>The version of NetGen's file layout, <c>netgen.format_version</c> in the metadata.</summary>
    public const int FormatVersion = 1;

    private const string OptimizerPrefix = "optimizer.";

    /// <summary>
    /// Saves the network to <paramref name="path"/> atomically: the file is written next to it under a temporary name,
    /// flushed to disk and renamed over it, so a failure part-way leaves any previous file intact.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="IOException">The file cannot be written (the previous one is kept).</exception>
    public static void Save<T>(this INetwork<T> network, string path, SaveOptions? options = null)
        where T : unmanaged => Save(network, path, options, wrap: null);

    /// <summary>Writes the network to <paramref name="stream"/> (the file is built in memory first, then written in one call).</summary>
    public static void Save<T>(this INetwork<T> network, Stream stream, SaveOptions? options = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToBytes(network, options ?? new SaveOptions()));
    }

    internal static void Save<T>(INetwork<T> network, string path, SaveOptions? options, Func<Stream, Stream>? wrap)
        where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, ToBytes(network, options ?? new SaveOptions()), wrap);
    }

    /// <summary>
    /// Loads a file saved by NetGen or PyTorch into the network. Everything is validated before anything changes: a
    /// truncated or corrupt file, or one that does not match the network, throws and leaves the network as it was.
    /// </summary>
    /// <exception cref="ModelFileException">The file is not a valid safetensors file, fails its checksum, or does not match the network (the message names the first difference).</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static void Load<T>(this INetwork<T> network, string path, LoadOptions? options = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafeTensorsFile file;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            file = SafeTensorsFile.Read(stream, stream.Length);
            Apply(network, file, options ?? new LoadOptions());
        }
        catch (ModelFileException exception)
        {
            throw new ModelFileException($"Cannot load '{path}' into {network.GetType().Name}: {exception.Message}", exception);
        }
    }

    /// <summary>Loads a file from <paramref name="stream"/>, reading no further than the file's end.</summary>
    /// <inheritdoc cref="Load{T}(INetwork{T}, string, LoadOptions?)"/>
    public static void Load<T>(this INetwork<T> network, Stream stream, LoadOptions? options = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            Apply(network, SafeTensorsFile.Read(stream, exactLength: null), options ?? new LoadOptions());
        }
        catch (ModelFileException exception)
        {
            throw new ModelFileException($"Cannot load the file into {network.GetType().Name}: {exception.Message}", exception);
        }
    }

    private static byte[] ToBytes<T>(INetwork<T> network, SaveOptions options)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(network);
        var architecture = network.Architecture;
        var parameters = new T[network.ParameterCount];
        network.GetParameters(parameters);
        var running = new T[network.RunningStatisticsCount];
        network.GetRunningStatistics(running);

        var writer = new SafeTensorsWriter();
        foreach (var tensor in architecture.StateTensors)
        {
            var shape = Array.ConvertAll(tensor.Shape, size => (long)size);
            switch (tensor.Kind)
            {
                case StateTensorKind.Parameter:
                    Add(writer, tensor.Name, parameters.AsSpan(tensor.Offset, tensor.Length), shape);
                    break;
                case StateTensorKind.RunningStatistic:
                    Add(writer, tensor.Name, running.AsSpan(tensor.Offset, tensor.Length), shape);
                    break;
                default:
                    writer.AddInt64Scalar(tensor.Name, network.BatchesTracked);
                    break;
            }
        }

        writer.AddMetadata("format", "pt"); // what Hugging Face's tools expect of a PyTorch state_dict
        writer.AddMetadata(MetadataKeys.Kind, "network");
        writer.AddMetadata(MetadataKeys.FormatVersion, FormatVersion.ToString(CultureInfo.InvariantCulture));
        writer.AddMetadata(MetadataKeys.Version, Version);
        writer.AddMetadata(MetadataKeys.Precision, architecture.Precision.ToString());
        writer.AddMetadata(MetadataKeys.Architecture, architecture.Describe());
        writer.AddMetadata(MetadataKeys.Fingerprint, architecture.Fingerprint);
        writer.AddMetadata(MetadataKeys.PyTorchModule, architecture.PyTorchModule());
        writer.AddMetadata(MetadataKeys.Loss, architecture.Loss.ToString());
        writer.AddMetadata(MetadataKeys.Optimizer, architecture.Optimizer.ToString());
        writer.AddMetadata(MetadataKeys.DeclaredHyperparameters, string.Join(";", architecture.Hyperparameters.Select(h =>
            h.Name + "=" + h.DeclaredValue.ToString("R", CultureInfo.InvariantCulture))));
        writer.AddMetadata(MetadataKeys.Contents, options.WeightsOnly ? "weights" : "checkpoint");
        if (!options.WeightsOnly)
        {
            AddTrainingState(network, architecture, writer);
        }

        return writer.ToBytes();
    }

    private static void AddTrainingState<T>(INetwork<T> network, NetworkArchitecture architecture, SafeTensorsWriter writer)
        where T : unmanaged
    {
        var state = new T[network.OptimizerStateCount];
        network.GetOptimizerState(state);
        var parameterCount = network.ParameterCount;
        for (var s = 0; s < architecture.OptimizerStates.Count; s++)
        {
            foreach (var tensor in architecture.StateTensors.Where(t => t.Kind == StateTensorKind.Parameter))
            {
                var shape = Array.ConvertAll(tensor.Shape, size => (long)size);
                Add(writer, OptimizerTensorName(architecture.OptimizerStates[s], tensor), state.AsSpan((s * parameterCount) + tensor.Offset, tensor.Length), shape);
            }
        }

        writer.AddMetadata(MetadataKeys.OptimizerStates, string.Join(",", architecture.OptimizerStates));
        writer.AddMetadata(MetadataKeys.StepCount, network.StepCount.ToString(CultureInfo.InvariantCulture));
        writer.AddMetadata(MetadataKeys.Hyperparameters, string.Join(";", architecture.Hyperparameters.Select(h =>
            h.Name + "=" + network.GetHyperparameter(h.Name).ToString("R", CultureInfo.InvariantCulture))));
        if (network.DropoutRandom is { } random)
        {
            Span<ulong> words = stackalloc ulong[DeterministicRandom.StateLength];
            random.GetState(words);
            writer.AddMetadata(MetadataKeys.DropoutState, string.Join(",", words.ToArray().Select(w => w.ToString("x16", CultureInfo.InvariantCulture))));
        }
    }

    private static string OptimizerTensorName(string state, StateTensor tensor) => $"{OptimizerPrefix}{state}.{tensor.Name}";

    /// <summary>Checks the whole file against the network, builds the new state aside, and only then applies it.</summary>
    private static void Apply<T>(INetwork<T> network, SafeTensorsFile file, LoadOptions options)
        where T : unmanaged
    {
        var architecture = network.Architecture;
        CheckKindAndArchitecture(file, architecture);

        var tensors = MapNames(file, options.MapName);
        var used = new HashSet<string>(StringComparer.Ordinal);

        // The module's state.
        var parameters = new T[network.ParameterCount];
        network.GetParameters(parameters);
        var running = new T[network.RunningStatisticsCount];
        network.GetRunningStatistics(running);
        long? batchesTracked = null;
        foreach (var expected in architecture.StateTensors)
        {
            if (!tensors.TryGetValue(expected.Name, out var entry))
            {
                if (options.Strict)
                {
                    throw new ModelFileException($"The file has no tensor '{expected.Name}' ({expected.Description}, {expected.ShapeText}).");
                }

                continue;
            }

            used.Add(expected.Name);
            CheckShape(expected, entry);
            switch (expected.Kind)
            {
                case StateTensorKind.Parameter:
                    Read(file, entry, expected, parameters.AsSpan(expected.Offset, expected.Length));
                    break;
                case StateTensorKind.RunningStatistic:
                    Read(file, entry, expected, running.AsSpan(expected.Offset, expected.Length));
                    break;
                default:
                    if (!IsInteger(entry.Type))
                    {
                        throw new ModelFileException($"Tensor '{entry.Name}' ({expected.Description}) has dtype {entry.Type}; expected an integer (I64, as PyTorch saves num_batches_tracked).");
                    }

                    var count = file.ReadInteger(entry);
                    if (count < 0)
                    {
                        throw new ModelFileException($"Tensor '{entry.Name}' ({expected.Description}) is {count}; expected a count of at least 0.");
                    }

                    batchesTracked ??= count;
                    break;
            }
        }

        var training = file.GetMetadata(MetadataKeys.Contents) == "checkpoint" && !options.WeightsOnly
            ? ReadTrainingState(network, architecture, file, tensors, used, options)
            : null;

        foreach (var name in tensors.Keys)
        {
            if (!used.Contains(name) && options.Strict && !(name.StartsWith(OptimizerPrefix, StringComparison.Ordinal) && (options.WeightsOnly || training is null)))
            {
                throw new ModelFileException($"The file has a tensor '{name}' ({tensors[name].ShapeText}) that this network does not have; the network's are {string.Join(", ", architecture.StateTensors.Select(t => t.Name))}.");
            }
        }

        // Everything read: apply. The setters check what only the network knows (a variance or an optimizer moment below
        // 0, a hyperparameter out of its range); if one refuses, the network gets its own state back, so a bad file never
        // leaves it half-loaded.
        var before = PriorState<T>.Capture(network, architecture);
        try
        {
            network.SetParameters(parameters);
            network.SetRunningStatistics(running);
            if (batchesTracked is { } batches)
            {
                network.BatchesTracked = batches;
            }

            training?.ApplyTo(network);
        }
        catch (ArgumentException exception)
        {
            before.Restore(network);
            throw new ModelFileException($"The file's values do not fit this network, which is unchanged: {exception.Message}", exception);
        }
    }

    /// <summary>The state a load may change, taken before it changes any, to put back if applying the file fails midway.</summary>
    private sealed record PriorState<T>(
        T[] Parameters, T[] RunningStatistics, long BatchesTracked, T[] OptimizerState, long StepCount, double[] Hyperparameters, ulong[]? DropoutState)
        where T : unmanaged
    {
        public static PriorState<T> Capture(INetwork<T> network, NetworkArchitecture architecture)
        {
            var parameters = new T[network.ParameterCount];
            network.GetParameters(parameters);
            var running = new T[network.RunningStatisticsCount];
            network.GetRunningStatistics(running);
            var optimizer = new T[network.OptimizerStateCount];
            network.GetOptimizerState(optimizer);
            var hyperparameters = architecture.Hyperparameters.Select(h => network.GetHyperparameter(h.Name)).ToArray();
            ulong[]? dropout = null;
            if (network.DropoutRandom is { } random)
            {
                dropout = new ulong[DeterministicRandom.StateLength];
                random.GetState(dropout);
            }

            return new PriorState<T>(parameters, running, network.BatchesTracked, optimizer, network.StepCount, hyperparameters, dropout);
        }

        public void Restore(INetwork<T> network)
        {
            network.SetParameters(Parameters);
            network.SetRunningStatistics(RunningStatistics);
            network.BatchesTracked = BatchesTracked;
            network.SetOptimizerState(OptimizerState);
            network.StepCount = StepCount;
            var names = network.Architecture.Hyperparameters;
            for (var i = 0; i < names.Count; i++)
            {
                network.SetHyperparameter(names[i].Name, Hyperparameters[i]);
            }

            if (DropoutState is not null)
            {
                network.DropoutRandom!.SetState(DropoutState);
            }
        }
    }

    private static TrainingState<T>? ReadTrainingState<T>(
        INetwork<T> network,
        NetworkArchitecture architecture,
        SafeTensorsFile file,
        Dictionary<string, TensorEntry> tensors,
        HashSet<string> used,
        LoadOptions options)
        where T : unmanaged
    {
        var fileOptimizer = file.GetMetadata(MetadataKeys.Optimizer);
        var fileStates = file.GetMetadata(MetadataKeys.OptimizerStates) ?? "";
        var states = string.Join(",", architecture.OptimizerStates);
        if (fileOptimizer != architecture.Optimizer.ToString() || fileStates != states)
        {
            if (!options.Strict)
            {
                return null;
            }

            throw new ModelFileException(
                $"The checkpoint's optimizer is {fileOptimizer ?? "not named"} (state: {Listed(fileStates)}), but this network's is {architecture.Optimizer} (state: {Listed(states)}); " +
                "load with LoadOptions.WeightsOnly to take only the weights.");
        }

        var state = new T[network.OptimizerStateCount];
        network.GetOptimizerState(state);
        var parameterCount = network.ParameterCount;
        for (var s = 0; s < architecture.OptimizerStates.Count; s++)
        {
            foreach (var expected in architecture.StateTensors.Where(t => t.Kind == StateTensorKind.Parameter))
            {
                var name = OptimizerTensorName(architecture.OptimizerStates[s], expected);
                if (!tensors.TryGetValue(name, out var entry))
                {
                    if (options.Strict)
                    {
                        throw new ModelFileException($"The checkpoint has no tensor '{name}' (the optimizer's {architecture.OptimizerStates[s]} of {expected.Description}, {expected.ShapeText}).");
                    }

                    continue;
                }

                used.Add(name);
                CheckShape(expected with { Name = name }, entry);
                Read(file, entry, expected, state.AsSpan((s * parameterCount) + expected.Offset, expected.Length));
            }
        }

        var stepText = file.GetMetadata(MetadataKeys.StepCount);
        if (!long.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out var stepCount))
        {
            throw new ModelFileException($"The checkpoint's {MetadataKeys.StepCount} is '{stepText}'; expected a whole number of at least 0.");
        }

        var hyperparameters = new List<(string Name, double Value)>();
        var known = architecture.Hyperparameters.Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var pair in (file.GetMetadata(MetadataKeys.Hyperparameters) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair.Substring(0, equals);
            if (equals < 0 || !double.TryParse(pair.AsSpan(equals + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new ModelFileException($"The checkpoint's hyperparameter '{pair}' is not name=number.");
            }

            if (!known.Contains(name))
            {
                if (options.Strict)
                {
                    throw new ModelFileException($"The checkpoint sets hyperparameter '{name}', which this network does not have; it has {string.Join(", ", known)}.");
                }

                continue;
            }

            hyperparameters.Add((name, value));
        }

        ulong[]? dropout = null;
        if (network.DropoutRandom is not null)
        {
            var text = file.GetMetadata(MetadataKeys.DropoutState);
            var words = (text ?? "").Split(',');
            dropout = new ulong[DeterministicRandom.StateLength];
            var valid = words.Length == dropout.Length;
            for (var i = 0; valid && i < words.Length; i++)
            {
                valid = words[i].Length == 16 && ulong.TryParse(words[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out dropout[i]);
            }

            if (!valid || !DeterministicRandom.IsValidState(dropout))
            {
                throw new ModelFileException($"The checkpoint's {MetadataKeys.DropoutState} is '{text}'; expected {DeterministicRandom.StateLength} comma-separated 16-digit hexadecimal words of a valid generator state.");
            }
        }

        return new TrainingState<T>(state, stepCount, hyperparameters, dropout);
    }

    private static string Listed(string states) => states.Length == 0 ? "none" : states.Replace(",", ", ");

    private static void CheckKindAndArchitecture(SafeTensorsFile file, NetworkArchitecture architecture)
    {
        var kind = file.GetMetadata(MetadataKeys.Kind);
        if (kind is not null && kind != "network")
        {
            throw new ModelFileException($"The file holds a {kind}, not a network.");
        }

        if (file.GetMetadata(MetadataKeys.FormatVersion) is { } version &&
            (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > FormatVersion))
        {
            throw new ModelFileException($"The file's format version is {version}; this NetGen ({Version}) reads version {FormatVersion} and older.");
        }

        var fingerprint = file.GetMetadata(MetadataKeys.Fingerprint);
        if (fingerprint is null || fingerprint == architecture.Fingerprint)
        {
            return;
        }

        throw new ModelFileException(ArchitectureDifference(file.GetMetadata(MetadataKeys.Architecture), architecture) ??
            $"The file's architecture fingerprint is {fingerprint}; this network's is {architecture.Fingerprint}.");
    }

    /// <summary>The first line where the file's architecture text and the network's differ, or null when the file has none.</summary>
    internal static string? ArchitectureDifference(string? fileText, NetworkArchitecture architecture)
    {
        if (fileText is null)
        {
            return null;
        }

        var fileLines = fileText.Split('\n');
        var networkLines = architecture.Describe().Split('\n');
        for (var i = 0; i < Math.Max(fileLines.Length, networkLines.Length); i++)
        {
            var inFile = i < fileLines.Length ? fileLines[i] : null;
            var inNetwork = i < networkLines.Length ? networkLines[i] : null;
            if (inFile == inNetwork)
            {
                continue;
            }

            if (inFile is null || inNetwork is null)
            {
                return $"The file's network has {fileLines.Length - 1} layers; this network has {networkLines.Length - 1}.";
            }

            var (label, fileValue) = Split(inFile);
            var (_, networkValue) = Split(inNetwork);
            return $"The file's architecture differs at {label}: the file has {fileValue}, this network has {networkValue}.";
        }

        return null;

        static (string Label, string Value) Split(string line)
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            return colon < 0
                ? ("the inputs", line.Replace("inputs ", "") + " inputs")
                : (line.Substring(0, colon), line.Substring(colon + 2));
        }
    }

    private static Dictionary<string, TensorEntry> MapNames(SafeTensorsFile file, Func<string, string?>? map)
    {
        var tensors = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        foreach (var entry in file.Tensors)
        {
            var name = map is null ? entry.Name : map(entry.Name);
            if (name is null)
            {
                continue;
            }

            if (!tensors.TryAdd(name, entry))
            {
                throw new ModelFileException($"Tensors '{tensors[name].Name}' and '{entry.Name}' of the file both map to '{name}'.");
            }
        }

        return tensors;
    }

    private static void CheckShape(StateTensor expected, TensorEntry entry)
    {
        var matches = entry.Shape.Length == expected.Shape.Length;
        for (var i = 0; matches && i < entry.Shape.Length; i++)
        {
            matches = entry.Shape[i] == expected.Shape[i];
        }

        if (!matches)
        {
            throw new ModelFileException($"Layer {expected.Layer}: expected {expected.ShapeText} for {expected.Description} (tensor '{expected.Name}'), the file has {entry.ShapeText}.");
        }
    }

    private static void Read<T>(SafeTensorsFile file, TensorEntry entry, StateTensor expected, Span<T> destination)
        where T : unmanaged
    {
        if (!TensorTypes.IsFloatingPoint(entry.Type))
        {
            throw new ModelFileException($"Tensor '{entry.Name}' ({expected.Description}) has dtype {entry.Type}; expected a floating-point type (F16, BF16, F32 or F64).");
        }

        if (typeof(T) == typeof(float))
        {
            var values = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(destination);
            file.ReadSingles(entry, values);
            RequireFinite(entry, expected, values);
        }
        else
        {
            var values = System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(destination);
            file.ReadDoubles(entry, values);
            RequireFinite(entry, expected, values);
        }
    }

    /// <summary>A network holds only finite state (its setters refuse the rest), so a NaN or ∞ in a file is named here, by tensor and index.</summary>
    private static void RequireFinite<TValue>(TensorEntry entry, StateTensor expected, ReadOnlySpan<TValue> values)
        where TValue : System.Numerics.IFloatingPointIeee754<TValue>
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!TValue.IsFinite(values[i]))
            {
                throw new ModelFileException(
                    $"Tensor '{entry.Name}' ({expected.Description}) holds {values[i].ToString(null, CultureInfo.InvariantCulture)} at flat index {i}; expected finite numbers.");
            }
        }
    }

    private static bool IsInteger(string type) => type is "I64" or "I32" or "I16" or "I8" or "U8" or "U16" or "U32";

    private static void Add<T>(SafeTensorsWriter writer, string name, ReadOnlySpan<T> values, long[] shape)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            writer.Add(name, System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(values), shape);
        }
        else if (typeof(T) == typeof(double))
        {
            writer.Add(name, System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(values), shape);
        }
        else
        {
            throw new NotSupportedException($"Networks compute in float or double, not {typeof(T).Name}.");
        }
    }

    /// <summary>NetGen's version, <c>netgen.version</c> in the metadata.</summary>
    internal static string Version { get; } =
        typeof(NetworkFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>What a checkpoint adds to the module's state, read and checked, applied after the module's state.</summary>
    private sealed record TrainingState<T>(T[] OptimizerState, long StepCount, List<(string Name, double Value)> Hyperparameters, ulong[]? DropoutState)
        where T : unmanaged
    {
        public void ApplyTo(INetwork<T> network)
        {
            network.SetOptimizerState(OptimizerState);
            network.StepCount = StepCount;
            foreach (var (name, value) in Hyperparameters)
            {
                network.SetHyperparameter(name, value);
            }

            if (DropoutState is not null)
            {
                network.DropoutRandom!.SetState(DropoutState);
            }
        }
    }
}

/// <summary>The keys NetGen writes into a safetensors file's <c>__metadata__</c>.</summary>
internal static class MetadataKeys
{
    public const string Kind = "netgen.kind";
    public const string FormatVersion = "netgen.format_version";
    public const string Version = "netgen.version";
    public const string Precision = "netgen.precision";
    public const string Architecture = "netgen.architecture";
    public const string Fingerprint = "netgen.fingerprint";
    public const string PyTorchModule = "netgen.pytorch_module";
    public const string Loss = "netgen.loss";
    public const string Optimizer = "netgen.optimizer";
    public const string Contents = "netgen.contents";
    public const string OptimizerStates = "netgen.optimizer_states";
    public const string StepCount = "netgen.step_count";
    public const string Hyperparameters = "netgen.hyperparameters";
    public const string DeclaredHyperparameters = "netgen.declared_hyperparameters";
    public const string DropoutState = "netgen.dropout_state";
    public const string FeatureNames = "netgen.feature_names";
}
