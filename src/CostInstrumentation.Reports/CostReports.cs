using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Reports;

/// <summary>
/// The report layer: every question a view asks of a cost database (totals, breakdowns, time series, summaries,
/// budgets, alerts, exports), answered once so the CLI, the dashboard and the REST API agree. Reads through
/// <see cref="LlmCostQuery"/> and a read-only connection; a database that cannot be read raises
/// <see cref="ReportDatabaseException"/> with one sentence for the user. Not thread-safe: one instance per thread.
/// </summary>
public sealed partial class CostReports : IDisposable
{
    private readonly LlmCostQuery _query;
    private readonly ReportStore _store;

    private CostReports(string path, LlmCostQuery query, ReportStore store)
    {
        DatabasePath = path;
        _query = query;
        _store = store;
    }

    /// <summary>The full path of the database.</summary>
    public string DatabasePath { get; }

    /// <summary>Opens the cost database at <paramref name="path"/> read-only.</summary>
    /// <exception cref="ReportDatabaseException">It is missing, not a cost database, damaged, newer than this version or locked.</exception>
    public static CostReports Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new ReportDatabaseException(ReportDatabaseProblem.Missing,
                $"No cost database at {fullPath}: run the application that records to it first, or point --db (or LLMCOST_DB) at it.");
        }

        ReportStore? store = null;
        try
        {
            store = new ReportStore(fullPath);
            return new CostReports(fullPath, LlmCostQuery.Open(fullPath), store);
        }
        catch (Exception exception) when (Translate(exception, fullPath) is { } problem)
        {
            store?.Dispose();
            throw problem;
        }
    }

    /// <summary>The totals of the calls in <paramref name="period"/> that <paramref name="filter"/> selects.</summary>
    public CostTotals Totals(ReportPeriod period, ReportFilter? filter = null) => Read(() =>
        AsCostFilter(period, filter ?? ReportFilter.None) is { } simple
            ? _query.Totals(simple)
            : _store.Group(period, filter ?? ReportFilter.None, [], quarterHours: false) is [var only] ? only.Totals : default);

    /// <summary>
    /// Totals per key of <paramref name="by"/> (and of <paramref name="thenBy"/> within each), ordered by
    /// <paramref name="sort"/> (default: cost, or time for time dimensions), ties by key; the first <paramref name="top"/> keys of
    /// <paramref name="by"/> when given. Time keys are local to the period's zone.
    /// </summary>
    public IReadOnlyList<ReportRow> Breakdown(ReportPeriod period, ReportDimension by, ReportFilter? filter = null,
        ReportDimension? thenBy = null, int? top = null, ReportSort? sort = null)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (top is <= 0)
        {
            throw new ReportArgumentException("--top must be a positive number.");
        }

        if (thenBy == by)
        {
            throw new ReportArgumentException($"--then-by {by.Name()} repeats --by; pick another dimension.");
        }

        ReportDimension[] dimensions = thenBy is { } second ? [by, second] : [by];
        bool quarterHours = !ReportZone.IsWholeHour(period.Zone);
        List<(string[] Keys, CostTotals Totals)> raw = Read(() => Group(period, filter ?? ReportFilter.None, dimensions, quarterHours));
        Dictionary<(string, string?), CostTotals> merged = [];
        foreach ((string[] keys, CostTotals totals) in raw)
        {
            (string, string?) key = (Local(by, keys[0], period.Zone), thenBy is { } d ? Local(d, keys[1], period.Zone) : null);
            merged[key] = merged.TryGetValue(key, out CostTotals sum) ? Add(sum, totals) : totals;
        }

        Comparison<(string Key, CostTotals Totals)> order = Order(by, sort);
        List<(string Key, CostTotals Totals)> parents = [.. merged.GroupBy(pair => pair.Key.Item1, StringComparer.Ordinal)
            .Select(group => (group.Key, group.Select(pair => pair.Value).Aggregate(Add)))];
        parents.Sort(order);
        if (top is { } count && parents.Count > count)
        {
            parents.RemoveRange(count, parents.Count - count);
        }

        if (thenBy is not { } child)
        {
            return [.. parents.Select(parent => new ReportRow(parent.Key, null, parent.Totals))];
        }

        Comparison<(string Key, CostTotals Totals)> childOrder = Order(child, sort);
        List<ReportRow> rows = [];
        foreach ((string parent, _) in parents)
        {
            List<(string Key, CostTotals Totals)> children = [.. merged.Where(pair => pair.Key.Item1 == parent).Select(pair => (pair.Key.Item2!, pair.Value))];
            children.Sort(childOrder);
            rows.AddRange(children.Select(c => new ReportRow(parent, c.Key, c.Totals)));
        }

        return rows;
    }

    /// <summary>
    /// Totals per key of <paramref name="dimensions"/> (time keys as UTC buckets): from the runtime's query, which reads the
    /// rollups when they hold the answer, for one dimension and a filter it takes; else from the calls.
    /// </summary>
    private List<(string[] Keys, CostTotals Totals)> Group(ReportPeriod period, ReportFilter filter, ReportDimension[] dimensions, bool quarterHours)
    {
        if (dimensions is [var by] && AsCostFilter(period, filter) is { } simple)
        {
            if (AsCostDimension(by) is { } simpleBy)
            {
                return [.. _query.Breakdown(simpleBy, simple).Select(row => (new[] { row.Key }, row.Totals))];
            }

            if (!quarterHours)
            {
                // UTC hours (hourly rollups when the bounds are whole hours), each then counted in its local bucket.
                return [.. _query.Series(simple, CostSeriesSlot.Hour).Select(point => (new[] { HourKey(point.StartUtc) }, point.Totals))];
            }
        }

        return _store.Group(period, filter, dimensions, quarterHours);
    }

    /// <summary>The pricing versions that priced the selected calls, sorted.</summary>
    public IReadOnlyList<string> PricingVersions(ReportPeriod period, ReportFilter? filter = null) =>
        Read(() => _store.PricingVersions(period, filter ?? ReportFilter.None));

    /// <inheritdoc />
    public void Dispose()
    {
        _store.Dispose();
        _query.Dispose();
    }

    /// <summary>Adds two totals field by field.</summary>
    public static CostTotals Add(CostTotals a, CostTotals b) => new(
        a.Calls + b.Calls, a.CostUsd + b.CostUsd, a.UnpricedCalls + b.UnpricedCalls, a.FailedCalls + b.FailedCalls,
        a.InputTokens + b.InputTokens, a.CachedInputTokens + b.CachedInputTokens, a.CacheWriteTokens + b.CacheWriteTokens,
        a.OutputTokens + b.OutputTokens, a.ReasoningTokens + b.ReasoningTokens)
    {
        LowerBoundCalls = a.LowerBoundCalls + b.LowerBoundCalls,
    };

    /// <summary>
    /// The same selection as a <see cref="CostFilter"/> when it has one (no glob, at most one tag, no call site or outcome),
    /// so <see cref="LlmCostQuery"/> answers it — from its daily rollups when the bounds fall on UTC midnights (always for
    /// all time), which keeps the largest questions fast.
    /// </summary>
    private static CostFilter? AsCostFilter(ReportPeriod period, ReportFilter filter) =>
        filter.Model?.AsSpan().IndexOfAny("*?[") >= 0 || filter.Tags.Count > 1 || filter.CallSite is not null || filter.Outcome is not null
            ? null
            : new CostFilter
            {
                FromUtc = period.FromUtc,
                ToUtc = period.ToUtc,
                Provider = filter.Provider,
                ProviderIgnoresCase = true,
                Model = filter.Model,
                Project = filter.Project,
                Session = filter.Session,
                Tag = filter.Tags.Count == 1 ? filter.Tags[0] : null,
                Operation = filter.Operation,
            };

    /// <summary>The <see cref="CostDimension"/> of a dimension that does not depend on the zone.</summary>
    private static CostDimension? AsCostDimension(ReportDimension dimension) => dimension switch
    {
        ReportDimension.Model => CostDimension.Model,
        ReportDimension.Provider => CostDimension.Provider,
        ReportDimension.Project => CostDimension.Project,
        ReportDimension.Tag => CostDimension.Tag,
        ReportDimension.Session => CostDimension.Session,
        ReportDimension.Operation => CostDimension.Operation,
        ReportDimension.CallSite => CostDimension.CallSite,
        _ => null,
    };

    /// <summary>The local key of a UTC bucket for a time dimension; other dimensions' keys pass through.</summary>
    private static string Local(ReportDimension dimension, string key, TimeZoneInfo zone)
    {
        if (!dimension.IsTime())
        {
            return key;
        }

        DateTimeOffset local = TimeZoneInfo.ConvertTime(ReportStore.BucketStart(key), zone);
        return dimension switch
        {
            ReportDimension.Hour => new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset)
                .ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture),
            ReportDimension.Day => local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ReportDimension.Week => WeekKey(local.Date),
            _ => local.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The UTC bucket key of an hour, as <see cref="ReportStore.BucketStart"/> reads it: <c>2026-11-01T05</c>.</summary>
    private static string HourKey(DateTimeOffset startUtc) => startUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);

    /// <summary>The ISO week key of a day: <c>2026-W47</c>.</summary>
    public static string WeekKey(DateTime day) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day):D4}-W{ISOWeek.GetWeekOfYear(day):D2}");

    private static Comparison<(string Key, CostTotals Totals)> Order(ReportDimension dimension, ReportSort? sort)
    {
        ReportSort by = sort ?? (dimension.IsTime() ? ReportSort.Key : ReportSort.Cost);
        return (x, y) =>
        {
            int primary = by switch
            {
                ReportSort.Cost => y.Totals.CostUsd.CompareTo(x.Totals.CostUsd),
                ReportSort.Calls => y.Totals.Calls.CompareTo(x.Totals.Calls),
                ReportSort.Tokens => (y.Totals.InputTokens + y.Totals.OutputTokens).CompareTo(x.Totals.InputTokens + x.Totals.OutputTokens),
                _ => 0,
            };
            return primary != 0 ? primary : string.CompareOrdinal(x.Key, y.Key);
        };
    }

    /// <summary>Runs a read, turning the database's failures into one sentence.</summary>
    private T Read<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (Translate(exception, DatabasePath) is { } problem)
        {
            throw problem;
        }
    }

    private static ReportDatabaseException? Translate(Exception exception, string path) => exception switch
    {
        ReportDatabaseException => null,
        FileNotFoundException => new(ReportDatabaseProblem.Missing, $"No cost database at {path}.", exception),
        NotSupportedException => new(ReportDatabaseProblem.Newer,
            $"{path} was written by a newer CostInstrumentation (a newer schema): update llmcost (dotnet tool update -g CostInstrumentation.Cli).", exception),
        InvalidDataException => new(ReportDatabaseProblem.Corrupt, FirstSentence(exception.Message), exception), // it names the file
        SqliteException { SqliteErrorCode: 5 or 6 } => new(ReportDatabaseProblem.Locked,
            $"{path} is locked by another process; try again when it lets go (a recorder in exclusive mode, or a long write).", exception),
        SqliteException { SqliteErrorCode: 11 or 26 } => new(ReportDatabaseProblem.Corrupt, $"{path} is damaged or not a SQLite database.", exception),
        SqliteException sqlite => new(ReportDatabaseProblem.Corrupt, $"{path} could not be read: {FirstSentence(sqlite.Message)}", exception),
        _ => null,
    };

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..(end + 1)]).Replace("SQLite Error ", "SQLite error ", StringComparison.Ordinal);
    }
}
