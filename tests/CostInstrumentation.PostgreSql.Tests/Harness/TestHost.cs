namespace CostInstrumentation.PostgreSql.Tests.Harness;

/// <summary>A test's database on the shared server and a folder for its hosts' outboxes, removed at the end.</summary>
public sealed class TestHost : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmcost-outbox-").FullName;

    public TestHost(PostgresServer server)
    {
        Server = server;
        Database = server.CreateDatabase();
        ConnectionString = server.ConnectionString(Database);
        Ledger = new LedgerState(ConnectionString);
    }

    public PostgresServer Server { get; }

    public string Database { get; }

    public string ConnectionString { get; }

    public LedgerState Ledger { get; }

    /// <summary>The outbox file of host number <paramref name="host"/>.</summary>
    public string Outbox(int host) => Path.Combine(_folder, $"host{host}.db");

    /// <summary>Runs <paramref name="sql"/> on host <paramref name="host"/>'s outbox; its first value (0 when none).</summary>
    public long OutboxScalar(int host, string sql)
    {
        using Microsoft.Data.Sqlite.SqliteConnection connection = new($"Data Source={Outbox(host)};Pooling=False");
        connection.Open();
        using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is long value ? value : 0;
    }

    /// <summary>The total cost, in nano-USD, of the calls in host <paramref name="host"/>'s outbox.</summary>
    public long OutboxCostNano(int host) => OutboxScalar(host, "SELECT coalesce(sum(cost_nanousd), 0) FROM llm_calls");

    /// <summary>Every call of the outboxes of hosts 1 to <paramref name="hosts"/> is in the ledger once, and the rollups equal the ledger.</summary>
    public void AssertLedgerMatchesOutboxes(int hosts)
    {
        IEnumerable<int> all = Enumerable.Range(1, hosts);
        Assert.Equal(all.Sum(h => OutboxScalar(h, "SELECT count(*) FROM llm_calls")), Ledger.Calls);
        Assert.Equal(0, Ledger.Duplicates);
        Assert.Equal(all.Sum(OutboxCostNano), Ledger.SpentNano);
        Ledger.AssertRollupsMatchCalls();
    }

    /// <summary>A connection string to this test's database through <paramref name="proxy"/>.</summary>
    public string Through(LoopbackProxy proxy) => Server.ConnectionString(Database, proxy.Port);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
