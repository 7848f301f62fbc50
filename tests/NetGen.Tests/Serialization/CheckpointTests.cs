using System;
using System.IO;
using System.Linq;
using NetGen.Tests.Optimizers;

namespace NetGen.Tests.Serialization;

/// <summary>A checkpoint holds everything training needs: saving, loading into a fresh instance and continuing is the same run, bit for bit.</summary>
public class CheckpointTests
{
    private const int BatchSize = 8;

    private static (float[] Inputs, float[] Targets) Batch(int step, int inputs, int outputs, LossKind loss)
    {
        var x = TestData.Normal(BatchSize * inputs, seed: 100 + step).Select(v => (float)v).ToArray();
        var t = TestData.Targets(loss, BatchSize, outputs, seed: 200 + step).Select(v => (float)v).ToArray();
        return (x, t);
    }

    private static void Train(INetwork<float> network, int fromStep, int steps)
    {
        for (var step = fromStep; step < fromStep + steps; step++)
        {
            var (x, t) = Batch(step, network.InputCount, network.OutputCount, network.Loss);
            network.TrainStep(x, t);
        }
    }

    /// <summary>Every value a run depends on, as bits.</summary>
    private static string State<T>(INetwork<T> network)
        where T : unmanaged
    {
        var parameters = new T[network.ParameterCount];
        network.GetParameters(parameters);
        var optimizer = new T[network.OptimizerStateCount];
        network.GetOptimizerState(optimizer);
        var running = new T[network.RunningStatisticsCount];
        network.GetRunningStatistics(running);
        var dropout = new ulong[DeterministicRandom.StateLength];
        network.DropoutRandom?.GetState(dropout);
        var hyperparameters = network.Architecture.Hyperparameters.Select(h => $"{h.Name}={network.GetHyperparameter(h.Name):R}");
        return string.Join(" ", parameters.Concat(optimizer).Concat(running).Select(v => Bits(v))) +
            $" | t={network.StepCount} batches={network.BatchesTracked} dropout={string.Join(",", dropout)} {string.Join(";", hyperparameters)}";
    }

    private static string Bits<T>(T value) => value switch
    {
        float f => BitConverter.SingleToInt32Bits(f).ToString("x8"),
        double d => BitConverter.DoubleToInt64Bits(d).ToString("x16"),
        _ => throw new NotSupportedException(),
    };

    [Fact]
    public void TenSteps_EqualFiveStepsSaveLoadFiveSteps_BitForBit()
    {
        // A hyperparameter changed between steps (as a schedule would) is part of the state.
        var straight = new ResumableNet();
        Train(straight, 0, 5);
        straight.Beta1 = 0.85f;
        Train(straight, 5, 5);

        var first = new ResumableNet();
        Train(first, 0, 5);
        first.Beta1 = 0.85f;
        using var file = new MemoryStream();
        first.Save(file);

        // A fresh instance from another seed: other weights, other dropout stream, other hyperparameters.
        var resumed = new ResumableNet(seed: 99) { Beta2 = 0.5f, LearningRate = 1f };
        file.Position = 0;
        resumed.Load(file);
        Assert.Equal(State(first), State(resumed));

        Train(resumed, 5, 5);
        Train(first, 5, 5);
        Assert.Equal(State(straight), State(resumed));
        Assert.Equal(10, resumed.StepCount);
        Assert.Equal(10, resumed.BatchesTracked);
    }

    [Fact]
    public void SaveToPath_LoadFromPath_RestoresTheRun()
    {
        var folder = Directory.CreateTempSubdirectory("netgen-").FullName;
        try
        {
            var network = new ResumableNet();
            Train(network, 0, 3);
            var path = Path.Combine(folder, "model.safetensors");
            network.Save(path);
            var loaded = new ResumableNet(seed: 1);
            loaded.Load(path);
            Assert.Equal(State(network), State(loaded));
            Assert.Equal(new[] { "model.safetensors" }, Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(OptimizerNetworks.Names), MemberType = typeof(OptimizerNetworks))]
    public void EveryOptimizer_ResumesBitForBit(string name)
    {
        static void Steps(INetwork<double> network, int from, int count)
        {
            for (var step = from; step < from + count; step++)
            {
                var x = TestData.Normal(4 * network.InputCount, seed: 300 + step);
                var t = TestData.Normal(4 * network.OutputCount, seed: 400 + step);
                network.TrainStep(x, t);
            }
        }

        var straight = OptimizerNetworks.Create(name);
        Steps(straight, 0, 6);
        var first = OptimizerNetworks.Create(name);
        Steps(first, 0, 3);
        using var file = new MemoryStream();
        first.Save(file);
        var resumed = OptimizerNetworks.Create(name);
        file.Position = 0;
        resumed.Load(file);
        Steps(resumed, 3, 3);
        Assert.Equal(State(straight), State(resumed));
    }

    [Fact]
    public void WeightsOnlyFile_LeavesTheTrainingStateAlone()
    {
        var trained = new ResumableNet();
        Train(trained, 0, 4);
        using var file = new MemoryStream();
        trained.Save(file, new SaveOptions { WeightsOnly = true });

        var other = new ResumableNet(seed: 8);
        Train(other, 20, 2);
        var optimizerBefore = new float[other.OptimizerStateCount];
        other.GetOptimizerState(optimizerBefore);
        file.Position = 0;
        other.Load(file);

        var expected = new float[ResumableNet.Sizes.ParameterCount];
        var actual = new float[ResumableNet.Sizes.ParameterCount];
        trained.GetParameters(expected);
        other.GetParameters(actual);
        Assert.Equal(expected, actual);
        var optimizerAfter = new float[other.OptimizerStateCount];
        other.GetOptimizerState(optimizerAfter);
        Assert.Equal(optimizerBefore, optimizerAfter);
        Assert.Equal(2, other.StepCount);
        Assert.Equal(4, other.BatchesTracked); // num_batches_tracked is the module's, as in PyTorch
        Assert.DoesNotContain("optimizer.", System.Text.Encoding.UTF8.GetString(file.ToArray()));
    }

    [Fact]
    public void Checkpoint_HasPyTorchNamesAndOptimizerTensors()
    {
        var network = new ResumableNet();
        using var file = new MemoryStream();
        network.Save(file);
        file.Position = 0;
        var parsed = NetGen.Serialization.SafeTensorsFile.Read(file, file.Length);
        var module = new[] { "0.weight", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked", "3.weight", "3.bias", "6.weight", "6.bias" };
        var optimizer = new[] { "exp_avg", "exp_avg_sq", "max_exp_avg_sq" }
            .SelectMany(state => new[] { "0.weight", "1.weight", "1.bias", "3.weight", "3.bias", "6.weight", "6.bias" }.Select(name => $"optimizer.{state}.{name}"));
        Assert.Equal(module.Concat(optimizer).Order(), parsed.Tensors.Select(t => t.Name).Order());
        Assert.Equal("I64", parsed.ByName["1.num_batches_tracked"].Type);
        Assert.Equal("F32", parsed.ByName["0.weight"].Type);
        Assert.Equal(new long[] { 12, 5 }, parsed.ByName["0.weight"].Shape);
        Assert.Equal("checkpoint", parsed.Metadata["netgen.contents"]);
        Assert.Equal(ResumableNet.Architecture.Fingerprint, parsed.Metadata["netgen.fingerprint"]);
        Assert.Equal("pt", parsed.Metadata["format"]);
        Assert.Equal("LearningRate=0.01;Beta1=0.9;Beta2=0.999;Epsilon=1E-08;WeightDecay=0;GradientClipNorm=5", parsed.Metadata["netgen.declared_hyperparameters"]);
        Assert.Equal("LearningRate=0.009999999776482582;Beta1=0.8999999761581421;Beta2=0.9990000128746033;Epsilon=9.99999993922529E-09;WeightDecay=0;GradientClipNorm=5", parsed.Metadata["netgen.hyperparameters"]);
    }

    [Fact]
    public void SavingTwice_GivesTheSameBytes()
    {
        var network = new ResumableNet();
        Train(network, 0, 2);
        using var a = new MemoryStream();
        using var b = new MemoryStream();
        network.Save(a);
        network.Save(b);
        Assert.Equal(a.ToArray(), b.ToArray());
    }
}

/// <summary>Writes the checked-in NetGen checkpoint the baking tests compile in (Fixtures/NetGen/README.md).</summary>
public class NetGenFixture
{
    public const string Path = "Fixtures/NetGen/resumable.safetensors";

    /// <summary>ResumableNet (seed 3) after 5 Adam steps on the checkpoint tests' batches, saved as a full checkpoint.</summary>
    public static ResumableNet Trained()
    {
        var network = new ResumableNet();
        for (var step = 0; step < 5; step++)
        {
            var x = TestData.Normal(8 * 5, seed: 100 + step).Select(v => (float)v).ToArray();
            var t = TestData.Targets(LossKind.CategoricalCrossEntropy, 8, 3, seed: 200 + step).Select(v => (float)v).ToArray();
            network.TrainStep(x, t);
        }

        return network;
    }

    [Fact]
    public void CheckedInCheckpoint_LoadsIntoItsDeclaration()
    {
        // NETGEN_WRITE_FIXTURES=<repository root> rewrites the file (never in CI); otherwise the checked-in one must load.
        if (System.Environment.GetEnvironmentVariable("NETGEN_WRITE_FIXTURES") is { Length: > 0 } root && System.Environment.GetEnvironmentVariable("CI") != "true")
        {
            Trained().Save(System.IO.Path.Combine(root, "tests", "NetGen.Tests", Path));
        }

        new ResumableNet(seed: 1).Load(System.IO.Path.Combine(System.AppContext.BaseDirectory, Path));
    }
}
