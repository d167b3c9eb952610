namespace CostInstrumentation;

/// <summary>
/// The budgets of one <see cref="LlmCostPipeline"/>: the ledger and where its alerts go (the pipeline's event and
/// logger, <c>budget_alerts</c> rows, the webhook). With SQLite, budgets are read from and mirrored to the database,
/// and each budget starts with the spend and alerts its current period already has there, so a restart keeps them.
/// </summary>
internal sealed class TrackerBudgets : IAsyncDisposable
{
    private readonly ILlmBudgetStore? _store;
    private readonly BudgetWebhook? _webhook;
    private readonly LlmCostErrorReporter _errors;
    private readonly Action<LlmBudgetAlertEventArgs> _raiseAlert;

    private TrackerBudgets(LlmCostOptions options, LlmCostErrorReporter errors, Action<LlmBudgetAlertEventArgs> raiseAlert)
    {
        _errors = errors;
        _raiseAlert = raiseAlert;
        Ledger = new BudgetLedger(options.Clock, NanoUsd.Saturated(options.DefaultReservationUsd), Alert);
        // The webhook first: its options can be refused (HttpClient's timeout), and the store must not be left open then.
        _webhook = options.BudgetWebhook is var (url, webhookOptions) ? new BudgetWebhook(url, webhookOptions, errors) : null;
        _store = options.SqlitePath is { } path ? OpenStore(path) : null;
    }

    internal BudgetLedger Ledger { get; }

    /// <summary>Sets up the declared, configured and stored budgets; problems go to <paramref name="errors"/>, alerts to <paramref name="raiseAlert"/>.</summary>
    internal static TrackerBudgets Create(LlmCostOptions options, IEnumerable<LlmBudget> declared, LlmCostErrorReporter errors, Action<LlmBudgetAlertEventArgs> raiseAlert)
    {
        TrackerBudgets budgets = new(options, errors, raiseAlert);
        foreach (LlmBudget budget in declared.Concat(options.Budgets))
        {
            budgets.Add(budget);
        }

        if (budgets._store is { } store)
        {
            foreach ((long id, LlmBudget budget) in store.LoadEntered())
            {
                budgets.Add(budget, id);
            }
        }

        return budgets;
    }

    /// <summary>Adds a budget (mirrored to the database when there is one). A database failure is reported; the budget still applies.</summary>
    internal void Add(LlmBudget budget, long? storedId = null)
    {
        if (_store is null)
        {
            Ledger.Add(budget, storeId: null);
            return;
        }

        try
        {
            long id = storedId ?? _store.Upsert(budget);
            DateTimeOffset start = UtcPeriods.Start(budget.Period, Ledger.Clock.GetUtcNow());
            bool periodic = budget.Period != BudgetPeriod.PerCall;
            Ledger.Add(budget, id, periodic ? _store.Spent(budget, start, UtcPeriods.End(budget.Period, start)) : 0, periodic ? _store.Raised(id, start) : null);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _errors.Report(LlmCostErrorKind.BudgetStoreFailed, $"Reading the budget of {budget.Source ?? budget.Scope.ToString()} from the cost database failed ({exception.Message}); it counts from zero.", exception);
            Ledger.Add(budget, storeId: null);
        }
    }

    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_store is not null)
        {
            await _store.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_webhook is not null)
        {
            await _webhook.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }

        if (_webhook is not null)
        {
            await _webhook.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ILlmBudgetStore? OpenStore(string path)
    {
        try
        {
            return new SqliteBudgetStore(path, _errors);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _errors.Report(LlmCostErrorKind.BudgetStoreFailed, $"The cost database '{path}' could not be opened for budgets ({exception.Message}); budgets count from zero and alerts are not stored.", exception);
            return null;
        }
    }

    private void Alert(BudgetAccount account, LlmBudgetAlertEventArgs alert)
    {
        _raiseAlert(alert);
        if (account.StoreId is { } id && !account.IsPerCall)
        {
            _store?.Enqueue(id, alert);
        }

        _webhook?.Enqueue(alert);
    }
}
