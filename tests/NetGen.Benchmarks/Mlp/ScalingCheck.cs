using System;
using System.Diagnostics;
using System.Globalization;
using NetGen.Benchmarks.Mlp;

namespace NetGen.Benchmarks;

/// <summary>
/// <c>-- --scaling</c>: batch-1024 <c>Predict</c> against <see cref="Parallelism.PredictParallel{T}"/>, calls interleaved
/// one for one for a few seconds per network, reporting the median and the fastest call of each. On a shared machine the
/// second core is often busy with someone else's build, which the BenchmarkDotNet medians cannot tell from a slow
/// parallel path; the fastest interleaved call shows what two free cores give, the median what the run got. Then the same
/// for <c>TrainStep</c> on one thread against every core (<c>MaxDegreeOfParallelism</c> −1).
/// </summary>
internal static class ScalingCheck
{
    public static void Run()
    {
        const int batch = MlpBatchBenchmarks.Batch;
        Console.WriteLine($"| net | 1 thread median | {Environment.ProcessorCount} threads median | scaling (medians) | 1 thread fastest | {Environment.ProcessorCount} threads fastest | scaling (fastest) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var spec in MlpCatalog.All)
        {
            var network = spec.CreateSgd();
            var inputs = MlpData.Inputs(spec.Inputs, batch, 4);
            var outputs = new float[batch * spec.Outputs];
            for (var k = 0; k < 200; k++)
            {
                network.Predict(inputs, outputs);
                network.PredictParallel(inputs, outputs);
            }

            var single = new double[4000];
            var parallel = new double[4000];
            var calls = 0;
            var budget = Stopwatch.StartNew();
            while (calls < single.Length && budget.Elapsed.TotalSeconds < 4)
            {
                var start = Stopwatch.GetTimestamp();
                network.Predict(inputs, outputs);
                var middle = Stopwatch.GetTimestamp();
                network.PredictParallel(inputs, outputs);
                var end = Stopwatch.GetTimestamp();
                single[calls] = Stopwatch.GetElapsedTime(start, middle).TotalMicroseconds;
                parallel[calls] = Stopwatch.GetElapsedTime(middle, end).TotalMicroseconds;
                calls++;
            }

            Array.Sort(single, 0, calls);
            Array.Sort(parallel, 0, calls);
            double Median(double[] values) => values[calls / 2];
            string Us(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " µs";
            string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "×";
            Console.WriteLine($"| {spec.Name} | {Us(Median(single))} | {Us(Median(parallel))} | {Ratio(Median(single) / Median(parallel))} | {Us(single[0])} | {Us(parallel[0])} | {Ratio(single[0] / parallel[0])} |");
        }

        Console.WriteLine();
        TrainingSteps();
    }

    /// <summary>
    /// <c>TrainStep</c> with <c>MaxDegreeOfParallelism</c> 1 against −1 (every core), SGD and Adam, batch 32 and 256: two
    /// networks with the same weights stepping over the same batches in alternating blocks of 16 steps for about 1.5 s;
    /// medians and fastest of the blocks' mean step times.
    /// </summary>
    private static void TrainingSteps()
    {
        Console.WriteLine($"Load average before the training rows: {LoadAverage()}");
        Console.WriteLine($"| net | optimizer | batch | shards | 1 thread median | {Environment.ProcessorCount} threads median | scaling (medians) | 1 thread fastest | {Environment.ProcessorCount} threads fastest | scaling (fastest) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var spec in MlpCatalog.All)
        {
            foreach (var adam in new[] { false, true })
            {
                foreach (var batch in new[] { 32, 256 })
                {
                    var single = adam ? spec.CreateAdam() : spec.CreateSgd();
                    var parallel = adam ? spec.CreateAdam() : spec.CreateSgd();
                    parallel.MaxDegreeOfParallelism = -1;
                    const int batches = 8;
                    var inputs = MlpData.Inputs(spec.Inputs, batch * batches, 5);
                    var targets = MlpData.Targets(inputs, spec.Inputs, spec.Outputs, 5);
                    ReadOnlySpan<float> Inputs(int call) => inputs.AsSpan(call % batches * batch * spec.Inputs, batch * spec.Inputs);
                    ReadOnlySpan<float> Targets(int call) => targets.AsSpan(call % batches * batch * spec.Outputs, batch * spec.Outputs);
                    for (var k = 0; k < 100; k++)
                    {
                        single.TrainStep(Inputs(k), Targets(k));
                        parallel.TrainStep(Inputs(k), Targets(k));
                    }

                    // Blocks of 16 consecutive steps, as Fit runs them (the helpers stay awake between the steps of a
                    // block), alternating one thread and every core; a block's mean per step is one sample.
                    const int block = 16;
                    var singleTimes = new double[5000];
                    var parallelTimes = new double[5000];
                    var calls = 0;
                    var budget = Stopwatch.StartNew();
                    while (calls < singleTimes.Length && budget.Elapsed.TotalSeconds < 1.5)
                    {
                        var start = Stopwatch.GetTimestamp();
                        for (var k = 0; k < block; k++)
                        {
                            single.TrainStep(Inputs(k), Targets(k));
                        }

                        var middle = Stopwatch.GetTimestamp();
                        for (var k = 0; k < block; k++)
                        {
                            parallel.TrainStep(Inputs(k), Targets(k));
                        }

                        var end = Stopwatch.GetTimestamp();
                        singleTimes[calls] = Stopwatch.GetElapsedTime(start, middle).TotalMicroseconds / block;
                        parallelTimes[calls] = Stopwatch.GetElapsedTime(middle, end).TotalMicroseconds / block;
                        calls++;
                    }

                    Array.Sort(singleTimes, 0, calls);
                    Array.Sort(parallelTimes, 0, calls);
                    double Median(double[] values) => values[calls / 2];
                    string Us(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " µs";
                    string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "×";
                    var shards = ParallelWork.ShardCount(batch, single.ParameterCount);
                    Console.WriteLine($"| {spec.Name} | {(adam ? "Adam" : "SGD")} | {batch} | {shards} | {Us(Median(singleTimes))} | {Us(Median(parallelTimes))} | {Ratio(Median(singleTimes) / Median(parallelTimes))} | {Us(singleTimes[0])} | {Us(parallelTimes[0])} | {Ratio(singleTimes[0] / parallelTimes[0])} |");
                }
            }
        }

        Console.WriteLine($"Load average after: {LoadAverage()}");
    }

    /// <summary>The 1, 5 and 15-minute load averages (Linux), to show how busy the shared cores were.</summary>
    private static string LoadAverage() =>
        System.IO.File.Exists("/proc/loadavg") ? System.IO.File.ReadAllText("/proc/loadavg").Trim() : "not available";
}
