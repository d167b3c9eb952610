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

    [Fact]
    public async Task An_alert_whose_batch_lost_its_commit_reply_is_raised_once_by_the_retry()
    {
        LlmBudget budget = new(BudgetScope.Project, "alerts", BudgetPeriod.Day, 0.01m) { Source = "alert test budget" };
        await using LoopbackProxy proxy = new(server.Port);
        List<decimal> raised = [];
        await using (LlmCostPipeline host = Host(_test.Through(proxy), budget, raised))
        {
            host.Record(ShippingTests.Call(DateTimeOffset.UtcNow, 0.005m, project: "alerts")); // 50 %: no alert yet
            await host.FlushAsync();

            // The batch that crosses 80 % commits, and its reply is lost: the retry finds its calls already in the ledger.
            proxy.CutReplyContaining = LoopbackProxy.CommitReply;
            host.Record(ShippingTests.Call(DateTimeOffset.UtcNow, 0.004m, project: "alerts"));
            for (int waited = 0; (proxy.CutReplyContaining is not null || Raised(raised) == 0) && waited < 200; waited++)
            {
                await host.FlushAsync();
                await Task.Delay(50);
            }

            Assert.Null(proxy.CutReplyContaining); // the reply was lost
            host.Record(ShippingTests.Call(DateTimeOffset.UtcNow, 0.0001m, project: "alerts")); // its batch marks the alert raised
            await host.FlushAsync();
        }

        // The host restarts on its outbox and ships again: the alert it raised is not raised a second time.
        await using (LlmCostPipeline restarted = Host(_test.ConnectionString, budget, raised))
        {
            restarted.Record(ShippingTests.Call(DateTimeOffset.UtcNow, 0.0001m, project: "alerts"));
            await restarted.FlushAsync();
        }

        Assert.Equal([0.8m], raised);
        Assert.Equal(1, _test.Ledger.Scalar("SELECT count(*) FROM llmcost_alerts WHERE delivered_utc IS NOT NULL"));
        Assert.Equal(4, _test.Ledger.Calls);
    }

    public void Dispose() => _test.Dispose();

    private static int Raised(List<decimal> raised)
    {
        lock (raised)
        {
            return raised.Count;
        }
    }

    /// <summary>Host 1 on <paramref name="connectionString"/>, adding the thresholds it raises to <paramref name="raised"/>.</summary>
    private LlmCostPipeline Host(string connectionString, LlmBudget budget, List<decimal> raised)
    {
        LlmCostPipeline pipeline = LlmCostPipeline.Create(o => o.UseSqlite(_test.Outbox(1)).UsePostgreSql(connectionString, l =>
        {
            l.MaxBatchDelay = TimeSpan.FromMilliseconds(10);
            l.MaxRetryDelay = TimeSpan.FromMilliseconds(50);
        }).AddBudget(budget));
        pipeline.BudgetAlert += (_, e) => { lock (raised) { raised.Add(e.Threshold); } };
        return pipeline;
    }
}
