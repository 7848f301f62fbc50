using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using NetGen.Generator.Emitting;
using NetGen.Generator.Model;

namespace NetGen.Generator.Weights;

/// <summary>
/// Trained state read from a weights file at compile time, checked against the declaration: the parameters in the
/// exchange layout and the batch-norm running statistics, ready to be written into the generated code as constants.
/// </summary>
/// <remarks>Part of the incremental model: immutable and value-equal, like the specs.</remarks>
internal sealed record WeightsSpec(string Path, EquatableArray<double> Parameters, EquatableArray<double> RunningStatistics, long BatchesTracked, string Checksum);

/// <summary>A weights file handed to the compiler (by the package's build step, as text): its full path and bytes.</summary>
internal sealed record WeightsFile(string FullPath, EquatableArray<byte> Bytes, string? Error);

/// <summary>Matches a declaration's <c>Weights</c> to a file and checks the file against the declaration.</summary>
internal static class BakedWeights
{
    /// <summary>The first line of the text form the build step writes; base64 lines follow.</summary>
    public const string TextFormHeader = "netgen-weights-base64 1";

    /// <summary>
    /// The first line the build step writes instead, with the file's size on the next, for a file over
    /// <see cref="MaxFileBytes"/>: far larger than can be compiled in, so not worth handing to the compiler at all (a
    /// project folder may hold large training checkpoints that no declaration names).
    /// </summary>
    public const string TooLargeHeader = "netgen-weights-too-large 1";

    /// <summary>The largest file the build step encodes: 64 MB, well above the baking bound (<see cref="MaxBakedCharacters"/>) even for checkpoints with optimizer state.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>The AdditionalFiles metadata that marks a text form and names the original file.</summary>
    public const string PathMetadata = "build_metadata.AdditionalFiles.NetGenWeightsPath";

    public const string ProjectDirectoryProperty = "build_property.MSBuildProjectDirectory";

    /// <summary>Decodes the build step's text form.</summary>
    public static WeightsFile Decode(string fullPath, string? text)
    {
        if (text is not null && text.StartsWith(TooLargeHeader, StringComparison.Ordinal))
        {
            var size = text.Substring(TooLargeHeader.Length).Trim();
            return new WeightsFile(fullPath, default, $"it is {size} bytes, and the build step passes files of up to {MaxFileBytes:N0} bytes to the compiler (a network that large cannot be compiled in); load it at run time with network.Load");
        }

        if (text is null || !text.StartsWith(TextFormHeader, StringComparison.Ordinal))
        {
            return new WeightsFile(fullPath, default, "the build step's text form of it is missing or damaged; rebuild the project");
        }

        try
        {
            var bytes = Convert.FromBase64String(text.Substring(TextFormHeader.Length));
            return new WeightsFile(fullPath, new EquatableArray<byte>(bytes), null);
        }
        catch (FormatException)
        {
            return new WeightsFile(fullPath, default, "the build step's text form of it is not valid base64; rebuild the project");
        }
    }

    /// <summary>The file a declaration's <c>Weights</c> names: resolved against the project folder, else matched by its ending.</summary>
    public static WeightsFile? Find(string weights, string? projectDirectory, IEnumerable<WeightsFile> files)
    {
        var relative = Normalize(weights);
        if (projectDirectory is not null)
        {
            var full = Normalize(projectDirectory.TrimEnd('/', '\\') + "/" + weights);
            var exact = files.FirstOrDefault(f => string.Equals(Normalize(f.FullPath), full, StringComparison.OrdinalIgnoreCase));
            if (exact is not null)
            {
                return exact;
            }
        }

        var matches = files.Where(f => Normalize(f.FullPath).EndsWith("/" + relative.TrimStart('/'), StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>
    /// Reads and checks the file; returns the baked state, or the first problem as a sentence fragment and whether it is
    /// a mismatch with the declaration (NG5003) rather than a file that cannot be read (NG5002).
    /// </summary>
    public static (WeightsSpec? Weights, string? Problem, bool Mismatch) Resolve(NetworkSpec spec, WeightsFile file)
    {
        if (file.Error is not null)
        {
            return (null, file.Error, false);
        }

        WeightsFileReader reader;
        try
        {
            reader = WeightsFileReader.Read(file.Bytes.ToArray());
        }
        catch (WeightsFileException exception)
        {
            return (null, exception.Message, false);
        }

        try
        {
            return (Check(spec, file.FullPath, reader), null, false);
        }
        catch (WeightsFileException exception)
        {
            return (null, exception.Message, exception is not WeightsTooLargeException);
        }
    }

    private static WeightsSpec Check(NetworkSpec spec, string path, WeightsFileReader reader)
    {
        var kind = reader.GetMetadata("netgen.kind");
        if (kind is not null && kind != "network")
        {
            throw new WeightsFileException($"it holds a {kind}, not a network");
        }

        if (reader.GetMetadata("netgen.architecture") is { } fileText && ArchitectureDifference(fileText, Describe(spec)) is { } difference)
        {
            throw new WeightsFileException(difference);
        }

        if (reader.GetMetadata("netgen.precision") is { } precision && precision != spec.Precision.ToString())
        {
            throw new WeightsFileException($"it holds a {precision} network; this declaration computes in {spec.Precision} (set Precision = Precision.{precision}, or save the file from a {spec.Precision} network)");
        }

        var layout = new NetworkLayout(spec);

        // An assembly's string constants share one 16 MB heap (UTF-16): keep the baked data well inside it. Checked
        // before anything is allocated: a declaration may have up to 2³¹ parameters (NG0002's bound).
        var elementSize = spec.Precision == Precision.Single ? 4 : 8;
        var bakedValues = (long)layout.StorageLength + layout.Layers.Where(l => l.HasBatchNorm).Sum(l => 2L * l.OutPadded);
        var base64Characters = 4L * ((bakedValues * elementSize + 2) / 3);
        if (base64Characters > MaxBakedCharacters)
        {
            throw new WeightsTooLargeException(FormattableString.Invariant($"its {layout.ParameterCount:N0} parameters need {base64Characters:N0} characters of constant data, and an assembly holds at most 16 MB of string constants (baking stops at {MaxBakedCharacters:N0}); load the file at run time with network.Load instead"));
        }

        var parameters = new double[layout.ParameterCount];
        var running = new double[RunningCount(spec)];
        long? batches = null;
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var expected in ExpectedTensors(spec, layout))
        {
            if (!reader.Tensors.TryGetValue(expected.Name, out var tensor))
            {
                throw new WeightsFileException($"it has no tensor '{expected.Name}' ({expected.Description}, {ShapeText(expected.Shape)})");
            }

            used.Add(expected.Name);
            if (!tensor.Shape.SequenceEqual(expected.Shape.Select(s => (long)s)))
            {
                throw new WeightsFileException($"layer {expected.Layer}: expected {ShapeText(expected.Shape)} for {expected.Description} (tensor '{expected.Name}'), the file has {tensor.ShapeText}");
            }

            if (expected.Kind == TensorKind.BatchCount)
            {
                batches ??= reader.ReadInteger(tensor);
                continue;
            }

            if (tensor.Type == "F64" && spec.Precision == Precision.Single)
            {
                throw new WeightsFileException($"tensor '{expected.Name}' is F64; this declaration computes in Single, and rounding at build time would bake other weights than the file's (save the file as F32, or set Precision = Precision.Double)");
            }

            var destination = expected.Kind == TensorKind.Parameter ? parameters : running;
            var length = expected.Shape.Aggregate(1, (a, b) => a * b);
            for (var i = 0; i < length; i++)
            {
                destination[expected.Offset + i] = reader.ReadFloat(tensor, i);
            }
        }

        foreach (var name in reader.Tensors.Keys)
        {
            if (!used.Contains(name) && !name.StartsWith("optimizer.", StringComparison.Ordinal))
            {
                throw new WeightsFileException($"it has a tensor '{name}' that this declaration does not have");
            }
        }

        var checksum = reader.GetMetadata("netgen.checksum") ?? "";
        return new WeightsSpec(path, new EquatableArray<double>(parameters), new EquatableArray<double>(running), batches ?? 0, checksum);
    }

    /// <summary>Base64 characters of baked data one network may take: 6 M characters are 12 MB of the assembly's 16 MB string heap.</summary>
    public const long MaxBakedCharacters = 6_000_000;

    private sealed class WeightsTooLargeException(string message) : WeightsFileException(message);

    /// <summary>
    /// The inference-only form: every batch norm folded into its layer (W′ = s·W, b′ = s·(b − μ) + β with
    /// s = γ/√(σ² + ε), per unit, from the running statistics), dropout dropped (the identity at inference). The
    /// result is the spec and weights of a network without batch norm or dropout that computes the same function.
    /// </summary>
    public static (NetworkSpec Spec, WeightsSpec Weights) FoldForInference(NetworkSpec spec, WeightsSpec weights)
    {
        var layout = new NetworkLayout(spec);
        var folded = new List<double>();
        var layers = new List<LayerSpec>();
        var running = 0;
        foreach (var layer in layout.Layers)
        {
            var p = weights.Parameters;
            var scale = new double[layer.Out];
            var shift = new double[layer.Out];
            for (var o = 0; o < layer.Out; o++)
            {
                var bias = layer.HasBias ? p[layer.ExchangeB + o] : 0;
                if (layer.Spec.BatchNorm is { } norm)
                {
                    var gamma = layer.HasAffine ? p[layer.ExchangeGamma + o] : 1;
                    var beta = layer.HasAffine ? p[layer.ExchangeBeta + o] : 0;
                    var mean = weights.RunningStatistics[running + o];
                    var variance = weights.RunningStatistics[running + layer.Out + o];
                    scale[o] = gamma / Math.Sqrt(variance + norm.Epsilon);
                    shift[o] = (scale[o] * (bias - mean)) + beta;
                }
                else
                {
                    scale[o] = 1;
                    shift[o] = bias;
                }
            }

            for (var o = 0; o < layer.Out; o++)
            {
                for (var i = 0; i < layer.In; i++)
                {
                    folded.Add(scale[o] * p[layer.ExchangeW + (o * layer.In) + i]);
                }
            }

            var hasBias = layer.HasBias || layer.HasBatchNorm;
            if (hasBias)
            {
                folded.AddRange(shift);
            }

            for (var k = 0; k < layer.SlopeCount; k++)
            {
                folded.Add(p[layer.ExchangeSlope + k]);
            }

            running += layer.HasBatchNorm ? 2 * layer.Out : 0;
            layers.Add(layer.Spec with { BatchNorm = null, Bias = hasBias, DropoutRate = 0 });
        }

        return (spec with { Layers = new EquatableArray<LayerSpec>(layers.ToArray()) },
                weights with { Parameters = new EquatableArray<double>(folded.ToArray()), RunningStatistics = new EquatableArray<double>(new double[0]), BatchesTracked = 0 });
    }

    private static int RunningCount(NetworkSpec spec) => spec.Layers.Where(l => l.BatchNorm is not null).Sum(l => 2 * l.Units);

    private static string ShapeText(int[] shape) => shape.Length == 0 ? "a scalar" : string.Join(" × ", shape);

    internal enum TensorKind
    {
        Parameter,
        RunningStatistic,
        BatchCount,
    }

    internal sealed record ExpectedTensor(string Name, TensorKind Kind, int Layer, string Description, int Offset, int[] Shape);

    /// <summary>The state_dict of the equivalent PyTorch module, as the runtime's <c>NetworkArchitecture.StateTensors</c>.</summary>
    internal static IEnumerable<ExpectedTensor> ExpectedTensors(NetworkSpec spec, NetworkLayout layout)
    {
        var running = 0;
        foreach (var (layer, modules) in layout.Layers.Zip(PyTorchModules.Of(spec).Indices, (l, m) => (l, m)))
        {
            var n = layer.Number;
            yield return new($"{modules.Linear}.weight", TensorKind.Parameter, n, $"layer {n} weights W{n}", layer.ExchangeW, new[] { layer.Out, layer.In });
            if (layer.HasBias)
            {
                yield return new($"{modules.Linear}.bias", TensorKind.Parameter, n, $"layer {n} bias b{n}", layer.ExchangeB, new[] { layer.Out });
            }

            if (layer.HasBatchNorm)
            {
                if (layer.HasAffine)
                {
                    yield return new($"{modules.Norm}.weight", TensorKind.Parameter, n, $"layer {n} batch-norm scale γ{n}", layer.ExchangeGamma, new[] { layer.Out });
                    yield return new($"{modules.Norm}.bias", TensorKind.Parameter, n, $"layer {n} batch-norm shift β{n}", layer.ExchangeBeta, new[] { layer.Out });
                }

                yield return new($"{modules.Norm}.running_mean", TensorKind.RunningStatistic, n, $"layer {n} running mean", running, new[] { layer.Out });
                yield return new($"{modules.Norm}.running_var", TensorKind.RunningStatistic, n, $"layer {n} running variance", running + layer.Out, new[] { layer.Out });
                yield return new($"{modules.Norm}.num_batches_tracked", TensorKind.BatchCount, n, $"layer {n} batches tracked", 0, new int[0]);
                running += 2 * layer.Out;
            }

            if (layer.HasSlope)
            {
                yield return new($"{modules.Activation}.weight", TensorKind.Parameter, n, $"layer {n} PReLU slope{(layer.SlopeCount > 1 ? "s" : "")} α{n}", layer.ExchangeSlope, new[] { layer.SlopeCount });
            }
        }
    }

    /// <summary>The runtime's <c>NetworkArchitecture.Describe()</c> for a spec (a test keeps the two equal).</summary>
    internal static string Describe(NetworkSpec spec)
    {
        var text = new StringBuilder("inputs " + spec.Inputs.ToString(CultureInfo.InvariantCulture));
        var inputs = spec.Inputs;
        for (var index = 0; index < spec.Layers.Count; index++)
        {
            var layer = spec.Layers[index];
            text.Append('\n').Append("layer ").Append((index + 1).ToString(CultureInfo.InvariantCulture)).Append(": ");
            text.Append($"Linear({inputs}, {layer.Units}{(layer.Bias ? "" : ", bias=False")})");
            if (layer.BatchNorm is { } norm)
            {
                text.Append($" → BatchNorm1d({layer.Units}, eps={Format(norm.Epsilon)}, momentum={Format(norm.Momentum)}{(norm.Affine ? "" : ", affine=False")})");
            }

            text.Append(layer.Activation switch
            {
                Activation.Linear => "",
                Activation.LeakyReLU => $" → LeakyReLU({Format(layer.Slope)})",
                Activation.PReLU => $" → PReLU({(layer.SlopePerUnit ? layer.Units : 1)})",
                _ => " → " + layer.Activation,
            });
            if (layer.DropoutRate > 0)
            {
                text.Append($" → Dropout({Format(layer.DropoutRate)})");
            }

            inputs = layer.Units;
        }

        return text.ToString();
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The first line where two architecture texts differ, as the runtime's loader words it, or null.</summary>
    internal static string? ArchitectureDifference(string fileText, string declared)
    {
        var fileLines = fileText.Split('\n');
        var lines = declared.Split('\n');
        for (var i = 0; i < Math.Max(fileLines.Length, lines.Length); i++)
        {
            var inFile = i < fileLines.Length ? fileLines[i] : null;
            var inDeclaration = i < lines.Length ? lines[i] : null;
            if (inFile == inDeclaration)
            {
                continue;
            }

            if (inFile is null || inDeclaration is null)
            {
                return $"the file's network has {fileLines.Length - 1} layers; this declaration has {lines.Length - 1}";
            }

            var colon = inFile.IndexOf(": ", StringComparison.Ordinal);
            var declaredColon = inDeclaration.IndexOf(": ", StringComparison.Ordinal);
            return colon < 0 || declaredColon < 0
                ? $"the file's network has {inFile.Replace("inputs ", "")} inputs; this declaration has {inDeclaration.Replace("inputs ", "")}"
                : $"the architecture differs at {inFile.Substring(0, colon)}: the file has {inFile.Substring(colon + 2)}, this declaration has {inDeclaration.Substring(declaredColon + 2)}";
        }

        return null;
    }

    private static string Normalize(string path)
    {
        var parts = new List<string>();
        var rooted = path.StartsWith("/", StringComparison.Ordinal) || path.StartsWith("\\", StringComparison.Ordinal);
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[parts.Count - 1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return (rooted ? "/" : "") + string.Join("/", parts);
    }
}

/// <summary>The equivalent PyTorch <c>nn.Sequential</c>: its modules and each layer's module indices.</summary>
internal static class PyTorchModules
{
    public static (List<string> Modules, List<(int Linear, int Norm, int Activation)> Indices) Of(NetworkSpec spec)
    {
        var modules = new List<string>();
        var indices = new List<(int, int, int)>();
        var inputs = spec.Inputs;
        foreach (var layer in spec.Layers)
        {
            var linear = modules.Count;
            modules.Add($"Linear({inputs}, {layer.Units}{(layer.Bias ? "" : ", bias=False")})");
            var norm = -1;
            if (layer.BatchNorm is { } batchNorm)
            {
                norm = modules.Count;
                modules.Add($"BatchNorm1d({layer.Units}, eps={Python(batchNorm.Epsilon)}, momentum={Python(batchNorm.Momentum)}{(batchNorm.Affine ? "" : ", affine=False")})");
            }

            var activation = -1;
            if (layer.Activation != Activation.Linear)
            {
                activation = modules.Count;
                modules.Add(layer.Activation switch
                {
                    Activation.LeakyReLU => $"LeakyReLU({Python(layer.Slope)})",
                    Activation.PReLU => $"PReLU(num_parameters={(layer.SlopePerUnit ? layer.Units : 1)}, init={Python(layer.Slope)})",
                    Activation.Softmax => "Softmax(dim=1)",
                    _ => layer.Activation + "()",
                });
            }

            if (layer.DropoutRate > 0)
            {
                modules.Add($"Dropout(p={Python(layer.DropoutRate)})");
            }

            indices.Add((linear, norm, activation));
            inputs = layer.Units;
        }

        return (modules, indices);
    }

    /// <summary>A Python float literal, as the runtime's <c>PyTorchModule</c> writes it.</summary>
    private static string Python(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text.Replace("E", "e") : text + ".0";
    }
}
