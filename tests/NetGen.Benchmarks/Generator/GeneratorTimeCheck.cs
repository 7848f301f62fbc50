using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace NetGen.Benchmarks.Generator;

/// <summary>
/// <c>-- --generator-time [--dump DIRECTORY] [--profile]</c>: a quick Stopwatch account of where the generator's time goes over the
/// real workload (<see cref="GeneratorWorkload"/>): the first driver run in this process (JIT included), then warm
/// medians of the whole driver, the parser alone and the emitter alone, and the networks that take the longest to emit.
/// <c>--dump</c> writes every generated file into DIRECTORY, to compare the output of two versions of the generator byte
/// for byte. <c>--profile</c> runs the driver for 20 s instead, for a sampling profiler.
/// </summary>
internal static class GeneratorTimeCheck
{
    private const int Rounds = 25;

    public static void Run(string[] args)
    {
        var dump = Array.IndexOf(args, "--dump") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var setup = Stopwatch.StartNew();
        var workload = new GeneratorWorkload();
        Console.WriteLine($"{workload.FileCount} files, {workload.NetworkTypes.Length} [Network] classes, compilation bound in {setup.Elapsed.TotalMilliseconds:F0} ms");

        var first = Stopwatch.StartNew();
        var firstDriver = workload.RunDriver();
        first.Stop();
        var result = firstDriver.GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            throw result.Exception;
        }

        Console.WriteLine($"first driver run (JIT included): {first.Elapsed.TotalMilliseconds:F1} ms, generator {firstDriver.GetTimingInfo().GeneratorTimes[0].ElapsedTime.TotalMilliseconds:F1} ms, " +
                          $"{result.GeneratedSources.Length} files, {result.GeneratedSources.Sum(s => s.SourceText.Length):N0} characters");

        if (dump is not null)
        {
            Directory.CreateDirectory(dump);
            foreach (var source in result.GeneratedSources)
            {
                File.WriteAllText(Path.Combine(dump, source.HintName), source.SourceText.ToString());
            }

            Console.WriteLine($"written to {dump}");
        }

        var specs = workload.Specs;
        if (Array.IndexOf(args, "--profile") >= 0)
        {
            // For a sampling profiler attached from outside (dotnet-trace collect -- …): the driver, over and over.
            var profile = Stopwatch.StartNew();
            var runs = 0;
            while (profile.Elapsed.TotalSeconds < 20)
            {
                workload.RunDriver();
                runs++;
            }

            Console.WriteLine($"{runs} driver runs in {profile.Elapsed.TotalSeconds:F1} s");
            return;
        }

        Report("driver (new driver, same compilation)", () => workload.RunDriver(), result.GeneratedSources.Length);
        Report("generator time reported by the driver", () => workload.RunDriver().GetTimingInfo().GeneratorTimes[0].ElapsedTime.TotalMilliseconds, result.GeneratedSources.Length, reported: true);
        Report("parser alone (every [Network] class)", () => workload.ParseAll(), workload.NetworkTypes.Length);
        Report("emitter alone (every valid spec)", () => workload.EmitAll(), specs.Length);

        var perNetwork = specs
            .Select(spec => (Name: GeneratorWorkload.HintName(spec), Length: GeneratorWorkload.Emit(spec).Length, Milliseconds: Median(() => GeneratorWorkload.Emit(spec), 9)))
            .OrderByDescending(n => n.Milliseconds)
            .ToList();
        Console.WriteLine("slowest networks to emit (median of 9):");
        foreach (var (name, length, milliseconds) in perNetwork.Take(8))
        {
            Console.WriteLine($"  {milliseconds,7:F3} ms  {length,9:N0} chars  {name}");
        }

        Console.WriteLine($"  emit sum of medians {perNetwork.Sum(n => n.Milliseconds):F1} ms, {perNetwork.Sum(n => (long)n.Length):N0} chars, " +
                          $"{perNetwork.Sum(n => n.Milliseconds) * 1e6 / perNetwork.Sum(n => (long)n.Length):F1} ns per char");
    }

    private static void Report(string what, Func<object> action, int count, bool reported = false)
    {
        var times = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            var value = action();
            stopwatch.Stop();
            times.Add(reported ? (double)value : stopwatch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-42}: median {median,7:F1} ms, fastest {times[0],7:F1} ms, {median / count * 1000,6:F0} µs per network ({count})"));
    }

    private static double Median(Action action, int rounds)
    {
        var times = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            action();
            times[i] = stopwatch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[rounds / 2];
    }
}
