using CostInstrumentation.Tests.Budgets;
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
