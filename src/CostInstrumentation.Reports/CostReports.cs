using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using CostInstrumentation.Contract;

namespace CostInstrumentation.Reports;

/// <summary>
/// The report layer: every question a view asks of a cost database (totals, breakdowns, time series, summaries,
/// budgets, alerts, exports), answered once so the CLI, the dashboard and the REST API agree. Reads through a
/// <see cref="IReportSource"/>; a database that cannot be read raises <see cref="ReportDatabaseException"/> with one
/// sentence for the user. Not thread-safe: one instance per thread.
/// </summary>
public sealed partial class CostReports : IDisposable
{
    private readonly IReportSource _source;

    private CostReports(IReportSource source)
    {
        _source = source;
    }

    /// <summary>Where the database is: a SQLite file's full path, or a shared ledger's server and database (never its password).</summary>
    public string DatabasePath => _source.Location;

    /// <summary>
    /// Opens the cost database <paramref name="database"/> names for reading: a SQLite file's path, or a shared PostgreSQL
    /// ledger's connection string (<c>Host=…;Database=…</c>) or <c>postgresql://</c> URI (<see cref="IsSharedLedger"/>).
    /// </summary>
    /// <exception cref="ReportDatabaseException">
    /// It is missing, not a cost database, damaged, newer than this version or locked; or its server cannot be reached or refuses the login.
    /// </exception>
    /// <exception cref="ReportArgumentException">A connection string Npgsql does not accept.</exception>
    public static CostReports Open(string database)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        return new CostReports(IsSharedLedger(database) ? PostgreSqlReportSource.Open(database) : SqliteReportSource.Open(database));
    }

    /// <summary>A report layer over <paramref name="source"/> (a benchmark's source that reads its groups once).</summary>
    internal static CostReports Over(IReportSource source) => new(source);

    /// <summary>How <paramref name="database"/> is shown to people without opening it: a file's full path, a ledger's server and database without its password.</summary>
    /// <exception cref="ReportArgumentException">A connection string Npgsql does not accept.</exception>
    public static string Describe(string database)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        return IsSharedLedger(database) ? LedgerAddress.Display(LedgerAddress.Parse(database)) : Path.GetFullPath(database);
    }

    /// <summary>Whether <paramref name="database"/> names a shared PostgreSQL ledger (a connection string with a Host, or a postgresql:// URI) rather than a file.</summary>
    public static bool IsSharedLedger(string database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return LedgerAddress.IsLedger(database);
    }

    /// <summary>The totals of the calls in <paramref name="period"/> that <paramref name="filter"/> selects.</summary>
    public CostTotals Totals(ReportPeriod period, ReportFilter? filter = null) => Read(() => _source.Totals(period, filter ?? ReportFilter.None));

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
        // Arranged inside Read: the source's rows are read as they are enumerated.
        return Read(() => Arrange(_source.Group(period, filter ?? ReportFilter.None, dimensions, quarterHours), period.Zone, by, thenBy, top, sort));
    }

    /// <summary>
    /// The rows of <see cref="Breakdown"/> from its source's groups (UTC time keys): merged under their local keys, children
    /// grouped under their parents, parents added up, ordered and cut to <paramref name="top"/>.
    /// </summary>
    internal static IReadOnlyList<ReportRow> Arrange(IEnumerable<SourceGroup> raw, TimeZoneInfo zone, ReportDimension by,
        ReportDimension? thenBy, int? top, ReportSort? sort)
    {
        LocalKeys parentKeys = new(by, zone);
        LocalKeys? childKeys = thenBy is { } then ? new(then, zone) : null;
        Dictionary<string, BreakdownGroup> groups = new(StringComparer.Ordinal);
        // The second dimension's keys, numbered as they come: a group finds a child by its number.
        Dictionary<string, int> columns = new(StringComparer.Ordinal);
        BreakdownGroup? current = null;
        foreach ((string? first, string? second, CostTotals totals) in raw)
        {
            // A source hands a grid's cells in runs of the same first key: looked up once a run.
            string key = parentKeys.Of(first!);
            if (current is null || !string.Equals(current.Key, key, StringComparison.Ordinal))
            {
                int expectedChildren = current?.ChildCount ?? 0;
                if (!groups.TryGetValue(key, out current))
                {
                    current = new BreakdownGroup(key, expectedChildren);
                    groups.Add(key, current);
                }
            }

            if (childKeys is null)
            {
                current.Add(totals);
                continue;
            }

            string childKey = childKeys.Of(second!);
            ref int column = ref CollectionsMarshal.GetValueRefOrAddDefault(columns, childKey, out bool known);
            if (!known)
            {
                column = columns.Count - 1;
            }

            current.Add(column, childKey, totals);
        }

        BreakdownGroup[] ordered = [.. groups.Values];
        foreach (BreakdownGroup group in ordered)
        {
            group.Finish();
        }

        RowOrder parentOrder = new(by, sort);
        Array.Sort(ordered, (x, y) => parentOrder.Compare(x.Key, x.Totals, y.Key, y.Totals));
        if (top is { } most && most < ordered.Length)
        {
            ordered = ordered[..most];
        }

        if (thenBy is { } child)
        {
            RowOrder childOrder = new(child, sort);
            foreach (BreakdownGroup group in ordered)
            {
                group.SortChildren(childOrder);
            }
        }

        return new BreakdownRows(ordered, nested: thenBy is not null);
    }

    /// <summary>The pricing versions that priced the selected calls, sorted.</summary>
    public IReadOnlyList<string> PricingVersions(ReportPeriod period, ReportFilter? filter = null) =>
        Read(() => _source.PricingVersions(period, filter ?? ReportFilter.None));

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();

    /// <summary>
    /// Adds two totals field by field. The cost is added in nano-USD and converted back, so a sum is written like the same
    /// amount read in one piece (<c>0.0092592</c>, not <c>0.009259200</c>: decimal addition keeps the larger scale).
    /// </summary>
    public static CostTotals Add(CostTotals a, CostTotals b)
    {
        TotalsSum sum = new();
        sum.Add(a);
        sum.Add(b);
        return sum.Totals;
    }

    /// <summary>The ISO week key of a day: <c>2026-W47</c>.</summary>
    public static string WeekKey(DateTime day) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day):D4}-W{ISOWeek.GetWeekOfYear(day):D2}");

    /// <summary>Runs a read, turning the database's failures into one sentence.</summary>
    private T Read<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (_source.Translate(exception) is { } problem)
        {
            throw problem;
        }
    }
}
