using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;

namespace NetGen.Benchmarks.Generator;

/// <summary>
/// The generator over every network of the samples, tests and benchmarks (<see cref="GeneratorWorkload"/>), warm: the
/// whole driver from scratch on the same compilation (a new driver, nothing cached), and the parser and emitter alone.
/// The performance issue's goal is the whole driver under 50 ms. <c>--filter '*GeneratorBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private GeneratorWorkload _workload = null!;

    [GlobalSetup]
    public void Setup()
    {
        _workload = new GeneratorWorkload();
        _ = _workload.Specs;
    }

    /// <summary>A new <c>CSharpGeneratorDriver</c> running <c>NetworkGenerator</c> once: what a build pays.</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver Driver() => _workload.RunDriver();

    /// <summary><c>NetworkParser.Parse</c> on every <c>[Network]</c> class.</summary>
    [Benchmark]
    public int Parse() => _workload.ParseAll();

    /// <summary><c>NetworkEmitter.Emit</c> on every valid spec.</summary>
    [Benchmark]
    public long Emit() => _workload.EmitAll();
}
