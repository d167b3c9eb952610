using Microsoft.Extensions.Logging;

namespace CostInstrumentation;

/// <summary>
/// One metering configuration, built whole from <see cref="LlmCostOptions"/> and never changed: the sinks, the budgets
/// (ledger, database, webhook), the logger and error reporting, the clock, the default project and the metrics. It records
/// each call to every sink, counts it against its budgets, feeds the metrics and contains every failure: a failure is
/// reported on <see cref="Error"/>, never thrown to the metered call. <see cref="LlmCostTracker"/> is a facade over the
/// pipeline <see cref="LlmCostTracker.Configure"/> built; dependency injection or a test can own pipelines of its own.
/// </summary>
public sealed partial class LlmCostPipeline : IAsyncDisposable
{
    private readonly ILlmCostSink[] _sinks;
    private readonly IAsyncDisposable[] _ownedSinks;
    private readonly TrackerBudgets? _budgets;
    private readonly LlmCostInstruments _instruments;
    private readonly IDisposable? _priceOverride;
    private long _failedWrites;
    private int _disposed;

    /// <summary>Builds the pipeline; <paramref name="subscribe"/> sees it before its budgets load, so their problems reach its handlers.</summary>
    internal LlmCostPipeline(LlmCostOptions options, IEnumerable<LlmBudget> declared, Action<LlmCostPipeline>? subscribe = null)
        : this(options, subscribe)
    {
        try
        {
            _budgets = TrackerBudgets.Create(options, declared, Errors, RaiseBudgetAlert);
        }
        catch
        {
            // An invalid option (e.g. the webhook's): the sinks the options made are closed, not left with their writer threads.
            Release(_ownedSinks, Errors);
            throw;
        }

        Ledger = _budgets.Ledger;
        _priceOverride = options.PriceOverride is { } table ? LlmPricing.Override(table) : null;
    }

    private LlmCostPipeline(LlmCostOptions options, Action<LlmCostPipeline>? subscribe)
    {
        _sinks = [.. options.Sinks];
        _ownedSinks = [.. options.OwnedSinks];
        _instruments = options.MeterFactory is { } meterFactory ? LlmCostInstruments.From(meterFactory) : LlmCostInstruments.Shared;
        DefaultProject = options.DefaultProject;
        Errors = new LlmCostErrorReporter(options.Logger, error => Error?.Invoke(this, error));
        subscribe?.Invoke(this);
    }

    /// <summary>Raised for every metering problem (sink failures, unpriced models once per model, invalid usage, …).</summary>
    public event EventHandler<LlmCostErrorEventArgs>? Error;

    /// <summary>
    /// Raised once per budget, period and threshold when a budget's spend reaches a <see cref="LlmBudget.WarnAt"/>
    /// fraction or its limit, on the thread that recorded the call (a handler that throws is reported, not thrown). Also
    /// logged, stored in <c>budget_alerts</c> and posted to the webhook when those are configured.
    /// </summary>
    public event EventHandler<LlmBudgetAlertEventArgs>? BudgetAlert;

    /// <summary>The project recorded for calls that name none.</summary>
    public string? DefaultProject { get; }

    /// <summary>How many sink writes have failed in this pipeline.</summary>
    public long FailedWrites => Interlocked.Read(ref _failedWrites);

    /// <summary>The budgets in force (with no account until one is configured or declared); null only before any configuration.</summary>
    internal BudgetLedger? Ledger { get; }

    internal LlmCostErrorReporter Errors { get; }

    /// <summary>
    /// Builds a pipeline from <paramref name="options"/> and the budgets compiled in so far. Budgets start from the spend
    /// their current period has in the SQLite database when one is configured, else from zero. Dispose it to close what the
    /// options made (<see cref="LlmCostOptions.UseSqlite"/>); sinks added with <see cref="LlmCostOptions.AddSink"/> stay open.
    /// </summary>
    public static LlmCostPipeline Create(LlmCostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return LlmDeclaredBudgets.Build(declared => new LlmCostPipeline(options, declared));
    }

    /// <inheritdoc cref="Create(LlmCostOptions)"/>
    public static LlmCostPipeline Create(Action<LlmCostOptions> configure) => Create(Options(configure, errors: null));

    /// <summary>Records one call to every sink. Never throws.</summary>
    public void Record(in LlmCallRecord record) => Record(record, responseModel: null, reservation: null);

    /// <summary>Every budget in force and where it stands in its current period.</summary>
    public IReadOnlyList<LlmBudgetStatus> GetBudgetStatus() => Ledger?.Status() ?? [];

    /// <summary>
    /// What a call of <paramref name="model"/> with <paramref name="inputTokens"/> input tokens and up to
    /// <paramref name="maxOutputTokens"/> output tokens (at most the model's maximum output) would cost, and whether it fits the budgets that would count it
    /// (those of its provider and model, global ones, and those of the current <see cref="LlmCostContext"/>'s project,
    /// session and tags; operation budgets need a call site and are not considered). An unpriced model has
    /// <see cref="LlmCostEstimate.Priced"/> false and fits only when no hard limit applies.
    /// </summary>
    public LlmCostEstimate Estimate(string model, long inputTokens, long maxOutputTokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(maxOutputTokens);
        CallIdentity call = CallIdentity.Resolve(site: null, model, responseModel: null, sessionId: null, DefaultProject);
        decimal min = call.Price?.Cost(new LlmUsage(inputTokens, 0)) ?? 0m;
        // The worst case of one call (the contract's rule, as LLMC202 and reservations apply it): no output beyond the model's own maximum.
        long worstOutput = call.Price is { } price
            ? WorstCaseCall.Tokens(inputTokens, maxOutputTokens, price.Definition.MaxInputTokens, price.Definition.MaxOutputTokens).OutputTokens ?? maxOutputTokens
            : maxOutputTokens;
        decimal max = call.Price?.Cost(new LlmUsage(inputTokens, worstOutput)) ?? 0m;
        List<LlmBudgetStatus> applicable = Ledger?.Status(call.Subject.Matches) ?? [];
        bool fits = call.Price is not null
            ? applicable.All(s => (s.Budget.Period == BudgetPeriod.PerCall ? max : s.SpentUsd + s.ReservedUsd + max) <= s.Budget.LimitUsd)
            : !applicable.Any(s => s.Budget.HardLimit);
        return new LlmCostEstimate(model, call.Price is not null, min, max, fits, applicable);
    }

    /// <summary>Flushes every sink, then the budget alerts; a sink that fails is reported on <see cref="Error"/>, not thrown.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        // The records first: a webhook retrying an alert can take a minute, and a caller's shutdown token must not
        // run out on it while records are still unwritten.
        foreach (ILlmCostSink sink in _sinks)
        {
            try
            {
                await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception)
            {
                Errors.Report(LlmCostErrorKind.SinkFailed, $"Sink {sink.GetType().Name} failed to flush: {exception.Message}", exception);
            }
        }

        if (_budgets is not null)
        {
            await _budgets.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The alert channels configured, as <see cref="SendTestAlertAsync(CancellationToken)"/> names them: <c>log</c> when a
    /// logger is set (<see cref="LlmCostOptions.UseLogger"/>), then <c>webhook</c> and <c>email</c> when configured.
    /// </summary>
    public IReadOnlyList<string> AlertChannelNames =>
        [.. (Errors.Logger is null ? [] : (string[])["log"]).Concat((_budgets?.Channels ?? []).Select(channel => channel.Name))];

    /// <summary>
    /// Sends a test alert (a warning of a budget that does not exist, named as a test) through every alert channel
    /// configured — the log (<see cref="LlmCostOptions.UseLogger"/>), the webhook, e-mail — once each, without retries,
    /// and says how each went; it raises no <see cref="BudgetAlert"/> and stores no alert. Never throws for a channel that
    /// fails: its result says why.
    /// </summary>
    public Task<IReadOnlyList<LlmAlertTestResult>> SendTestAlertAsync(CancellationToken cancellationToken = default) =>
        SendTestAlertAsync(channel: null, cancellationToken);

    /// <summary>
    /// Sends the test alert through the channel named <paramref name="channel"/> only (one of <see cref="AlertChannelNames"/>;
    /// null: every channel); no result when no channel has that name.
    /// </summary>
    public async Task<IReadOnlyList<LlmAlertTestResult>> SendTestAlertAsync(string? channel, CancellationToken cancellationToken = default)
    {
        List<LlmAlertTestResult> results = [];
        if (Errors.Logger is not null && channel is null or "log")
        {
            try
            {
                LogAlert(BudgetTestAlert.Create(DateTimeOffset.UtcNow));
                results.Add(new LlmAlertTestResult("log", true, "Written to the logger."));
            }
            catch (Exception exception)
            {
                results.Add(new LlmAlertTestResult("log", false, $"The logger threw: {exception.Message}"));
            }
        }

        foreach (IBudgetAlertChannel alertChannel in (_budgets?.Channels ?? []).Where(c => channel is null || c.Name == channel))
        {
            results.Add(await alertChannel.SendTestAlertAsync(cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>
    /// Closes what the options made: the sinks of <see cref="LlmCostOptions.UseSqlite"/> (after writing what they hold),
    /// the budget database and the webhook (alerts still queued are abandoned), and withdraws its
    /// <see cref="LlmCostOptions.UsePricingOverride"/> prices. Failures are reported, not thrown.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            LlmDeclaredBudgets.Forget(this);
            _priceOverride?.Dispose();
            await DisposeEachAsync(_ownedSinks, LlmCostErrorKind.SinkFailed, Errors).ConfigureAwait(false);
            await DisposeEachAsync(_budgets is null ? [] : [_budgets], LlmCostErrorKind.BudgetStoreFailed, Errors).ConfigureAwait(false);
        }
    }

    /// <summary>A pipeline that records to no sink and enforces no budget (the tracker's before its first configuration).</summary>
    internal static LlmCostPipeline Unconfigured(Action<LlmCostPipeline> subscribe) => new(new LlmCostOptions(), subscribe);

    /// <summary>
    /// Runs <paramref name="configure"/> on new options; when it throws, the sinks it made are closed (their writer
    /// threads would otherwise live as long as the process), problems doing so going to <paramref name="errors"/> (else to
    /// the logger the options name, if any).
    /// </summary>
    internal static LlmCostOptions Options(Action<LlmCostOptions> configure, LlmCostErrorReporter? errors)
    {
        ArgumentNullException.ThrowIfNull(configure);
        LlmCostOptions options = new();
        try
        {
            configure(options);
        }
        catch
        {
            Release(options.OwnedSinks, errors ?? new LlmCostErrorReporter(options.Logger, static _ => { }));
            throw;
        }

        return options;
    }

    /// <summary>Adds a budget declared after the pipeline was built (a module initializer of a library loaded later).</summary>
    internal void Declare(LlmBudget budget) => _budgets?.Add(budget);

    internal void Record(in LlmCallRecord record, string? responseModel, BudgetReservation? reservation)
    {
        try
        {
            // With no budget in force the cost is not even converted to nano-USD.
            if (Ledger is { Accounts.Length: > 0 } ledger)
            {
                ledger.Settle(record, reservation);
            }
        }
        catch (Exception exception)
        {
            Errors.Report(LlmCostErrorKind.BudgetSettlementFailed, $"Counting a call of {record.Operation} against its budgets failed: {exception.Message}", exception);
        }
        finally
        {
            // What the call cost: a lease it was drawn from counts exactly that when the row is shipped.
            reservation?.Release(record.CostUsd);
        }

        LlmCostContext.Current?.Observe(record);
        foreach (ILlmCostSink sink in _sinks)
        {
            try
            {
                sink.Write(record);
            }
            catch (Exception exception)
            {
                Interlocked.Increment(ref _failedWrites);
                Errors.Report(LlmCostErrorKind.SinkFailed, $"Sink {sink.GetType().Name} failed to write a record of {record.Operation}: {exception.Message}", exception);
            }
        }

        try
        {
            _instruments.Record(record, responseModel);
        }
        catch (Exception exception)
        {
            Errors.Report(LlmCostErrorKind.MetricsFailed, "Recording metrics failed: " + exception.Message, exception);
        }
    }

    private void RaiseBudgetAlert(LlmBudgetAlertEventArgs alert)
    {
        try
        {
            LogAlert(alert);
        }
        catch (Exception exception)
        {
            Errors.ReportLoggerFailure($"the {alert.Level} alert of {alert.Budget.Source ?? "a budget"}", exception);
        }

        try
        {
            BudgetAlert?.Invoke(this, alert);
        }
        catch (Exception exception)
        {
            Errors.Report(LlmCostErrorKind.AlertHandlerFailed, $"A BudgetAlert handler threw on the {alert.Level} alert of {alert.Budget.Source ?? "a budget"}: {exception.Message}", exception);
        }
    }

    /// <summary>The log channel: an alert as one entry (a warning below the highest threshold, an error from there).</summary>
    private void LogAlert(LlmBudgetAlertEventArgs alert) =>
        Errors.Logger?.Log(
            alert.Level == BudgetAlertLevel.Warning ? LogLevel.Warning : LogLevel.Error,
            "CostInstrumentation budget {Level}: {Source} has spent {SpentUsd} of {LimitUsd} USD ({Threshold:P0}) in the {Period} period from {PeriodStartUtc:u}",
            alert.Level,
            alert.Budget.Source ?? $"the {alert.Budget.Scope} budget {alert.Budget.ScopeValue}",
            alert.SpentUsd,
            alert.LimitUsd,
            alert.Threshold,
            alert.Budget.Period,
            alert.PeriodStartUtc);

    private static void Release(IEnumerable<IAsyncDisposable> owned, LlmCostErrorReporter errors) =>
        _ = Task.Run(() => DisposeEachAsync(owned, LlmCostErrorKind.SinkFailed, errors));

    private static async Task DisposeEachAsync(IEnumerable<IAsyncDisposable> owned, LlmCostErrorKind kind, LlmCostErrorReporter errors)
    {
        foreach (IAsyncDisposable disposable in owned)
        {
            try
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                errors.Report(kind, $"Closing {disposable.GetType().Name} failed: {exception.Message}", exception);
            }
        }
    }
}
