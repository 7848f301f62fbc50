using System;
using System.Diagnostics;
using System.Globalization;
using NetGen.Benchmarks.Mlp;

namespace NetGen.Benchmarks;

/// <summary>
/// <c>-- --training-phases</c>: where parallel training's time goes, per net at batch 32 and 256: ComputeGradients and
/// TrainStep on one thread whole (option off), in shards on the calling thread (the pool held), and in shards on every
/// core; interleaved, medians and fastest.
/// </summary>
internal static class TrainingPhasesCheck
{
    public static void Run()
    {
        Console.WriteLine("| net | batch | what | off | shards, 1 thread | shards, all cores |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|");
        foreach (var spec in MlpCatalog.All)
        {
            foreach (var batch in new[] { 32, 256 })
            {
                var off = spec.CreateSgd();
                var sequential = spec.CreateSgd();
                var parallel = spec.CreateSgd();
                sequential.MaxDegreeOfParallelism = -1;
                parallel.MaxDegreeOfParallelism = -1;
                var inputs = MlpData.Inputs(spec.Inputs, batch, 5);
                var targets = MlpData.Targets(inputs, spec.Inputs, spec.Outputs, 5);
                var hold = new Hold();
                foreach (var step in new[] { false, true })
                {
                    var times = new double[3][];
                    for (var k = 0; k < 3; k++)
                    {
                        times[k] = new double[5000];
                    }

                    var calls = 0;
                    var budget = Stopwatch.StartNew();
                    while (calls < 5000 && budget.Elapsed.TotalSeconds < 1)
                    {
                        var a = Stopwatch.GetTimestamp();
                        Call(off, step);
                        var b = Stopwatch.GetTimestamp();
                        var held = hold.TryAcquire(2, out _);
                        var b2 = Stopwatch.GetTimestamp();
                        Call(sequential, step);
                        var c = Stopwatch.GetTimestamp();
                        if (held)
                        {
                            hold.Start();
                            hold.Finish();
                        }

                        var c2 = Stopwatch.GetTimestamp();
                        Call(parallel, step);
                        var d = Stopwatch.GetTimestamp();
                        times[0][calls] = Stopwatch.GetElapsedTime(a, b).TotalMicroseconds;
                        times[1][calls] = Stopwatch.GetElapsedTime(b2, c).TotalMicroseconds;
                        times[2][calls] = Stopwatch.GetElapsedTime(c2, d).TotalMicroseconds;
                        calls++;
                    }

                    string Cell(double[] values)
                    {
                        Array.Sort(values, 0, calls);
                        return $"{values[calls / 2].ToString("0.0", CultureInfo.InvariantCulture)} ({values[0].ToString("0.0", CultureInfo.InvariantCulture)}) µs";
                    }

                    Console.WriteLine($"| {spec.Name} | {batch} | {(step ? "TrainStep" : "ComputeGradients")} | {Cell(times[0])} | {Cell(times[1])} | {Cell(times[2])} |");
                }

                void Call(INetwork<float> network, bool step)
                {
                    if (step)
                    {
                        network.TrainStep(inputs, targets);
                    }
                    else
                    {
                        network.ComputeGradients(inputs, targets);
                    }
                }
            }
        }
    }

    /// <summary>Holds the helper threads, so a sharded step runs its shards on the calling thread.</summary>
    private sealed class Hold : ParallelWork
    {
        protected override void RunPart(int part, int parts)
        {
        }
    }
}
