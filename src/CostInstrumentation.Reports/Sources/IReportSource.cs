namespace CostInstrumentation.Reports;

/// <summary>
/// What <see cref="CostReports"/> asks of a cost database: grouped totals and the rows behind them, budgets and alerts.
/// The report layer's views (local time, sorting, projections, exports) are computed once above it, so every database
/// a source reads gives the same reports. Implementations may throw their database's exceptions; <see cref="Translate"/>
/// turns them into one sentence for the user.
/// </summary>
internal interface IReportSource : IDisposable
{
    /// <summary>Where the database is, as shown to people (a full path, or a server and database without the password).</summary>
    string Location { get; }

    /// <summary>
    /// Totals per key of <paramref name="dimensions"/> (empty: one row of grand totals, or none without calls); time
    /// dimensions come back as UTC buckets (<see cref="ReportStore.BucketStart"/>), in quarter hours when <paramref name="quarterHours"/>.
    /// A key may come in several rows (add them up). The rows may be read as they are enumerated, once: a year's grid is
    /// then never held as one list (14,600 rows of totals would sit on the large-object heap).
    /// </summary>
    IEnumerable<SourceGroup> Group(ReportPeriod period, ReportFilter filter, ReportDimension[] dimensions, bool quarterHours);

    /// <summary>The totals of the selected calls.</summary>
    CostTotals Totals(ReportPeriod period, ReportFilter filter);

    /// <summary>The pricing versions of the selected calls (a priced call without one is left out), sorted.</summary>
    List<string> PricingVersions(ReportPeriod period, ReportFilter filter);

    /// <summary>
    /// The selected calls in <see cref="ReportStore.ExportColumns"/> order, read one at a time into one reused array: oldest
    /// first (ties by id), or newest first; only those after <paramref name="after"/> in that order, at most <paramref name="limit"/>.
    /// </summary>
    IEnumerable<object?[]> Calls(ReportPeriod period, ReportFilter filter, CallCursor? after = null, int? limit = null, bool newestFirst = false);

    /// <summary>
    /// Hands each selected call (as <see cref="Calls"/>, oldest first) to <paramref name="write"/>; returns how many. The
    /// export's read loop: a source whose database can hand out its own values overrides it to spare an object and a
    /// string per value (SQLite: <see cref="CallRows"/>).
    /// </summary>
    long EachCall(ReportPeriod period, ReportFilter filter, Action<CallValues> write) => ObjectCallValues.Each(Calls(period, filter), write);

    /// <summary>The selected calls grouped by model, operation and exact usage (<see cref="ReportStore.UsageGroups"/>).</summary>
    IEnumerable<UsageGroup> UsageGroups(ReportPeriod period, ReportFilter filter);

    /// <summary>The output tokens of the selected calls at the nearest-rank percentiles <paramref name="fractions"/>, with their number; null when none.</summary>
    (long Calls, long[] Values)? OutputTokenPercentiles(ReportPeriod period, ReportFilter filter, IReadOnlyList<decimal> fractions);

    /// <summary>The newest <paramref name="count"/> selected calls, newest first (ties by id).</summary>
    List<LatestCall> LatestCalls(ReportFilter filter, int count);

    /// <summary>Every budget with its spend in the UTC period containing <paramref name="nowUtc"/>, by id.</summary>
    IReadOnlyList<BudgetStatusRow> BudgetStatus(DateTimeOffset nowUtc);

    /// <summary>The budget settings <see cref="BudgetStatus"/> leaves out, by id.</summary>
    Dictionary<long, BudgetSettings> BudgetSettings();

    /// <summary>Writes an entered budget row (replacing the entered row with the same scope, value and period); its id and whether it was new.</summary>
    (long Id, bool Created) SetBudget(LlmBudget budget);

    /// <summary>Turns an entered budget row on or off; whether it changed.</summary>
    bool EnableBudget(long id, bool enabled);

    /// <summary>Replaces every setting of an entered budget row.</summary>
    void UpdateBudget(long id, LlmBudget budget);

    /// <summary>Removes an entered budget row and its alerts.</summary>
    void RemoveBudget(long id);

    /// <summary>Budget alerts, newest first (ties by id, descending); acknowledged ones only when asked.</summary>
    IReadOnlyList<BudgetAlertRow> Alerts(bool includeAcknowledged);

    /// <summary>Marks an alert acknowledged (the first time is kept).</summary>
    /// <exception cref="ReportNotFoundException">No alert has the id.</exception>
    void AcknowledgeAlert(long id);

    /// <summary>One sentence for the user when <paramref name="exception"/> is this database failing; null for anything else.</summary>
    ReportDatabaseException? Translate(Exception exception);
}
