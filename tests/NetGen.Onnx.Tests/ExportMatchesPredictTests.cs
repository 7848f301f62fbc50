using System;
using System.Linq;

namespace NetGen.Onnx.Tests;

/// <summary>The exported model, run in ONNX Runtime, computes what <c>Predict</c> computes: float and double, every layer kind.</summary>
public class ExportMatchesPredictTests
{
    public static TheoryData<bool> Folding => new() { false, true };

    [Theory]
    [MemberData(nameof(Folding))]
    public void EveryActivationFloat_MatchesPredict(bool fold) =>
        OnnxRunner.AssertMatchesPredict(OnnxRunner.Randomized<EveryActivationNet, float>(new EveryActivationNet(), 1), fold);

    [Theory]
    [MemberData(nameof(Folding))]
    public void EveryActivationDouble_MatchesPredict(bool fold) =>
        OnnxRunner.AssertMatchesPredict(OnnxRunner.Randomized<EveryActivationDoubleNet, double>(new EveryActivationDoubleNet(), 2), fold);

    [Theory]
    [MemberData(nameof(Folding))]
    public void BatchNormFloat_MatchesPredict(bool fold) =>
        OnnxRunner.AssertMatchesPredict(OnnxRunner.Randomized<BatchNormNet, float>(new BatchNormNet(), 3), fold);

    [Theory]
    [MemberData(nameof(Folding))]
    public void BatchNormDouble_MatchesPredict(bool fold) =>
        OnnxRunner.AssertMatchesPredict(OnnxRunner.Randomized<BatchNormDoubleNet, double>(new BatchNormDoubleNet(), 4), fold);

    [Theory]
    [MemberData(nameof(Folding))]
    public void OutputBatchNorm_MatchesPredict(bool fold) =>
        OnnxRunner.AssertMatchesPredict(OnnxRunner.Randomized<OutputBatchNormNet, float>(new OutputBatchNormNet(), 5), fold);

    [Theory]
    [MemberData(nameof(Folding))]
    public void SmallFloatNetworks_MatchPredict(bool fold)
    {
        OnnxRunner.AssertMatchesPredict(OnnxRunner.Randomized<SingleSigmoidNet, float>(new SingleSigmoidNet(), 7), fold);
        OnnxRunner.AssertMatchesPredict(OnnxRunner.Randomized<SeluOutputNet, float>(new SeluOutputNet(), 9), fold);
        OnnxRunner.AssertMatchesPredict(OnnxRunner.Randomized<ReluOutputNet, float>(new ReluOutputNet(), 12), fold);
    }

    [Theory]
    [MemberData(nameof(Folding))]
    public void SmallDoubleNetworks_MatchPredict(bool fold)
    {
        OnnxRunner.AssertMatchesPredict(OnnxRunner.Randomized<SingleBiasFreeDoubleNet, double>(new SingleBiasFreeDoubleNet(), 8), fold);
        OnnxRunner.AssertMatchesPredict(OnnxRunner.Randomized<LeakyOutputDoubleNet, double>(new LeakyOutputDoubleNet(), 10), fold);
        OnnxRunner.AssertMatchesPredict(OnnxRunner.Randomized<PReluOutputDoubleNet, double>(new PReluOutputDoubleNet(), 11), fold);
        OnnxRunner.AssertMatchesPredict(OnnxRunner.Randomized<SigmoidOutputDoubleNet, double>(new SigmoidOutputDoubleNet(), 13), fold);
    }

    [Fact]
    public void TrainedNetwork_MatchesPredict()
    {
        // Running statistics and weights as training leaves them (momentum updates, learned γ, β and slopes).
        var network = new OutputBatchNormNet();
        var inputs = OnnxRunner.Inputs<float>(16 * OutputBatchNormNet.Sizes.InputCount, seed: 20);
        var targets = new float[16 * OutputBatchNormNet.Sizes.OutputCount];
        for (var sample = 0; sample < 16; sample++)
        {
            targets[(sample * OutputBatchNormNet.Sizes.OutputCount) + (sample % OutputBatchNormNet.Sizes.OutputCount)] = 1;
        }

        for (var step = 0; step < 5; step++)
        {
            network.TrainStep(inputs, targets);
        }

        OnnxRunner.AssertMatchesPredict(network, foldBatchNorm: false);
        OnnxRunner.AssertMatchesPredict(network, foldBatchNorm: true);
    }

    [Fact]
    public void DoubleGelu_MatchesPredictOnEveryPieceOfErfc()
    {
        // Each interval of the fdlibm erfc the graph builds (|z|/√2 below 0.84375, below 1.25, below 1/0.35, beyond),
        // both signs, the bounds themselves, and far tails where GELU(z) is tiny: relative to the value itself.
        var network = new GeluDoubleNet();
        network.SetParameters(new[] { 1.0, 0.0 });
        var bounds = new[] { 0.84375, 1.25, 1 / 0.35 }.Select(b => b * Math.Sqrt(2));
        var magnitudes = new[] { 0, 1e-300, 1e-9, 0.3, 1, 1.5, 2, 3, 3.5, 4, 5, 6, 8, 10, 15, 20, 30, 37 }.Concat(bounds)
            .SelectMany(m => new[] { m, Math.BitIncrement(m), Math.BitDecrement(m) }).Where(m => m >= 0).ToArray();
        var inputs = magnitudes.SelectMany(m => new[] { m, -m }).ToArray();
        var expected = new double[inputs.Length];
        network.Predict(inputs, expected);
        foreach (var optimize in new[] { true, false })
        {
            var actual = OnnxRunner.Run(OnnxRunner.Export(network), inputs, inputs.Length, 1, optimize: optimize);
            for (var k = 0; k < inputs.Length; k++)
            {
                var error = Math.Abs(actual[k] - expected[k]);
                Assert.True(error <= (1e-12 * Math.Abs(expected[k])) + double.Epsilon, $"GELU({inputs[k]:R}), optimized {optimize}: ONNX {actual[k]:R} vs Predict {expected[k]:R}");
            }
        }
    }
}
