using CostInstrumentation.Tests.Storage;
using static CostInstrumentation.Tests.Budgets.BudgetTestData;

namespace CostInstrumentation.Tests.Recording;

/// <summary><see cref="LlmCostTracker.Configure"/> called again: what the previous configuration owned is let go.</summary>
[Collection(TrackerCollection.Name)]
public sealed class TrackerConfigureTests : SqliteTestDatabase
{
    [Fact]
    public async Task ConfiguringAgain_DisposesTheSqliteSinkTheTrackerMade_AfterWritingWhatItHeld()
    {
        SqliteCostSink? first = null;
        try
        {
            LlmCostTracker.Configure(options =>
            {
                options.UseSqlite(DatabasePath);
                first = (SqliteCostSink)options.Sinks.Single();
            });
            LlmCostTracker.Record(Call(0.5m, project: "before"));

            LlmCostTracker.Configure(_ => { });

            // Its writer thread ends once it has drained: a write after that is refused (dropped), not buffered for ever.
            await WaitUntil(() =>
            {
                first!.Write(Call(0.1m, project: "after"));
                return first.DroppedRecords > 0;
            });
            Assert.Equal(1, Count("project = 'before'"));
        }
        finally
        {
            LlmCostTracker.Configure(_ => { });
        }
    }

    [Fact]
    public async Task AConfigureThatThrows_LeavesThePreviousConfigurationInForce_AndItsOwnSinkClosed()
    {
        InMemoryCostSink previous = new();
        SqliteCostSink? made = null;
        try
        {
            LlmCostTracker.Configure(options => options.AddSink(previous));

            // HttpClient refuses a zero timeout: the webhook is set up after the sinks were put in place.
            Assert.ThrowsAny<ArgumentException>(() => LlmCostTracker.Configure(options =>
            {
                options.UseSqlite(DatabasePath).UseBudgetWebhook(new Uri("http://127.0.0.1:9/hook"), webhook => webhook.Timeout = TimeSpan.Zero);
                made = (SqliteCostSink)options.Sinks.Single();
            }));
            LlmCostTracker.Record(Call(0.1m, project: "after-failed-configure"));

            Assert.Single(previous.Records);
            await WaitUntil(() =>
            {
                made!.Write(Call(0.1m, project: "late"));
                return made.DroppedRecords > 0;
            });
        }
        finally
        {
            LlmCostTracker.Configure(_ => { });
        }
    }

    [Fact]
    public async Task AConfigureCallbackThatThrows_ClosesTheSinkItMade()
    {
        SqliteCostSink? made = null;
        Assert.Throws<InvalidOperationException>(() => LlmCostTracker.Configure(options =>
        {
            options.UseSqlite(DatabasePath);
            made = (SqliteCostSink)options.Sinks.Single();
            throw new InvalidOperationException("configuration code failed");
        }));

        await WaitUntil(() =>
        {
            made!.Write(Call(0.1m, project: "late"));
            return made.DroppedRecords > 0;
        });
    }

    [Fact]
    public async Task ConfiguringAgain_LeavesASinkTheCallerAdded_Alone()
    {
        await using SqliteCostSink own = new(DatabasePath);
        try
        {
            LlmCostTracker.Configure(options => options.AddSink(own));
            LlmCostTracker.Configure(_ => { });

            own.Write(Call(0.1m, project: "still-open"));
            await own.FlushAsync();

            Assert.Equal((1, 0L), (Count("project = 'still-open'"), own.DroppedRecords));
        }
        finally
        {
            LlmCostTracker.Configure(_ => { });
        }
    }
}
