using CostInstrumentation.PostgreSql.Tests.Harness;

namespace CostInstrumentation.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class AlertTests(PostgresServer server) : IDisposable
{
    private readonly TestHost _test = new(server);

    [Fact]
    public async Task Each_threshold_is_raised_once_per_period_across_hosts()
    {
        LlmBudget budget = new(BudgetScope.Project, "alerts", BudgetPeriod.Day, 0.01m) { Source = "alert test budget" };
        List<LlmBudgetAlertEventArgs> raised = [];
        LlmCostPipeline[] hosts = [.. Enumerable.Range(1, 2).Select(h =>
        {
            LlmCostPipeline pipeline = LlmCostPipeline.Create(o => o.UseSqlite(_test.Outbox(h)).UsePostgreSql(_test.ConnectionString, l => l.MaxBatchDelay = TimeSpan.FromMilliseconds(10)).AddBudget(budget));
            pipeline.BudgetAlert += (_, e) => { lock (raised) { raised.Add(e); } };
            return pipeline;
        })];
        try
        {
            // Neither host alone reaches 80 % (0.006 USD each); together they pass 80 %, 95 % and the limit.
            for (int i = 0; i < 6; i++)
            {
                foreach (LlmCostPipeline host in hosts)
                {
                    host.Record(ShippingTests.Call(DateTimeOffset.UtcNow, 0.001m, project: "alerts"));
                    await host.FlushAsync();
                }
            }
        }
        finally
        {
            foreach (LlmCostPipeline host in hosts)
            {
                await host.DisposeAsync();
            }
        }

        Assert.Equal([0.8m, 0.95m, 1m], raised.Select(a => a.Threshold).Order());
        Assert.Equal([BudgetAlertLevel.Warning, BudgetAlertLevel.Critical, BudgetAlertLevel.Exceeded], raised.OrderBy(a => a.Threshold).Select(a => a.Level));
        Assert.All(raised, a => Assert.Equal(ShippingTests.Today(), a.PeriodStartUtc));
        Assert.Equal(3, _test.Ledger.Scalar("SELECT count(*) FROM llmcost_alerts"));
        Assert.Equal(12_000_000, _test.Ledger.Counter(ShippingTests.Today(), "alert test budget").Spent);
    }

    public void Dispose() => _test.Dispose();
}
