using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace NetGen.Tuning.Storage;

/// <summary>
/// Keeps studies in a SQLite file: the embedded default, which survives the process being killed and which several
/// processes on one machine can share.
/// </summary>
/// <remarks>
/// <para>
/// The file is created with its schema when it does not exist; its schema version is the file's
/// <c>PRAGMA user_version</c> (<see cref="SchemaVersion"/>), and a file written by a newer NetGen.Tuning is refused
/// rather than misread. The file uses SQLite's write-ahead log (readers never wait for the writer), and every change is
/// one <c>BEGIN IMMEDIATE</c> transaction: a process that finds the file locked waits up to the busy timeout instead of
/// failing, and a claim or a finish is all or nothing even when the process dies in the middle of it.
/// </para>
/// <para>
/// Times (claims, heartbeats, finishes, staleness) are read from one clock, <see cref="TimeProvider.System"/> unless
/// another is given, and kept as Unix milliseconds. Processes that share a file share the machine's clock. A SQLite file
/// must not be shared over a network file system (SQLite's locks are not reliable there): workers on several machines
/// use the PostgreSQL storage (package NetGen.Tuning.PostgreSql).
/// </para>
/// <para>An instance is safe to use from many threads: each call takes a pooled connection of its own.</para>
/// </remarks>
public sealed class SqliteStudyStorage : IStudyStorage
{
    /// <summary>The version of the file's schema this storage writes and the newest it reads (the file's <c>PRAGMA user_version</c>).</summary>
    public const int SchemaVersion = 1;

    /// <summary>The file's <c>PRAGMA application_id</c>, "NGTS": marks a file as a NetGen study file.</summary>
    private const int ApplicationId = 0x4E475453;

    private static readonly TimeSpan s_defaultBusyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;
    private readonly string _path;
    private readonly int _busyTimeoutMilliseconds;
    private readonly TimeProvider _clock;
    private int _disposed;

    /// <summary>
    /// Opens the study file at <paramref name="path"/>, creating it (and its folder) with its schema when it does not
    /// exist; waits up to 30 seconds for a file that another process holds locked.
    /// </summary>
    /// <param name="path">The file's path.</param>
    /// <exception cref="NotSupportedException">The file was written by a newer NetGen.Tuning (a newer schema version).</exception>
    /// <exception cref="InvalidDataException">The file is not a NetGen study file.</exception>
    public SqliteStudyStorage(string path)
        : this(path, s_defaultBusyTimeout, clock: null)
    {
    }

    /// <summary>
    /// Opens the study file at <paramref name="path"/>, creating it (and its folder) with its schema when it does not
    /// exist.
    /// </summary>
    /// <param name="path">The file's path.</param>
    /// <param name="busyTimeout">How long a call waits for a file that another process or thread holds locked before it throws.</param>
    /// <param name="clock">The clock of claims, heartbeats, finishes and staleness; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="NotSupportedException">The file was written by a newer NetGen.Tuning (a newer schema version).</exception>
    /// <exception cref="InvalidDataException">The file is not a NetGen study file.</exception>
    public SqliteStudyStorage(string path, TimeSpan busyTimeout, TimeProvider? clock)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("Expected the path of the study file, got an empty string.", nameof(path));
        }

        if (busyTimeout <= TimeSpan.Zero || busyTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(busyTimeout), busyTimeout, "Expected a positive time of at most 24 days.");
        }

        _path = Path.GetFullPath(path);
        _busyTimeoutMilliseconds = (int)Math.Ceiling(busyTimeout.TotalMilliseconds);
        _clock = clock ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite's own retry on a busy file; SQLite's busy handler (PRAGMA busy_timeout) waits first.
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();

        var folder = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        try
        {
            CreateOrCheckSchema();
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == 26)
        {
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
            throw new InvalidDataException($"'{_path}' is not a SQLite file, so not a NetGen study file.", exception);
        }
        catch
        {
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
            throw;
        }
    }

    /// <summary>The full path of the study file.</summary>
    public string FilePath => _path;

    /// <inheritdoc/>
    public StudyRecord CreateOrOpenStudy(string name, string definitionJson)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("Expected a study name, got an empty string.", nameof(name));
        }

        ArgumentNullException.ThrowIfNull(definitionJson);
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var existing = ReadStudy(connection, name);
        if (existing is null)
        {
            Execute(connection, "INSERT INTO studies (name, definition, next_trial_number, created) VALUES ($name, $definition, 0, $now)",
                ("$name", name), ("$definition", definitionJson), ("$now", Now()));
            existing = ReadStudy(connection, name)!;
        }

        transaction.Commit();
        return existing;
    }

    /// <inheritdoc/>
    public IReadOnlyList<TrialRecord> GetTrials(long studyId)
    {
        using var connection = Open();
        // One read transaction: the trials and their intermediate values are of the same moment.
        using var transaction = connection.BeginTransaction(deferred: true);
        var values = new Dictionary<long, List<IntermediateValue>>();
        using (var command = Command(connection,
            "SELECT v.trial_id, v.step, v.value FROM trial_intermediate_values v JOIN trials t ON t.id = v.trial_id WHERE t.study_id = $study ORDER BY v.trial_id, v.step",
            ("$study", studyId)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var trialId = reader.GetInt64(0);
                if (!values.TryGetValue(trialId, out var list))
                {
                    values.Add(trialId, list = new List<IntermediateValue>());
                }

                list.Add(new IntermediateValue(reader.GetInt32(1), ReadDouble(reader, 2) ?? double.NaN));
            }
        }

        var trials = new List<TrialRecord>();
        using (var command = Command(connection, SelectTrial + " WHERE study_id = $study ORDER BY number", ("$study", studyId)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                trials.Add(ReadTrialRow(reader, values.TryGetValue(reader.GetInt64(0), out var list) ? list : new List<IntermediateValue>()));
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
        using var transaction = connection.BeginTransaction(deferred: false);
        var now = Now();
        var waiting = Scalar(connection, "SELECT id FROM trials WHERE study_id = $study AND state = 'waiting' ORDER BY number LIMIT 1", ("$study", studyId));
        long trialId;
        if (waiting is long waitingId)
        {
            Execute(connection,
                "UPDATE trials SET state = 'running', worker_id = $worker, attempts = attempts + 1, started = $now, heartbeat = $now, finished = NULL WHERE id = $id",
                ("$worker", workerId), ("$now", now), ("$id", waitingId));
            trialId = waitingId;
        }
        else
        {
            var number = Scalar(connection,
                "UPDATE studies SET next_trial_number = next_trial_number + 1 WHERE id = $study AND next_trial_number < $max RETURNING next_trial_number - 1",
                ("$study", studyId), ("$max", maxTrials));
            if (number is not long newNumber)
            {
                CheckStudyExists(connection, studyId);
                return null;
            }

            trialId = (long)Scalar(connection,
                "INSERT INTO trials (study_id, number, state, worker_id, attempts, started, heartbeat) VALUES ($study, $number, 'running', $worker, 1, $now, $now) RETURNING id",
                ("$study", studyId), ("$number", newNumber), ("$worker", workerId), ("$now", now))!;
        }

        var trial = ReadTrial(connection, trialId);
        transaction.Commit();
        return trial;
    }

    /// <inheritdoc/>
    public bool SetParameters(long trialId, string workerId, string parametersJson)
    {
        CheckWorkerId(workerId);
        ArgumentNullException.ThrowIfNull(parametersJson);
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var changed = Execute(connection,
            "UPDATE trials SET parameters = $parameters WHERE id = $id AND state = 'running' AND worker_id = $worker AND parameters IS NULL",
            ("$parameters", parametersJson), ("$id", trialId), ("$worker", workerId));
        transaction.Commit();
        return changed == 1;
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
        using var transaction = connection.BeginTransaction(deferred: false);
        if (!Owns(connection, trialId, workerId))
        {
            return false;
        }

        Execute(connection,
            "INSERT INTO trial_intermediate_values (trial_id, step, value) VALUES ($id, $step, $value) ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value",
            ("$id", trialId), ("$step", step), ("$value", WriteDouble(value)));
        transaction.Commit();
        return true;
    }

    /// <inheritdoc/>
    public bool Heartbeat(long trialId, string workerId)
    {
        CheckWorkerId(workerId);
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var changed = Execute(connection, "UPDATE trials SET heartbeat = $now WHERE id = $id AND state = 'running' AND worker_id = $worker",
            ("$now", Now()), ("$id", trialId), ("$worker", workerId));
        transaction.Commit();
        return changed == 1;
    }

    /// <inheritdoc/>
    public bool FinishTrial(long trialId, string workerId, TrialState state, double? value, string? attributesJson)
    {
        CheckWorkerId(workerId);
        CheckFinish(state, value);
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var changed = Execute(connection,
            "UPDATE trials SET state = $state, value = $value, attributes = $attributes, finished = $now WHERE id = $id AND state = 'running' AND worker_id = $worker",
            ("$state", StateName(state)), ("$value", WriteDouble(value)), ("$attributes", (object?)attributesJson ?? DBNull.Value), ("$now", Now()),
            ("$id", trialId), ("$worker", workerId));
        transaction.Commit();
        return changed == 1;
    }

    /// <inheritdoc/>
    public int RequeueStaleTrials(long studyId, TimeSpan staleAfter)
    {
        if (staleAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(staleAfter), staleAfter, "Expected a time of 0 or more.");
        }

        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var threshold = Now() - (long)Math.Min(staleAfter.TotalMilliseconds, long.MaxValue / 2);
        Execute(connection,
            "DELETE FROM trial_intermediate_values WHERE trial_id IN (SELECT id FROM trials WHERE study_id = $study AND state = 'running' AND heartbeat < $threshold)",
            ("$study", studyId), ("$threshold", threshold));
        var requeued = Execute(connection,
            "UPDATE trials SET state = 'waiting' WHERE study_id = $study AND state = 'running' AND heartbeat < $threshold",
            ("$study", studyId), ("$threshold", threshold));
        transaction.Commit();
        return requeued;
    }

    /// <inheritdoc/>
    public TrialRecord EnqueueTrial(long studyId, string parametersJson)
    {
        ArgumentNullException.ThrowIfNull(parametersJson);
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var number = Scalar(connection,
            "UPDATE studies SET next_trial_number = next_trial_number + 1 WHERE id = $study RETURNING next_trial_number - 1", ("$study", studyId));
        if (number is not long newNumber)
        {
            CheckStudyExists(connection, studyId);
            throw new InvalidOperationException("Unreachable: the study exists but was not numbered.");
        }

        var trialId = (long)Scalar(connection,
            "INSERT INTO trials (study_id, number, state, parameters, attempts) VALUES ($study, $number, 'waiting', $parameters, 0) RETURNING id",
            ("$study", studyId), ("$number", newNumber), ("$parameters", parametersJson))!;
        var trial = ReadTrial(connection, trialId);
        transaction.Commit();
        return trial;
    }

    /// <summary>Releases the file: the pooled connections to it are closed.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        }
    }

    private const string SelectTrial =
        "SELECT id, number, state, parameters, value, attributes, worker_id, attempts, started, finished FROM trials";

    private void CreateOrCheckSchema()
    {
        using var connection = Open();
        // The write-ahead log is a property of the file; switching needs no transaction open (and waits for other processes).
        Scalar(connection, "PRAGMA journal_mode = WAL");
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = (long)Scalar(connection, "PRAGMA user_version")!;
        var applicationId = (long)Scalar(connection, "PRAGMA application_id")!;
        if (applicationId != 0 && applicationId != ApplicationId)
        {
            throw new InvalidDataException($"'{_path}' is a SQLite file of another application (application_id {applicationId}), not a NetGen study file.");
        }

        if (version > SchemaVersion)
        {
            throw new NotSupportedException(
                $"The study file '{_path}' has schema version {version}, written by a newer NetGen.Tuning; this one reads versions up to {SchemaVersion}. Open it with a newer NetGen.Tuning.");
        }

        if (version == 0)
        {
            var tables = (long)Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")!;
            if (tables != 0)
            {
                throw new InvalidDataException($"'{_path}' is a SQLite file with tables of its own, not a NetGen study file.");
            }

            Execute(connection, Schema);
            Execute(connection, $"PRAGMA application_id = {ApplicationId}; PRAGMA user_version = {SchemaVersion};");
        }

        transaction.Commit();
    }

    /// <summary>The schema of version 1. States are kept as their names, times as Unix milliseconds of the storage's clock.</summary>
    private const string Schema = """
        CREATE TABLE studies (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            definition TEXT NOT NULL,
            next_trial_number INTEGER NOT NULL,
            created INTEGER NOT NULL
        );
        CREATE TABLE trials (
            id INTEGER PRIMARY KEY,
            study_id INTEGER NOT NULL REFERENCES studies (id),
            number INTEGER NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('waiting', 'running', 'complete', 'pruned', 'failed')),
            parameters TEXT,
            value REAL,
            attributes TEXT,
            worker_id TEXT,
            attempts INTEGER NOT NULL,
            started INTEGER,
            heartbeat INTEGER,
            finished INTEGER,
            UNIQUE (study_id, number)
        );
        CREATE INDEX trials_by_state ON trials (study_id, state, number);
        CREATE TABLE trial_intermediate_values (
            trial_id INTEGER NOT NULL REFERENCES trials (id),
            step INTEGER NOT NULL,
            value REAL,
            PRIMARY KEY (trial_id, step)
        ) WITHOUT ROWID;
        """;

    private SqliteConnection Open()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            // synchronous = NORMAL: with the write-ahead log, a commit survives the process being killed (what a study must
            // survive); only a power loss may undo the last commits, never corrupt the file.
            Execute(connection, $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static bool Owns(SqliteConnection connection, long trialId, string workerId) =>
        Scalar(connection, "SELECT 1 FROM trials WHERE id = $id AND state = 'running' AND worker_id = $worker", ("$id", trialId), ("$worker", workerId)) is not null;

    private static void CheckStudyExists(SqliteConnection connection, long studyId)
    {
        if (Scalar(connection, "SELECT 1 FROM studies WHERE id = $study", ("$study", studyId)) is null)
        {
            throw new ArgumentException($"Expected the id of a study of this storage, got {studyId}.", "studyId");
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

    private static void CheckWorkerId(string workerId)
    {
        if (string.IsNullOrEmpty(workerId))
        {
            throw new ArgumentException("Expected a worker id, got an empty string.", nameof(workerId));
        }
    }

    private static StudyRecord? ReadStudy(SqliteConnection connection, string name)
    {
        using var command = Command(connection, "SELECT id, name, definition FROM studies WHERE name = $name", ("$name", name));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StudyRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    private static TrialRecord ReadTrial(SqliteConnection connection, long trialId)
    {
        var values = new List<IntermediateValue>();
        using (var command = Command(connection, "SELECT step, value FROM trial_intermediate_values WHERE trial_id = $id ORDER BY step", ("$id", trialId)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                values.Add(new IntermediateValue(reader.GetInt32(0), ReadDouble(reader, 1) ?? double.NaN));
            }
        }

        using (var command = Command(connection, SelectTrial + " WHERE id = $id", ("$id", trialId)))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            return ReadTrialRow(reader, values);
        }
    }

    private static TrialRecord ReadTrialRow(SqliteDataReader reader, List<IntermediateValue> values) => new(
        Id: reader.GetInt64(0),
        Number: reader.GetInt32(1),
        State: ParseState(reader.GetString(2)),
        ParametersJson: reader.IsDBNull(3) ? null : reader.GetString(3),
        Value: ReadDouble(reader, 4),
        IntermediateValues: values,
        AttributesJson: reader.IsDBNull(5) ? null : reader.GetString(5),
        WorkerId: reader.IsDBNull(6) ? null : reader.GetString(6),
        Attempts: reader.GetInt32(7),
        Started: reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
        Finished: reader.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)));

    // SQLite stores a NaN as NULL; the text 'NaN' (kept as text by the REAL column) keeps it apart from "no value".
    private static object WriteDouble(double? value) => value switch
    {
        null => DBNull.Value,
        double v when double.IsNaN(v) => "NaN",
        double v => v,
    };

    private static double? ReadDouble(SqliteDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return reader.GetFieldType(ordinal) == typeof(string)
            ? double.Parse(reader.GetString(ordinal), NumberStyles.Float, CultureInfo.InvariantCulture)
            : reader.GetDouble(ordinal);
    }

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
        _ => throw new InvalidDataException($"Unknown trial state '{name}' in the study file."),
    };

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static int Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        var result = command.ExecuteScalar();
        return result is DBNull ? null : result;
    }
}
