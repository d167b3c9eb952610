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

    /// <summary>A timestamp for <see cref="Completed"/> / <see cref="Failed"/>.</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    /// <summary>Records a call that returned; <paramref name="usage"/> is null when the response carried none.</summary>
    public static void Completed(MeteredCallSite site, long startTimestamp, LlmUsage? usage, string? requestModel, string? responseModel, string? sessionId)
    {
        try
        {
            Record(site, startTimestamp, usage, requestModel, responseModel, sessionId, LlmCallOutcome.Ok, errorType: null);
        }
        catch (Exception exception)
        {
            MeteringFailed(site, exception);
        }
    }

    /// <summary>Records a call that threw (outcome error, or cancelled for <see cref="OperationCanceledException"/>).</summary>
    public static void Failed(MeteredCallSite site, long startTimestamp, Exception exception, string? requestModel, string? sessionId)
    {
        try
        {
            LlmCallOutcome outcome = exception is OperationCanceledException ? LlmCallOutcome.Cancelled : LlmCallOutcome.Error;
            // A cancelled request may have been billed for what the provider processed: unknown, not $0.
            LlmUsage? usage = outcome == LlmCallOutcome.Cancelled ? null : new LlmUsage(0, 0);
            Record(site, startTimestamp, usage, requestModel, responseModel: null, sessionId, outcome, exception.GetType().FullName);
        }
        catch (Exception meteringFailure)
        {
            MeteringFailed(site, meteringFailure);
        }
    }

    /// <summary>
    /// For a generated exception filter: records the failure and returns <see langword="false"/>, so the
    /// exception continues to the caller untouched.
    /// </summary>
    public static bool ObserveFailure(MeteredCallSite site, long startTimestamp, Exception exception, string? requestModel, string? sessionId)
    {
        Failed(site, startTimestamp, exception, requestModel, sessionId);
        return false;
    }

    /// <summary>Records a stream that ended (or was abandoned: <paramref name="outcome"/> cancelled) with the usage seen so far.</summary>
    public static void StreamEnded(MeteredCallSite site, long startTimestamp, LlmUsage? usage, string? requestModel, string? responseModel, string? sessionId, LlmCallOutcome outcome)
    {
        try
        {
            Record(site, startTimestamp, usage, requestModel, responseModel, sessionId, outcome, errorType: null);
        }
        catch (Exception exception)
        {
            MeteringFailed(site, exception);
        }
    }

    /// <summary>Records a stream that threw part-way: the usage seen so far, outcome error or cancelled.</summary>
    public static void StreamFailed(MeteredCallSite site, long startTimestamp, Exception exception, LlmUsage? usageSeen, string? requestModel, string? responseModel, string? sessionId)
    {
        try
        {
            bool cancelled = exception is OperationCanceledException;
            Record(site, startTimestamp, cancelled ? usageSeen : new LlmUsage(0, 0), requestModel, responseModel, sessionId, cancelled ? LlmCallOutcome.Cancelled : LlmCallOutcome.Error, exception.GetType().FullName);
        }
        catch (Exception meteringFailure)
        {
            MeteringFailed(site, meteringFailure);
        }
    }

    private static void MeteringFailed(MeteredCallSite site, Exception exception) =>
        LlmCostTracker.ReportError(LlmCostErrorKind.SinkFailed, $"Metering {site.Operation} failed: {exception.Message}", exception);

    private static void Record(MeteredCallSite site, long startTimestamp, LlmUsage? usage, string? requestModel, string? responseModel, string? sessionId, LlmCallOutcome outcome, string? errorType)
    {
        long endTimestamp = Stopwatch.GetTimestamp();
        TimeSpan duration = Stopwatch.GetElapsedTime(startTimestamp, endTimestamp);
        string model = site.Model ?? requestModel ?? responseModel ?? string.Empty;
        ModelPrice? price = site.Model is not null && site.Price is not null ? site.Price : Lookup(model, responseModel);
        string? pricingError = null;
        decimal? cost = null;
        LlmUsage tokens = usage ?? default;
        if (outcome is LlmCallOutcome.Ok or LlmCallOutcome.Cancelled)
        {
            if (usage is null)
            {
                pricingError = "The response carried no token usage.";
                if (outcome == LlmCallOutcome.Ok)
                {
                    LlmCostTracker.ReportError(LlmCostErrorKind.UsageUnavailable, $"{site.Operation} at {site.CallSite}: the response carried no token usage; its cost is recorded as unknown.", onceKey: site.CallSite);
                }
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
        }
        else
        {
            cost = 0m; // Providers do not bill a request that failed with an error response.
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
            Duration = duration,
            Outcome = outcome,
            ErrorType = errorType,
            PricingError = pricingError,
            PricingVersion = LlmPricing.Version,
            ServiceTier = site.ServiceTier == ServiceTier.Standard ? null : site.ServiceTierName,
        };
        LlmCostTracker.Record(record, responseModel);
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
