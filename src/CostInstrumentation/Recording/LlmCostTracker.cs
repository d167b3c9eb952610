using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CostInstrumentation;

/// <summary>
/// Where metered calls are recorded: fans each record out to the configured sinks, feeds the metrics,
/// and contains every failure — a sink that throws is reported on <see cref="Error"/>, never to the caller.
/// </summary>
public static class LlmCostTracker
{
    private static readonly ConcurrentDictionary<string, byte> s_reportedOnce = new(StringComparer.Ordinal);
    private static TrackerState s_state = new([], null, null);
    private static long s_failedWrites;

    /// <summary>Raised for every metering problem (sink failures, unpriced models once per model, invalid usage).</summary>
    public static event EventHandler<LlmCostErrorEventArgs>? Error;

    /// <summary>How many sink writes have failed since start-up.</summary>
    public static long FailedWrites => Interlocked.Read(ref s_failedWrites);

    /// <summary>The project recorded for calls that name none.</summary>
    public static string? DefaultProject => Volatile.Read(ref s_state).DefaultProject;

    /// <summary>Replaces the configuration: sinks and defaults.</summary>
    public static void Configure(Action<LlmCostOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        LlmCostOptions options = new();
        configure(options);
        Volatile.Write(ref s_state, new TrackerState([.. options.Sinks], options.DefaultProject, options.Logger));
    }

    /// <summary>Records one call to every sink. Never throws.</summary>
    public static void Record(in LlmCallRecord record) => Record(record, responseModel: null);

    /// <summary>Flushes every sink; a sink that fails is reported on <see cref="Error"/>, not thrown.</summary>
    public static async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        foreach (ILlmCostSink sink in Volatile.Read(ref s_state).Sinks)
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
    }

    internal static void Record(in LlmCallRecord record, string? responseModel)
    {
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
        if (onceKey is not null && !s_reportedOnce.TryAdd(kind + ":" + onceKey, 0))
        {
            return;
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

    private sealed record TrackerState(ILlmCostSink[] Sinks, string? DefaultProject, ILogger? Logger);
}
