using System.Globalization;
using CostInstrumentation.Reports;
using CostInstrumentation.Tests.Query;

namespace CostInstrumentation.Cli.Tests;

/// <summary>
/// The report layer's time buckets and time × model grids, read from the rollups (UTC days in UTC; UTC days and the hours
/// that cross into another local day, week or month in any other zone, and at :30 or :45 the part-hours at its edges; UTC
/// hours for a whole-hour zone's hours; the calls for a :30 or :45 zone's hours) over periods cut anywhere, with and
/// without a filter, equal the records grouped in that zone (St John's across its November DST change).
/// </summary>
public sealed class ReportRollupTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5"];

    private readonly CostDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("UTC", 1)]
    [InlineData("Europe/Berlin", 2)]
    [InlineData("Asia/Kolkata", 3)]
    [InlineData("America/New_York", 4)]
    [InlineData("Asia/Kathmandu", 5)]
    [InlineData("Australia/Adelaide", 6)]
    [InlineData("America/St_Johns", 7)]
    public async Task Buckets_and_grids_over_any_period_equal_the_records_in_that_zone(string zoneId, int seed)
    {
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        Random random = new(seed);
        List<LlmCallRecord> records = [.. Enumerable.Range(0, 1_500).Select(_ => CostDatabase.Call(
            Start.AddTicks(random.NextInt64(TimeSpan.FromDays(45).Ticks)).ToString("O", CultureInfo.InvariantCulture),
            random.Next(10) == 0 ? null : random.NextInt64(1, 5_000_000_000) / 1_000_000_000m,
            model: Models[random.Next(Models.Length)]) with { PricingVersion = random.Next(3) == 0 ? "2026-11-01" : "2026-10-01" })];
        await _database.WriteAsync(records);
        using CostReports reports = CostReports.Open(_database.DatabasePath);

        for (int round = 0; round < 6; round++)
        {
            ReportPeriod period = round == 0 ? ReportPeriod.All(zone) : new ReportPeriod(
                "random", Start.AddTicks(random.NextInt64(TimeSpan.FromDays(10).Ticks)), Start.AddDays(12).AddTicks(random.NextInt64(TimeSpan.FromDays(40).Ticks)), zone);
            List<LlmCallRecord> selected = [.. records.Where(r => (period.FromUtc is not { } from || r.TimestampUtc >= from) && (period.ToUtc is not { } to || r.TimestampUtc < to))];

            Assert.Equal(Grid(selected, r => Local(r, zone, "yyyy-MM-dd"), r => r.Model), Sorted(reports.Breakdown(period, ReportDimension.Day, thenBy: ReportDimension.Model)));
            Assert.Equal(Grid(selected, r => r.Model, r => Local(r, zone, "yyyy-MM")), Sorted(reports.Breakdown(period, ReportDimension.Model, thenBy: ReportDimension.Month)));
            Assert.Equal(Grid(selected, r => LocalHour(r, zone), null), Sorted(reports.Breakdown(period, ReportDimension.Hour)));
            Assert.Equal(Grid(selected, r => LocalHour(r, zone), r => r.Model), Sorted(reports.Breakdown(period, ReportDimension.Hour, thenBy: ReportDimension.Model)));
            Assert.Equal(Grid(selected, r => Local(r, zone, "yyyy-MM-dd"), null), Sorted(reports.Breakdown(period, ReportDimension.Day)));
            Assert.Equal(Grid(selected, r => CostReports.WeekKey(TimeZoneInfo.ConvertTime(r.TimestampUtc, zone).Date), r => r.Model), Sorted(reports.Breakdown(period, ReportDimension.Week, thenBy: ReportDimension.Model)));
            Assert.Equal(Grid(selected, r => Local(r, zone, "yyyy-MM"), null), Sorted(reports.Breakdown(period, ReportDimension.Month)));
            ReportFilter oneModel = new() { Model = Models[round % Models.Length] };
            List<LlmCallRecord> ofModel = [.. selected.Where(r => r.Model == oneModel.Model)];
            Assert.Equal(Grid(ofModel, r => Local(r, zone, "yyyy-MM-dd"), null), Sorted(reports.Breakdown(period, ReportDimension.Day, oneModel)));
            Assert.Equal(Grid(ofModel, r => r.Provider, r => Local(r, zone, "yyyy-MM-dd")), Sorted(reports.Breakdown(period, ReportDimension.Provider, oneModel, thenBy: ReportDimension.Day)));
            Assert.Equal(CostDatabase.Totals(selected), reports.Totals(period));
            Assert.Equal([.. selected.Select(r => r.PricingVersion!).Distinct().Order(StringComparer.Ordinal)], reports.PricingVersions(period));
        }
    }

    private static string Local(LlmCallRecord record, TimeZoneInfo zone, string format) =>
        TimeZoneInfo.ConvertTime(record.TimestampUtc, zone).ToString(format, CultureInfo.InvariantCulture);

    private static string LocalHour(LlmCallRecord record, TimeZoneInfo zone)
    {
        DateTimeOffset local = TimeZoneInfo.ConvertTime(record.TimestampUtc, zone);
        return new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);
    }

    private static List<ReportRow> Grid(List<LlmCallRecord> selected, Func<LlmCallRecord, string> key, Func<LlmCallRecord, string>? subKey) =>
        Sorted(selected.GroupBy(r => (key(r), subKey?.Invoke(r))).Select(group => new ReportRow(group.Key.Item1, group.Key.Item2, CostDatabase.Totals([.. group]))));

    private static List<ReportRow> Sorted(IEnumerable<ReportRow> rows) =>
        [.. rows.OrderBy(row => row.Key, StringComparer.Ordinal).ThenBy(row => row.SubKey, StringComparer.Ordinal)];
}
