using System;
using System.Diagnostics;
using System.Globalization;
using NetGen.Benchmarks.Mlp;

namespace NetGen.Benchmarks;

/// <summary>
/// <c>-- --scaling</c>: batch-1024 <c>Predict</c> against <see cref="Parallelism.PredictParallel{T}"/>, calls interleaved
/// one for one for a few seconds per network, reporting the median and the fastest call of each. On a shared machine the
/// second core is often busy with someone else's build, which the BenchmarkDotNet medians cannot tell from a slow
/// parallel path; the fastest interleaved call shows what two free cores give, the median what the run got.
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
    }
}
