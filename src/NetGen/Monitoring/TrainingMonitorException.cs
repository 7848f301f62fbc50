using System;
using System.Collections.Generic;
using System.Linq;

namespace NetGen.Monitoring;

/// <summary>
/// Ends <see cref="Training.Trainer.Fit"/> when a monitor whose <see cref="TrainingMonitor.Action"/> is
/// <see cref="MonitorAction.Throw"/> fires. The network is as the last completed update left it.
/// </summary>
public sealed class TrainingMonitorException : Exception
{
    /// <summary>Creates the exception for <paramref name="finding"/>, one of <paramref name="findings"/>.</summary>
    /// <param name="finding">The finding of the monitor that throws.</param>
    /// <param name="findings">Every finding of the same moment of training, root cause first.</param>
    public TrainingMonitorException(MonitorFinding finding, IReadOnlyList<MonitorFinding> findings)
        : base(Describe(finding, findings))
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(findings);
        Finding = finding;
        Findings = findings;
    }

    /// <summary>The finding of the monitor that throws.</summary>
    public MonitorFinding Finding { get; }

    /// <summary>Every finding of the same moment of training (the same update or epoch end), root cause first.</summary>
    public IReadOnlyList<MonitorFinding> Findings { get; }

    private static string Describe(MonitorFinding finding, IReadOnlyList<MonitorFinding>? findings)
    {
        if (finding is null)
        {
            return "A training monitor fired.";
        }

        var others = findings?.Where(f => !ReferenceEquals(f, finding)).ToList() ?? [];
        var text = $"Training monitor {finding}";
        if (others.Count > 0)
        {
            text += " Found at the same time, root cause first: " + string.Join(" | ", (findings ?? []).Select(f => f.ToString()));
        }

        return text;
    }
}
