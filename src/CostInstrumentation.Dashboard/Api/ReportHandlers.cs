using CostInstrumentation.Dashboard.Api.Models;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CostInstrumentation.Dashboard.Api;

/// <summary>The read-only report routes: each a view of <see cref="CostReports"/>, so every number agrees with <c>llmcost</c>.</summary>
internal static class ReportHandlers
{
    private static readonly string[] SummaryTiles = ["today", "this-week", "this-month", "this-year", "all"];

    private static readonly ReportDimension[] DriverDimensions =
        [ReportDimension.Model, ReportDimension.Project, ReportDimension.Session, ReportDimension.CallSite, ReportDimension.Operation, ReportDimension.Tag];

    public static Ok<ApiEnvelope<ApiSummary>> Summary(DashboardContext context, ReportQuery query)
    {
        ReportPeriod period = query.ReportPeriod(context, "this-month");
        ReportFilter filter = query.Filter();
        using CostReports reports = context.OpenReports();
        return TypedResults.Ok(Envelope.Of(context, "summary", SummaryOf(context, reports, period, filter), period, filter));
    }

    /// <summary>The seed's dashboard document and the overview: summary, models, budgets and alerts not yet acknowledged.</summary>
    public static Ok<ApiEnvelope<ApiOverview>> Overview(DashboardContext context, ReportQuery query)
    {
        ReportPeriod period = query.ReportPeriod(context, "this-month");
        ReportFilter filter = query.Filter();
        using CostReports reports = context.OpenReports();
        ApiOverview overview = new(
            SummaryOf(context, reports, period, filter),
            Rows(reports.Breakdown(period, ReportDimension.Model, filter)),
            [.. reports.Budgets(context.Now).Select(ApiBudget.Of)],
            [.. reports.Alerts(includeAcknowledged: false).Select(ApiAlert.Of)]);
        return TypedResults.Ok(Envelope.Of(context, "overview", overview, period, filter));
    }

    public static Ok<ApiEnvelope<ApiCallPage>> Usage(DashboardContext context, ReportQuery query, string? cursor, string? limit)
    {
        ReportPeriod period = query.ReportPeriod(context);
        ReportFilter filter = query.Filter();
        int size = ApiArguments.Count(limit, "limit", 100, 1000);
        CallCursor? after = cursor is null ? null : CallCursor.Parse(cursor);
        using CostReports reports = context.OpenReports();
        IReadOnlyList<object?[]> rows = reports.CallPage(period, filter, after, size);
        string? next = rows.Count == size ? CallCursor.Of(rows[^1]).Token : null;
        return TypedResults.Ok(Envelope.Of(context, "usage", new ApiCallPage([.. rows.Select(Call)], next), period, filter));
    }

    public static JsonHttpResult<ApiEnvelope<ApiBreakdownRows>> Breakdown(DashboardContext context, ReportQuery query, string? by, string? then, string? top, string? sort)
    {
        ReportPeriod period = query.ReportPeriod(context);
        ReportFilter filter = query.Filter();
        ReportDimension dimension = ReportDimensions.Parse(by ?? "model");
        ReportDimension? thenBy = then is null ? null : ReportDimensions.Parse(then);
        int? count = top is null ? null : ApiArguments.Count(top, "top", 0, 100_000);
        using CostReports reports = context.OpenReports();
        return BreakdownAnswer(context, reports.Breakdown(period, dimension, filter, thenBy, count, Sort(sort)), period, filter);
    }

    /// <summary>
    /// The breakdown route's answer for rows the report layer made (apart, so the JSON writing can be timed alone): an
    /// envelope of <see cref="ApiBreakdownRow"/>s in the app's JSON options, its rows written without an object each.
    /// </summary>
    internal static JsonHttpResult<ApiEnvelope<ApiBreakdownRows>> BreakdownAnswer(DashboardContext context, IReadOnlyList<ReportRow> rows, ReportPeriod period, ReportFilter filter) =>
        TypedResults.Json(Envelope.Of(context, "breakdown", new ApiBreakdownRows(rows), period, filter));

    public static Ok<ApiEnvelope<IReadOnlyList<ApiSeriesPoint>>> Series(DashboardContext context, ReportQuery query, string? bucket, string? by)
    {
        ReportPeriod period = query.ReportPeriod(context, "this-month");
        ReportFilter filter = query.Filter();
        ReportDimension slot = ReportDimensions.Parse(bucket ?? "day");
        if (!slot.IsTime())
        {
            throw new ReportArgumentException($"bucket '{bucket}' is not a span of time: use hour, day, week or month.");
        }

        ReportDimension? split = by is null ? null : ReportDimensions.Parse(by);
        using CostReports reports = context.OpenReports();
        IReadOnlyList<ReportRow> rows = reports.Breakdown(period, slot, filter, split, sort: ReportSort.Key);
        return TypedResults.Ok(Envelope.Of(context, "series", (IReadOnlyList<ApiSeriesPoint>)[.. rows.Select(r => new ApiSeriesPoint(r.Key, r.SubKey, ApiTotals.Of(r.Totals)))], period, filter));
    }

    public static Ok<ApiEnvelope<IReadOnlyList<ApiDriverGroup>>> TopDrivers(DashboardContext context, ReportQuery query, string? top)
    {
        ReportPeriod period = query.ReportPeriod(context, "this-month");
        ReportFilter filter = query.Filter();
        int count = ApiArguments.Count(top, "top", 5, 1000);
        using CostReports reports = context.OpenReports();
        IReadOnlyList<ApiDriverGroup> groups = [.. DriverDimensions.Select(d => new ApiDriverGroup(d.Name(), Rows(reports.Breakdown(period, d, filter, top: count))))];
        return TypedResults.Ok(Envelope.Of(context, "top-drivers", groups, period, filter));
    }

    /// <summary>The period asked for against <paramref name="against"/> (a period spelling), or the same length just before it.</summary>
    public static Ok<ApiEnvelope<ApiComparison>> Compare(DashboardContext context, ReportQuery query, string? by, string? against)
    {
        ReportPeriod second = query.ReportPeriod(context, "this-month");
        ReportFilter filter = query.Filter();
        ReportDimension dimension = ReportDimensions.Parse(by ?? "model");
        ReportPeriod first = against is not null ? PeriodParser.Named(against, context.Now, second.Zone, "against")
            : Before(second) ?? throw new ReportArgumentException("Comparing needs a bounded period (or against=…): all time has no period before it.");
        using CostReports reports = context.OpenReports();
        IReadOnlyList<ApiComparisonRow> rows = [.. reports.Compare(dimension, (first, filter), (second, filter)).Select(r => new ApiComparisonRow(
            r.Key, ApiTotals.Of(r.First), ApiTotals.Of(r.Second), Envelope.Usd(r.DeltaUsd), Envelope.Nano(r.DeltaUsd), Envelope.Number(r.Change)))];
        return TypedResults.Ok(Envelope.Of(context, "compare", new ApiComparison(PeriodOf(first), PeriodOf(second), rows), second, filter));
    }

    public static Ok<ApiEnvelope<IReadOnlyList<ApiEfficiencyRow>>> Efficiency(DashboardContext context, ReportQuery query)
    {
        ReportPeriod period = query.ReportPeriod(context, "this-month");
        ReportFilter filter = query.Filter();
        using CostReports reports = context.OpenReports();
        IReadOnlyList<ApiEfficiencyRow> rows = [.. reports.Insights(period, filter, context.PriceLookup()).Efficiency.Select(r => new ApiEfficiencyRow(
            r.Model, ApiTotals.Of(r.Totals), Envelope.Usd(r.CostPerCallUsd), Envelope.Usd(r.CostPerThousandOutputUsd), Envelope.Number(r.CacheHitRate),
            Envelope.Usd(r.CachingSavedUsd), Envelope.Usd(r.FailedCostUsd)))];
        return TypedResults.Ok(Envelope.Of(context, "efficiency", rows, period, filter));
    }

    public static Ok<ApiEnvelope<IReadOnlyList<ApiAnomaly>>> Anomalies(DashboardContext context, ReportQuery query)
    {
        ReportPeriod period = query.ReportPeriod(context, "this-month");
        ReportFilter filter = query.Filter();
        using CostReports reports = context.OpenReports();
        IReadOnlyList<ApiAnomaly> rows = [.. reports.Insights(period, filter, context.PriceLookup()).Anomalies.Select(a => new ApiAnomaly(
            a.Kind, a.Key, a.When, Envelope.Usd(a.CostUsd), Envelope.Usd(a.MedianUsd), Envelope.Usd(a.DeviationUsd), a.Samples, Envelope.Number(a.TimesMedian)))];
        return TypedResults.Ok(Envelope.Of(context, "anomalies", rows, period, filter));
    }

    /// <summary>One export row as the API's call shape (<see cref="CostReports.ExportColumns"/> order).</summary>
    internal static ApiCall Call(object?[] row) => new(
        (long)row[0]!, (string)row[1]!, (string)row[2]!, (string)row[3]!, (string)row[4]!, (string)row[5]!, (string?)row[6], (string?)row[7], (string?)row[8],
        (long)row[9]!, (long)row[10]!, (long)row[11]!, (long)row[12]!, (long)row[13]!,
        row[14] is decimal usd ? Envelope.Usd(usd) : null, (long?)row[15], (long?)row[16], (string)row[17]!, (string?)row[18], (string?)row[19]);

    internal static ApiSummary SummaryOf(DashboardContext context, CostReports reports, ReportPeriod period, ReportFilter filter)
    {
        ReportPeriod? previous = Before(period);
        return new ApiSummary(
            Tile(reports, period, filter),
            previous is null ? null : Tile(reports, previous, filter),
            [.. SummaryTiles.Select(spelling => Tile(reports, PeriodParser.Named(spelling, context.Now, period.Zone), filter))],
            reports.PricingVersions(period, filter));
    }

    private static ApiPeriodTotals Tile(CostReports reports, ReportPeriod period, ReportFilter filter) =>
        new(period.Label, Envelope.Instant(period.FromLocal), Envelope.Instant(period.ToLocal), ApiTotals.Of(reports.Totals(period, filter)));

    /// <summary>The span of the same length that ends where <paramref name="period"/> starts; null when it is open.</summary>
    private static ReportPeriod? Before(ReportPeriod period) => period is { FromUtc: { } from, ToUtc: { } to }
        ? new ReportPeriod("before " + period.Label, from - (to - from), from, period.Zone)
        : null;

    private static ApiPeriod PeriodOf(ReportPeriod period) => new(period.Label, Envelope.Instant(period.FromLocal), Envelope.Instant(period.ToLocal));

    private static IReadOnlyList<ApiBreakdownRow> Rows(IReadOnlyList<ReportRow> rows) => [.. rows.Select(r => new ApiBreakdownRow(r.Key, r.SubKey, ApiTotals.Of(r.Totals)))];

    private static ReportSort? Sort(string? sort) => sort switch
    {
        null => null,
        "cost" => ReportSort.Cost,
        "calls" => ReportSort.Calls,
        "tokens" => ReportSort.Tokens,
        "key" => ReportSort.Key,
        _ => throw new ReportArgumentException($"sort '{sort}' is not an order: use cost, calls, tokens or key."),
    };
}
