using System.Globalization;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>A period's cost per time bucket, split by one dimension (its top keys, the rest as "other"): what a stacked chart draws.</summary>
internal sealed record ChartSeries(IReadOnlyList<string> Buckets, IReadOnlyList<string> Series, IReadOnlyDictionary<(string Bucket, string Series), decimal> Cost, IReadOnlyDictionary<string, long> Unpriced)
{
    private const string Other = "other";

    /// <summary>Hours for a period of two days or less, days up to a quarter, else weeks (months past two years).</summary>
    public static ReportDimension BucketFor(ReportPeriod period)
    {
        TimeSpan? length = period.ToUtc - period.FromUtc;
        return length switch
        {
            { TotalDays: <= 2 } => ReportDimension.Hour,
            { TotalDays: <= 92 } => ReportDimension.Day,
            { TotalDays: <= 730 } => ReportDimension.Week,
            null => ReportDimension.Day,
            _ => ReportDimension.Month,
        };
    }

    public static ChartSeries Read(CostReports reports, ReportPeriod period, ReportFilter filter, ReportDimension bucket, ReportDimension split)
    {
        List<string> top = [.. reports.Breakdown(period, split, filter, top: SvgCharts.MaxSeries).Select(r => r.Key)];
        Dictionary<(string, string), decimal> cost = [];
        Dictionary<string, long> unpriced = new(StringComparer.Ordinal);
        bool other = false;
        foreach (ReportRow row in reports.Breakdown(period, bucket, filter, thenBy: split))
        {
            string series = top.Contains(row.SubKey!) ? row.SubKey! : Other;
            other |= series == Other;
            cost[(row.Key, series)] = cost.GetValueOrDefault((row.Key, series)) + row.Totals.CostUsd;
            unpriced[row.Key] = unpriced.GetValueOrDefault(row.Key) + row.Totals.UnpricedCalls;
        }

        if (other)
        {
            top.Add(Other);
        }

        return new ChartSeries(AllBuckets(period, bucket, cost.Keys.Select(k => k.Item1)), top, cost, unpriced);
    }

    public Markup Chart(decimal? budgetLine, string label) =>
        SvgCharts.StackedColumns(Buckets, Series, (b, s) => Cost.GetValueOrDefault((b, s)), b => Unpriced.GetValueOrDefault(b), budgetLine, label);

    /// <summary>Every day (or hour) of a bounded period, so quiet ones show as gaps; otherwise the buckets that have calls.</summary>
    private static List<string> AllBuckets(ReportPeriod period, ReportDimension bucket, IEnumerable<string> seen)
    {
        SortedSet<string> keys = new(seen, StringComparer.Ordinal);
        if (period.FromUtc is { } from && period.ToUtc is { } to && bucket is ReportDimension.Day or ReportDimension.Hour)
        {
            TimeSpan step = bucket == ReportDimension.Day ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(15);
            for (DateTimeOffset at = from; at < to; at += step)
            {
                DateTimeOffset local = TimeZoneInfo.ConvertTime(at, period.Zone);
                keys.Add(bucket == ReportDimension.Day
                    ? local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture));
            }
        }

        return [.. keys];
    }
}
