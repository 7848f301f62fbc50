using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace NetGen.SideBySide;

/// <summary>
/// CPU time of the whole machine (<c>/proc/stat</c>) and of this process (<c>/proc/self/stat</c>), both in clock ticks,
/// so that a stretch of the run can say how much of the cores other processes used meanwhile.
/// </summary>
internal readonly record struct CpuSnapshot(long MachineBusyTicks, long MachineTotalTicks, long SelfTicks, long Timestamp)
{
    public static CpuSnapshot Take()
    {
        long busy = 0, total = 0, self = 0;
        if (File.Exists("/proc/stat"))
        {
            // "cpu  user nice system idle iowait irq softirq steal guest guest_nice": guest time is inside user already.
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(value => long.Parse(value, CultureInfo.InvariantCulture)).ToArray();
            total = fields.Sum();
            busy = total - fields[3] - fields[4];

            // /proc/self/stat: the command (field 2) may hold spaces, so count from its closing parenthesis; utime and
            // stime are fields 14 and 15.
            var stat = File.ReadAllText("/proc/self/stat");
            var after = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            self = long.Parse(after[11], CultureInfo.InvariantCulture) + long.Parse(after[12], CultureInfo.InvariantCulture);
        }

        return new CpuSnapshot(busy, total, self, Stopwatch.GetTimestamp());
    }

    /// <summary>Cores' worth of CPU that other processes and this one used between <paramref name="start"/> and this snapshot.</summary>
    public CpuUse Since(CpuSnapshot start)
    {
        var total = MachineTotalTicks - start.MachineTotalTicks;
        if (total <= 0)
        {
            return new CpuUse(0, 0, Stopwatch.GetElapsedTime(start.Timestamp, Timestamp).TotalSeconds);
        }

        // Total ticks advance by one per core per tick, so total / cores is the stretch's length in ticks.
        var ticksPerCore = (double)total / Environment.ProcessorCount;
        var self = SelfTicks - start.SelfTicks;
        var others = Math.Max(0, MachineBusyTicks - start.MachineBusyTicks - self);
        return new CpuUse(others / ticksPerCore, self / ticksPerCore, Stopwatch.GetElapsedTime(start.Timestamp, Timestamp).TotalSeconds);
    }
}

/// <summary>Average cores in use over a stretch of <paramref name="Seconds"/>: by other processes, and by this one.</summary>
internal readonly record struct CpuUse(double OtherCores, double SelfCores, double Seconds);

/// <summary>What the report says about the machine: CPU model, family, cores, .NET, vector widths.</summary>
internal static class MachineInfo
{
    public static string CpuModel => CpuInfo("model name") ?? RuntimeInformation.ProcessArchitecture.ToString();

    /// <summary>The CPU family and model, with AMD's Zen generation where the family tells it.</summary>
    public static string Family
    {
        get
        {
            var family = CpuInfo("cpu family");
            var model = CpuInfo("model");
            var vendor = CpuInfo("vendor_id");
            if (family is null)
            {
                return "unknown family";
            }

            var zen = vendor == "AuthenticAMD" ? family switch
            {
                "23" => "Zen, Zen 2",
                "25" => "Zen 3, Zen 4",
                "26" => "Zen 5",
                _ => null,
            } : null;
            var number = int.Parse(family, CultureInfo.InvariantCulture);
            return $"family {family} (0x{number:X2}), model {model}" + (zen is null ? "" : $": {zen}");
        }
    }

    public static string Runtime => RuntimeInformation.FrameworkDescription;

    private static string? CpuInfo(string key)
    {
        if (!File.Exists("/proc/cpuinfo"))
        {
            return null;
        }

        foreach (var line in File.ReadLines("/proc/cpuinfo"))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim() == key)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
