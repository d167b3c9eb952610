using System.Net;
using System.Net.Sockets;
using CostInstrumentation.PostgreSql.Tests.Harness;
using CostInstrumentation.Reports.PostgreSql.Tests.Harness;
using Npgsql;

namespace CostInstrumentation.Reports.PostgreSql.Tests;

/// <summary>What goes wrong with a ledger is one sentence and llmcost's usual exit code (3: the database; 2: the arguments), never a stack trace.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ConnectionErrorTests(PostgresServer server)
{
    [Fact]
    public void An_unreachable_server()
    {
        string sentence = Fails(3, $"Host=127.0.0.1;Port={ClosedPort()};Database=llmcost;Username=postgres;Timeout=3");
        Assert.Contains("cannot be reached", sentence, StringComparison.Ordinal);
        Assert.Equal(ReportDatabaseProblem.Unreachable, Problem($"Host=127.0.0.1;Port={ClosedPort()};Database=llmcost;Username=postgres;Timeout=3"));
    }

    [Fact]
    public void A_login_the_server_refuses()
    {
        // The tests' server trusts loopback, so an unknown role is what it refuses (a wrong password takes the same path: 28P01).
        string address = $"postgresql://nobody:secret-password@127.0.0.1:{server.Port}/postgres";
        string sentence = Fails(3, address);
        Assert.Contains("refused the login", sentence, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", sentence, StringComparison.Ordinal);
        Assert.Equal(ReportDatabaseProblem.Denied, Problem(address));
    }

    [Fact]
    public void A_database_that_does_not_exist_or_holds_no_ledger()
    {
        Assert.Contains("no database", Fails(3, server.ConnectionString("no_such_database")), StringComparison.Ordinal);
        string empty = server.ConnectionString(server.CreateDatabase());
        Assert.Contains("holds no CostInstrumentation ledger", Fails(3, empty), StringComparison.Ordinal);
        Assert.Equal(ReportDatabaseProblem.Missing, Problem(empty));
    }

    [Fact]
    public void A_ledger_newer_than_this_version()
    {
        string newer = server.ConnectionString(server.CreateDatabase());
        using (NpgsqlConnection connection = new(newer))
        {
            connection.Open();
            using NpgsqlCommand create = new("CREATE TABLE llmcost_schema_version (version int NOT NULL); INSERT INTO llmcost_schema_version VALUES (99);", connection);
            create.ExecuteNonQuery();
        }

        Assert.Contains("newer", Fails(3, newer), StringComparison.Ordinal);
        Assert.Equal(ReportDatabaseProblem.Newer, Problem(newer));
    }

    [Fact]
    public void A_connection_string_npgsql_does_not_accept()
    {
        Assert.Contains("connection string", Fails(2, "Host=127.0.0.1;Flavour=vanilla"), StringComparison.Ordinal);
        Assert.Contains("connection string", Fails(2, "postgresql://127.0.0.1:notaport/db"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Budget_changes_on_the_ledger_are_refused_as_bad_arguments()
    {
        SameCalls calls = await SameCalls.OnAsync(server);
        LlmcostRun run = Llmcost.Run("budget", "set", "--daily", "5", "--db", calls.Ledger);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("hosts' own declarations", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>llmcost summary</c> on <paramref name="database"/>; asserts the exit code and one line without a stack trace; returns it.</summary>
    private static string Fails(int exitCode, string database)
    {
        LlmcostRun run = Llmcost.Run("summary", "--db", database);
        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode}: {run.Error}");
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("llmcost: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        return line;
    }

    private static ReportDatabaseProblem Problem(string database) => Assert.Throws<ReportDatabaseException>(() => CostReports.Open(database)).Problem;

    private static int ClosedPort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
