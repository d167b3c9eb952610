using System.ComponentModel;
using System.Diagnostics;

namespace CostInstrumentation;

/// <summary>
/// The run-time half of a generated shim: turns what the shim observed into one <see cref="LlmCallRecord"/>
/// and hands it to <see cref="LlmCostTracker"/>. Never throws: metering must not change the call.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LlmCallMeter
{
    private static WallClock s_wallClock = WallClock.Now();

    /// <summary>
    /// Called by the shim before the call: reserves the call's estimated cost against its budgets and returns the model
    /// to call. When a hard limit would be exceeded, the call is switched to the budget's fallback model (only when the
    /// model comes from an <see cref="LlmModelAttribute"/> parameter, and the fallback fits), or recorded as
    /// <see cref="LlmCallOutcome.Blocked"/> and refused. With no budgets this is one volatile read.
    /// </summary>
    /// <exception cref="BudgetExceededException">A hard limit would be exceeded and no fallback fits.</exception>
    public static LlmAdmission Admit(MeteredCallSite site, string? requestModel, string? sessionId)
    {
        if (LlmCostTracker.Ledger is not { } ledger)
        {
            return new LlmAdmission(requestModel, null);
        }

        BudgetExceededException refusal;
        string model = site.Model ?? requestModel ?? string.Empty;
        try
        {
            if (Reserve(ledger, site, model, sessionId, out BudgetAccount? blockedBy, out long used, out long estimate) is { } reservation)
            {
                return new LlmAdmission(requestModel, reservation);
            }

            if (site.Model is null && requestModel is not null && blockedBy!.Budget.Fallback is { } fallback && fallback != model
                && Reserve(ledger, site, fallback, sessionId, out _, out _, out _) is { } fallbackReservation)
            {
                return new LlmAdmission(fallback, fallbackReservation);
            }

            BudgetAccount.PeriodTotals totals = blockedBy!.Current(ledger.Clock.GetUtcNow());
            refusal = new BudgetExceededException(blockedBy.Budget, NanoUsd.ToUsd(used), NanoUsd.ToUsd(estimate), blockedBy.IsPerCall ? ledger.Clock.GetUtcNow() : totals.Start);
        }
        catch (Exception exception)
        {
            // A failure of the budget check itself lets the call through: metering must not break it.
            MeteringFailed(site, exception, reservation: null);
            return new LlmAdmission(requestModel, null);
        }

        try
        {
            Record(site, Stopwatch.GetTimestamp(), usage: null, requestModel, responseModel: null, sessionId, LlmCallOutcome.Blocked, refusal.GetType().FullName, reservation: null);
        }
        catch (Exception exception)
        {
            MeteringFailed(site, exception, reservation: null);
        }

        throw refusal;
    }

    /// <summary>A timestamp for <see cref="Completed"/> / <see cref="Failed"/>.</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    /// <summary>Records a call that returned; <paramref name="usage"/> is null when the response carried none.</summary>
    public static void Completed(MeteredCallSite site, long startTimestamp, LlmUsage? usage, string? requestModel, string? responseModel, string? sessionId, LlmAdmission admission)
    {
        try
        {
            Record(site, startTimestamp, usage, requestModel, responseModel, sessionId, LlmCallOutcome.Ok, errorType: null, admission.Reservation);
        }
        catch (Exception exception)
        {
            MeteringFailed(site, exception, admission.Reservation);
        }
    }

    /// <summary>Records a call that threw (outcome error, or cancelled for <see cref="OperationCanceledException"/>).</summary>
    public static void Failed(MeteredCallSite site, long startTimestamp, Exception exception, string? requestModel, string? sessionId, LlmAdmission admission)
    {
        try
        {
            LlmCallOutcome outcome = exception is OperationCanceledException ? LlmCallOutcome.Cancelled : LlmCallOutcome.Error;
            // A cancelled request may have been billed for what the provider processed: unknown, not $0.
            LlmUsage? usage = outcome == LlmCallOutcome.Cancelled ? null : new LlmUsage(0, 0);
            Record(site, startTimestamp, usage, requestModel, responseModel: null, sessionId, outcome, exception.GetType().FullName, admission.Reservation);
        }
        catch (Exception meteringFailure)
        {
            MeteringFailed(site, meteringFailure, admission.Reservation);
        }
    }

    /// <summary>
    /// For a generated exception filter: records the failure and returns <see langword="false"/>, so the
    /// exception continues to the caller untouched.
    /// </summary>
    public static bool ObserveFailure(MeteredCallSite site, long startTimestamp, Exception exception, string? requestModel, string? sessionId, LlmAdmission admission)
    {
        Failed(site, startTimestamp, exception, requestModel, sessionId, admission);
        return false;
    }

    /// <summary>
    /// Records a stream that ended (<paramref name="outcome"/> ok or incomplete) or was abandoned (cancelled) with the usage
    /// seen so far. Without <paramref name="finalUsageSeen"/> that usage is partial: its cost is a lower bound, or unknown
    /// when no input was seen.
    /// </summary>
    public static void StreamEnded(MeteredCallSite site, long startTimestamp, LlmUsage? usage, bool finalUsageSeen, string? requestModel, string? responseModel, string? sessionId, LlmCallOutcome outcome, LlmAdmission admission)
    {
        try
        {
            Record(site, startTimestamp, usage, requestModel, responseModel, sessionId, outcome, errorType: null, admission.Reservation, finalUsageSeen ? Billing.Usage : Billing.PartialUsage);
        }
        catch (Exception exception)
        {
            MeteringFailed(site, exception, admission.Reservation);
        }
    }

    /// <summary>
    /// Records a stream that threw part-way, outcome error or cancelled. Once it had produced an item the provider was
    /// generating, so the usage seen is priced (a lower bound without <paramref name="finalUsageSeen"/>); an error before
    /// the first item is an error response, which providers do not bill.
    /// </summary>
    public static void StreamFailed(MeteredCallSite site, long startTimestamp, Exception exception, LlmUsage? usageSeen, bool started, bool finalUsageSeen, string? requestModel, string? responseModel, string? sessionId, LlmAdmission admission)
    {
        try
        {
            bool cancelled = exception is OperationCanceledException;
            Billing billing = !cancelled && !started ? Billing.NotBilled : finalUsageSeen ? Billing.Usage : Billing.PartialUsage;
            Record(site, startTimestamp, usageSeen, requestModel, responseModel, sessionId, cancelled ? LlmCallOutcome.Cancelled : LlmCallOutcome.Error, exception.GetType().FullName, admission.Reservation, billing);
        }
        catch (Exception meteringFailure)
        {
            MeteringFailed(site, meteringFailure, admission.Reservation);
        }
    }

    private static void MeteringFailed(MeteredCallSite site, Exception exception, BudgetReservation? reservation)
    {
        reservation?.Release(); // A call that could not be recorded must not hold its reservation for ever.
        LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"Metering {site.Operation} failed: {exception.Message}", exception);
    }

    /// <summary>Reserves the estimate of a call of <paramref name="model"/> against the budgets it falls under.</summary>
    private static BudgetReservation? Reserve(BudgetLedger ledger, MeteredCallSite site, string model, string? sessionId, out BudgetAccount? blockedBy, out long usedNano, out long estimateNano)
    {
        ModelPrice? price = site.Model is not null && site.Price is not null ? site.Price : Lookup(model, responseModel: null);
        LlmCostContext? context = LlmCostContext.Current;
        BudgetSubject subject = new(
            site.Provider ?? price?.Provider ?? string.Empty,
            model,
            site.Project ?? context?.Project ?? LlmCostTracker.DefaultProject,
            sessionId ?? context?.SessionId,
            MergeTags(site.Tags, context?.Tags),
            site.Operation);
        return ledger.TryReserve(subject, price, site.ServiceTier, out blockedBy, out usedNano, out estimateNano);
    }

    private static void Record(MeteredCallSite site, long startTimestamp, LlmUsage? usage, string? requestModel, string? responseModel, string? sessionId, LlmCallOutcome outcome, string? errorType, BudgetReservation? reservation, Billing? billing = null)
    {
        long endTimestamp = Stopwatch.GetTimestamp();
        TimeSpan duration = Stopwatch.GetElapsedTime(startTimestamp, endTimestamp);
        string model = site.Model ?? requestModel ?? responseModel ?? string.Empty;
        ModelPrice? price = site.Model is not null && site.Price is not null ? site.Price : Lookup(model, responseModel);
        string? pricingError = null;
        decimal? cost = null;
        LlmUsage tokens = usage ?? default;
        bool partial = billing == Billing.PartialUsage;
        if ((billing ?? (outcome is LlmCallOutcome.Error or LlmCallOutcome.Blocked ? Billing.NotBilled : Billing.Usage)) == Billing.NotBilled)
        {
            cost = 0m; // Providers do not bill a request that failed with an error response.
        }
        else if (usage is null)
        {
            pricingError = partial ? "The stream ended before the provider reported its token usage." : "The response carried no token usage.";
            if (outcome is LlmCallOutcome.Ok or LlmCallOutcome.Incomplete)
            {
                LlmCostTracker.ReportError(LlmCostErrorKind.UsageUnavailable, $"{site.Operation} at {site.CallSite}: {pricingError} Its cost is recorded as unknown.", onceKey: site.CallSite);
            }
        }
        else if (partial && tokens.InputTokens == 0)
        {
            // Output alone would price the call near $0: without its input the lower bound says nothing.
            pricingError = "The stream ended before the provider reported its input tokens.";
        }
        else if (tokens.Validate() is { } invalid)
        {
            pricingError = invalid;
            LlmCostTracker.ReportError(LlmCostErrorKind.InvalidUsage, $"{site.Operation} at {site.CallSite}: {invalid} Its cost is recorded as unknown.");
        }
        else if (price is null)
        {
            pricingError = model.Length == 0 ? "The model could not be determined." : $"Model '{model}' is in no price table.";
            LlmCostTracker.ReportError(LlmCostErrorKind.ModelNotPriced, $"{pricingError} Calls to it are recorded with an unknown cost; add it to a pricing file.", onceKey: model);
        }
        else
        {
            cost = price.Cost(tokens, site.ServiceTier);
        }

        LlmCostContext? context = LlmCostContext.Current;
        LlmCallRecord record = new()
        {
            TimestampUtc = WallTime(startTimestamp, endTimestamp),
            Provider = site.Provider ?? price?.Provider ?? string.Empty,
            Model = model,
            Operation = site.Operation,
            CallSite = site.CallSite,
            Project = site.Project ?? context?.Project ?? LlmCostTracker.DefaultProject,
            SessionId = sessionId ?? context?.SessionId,
            Tags = MergeTags(site.Tags, context?.Tags),
            Usage = tokens,
            CostUsd = cost,
            CostIsLowerBound = partial && cost is not null,
            Duration = duration,
            Outcome = outcome,
            ErrorType = errorType,
            PricingError = pricingError,
            PricingVersion = LlmPricing.Version,
            ServiceTier = site.ServiceTier == ServiceTier.Standard ? null : site.ServiceTierName,
        };
        LlmCostTracker.Record(record, responseModel, reservation);
    }

    /// <summary>
    /// The UTC time of <paramref name="timestamp"/>, from the monotonic clock and a wall-clock reading taken
    /// at most a minute earlier: one clock read per call instead of two (each costs ~25 ns on a VM), and
    /// re-read every minute so clock adjustments are followed.
    /// </summary>
    private static DateTimeOffset WallTime(long timestamp, long now)
    {
        WallClock clock = s_wallClock;
        if (Stopwatch.GetElapsedTime(clock.Timestamp, now) > TimeSpan.FromMinutes(1))
        {
            s_wallClock = clock = WallClock.Now();
        }

        return clock.Time + Stopwatch.GetElapsedTime(clock.Timestamp, timestamp);
    }

    /// <summary>How a call's usage is priced.</summary>
    private enum Billing
    {
        /// <summary>The provider's usage report for the call: priced exactly (unknown when there was none).</summary>
        Usage,

        /// <summary>What a stream reported before it ended without its final usage: priced as a lower bound.</summary>
        PartialUsage,

        /// <summary>An error response or a refused call: $0.</summary>
        NotBilled,
    }

    private sealed record WallClock(long Timestamp, DateTimeOffset Time)
    {
        public static WallClock Now() => new(Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow);
    }

    private static ModelPrice? Lookup(string model, string? responseModel) =>
        model.Length > 0 && LlmPricing.TryGetPrice(model, out ModelPrice? price) ? price
        : responseModel is not null && responseModel != model && LlmPricing.TryGetPrice(responseModel, out price) ? price
        : null;

    private static IReadOnlyList<string> MergeTags(IReadOnlyList<string> siteTags, IReadOnlyList<string>? contextTags) =>
        contextTags is null || contextTags.Count == 0 ? siteTags
        : siteTags.Count == 0 ? contextTags
        : Union(siteTags, contextTags);

    // Kept apart: a lambda capturing MergeTags' parameters would allocate its closure on every call.
    private static string[] Union(IReadOnlyList<string> siteTags, IReadOnlyList<string> contextTags) =>
        [.. siteTags, .. contextTags.Where(t => !siteTags.Contains(t))];
}
