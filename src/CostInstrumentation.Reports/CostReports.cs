using System.Globalization;
using System.IO;
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
    internal static IReadOnlyList<ReportRow> Arrange(IEnumerable<(string[] Keys, CostTotals Totals)> raw, TimeZoneInfo zone, ReportDimension by,
        ReportDimension? thenBy, int? top, ReportSort? sort)
    {
        LocalKeys parentKeys = new(by, zone);
        LocalKeys? childKeys = thenBy is { } then ? new(then, zone) : null;
        Dictionary<string, BreakdownGroup> groups = new(StringComparer.Ordinal);
        BreakdownGroup? current = null;
        foreach ((string[] keys, CostTotals totals) in raw)
        {
            // A source hands a grid's cells in runs of the same first key: looked up once a run.
            string key = parentKeys.Of(keys[0]);
            if (current is null || !string.Equals(current.Key, key, StringComparison.Ordinal))
            {
                int expectedChildren = current?.ChildCount ?? 0;
                if (!groups.TryGetValue(key, out current))
                {
                    current = new BreakdownGroup(key, expectedChildren);
                    groups.Add(key, current);
                }
            }

            current.Add(childKeys?.Of(keys[1]), totals);
        }

        // Rows are sorted as references: a row's totals are too large to move around by value.
        ReportRow[] parents = new ReportRow[groups.Count];
        ReportRow[][] childrenOf = new ReportRow[groups.Count][];
        int index = 0;
        int cells = 0;
        foreach (BreakdownGroup group in groups.Values)
        {
            (parents[index], childrenOf[index]) = group.Finish();
            cells += childrenOf[index++].Length;
        }

        Array.Sort(parents, childrenOf, Comparer<ReportRow>.Create(Order(by, sort, subKeys: false)));
        int count = top is { } most ? Math.Min(most, parents.Length) : parents.Length;
        if (thenBy is not { } child)
        {
            return count == parents.Length ? parents : parents[..count];
        }

        Comparison<ReportRow> childOrder = Order(child, sort, subKeys: true);
        List<ReportRow> rows = new(cells);
        for (int i = 0; i < count; i++)
        {
            Array.Sort(childrenOf[i], childOrder);
            rows.AddRange(childrenOf[i]);
        }

        return rows;
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

    /// <summary>The order of rows by <paramref name="dimension"/>'s keys (their sub-keys when <paramref name="subKeys"/>), ties by key.</summary>
    private static Comparison<ReportRow> Order(ReportDimension dimension, ReportSort? sort, bool subKeys)
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
            return primary != 0 ? primary : subKeys ? string.CompareOrdinal(x.SubKey, y.SubKey) : string.CompareOrdinal(x.Key, y.Key);
        };
    }

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
