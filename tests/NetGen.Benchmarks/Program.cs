using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using NetGen.Benchmarks;

// dotnet run -c Release --project tests/NetGen.Benchmarks -- --filter '*FmaPeak*' '*Mlp*' --job short
// After the run, the tables of docs/performance.md (medians, ratios, share of the measured FMA peak, allocations,
// goals) are printed and written to BenchmarkDotNet.Artifacts/results/NetGen-performance.md.
// `-- --scaling` instead: batch-1024 Predict against PredictParallel, interleaved (ScalingCheck).
if (args is ["--scaling"])
{
    ScalingCheck.Run();
    return;
}

var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median);
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config).ToArray();
PerformanceReport.Write(summaries);

public partial class Program
{
}
