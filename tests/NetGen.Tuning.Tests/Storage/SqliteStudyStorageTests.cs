using System;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using NetGen.Tuning.Storage;

namespace NetGen.Tuning.Tests.Storage;

/// <summary>A temporary folder for SQLite study files, deleted with everything in it.</summary>
public sealed class TemporaryFolder : IDisposable
{
    /// <summary>Creates the folder.</summary>
    public TemporaryFolder() => Path = Directory.CreateTempSubdirectory("netgen-storage-").FullName;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>A path in the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Deletes the folder.</summary>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}

public sealed class SqliteStudyStorageContractTests : StudyStorageContractTests
{
    private readonly TemporaryFolder _folder = new();

    protected override IStudyStorage CreateStorage() => new SqliteStudyStorage(_folder.File("study.db"));

    public override void Dispose()
    {
        base.Dispose();
        _folder.Dispose();
    }
}

public sealed class SqliteStudyStorageTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ANewFile_HasTheSchemaVersion_AndTheWriteAheadLog()
    {
        var path = _folder.File("nested/folder/study.db");
        using (new SqliteStudyStorage(path))
        {
        }

        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        Assert.Equal((long)SqliteStudyStorage.SchemaVersion, Scalar(connection, "PRAGMA user_version"));
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal(
            new[] { "studies", "trial_intermediate_values", "trials" },
            Query(connection, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
    }

    [Fact]
    public void ANewFile_IsCreatedOnce_WhenManyStoragesOpenItAtOnce()
    {
        var path = _folder.File("study.db");
        var studyIds = new System.Collections.Concurrent.ConcurrentBag<long>();

        Concurrently.Run(8, _ =>
        {
            using var storage = new SqliteStudyStorage(path);
            studyIds.Add(storage.CreateOrOpenStudy("shared", "{}").Id);
        });

        Assert.Single(studyIds.Distinct());
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        Assert.Equal((long)SqliteStudyStorage.SchemaVersion, Scalar(connection, "PRAGMA user_version"));
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
    }

    [Fact]
    public void AStudy_SurvivesItsStorage_AndIsSharedByStoragesOfOneFile()
    {
        var path = _folder.File("study.db");
        using (var writer = new SqliteStudyStorage(path))
        {
            var study = writer.CreateOrOpenStudy("s", """{"seed":1}""");
            var trial = writer.ClaimTrial(study.Id, "w", 10)!;
            writer.SetParameters(trial.Id, "w", """{"x":1}""");
            writer.ReportIntermediate(trial.Id, "w", 0, 0.5);
            writer.FinishTrial(trial.Id, "w", TrialState.Complete, 0.25, """{"a":1}""");
            writer.ClaimTrial(study.Id, "w", 10);

            using var other = new SqliteStudyStorage(path);
            Assert.Equal(2, other.GetTrials(other.CreateOrOpenStudy("s", "{}").Id).Count);
        }

        using var reader = new SqliteStudyStorage(path);
        var reopened = reader.CreateOrOpenStudy("s", "{}");
        var trials = reader.GetTrials(reopened.Id);
        Assert.Equal("""{"seed":1}""", reopened.DefinitionJson);
        Assert.Equal((TrialState.Complete, """{"x":1}""", 0.25, """{"a":1}"""), (trials[0].State, trials[0].ParametersJson, trials[0].Value, trials[0].AttributesJson));
        Assert.Equal(new[] { new IntermediateValue(0, 0.5) }, trials[0].IntermediateValues);
        Assert.Equal(TrialState.Running, trials[1].State);
    }

    [Fact]
    public void AFileOfANewerSchemaVersion_IsRefused_NamingBothVersions()
    {
        var path = _folder.File("study.db");
        using (new SqliteStudyStorage(path))
        {
        }

        Execute(path, $"PRAGMA user_version = {SqliteStudyStorage.SchemaVersion + 1}");

        var exception = Assert.Throws<NotSupportedException>(() => new SqliteStudyStorage(path));
        Assert.Contains($"schema version {SqliteStudyStorage.SchemaVersion + 1}", exception.Message);
        Assert.Contains($"up to {SqliteStudyStorage.SchemaVersion}", exception.Message);
        Assert.Contains(path, exception.Message);
    }

    [Fact]
    public void AFileThatIsNotAStudyFile_IsRefused_AndLeftAsItWas()
    {
        var foreign = _folder.File("other.db");
        Execute(foreign, "CREATE TABLE customers (id INTEGER PRIMARY KEY)");
        var text = _folder.File("notes.txt");
        File.WriteAllText(text, "not a database, but long enough to have a header of one: " + new string('x', 200));

        Assert.Contains("not a NetGen study file", Assert.Throws<InvalidDataException>(() => new SqliteStudyStorage(foreign)).Message);
        Assert.Contains("not a SQLite file", Assert.Throws<InvalidDataException>(() => new SqliteStudyStorage(text)).Message);
        using var connection = new SqliteConnection($"Data Source={foreign}");
        connection.Open();
        Assert.Equal(new[] { "customers" }, Query(connection, "SELECT name FROM sqlite_master WHERE type = 'table'"));
    }

    [Fact]
    public void Times_AreTheGivenClocks_AndStalenessIsMeasuredByIt()
    {
        var clock = new ManualClock(new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));
        using var storage = new SqliteStudyStorage(_folder.File("study.db"), TimeSpan.FromSeconds(5), clock);
        var study = storage.CreateOrOpenStudy("s", "{}");
        var trial = storage.ClaimTrial(study.Id, "w", 10)!;
        Assert.Equal(clock.Now, trial.Started);

        clock.Now += TimeSpan.FromMinutes(9);
        Assert.True(storage.Heartbeat(trial.Id, "w"));
        clock.Now += TimeSpan.FromMinutes(9);
        Assert.Equal(0, storage.RequeueStaleTrials(study.Id, TimeSpan.FromMinutes(10)));
        clock.Now += TimeSpan.FromMinutes(2);
        Assert.Equal(1, storage.RequeueStaleTrials(study.Id, TimeSpan.FromMinutes(10)));

        var retry = storage.ClaimTrial(study.Id, "v", 10)!;
        clock.Now += TimeSpan.FromSeconds(1);
        storage.FinishTrial(retry.Id, "v", TrialState.Complete, 1, null);
        var finished = storage.GetTrials(study.Id).Single();
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 24, 5, 678, TimeSpan.Zero), finished.Started);
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 24, 6, 678, TimeSpan.Zero), finished.Finished);
    }

    [Fact]
    public void BadConstructorArguments_AreRejected_NamingTheArgument()
    {
        Assert.Equal("path", Assert.ThrowsAny<ArgumentException>(() => new SqliteStudyStorage(" ")).ParamName);
        Assert.Equal("busyTimeout", Assert.ThrowsAny<ArgumentException>(() => new SqliteStudyStorage(_folder.File("a.db"), TimeSpan.Zero, null)).ParamName);
        Assert.False(File.Exists(_folder.File("a.db")));
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static string[] Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var names = new System.Collections.Generic.List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names.ToArray();
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
