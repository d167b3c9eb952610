using System;
using System.Threading.Tasks;
using CostInstrumentation;
using Microsoft.Data.Sqlite;

// Usage: <database path>. Writes records without end, flushing every 500 and printing "flushed <count>"
// once that many are committed, so the parent knows what must survive a SIGKILL.
if (args is ["alerts-at-exit", string alertsPath])
{
    return AlertsAtExit(alertsPath);
}

if (args is not [string path])
{
    Console.Error.WriteLine("usage: CostInstrumentation.Storage.Child <database path>");
    return 2;
}

LlmCostTracker.Error += (_, e) => Console.Error.WriteLine(e.Message);
await using SqliteCostSink sink = new(path);
DateTimeOffset start = DateTimeOffset.UtcNow;
for (long written = 0; ; )
{
    for (int i = 0; i < 500; i++, written++)
    {
        sink.Write(new LlmCallRecord
        {
            TimestampUtc = start.AddMilliseconds(written),
            Provider = "openai",
            Model = written % 3 == 0 ? "gpt-4o-mini" : "gpt-4o",
            Operation = "Child.Loop",
            CallSite = "Program.cs:1",
            Project = "kill-test",
            SessionId = "s" + (written % 7),
            Tags = ["child"],
            Usage = new LlmUsage(1_000 + (written % 100), 100),
            CostUsd = 0.000123m,
            Duration = TimeSpan.FromMilliseconds(10),
            Outcome = LlmCallOutcome.Ok,
        });
    }

    await sink.FlushAsync();
    Console.WriteLine($"flushed {written}");
}

// Usage: alerts-at-exit <database path>. Raises a budget's three alerts while another connection holds the database's
// write lock (released 300 ms later, during exit), then returns at once: the alerts must still be stored.
static int AlertsAtExit(string path)
{
    LlmCostTracker.Error += (_, e) => Console.Error.WriteLine(e.Message);
    LlmCostTracker.Configure(options => options
        .UseSqlite(path, sqlite => sqlite.ExitDrainTimeout = TimeSpan.Zero)
        .AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { Source = "exit test" }));
    SqliteConnection blocker = new($"Data Source={path};Pooling=False");
    blocker.Open();
    using (SqliteCommand begin = blocker.CreateCommand())
    {
        begin.CommandText = "BEGIN IMMEDIATE;";
        begin.ExecuteNonQuery();
    }

    LlmCostTracker.Record(new LlmCallRecord
    {
        TimestampUtc = DateTimeOffset.UtcNow,
        Provider = "openai",
        Model = "gpt-4o",
        Operation = "Child.Exit",
        CallSite = "Program.cs:1",
        Tags = [],
        Usage = new LlmUsage(1_000, 100),
        CostUsd = 2m,
        Outcome = LlmCallOutcome.Ok,
    });
    _ = Task.Run(async () =>
    {
        await Task.Delay(300);
        using (SqliteCommand commit = blocker.CreateCommand())
        {
            commit.CommandText = "COMMIT;";
            commit.ExecuteNonQuery();
        }

        blocker.Dispose();
    });
    Console.WriteLine("raised");
    return 0;
}
