using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using NetGen.Tuning.PostgreSql;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning.Tests.Storage;

/// <summary>
/// Real worker processes (tests/NetGen.Tuning.Worker) against one study: several at once never lose or duplicate a
/// trial, and a worker killed while it holds a trial costs the study nothing but a retry.
/// </summary>
public abstract class MultiProcessStorageTests : IDisposable
{
    private readonly List<WorkerProcess> _workers = new();

    /// <summary>The worker's <c>--storage</c>: sqlite or postgresql.</summary>
    protected abstract string StorageKind { get; }

    /// <summary>A new, empty storage's <c>--connection</c>: a file path or a connection string.</summary>
    protected abstract string NewConnection();

    /// <summary>Opens the storage of <paramref name="connection"/> in this process.</summary>
    protected abstract IStudyStorage Open(string connection);

    /// <summary>Kills every worker still running.</summary>
    public virtual void Dispose()
    {
        foreach (var worker in _workers)
        {
            worker.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public void ThreeWorkerProcesses_CompleteEveryTrialExactlyOnce()
    {
        const int Trials = 30;
        var connection = NewConnection();

        // The workers start on a new file or an empty database: they race to create the schema and the study too.
        var workers = Enumerable.Range(0, 3)
            .Select(i => StartWorker(connection, $"worker-{i}", Trials, "--steps", "3", "--step-ms", "20", "--stale-after-ms", "30000", "--wait-for-go"))
            .ToList();
        foreach (var worker in workers)
        {
            worker.WaitForLine("ready", TimeSpan.FromSeconds(60));
        }

        using var storage = Open(connection);
        var study = storage.CreateOrOpenStudy("shared", "{}");

        // All at once, so that they race for every claim.
        foreach (var worker in workers)
        {
            worker.Say("go");
        }

        foreach (var worker in workers)
        {
            worker.WaitForSuccess(TimeSpan.FromSeconds(120));
        }

        var trials = storage.GetTrials(study.Id);
        AssertEveryTrialCompleteOnce(trials, Trials, workers);
        Assert.All(trials, trial => Assert.Equal(1, trial.Attempts));
        // Each worker did part of the study: they really ran side by side.
        Assert.All(workers, worker => Assert.Contains(worker.Lines, line => line.StartsWith("finished ", StringComparison.Ordinal)));
    }

    [Fact]
    public void AWorkerKilledWhileItHoldsATrial_CostsARetry_AndNoTrialIsLostOrRecordedTwice()
    {
        const int Trials = 12;
        var connection = NewConnection();
        using var storage = Open(connection);
        var study = storage.CreateOrOpenStudy("shared", "{}");

        var victim = StartWorker(connection, "victim", Trials, "--hold");
        var held = int.Parse(victim.WaitForLine("holding ", TimeSpan.FromSeconds(60)).Split(' ')[1]);
        victim.Kill();
        var heldTrial = storage.GetTrials(study.Id).Single(t => t.Number == held);
        Assert.Equal((TrialState.Running, "victim"), (heldTrial.State, heldTrial.WorkerId));
        Assert.Equal(new[] { new IntermediateValue(0, -1.0) }, heldTrial.IntermediateValues);

        // The survivors give the silent trial back once it is 3 s stale, and one of them runs it again.
        var survivors = Enumerable.Range(0, 2)
            .Select(i => StartWorker(connection, $"survivor-{i}", Trials, "--steps", "3", "--step-ms", "10", "--stale-after-ms", "3000"))
            .ToList();
        foreach (var worker in survivors)
        {
            worker.WaitForSuccess(TimeSpan.FromSeconds(120));
        }

        var trials = storage.GetTrials(study.Id);
        AssertEveryTrialCompleteOnce(trials, Trials, survivors.Append(victim).ToList());
        var retried = trials.Single(t => t.Number == held);
        Assert.Equal(2, retried.Attempts);
        Assert.StartsWith("survivor-", retried.WorkerId);
        Assert.DoesNotContain(retried.IntermediateValues, value => value.Value == -1.0);
        Assert.Equal(3, retried.IntermediateValues.Count);
        Assert.All(trials.Where(t => t.Number != held), trial => Assert.Equal(1, trial.Attempts));
        Assert.DoesNotContain(victim.Lines, line => line.StartsWith("finished ", StringComparison.Ordinal));
    }

    private WorkerProcess StartWorker(string connection, string workerId, int trials, params string[] options)
    {
        var worker = WorkerProcess.Start(new[] { "--storage", StorageKind, "--connection", connection, "--study", "shared", "--trials", $"{trials}", "--worker", workerId }.Concat(options));
        _workers.Add(worker);
        return worker;
    }

    private static void AssertEveryTrialCompleteOnce(IReadOnlyList<TrialRecord> trials, int count, IReadOnlyList<WorkerProcess> workers)
    {
        Assert.Equal(Enumerable.Range(0, count), trials.Select(t => t.Number));
        Assert.All(trials, trial =>
        {
            Assert.Equal(TrialState.Complete, trial.State);
            Assert.Equal(trial.Number / 2.0, trial.Value);
            Assert.Equal($$"""{"x":{{trial.Number}}}""", trial.ParametersJson);
            Assert.Equal($$"""{"worker":"{{trial.WorkerId}}"}""", trial.AttributesJson);
        });

        // Every number finished by exactly one worker, the one the trial names: none was recorded twice.
        var finishes = workers
            .SelectMany(worker => worker.Lines.Where(line => line.StartsWith("finished ", StringComparison.Ordinal)).Select(line => (Worker: worker, Line: line.Split(' '))))
            .ToList();
        Assert.All(finishes, finish => Assert.Equal("True", finish.Line[2]));
        Assert.Equal(Enumerable.Range(0, count), finishes.Select(f => int.Parse(f.Line[1])).Order());
        Assert.All(trials, trial => Assert.Equal(trial.WorkerId, finishes.Single(f => int.Parse(f.Line[1]) == trial.Number).Worker.WorkerId));
    }
}

public sealed class SqliteMultiProcessStorageTests : MultiProcessStorageTests
{
    private readonly TemporaryFolder _folder = new();
    private int _files;

    protected override string StorageKind => "sqlite";

    protected override string NewConnection() => _folder.File($"study{++_files}.db");

    protected override IStudyStorage Open(string connection) => new SqliteStudyStorage(connection);

    public override void Dispose()
    {
        base.Dispose();
        _folder.Dispose();
    }
}

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlMultiProcessStorageTests(PostgreSqlCluster cluster) : MultiProcessStorageTests
{
    protected override string StorageKind => "postgresql";

    protected override string NewConnection() => cluster.CreateDatabase();

    protected override IStudyStorage Open(string connection) => new PostgreSqlStudyStorage(connection);
}

/// <summary>A tests/NetGen.Tuning.Worker process, its stdout read line by line.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly System.Text.StringBuilder _errors = new();

    private WorkerProcess(Process process, string workerId)
    {
        _process = process;
        WorkerId = workerId;
    }

    /// <summary>The worker's <c>--worker</c> id.</summary>
    public string WorkerId { get; }

    /// <summary>What the worker printed so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }

    /// <summary>Starts the worker (NetGen.Tuning.Worker.dll, built next to the tests) with the .NET host that runs the tests.</summary>
    public static WorkerProcess Start(IEnumerable<string> arguments)
    {
        var workerDll = Path.Combine(AppContext.BaseDirectory, "NetGen.Tuning.Worker.dll");
        Assert.True(File.Exists(workerDll), $"The worker {workerDll} is missing: the test project references tests/NetGen.Tuning.Worker, which should put it there.");
        var start = new ProcessStartInfo(DotNetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(workerDll);
        var list = arguments.ToList();
        foreach (var argument in list)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process, list[list.IndexOf("--worker") + 1]);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (worker._lines)
                {
                    worker._lines.Add(line);
                    Monitor.PulseAll(worker._lines);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (worker._errors)
            {
                worker._errors.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits for a line that starts with <paramref name="prefix"/> and returns it.</summary>
    public string WaitForLine(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_lines)
        {
            while (true)
            {
                if (_lines.FirstOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal)) is { } found)
                {
                    return found;
                }

                var left = deadline - DateTime.UtcNow;
                Assert.True(left > TimeSpan.Zero && !_process.HasExited, $"{WorkerId} printed no '{prefix}' line. {Describe()}");
                Monitor.Wait(_lines, TimeSpan.FromMilliseconds(Math.Min(left.TotalMilliseconds, 200)));
            }
        }
    }

    /// <summary>Writes a line to the worker's stdin.</summary>
    public void Say(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits for the worker to finish its work and exit with 0.</summary>
    public void WaitForSuccess(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Assert.Fail($"{WorkerId} did not finish in {timeout}. {Describe()}");
        }

        _process.WaitForExit();
        Assert.True(_process.ExitCode == 0, $"{WorkerId} exited with {_process.ExitCode}. {Describe()}");
        Assert.Equal("done", Lines[^1]);
    }

    /// <summary>Kills the worker at once (SIGKILL) and waits for it to be gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Kills the worker if it still runs.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private string Describe()
    {
        lock (_errors)
        {
            return $"Its output:\n{string.Join('\n', Lines)}\nIts errors:\n{_errors}";
        }
    }

    private static string DotNetHost()
    {
        if (Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }
}
