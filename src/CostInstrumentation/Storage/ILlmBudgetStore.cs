namespace CostInstrumentation;

/// <summary>
/// Budgets and alerts in a cost store, as the runtime uses them at start-up and while it enforces budgets: the rows
/// people entered, mirrors of the budgets declared in code, the spend and alerts of a current period, new alert rows,
/// and acknowledging an alert. SQLite implements it (<c>SqliteBudgetStore</c>).
/// </summary>
/// <remarks>
/// What an implementation must guarantee: <see cref="Upsert"/> is idempotent per declaration (the same declared budget
/// keeps its row across restarts); <see cref="Enqueue"/> never blocks or throws into the caller, and one alert row is
/// kept per budget, period and threshold however often it is raised (across restarts and hosts); periods are UTC and
/// keyed by their start; amounts are integer nano-USD.
/// </remarks>
public interface ILlmBudgetStore : IAsyncDisposable
{
    /// <summary>
    /// The enabled budgets people entered (not mirrors of declared ones), by id; an invalid row is reported and skipped.
    /// Read at start-up and again every <see cref="LlmCostOptions.BudgetRefreshInterval"/>.
    /// </summary>
    IReadOnlyList<StoredBudget> LoadEntered();

    /// <summary>Writes, or updates, the row mirroring a budget declared in code or options; returns its id.</summary>
    long Upsert(LlmBudget budget);

    /// <summary>The recorded cost, in nano-USD, of the calls in <paramref name="budget"/>'s scope in [<paramref name="startUtc"/>, <paramref name="endUtc"/>).</summary>
    long Spent(LlmBudget budget, DateTimeOffset startUtc, DateTimeOffset endUtc);

    /// <summary>The thresholds already raised for budget <paramref name="budgetId"/> in the period starting at <paramref name="periodStartUtc"/>.</summary>
    IReadOnlyList<decimal> Raised(long budgetId, DateTimeOffset periodStartUtc);

    /// <summary>Queues an alert row for budget <paramref name="budgetId"/>; returns at once.</summary>
    void Enqueue(long budgetId, LlmBudgetAlertEventArgs alert);

    /// <summary>Completes when every alert queued before the call is stored.</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Marks an alert acknowledged now; acknowledging twice keeps the first time.</summary>
    /// <exception cref="ArgumentException">No alert has the id.</exception>
    void AcknowledgeAlert(long alertId);
}
