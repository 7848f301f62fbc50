using System;
using System.Collections.Generic;
using System.Data;
using System.IO;
using System.Threading;
using NetGen.Tuning.Storage;
using Npgsql;

namespace NetGen.Tuning.PostgreSql;

/// <summary>
/// Keeps studies in a PostgreSQL database, shared by tuning workers in any number of processes on any number of
/// machines, as Optuna's RDB storage is.
/// </summary>
/// <remarks>
/// <para>
/// The tables (<c>netgen_schema_version</c>, <c>netgen_studies</c>, <c>netgen_trials</c>,
/// <c>netgen_trial_intermediate_values</c>) are created in the connection's current schema when they are missing; the
/// first worker creates them under an advisory lock, so workers that start at once do not collide, and a database whose
/// schema version is newer than <see cref="SchemaVersion"/> is refused rather than misread.
/// </para>
/// <para>
/// A claim is one transaction: the waiting trial with the lowest number is taken with
/// <c>SELECT … FOR UPDATE SKIP LOCKED</c> (two workers never take the same one, and neither waits for the other), or
/// else the study's trial counter is advanced in the same transaction, which numbers the new trial and holds the budget.
/// Claims, heartbeats, finishes and staleness use the server's clock (<c>now()</c>), so the clocks of the workers'
/// machines do not matter.
/// </para>
/// <para>An instance is safe to use from many threads: each call takes a pooled connection of its own.</para>
/// </remarks>
public sealed class PostgreSqlStudyStorage : IStudyStorage
{
    /// <summary>The version of the schema this storage writes and the newest it reads (the row of <c>netgen_schema_version</c>).</summary>
    public const int SchemaVersion = 1;

    /// <summary>The advisory lock under which the schema is created or checked, so that workers starting at once take turns.</summary>
    private const long SchemaLockKey = 0x4E47_5455_4E49_4E47; // "NGTUNING"

    private const string TrialColumns = "id, number, state, parameters, value, attributes, worker_id, attempts, started, finished";

    private readonly NpgsqlDataSource _dataSource;
    private int _disposed;

    /// <summary>
    /// Connects to the database of <paramref name="connectionString"/> (an Npgsql connection string, such as
    /// <c>Host=db.example;Database=tuning;Username=tuner;Password=…</c>) and creates the storage's tables when they are
    /// missing.
    /// </summary>
    /// <param name="connectionString">The Npgsql connection string of the database.</param>
    /// <exception cref="NotSupportedException">The database's tables were created by a newer NetGen.Tuning.PostgreSql (a newer schema version).</exception>
    public PostgreSqlStudyStorage(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("Expected an Npgsql connection string, got an empty string.", nameof(connectionString));
        }

        _dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            CreateOrCheckSchema();
        }
        catch
        {
            _dataSource.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public StudyRecord CreateOrOpenStudy(string name, string definitionJson)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("Expected a study name, got an empty string.", nameof(name));
        }

        ArgumentNullException.ThrowIfNull(definitionJson);
        using var connection = Open();
        // Two statements: the second sees the row of a worker that created the study at the same moment (the insert
        // waits for that worker's commit and then does nothing).
        Execute(connection, null, "INSERT INTO netgen_studies (name, definition) VALUES (@name, @definition) ON CONFLICT (name) DO NOTHING",
            ("name", name), ("definition", definitionJson));
        using var command = Command(connection, null, "SELECT id, name, definition FROM netgen_studies WHERE name = @name", ("name", name));
        using var reader = command.ExecuteReader();
        reader.Read();
        return new StudyRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
    }

    /// <inheritdoc/>
    public IReadOnlyList<TrialRecord> GetTrials(long studyId)
    {
        using var connection = Open();
        // One snapshot for the trials and their intermediate values.
        using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        var values = new Dictionary<long, List<IntermediateValue>>();
        using (var command = Command(connection, transaction,
            "SELECT v.trial_id, v.step, v.value FROM netgen_trial_intermediate_values v JOIN netgen_trials t ON t.id = v.trial_id WHERE t.study_id = @study ORDER BY v.trial_id, v.step",
            ("study", studyId)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var trialId = reader.GetInt64(0);
                if (!values.TryGetValue(trialId, out var list))
                {
                    values.Add(trialId, list = new List<IntermediateValue>());
                }

                list.Add(new IntermediateValue(reader.GetInt32(1), reader.GetDouble(2)));
            }
        }

        var trials = new List<TrialRecord>();
        using (var command = Command(connection, transaction, $"SELECT {TrialColumns} FROM netgen_trials WHERE study_id = @study ORDER BY number", ("study", studyId)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                trials.Add(ReadTrial(reader, values.TryGetValue(reader.GetInt64(0), out var list) ? list : new List<IntermediateValue>()));
            }
        }

        transaction.Commit();
        return trials;
    }

    /// <inheritdoc/>
    public TrialRecord? ClaimTrial(long studyId, string workerId, int maxTrials)
    {
        CheckWorkerId(workerId);
        if (maxTrials < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTrials), maxTrials, "Expected a trial budget of 0 or more.");
        }

        using var connection = Open();
        using var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        // A waiting trial another worker is claiming at this moment is locked: skip it rather than wait for it.
        var waiting = Scalar(connection, transaction,
            "SELECT id FROM netgen_trials WHERE study_id = @study AND state = 'waiting' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED",
            ("study", studyId));
        TrialRecord trial;
        if (waiting is long waitingId)
        {
            trial = QueryTrial(connection, transaction,
                $"UPDATE netgen_trials SET state = 'running', worker_id = @worker, attempts = attempts + 1, started = now(), heartbeat = now(), finished = NULL WHERE id = @id RETURNING {TrialColumns}",
                ("worker", workerId), ("id", waitingId));
        }
        else
        {
            // The study's row is the counter: updating it serializes the workers that create trials, and the budget is
            // checked on the row as it is after the other workers' commits.
            var number = Scalar(connection, transaction,
                "UPDATE netgen_studies SET next_trial_number = next_trial_number + 1 WHERE id = @study AND next_trial_number < @max RETURNING next_trial_number - 1",
                ("study", studyId), ("max", maxTrials));
            if (number is not int newNumber)
            {
                CheckStudyExists(connection, transaction, studyId);
                return null;
            }

            trial = QueryTrial(connection, transaction,
                $"INSERT INTO netgen_trials (study_id, number, state, worker_id, attempts, started, heartbeat) VALUES (@study, @number, 'running', @worker, 1, now(), now()) RETURNING {TrialColumns}",
                ("study", studyId), ("number", newNumber), ("worker", workerId));
        }

        transaction.Commit();
        return trial;
    }

    /// <inheritdoc/>
    public bool SetParameters(long trialId, string workerId, string parametersJson)
    {
        CheckWorkerId(workerId);
        ArgumentNullException.ThrowIfNull(parametersJson);
        using var connection = Open();
        return Execute(connection, null,
            "UPDATE netgen_trials SET parameters = @parameters WHERE id = @id AND state = 'running' AND worker_id = @worker AND parameters IS NULL",
            ("parameters", parametersJson), ("id", trialId), ("worker", workerId)) == 1;
    }

    /// <inheritdoc/>
    public bool ReportIntermediate(long trialId, string workerId, int step, double value)
    {
        CheckWorkerId(workerId);
        if (step < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Expected a step of 0 or more.");
        }

        using var connection = Open();
        using var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        // The share lock keeps the trial running (and owned) until the value is in: a requeue skips it meanwhile.
        if (Scalar(connection, transaction, "SELECT 1 FROM netgen_trials WHERE id = @id AND state = 'running' AND worker_id = @worker FOR SHARE",
            ("id", trialId), ("worker", workerId)) is null)
        {
            return false;
        }

        Execute(connection, transaction,
            "INSERT INTO netgen_trial_intermediate_values (trial_id, step, value) VALUES (@id, @step, @value) ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value",
            ("id", trialId), ("step", step), ("value", value));
        transaction.Commit();
        return true;
    }

    /// <inheritdoc/>
    public bool Heartbeat(long trialId, string workerId)
    {
        CheckWorkerId(workerId);
        using var connection = Open();
        return Execute(connection, null, "UPDATE netgen_trials SET heartbeat = now() WHERE id = @id AND state = 'running' AND worker_id = @worker",
            ("id", trialId), ("worker", workerId)) == 1;
    }

    /// <inheritdoc/>
    public bool FinishTrial(long trialId, string workerId, TrialState state, double? value, string? attributesJson)
    {
        CheckWorkerId(workerId);
        CheckFinish(state, value);
        using var connection = Open();
        return Execute(connection, null,
            "UPDATE netgen_trials SET state = @state, value = @value, attributes = @attributes, finished = now() WHERE id = @id AND state = 'running' AND worker_id = @worker",
            ("state", StateName(state)), ("value", value), ("attributes", attributesJson), ("id", trialId), ("worker", workerId)) == 1;
    }

    /// <inheritdoc/>
    public int RequeueStaleTrials(long studyId, TimeSpan staleAfter)
    {
        if (staleAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(staleAfter), staleAfter, "Expected a time of 0 or more.");
        }

        using var connection = Open();
        using var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        // SKIP LOCKED: a trial whose worker is writing to it right now is not stale, and two workers requeueing at once
        // neither wait for nor deadlock with each other.
        var requeued = new List<long>();
        using (var command = Command(connection, transaction,
            "UPDATE netgen_trials SET state = 'waiting' WHERE id IN (SELECT id FROM netgen_trials WHERE study_id = @study AND state = 'running' AND heartbeat < now() - @stale FOR UPDATE SKIP LOCKED) RETURNING id",
            ("study", studyId), ("stale", staleAfter)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                requeued.Add(reader.GetInt64(0));
            }
        }

        // A statement of its own, so that its snapshot includes every value reported before the rows were locked.
        Execute(connection, transaction, "DELETE FROM netgen_trial_intermediate_values WHERE trial_id = ANY(@ids)", ("ids", requeued.ToArray()));
        transaction.Commit();
        return requeued.Count;
    }

    /// <inheritdoc/>
    public TrialRecord EnqueueTrial(long studyId, string parametersJson)
    {
        ArgumentNullException.ThrowIfNull(parametersJson);
        using var connection = Open();
        using var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        var number = Scalar(connection, transaction,
            "UPDATE netgen_studies SET next_trial_number = next_trial_number + 1 WHERE id = @study RETURNING next_trial_number - 1", ("study", studyId));
        if (number is not int newNumber)
        {
            CheckStudyExists(connection, transaction, studyId);
            throw new InvalidOperationException("Unreachable: the study exists but was not numbered.");
        }

        var trial = QueryTrial(connection, transaction,
            $"INSERT INTO netgen_trials (study_id, number, state, parameters, attempts) VALUES (@study, @number, 'waiting', @parameters, 0) RETURNING {TrialColumns}",
            ("study", studyId), ("number", newNumber), ("parameters", parametersJson));
        transaction.Commit();
        return trial;
    }

    /// <summary>Closes the pooled connections to the database.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _dataSource.Dispose();
        }
    }

    /// <summary>The schema of version 1: states kept as their names, times as the server's <c>timestamptz</c>, JSON as the text given.</summary>
    private const string Schema = """
        CREATE TABLE netgen_schema_version (
            version integer NOT NULL
        );
        CREATE TABLE netgen_studies (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name text NOT NULL UNIQUE,
            definition text NOT NULL,
            next_trial_number integer NOT NULL DEFAULT 0,
            created timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE netgen_trials (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            study_id bigint NOT NULL REFERENCES netgen_studies (id),
            number integer NOT NULL,
            state text NOT NULL CHECK (state IN ('waiting', 'running', 'complete', 'pruned', 'failed')),
            parameters text,
            value double precision,
            attributes text,
            worker_id text,
            attempts integer NOT NULL,
            started timestamptz,
            heartbeat timestamptz,
            finished timestamptz,
            UNIQUE (study_id, number)
        );
        CREATE INDEX netgen_trials_by_state ON netgen_trials (study_id, state, number);
        CREATE TABLE netgen_trial_intermediate_values (
            trial_id bigint NOT NULL REFERENCES netgen_trials (id),
            step integer NOT NULL,
            value double precision NOT NULL,
            PRIMARY KEY (trial_id, step)
        );
        """;

    private void CreateOrCheckSchema()
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("key", SchemaLockKey));
        if (Scalar(connection, transaction, "SELECT to_regclass('netgen_schema_version') IS NOT NULL") is true)
        {
            var version = Scalar(connection, transaction, "SELECT max(version) FROM netgen_schema_version");
            if (version is int found && found > SchemaVersion)
            {
                throw new NotSupportedException(
                    $"The database's NetGen tuning tables have schema version {found}, created by a newer NetGen.Tuning.PostgreSql; this one reads versions up to {SchemaVersion}. Use a newer NetGen.Tuning.PostgreSql.");
            }

            if (version is null)
            {
                Execute(connection, transaction, "INSERT INTO netgen_schema_version (version) VALUES (@version)", ("version", SchemaVersion));
            }
        }
        else
        {
            Execute(connection, transaction, Schema);
            Execute(connection, transaction, "INSERT INTO netgen_schema_version (version) VALUES (@version)", ("version", SchemaVersion));
        }

        transaction.Commit();
    }

    private NpgsqlConnection Open()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _dataSource.OpenConnection();
    }

    private static void CheckStudyExists(NpgsqlConnection connection, NpgsqlTransaction transaction, long studyId)
    {
        if (Scalar(connection, transaction, "SELECT 1 FROM netgen_studies WHERE id = @study", ("study", studyId)) is null)
        {
            throw new ArgumentException($"Expected the id of a study of this storage, got {studyId}.", "studyId");
        }
    }

    private static void CheckWorkerId(string workerId)
    {
        if (string.IsNullOrEmpty(workerId))
        {
            throw new ArgumentException("Expected a worker id, got an empty string.", nameof(workerId));
        }
    }

    private static void CheckFinish(TrialState state, double? value)
    {
        if (state is not (TrialState.Complete or TrialState.Pruned or TrialState.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "Expected TrialState.Complete, Pruned or Failed: a finished trial's state.");
        }

        if (state == TrialState.Complete && value is null)
        {
            throw new ArgumentNullException(nameof(value), "A complete trial needs its objective value.");
        }
    }

    private static TrialRecord QueryTrial(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        reader.Read();
        // A trial just claimed or enqueued has no intermediate values: a requeue clears them.
        return ReadTrial(reader, new List<IntermediateValue>());
    }

    private static TrialRecord ReadTrial(NpgsqlDataReader reader, List<IntermediateValue> values) => new(
        Id: reader.GetInt64(0),
        Number: reader.GetInt32(1),
        State: ParseState(reader.GetString(2)),
        ParametersJson: reader.IsDBNull(3) ? null : reader.GetString(3),
        Value: reader.IsDBNull(4) ? null : reader.GetDouble(4),
        IntermediateValues: values,
        AttributesJson: reader.IsDBNull(5) ? null : reader.GetString(5),
        WorkerId: reader.IsDBNull(6) ? null : reader.GetString(6),
        Attempts: reader.GetInt32(7),
        Started: reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
        Finished: reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9));

    private static string StateName(TrialState state) => state switch
    {
        TrialState.Waiting => "waiting",
        TrialState.Running => "running",
        TrialState.Complete => "complete",
        TrialState.Pruned => "pruned",
        TrialState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Expected a TrialState."),
    };

    private static TrialState ParseState(string name) => name switch
    {
        "waiting" => TrialState.Waiting,
        "running" => TrialState.Running,
        "complete" => TrialState.Complete,
        "pruned" => TrialState.Pruned,
        "failed" => TrialState.Failed,
        _ => throw new InvalidDataException($"Unknown trial state '{name}' in the database."),
    };

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static int Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static object? Scalar(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        var result = command.ExecuteScalar();
        return result is DBNull ? null : result;
    }
}
