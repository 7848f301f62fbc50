using System;
using System.Globalization;

namespace NetGen;

/// <summary>
/// Moves trained layers between networks whose first layers have the same shapes: growing a network one hidden layer
/// at a time (train a depth-2 variant, copy its two hidden layers into a depth-3 one, train on), or starting a new
/// output head on trained features.
/// </summary>
public static class NetworkLayers
{
    /// <summary>
    /// Copies layers 0 to <paramref name="layerCount"/> − 1 of <paramref name="source"/> into <paramref name="destination"/>:
    /// each layer's weights, bias, PReLU slopes and batch-norm γ and β (its blocks of the parameter exchange layout) and
    /// its batch-norm running mean and variance. The destination's other layers, its optimizer state and its
    /// <see cref="INetwork{T}.BatchesTracked"/> are left as they are.
    /// </summary>
    /// <remarks>
    /// Layers match when they have the same inputs, units, bias, number of PReLU slopes and batch norm (with or without
    /// γ and β): the shapes of their tensors. Activations and dropout rates may differ, as they hold no parameters.
    /// </remarks>
    /// <param name="source">The network to copy from.</param>
    /// <param name="destination">The network to copy into.</param>
    /// <param name="layerCount">How many leading layers to copy, from 0 to the smaller network's layer count.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layerCount"/> is negative or more than either network has.</exception>
    /// <exception cref="ArgumentException">
    /// One of the layers differs in shape; the message names the first. Nothing is copied then.
    /// </exception>
    public static void Copy<T>(INetwork<T> source, INetwork<T> destination, int layerCount) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var from = source.Architecture;
        var to = destination.Architecture;
        if (layerCount < 0 || layerCount > from.Layers.Count || layerCount > to.Layers.Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(layerCount),
                layerCount,
                $"The number of layers to copy must be from 0 to {Math.Min(from.Layers.Count, to.Layers.Count)} (the source has {from.Layers.Count} layers, the destination {to.Layers.Count}).");
        }

        var parameters = 0;
        var statistics = 0;
        for (var index = 0; index < layerCount; index++)
        {
            var have = from.Layers[index];
            var want = to.Layers[index];
            if (Shape(have) != Shape(want))
            {
                throw new ArgumentException(
                    $"Layer {index + 1} of the destination has {Shape(want)}, but layer {index + 1} of the source has {Shape(have)}; only layers of the same shapes can be copied (the first {index} match).",
                    nameof(destination));
            }

            parameters += have.ParameterCount;
            statistics += have.BatchNorm is null ? 0 : 2 * have.Units;
        }

        // The exchange layouts list the layers in order, so the first layers are a prefix of both networks' layouts.
        if (parameters > 0)
        {
            var sourceParameters = new T[source.ParameterCount];
            var destinationParameters = new T[destination.ParameterCount];
            source.GetParameters(sourceParameters);
            destination.GetParameters(destinationParameters);
            sourceParameters.AsSpan(0, parameters).CopyTo(destinationParameters);
            destination.SetParameters(destinationParameters);
        }

        if (statistics > 0)
        {
            var sourceStatistics = new T[source.RunningStatisticsCount];
            var destinationStatistics = new T[destination.RunningStatisticsCount];
            source.GetRunningStatistics(sourceStatistics);
            destination.GetRunningStatistics(destinationStatistics);
            sourceStatistics.AsSpan(0, statistics).CopyTo(destinationStatistics);
            destination.SetRunningStatistics(destinationStatistics);
        }
    }

    /// <summary>The tensors of a layer, as the message names them: <c>W [32 × 16], b [32], batch norm γ, β [32]</c>.</summary>
    private static string Shape(LayerArchitecture layer)
    {
        var units = layer.Units.ToString(CultureInfo.InvariantCulture);
        var text = $"W [{units} × {layer.Inputs.ToString(CultureInfo.InvariantCulture)}]";
        text += layer.Bias ? $", b [{units}]" : ", no bias";
        text += layer.BatchNorm switch
        {
            null => ", no batch norm",
            { Affine: true } => $", batch norm with γ, β [{units}]",
            _ => $", batch norm without γ and β [{units}]",
        };
        return layer.SlopeCount > 0 ? text + $", PReLU slopes [{layer.SlopeCount.ToString(CultureInfo.InvariantCulture)}]" : text;
    }
}
