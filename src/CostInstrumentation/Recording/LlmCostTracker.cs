using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CostInstrumentation;

/// <summary>
/// Where metered calls are recorded: fans each record out to the configured sinks, feeds the metrics,
/// and contains every failure — a sink that throws is reported on <see cref="Error"/>, never to the caller.
/// </summary>
public static class LlmCostTracker
{
    /// <summary>How long the previous configuration's sinks stay open after <see cref="Configure"/> replaced them.</summary>
    private static readonly TimeSpan ReconfigureGrace = TimeSpan.FromMilliseconds(250);

    /// <summary>How many distinct once-only problems are remembered; beyond it they are no longer reported.</summary>
    internal const int MaxReportedOnce = 10_000;

    // Keyed by kind and key (a model name, a call site), which can come from run-time values: bounded by MaxReportedOnce.
    private static readonly ConcurrentDictionary<(LlmCostErrorKind Kind, string Key), byte> s_reportedOnce = new();
    private static bool s_reportedOnceFull;
    private static readonly Lock s_configureGate = new();
    private static TrackerState s_state = new([], null, null, null, []);
    private static BudgetLedger? s_ledger;
    private static long s_failedWrites;

    /// <summary>Raised for every metering problem (sink failures, unpriced models once per model, invalid usage).</summary>
    public static event EventHandler<LlmCostErrorEventArgs>? Error;

    /// <summary>
    /// Raised once per budget, period and threshold when a budget's spend reaches a <see cref="LlmBudget.WarnAt"/>
    /// fraction or its limit, on the thread that recorded the call (a handler that throws is contained). Also logged,
    /// stored in <c>budget_alerts</c> and posted to the webhook when those are configured.
    /// </summary>
    public static event EventHandler<LlmBudgetAlertEventArgs>? BudgetAlert;

    /// <summary>How many sink writes have failed since start-up.</summary>
    public static long FailedWrites => Interlocked.Read(ref s_failedWrites);

    /// <summary>The project recorded for calls that name none.</summary>
    public static string? DefaultProject => Volatile.Read(ref s_state).DefaultProject;

    /// <summary>
    /// Replaces the configuration: sinks, defaults and budgets. Budgets start from the spend their current period has in
    /// the SQLite database when one is configured, else from zero.
    /// </summary>
    public static void Configure(Action<LlmCostOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        LlmCostOptions options = new();
        try
        {
            configure(options);
        }
        catch
        {
            // The sinks it made before throwing would otherwise keep their writer threads for the life of the process.
            _ = Task.Run(() => DisposeAsync(new TrackerState([], null, null, null, [.. options.OwnedSinks])));
            throw;
        }

        TrackerState previous;
        lock (s_configureGate)
        {
            previous = s_state;
            // The logger is in place before the budgets load, so problems reading them reach it.
            TrackerState next = new([.. options.Sinks], options.DefaultProject, options.Logger, null, [.. options.OwnedSinks]);
            Volatile.Write(ref s_state, next);
            TrackerBudgets budgets;
            try
            {
                budgets = TrackerBudgets.Create(options, LlmDeclaredBudgets.All);
            }
            catch
            {
                // An invalid option (e.g. the webhook's): the previous configuration stays in force, whole, and what
                // this one opened is closed.
                Volatile.Write(ref s_state, previous);
                _ = Task.Run(() => DisposeAsync(next));
                throw;
            }

            Volatile.Write(ref s_state, s_state with { Budgets = budgets });
            Volatile.Write(ref s_ledger, budgets.Ledger.Accounts.Length == 0 ? null : budgets.Ledger);
        }

        // Alerts still queued for the old configuration are written (or given up) in the background, and so are the
        // records held by the sinks it made (their writer threads then end); sinks the caller added are the caller's.
        if (previous.Budgets is not null || previous.OwnedSinks.Length > 0)
        {
            _ = Task.Run(() => DisposeAsync(previous));
        }
    }

    private static async Task DisposeAsync(TrackerState previous)
    {
        // A call that read the previous state just before the swap may still be writing to its sinks or raising its
        // alerts: give it a moment, rather than drop its record as written to a disposed sink.
        await Task.Delay(ReconfigureGrace).ConfigureAwait(false);
        IEnumerable<IAsyncDisposable> owned = previous.Budgets is { } budgets ? [.. previous.OwnedSinks, budgets] : previous.OwnedSinks;
        foreach (IAsyncDisposable disposable in owned)
        {
            try
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                ReportError(LlmCostErrorKind.SinkFailed, $"Closing {disposable.GetType().Name} of the previous configuration failed: {exception.Message}", exception);
            }
        }
    }

    /// <summary>Every budget in force and where it stands in its current period.</summary>
    public static IReadOnlyList<LlmBudgetStatus> GetBudgetStatus() => Volatile.Read(ref s_ledger)?.Status() ?? [];

    /// <summary>
    /// What a call of <paramref name="model"/> with <paramref name="inputTokens"/> input tokens and up to
    /// <paramref name="maxOutputTokens"/> output tokens would cost, and whether it fits the budgets that would count it
    /// (those of its provider and model, global ones, and those of the current <see cref="LlmCostContext"/>'s project,
    /// session and tags; operation budgets need a call site and are not considered). An unpriced model has
    /// <see cref="LlmCostEstimate.Priced"/> false and fits only when no hard limit applies.
    /// </summary>
    public static LlmCostEstimate Estimate(string model, long inputTokens, long maxOutputTokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(maxOutputTokens);
        bool priced = LlmPricing.TryGetPrice(model, out ModelPrice? price);
        decimal min = price?.Cost(new LlmUsage(inputTokens, 0)) ?? 0m;
        decimal max = price?.Cost(new LlmUsage(inputTokens, maxOutputTokens)) ?? 0m;
        LlmCostContext? context = LlmCostContext.Current;
        BudgetSubject subject = new(price?.Provider ?? string.Empty, model, context?.Project ?? DefaultProject, context?.SessionId, context?.Tags ?? [], Operation: null);
        List<LlmBudgetStatus> applicable = Volatile.Read(ref s_ledger)?.Status(subject.Matches) ?? [];
        bool fits = priced
            ? applicable.All(s => (s.Budget.Period == BudgetPeriod.PerCall ? max : s.SpentUsd + s.ReservedUsd + max) <= s.Budget.LimitUsd)
            : !applicable.Any(s => s.Budget.HardLimit);
        return new LlmCostEstimate(model, priced, min, max, fits, applicable);
    }

    /// <summary>Records one call to every sink. Never throws.</summary>
    public static void Record(in LlmCallRecord record) => Record(record, responseModel: null);

    /// <summary>Flushes every sink; a sink that fails is reported on <see cref="Error"/>, not thrown.</summary>
    public static async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        // The records first: a webhook retrying an alert can take a minute, and a caller's shutdown token must not
        // run out on it while records are still unwritten.
        TrackerState state = Volatile.Read(ref s_state);
        foreach (ILlmCostSink sink in state.Sinks)
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
                ReportError(LlmCostErrorKind.SinkFailed, $"Sink {sink.GetType().Name} failed to flush: {exception.Message}", exception);
            }
        }

        if (state.Budgets is { } budgets)
        {
            await budgets.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The budgets, or null when there are none (the one read admission makes then).</summary>
    internal static BudgetLedger? Ledger => Volatile.Read(ref s_ledger);

    /// <summary>Adds a budget declared after <see cref="Configure"/> (a module initializer of a library loaded later).</summary>
    internal static void Declare(LlmBudget budget, Action<LlmBudget> remember)
    {
        lock (s_configureGate)
        {
            remember(budget);
            if (Volatile.Read(ref s_state).Budgets is { } budgets)
            {
                budgets.Add(budget);
                Volatile.Write(ref s_ledger, budgets.Ledger);
            }
        }
    }

    internal static void RaiseBudgetAlert(LlmBudgetAlertEventArgs alert)
    {
        try
        {
            ILogger? logger = Volatile.Read(ref s_state).Logger;
            logger?.Log(
                alert.Level == BudgetAlertLevel.Warning ? LogLevel.Warning : LogLevel.Error,
                "CostInstrumentation budget {Level}: {Source} has spent {SpentUsd} of {LimitUsd} USD ({Threshold:P0}) in the {Period} period from {PeriodStartUtc:u}",
                alert.Level,
                alert.Budget.Source ?? $"the {alert.Budget.Scope} budget {alert.Budget.ScopeValue}",
                alert.SpentUsd,
                alert.LimitUsd,
                alert.Threshold,
                alert.Budget.Period,
                alert.PeriodStartUtc);
        }
        catch (Exception)
        {
            // A logger that throws must not break the metered call.
        }

        try
        {
            BudgetAlert?.Invoke(null, alert);
        }
        catch (Exception)
        {
            // Nor an alert handler that throws.
        }
    }

    internal static void Record(in LlmCallRecord record, string? responseModel, BudgetReservation? reservation = null)
    {
        try
        {
            Volatile.Read(ref s_ledger)?.Settle(record, reservation);
        }
        catch (Exception exception)
        {
            ReportError(LlmCostErrorKind.SinkFailed, $"Counting a call of {record.Operation} against its budgets failed: {exception.Message}", exception);
        }
        finally
        {
            reservation?.Release();
        }

        foreach (ILlmCostSink sink in Volatile.Read(ref s_state).Sinks)
        {
            try
            {
                sink.Write(record);
            }
            catch (Exception exception)
            {
                Interlocked.Increment(ref s_failedWrites);
                ReportError(LlmCostErrorKind.SinkFailed, $"Sink {sink.GetType().Name} failed to write a record of {record.Operation}: {exception.Message}", exception);
            }
        }

        try
        {
            LlmCostMetrics.Record(record, responseModel);
        }
        catch (Exception exception)
        {
            ReportError(LlmCostErrorKind.SinkFailed, "Recording metrics failed: " + exception.Message, exception);
        }
    }

    /// <summary>Reports a problem once per <paramref name="onceKey"/> (every time when null).</summary>
    internal static void ReportError(LlmCostErrorKind kind, string message, Exception? exception = null, string? onceKey = null)
    {
        if (onceKey is not null)
        {
            if (s_reportedOnce.ContainsKey((kind, onceKey)))
            {
                return;
            }

            // Count takes every lock of the map: read it only until the bound is reached, then remember that it was.
            if (Volatile.Read(ref s_reportedOnceFull) || (s_reportedOnce.Count >= MaxReportedOnce && (s_reportedOnceFull = true)))
            {
                // One last report says so; after it the map stays at its bound and these problems go unreported.
                if (!s_reportedOnce.TryAdd((kind, string.Empty), 0))
                {
                    return;
                }

                message = $"More than {MaxReportedOnce} distinct problems reported once each (models, call sites); further {kind} problems are not reported. This one: {message}";
            }
            else if (!s_reportedOnce.TryAdd((kind, onceKey), 0))
            {
                return;
            }
        }

        try
        {
            Volatile.Read(ref s_state).Logger?.LogError(exception, "CostInstrumentation {Kind}: {Message}", kind, message);
        }
        catch (Exception)
        {
            // A logger that throws must not break the metered call.
        }

        try
        {
            Error?.Invoke(null, new LlmCostErrorEventArgs(kind, message, exception));
        }
        catch (Exception)
        {
            // An error handler that throws must not break the metered call either.
        }
    }

    /// <summary>Forgets which once-only problems were reported (tests).</summary>
    internal static void ClearReportedOnce()
    {
        s_reportedOnce.Clear();
        Volatile.Write(ref s_reportedOnceFull, false);
    }

    /// <summary>How many once-only problems are remembered (tests).</summary>
    internal static int ReportedOnceCount => s_reportedOnce.Count;

    private sealed record TrackerState(ILlmCostSink[] Sinks, string? DefaultProject, ILogger? Logger, TrackerBudgets? Budgets, IAsyncDisposable[] OwnedSinks);
}
