using System.ComponentModel;
using System.Diagnostics;

namespace CostInstrumentation;

// The run-time half of a generated shim, for one pipeline: admission against its budgets, and turning what the shim
// observed into one LlmCallRecord. LlmCallMeter calls these on the configured pipeline; an adapter that meters calls
// against a pipeline it owns (middleware, dependency injection) calls them directly. None of them throws into the
// metered call, except Admit's refusal.
public sealed partial class LlmCostPipeline
{
    private static WallClock s_wallClock = WallClock.Now();

    /// <inheritdoc cref="LlmCallMeter.Admit"/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public LlmAdmission Admit(MeteredCallSite site, string? requestModel, string? sessionId)
    {
        MeteredCallScope? scope = MeteredCallScope.Enter(site, out MeteredCallScope? deferTo);
        if (deferTo is not null)
        {
            return new LlmAdmission(requestModel, null, MeteredCallScope.Begin(scope), deferTo); // The shim checked the budgets.
        }

        if (Ledger is not { Accounts.Length: > 0 } ledger)
        {
            return new LlmAdmission(requestModel, null, MeteredCallScope.Begin(scope));
        }

        BudgetExceededException refusal;
        string model = site.Model ?? requestModel ?? string.Empty;
        try
        {
            if (Reserve(ledger, site, model, sessionId, out BudgetAccount? blockedBy, out long used, out long estimate) is { } reservation)
            {
                return new LlmAdmission(requestModel, reservation, MeteredCallScope.Begin(scope));
            }

            if (site.Model is null && requestModel is not null && blockedBy!.Budget.Fallback is { } fallback && fallback != model
                && Reserve(ledger, site, fallback, sessionId, out _, out _, out _) is { } fallbackReservation)
            {
                return new LlmAdmission(fallback, fallbackReservation, MeteredCallScope.Begin(scope));
            }

            BudgetAccount.PeriodTotals totals = blockedBy!.Current(ledger.Clock.GetUtcNow());
            refusal = new BudgetExceededException(blockedBy.Budget, NanoUsd.ToUsd(used), NanoUsd.ToUsd(estimate), blockedBy.IsPerCall ? ledger.Clock.GetUtcNow() : totals.Start);
        }
        catch (Exception exception)
        {
            // A failure of the budget check itself lets the call through: metering must not break it.
            Errors.Report(LlmCostErrorKind.BudgetCheckFailed, $"Checking {site.Operation} against its budgets failed; the call is let through: {exception.Message}", exception);
            return new LlmAdmission(requestModel, null, MeteredCallScope.Begin(scope));
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

    /// <inheritdoc cref="LlmCallMeter.Completed"/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void Completed(MeteredCallSite site, long startTimestamp, LlmUsage? usage, string? requestModel, string? responseModel, string? sessionId, LlmAdmission admission)
    {
        try
        {
            if (RecordsHere(admission, ref usage, ref responseModel, complete: true))
            {
                Record(site, startTimestamp, usage, requestModel, responseModel, sessionId, LlmCallOutcome.Ok, errorType: null, admission.Reservation);
            }
        }
        catch (Exception exception)
        {
            MeteringFailed(site, exception, admission.Reservation);
        }
    }

    /// <inheritdoc cref="LlmCallMeter.Failed"/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void Failed(MeteredCallSite site, long startTimestamp, Exception exception, string? requestModel, string? sessionId, LlmAdmission admission)
    {
        try
        {
            if (!RecordsHere(admission))
            {
                return;
            }

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

    /// <inheritdoc cref="LlmCallMeter.StreamEnded"/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void StreamEnded(MeteredCallSite site, long startTimestamp, LlmUsage? usage, bool finalUsageSeen, string? requestModel, string? responseModel, string? sessionId, LlmCallOutcome outcome, LlmAdmission admission)
    {
        try
        {
            bool usageSeen = usage is not null;
            if (!RecordsHere(admission, ref usage, ref responseModel, complete: finalUsageSeen))
            {
                return;
            }

            // Usage a middleware inside the stream reported completely stands for the final report the stream lacked.
            finalUsageSeen |= !usageSeen && usage is not null;
            Record(site, startTimestamp, usage, requestModel, responseModel, sessionId, outcome, errorType: null, admission.Reservation, finalUsageSeen ? Billing.Usage : Billing.PartialUsage);
        }
        catch (Exception exception)
        {
            MeteringFailed(site, exception, admission.Reservation);
        }
    }

    /// <inheritdoc cref="LlmCallMeter.StreamFailed"/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void StreamFailed(MeteredCallSite site, long startTimestamp, Exception exception, LlmUsage? usageSeen, bool started, bool finalUsageSeen, string? requestModel, string? responseModel, string? sessionId, LlmAdmission admission)
    {
        try
        {
            if (!RecordsHere(admission))
            {
                return;
            }

            bool cancelled = exception is OperationCanceledException;
            Billing billing = !cancelled && !started ? Billing.NotBilled : finalUsageSeen ? Billing.Usage : Billing.PartialUsage;
            Record(site, startTimestamp, usageSeen, requestModel, responseModel, sessionId, cancelled ? LlmCallOutcome.Cancelled : LlmCallOutcome.Error, exception.GetType().FullName, admission.Reservation, billing);
        }
        catch (Exception meteringFailure)
        {
            MeteringFailed(site, meteringFailure, admission.Reservation);
        }
    }

    /// <summary>
    /// Whether the call is recorded by this layer (<see cref="MeteredCallScope"/> has the rules). A middleware's call inside a
    /// shim's hands <paramref name="usage"/> to it when <paramref name="complete"/>; a shim's call whose response carried no
    /// usage takes what middlewares inside it saw; a middleware's call an inner shim recorded gives back its reservation.
    /// </summary>
    private static bool RecordsHere(in LlmAdmission admission, ref LlmUsage? usage, ref string? responseModel, bool complete)
    {
        if (admission.Scope is not { } scope)
        {
            return true;
        }

        scope.End();
        if (admission.DeferredTo is { } meteredCall)
        {
            if (complete && usage is { } seen)
            {
                meteredCall.Observe(seen, responseModel);
            }

            return false;
        }

        if (scope.Claimed)
        {
            admission.Reservation?.Release();
            return false;
        }

        if (usage is null && scope.Observed(out string? observedModel) is { } observed)
        {
            usage = observed;
            responseModel ??= observedModel;
        }

        return true;
    }

    /// <summary>Whether a call that threw is recorded by this layer: it carries no usage to hand on.</summary>
    private static bool RecordsHere(in LlmAdmission admission)
    {
        LlmUsage? none = null;
        string? noModel = null;
        return RecordsHere(admission, ref none, ref noModel, complete: false);
    }

    private void MeteringFailed(MeteredCallSite? site, Exception exception, BudgetReservation? reservation)
    {
        reservation?.Release(); // A call that could not be recorded must not hold its reservation for ever.
        Errors.Report(LlmCostErrorKind.MeteringFailed, $"Metering {site?.Operation ?? "a call"} failed: {exception.Message}", exception);
    }

    /// <summary>Reserves the estimate of a call of <paramref name="model"/> against the budgets it falls under.</summary>
    private BudgetReservation? Reserve(BudgetLedger ledger, MeteredCallSite site, string model, string? sessionId, out BudgetAccount? blockedBy, out long usedNano, out long estimateNano)
    {
        CallIdentity call = CallIdentity.Resolve(site, model, responseModel: null, sessionId, DefaultProject);
        return ledger.TryReserve(call.Subject, call.Price, site.ServiceTier, out blockedBy, out usedNano, out estimateNano);
    }

    private void Record(MeteredCallSite site, long startTimestamp, LlmUsage? usage, string? requestModel, string? responseModel, string? sessionId, LlmCallOutcome outcome, string? errorType, BudgetReservation? reservation, Billing? billing = null)
    {
        long endTimestamp = Stopwatch.GetTimestamp();
        TimeSpan duration = Stopwatch.GetElapsedTime(startTimestamp, endTimestamp);
        string model = site.Model ?? requestModel ?? responseModel ?? string.Empty;
        CallIdentity call = CallIdentity.Resolve(site, model, responseModel, sessionId, DefaultProject);
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
                Errors.Report(LlmCostErrorKind.UsageUnavailable, $"{site.Operation} at {site.CallSite}: {pricingError} Its cost is recorded as unknown.", onceKey: site.CallSite);
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
            Errors.Report(LlmCostErrorKind.InvalidUsage, $"{site.Operation} at {site.CallSite}: {invalid} Its cost is recorded as unknown.");
        }
        else if (call.Price is null)
        {
            pricingError = model.Length == 0 ? "The model could not be determined." : $"Model '{model}' is in no price table.";
            Errors.Report(LlmCostErrorKind.ModelNotPriced, $"{pricingError} Calls to it are recorded with an unknown cost; add it to a pricing file.", onceKey: model);
        }
        else
        {
            cost = call.Price.Cost(tokens, site.ServiceTier);
        }

        LlmCallRecord record = new()
        {
            TimestampUtc = WallTime(startTimestamp, endTimestamp),
            Provider = call.Subject.Provider,
            Model = model,
            Operation = site.Operation,
            CallSite = site.CallSite,
            Project = call.Subject.Project,
            SessionId = call.Subject.SessionId,
            Tags = call.Subject.Tags,
            Usage = tokens,
            CostUsd = cost,
            CostIsLowerBound = partial && cost is not null,
            Duration = duration,
            Outcome = outcome,
            ErrorType = errorType,
            PricingError = pricingError,
            PricingVersion = LlmPricing.VersionOf(call.Price),
            ServiceTier = site.ServiceTier == ServiceTier.Standard ? null : site.ServiceTierName,
            HoldId = reservation?.HoldId ?? Guid.Empty,
        };
        Record(record, responseModel, reservation);
    }

    /// <summary>
    /// The UTC time of <paramref name="timestamp"/>, from the monotonic clock and a wall-clock reading taken
    /// at most a minute earlier: one clock read per call instead of two (each costs ~25 ns on a VM), and
    /// re-read every minute so clock adjustments are followed. Process-wide: it caches the system clock, not configuration.
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
}
