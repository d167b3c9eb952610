using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace CostInstrumentation.PostgreSql.Tests.Harness;

/// <summary>
/// A PostgreSQL server of the tests' own: <c>initdb</c> on a temporary directory and <c>pg_ctl start</c> as the
/// <c>postgres</c> user (initdb refuses root), listening on 127.0.0.1 and a free port, stopped and deleted at the end,
/// also when tests fail. Each test takes a database of its own (<see cref="CreateDatabase"/>). The tests' server skips
/// fsync (nothing they check survives a machine crash); the benchmark's is durable, as a deployment's would be.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _bin;
    private readonly string _dataDir;
    private int _databases;

    public PostgresServer()
        : this(durable: false)
    {
    }

    internal PostgresServer(bool durable)
    {
        _bin = Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out int v) ? v : 0).Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/pg_ctl): ./test.sh installs Debian's postgresql package.");
        // Under /tmp, which the postgres user can write; initdb makes the directory itself, owned by that user.
        _dataDir = Path.Combine(Path.GetTempPath(), "llmcost-pg-" + Guid.NewGuid().ToString("N"));
        Port = FreePort();
        Run("initdb", $"-D {_dataDir} -U postgres --auth=trust -E UTF8 --no-sync --no-instructions");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        Run("pg_ctl", $"-D {_dataDir} -w -t 60 -l {_dataDir}/server.log -o \"-p {Port} -c listen_addresses=127.0.0.1 -k {_dataDir} -c max_connections=200{(durable ? "" : " -c fsync=off -c synchronous_commit=off")}\" start");
    }

    public int Port { get; }

    /// <summary>A connection string to the server's <c>postgres</c> database, or to <paramref name="database"/>, at <paramref name="port"/> (a proxy's) when given.</summary>
    public string ConnectionString(string database = "postgres", int? port = null) =>
        $"Host=127.0.0.1;Port={port ?? Port};Username=postgres;Database={database};Pooling=true;Timeout=5;Command Timeout=30;Include Error Detail=true";

    /// <summary>A new, empty database; its name.</summary>
    public string CreateDatabase()
    {
        string name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        using NpgsqlConnection connection = new(ConnectionString());
        connection.Open();
        using NpgsqlCommand command = new($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return name;
    }

    /// <summary>The path of a program of the server's installation (pgbench).</summary>
    public string Program(string name) => Path.Combine(_bin, name);

    /// <summary>Runs a program of the installation as the postgres user; throws with its output when it fails.</summary>
    public string Run(string program, string arguments)
    {
        bool root = Environment.UserName == "root";
        ProcessStartInfo start = new(root ? "runuser" : Program(program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        string command = root ? $"-u postgres -- {Program(program)} {arguments}" : arguments;
        start.Arguments = command;
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {arguments} exited with {process.ExitCode}: {error} {output.Result}");
        }

        return output.Result;
    }

    public void Dispose() => Stop();

    private void Stop()
    {
        if (Directory.Exists(_dataDir))
        {
            try
            {
                Run("pg_ctl", $"-D {_dataDir} -m immediate -w stop");
            }
            catch (InvalidOperationException)
            {
                // Not running (a failed start): the directory is removed all the same.
            }

            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private static int FreePort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
