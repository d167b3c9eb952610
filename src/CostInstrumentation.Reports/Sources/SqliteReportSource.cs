using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;

namespace CostInstrumentation.Reports;

/// <summary>
/// A SQLite cost database: <see cref="LlmCostQuery"/> (the runtime's reader, which answers from its rollups when they hold
/// the answer) where the question fits a <see cref="CostFilter"/>, and the report layer's own SQL (<see cref="ReportStore"/>) for the rest.
/// </summary>
internal sealed class SqliteReportSource : IReportSource
{
    private readonly LlmCostQuery _query;
    private readonly ReportStore _store;

    private SqliteReportSource(string path, LlmCostQuery query, ReportStore store)
    {
        Location = path;
        _query = query;
        _store = store;
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>Opens the cost database at <paramref name="path"/> read-only.</summary>
    /// <exception cref="ReportDatabaseException">It is missing, not a cost database, damaged, newer than this version or locked.</exception>
    public static SqliteReportSource Open(string path)
    {
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
            return new SqliteReportSource(fullPath, LlmCostQuery.Open(fullPath), store);
        }
        catch (Exception exception) when (Translate(exception, fullPath) is { } problem)
        {
            store?.Dispose();
            throw problem;
        }
    }

    /// <summary>
    /// From the runtime's query, which reads the rollups (the calls only at the range's partial hours) when they hold the
    /// answer: one dimension, or a time bucket × provider, model or project, with a filter it takes; else from the calls.
    /// </summary>
    public IEnumerable<SourceGroup> Group(ReportPeriod period, ReportFilter filter, ReportDimension[] dimensions, bool quarterHours)
    {
        if (AsCostFilter(period, filter) is { } simple)
        {
            switch (dimensions)
            {
                case [var by] when AsCostDimension(by) is { } simpleBy:
                    return _query.Breakdown(simpleBy, simple).Select(row => new SourceGroup(row.Key, null, row.Totals));
                case [var time] when time.IsTime():
                    return TimeCells(period, time, simple, by: null, quarterHours).Select(cell => new SourceGroup(cell.Time, null, cell.Totals));
                case [var first, var second] when TimeAndRolledUp(first, second) is { } grid:
                    return TimeCells(period, grid.Time, simple, grid.By, quarterHours).Select(cell => first.IsTime() ? new SourceGroup(cell.Time, cell.Key, cell.Totals) : new SourceGroup(cell.Key, cell.Time, cell.Totals));
            }
        }

        return _store.Group(period, filter, dimensions, quarterHours);
    }

    /// <inheritdoc />
    public CostTotals Totals(ReportPeriod period, ReportFilter filter) =>
        AsCostFilter(period, filter) is { } simple
            ? _query.Totals(simple)
            : _store.Group(period, filter, [], quarterHours: false) is [var only] ? only.Totals : default;

    /// <inheritdoc />
    public List<string> PricingVersions(ReportPeriod period, ReportFilter filter) =>
        AsCostFilter(period, filter) is { } simple ? _query.PricingVersions(simple) : _store.PricingVersions(period, filter);

    /// <inheritdoc />
    public IEnumerable<object?[]> Calls(ReportPeriod period, ReportFilter filter, CallCursor? after = null, int? limit = null, bool newestFirst = false) =>
        _store.Calls(period, filter, after, limit, newestFirst);

    /// <summary>
    /// SQLite's own values: integers and UTF-8 text bytes, straight from the statement (<see cref="CallRows"/>), when the
    /// native library is the bundled e_sqlite3 its reads call; an app that swapped in another SQLite build gets the object rows.
    /// </summary>
    public long EachCall(ReportPeriod period, ReportFilter filter, Action<CallValues> write)
    {
        if (!CallRows.CanRead)
        {
            return ObjectCallValues.Each(Calls(period, filter), write);
        }

        using CallRows rows = _store.CallRows(period, filter);
        long count = 0;
        while (rows.Read())
        {
            write(rows);
            count++;
        }

        return count;
    }

    /// <inheritdoc />
    public IEnumerable<UsageGroup> UsageGroups(ReportPeriod period, ReportFilter filter) => _store.UsageGroups(period, filter);

    /// <inheritdoc />
    public (long Calls, long[] Values)? OutputTokenPercentiles(ReportPeriod period, ReportFilter filter, IReadOnlyList<decimal> fractions) =>
        _store.OutputTokenPercentiles(period, filter, fractions);

    /// <inheritdoc />
    public List<LatestCall> LatestCalls(ReportFilter filter, int count) => _store.LatestCalls(filter, count);

    /// <inheritdoc />
    public IReadOnlyList<BudgetStatusRow> BudgetStatus(DateTimeOffset nowUtc) => _query.BudgetStatus(nowUtc);

    /// <inheritdoc />
    public Dictionary<long, BudgetSettings> BudgetSettings() => _store.BudgetSettings();

    /// <inheritdoc />
    public (long Id, bool Created) SetBudget(LlmBudget budget) => BudgetRows.Set(Location, budget);

    /// <inheritdoc />
    public bool EnableBudget(long id, bool enabled) => BudgetRows.SetEnabled(Location, id, enabled);

    /// <inheritdoc />
    public void UpdateBudget(long id, LlmBudget budget) => BudgetRows.Update(Location, id, budget);

    /// <inheritdoc />
    public void RemoveBudget(long id) => BudgetRows.Remove(Location, id);

    /// <inheritdoc />
    public IReadOnlyList<BudgetAlertRow> Alerts(bool includeAcknowledged) => _query.Alerts(includeAcknowledged);

    /// <inheritdoc />
    public void AcknowledgeAlert(long id)
    {
        try
        {
            LlmCostQuery.AcknowledgeAlert(Location, id);
        }
        catch (ArgumentException)
        {
            throw new ReportNotFoundException($"There is no alert with id {id} (llmcost alerts list shows them).");
        }
    }

    /// <inheritdoc />
    public ReportDatabaseException? Translate(Exception exception) => Translate(exception, Location);

    /// <inheritdoc />
    public void Dispose()
    {
        _store.Dispose();
        _query.Dispose();
    }

    /// <summary>
    /// The same selection as a <see cref="CostFilter"/> when it has one (no glob, at most one tag, no call site or outcome),
    /// so <see cref="LlmCostQuery"/> answers it — from its rollups, whatever the bounds, when the filter is on provider,
    /// model or project only, which keeps the largest questions fast.
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

    /// <summary>A time bucket and a dimension the rollups keep (provider, model or project), in either order.</summary>
    private static (ReportDimension Time, CostDimension By)? TimeAndRolledUp(ReportDimension first, ReportDimension second) =>
        first.IsTime() && AsRolledUp(second) is { } a ? (first, a)
        : second.IsTime() && AsRolledUp(first) is { } b ? (second, b)
        : null;

    /// <summary>The dimensions the rollups keep besides time.</summary>
    private static CostDimension? AsRolledUp(ReportDimension dimension) =>
        AsCostDimension(dimension) is { } by && by is CostDimension.Model or CostDimension.Provider or CostDimension.Project ? by : null;

    /// <summary>Whether a day, week or month bucket of the period's zone is made of whole UTC days: a zone at UTC+0 with no rule ever changing it.</summary>
    private static bool IsUtcDays(ReportPeriod period, ReportDimension time) =>
        time != ReportDimension.Hour && period.Zone.BaseUtcOffset == TimeSpan.Zero && period.Zone.GetAdjustmentRules().Length == 0;

    /// <summary>
    /// Totals per UTC bucket of <paramref name="time"/> (and key of <paramref name="by"/>) from the rollups: UTC days when
    /// the zone is UTC all year; a local day, week or month of another zone as UTC days with the hours (and, at :30 or :45,
    /// the part-hours) that cross into another bucket moved (<see cref="LlmCostQuery.LocalBuckets"/>); else (hours, or a
    /// filter the rollups do not hold) UTC hours, or in a :30 or :45 zone UTC quarter-hours (from their rollups when the
    /// file has them, else from the calls). A bucket and key may come in several rows: the report layer adds them up.
    /// </summary>
    private IEnumerable<(string Time, string Key, CostTotals Totals)> TimeCells(ReportPeriod period, ReportDimension time, CostFilter filter, CostDimension? by, bool quarterHours)
    {
        if (IsUtcDays(period, time))
        {
            return by is { } key
                ? _query.CrossBreakdown(CostDimension.Day, key, filter)
                : _query.Breakdown(CostDimension.Day, filter).Select(row => (row.Key, string.Empty, row.Totals));
        }

        if (time != ReportDimension.Hour
            && _query.LocalBuckets(filter, by, hour => LocalBucket.Of(time, new DateTimeOffset(hour, TimeSpan.Zero), period.Zone)) is { } local)
        {
            return local;
        }

        // Slot keys (yyyy-MM-ddTHH:mm) are bucket keys as ReportStore.BucketStart reads them.
        return _query.SlotBreakdown(filter, quarterHours ? CostSeriesSlot.QuarterHour : CostSeriesSlot.Hour, by);
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

    private static string FirstSentence(string message) =>
        ReportDatabaseException.FirstSentence(message).Replace("SQLite Error ", "SQLite error ", StringComparison.Ordinal);
}
