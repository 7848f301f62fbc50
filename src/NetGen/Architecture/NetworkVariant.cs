using System;
using System.Collections.Generic;
using System.Linq;

namespace NetGen;

/// <summary>
/// One variant of a <c>[Variants]</c> family: a network type the generator specialized for one combination of the
/// family's axis values. The family's generated <c>Variants</c> list holds one entry per variant, in a stable order
/// (the axes' values as written, the first axis slowest), for a tuner to enumerate, describe and instantiate.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>, the family's precision.</typeparam>
public sealed class NetworkVariant<T> where T : unmanaged
{
    private readonly Func<int, INetwork<T>> _create;
    private readonly KeyValuePair<string, string>[] _axes;
    private readonly Dictionary<string, string> _axisLookup;

    /// <summary>Describes a variant; the generated registry calls this once per variant.</summary>
    /// <param name="name">The variant's type name within its family (<c>Depth2_Units32_ReLU</c>).</param>
    /// <param name="type">The generated network type.</param>
    /// <param name="axes">The value of each axis the family declares, in the order the <c>[Variants]</c> attribute names them.</param>
    /// <param name="architecture">The variant's architecture (its <c>Architecture</c>).</param>
    /// <param name="create">Creates the network with its weights initialized from a seed.</param>
    /// <exception cref="ArgumentException">The name is empty, or an axis is named twice.</exception>
    public NetworkVariant(
        string name,
        Type type,
        IReadOnlyList<KeyValuePair<string, string>> axes,
        NetworkArchitecture architecture,
        Func<int, INetwork<T>> create)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(create);
        _axes = axes.ToArray();
        _axisLookup = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var axis in _axes)
        {
            if (!_axisLookup.TryAdd(axis.Key, axis.Value))
            {
                throw new ArgumentException($"The axis '{axis.Key}' is named twice; each axis has one value per variant.", nameof(axes));
            }
        }

        Name = name;
        Type = type;
        Architecture = architecture;
        _create = create;
    }

    /// <summary>The variant's type name within its family, such as <c>Depth2_Units32_ReLU</c>: stable as long as the family's axes are.</summary>
    public string Name { get; }

    /// <summary>The generated network type (nested in the family class).</summary>
    public Type Type { get; }

    /// <summary>
    /// The value of each axis the family declares (<c>Depth</c>, <c>Units</c>, <c>Activation</c>, <c>Init</c>,
    /// <c>BatchNorm</c>, <c>Dropout</c>, <c>Optimizer</c>), in declaration order, as invariant text
    /// (<c>"2"</c>, <c>"ReLU"</c>, <c>"true"</c>, <c>"0.2"</c>, <c>"Adam"</c>): what a study records as the trial's parameters.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Axes => _axes;

    /// <summary>The axis values as one line, <c>Depth=2, Units=32, Activation=ReLU</c>.</summary>
    public string Description => string.Join(", ", _axes.Select(axis => $"{axis.Key}={axis.Value}"));

    /// <summary>The variant's architecture: its layers, loss and optimizer.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>The number of hidden layers.</summary>
    public int Depth => Architecture.Layers.Count - 1;

    /// <summary>The units of each hidden layer.</summary>
    public int Units => Architecture.Layers[0].Units;

    /// <summary>The value of one axis, such as <c>variant.Axis("Activation")</c>.</summary>
    /// <exception cref="ArgumentException">The family declares no axis of that name.</exception>
    public string Axis(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _axisLookup.TryGetValue(name, out var value)
            ? value
            : throw new ArgumentException($"Variant {Name} has no axis '{name}'; its axes are {string.Join(", ", _axes.Select(a => a.Key))}.", nameof(name));
    }

    /// <summary>Creates the network, its weights initialized from <paramref name="seed"/> as <c>new Variant(seed)</c> does.</summary>
    public INetwork<T> Create(int seed) => _create(seed);

    /// <summary>The name and the axis values.</summary>
    public override string ToString() => $"{Name} ({Description})";
}
