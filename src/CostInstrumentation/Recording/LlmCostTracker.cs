namespace CostInstrumentation;

/// <summary>
/// The process-wide metering configuration that generated shims record to: a facade over one immutable
/// <see cref="LlmCostPipeline"/>, which <see cref="Configure"/> replaces whole (a volatile reference, so a shim pays one
/// read for it). Every failure is contained and reported on <see cref="Error"/>, never to the caller.
/// </summary>
public static class LlmCostTracker
{
    /// <summary>How long the previous configuration's sinks stay open after <see cref="Configure"/> replaced them.</summary>
    private static readonly TimeSpan ReconfigureGrace = TimeSpan.FromMilliseconds(250);

    // One delegate each, so a pipeline lent by its owner (Use) can be unsubscribed when it is handed back.
    private static readonly EventHandler<LlmCostErrorEventArgs> s_forwardError = static (_, error) => Error?.Invoke(null, error);
    private static readonly EventHandler<LlmBudgetAlertEventArgs> s_forwardAlert = static (_, alert) => BudgetAlert?.Invoke(null, alert);

    private static LlmCostPipeline s_current = LlmCostPipeline.Unconfigured(Subscribe);
    private static long s_failedWritesOfReplaced;
    private static readonly Lock s_swap = new();
    private static LlmCostPipeline? s_lent;

    /// <summary>Raised for every metering problem (sink failures, unpriced models once per model, invalid usage, …).</summary>
    public static event EventHandler<LlmCostErrorEventArgs>? Error;

    /// <summary>
    /// Raised once per budget, period and threshold when a budget's spend reaches a <see cref="LlmBudget.WarnAt"/>
    /// fraction or its limit, on the thread that recorded the call (a handler that throws is reported, not thrown). Also
    /// logged, stored in <c>budget_alerts</c> and posted to the webhook when those are configured.
    /// </summary>
    public static event EventHandler<LlmBudgetAlertEventArgs>? BudgetAlert;

    /// <summary>How many sink writes have failed since start-up.</summary>
    public static long FailedWrites => Interlocked.Read(ref s_failedWritesOfReplaced) + Current.FailedWrites;

    /// <summary>The project recorded for calls that name none.</summary>
    public static string? DefaultProject => Current.DefaultProject;

    /// <summary>The pipeline calls are recorded to now.</summary>
    internal static LlmCostPipeline Current => Volatile.Read(ref s_current);

    /// <summary>
    /// Replaces the configuration: sinks, defaults and budgets. Budgets start from the spend their current period has in
    /// the SQLite database when one is configured, else from zero. When the new configuration cannot be built, the
    /// previous one stays in force, whole.
    /// </summary>
    public static void Configure(Action<LlmCostOptions> configure)
    {
        LlmCostOptions options = LlmCostPipeline.Options(configure, Current.Errors);
        Replace(LlmDeclaredBudgets.Build(declared => new LlmCostPipeline(options, declared, Subscribe)), lent: false);
    }

    /// <summary>
    /// Makes <paramref name="pipeline"/>, built and owned elsewhere (dependency injection's), the one generated shims
    /// record to and the tracker's events report, until the returned handle is disposed: then the tracker records to no
    /// sink again, unless <see cref="Configure"/> or another <see cref="Use"/> replaced it meanwhile. The tracker never
    /// disposes a pipeline it was lent; the one it replaces is retired as <see cref="Configure"/> retires it.
    /// </summary>
    public static IDisposable Use(LlmCostPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        Subscribe(pipeline);
        Replace(pipeline, lent: true);
        return new Lease(pipeline);
    }

    /// <summary>Every budget in force and where it stands in its current period.</summary>
    public static IReadOnlyList<LlmBudgetStatus> GetBudgetStatus() => Current.GetBudgetStatus();

    /// <inheritdoc cref="LlmCostPipeline.Estimate"/>
    public static LlmCostEstimate Estimate(string model, long inputTokens, long maxOutputTokens) => Current.Estimate(model, inputTokens, maxOutputTokens);

    /// <summary>Records one call to every sink. Never throws.</summary>
    public static void Record(in LlmCallRecord record) => Current.Record(record);

    /// <summary>Flushes every sink; a sink that fails is reported on <see cref="Error"/>, not thrown.</summary>
    public static ValueTask FlushAsync(CancellationToken cancellationToken = default) => Current.FlushAsync(cancellationToken);

    /// <inheritdoc cref="LlmCostPipeline.SendTestAlertAsync(CancellationToken)"/>
    public static Task<IReadOnlyList<LlmAlertTestResult>> SendTestAlertAsync(CancellationToken cancellationToken = default) => Current.SendTestAlertAsync(cancellationToken);

    /// <summary>Reports a problem of a component that has no pipeline of its own (the SQLite sink) to the configured one.</summary>
    internal static void ReportError(LlmCostErrorKind kind, string message, Exception? exception = null, string? onceKey = null) =>
        Current.Errors.Report(kind, message, exception, onceKey);

    private static void Subscribe(LlmCostPipeline pipeline)
    {
        pipeline.Error += s_forwardError;
        pipeline.BudgetAlert += s_forwardAlert;
    }

    /// <summary>Swaps <paramref name="next"/> in (only while <paramref name="onlyReplacing"/> is current, when given).</summary>
    private static void Replace(LlmCostPipeline next, bool lent, LlmCostPipeline? onlyReplacing = null)
    {
        LlmCostPipeline previous;
        lock (s_swap)
        {
            if (onlyReplacing is not null && !ReferenceEquals(s_current, onlyReplacing))
            {
                return;
            }

            previous = Interlocked.Exchange(ref s_current, next);
            LlmCostPipeline? previousLent = s_lent;
            s_lent = lent ? next : null;
            if (ReferenceEquals(previous, previousLent))
            {
                // Its owner closes it; the tracker only stops reporting its events.
                previous.Error -= s_forwardError;
                previous.BudgetAlert -= s_forwardAlert;
                Interlocked.Add(ref s_failedWritesOfReplaced, previous.FailedWrites);
                return;
            }
        }

        // Kept in the total; a write that fails on the previous pipeline during its grace period is not counted.
        Interlocked.Add(ref s_failedWritesOfReplaced, previous.FailedWrites);

        // What the old configuration made is closed in the background: its sinks write the records they hold, alerts still
        // queued are written or given up; sinks the caller added are the caller's.
        _ = Task.Run(() => RetireAsync(previous));
    }

    private static async Task RetireAsync(LlmCostPipeline previous)
    {
        // A call that read the previous pipeline just before the swap may still be writing to its sinks or raising its
        // alerts: give it a moment, rather than drop its record as written to a disposed sink.
        await Task.Delay(ReconfigureGrace).ConfigureAwait(false);
        await previous.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Hands a lent pipeline back: the tracker returns to recording nowhere, if it still records to that one.</summary>
    private sealed class Lease(LlmCostPipeline pipeline) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Replace(LlmCostPipeline.Unconfigured(Subscribe), lent: false, onlyReplacing: pipeline);
            }
        }
    }
}
