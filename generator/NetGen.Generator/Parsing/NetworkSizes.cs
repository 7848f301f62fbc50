using System;
using System.Collections.Generic;
using System.Globalization;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// The upper bounds of a declaration's sizes (NG0002): every array the generated code allocates and every count it
/// computes, derived with the formulas of <c>NetworkLayout</c> (rows padded to one <c>Vector512</c>, the exchange
/// layout) and the emitter's buffers, but in <see cref="long"/>, against .NET's array limit. <c>NetworkLayout</c> and
/// the emitter compute in <see cref="int"/>, so a declaration must pass this check before either runs.
/// </summary>
internal static class NetworkSizes
{
    /// <summary><c>Array.MaxLength</c> (not in netstandard2.0): the most elements a .NET array holds.</summary>
    public const long MaxArrayLength = 0x7FFFFFC7;

    /// <summary>
    /// The most bytes the emitter sizes a scratch buffer in: it computes <c>elements × element size</c> as an
    /// <see cref="int"/> to choose between the stack and the array pool.
    /// </summary>
    public const long MaxScratchBytes = int.MaxValue;

    /// <summary>Rows of a batched inference tile (the emitter's <c>TileRows</c>): Predict's scratch holds two buffers of that many rows.</summary>
    public const int TileRows = 8;

    /// <summary>Which argument a size problem is reported on.</summary>
    public enum Culprit
    {
        /// <summary><c>[Network(Inputs = …)]</c>.</summary>
        Inputs,

        /// <summary>The units of the layer at <see cref="Excess.Layer"/> (0-based).</summary>
        Units,

        /// <summary><c>[Training(BatchSize = …)]</c>.</summary>
        BatchSize,

        /// <summary><c>[Training(Samples = …)]</c>.</summary>
        Samples,
    }

    /// <summary>The first size over its bound: the argument that makes it so, and the message naming the count and the limit.</summary>
    public sealed record Excess(Culprit Culprit, int Layer, string Message);

    /// <summary>The sizes of one layer, as <c>LayerLayout</c> computes them.</summary>
    public readonly record struct LayerSizes(long Inputs, long Units, long UnitsPadded, long Storage, long Parameters, long RunningStatistics);

    /// <summary>Elements per storage and batch row: 16 floats or 8 doubles (one <c>Vector512</c>, 64 bytes).</summary>
    public static int PaddingLanes(Precision precision) => precision == Precision.Double ? 8 : 16;

    public static int ElementSize(Precision precision) => precision == Precision.Double ? 8 : 4;

    /// <summary>One layer's storage and exchange sizes, the same arithmetic as <c>LayerLayout</c> in <see cref="long"/>.</summary>
    public static LayerSizes Layer(LayerSpec layer, long inputs, Precision precision)
    {
        long lanes = PaddingLanes(precision);
        long units = layer.Units;
        var padded = (units + lanes - 1) / lanes * lanes;
        var slopeCount = layer.Activation == Activation.PReLU ? (layer.SlopePerUnit ? units : 1) : 0;
        var slopeStorage = slopeCount == 0 ? 0 : layer.SlopePerUnit ? padded : lanes;
        var affine = layer.BatchNorm is { Affine: true };
        var bias = layer.Bias;

        // inputs and units are ints, so no product here reaches 2^63.
        var storage = (inputs * padded) + (bias ? padded : 0) + (affine ? 2 * padded : 0) + slopeStorage;
        var parameters = (inputs * units) + (bias ? units : 0) + (affine ? 2 * units : 0) + slopeCount;
        var running = layer.BatchNorm is null ? 0 : 2 * padded;
        return new LayerSizes(inputs, units, padded, storage, parameters, running);
    }

    /// <summary>
    /// The first size of the declaration that exceeds its bound, or null. Walks the layers in order, so the layer
    /// reported is the one that takes a total over its bound.
    /// </summary>
    /// <param name="optimizerStates">State values the optimizer keeps per parameter (OptimizerStateCount = that × ParameterCount).</param>
    public static Excess? Check(Precision precision, int inputs, IReadOnlyList<LayerSpec> layers, OptimizerKind optimizer, int optimizerStates, TrainingSpec? training)
    {
        var type = precision == Precision.Double ? "doubles" : "floats";
        long storage = 0;
        long parameters = 0;
        long running = 0;
        long widest = 0;
        long layerInputs = inputs;
        for (var i = 0; i < layers.Count; i++)
        {
            // Each total is at most MaxArrayLength before the layer and the layer adds below 2^62 + 2^36: no overflow.
            var layer = Layer(layers[i], layerInputs, precision);
            storage += layer.Storage;
            parameters += layer.Parameters;
            running += layer.RunningStatistics;
            widest = Math.Max(widest, layer.UnitsPadded);
            layerInputs = layer.Units;

            if (storage > MaxArrayLength)
            {
                var (culprit, index, subject) = WeightBlock(i, layer, inputs, layers);
                return new Excess(culprit, index,
                    $"{subject} bring the network's parameter storage to {N(storage)} elements (each weight row padded to a multiple of {PaddingLanes(precision)} {type}){CountNote(parameters, storage)}, more than the {N(MaxArrayLength)} elements a .NET array holds (Array.MaxLength)");
            }

            if (optimizerStates > 1 && optimizerStates * parameters > MaxArrayLength)
            {
                var (culprit, index, subject) = WeightBlock(i, layer, inputs, layers);
                return new Excess(culprit, index,
                    $"{subject} bring ParameterCount to {N(parameters)}, and {optimizer} keeps {optimizerStates} state values per parameter, so OptimizerStateCount would be {optimizerStates} × {N(parameters)} = {N(optimizerStates * parameters)}, more than the {N(MaxArrayLength)} elements a .NET array holds (Array.MaxLength)");
            }

            if (running > MaxArrayLength)
            {
                return new Excess(Culprit.Units, i,
                    $"Layer {i + 1}'s {N(layer.Units)} units bring the batch-norm running statistics (mean and variance per unit, padded to {N(layer.UnitsPadded)}) to {N(running)} elements, more than the {N(MaxArrayLength)} elements a .NET array holds (Array.MaxLength)");
            }

            var scratchBytes = 2 * TileRows * widest * ElementSize(precision);
            if (scratchBytes > MaxScratchBytes)
            {
                return new Excess(Culprit.Units, i,
                    $"Layer {i + 1}'s {N(layer.Units)} units (padded to {N(layer.UnitsPadded)}) make Predict's scratch, two buffers of {TileRows} rows of the widest layer, {N(scratchBytes)} bytes, more than the {N(MaxScratchBytes)} the generated code can size a buffer in");
            }
        }

        return BatchExcess(training, inputs, widest, layers);
    }

    /// <summary>
    /// The declared batch against the training buffers: the generated code keeps batch × (padded width) values per layer,
    /// the trainer batch × Inputs inputs, and with batch norm it merges a lone last sample into the batch before it.
    /// </summary>
    private static Excess? BatchExcess(TrainingSpec? training, int inputs, long widest, IReadOnlyList<LayerSpec> layers)
    {
        if (training is null)
        {
            return null;
        }

        var batchSize = training.BatchSize ?? 32; // TrainingAttribute's default
        var samples = training.Samples;
        long batch;
        Culprit culprit;
        if (batchSize > 0 && (samples is null || batchSize <= samples))
        {
            (batch, culprit) = (batchSize, Culprit.BatchSize);
        }
        else if (samples is { } known && batchSize >= 0)
        {
            (batch, culprit) = (known, Culprit.Samples);
        }
        else
        {
            return null; // full batch over an unknown number of samples
        }

        var hasBatchNorm = false;
        foreach (var layer in layers)
        {
            hasBatchNorm |= layer.BatchNorm is not null;
        }

        var rows = batch + (hasBatchNorm ? 1 : 0);
        var width = Math.Max(inputs, widest);
        if (rows * width <= MaxArrayLength)
        {
            return null;
        }

        var what = culprit == Culprit.BatchSize
            ? $"BatchSize = {N(batch)}"
            : $"Samples = {N(batch)} in {(batchSize == 0 ? "full-batch training (BatchSize = 0)" : $"one batch (BatchSize = {N(batchSize)} is larger)")}";
        return new Excess(culprit, -1,
            $"{what} makes a training batch buffer {N(rows)} rows × {N(width)} = {N(rows * width)} elements{(hasBatchNorm ? " (with batch norm a lone last sample joins the batch before it)" : "")}, more than the {N(MaxArrayLength)} elements a .NET array holds (Array.MaxLength)");
    }

    /// <summary>
    /// Who makes layer <paramref name="index"/>'s weight block large: its own units, or its inputs (Inputs for the first
    /// layer, the units of the layer before otherwise) when those are more.
    /// </summary>
    private static (Culprit Culprit, int Index, string Subject) WeightBlock(int index, LayerSizes layer, int inputs, IReadOnlyList<LayerSpec> layers)
    {
        if (layer.Inputs <= layer.Units)
        {
            return (Culprit.Units, index, $"Layer {index + 1}'s {N(layer.Units)} units (of {N(layer.Inputs)} inputs each)");
        }

        return index == 0
            ? (Culprit.Inputs, -1, $"Inputs = {N(inputs)}, feeding layer 1's {N(layer.Units)} units,")
            : (Culprit.Units, index - 1, $"Layer {index}'s {N(layers[index - 1].Units)} units, feeding layer {index + 1}'s {N(layer.Units)} units,");
    }

    private static string CountNote(long parameters, long storage) =>
        parameters == storage ? "" : $" for {N(parameters)} parameters";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
