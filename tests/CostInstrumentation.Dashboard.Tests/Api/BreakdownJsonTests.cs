using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CostInstrumentation.Dashboard.Api.Models;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Tests.Api;

/// <summary>
/// The breakdown route writes its rows straight from the report rows: byte for byte what the serializer writes for the
/// same rows as <see cref="ApiBreakdownRow"/>s, under the API's default options and under an app's own (names, nulls,
/// indentation, escaping), with user text that must be escaped and costs of every spelling.
/// </summary>
public sealed class BreakdownJsonTests
{
    private static readonly ReportRow[] Rows =
    [
        new("2026-11-02", "<script>alert('x')</script>", Totals(3, 0.0092592m)),
        new("2026-11-02", "café \"quoted\" \\ & +1 \u2028", Totals(1, 0.500000000m)),
        new("2026-11-03", null, Totals(0, 0m)),
        new("support", "", Totals(12, 9_000_000_000.000000001m)),
        new("refund", "gpt-4o", Totals(1, -0.25m) with { LowerBoundCalls = 1 }),
    ];

    public static TheoryData<string> Options => ["web", "pascal-ignore-nulls-indented-relaxed"];

    [Theory]
    [MemberData(nameof(Options))]
    public void The_rows_are_written_as_the_serializer_writes_breakdown_rows(string name)
    {
        JsonSerializerOptions options = OptionsNamed(name);
        IReadOnlyList<ApiBreakdownRow> expected = [.. Rows.Select(r => new ApiBreakdownRow(r.Key, r.SubKey, ApiTotals.Of(r.Totals)))];

        string written = JsonSerializer.Serialize(new { data = new ApiBreakdownRows(Rows) }, options);

        Assert.Equal(JsonSerializer.Serialize(new { data = expected }, options), written);
        Assert.Contains(name == "web" ? "\"costUsd\":\"0.500000000\"" : "\"CostUsd\": \"0.500000000\"", written, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void An_arrangement_is_written_from_its_cells_as_from_its_rows(string name)
    {
        JsonSerializerOptions options = OptionsNamed(name);
        // Two days' groups of models, one model twice (added up), and the same groups by day alone.
        List<SourceGroup> groups =
        [
            new("2026-11-02", "gpt-4o", Totals(3, 0.0092592m)),
            new("2026-11-02", "<script>alert('x')</script>", Totals(1, 0.500000000m)),
            new("2026-11-03", "gpt-4o", Totals(2, 1.25m)),
            new("2026-11-02", "gpt-4o", Totals(4, 0.000000001m)),
        ];

        foreach (ReportDimension? thenBy in new ReportDimension?[] { ReportDimension.Model, null })
        {
            IReadOnlyList<ReportRow> arranged = CostReports.Arrange(
                thenBy is null ? [.. groups.Select(g => g with { Second = null })] : groups, TimeZoneInfo.Utc, ReportDimension.Day, thenBy, top: null, sort: null);

            string written = JsonSerializer.Serialize(new { data = new ApiBreakdownRows(arranged) }, options);

            Assert.Equal(JsonSerializer.Serialize(new { data = new ApiBreakdownRows([.. arranged]) }, options), written);
            // gpt-4o's two groups of the 2nd added up in nano-USD; the days' totals likewise.
            Assert.Contains(thenBy is null ? "\"0.509259201\"" : "\"0.009259201\"", written, StringComparison.Ordinal);
        }
    }

    private static JsonSerializerOptions OptionsNamed(string name) => name == "web" ? JsonSerializerOptions.Web : new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static CostTotals Totals(long calls, decimal cost) => new(calls, cost, calls % 2, calls % 3, calls * 1_000, calls * 10, calls, calls * 200, calls * 50);
}
