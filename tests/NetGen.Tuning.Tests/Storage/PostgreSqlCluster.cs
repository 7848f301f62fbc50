using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using Npgsql;

namespace NetGen.Tuning.Tests.Storage;

/// <summary>
/// A throw-away PostgreSQL cluster for the tests: made with <c>initdb</c> in a temporary folder, started with
/// <c>pg_ctl</c> on a free port of 127.0.0.1 (trust authentication, its socket in the folder), stopped and deleted on
/// <see cref="Dispose"/>. The server refuses to run as root, so as root (CI) the folder belongs to the
/// <c>postgres</c> user and the tools run through <c>runuser -u postgres --</c>.
/// </summary>
/// <remarks>
/// PostgreSQL's server binaries are found in <c>$NETGEN_POSTGRES_BIN</c>, <c>pg_config --bindir</c>,
/// <c>/usr/lib/postgresql/*/bin</c> (newest first) or the PATH. Without them the tests fail, with a message that says
/// so: they are never skipped.
/// </remarks>
public sealed class PostgreSqlCluster : IDisposable
{
    private const string Superuser = "postgres";
    private const string ServiceUser = "postgres";

    private readonly string _binDirectory;
    private readonly string _root;
    private readonly string _dataDirectory;
    private readonly bool _asServiceUser;
    private int _databases;
    private bool _started;

    /// <summary>Makes and starts the cluster.</summary>
    public PostgreSqlCluster()
    {
        _binDirectory = FindBinDirectory();
        _asServiceUser = IsRoot();
        _root = Directory.CreateDirectory(Path.Combine(TemporaryBase(_asServiceUser), $"netgen-pg-{Guid.NewGuid():N}")).FullName;
        _dataDirectory = Path.Combine(_root, "data");
        try
        {
            if (_asServiceUser)
            {
                Run("chown", new[] { $"{ServiceUser}:", _root }, asServiceUser: false);
            }

            Run(Tool("initdb"), new[] { "-D", _dataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions" }, _asServiceUser);
            Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The port the server listens on, at 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The connection string of the cluster's <c>postgres</c> database, as its superuser.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }

        return ConnectionString(name);
    }

    /// <summary>Stops the server and deletes its folder.</summary>
    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started)
        {
            _started = false;
            try
            {
                Run(Tool("pg_ctl"), new[] { "-D", _dataDirectory, "-m", "fast", "-w", "stop" }, _asServiceUser);
            }
            catch (InvalidOperationException)
            {
                // Deleting the folder below is still worth doing; a server left running dies with its folder's socket.
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = Superuser,
        // Several workers and many test threads share the small cluster.
        MaxPoolSize = 20,
        Timeout = 30,
    }.ConnectionString;

    private void Start()
    {
        // A free port now may be taken by the time the server binds it: try again with another.
        var log = Path.Combine(_root, "server.log");
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var serverOptions = $"-p {Port} -c listen_addresses=127.0.0.1 -k {_root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            try
            {
                Run(Tool("pg_ctl"), new[] { "-D", _dataDirectory, "-l", log, "-w", "-t", "60", "-o", serverOptions, "start" }, _asServiceUser);
                _started = true;
                break;
            }
            catch (InvalidOperationException exception) when (attempt < 3)
            {
                _ = exception;
            }
            catch (InvalidOperationException exception)
            {
                var serverLog = File.Exists(log) ? File.ReadAllText(log) : "(no server log)";
                throw new InvalidOperationException($"The test PostgreSQL server did not start: {exception.Message}\nServer log:\n{serverLog}", exception);
            }
        }

        // pg_ctl -w waits until the server accepts connections; check that it does over TCP, as the storages connect.
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
    }

    private string Tool(string name) => Path.Combine(_binDirectory, name);

    private void Run(string fileName, IReadOnlyList<string> arguments, bool asServiceUser)
    {
        var start = new ProcessStartInfo
        {
            FileName = asServiceUser ? "runuser" : fileName,
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asServiceUser)
        {
            foreach (var argument in new[] { "-u", ServiceUser, "--", fileName })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish in 2 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{output}\n{error.Result}");
        }
    }

    /// <summary>
    /// The temporary folder, or /tmp when the service user could not reach into it (a root's TMPDIR under /root).
    /// </summary>
    private static string TemporaryBase(bool asServiceUser)
    {
        var temporary = Path.GetTempPath();
        if (asServiceUser && !OperatingSystem.IsWindows())
        {
            for (var folder = new DirectoryInfo(temporary); folder is not null; folder = folder.Parent)
            {
                if ((folder.UnixFileMode & UnixFileMode.OtherExecute) == 0)
                {
                    return "/tmp";
                }
            }
        }

        return temporary;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindBinDirectory()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("NETGEN_POSTGRES_BIN") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        if (TryRead("pg_config", "--bindir") is { } bindir)
        {
            candidates.Add(bindir);
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(version => int.TryParse(Path.GetFileName(version), out var major) ? major : 0)
                .Select(version => Path.Combine(version, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(folder => File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL's server programs (initdb, pg_ctl) were not found in $NETGEN_POSTGRES_BIN, `pg_config --bindir`, /usr/lib/postgresql/*/bin or the PATH. " +
                "The PostgreSQL storage tests start a throw-away cluster and are never skipped: install the server (Debian/Ubuntu: apt-get install postgresql-15) " +
                "or set NETGEN_POSTGRES_BIN to the folder of initdb.");
    }

    private static string? TryRead(string fileName, string argument)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(fileName, argument) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static bool IsRoot() => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? geteuid() == 0 : false;

    [DllImport("libc")]
    private static extern uint geteuid();
}

/// <summary>The tests that share one <see cref="PostgreSqlCluster"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlCluster>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "PostgreSQL";
}
