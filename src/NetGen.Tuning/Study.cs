using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning;

/// <summary>
/// A named search over a <see cref="SearchSpace"/>: trials proposed by a <see cref="Sampler"/>, run by an objective on
/// one or many threads (and processes, with a shared storage), stopped early by a <see cref="Pruner"/>, kept in an
/// <see cref="IStudyStorage"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Reproducibility.</b> A trial's <see cref="Trial.Seed"/> and the random stream its parameters are drawn from
/// depend only on the study's seed and the trial's number, and a grid's point i is trial i. So a sequential study
/// (parallelism 1) with the same seed, space, sampler and objective gives the same trials, bit for bit. In a parallel
/// study each trial number still gets the same seed and the same grid or random parameters; what model-based samplers
/// (TPE, genetic) propose depends on which trials had finished when the trial was claimed, which timing decides.
/// </para>
/// <para>
/// <b>Resumption.</b> A trial is numbered when a worker claims it, before its parameters are proposed. A worker sends
/// heartbeats while its trial runs; a trial without one for <see cref="StudyOptions.StaleAfter"/> is given back when a
/// worker starts <c>Optimize</c>, keeps its number and parameters, and is retried first.
/// </para>
/// </remarks>
public sealed class Study
{
    private readonly string _workerId;
    private readonly TimeSpan _heartbeatInterval;
    private readonly TimeSpan _staleAfter;
    private readonly ConcurrentDictionary<(long Id, string Json), TrialParameters> _parsed = new();

    private Study(string name, SearchSpace space, StudyOptions options, IStudyStorage storage, long id, string definitionJson)
    {
        Name = name;
        Space = space;
        Direction = options.Direction;
        Seed = options.Seed;
        Sampler = options.Sampler ?? new TpeSampler();
        Pruner = options.Pruner ?? new NopPruner();
        Storage = storage;
        Id = id;
        DefinitionJson = definitionJson;
        _heartbeatInterval = options.HeartbeatInterval;
        _staleAfter = options.StaleAfter;
        _workerId = options.WorkerId ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>The study's name, unique within its storage.</summary>
    public string Name { get; }

    /// <summary>The space it searches.</summary>
    public SearchSpace Space { get; }

    /// <summary>Whether it minimizes or maximizes the objective.</summary>
    public StudyDirection Direction { get; }

    /// <summary>Its seed.</summary>
    public int Seed { get; }

    /// <summary>Its sampler.</summary>
    public Sampler Sampler { get; }

    /// <summary>Its pruner.</summary>
    public Pruner Pruner { get; }

    /// <summary>Where its trials are kept.</summary>
    public IStudyStorage Storage { get; }

    /// <summary>The storage's key of the study.</summary>
    public long Id { get; }

    /// <summary>What the study was created with (space, direction, seed, sampler) as JSON: an opened study must have the same.</summary>
    public string DefinitionJson { get; }

    /// <summary>
    /// Creates the study <paramref name="name"/> in the storage of <paramref name="options"/>, or opens it when the
    /// storage has it (another process, or an earlier run that was stopped), after checking that it was created with
    /// the same space, direction, seed and sampler.
    /// </summary>
    /// <param name="name">The study's name.</param>
    /// <param name="space">The hyperparameters to search; the study freezes it.</param>
    /// <param name="options">Direction, seed, sampler, pruner, storage; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The name is empty, the space has no dimension, the sampler cannot search the space, or the heartbeat settings are not positive with <see cref="StudyOptions.StaleAfter"/> above <see cref="StudyOptions.HeartbeatInterval"/>.</exception>
    /// <exception cref="InvalidOperationException">The storage has a study of that name with another definition (the message says what differs).</exception>
    public static Study CreateOrOpen(string name, SearchSpace space, StudyOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(space);
        options ??= new StudyOptions();
        if (space.Count == 0)
        {
            throw new ArgumentException("The search space has no dimension; add at least one.", nameof(space));
        }

        if (options.HeartbeatInterval <= TimeSpan.Zero || options.StaleAfter <= options.HeartbeatInterval)
        {
            throw new ArgumentException($"Expected a positive HeartbeatInterval below StaleAfter, but they are {options.HeartbeatInterval} and {options.StaleAfter}.", nameof(options));
        }

        var sampler = options.Sampler ?? new TpeSampler();
        sampler.Validate(space);
        space.Freeze();
        var definition = Definition(space, options.Direction, options.Seed, sampler);
        var storage = options.Storage ?? new InMemoryStudyStorage();
        var record = storage.CreateOrOpenStudy(name, definition);
        if (record.DefinitionJson != definition)
        {
            throw new InvalidOperationException($"The storage has a study named '{name}' created with another definition: {Difference(record.DefinitionJson, definition)}. Open it with the same space, direction, seed and sampler, or use another name.");
        }

        return new Study(name, space, options, storage, record.Id, definition);
    }

    /// <summary>Every trial of the study as the storage has it now, in number order.</summary>
    public IReadOnlyList<TrialResult> Trials => ReadTrials();

    /// <summary>The complete trial with the best value (the lowest number among equals), or <see langword="null"/> when none is complete.</summary>
    public TrialResult? BestTrial => Best(ReadTrials());

    /// <summary>
    /// Runs trials until the study has <paramref name="trials"/> (counting those of earlier runs and other workers, in
    /// any state; a grid stops at its size), on <paramref name="parallelism"/> threads, each trial on one thread.
    /// </summary>
    /// <remarks>
    /// First gives back the trials whose worker stopped sending heartbeats. Then each thread claims a trial, has the
    /// sampler propose its parameters (or keeps those of a retried or enqueued trial), runs the objective while
    /// sending heartbeats, and records the result: the value (Complete); the last intermediate value if the objective
    /// threw <see cref="TrialPrunedException"/> (Pruned); the exception's type and message if it threw anything else or
    /// returned NaN or an infinity (Failed, and the study goes on). An <see cref="OperationCanceledException"/> from
    /// <paramref name="cancellationToken"/> marks the trial Failed ("cancelled") and stops the study: this method
    /// then throws it once every thread has stopped.
    /// </remarks>
    /// <param name="objective">Runs one trial and returns its value.</param>
    /// <param name="trials">The number of trials the study should have, 0 or more.</param>
    /// <param name="parallelism">Threads to run trials on; <see langword="null"/> is <see cref="Environment.ProcessorCount"/>.</param>
    /// <param name="cancellationToken">Stops the study; also <see cref="Trial.CancellationToken"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trials"/> is negative or <paramref name="parallelism"/> is below 1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public void Optimize(Func<Trial, double> objective, int trials, int? parallelism = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        Optimize((trial, _) => objective(trial), trials, parallelism, cancellationToken);
    }

    /// <inheritdoc cref="Optimize(Func{Trial, double}, int, int?, CancellationToken)"/>
    /// <param name="objective">Runs one trial and returns its value; the token is <see cref="Trial.CancellationToken"/>.</param>
    /// <param name="trials">The number of trials the study should have, 0 or more.</param>
    /// <param name="parallelism">Threads to run trials on; <see langword="null"/> is <see cref="Environment.ProcessorCount"/>.</param>
    /// <param name="cancellationToken">Stops the study.</param>
    public void Optimize(Func<Trial, CancellationToken, double> objective, int trials, int? parallelism = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        var threads = parallelism ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, nameof(parallelism));
        var budget = Sampler.MaxTrials(Space) is { } limit ? (int)Math.Min(trials, limit) : trials;
        Storage.RequeueStaleTrials(Id, _staleAfter);
        if (threads == 1)
        {
            RunWorker(objective, budget, $"{_workerId}/0", cancellationToken);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, threads)
            .Select(index => Task.Factory.StartNew(
                () =>
                {
                    try
                    {
                        RunWorker(objective, budget, $"{_workerId}/{index}", stop.Token);
                    }
                    catch
                    {
                        // One worker's failure (a cancellation, a storage that is gone) stops the others after their trial.
                        stop.Cancel();
                        throw;
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default))
            .ToArray();
        try
        {
            Task.WaitAll(workers);
        }
        catch (AggregateException aggregate)
        {
            var errors = aggregate.Flatten().InnerExceptions;
            var real = errors.FirstOrDefault(e => e is not OperationCanceledException);
            if (real is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(real).Throw();
            }

            cancellationToken.ThrowIfCancellationRequested();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(errors[0]).Throw();
        }
    }

    /// <summary>
    /// Adds a trial with the given parameters, run before any new one (Optuna's <c>enqueue_trial</c>): a known good
    /// configuration, or a baseline.
    /// </summary>
    /// <param name="parameters">Values by name for every active dimension.</param>
    /// <returns>The trial's number.</returns>
    /// <exception cref="ArgumentException">The values are not parameters of the space (see <see cref="SearchSpace.CreateParameters"/>).</exception>
    public int Enqueue(IReadOnlyDictionary<string, object> parameters)
    {
        var typed = Space.CreateParameters(parameters);
        return Storage.EnqueueTrial(Id, typed.ToJson()).Number;
    }

    /// <summary>The study's summary: the best trial, the table of trials, and the series to plot.</summary>
    public StudySummary Summarize() => new(this, ReadTrials());

    internal IReadOnlyList<TrialResult> ReadTrials() =>
        Storage.GetTrials(Id).Select(record => new TrialResult(record, Parse(record))).ToList();

    internal TrialResult? Best(IEnumerable<TrialResult> trials)
    {
        TrialResult? best = null;
        foreach (var trial in trials)
        {
            if (trial.State == TrialState.Complete && trial.Value is { } value && (best is null || Direction.IsBetter(value, best.Value!.Value)))
            {
                best = trial;
            }
        }

        return best;
    }

    private TrialParameters? Parse(TrialRecord record)
    {
        if (record.ParametersJson is not { } json)
        {
            return null;
        }

        try
        {
            return _parsed.GetOrAdd((record.Id, json), key => TrialParameters.FromJson(key.Json, Space));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private void RunWorker(Func<Trial, CancellationToken, double> objective, int budget, string workerId, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = Storage.ClaimTrial(Id, workerId, budget);
            if (record is null)
            {
                return;
            }

            RunTrial(objective, record, workerId, cancellationToken);
        }
    }

    private void RunTrial(Func<Trial, CancellationToken, double> objective, TrialRecord record, string workerId, CancellationToken cancellationToken)
    {
        TrialParameters parameters;
        try
        {
            if (record.ParametersJson is { } json)
            {
                parameters = TrialParameters.FromJson(json, Space);
            }
            else
            {
                var others = ReadTrials().Where(t => t.Number != record.Number).ToList();
                parameters = Sampler.Propose(new SamplerContext(Space, Direction, Seed, record.Number, others));
                if (!ReferenceEquals(parameters.Space, Space))
                {
                    throw new InvalidOperationException($"The sampler {Sampler} proposed parameters of another search space.");
                }

                if (!Storage.SetParameters(record.Id, workerId, parameters.ToJson()))
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            Storage.FinishTrial(record.Id, workerId, TrialState.Failed, null, JsonValues.Build(w =>
            {
                w.WriteStartObject();
                w.WriteString(TrialResult.ErrorKey, $"{exception.GetType().Name}: {exception.Message}");
                w.WriteEndObject();
            }));
            return;
        }

        var trial = new Trial(this, record.Id, workerId, record.Number, parameters, cancellationToken);
        using var heartbeat = new Timer(
            _ =>
            {
                try
                {
                    Storage.Heartbeat(record.Id, workerId);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    // A missed heartbeat only risks the trial being retried; the next one may get through.
                    Debug.WriteLine($"Heartbeat of trial {record.Number} failed: {exception.Message}");
                }
            },
            null,
            _heartbeatInterval,
            _heartbeatInterval);

        TrialState state;
        double? value;
        string? error = null;
        try
        {
            var result = objective(trial, cancellationToken);
            if (double.IsFinite(result))
            {
                (state, value) = (TrialState.Complete, result);
            }
            else
            {
                (state, value, error) = (TrialState.Failed, null, $"The objective returned {JsonValues.Format(result)}; expected a finite number.");
            }
        }
        catch (TrialPrunedException)
        {
            (state, value) = (TrialState.Pruned, trial.LastIntermediate);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            heartbeat.Dispose();
            Storage.FinishTrial(record.Id, workerId, TrialState.Failed, null, trial.AttributesJson("cancelled"));
            throw;
        }
        catch (Exception exception)
        {
            (state, value, error) = (TrialState.Failed, null, $"{exception.GetType().Name}: {exception.Message}");
        }

        heartbeat.Dispose();
        Storage.FinishTrial(record.Id, workerId, state, value, trial.AttributesJson(error));
    }

    private static string Definition(SearchSpace space, StudyDirection direction, int seed, Sampler sampler) => JsonValues.Build(writer =>
    {
        writer.WriteStartObject();
        writer.WritePropertyName("space");
        space.WriteDefinition(writer);
        writer.WriteString("direction", direction.ToString());
        writer.WriteNumber("seed", seed);
        writer.WriteString("sampler", sampler.ToString());
        writer.WriteEndObject();
    });

    /// <summary>Which part of two definitions differs, for the message.</summary>
    private static string Difference(string stored, string requested)
    {
        try
        {
            using var storedDocument = JsonDocument.Parse(stored);
            using var requestedDocument = JsonDocument.Parse(requested);
            foreach (var property in requestedDocument.RootElement.EnumerateObject())
            {
                var storedText = storedDocument.RootElement.TryGetProperty(property.Name, out var storedValue) ? storedValue.GetRawText() : "nothing";
                if (storedText != property.Value.GetRawText())
                {
                    return $"its {property.Name} is {storedText}, not {property.Value.GetRawText()}";
                }
            }
        }
        catch (JsonException)
        {
            // Not a definition this tuner wrote: say so below.
        }

        return $"it was created with {stored}";
    }
}
