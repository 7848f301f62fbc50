using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using NetGen.Tuning.PostgreSql;
using NetGen.Tuning.Storage;

// A tuning worker as the storage tests run it, several at once against one study:
//   NetGen.Tuning.Worker --storage sqlite|postgresql --connection <file or connection string> --study <name>
//                        --trials <budget> --worker <id> [--steps 3] [--step-ms 10] [--stale-after-ms 2000] [--hold]
//                        [--wait-for-go]
// It claims trials until the budget is used and none runs any more, gives back trials whose worker went silent, proposes
// parameters {"x":<number>} for a new trial, reports one intermediate value and a heartbeat per step and finishes the
// trial as complete with the value x / 2. Each event is a line on stdout ("claimed 3 1", "finished 3 True") for the
// test to check. With --wait-for-go it says "ready" and waits for a line on stdin before it claims, so that the test
// can start several workers at the same moment. With --hold it claims one trial, reports step 0 and then hangs without heartbeats until it is killed.
var options = ParseOptions(args);
var workerId = options["worker"];
var trialBudget = int.Parse(options["trials"], CultureInfo.InvariantCulture);
var steps = int.Parse(options.GetValueOrDefault("steps", "3"), CultureInfo.InvariantCulture);
var stepDelay = TimeSpan.FromMilliseconds(int.Parse(options.GetValueOrDefault("step-ms", "10"), CultureInfo.InvariantCulture));
var staleAfter = TimeSpan.FromMilliseconds(int.Parse(options.GetValueOrDefault("stale-after-ms", "2000"), CultureInfo.InvariantCulture));

using IStudyStorage storage = options["storage"] switch
{
    "sqlite" => new SqliteStudyStorage(options["connection"]),
    "postgresql" => new PostgreSqlStudyStorage(options["connection"]),
    var other => throw new ArgumentException($"Expected --storage sqlite or postgresql, got '{other}'.", nameof(args)),
};
var study = storage.CreateOrOpenStudy(options["study"], """{"objective":"x/2"}""");
Report("ready");
if (options.ContainsKey("wait-for-go"))
{
    Console.In.ReadLine();
}

while (true)
{
    storage.RequeueStaleTrials(study.Id, staleAfter);
    var trial = storage.ClaimTrial(study.Id, workerId, trialBudget);
    if (trial is null)
    {
        // The budget is used; a trial still running may yet be given back (its worker died), so wait for the last ones.
        if (storage.GetTrials(study.Id).All(t => t.State is not (TrialState.Running or TrialState.Waiting)))
        {
            break;
        }

        Thread.Sleep(100);
        continue;
    }

    Report($"claimed {trial.Number} {trial.Attempts}");
    var x = trial.Number;
    if (trial.ParametersJson is null && !storage.SetParameters(trial.Id, workerId, $$"""{"x":{{x}}}"""))
    {
        Report($"lost {trial.Number}");
        continue;
    }

    if (options.ContainsKey("hold"))
    {
        storage.ReportIntermediate(trial.Id, workerId, 0, -1.0);
        Report($"holding {trial.Number}");
        Thread.Sleep(Timeout.Infinite);
    }

    var owned = true;
    for (var step = 0; step < steps && owned; step++)
    {
        Thread.Sleep(stepDelay);
        owned = storage.ReportIntermediate(trial.Id, workerId, step, x / 2.0 * (step + 1) / steps) && storage.Heartbeat(trial.Id, workerId);
    }

    if (!owned)
    {
        Report($"lost {trial.Number}");
        continue;
    }

    var finished = storage.FinishTrial(trial.Id, workerId, TrialState.Complete, x / 2.0, $$"""{"worker":"{{workerId}}"}""");
    Report($"finished {trial.Number} {finished}");
}

Report("done");
return 0;

static void Report(string line)
{
    Console.Out.WriteLine(line);
    Console.Out.Flush();
}

static Dictionary<string, string> ParseOptions(string[] args)
{
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i < args.Length; i++)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Expected an option such as --study, got '{args[i]}'.", nameof(args));
        }

        var name = args[i][2..];
        options[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "";
    }

    return options;
}
