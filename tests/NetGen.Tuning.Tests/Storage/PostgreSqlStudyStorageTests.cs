using System;
using System.Linq;
using NetGen.Tuning.PostgreSql;
using NetGen.Tuning.Storage;
using Npgsql;

namespace NetGen.Tuning.Tests.Storage;

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlStudyStorageContractTests(PostgreSqlCluster cluster) : StudyStorageContractTests
{
    protected override IStudyStorage CreateStorage() => new PostgreSqlStudyStorage(cluster.CreateDatabase());
}

[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlStudyStorageTests(PostgreSqlCluster cluster)
{
    [Fact]
    public void TheSchema_IsCreatedOnce_WhenManyWorkersStartAtOnce()
    {
        var connectionString = cluster.CreateDatabase();
        Concurrently.Run(8, _ =>
        {
            using var storage = new PostgreSqlStudyStorage(connectionString);
            storage.CreateOrOpenStudy("shared", "{}");
        });

        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        Assert.Equal(new[] { PostgreSqlStudyStorage.SchemaVersion }, Query<int>(connection, "SELECT version FROM netgen_schema_version"));
        Assert.Equal(
            new[] { "netgen_schema_version", "netgen_studies", "netgen_trial_intermediate_values", "netgen_trials" },
            Query<string>(connection, "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"));
        Assert.Equal(1L, Query<long>(connection, "SELECT count(*) FROM netgen_studies").Single());
    }

    [Fact]
    public void ADatabaseOfANewerSchemaVersion_IsRefused_NamingBothVersions()
    {
        var connectionString = cluster.CreateDatabase();
        using (new PostgreSqlStudyStorage(connectionString))
        {
        }

        using (var connection = new NpgsqlConnection(connectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"UPDATE netgen_schema_version SET version = {PostgreSqlStudyStorage.SchemaVersion + 1}", connection);
            command.ExecuteNonQuery();
        }

        var exception = Assert.Throws<NotSupportedException>(() => new PostgreSqlStudyStorage(connectionString));
        Assert.Contains($"schema version {PostgreSqlStudyStorage.SchemaVersion + 1}", exception.Message);
        Assert.Contains($"up to {PostgreSqlStudyStorage.SchemaVersion}", exception.Message);
    }

    [Fact]
    public void Times_AreTheServers()
    {
        var connectionString = cluster.CreateDatabase();
        using var storage = new PostgreSqlStudyStorage(connectionString);
        var study = storage.CreateOrOpenStudy("s", "{}");
        var trial = storage.ClaimTrial(study.Id, "w", 10)!;

        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        var (started, heartbeat) = Query<(DateTime, DateTime)>(connection, $"SELECT started, heartbeat FROM netgen_trials WHERE id = {trial.Id}").Single();
        var serverNow = Query<DateTime>(connection, "SELECT now()").Single();
        Assert.Equal(new DateTimeOffset(started), trial.Started);
        Assert.Equal(started, heartbeat);
        Assert.InRange(serverNow - started, TimeSpan.Zero, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void TheJsonText_IsKeptAsGiven()
    {
        using var storage = new PostgreSqlStudyStorage(cluster.CreateDatabase());
        const string Definition = """{ "b" : 1, "a": [1.50, 2e3],  "b": 2 }""";

        var study = storage.CreateOrOpenStudy("s", Definition);

        Assert.Equal(Definition, storage.CreateOrOpenStudy("s", "{}").DefinitionJson);
        Assert.Equal(Definition, study.DefinitionJson);
    }

    [Fact]
    public void ABadConnectionString_IsRejected_NamingTheArgument()
    {
        Assert.Equal("connectionString", Assert.ThrowsAny<ArgumentException>(() => new PostgreSqlStudyStorage("")).ParamName);
    }

    private static T[] Query<T>(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = new System.Collections.Generic.List<T>();
        while (reader.Read())
        {
            rows.Add(typeof(T) == typeof((DateTime, DateTime))
                ? (T)(object)(reader.GetDateTime(0), reader.GetDateTime(1))
                : reader.GetFieldValue<T>(0));
        }

        return rows.ToArray();
    }
}
