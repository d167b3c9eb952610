using CostInstrumentation.PostgreSql;
using CostInstrumentation.PostgreSql.Tests.Harness;

namespace CostInstrumentation.Reports.PostgreSql.Tests.Harness;

/// <summary>
/// One set of calls recorded by a host through the real SQLite sink (its file, which is also the outbox) and shipped by
/// the real shipper to a real PostgreSQL ledger, once per test run: every test asks both the same question. The calls
/// vary every dimension, straddle New York's fall-back hour and Kolkata's :30 midnights, and cross budget thresholds.
/// </summary>
public sealed class SameCalls
{
    /// <summary>The host's clock while recording, and the "now" of budget questions: a Wednesday noon (UTC).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Soft budgets (no reservations): a month over everything, a day of one project, a week of one model.</summary>
    public static readonly LlmBudget[] Budgets =
    [
        new(BudgetScope.Global, null, BudgetPeriod.Month, 0.05m),
        new(BudgetScope.Project, "support", BudgetPeriod.Day, 0.002m) { Source = "budgets.json" },
        new(BudgetScope.Model, "gpt-4o", BudgetPeriod.Week, 0.01m) { WarnAt = [0.5m] },
    ];

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static SameCalls? _shared;

    private SameCalls(TestHost host)
    {
        Host = host;
    }

    public TestHost Host { get; }

    /// <summary>The host's SQLite file.</summary>
    public string File => Host.Outbox(1);

    /// <summary>The ledger's connection string.</summary>
    public string Ledger => Host.ConnectionString;

    public static IReadOnlyList<LlmCallRecord> Calls { get; } = Make();

    /// <summary>The calls written and shipped (once per run; the server is the collection's).</summary>
    public static async Task<SameCalls> OnAsync(PostgresServer server)
    {
        await Gate.WaitAsync();
        try
        {
            if (_shared is null)
            {
                TestHost host = new(server);
                await using (LlmCostPipeline pipeline = LlmCostPipeline.Create(o =>
                {
                    o.Clock = new ManualClock(Now);
                    o.UseSqlite(host.Outbox(1)).UsePostgreSql(host.ConnectionString, l => l.MaxBatchSize = 97);
                    foreach (LlmBudget budget in Budgets)
                    {
                        o.AddBudget(budget);
                    }
                }))
                {
                    foreach (LlmCallRecord call in Calls)
                    {
                        pipeline.Record(call);
                    }

                    await pipeline.FlushAsync();
                }

                Assert.Equal(Calls.Count, host.Ledger.Calls);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => host.Dispose();
                _shared = new SameCalls(host);
            }

            return _shared;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Both databases' answers to one question: the file's first, the ledger's second.</summary>
    public (T File, T Ledger) Ask<T>(Func<CostReports, T> question)
    {
        using CostReports file = CostReports.Open(File);
        using CostReports ledger = CostReports.Open(Ledger);
        return (question(file), question(ledger));
    }

    private static List<LlmCallRecord> Make()
    {
        string[] models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "mystery-model"];
        string[] providers = ["openai", "OpenAI", "anthropic", "custom"];
        string?[] projects = [null, "", "support", "research", "support"];
        string[][] tags = [[], ["chat"], ["deep", "chat"], ["é \"quoted\" \\ tag"]];
        string[] operations = ["App.Chat.Ask", "App.Chat.Summarize", "App.Search.Find"];
        List<LlmCallRecord> calls = [];
        DateTimeOffset start = new(2026, 10, 25, 0, 3, 0, TimeSpan.Zero);
        for (int i = 0; i < 300; i++)
        {
            // About 1 h 53 min apart, with microseconds (the ledger keeps microseconds, as timestamptz does).
            calls.Add(Call(i, start.AddTicks(i * 68_131_234_560L)));
        }

        // New York falls back at 06:00 UTC on 1 November: 01:10 and 01:50 happen twice there.
        foreach (string at in new[] { "2026-11-01T05:10:00Z", "2026-11-01T05:50:00Z", "2026-11-01T06:10:00Z", "2026-11-01T06:50:00Z" })
        {
            calls.Add(Call(calls.Count, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
        }

        // Kolkata (UTC+5:30) changes day at 18:30 UTC: quarter hours on both sides.
        foreach (string at in new[] { "2026-11-10T18:14:59.999999Z", "2026-11-10T18:29:00Z", "2026-11-10T18:30:00Z", "2026-11-10T18:44:00Z" })
        {
            calls.Add(Call(calls.Count, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
        }

        return calls;

        LlmCallRecord Call(int i, DateTimeOffset at)
        {
            LlmCallOutcome outcome = i % 13 == 0 ? LlmCallOutcome.Error : i % 29 == 0 ? LlmCallOutcome.Cancelled : LlmCallOutcome.Ok;
            return new LlmCallRecord
            {
                TimestampUtc = at,
                Provider = providers[i % 4],
                Model = models[i % 4],
                Operation = operations[i % 3],
                CallSite = i % 2 == 0 ? "Chat.cs:10" : "Search.cs:20",
                Project = projects[i % 5],
                SessionId = i % 5 == 0 ? null : "s" + (i % 7),
                Tags = tags[i % 4],
                Usage = new LlmUsage(100 + (i * 7), 10 + (i % 50), CachedInputTokens: i % 3 == 0 ? 50 : 0, CacheWriteInputTokens: i % 8 == 0 ? 20 : 0, ReasoningTokens: i % 6 == 0 ? 5 : 0),
                CostUsd = i % 10 == 0 ? null : 0.000123456m * ((i % 9) + 1),
                CostIsLowerBound = i % 19 == 0 && i % 10 != 0,
                Duration = TimeSpan.FromMilliseconds(100 + i),
                Outcome = outcome,
                ErrorType = outcome == LlmCallOutcome.Error ? "HttpRequestException" : null,
                PricingVersion = i % 7 == 0 ? null : i % 2 == 0 ? "2026-11-01" : "2026-10-15",
            };
        }
    }
}
