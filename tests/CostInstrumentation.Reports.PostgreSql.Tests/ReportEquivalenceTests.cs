using CostInstrumentation.PostgreSql.Tests.Harness;
using CostInstrumentation.Reports.PostgreSql.Tests.Harness;

namespace CostInstrumentation.Reports.PostgreSql.Tests;

/// <summary>
/// The same calls in a host's SQLite file and in the shared ledger give equal reports: totals, every breakdown dimension
/// (and one within another), time series in UTC, a zone with daylight saving and a :30 zone, over all time, a local
/// month (the ledger's rollups) and bounds inside hours (its calls), under every kind of filter.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReportEquivalenceTests(PostgresServer server)
{
    public static TheoryData<string> Zones => new() { "UTC", "America/New_York", "Asia/Kolkata" };

    public static TheoryData<string> Filters => new() { "none", "provider", "model", "glob", "project", "no-project", "tag", "two-tags", "session", "operation", "operations", "call-site", "outcome" };

    [Theory]
    [MemberData(nameof(Zones))]
    public async Task Every_breakdown_and_total_is_equal_in_each_period(string zoneId)
    {
        SameCalls calls = await SameCalls.OnAsync(server);
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        foreach (ReportPeriod period in Periods(zone))
        {
            (CostTotals fileTotals, CostTotals ledgerTotals) = calls.Ask(r => r.Totals(period));
            Assert.True(fileTotals.Calls > 0, $"{period.Label} selects no call: the comparison would prove nothing");
            Assert.Equal(fileTotals, ledgerTotals);
            foreach (ReportDimension by in Enum.GetValues<ReportDimension>())
            {
                var (file, ledger) = calls.Ask(r => r.Breakdown(period, by));
                Assert.True(file.Count > 0, $"{by} over {period.Label} is empty");
                Assert.Equal(file, ledger);
            }

            var (byModelThenDay, ledgerByModelThenDay) = calls.Ask(r => r.Breakdown(period, ReportDimension.Model, thenBy: ReportDimension.Day));
            Assert.Equal(byModelThenDay, ledgerByModelThenDay);
            var (byTagThenProject, ledgerByTagThenProject) = calls.Ask(r => r.Breakdown(period, ReportDimension.Tag, thenBy: ReportDimension.Project, top: 2, sort: ReportSort.Calls));
            Assert.Equal(byTagThenProject, ledgerByTagThenProject);
        }
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Every_filter_selects_the_same_calls(string name)
    {
        SameCalls calls = await SameCalls.OnAsync(server);
        ReportFilter filter = Filter(name);
        foreach (ReportPeriod period in Periods(TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata")))
        {
            (CostTotals file, CostTotals ledger) = calls.Ask(r => r.Totals(period, filter));
            Assert.Equal(file, ledger);
            foreach (ReportDimension by in new[] { ReportDimension.Model, ReportDimension.Project, ReportDimension.Tag, ReportDimension.Hour, ReportDimension.Day })
            {
                var (fileRows, ledgerRows) = calls.Ask(r => r.Breakdown(period, by, filter));
                Assert.Equal(fileRows, ledgerRows);
            }
        }

        long selected = calls.Ask(r => r.Totals(ReportPeriod.All(TimeZoneInfo.Utc), filter)).File.Calls;
        Assert.True(selected > 0 && (filter == ReportFilter.None) == (selected == SameCalls.Calls.Count), $"the filter {name} selects {selected} calls");
    }

    [Fact]
    public async Task The_time_series_differs_between_zones_as_it_does_in_SQLite()
    {
        SameCalls calls = await SameCalls.OnAsync(server);
        ReportPeriod fallBack = PeriodParser.Parse(new PeriodRequest { From = "2026-11-01", To = "2026-11-02" }, SameCalls.Now, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        var (file, ledger) = calls.Ask(r => r.Breakdown(fallBack, ReportDimension.Hour));
        Assert.Equal(file, ledger);
        // The repeated local hour is two keys (EDT and EST), each with its own calls.
        Assert.Contains(ledger, row => row.Key.StartsWith("2026-11-01T01:00-04:00", StringComparison.Ordinal));
        Assert.Contains(ledger, row => row.Key.StartsWith("2026-11-01T01:00-05:00", StringComparison.Ordinal));

        // Kolkata's 11 November starts at 18:30 UTC the day before.
        ReportPeriod kolkataDay = PeriodParser.Parse(new PeriodRequest { Period = "2026-11-11" }, SameCalls.Now, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));
        var (fileDay, ledgerDay) = calls.Ask(r => r.Breakdown(kolkataDay, ReportDimension.Hour));
        Assert.Equal(fileDay, ledgerDay);
        DateTimeOffset dayStart = new(2026, 11, 10, 18, 30, 0, TimeSpan.Zero);
        Assert.Equal(SameCalls.Calls.Count(c => c.TimestampUtc >= dayStart && c.TimestampUtc < dayStart.AddDays(1)), ledgerDay.Sum(row => row.Totals.Calls));
        Assert.Equal(SameCalls.Calls.Count(c => c.TimestampUtc >= dayStart && c.TimestampUtc < dayStart.AddHours(1)), ledgerDay.Single(row => row.Key == "2026-11-11T00:00+05:30").Totals.Calls);
    }

    [Fact]
    public async Task Pricing_versions_export_rows_pages_and_latest_calls_are_equal()
    {
        SameCalls calls = await SameCalls.OnAsync(server);
        ReportPeriod all = ReportPeriod.All(TimeZoneInfo.Utc);
        var (fileVersions, ledgerVersions) = calls.Ask(r => r.PricingVersions(all));
        Assert.Equal(["2026-10-15", "2026-11-01"], fileVersions);
        Assert.Equal(fileVersions, ledgerVersions);

        var (fileRows, ledgerRows) = calls.Ask(r => r.Calls(all).Select(row => (object?[])row.Clone()).ToList());
        Assert.Equal(SameCalls.Calls.Count, fileRows.Count);
        Assert.Equal(fileRows, ledgerRows);
        Assert.Contains(ledgerRows, row => row[8] is string tags && tags.Contains("\\\"quoted\\\"", StringComparison.Ordinal));

        // Keyset pages, newest first, cross the same rows from the same cursors.
        var (filePages, ledgerPages) = calls.Ask(r =>
        {
            List<object?[]> rows = [];
            CallCursor? after = null;
            for (IReadOnlyList<object?[]> page; (page = r.CallPage(all, new ReportFilter { Project = "support" }, after, 17)).Count > 0; after = CallCursor.Of(page[^1]))
            {
                rows.AddRange(page);
            }

            return rows;
        });
        Assert.Equal(filePages, ledgerPages);
        var (fileLatest, ledgerLatest) = calls.Ask(r => r.LatestCalls(new ReportFilter { Tags = ["chat"] }, 5));
        Assert.Equal(fileLatest, ledgerLatest);
    }

    [Fact]
    public async Task Repricing_insights_and_output_token_history_are_equal()
    {
        SameCalls calls = await SameCalls.OnAsync(server);
        ReportPeriod november = PeriodParser.Parse(new PeriodRequest { Month = "2026-11" }, SameCalls.Now, TimeZoneInfo.Utc);
        // Prices of two of the recorded models (and of a cheaper one of the same provider, for savings); the others stay unpriced.
        ModelPrice[] prices =
        [
            new(new ModelPriceDefinition { Model = "gpt-4o", Provider = "openai", Rates = new RateCard { Input = 0.0000025m, Output = 0.00001m, CacheRead = 0.00000125m } }),
            new(new ModelPriceDefinition { Model = "gpt-4o-mini", Provider = "openai", Rates = new RateCard { Input = 0.00000015m, Output = 0.0000006m } }),
        ];
        Func<string, ModelPrice?> priceOf = model => Array.Find(prices, p => p.Model == model);
        var (fileReprice, ledgerReprice) = calls.Ask(r => r.Reprice(november, null, priceOf));
        Assert.Contains(fileReprice, row => row.RepricedUsd > 0);
        Assert.Equal(fileReprice, ledgerReprice);
        var (fileInsights, ledgerInsights) = calls.Ask(r => r.Insights(november, null, priceOf));
        Assert.Equal(fileInsights.Efficiency, ledgerInsights.Efficiency);
        Assert.Equal(fileInsights.Savings, ledgerInsights.Savings);
        Assert.Equal(fileInsights.Anomalies, ledgerInsights.Anomalies);
        var (fileHistory, ledgerHistory) = calls.Ask(r => r.OutputTokens(new ReportFilter { Model = "gpt-4o" }));
        Assert.NotNull(fileHistory);
        Assert.Equal(fileHistory, ledgerHistory);
    }

    /// <summary>All time; a local month (whole days in UTC: the ledger answers from its rollups); bounds inside hours (from its calls).</summary>
    private static ReportPeriod[] Periods(TimeZoneInfo zone) =>
    [
        ReportPeriod.All(zone),
        PeriodParser.Parse(new PeriodRequest { Month = "2026-11" }, SameCalls.Now, zone),
        new("odd", new DateTimeOffset(2026, 10, 28, 7, 17, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 12, 19, 44, 0, TimeSpan.Zero), zone),
    ];

    private static ReportFilter Filter(string name) => name switch
    {
        "none" => ReportFilter.None,
        "provider" => new ReportFilter { Provider = "OPENAI" },
        "model" => new ReportFilter { Model = "gpt-4o" },
        "glob" => new ReportFilter { Model = "gpt-4o*" },
        "project" => new ReportFilter { Project = "support" },
        "no-project" => new ReportFilter { Project = "" },
        "tag" => new ReportFilter { Tags = ["chat"] },
        "two-tags" => new ReportFilter { Tags = ["chat", "deep"] },
        "session" => new ReportFilter { Session = "s3" },
        "operation" => new ReportFilter { Operation = "App.Chat.Ask" },
        "operations" => new ReportFilter { Operation = "App.Chat.*" },
        "call-site" => new ReportFilter { CallSite = "Search.cs:20" },
        _ => new ReportFilter { Outcome = "error" },
    };
}
