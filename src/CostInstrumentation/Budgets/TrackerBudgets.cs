namespace CostInstrumentation;

/// <summary>
/// The budgets of one <see cref="LlmCostPipeline"/>: the ledger and where its alerts go (the pipeline's event and
/// logger, <c>budget_alerts</c> rows, the webhook and any other alert channel). With SQLite, budgets are read from and mirrored to the database,
/// and each budget starts with the spend and alerts its current period already has there, so a restart keeps them.
/// The rows people enter are read again every <see cref="LlmCostOptions.BudgetRefreshInterval"/>, so a budget set,
/// changed, removed, disabled or enabled from the shell applies to a running application within that time.
/// </summary>
internal sealed class TrackerBudgets : IAsyncDisposable
{
    private readonly ILlmBudgetStore? _store;
    private readonly IBudgetAlertChannel[] _channels;
    private readonly LlmCostErrorReporter _errors;
    private readonly Action<LlmBudgetAlertEventArgs> _raiseAlert;

    /// <summary>The entered rows in force, by id, with the settings they were read with (a changed row is read again).</summary>
    private readonly Dictionary<long, (string Settings, BudgetAccount Account)> _entered = [];
    private ITimer? _refreshTimer;
    private int _refreshing;

    private TrackerBudgets(LlmCostOptions options, LlmCostErrorReporter errors, Action<LlmBudgetAlertEventArgs> raiseAlert)
    {
        _errors = errors;
        _raiseAlert = raiseAlert;
        Ledger = new BudgetLedger(options.Clock, NanoUsd.Saturated(options.DefaultReservationUsd), Alert, options.SharedBudgets);
        // The channels first: their options can be refused (HttpClient's timeout), and the store must not be left open then.
        _channels = CreateChannels(options, errors);
        _store = options.SqlitePath is { } path ? OpenStore(path) : null;
    }

    internal BudgetLedger Ledger { get; }

    /// <summary>The channels alerts are delivered through besides the event, the log and the database.</summary>
    internal IReadOnlyList<IBudgetAlertChannel> Channels => _channels;

    /// <summary>Sets up the declared, configured and stored budgets; problems go to <paramref name="errors"/>, alerts to <paramref name="raiseAlert"/>.</summary>
    internal static TrackerBudgets Create(LlmCostOptions options, IEnumerable<LlmBudget> declared, LlmCostErrorReporter errors, Action<LlmBudgetAlertEventArgs> raiseAlert)
    {
        TrackerBudgets budgets = new(options, errors, raiseAlert);
        foreach (LlmBudget budget in declared.Concat(options.Budgets))
        {
            budgets.Add(budget);
        }

        if (budgets._store is not null)
        {
            budgets.RefreshEntered();
            if (options.BudgetRefreshInterval != Timeout.InfiniteTimeSpan)
            {
                budgets._refreshTimer = options.Clock.CreateTimer(static state => ((TrackerBudgets)state!).RefreshEntered(), budgets, options.BudgetRefreshInterval, options.BudgetRefreshInterval);
            }
        }

        // Last, with every budget in: a shared ledger ships nothing before, so no call reaches it uncounted.
        options.SharedBudgets?.Attach(budgets.Ledger, budgets.Alert, errors);
        return budgets;
    }

    /// <summary>Adds a budget (mirrored to the database when there is one). A database failure is reported; the budget still applies.</summary>
    internal BudgetAccount Add(LlmBudget budget, long? storedId = null, BudgetAccount? replacing = null)
    {
        if (_store is null)
        {
            return Ledger.Add(budget, storeId: null, replacing: replacing);
        }

        try
        {
            long id = storedId ?? _store.Upsert(budget);
            DateTimeOffset start = UtcPeriods.Start(budget.Period, Ledger.Clock.GetUtcNow());
            bool periodic = budget.Period != BudgetPeriod.PerCall;
            return Ledger.Add(budget, id, periodic ? _store.Spent(budget, start, UtcPeriods.End(budget.Period, start)) : 0, periodic ? _store.Raised(id, start) : null, replacing);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _errors.Report(LlmCostErrorKind.BudgetStoreFailed, $"Reading the budget of {budget.Source ?? budget.Scope.ToString()} from the cost database failed ({exception.Message}); it counts from zero.", exception);
            return Ledger.Add(budget, storeId: null, replacing: replacing);
        }
    }

    /// <summary>
    /// Brings the entered budgets in line with the enabled rows of the <c>budgets</c> table: a new or changed row is
    /// (re)added with the spend and alerts its current period has in the database, a removed or disabled one stops
    /// counting. Unchanged rows keep their accounts (and the reservations of calls in flight). One refresh at a time.
    /// </summary>
    internal void RefreshEntered()
    {
        if (_store is null || Interlocked.Exchange(ref _refreshing, 1) == 1)
        {
            return;
        }

        try
        {
            HashSet<long> read = [];
            foreach ((long id, LlmBudget budget) in _store.LoadEntered())
            {
                read.Add(id);
                string settings = Settings(budget);
                BudgetAccount? current = _entered.TryGetValue(id, out var entered) ? entered.Account : null;
                if (current is null || entered.Settings != settings)
                {
                    _entered[id] = (settings, Add(budget, id, current));
                }
            }

            foreach (long gone in _entered.Keys.Where(id => !read.Contains(id)).ToList())
            {
                Ledger.Remove(_entered[gone].Account);
                _entered.Remove(gone);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _errors.Report(LlmCostErrorKind.BudgetStoreFailed, $"Reading the entered budgets from the cost database failed ({exception.Message}); the budgets read before stay in force.", exception, onceKey: "refresh: " + exception.Message);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_store is not null)
        {
            await _store.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (IBudgetAlertChannel channel in _channels)
        {
            await channel.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // First, waiting for a refresh in progress: it reads through the store.
        if (_refreshTimer is not null)
        {
            await _refreshTimer.DisposeAsync().ConfigureAwait(false);
        }

        if (_store is not null)
        {
            await _store.DisposeAsync().ConfigureAwait(false);
        }

        foreach (IBudgetAlertChannel channel in _channels)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
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

    /// <summary>What makes two readings of an entered row the same budget.</summary>
    private static string Settings(LlmBudget budget) =>
        string.Join('|', budget.Scope, budget.ScopeValue, budget.Period, budget.LimitUsd, budget.HardLimit, budget.Fallback, WarnAtColumn.Write(budget.WarnAt), budget.Source);

    private void Alert(BudgetAccount account, LlmBudgetAlertEventArgs alert)
    {
        _raiseAlert(alert);
        if (account.StoreId is { } id && !account.IsPerCall)
        {
            _store?.Enqueue(id, alert);
        }

        foreach (IBudgetAlertChannel channel in _channels)
        {
            channel.Enqueue(alert);
        }
    }

    private static IBudgetAlertChannel[] CreateChannels(LlmCostOptions options, LlmCostErrorReporter errors)
    {
        List<IBudgetAlertChannel> channels = [];
        try
        {
            if (options.BudgetWebhook is var (url, webhookOptions))
            {
                channels.Add(new BudgetWebhook(url, webhookOptions, errors));
            }

            foreach (Func<LlmCostErrorReporter, IBudgetAlertChannel> create in options.AlertChannels)
            {
                channels.Add(create(errors));
            }

            return [.. channels];
        }
        catch
        {
            // The channels already made have their senders running: stop them, or they live as long as the process.
            _ = Task.Run(async () =>
            {
                foreach (IBudgetAlertChannel channel in channels)
                {
                    await channel.DisposeAsync().ConfigureAwait(false);
                }
            });
            throw;
        }
    }
}
