using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CostInstrumentation;

/// <summary>
/// Reports the metering problems of one <see cref="LlmCostPipeline"/>: to its logger (with the kind as event id) and to
/// <paramref name="raise"/>. Problems keyed by a run-time value (a model name, a call site) are reported once per key,
/// and the keys remembered are bounded.
/// </summary>
internal sealed class LlmCostErrorReporter(ILogger? logger, Action<LlmCostErrorEventArgs> raise)
{
    /// <summary>How many distinct once-only problems are remembered; beyond it they are no longer reported.</summary>
    internal const int MaxReportedOnce = 10_000;

    private readonly ConcurrentDictionary<(LlmCostErrorKind Kind, string Key), byte> _reportedOnce = new();
    private bool _reportedOnceFull;

    internal ILogger? Logger => logger;

    /// <summary>Reports a problem once per <paramref name="onceKey"/> (every time when null). Never throws.</summary>
    internal void Report(LlmCostErrorKind kind, string message, Exception? exception = null, string? onceKey = null)
    {
        if (onceKey is not null)
        {
            if (_reportedOnce.ContainsKey((kind, onceKey)))
            {
                return;
            }

            // Count takes every lock of the map: read it only until the bound is reached, then remember that it was.
            if (Volatile.Read(ref _reportedOnceFull) || (_reportedOnce.Count >= MaxReportedOnce && (_reportedOnceFull = true)))
            {
                // One last report says so; after it the map stays at its bound and these problems go unreported.
                if (!_reportedOnce.TryAdd((kind, string.Empty), 0))
                {
                    return;
                }

                message = $"More than {MaxReportedOnce} distinct problems reported once each (models, call sites); further {kind} problems are not reported. This one: {message}";
            }
            else if (!_reportedOnce.TryAdd((kind, onceKey), 0))
            {
                return;
            }
        }

        try
        {
            logger?.LogError(new EventId((int)kind + 1, kind.ToString()), exception, "CostInstrumentation {Kind}: {Message}", kind, message);
        }
        catch (Exception loggerFailure)
        {
            Raise(new LlmCostErrorEventArgs(kind, message, exception));
            ReportLoggerFailure($"the {kind} problem", loggerFailure);
            return;
        }

        Raise(new LlmCostErrorEventArgs(kind, message, exception));
    }

    /// <summary>Reports that the logger threw while writing <paramref name="what"/>: raised only, not logged again.</summary>
    internal void ReportLoggerFailure(string what, Exception failure) =>
        Raise(new LlmCostErrorEventArgs(LlmCostErrorKind.LoggerFailed, $"The logger failed to write {what}: {failure.Message}", failure));

    private void Raise(LlmCostErrorEventArgs error)
    {
        try
        {
            raise(error);
        }
        catch (Exception)
        {
            // An error handler that throws must not break the metered call; there is nowhere left to report it.
        }
    }
}
