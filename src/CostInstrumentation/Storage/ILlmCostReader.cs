using System.IO;

namespace CostInstrumentation;

/// <summary>
/// The read side of a cost store: every question <see cref="LlmCostQuery"/> answers, so the CLI, the report layer and
/// the dashboard read SQLite or a shared ledger alike. <see cref="LlmCostReaderExtensions"/> adds what is derived from
/// these (summary, comparisons). Not thread-safe unless an implementation says so.
/// </summary>
/// <remarks>
/// What an implementation must guarantee: money exact (<c>decimal</c> from integer nano-USD); unpriced calls counted in
/// <see cref="CostTotals.UnpricedCalls"/>, never added as $0; the same results whichever source it reads (raw calls or
/// rollups; a rollup is only read when it holds everything the filter and the grouping need); times in UTC, periods
/// half-open [from, to); rows ordered as each member documents, ties broken ordinally, so output is deterministic.
/// </remarks>
public interface ILlmCostReader : IDisposable
{
    /// <summary>Totals of the calls <paramref name="filter"/> selects (all calls when null).</summary>
    CostTotals Totals(CostFilter? filter = null);

    /// <summary>Totals per key of <paramref name="by"/>, by cost descending, then key (ordinal); the first <paramref name="top"/> when given.</summary>
    IReadOnlyList<CostBreakdownRow> Breakdown(CostDimension by, CostFilter? filter = null, int? top = null);

    /// <summary>The <paramref name="count"/> most expensive sessions (calls without a session are left out).</summary>
    IReadOnlyList<CostBreakdownRow> TopSessions(int count, CostFilter? filter = null);

    /// <summary>
    /// Totals per UTC time slot (an hour, or 15 minutes), oldest first; slots without calls are left out. The time-series
    /// primitive of local-time reports: whole-hour zones add up hours, :30 and :45 zones quarter-hours, exactly.
    /// </summary>
    IReadOnlyList<CostSeriesPoint> Series(CostFilter? filter = null, CostSeriesSlot slot = CostSeriesSlot.Hour);

    /// <summary>Every budget with what its scope spent in the UTC period containing <paramref name="nowUtc"/> (default: now), by id.</summary>
    IReadOnlyList<BudgetStatusRow> BudgetStatus(DateTimeOffset? nowUtc = null);

    /// <summary>Budget alerts, newest first (ties by id, descending); acknowledged ones only when asked.</summary>
    IReadOnlyList<BudgetAlertRow> Alerts(bool includeAcknowledged = false);

    /// <summary>Writes the selected calls as CSV (RFC 4180), oldest first (ties by id); returns the rows written.</summary>
    long ExportCsv(TextWriter output, CostFilter? filter = null);

    /// <summary>Writes the selected calls as a JSON array, oldest first (ties by id); returns the rows written.</summary>
    long ExportJson(TextWriter output, CostFilter? filter = null);
}
