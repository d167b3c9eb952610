namespace CostInstrumentation.Tests.Query;

public sealed class QueryBreakdownTests : IDisposable
{
    private readonly CostDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private Task SeedAsync() => _db.WriteAsync(
        CostDatabase.Call("2026-11-01T08:00:00Z", 1m, model: "gpt-4o", provider: "openai", project: "web", session: "s1", tags: ["chat", "prod"], operation: "App.Chat.Ask", callSite: "Chat.cs:10"),
        CostDatabase.Call("2026-11-01T09:00:00Z", 2m, model: "claude-sonnet-4-5", provider: "anthropic", project: "web", session: "s2", tags: ["chat"], operation: "App.Chat.Summarize", callSite: "Chat.cs:20"),
        CostDatabase.Call("2026-11-02T10:00:00Z", 4m, model: "gpt-4o", provider: "openai", project: null, session: "s1", tags: [], operation: "App.Chatty.Talk", callSite: "Chatty.cs:5"),
        CostDatabase.Call("2026-11-02T11:00:00Z", null, model: "mystery", provider: "openai", project: "batch", session: null, tags: ["prod"], operation: "App.Batch.Run", callSite: "Batch.cs:7"),
        CostDatabase.Call("2026-11-03T12:00:00Z", 8m, model: "claude-sonnet-4-5", provider: "anthropic", project: "batch", session: "s3", tags: ["prod"], operation: "App.Batch.Run", callSite: "Batch.cs:7"));

    [Theory]
    [InlineData(CostDimension.Model, "claude-sonnet-4-5=10 gpt-4o=5 mystery=0")]
    [InlineData(CostDimension.Provider, "anthropic=10 openai=5")]
    [InlineData(CostDimension.Project, "batch=8 =4 web=3")]
    [InlineData(CostDimension.Tag, "prod=9 =4 chat=3")]
    [InlineData(CostDimension.Session, "s3=8 s1=5 s2=2 =0")]
    [InlineData(CostDimension.Operation, "App.Batch.Run=8 App.Chatty.Talk=4 App.Chat.Summarize=2 App.Chat.Ask=1")]
    [InlineData(CostDimension.CallSite, "Batch.cs:7=8 Chatty.cs:5=4 Chat.cs:20=2 Chat.cs:10=1")]
    [InlineData(CostDimension.Day, "2026-11-03=8 2026-11-02=4 2026-11-01=3")]
    public async Task Breakdown_EveryDimension_ByCostDescending(CostDimension by, string expected)
    {
        await SeedAsync();
        using LlmCostQuery query = _db.Open();

        Assert.Equal(expected, Render(query.Breakdown(by)));
    }

    [Fact]
    public async Task Breakdown_ByTag_CountsACallUnderEachOfItsTags_AndUntaggedCallsUnderTheEmptyKey()
    {
        await SeedAsync();
        using LlmCostQuery query = _db.Open();

        IReadOnlyList<CostBreakdownRow> rows = query.Breakdown(CostDimension.Tag);

        Assert.Equal(3, rows.Single(r => r.Key == "prod").Totals.Calls); // calls 1, 4 (unpriced) and 5
        Assert.Equal(1, rows.Single(r => r.Key == "prod").Totals.UnpricedCalls);
        Assert.Equal(2, rows.Single(r => r.Key == "chat").Totals.Calls);
        Assert.Equal(1, rows.Single(r => r.Key == "").Totals.Calls);
        Assert.Equal(6, rows.Sum(r => r.Totals.Calls)); // five calls, one of them with two tags
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Breakdown_TiesAreOrderedOrdinally_InUtf16Order(bool rollups)
    {
        // U+1F600 sorts before U+FF21 in UTF-16 (a surrogate, 0xD83D) but after it in SQLite's UTF-8 byte order.
        await _db.WriteAsync(
            CostDatabase.Call("2026-11-01T08:00:00Z", 1m, model: "b"),
            CostDatabase.Call("2026-11-01T08:00:00Z", 1m, model: "a"),
            CostDatabase.Call("2026-11-01T08:00:00Z", 1m, model: "B"),
            CostDatabase.Call("2026-11-01T08:00:00Z", 1m, model: "\uFF21"),
            CostDatabase.Call("2026-11-01T08:00:00Z", 1m, model: "\U0001F600"),
            CostDatabase.Call("2026-11-01T08:00:00Z", 2m, model: "z"));
        using LlmCostQuery query = _db.Open();
        query.UseRollups = rollups;

        Assert.Equal(["z", "B", "a", "b", "\U0001F600", "\uFF21"], query.Breakdown(CostDimension.Model).Select(r => r.Key));
        Assert.Equal(["z", "B"], query.Breakdown(CostDimension.Model, top: 2).Select(r => r.Key));
    }

    [Theory]
    [InlineData("model", "gpt-4o", 5, 2)]
    [InlineData("provider", "anthropic", 10, 2)]
    [InlineData("project", "web", 3, 2)]
    [InlineData("project", "", 4, 1)]
    [InlineData("tag", "prod", 9, 3)]
    [InlineData("session", "s1", 5, 2)]
    [InlineData("session", "", 0, 1)]
    [InlineData("operation", "App.Chat.Ask", 1, 1)]
    [InlineData("operation", "App.Chat.*", 3, 2)] // not App.Chatty.Talk
    [InlineData("operation", "App.*", 15, 5)]
    [InlineData("model", "'; DROP TABLE llm_calls; --", 0, 0)]
    public async Task Filters_SelectExactlyTheirCalls(string field, string value, int expectedUsd, int expectedCalls)
    {
        await SeedAsync();
        using LlmCostQuery query = _db.Open();
        CostFilter filter = field switch
        {
            "model" => new CostFilter { Model = value },
            "provider" => new CostFilter { Provider = value },
            "project" => new CostFilter { Project = value },
            "tag" => new CostFilter { Tag = value },
            "session" => new CostFilter { Session = value },
            _ => new CostFilter { Operation = value },
        };

        CostTotals totals = query.Totals(filter);

        Assert.Equal(expectedUsd, totals.CostUsd);
        Assert.Equal(expectedCalls, totals.Calls);
        Assert.Equal(5, query.Totals().Calls);
    }

    [Fact]
    public async Task Filters_Combine()
    {
        await SeedAsync();
        using LlmCostQuery query = _db.Open();
        CostFilter filter = CostFilter.Between(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero)) with { Provider = "openai", Tag = "prod" };

        Assert.Equal("gpt-4o=1 mystery=0", Render(query.Breakdown(CostDimension.Model, filter)));
        Assert.Equal(2, query.Totals(filter).Calls);
    }

    [Fact]
    public async Task TopSessions_LeaveOutCallsWithoutASession()
    {
        await SeedAsync();
        using LlmCostQuery query = _db.Open();

        Assert.Equal("s3=8 s1=5", Render(query.TopSessions(2)));
        Assert.Equal("s3=8 s1=5 s2=2", Render(query.TopSessions(10)));
        Assert.Equal("s2=2 s1=1", Render(query.TopSessions(10, new CostFilter { Tag = "chat" })));
        Assert.Throws<ArgumentOutOfRangeException>(() => query.TopSessions(0));
    }

    [Fact]
    public async Task Compare_GivesBothTotalsAndPerKeyDeltas()
    {
        await SeedAsync();
        using LlmCostQuery query = _db.Open();
        DateTimeOffset day1 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        CostFilter first = CostFilter.Between(day1, day1.AddDays(1));
        CostFilter second = CostFilter.Between(day1.AddDays(1), day1.AddDays(3));

        PeriodComparison comparison = query.Compare(first, second, CostDimension.Model);

        Assert.Equal(3m, comparison.First.CostUsd);
        Assert.Equal(12m, comparison.Second.CostUsd);
        Assert.Equal(1, comparison.Second.UnpricedCalls);
        Assert.Equal(
            [
                new ComparisonRow("claude-sonnet-4-5", 2m, 8m, 6m),
                new ComparisonRow("gpt-4o", 1m, 4m, 3m),
                new ComparisonRow("mystery", 0m, 0m, 0m),
            ],
            comparison.Rows);
    }

    private static string Render(IEnumerable<CostBreakdownRow> rows) =>
        string.Join(' ', rows.Select(r => r.Key + "=" + r.Totals.CostUsd.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)));
}
