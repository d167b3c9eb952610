using System.Globalization;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Tests;

/// <summary>
/// How the report layer arranges a source's groups into a breakdown's rows: groups with the same local key merged, their
/// cost added in nano-USD and written in one piece (a single group's kept as it came), children under their parents,
/// parents added up, ordered (ties by key) and cut to the top N; the same rows as grouping, adding pairwise and sorting them naively.
/// </summary>
public sealed class BreakdownArrangeTests
{
    private static readonly string[] Models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "<script>alert(1)</script>"];

    [Fact]
    public void Groups_with_one_local_key_are_added_in_nano_usd_and_a_lone_group_keeps_its_spelling()
    {
        // Berlin is UTC+1 in November: 21:00–22:59 UTC are the 2nd, 23:00 UTC the 3rd.
        List<SourceGroup> raw =
        [
            new("2026-11-02T21", "gpt-4o", Totals(1, 0.0092592m)),
            new("2026-11-02T22", "gpt-4o", Totals(2, 0.000000000m)),
            new("2026-11-02T22", "gpt-4o-mini", Totals(3, 0.500000000m)),
            new("2026-11-02T23", "gpt-4o", Totals(4, 1m)),
        ];

        IReadOnlyList<ReportRow> rows = CostReports.Arrange(raw, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), ReportDimension.Day, ReportDimension.Model, top: null, sort: null);

        Assert.Equal(
            ["2026-11-02 gpt-4o-mini 3 0.500000000", "2026-11-02 gpt-4o 3 0.0092592", "2026-11-03 gpt-4o 4 1"],
            rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.SubKey} {r.Totals.Calls} {r.Totals.CostUsd}")));
    }

    [Theory]
    [InlineData("UTC", null, null, 1)]
    [InlineData("Europe/Berlin", null, null, 2)]
    [InlineData("Asia/Kolkata", ReportSort.Cost, 3, 3)]
    [InlineData("America/New_York", ReportSort.Calls, null, 4)]
    [InlineData("Europe/Berlin", ReportSort.Tokens, 2, 5)]
    [InlineData("UTC", ReportSort.Key, 1, 6)]
    public void Rows_equal_grouping_adding_pairwise_and_sorting(string zoneId, ReportSort? sort, int? top, int seed)
    {
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        Random random = new(seed);
        List<(string[] Keys, CostTotals Totals)> raw = [.. Enumerable.Range(0, 400).Select(_ => (
            new[] { new DateTime(2026, 11, 1).AddHours(random.Next(24 * 10)).ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture), Models[random.Next(Models.Length)] },
            Totals(random.Next(1, 100), random.Next(4) == 0 ? 0.5m : random.NextInt64(0, 5_000_000_000) / (random.Next(2) == 0 ? 1_000_000_000m : 1_000_000_000.000m))))];

        foreach ((ReportDimension by, ReportDimension? thenBy, int first, int second) in new (ReportDimension, ReportDimension?, int, int)[]
        {
            (ReportDimension.Day, ReportDimension.Model, 0, 1),
            (ReportDimension.Model, ReportDimension.Hour, 1, 0),
            (ReportDimension.Week, null, 0, 0),
            (ReportDimension.Model, null, 1, 1),
        })
        {
            List<SourceGroup> groups = [.. raw.Select(g => new SourceGroup(g.Keys[first], thenBy is null ? null : g.Keys[second], g.Totals))];

            IReadOnlyList<ReportRow> rows = CostReports.Arrange(groups, zone, by, thenBy, top, sort);

            List<string> expected = Naive(groups, zone, by, thenBy, top, sort);
            Assert.Equal(expected, rows.Select(Text));
            // The rows are made when asked for: by index as by enumeration.
            Assert.Equal(expected.Count, rows.Count);
            Assert.Equal(expected, Enumerable.Range(0, rows.Count).Select(i => Text(rows[i])));
            Assert.Throws<ArgumentOutOfRangeException>(() => rows[rows.Count]);
        }
    }

    /// <summary>The breakdown worked out the plain way: LINQ grouping, pairwise <see cref="CostReports.Add"/>, sorting by comparison.</summary>
    private static List<string> Naive(List<SourceGroup> groups, TimeZoneInfo zone, ReportDimension by, ReportDimension? thenBy, int? top, ReportSort? sort)
    {
        LocalKeys parentKeys = new(by, zone);
        LocalKeys childKeys = new(thenBy ?? ReportDimension.Model, zone);
        var cells = groups
            .GroupBy(g => (Parent: parentKeys.Of(g.First!), Child: thenBy is null ? null : childKeys.Of(g.Second!)))
            .Select(cell => (cell.Key.Parent, cell.Key.Child, Totals: cell.Select(g => g.Totals).Aggregate(CostReports.Add)))
            .ToList();
        var parents = cells.GroupBy(c => c.Parent).Select(p => (Key: p.Key, Totals: p.Select(c => c.Totals).Aggregate(CostReports.Add), Children: p.ToList())).ToList();
        parents.Sort((x, y) => Compare(by, sort, (x.Key, x.Totals), (y.Key, y.Totals)));
        List<string> rows = [];
        foreach (var parent in parents.Take(top ?? int.MaxValue))
        {
            if (thenBy is not { } child)
            {
                rows.Add(Text(new ReportRow(parent.Key, null, parent.Totals)));
                continue;
            }

            parent.Children.Sort((x, y) => Compare(child, sort, (x.Child!, x.Totals), (y.Child!, y.Totals)));
            rows.AddRange(parent.Children.Select(c => Text(new ReportRow(c.Parent, c.Child, c.Totals))));
        }

        return rows;
    }

    private static int Compare(ReportDimension dimension, ReportSort? sort, (string Key, CostTotals Totals) x, (string Key, CostTotals Totals) y)
    {
        int primary = (sort ?? (dimension.IsTime() ? ReportSort.Key : ReportSort.Cost)) switch
        {
            ReportSort.Cost => y.Totals.CostUsd.CompareTo(x.Totals.CostUsd),
            ReportSort.Calls => y.Totals.Calls.CompareTo(x.Totals.Calls),
            ReportSort.Tokens => (y.Totals.InputTokens + y.Totals.OutputTokens).CompareTo(x.Totals.InputTokens + x.Totals.OutputTokens),
            _ => 0,
        };
        return primary != 0 ? primary : string.CompareOrdinal(x.Key, y.Key);
    }

    /// <summary>A row with its cost as written (the decimal's own spelling: a scale the JSON and the tables would show).</summary>
    private static string Text(ReportRow row) => string.Create(CultureInfo.InvariantCulture,
        $"{row.Key}|{row.SubKey}|{row.Totals.Calls}|{row.Totals.CostUsd}|{row.Totals.UnpricedCalls}|{row.Totals.FailedCalls}|{row.Totals.InputTokens}|{row.Totals.OutputTokens}|{row.Totals.LowerBoundCalls}");

    private static CostTotals Totals(long calls, decimal cost) =>
        new(calls, cost, calls % 3, calls % 2, calls * 100, calls, 0, calls * 7, 0) { LowerBoundCalls = calls % 5 == 0 ? 1 : 0 };
}
