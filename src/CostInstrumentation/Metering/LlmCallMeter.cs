using System.ComponentModel;
using System.Diagnostics;

namespace CostInstrumentation;

/// <summary>
/// What generated shims call: each method hands what the shim observed to the pipeline <see cref="LlmCostTracker.Configure"/>
/// built (one volatile read), which turns it into one <see cref="LlmCallRecord"/>. Never throws: metering must not change
/// the call (except <see cref="Admit"/>'s refusal of a call a hard limit forbids).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LlmCallMeter
{
    /// <summary>
    /// Called by the shim before the call: reserves the call's estimated cost against its budgets and returns the model
    /// to call. When a hard limit would be exceeded, the call is switched to the budget's fallback model (only when the
    /// model comes from an <see cref="LlmModelAttribute"/> parameter, and the fallback fits), or recorded as
    /// <see cref="LlmCallOutcome.Blocked"/> and refused. With no budgets this is two volatile reads.
    /// </summary>
    /// <exception cref="BudgetExceededException">A hard limit would be exceeded and no fallback fits.</exception>
    public static LlmAdmission Admit(MeteredCallSite site, string? requestModel, string? sessionId) =>
        LlmCostTracker.Current.Admit(site, requestModel, sessionId);

    /// <summary>
    /// The pipeline calls are recorded to now: what a middleware given no pipeline of its own records to, read once per call
    /// like a shim's.
    /// </summary>
    public static LlmCostPipeline Current => LlmCostTracker.Current;

    /// <summary>
    /// Called by the shim once the metered method has returned (its task or stream may still be running): the caller's flow
    /// no longer counts as inside the metered call, which the method's own flow keeps seeing.
    /// </summary>
    public static void Leave(LlmAdmission admission) => MeteredCallScope.Leave(admission.Scope);

    /// <summary>A timestamp for <see cref="Completed"/> / <see cref="Failed"/>.</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    /// <summary>Records a call that returned; <paramref name="usage"/> is null when the response carried none.</summary>
    public static void Completed(MeteredCallSite site, long startTimestamp, LlmUsage? usage, string? requestModel, string? responseModel, string? sessionId, LlmAdmission admission) =>
        LlmCostTracker.Current.Completed(site, startTimestamp, usage, requestModel, responseModel, sessionId, admission);

    /// <summary>Records a call that threw (outcome error, or cancelled for <see cref="OperationCanceledException"/>).</summary>
    public static void Failed(MeteredCallSite site, long startTimestamp, Exception exception, string? requestModel, string? sessionId, LlmAdmission admission) =>
        LlmCostTracker.Current.Failed(site, startTimestamp, exception, requestModel, sessionId, admission);

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
    public static void StreamEnded(MeteredCallSite site, long startTimestamp, LlmUsage? usage, bool finalUsageSeen, string? requestModel, string? responseModel, string? sessionId, LlmCallOutcome outcome, LlmAdmission admission) =>
        LlmCostTracker.Current.StreamEnded(site, startTimestamp, usage, finalUsageSeen, requestModel, responseModel, sessionId, outcome, admission);

    /// <summary>
    /// Records a stream that threw part-way, outcome error or cancelled. Once it had produced an item the provider was
    /// generating, so the usage seen is priced (a lower bound without <paramref name="finalUsageSeen"/>); an error before
    /// the first item is an error response, which providers do not bill.
    /// </summary>
    public static void StreamFailed(MeteredCallSite site, long startTimestamp, Exception exception, LlmUsage? usageSeen, bool started, bool finalUsageSeen, string? requestModel, string? responseModel, string? sessionId, LlmAdmission admission) =>
        LlmCostTracker.Current.StreamFailed(site, startTimestamp, exception, usageSeen, started, finalUsageSeen, requestModel, responseModel, sessionId, admission);
}
