using CostInstrumentation.Hosting;
using CostInstrumentation.PostgreSql.Tests.Harness;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CostInstrumentation.PostgreSql.Tests;

/// <summary><c>CostInstrumentation:PostgreSql</c>: the shared ledger set up from configuration, through <c>AddLlmCostTracking</c>.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ConfigurationTests(PostgresServer server) : IDisposable
{
    private readonly TestHost _test = new(server);

    [Fact]
    public async Task A_host_configured_by_its_section_ships_to_the_ledger_and_leases_the_budgets_it_names()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CostInstrumentation:SqlitePath"] = _test.Outbox(1),
            ["CostInstrumentation:Budgets:0:DailyUsd"] = "0.4",
            ["CostInstrumentation:Budgets:0:HardLimit"] = "true",
            ["CostInstrumentation:PostgreSql:ConnectionString"] = _test.ConnectionString,
            ["CostInstrumentation:PostgreSql:MaxBatchDelay"] = "00:00:00.020",
            ["CostInstrumentation:PostgreSql:Lease:0"] = "CostInstrumentation:Budgets:0",
            ["CostInstrumentation:PostgreSql:LeaseFraction"] = "0.1",
        });
        builder.Services.AddLlmCostTracking(builder.Configuration.GetSection("CostInstrumentation"))
            .Configure(o => o.UsePostgreSql(builder.Configuration.GetSection("CostInstrumentation:PostgreSql")));
        IHost host = builder.Build();
        await host.StartAsync();
        LlmCostPipeline pipeline = host.Services.GetRequiredService<LlmCostPipeline>();
        Assert.True(HostWorkload.Call(pipeline));
        Assert.True(HostWorkload.Call(pipeline));
        await pipeline.FlushAsync();

        // Both calls were admitted from one lease of 10 % of the limit, which the ledger still holds (less their cost).
        Assert.Equal(1, _test.Ledger.Scalar("SELECT count(DISTINCT hold_id) FROM llmcost_calls"));
        Assert.Equal(ShippingTests.NanoUsd(0.04m - 2 * HostWorkload.CallCostUsd), _test.Ledger.Scalar("SELECT sum(amount_nanousd) FROM llmcost_leases"));
        Assert.Equal(1, _test.Ledger.Scalar("SELECT count(*) FROM llmcost_budgets WHERE budget_key LIKE '%|CostInstrumentation:Budgets:0:DailyUsd' AND hard_limit"));
        await host.StopAsync();
        await ((IAsyncDisposable)host).DisposeAsync();
        _test.AssertLedgerMatchesOutboxes(1);
        Assert.Equal(0, _test.Ledger.Scalar("SELECT count(*) FROM llmcost_leases")); // given back when the pipeline was disposed
    }

    [Fact]
    public void Every_invalid_key_is_named_in_full()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CostInstrumentation:PostgreSql:MaxBatchSize"] = "0",
            ["CostInstrumentation:PostgreSql:HoldTimeout"] = "soon",
            ["CostInstrumentation:PostgreSql:LeaseFraction"] = "2",
            ["CostInstrumentation:PostgreSql:MaxRetryDelay"] = "00:00:00",
        }).Build();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() =>
            LlmCostPipeline.Create(o => o.UseSqlite(_test.Outbox(1)).UsePostgreSql(configuration.GetSection("CostInstrumentation:PostgreSql"))));

        Assert.Equal(
            [
                "CostInstrumentation:PostgreSql:MaxBatchSize is out of range (it is '0'): A batch holds at least one call.",
                "CostInstrumentation:PostgreSql:MaxRetryDelay is out of range (it is '00:00:00'): A duration must be longer than 0.",
                "CostInstrumentation:PostgreSql:HoldTimeout is not a duration (hh:mm:ss) (it is 'soon').",
                "CostInstrumentation:PostgreSql:LeaseFraction is out of range (it is '2'): A lease is a fraction of the limit, more than 0 and at most 1.",
                "CostInstrumentation:PostgreSql:ConnectionString is required: the PostgreSQL ledger's connection string (Host=…;Database=…;Username=…).",
            ],
            error.Message.Split(Environment.NewLine));
    }

    [Fact]
    public async Task A_missing_section_leaves_the_host_on_sqlite_alone()
    {
        IConfiguration configuration = new ConfigurationBuilder().Build();
        await using LlmCostPipeline pipeline = LlmCostPipeline.Create(o => o.UseSqlite(_test.Outbox(1)).UsePostgreSql(configuration.GetSection("CostInstrumentation:PostgreSql")));
        pipeline.Record(ShippingTests.Call(DateTimeOffset.UtcNow, 0.001m));
        await pipeline.FlushAsync();
        Assert.Equal(1, _test.OutboxScalar(1, "SELECT count(*) FROM llm_calls"));
        Assert.Equal(0, _test.OutboxScalar(1, "SELECT count(*) FROM outbox")); // no shipper ever opened it
    }

    public void Dispose() => _test.Dispose();
}
