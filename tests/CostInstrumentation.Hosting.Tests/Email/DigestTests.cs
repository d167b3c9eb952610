using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using CostInstrumentation.Hosting.Email;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using static CostInstrumentation.Hosting.Tests.Email.EmailTestData;

namespace CostInstrumentation.Hosting.Tests.Email;

/// <summary>
/// The spend digest read from a real SQLite file written by the runtime, its figures checked against SQL over the same
/// file: totals, top drivers, budgets at risk, exact to the nano-dollar.
/// </summary>
public sealed class DigestTests : IAsyncLifetime
{
    private const string ScriptTag = "<script>alert('tag')</script>";
    private static readonly DateTimeOffset Now = new(2026, 11, 18, 9, 0, 0, TimeSpan.Zero); // a Wednesday
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"digest-{Guid.NewGuid():N}.db");
    private readonly List<LlmCostErrorEventArgs> _errors = [];

    public async Task InitializeAsync()
    {
        await using LlmCostPipeline recorder = LlmCostPipeline.Create(options => options
            .UseSqlite(_database)
            .AddBudget(new LlmBudget(BudgetScope.Project, "support", BudgetPeriod.Month, 1.2m))
            .AddBudget(new LlmBudget(BudgetScope.Project, "research", BudgetPeriod.Year, 1000m)));
        DateTime yesterday = new(2026, 11, 17);
        recorder.Record(Call(At(yesterday, 10), 0.123456789m, project: "support", session: "s1", tags: [ScriptTag]));
        recorder.Record(Call(At(yesterday, 11), 0.5m, project: "support", session: "s2", tags: ["beta"]));
        recorder.Record(Call(At(yesterday, 12), 1.000000001m, model: "claude-sonnet-4-5", project: "research", operation: "Lab.Research.Dig"));
        recorder.Record(Call(At(yesterday, 13), null, model: "mystery-model", project: "research"));
        recorder.Record(Call(At(yesterday.AddDays(-1), 8), 0.25m, project: "support"));
        recorder.Record(Call(At(yesterday.AddDays(1), 8), 0.2m, project: "support"));
        recorder.Record(Call(At(new DateTime(2026, 11, 10), 15), 0.3m, model: "claude-sonnet-4-5", project: "research"));
        await recorder.FlushAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (string file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task TheDailyDigest_ShowsYesterday_AsSqlCountsIt()
    {
        ReceivedMail mail = await SentAsync(EmailDigestSchedule.Daily);

        (string from, string to) = ("2026-11-17T00:00:00.0000000Z", "2026-11-18T00:00:00.0000000Z");
        (long nano, long calls, long unpriced) = Totals(from, to);
        Assert.Equal((1_623_456_790L, 4L, 1L), (nano, calls, unpriced)); // the SQL itself, against the calls recorded above
        Assert.Equal($"[LLM cost] Daily digest 2026-11-17: {Usd(nano)}", mail.Message.Subject);
        Assert.Contains($"<tr><td>Spent</td><td>{Usd(nano)}</td></tr>", mail.Html, StringComparison.Ordinal);
        Assert.Contains($"<tr><td>Calls</td><td>{calls}</td></tr>", mail.Html, StringComparison.Ordinal);
        Assert.Contains($"<tr><td>Not priced</td><td>{unpriced} (their cost is unknown and not in the total)</td></tr>", mail.Html, StringComparison.Ordinal);
        (long dayBefore, _, _) = Totals("2026-11-16T00:00:00.0000000Z", from);
        Assert.Contains($"<tr><td>The day before</td><td>{Usd(dayBefore)} (+{Usd(nano - dayBefore)})</td></tr>", mail.Html, StringComparison.Ordinal);
        foreach ((string key, long cost, long count, long notPriced) in Groups("model", from, to))
        {
            string costText = notPriced == count ? "unknown" : Usd(cost);
            Assert.Contains($"<tr><td>{key}</td><td align=\"right\">{costText}</td><td align=\"right\">{count}</td><td align=\"right\">{notPriced}</td></tr>", mail.Html, StringComparison.Ordinal);
        }

        foreach ((string key, long cost, long count, _) in Groups("project", from, to))
        {
            Assert.Contains($"<tr><td>{key}</td><td align=\"right\">{Usd(cost)}</td><td align=\"right\">{count}</td>", mail.Html, StringComparison.Ordinal);
        }

        Assert.Contains($"  Spent           {Usd(nano)}", mail.Text, StringComparison.Ordinal);
        Assert.Contains("From 2026-11-17 00:00 to 2026-11-18 00:00 (UTC).", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserStrings_AreEncodedInTheHtml_AndUnknownCostsAreNotZero()
    {
        ReceivedMail mail = await SentAsync(EmailDigestSchedule.Daily);

        Assert.DoesNotContain("<script", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<td>&lt;script&gt;alert(&#39;tag&#39;)&lt;/script&gt;</td>", mail.Html, StringComparison.Ordinal);
        Assert.Contains(ScriptTag, mail.Text, StringComparison.Ordinal);
        // The unpriced model is listed with its call, its cost unknown (never 0 USD) and the call counted as not priced.
        Assert.Contains("<tr><td>mystery-model</td><td align=\"right\">unknown</td><td align=\"right\">1</td><td align=\"right\">1</td></tr>", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BudgetsAtRisk_AreThosePastAWarning_WithTheirMonthsSpend()
    {
        ReceivedMail mail = await SentAsync(EmailDigestSchedule.Daily);

        (long spent, _, _) = Totals("2026-11-01T00:00:00.0000000Z", "2026-12-01T00:00:00.0000000Z", project: "support");
        Assert.Equal(1_073_456_789L, spent);
        Assert.Contains($"<tr><td>project=support</td><td align=\"right\">month</td><td align=\"right\">{Usd(spent)}</td><td align=\"right\">1.2 USD</td><td align=\"right\">89.45 %</td>", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("project=research", mail.Html, StringComparison.Ordinal); // 0.13 % of its year
    }

    [Fact]
    public async Task TheWeeklyDigest_ShowsLastIsoWeek()
    {
        ReceivedMail mail = await SentAsync(EmailDigestSchedule.Weekly);

        (long nano, long calls, _) = Totals("2026-11-09T00:00:00.0000000Z", "2026-11-16T00:00:00.0000000Z");
        Assert.Equal((300_000_000L, 1L), (nano, calls));
        Assert.Equal($"[LLM cost] Weekly digest 2026-W46: {Usd(nano)}", mail.Message.Subject);
        Assert.Contains("From 2026-11-09 00:00 to 2026-11-16 00:00 (UTC).", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADigestToAnUnreachableServer_IsReportedOnce_NotThrown()
    {
        await using LlmCostPipeline pipeline = ErrorCollectingPipeline();
        LlmCostEmail email = Email(LoopbackSmtpServer.UnusedPort(), pipeline);

        Assert.False(await email.SendDigestAsync(EmailDigestSchedule.Daily));

        LlmCostErrorEventArgs error = Assert.Single(_errors);
        Assert.Equal(LlmCostErrorKind.AlertDeliveryFailed, error.Kind);
        Assert.Contains("The Daily digest could not be delivered to e-mail to ops@example.test", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 3 attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADigestOfAMissingDatabase_IsReportedOnce_NotThrown()
    {
        await using LoopbackSmtpServer server = new();
        await using LlmCostPipeline pipeline = ErrorCollectingPipeline();
        LlmCostEmail email = new(Options(server.Port, o => o.Digest.Database = _database + ".missing"), pipeline, new FakeTimeProvider(Now));

        Assert.False(await email.SendDigestAsync(EmailDigestSchedule.Daily));

        Assert.Contains("No cost database at", Assert.Single(_errors).Message, StringComparison.Ordinal);
        Assert.Empty(server.Messages);
    }

    /// <summary>The one message a digest sent now puts on a loopback server.</summary>
    private async Task<ReceivedMail> SentAsync(EmailDigestSchedule schedule)
    {
        await using LoopbackSmtpServer server = new();
        Assert.True(await Email(server.Port).SendDigestAsync(schedule));
        return Assert.Single(server.Messages);
    }

    private static DateTimeOffset At(DateTime day, int hour) => new(day.AddHours(hour), TimeSpan.Zero);

    private static string Usd(long nano) => (nano / 1_000_000_000m).ToString("0.#########", CultureInfo.InvariantCulture) + " USD";

    private LlmCostPipeline ErrorCollectingPipeline()
    {
        LlmCostPipeline pipeline = LlmCostPipeline.Create(_ => { });
        pipeline.Error += (_, error) => _errors.Add(error);
        return pipeline;
    }

    private LlmCostEmail Email(int port, LlmCostPipeline? pipeline = null) =>
        new(Options(port, o =>
        {
            o.Digest.Database = _database;
            o.Digest.TimeZone = "utc";
        }), pipeline, new FakeTimeProvider(Now));

    private (long Nano, long Calls, long Unpriced) Totals(string from, string to, string? project = null) =>
        Sums(null, from, to, project)[0] is var (_, nano, calls, unpriced) ? (nano, calls, unpriced) : default;

    private List<(string Key, long Nano, long Calls, long Unpriced)> Groups(string column, string from, string to)
    {
        List<(string, long, long, long)> groups = Sums(column, from, to, project: null);
        Assert.NotEmpty(groups);
        return groups;
    }

    /// <summary>Priced cost, calls and unpriced calls in [from, to), per <paramref name="column"/> value (one row in all when null).</summary>
    private List<(string Key, long Nano, long Calls, long Unpriced)> Sums(string? column, string from, string to, string? project)
    {
        using SqliteConnection connection = new($"Data Source={_database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {column ?? "''"}, COALESCE(SUM(cost_nanousd), 0), COUNT(*), COALESCE(SUM(cost_nanousd IS NULL), 0) FROM llm_calls
            WHERE ts_utc >= $from AND ts_utc < $to AND ($project IS NULL OR project = $project) {(column is null ? "" : "GROUP BY " + column)}
            """;
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        command.Parameters.AddWithValue("$project", (object?)project ?? DBNull.Value);
        using SqliteDataReader reader = command.ExecuteReader();
        List<(string, long, long, long)> rows = [];
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return rows;
    }
}
