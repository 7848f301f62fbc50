using System;
using System.IO;
using System.Linq;
using NetGen.Training;
using ScottPlot;

namespace NetGen.Plots.Tests;

/// <summary>The plots draw the history's numbers (as log₁₀ where the axis is logarithmic) and write real PNG files.</summary>
public class TrainingPlotsTests
{
    [Fact]
    public void Loss_DrawsTrainingAndValidationPerEpoch_AndMarksTheBestEpoch()
    {
        var (history, _) = Run(epochs: 6, withValidation: true);
        var plot = TrainingPlots.Loss(history);

        var lines = Lines(plot);
        Assert.Equal(["training", "validation"], lines.Select(l => l.LegendText));
        Assert.Equal(history.Select(r => (double)r.Epoch), lines[0].Data.GetScatterPoints().Select(p => p.X));
        Assert.Equal(history.Select(r => r.TrainingLoss), lines[0].Data.GetScatterPoints().Select(p => p.Y));
        Assert.Equal(history.Select(r => r.ValidationLoss!.Value), lines[1].Data.GetScatterPoints().Select(p => p.Y));
        var best = Assert.Single(plot.GetPlottables().OfType<ScottPlot.Plottables.VerticalLine>());
        Assert.Equal(history.BestEpoch, best.X);
    }

    [Fact]
    public void Loss_WithoutValidation_HasOneLine_AndALogScaleDrawsLog10()
    {
        var (history, _) = Run(epochs: 4, withValidation: false);
        var line = Assert.Single(Lines(TrainingPlots.Loss(history, logScale: true)));
        Assert.Equal(history.Select(r => Math.Log10(r.TrainingLoss)), line.Data.GetScatterPoints().Select(p => p.Y));
    }

    [Fact]
    public void LayerGradientNorms_DrawsOneLog10LinePerLayer()
    {
        var (history, network) = Run(epochs: 3, withValidation: false);
        var lines = Lines(TrainingPlots.LayerGradientNorms(history));
        Assert.Equal(network.LayerCount, lines.Length);
        for (var layer = 0; layer < lines.Length; layer++)
        {
            Assert.Equal($"layer {layer + 1}", lines[layer].LegendText);
            Assert.Equal(history.Select(r => Math.Log10(r.LayerGradientNorms[layer])), lines[layer].Data.GetScatterPoints().Select(p => p.Y));
        }
    }

    [Fact]
    public void GradientNormsByLayer_DrawsEveryLayerOfEachRunAtTheEpoch()
    {
        var (first, _) = Run(epochs: 2, withValidation: false);
        var (second, _) = Run(epochs: 2, withValidation: false, seed: 9);
        var lines = Lines(TrainingPlots.GradientNormsByLayer([("a", first), ("b", second)], epoch: 2));
        Assert.Equal(["a", "b"], lines.Select(l => l.LegendText));
        Assert.Equal([1.0, 2.0, 3.0], lines[0].Data.GetScatterPoints().Select(p => p.X));
        Assert.Equal(second[1].LayerGradientNorms.Select(Math.Log10), lines[1].Data.GetScatterPoints().Select(p => p.Y));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TrainingPlots.GradientNormsByLayer([("a", first)], epoch: 3));
        Assert.Contains("The run 'a' has 2 epochs, fewer than 3.", error.Message);
    }

    [Fact]
    public void Compare_LeavesOutEpochsWithoutTheValue_AndValuesALogAxisCannotShow()
    {
        var (history, _) = Run(epochs: 3, withValidation: false);
        var line = Assert.Single(Lines(TrainingPlots.Compare([("run", history)], r => r.Epoch == 2 ? null : r.Epoch - 1.0, "shifted epoch", logScale: true)));
        Assert.Equal([3.0], line.Data.GetScatterPoints().Select(p => p.X)); // epoch 1 is 0 (no log), epoch 2 is null
        Assert.Equal([Math.Log10(2)], line.Data.GetScatterPoints().Select(p => p.Y));
    }

    [Fact]
    public void Metrics_IsAccuracyForClassification_OnTheTrainingAndTheValidationData()
    {
        var (history, _) = Run(epochs: 2, withValidation: true);
        var lines = Lines(TrainingPlots.Metrics(history));
        Assert.Equal(["training", "validation"], lines.Select(l => l.LegendText));
        Assert.Equal(history.Select(r => r.TrainingMetrics!.Accuracy!.Value), lines[0].Data.GetScatterPoints().Select(p => p.Y));
        Assert.Equal(history.Select(r => r.ValidationMetrics!.Accuracy!.Value), lines[1].Data.GetScatterPoints().Select(p => p.Y));

        var (withoutValidation, _) = Run(epochs: 2, withValidation: false);
        Assert.Equal("training", Assert.Single(Lines(TrainingPlots.Metrics(withoutValidation))).LegendText);
    }

    [Fact]
    public void SaveOverview_WritesAPngOfTheRequestedSize()
    {
        var (history, _) = Run(epochs: 3, withValidation: true);
        var folder = Directory.CreateTempSubdirectory("netgen-plots-").FullName;
        try
        {
            var path = Path.Combine(folder, "overview.png");
            TrainingPlots.SaveOverview(history, path, 900, 600);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
            Assert.Equal(900, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16))); // IHDR width
            Assert.Equal(600, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20))); // IHDR height
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void BadArguments_AreNamed()
    {
        var (history, _) = Run(epochs: 1, withValidation: false);
        Assert.Contains("no epochs", Assert.Throws<ArgumentException>(() => TrainingPlots.Loss(new TrainingHistory())).Message);
        Assert.Equal("runs", Assert.Throws<ArgumentException>(() => TrainingPlots.Compare([], r => r.TrainingLoss, "loss")).ParamName);
        Assert.Contains("Run 0 has no name", Assert.Throws<ArgumentException>(() => TrainingPlots.Compare([(" ", history)], r => r.TrainingLoss, "loss")).Message);
        var missing = Path.Combine(Path.GetTempPath(), "netgen-missing-" + Guid.NewGuid().ToString("N"), "plot.png");
        Assert.Contains("does not exist", Assert.Throws<DirectoryNotFoundException>(() => TrainingPlots.SaveOverview(history, missing)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingPlots.SavePng(TrainingPlots.Loss(history), "x.png", width: 10));
    }

    [Theory]
    [InlineData(0, "1")]
    [InlineData(1, "10")]
    [InlineData(-1, "0.1")]
    [InlineData(-4, "1e-4")]
    [InlineData(3, "1e3")]
    public void LogAxisLabels_AreTheValues(double exponent, string label) => Assert.Equal(label, TrainingPlots.PowerOfTen(exponent));

    private static ScottPlot.Plottables.Scatter[] Lines(Plot plot) => plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToArray();

    private static (TrainingHistory History, PlotTestNet Network) Run(int epochs, bool withValidation, int seed = 1)
    {
        var random = new DeterministicRandom((ulong)seed);
        var inputs = new float[60 * 2];
        var targets = new float[60 * 2];
        for (var i = 0; i < 60; i++)
        {
            inputs[2 * i] = (float)random.NextNormal();
            inputs[(2 * i) + 1] = (float)random.NextNormal();
            var positive = inputs[2 * i] * inputs[(2 * i) + 1] > 0;
            targets[(2 * i) + (positive ? 1 : 0)] = 1;
        }

        var all = new TrainingData<float>(inputs, targets, 2, 2);
        var validation = withValidation ? new TrainingData<float>(inputs[..40], targets[..40], 2, 2) : null;
        var network = new PlotTestNet(seed);
        var history = Trainer.Fit(network, all, new TrainingOptions { Epochs = epochs, BatchSize = 8 }, validation);
        return (history, network);
    }
}

[Network(Inputs = 2, Seed = 1)]
[Layer(8, Activation.Tanh)]
[Layer(8, Activation.Tanh)]
[Layer(2, Activation.Softmax)]
[Loss(LossKind.CategoricalCrossEntropy)]
[Optimizer(OptimizerKind.Adam, LearningRate = 0.01)]
public partial class PlotTestNet
{
}
