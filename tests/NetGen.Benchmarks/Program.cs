using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using NetGen.Benchmarks;

// dotnet run -c Release --project tests/NetGen.Benchmarks -- --filter '*FmaPeak*' '*Mlp*' --job short
// After the run, the tables of docs/performance.md (medians, ratios, share of the measured FMA peak, allocations,
// goals) are printed and written to BenchmarkDotNet.Artifacts/results/NetGen-performance.md.
// `-- --scaling` instead: batch-1024 Predict against PredictParallel, then TrainStep on 1 thread against every core,
// interleaved (ScalingCheck).
if (args is ["--scaling"])
{
    ScalingCheck.Run();
    return;
}

// `-- --training-phases`: ComputeGradients and TrainStep whole, in shards on one thread, and on every core (TrainingPhasesCheck).
if (args is ["--training-phases"])
{
    TrainingPhasesCheck.Run();
    return;
}

// `-- --step-kernels [net…]`: one training step of the large nets (batch 32, SGD and Adam) kernel by kernel, alone and
// in the step, next to the Vector512 FMA peak (StepKernelsCheck).
if (args is ["--step-kernels", ..])
{
    NetGen.Benchmarks.Mlp.StepKernelsCheck.Run(args[1..]);
    return;
}

// `-- --generator-time [--dump DIRECTORY]`: where the generator's time goes (GeneratorTimeCheck); the BenchmarkDotNet
// version is `--filter '*GeneratorBenchmarks*'`.
// `-- --bake-time`: what [Network(Weights = …)] adds to a build for a 784-256-128-10 network (BakeTimeCheck).
if (args is ["--bake-time", ..])
{
    NetGen.Benchmarks.Generator.BakeTimeCheck.Run();
    return;
}

if (args is ["--generator-time", ..])
{
    NetGen.Benchmarks.Generator.GeneratorTimeCheck.Run(args);
    return;
}

var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config).ToArray();
PerformanceReport.Write(summaries);

public partial class Program
{
}
