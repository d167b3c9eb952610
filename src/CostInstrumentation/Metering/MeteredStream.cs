using System.ComponentModel;

namespace CostInstrumentation;

/// <summary>
/// Reads the usage (and model) a streamed item carries, if any; generated per SDK item type. <paramref name="final"/>
/// says the item is the provider's final usage report (OpenAI's usage chunk, Anthropic's <c>message_delta</c>, an update
/// with a <c>UsageContent</c>), after which the stream's usage is complete.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate LlmUsage? StreamUsageReader<in T>(T item, out string? model, out bool final);

/// <summary>
/// Wraps a metered stream: passes every item through untouched, collects usage from the items that
/// carry it, and records the call exactly once — when the stream ends (outcome <see cref="LlmCallOutcome.Ok"/>, or
/// <see cref="LlmCallOutcome.Incomplete"/> when the final usage report never came), fails, or is abandoned early
/// (outcome <see cref="LlmCallOutcome.Cancelled"/>). Usage seen without the final report is priced as a lower bound.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MeteredStream
{
    /// <summary>Called by generated code.</summary>
    public static IAsyncEnumerable<T> Wrap<T>(IAsyncEnumerable<T> source, MeteredCallSite site, long startTimestamp, string? requestModel, string? sessionId, StreamUsageReader<T> reader, LlmAdmission admission) =>
        new Stream<T>(source, site, startTimestamp, requestModel, sessionId, reader, admission, pipeline: null);

    /// <summary>
    /// Called by a middleware metering against <paramref name="pipeline"/> (the configured one, read when the stream ends,
    /// when null).
    /// </summary>
    public static IAsyncEnumerable<T> Wrap<T>(IAsyncEnumerable<T> source, MeteredCallSite site, long startTimestamp, string? requestModel, string? sessionId, StreamUsageReader<T> reader, LlmAdmission admission, LlmCostPipeline? pipeline) =>
        new Stream<T>(source, site, startTimestamp, requestModel, sessionId, reader, admission, pipeline);

    /// <summary>
    /// Merges usage reports of one stream. Providers report cumulative counts (Anthropic sends input in
    /// its first event and running output totals after), so each count keeps its largest value.
    /// </summary>
    internal static LlmUsage Merge(LlmUsage? seen, LlmUsage next) => seen is not { } current ? next : new LlmUsage(
        Math.Max(current.InputTokens, next.InputTokens),
        Math.Max(current.OutputTokens, next.OutputTokens),
        Math.Max(current.CachedInputTokens, next.CachedInputTokens),
        Math.Max(current.CacheWriteInputTokens, next.CacheWriteInputTokens),
        Math.Max(current.ReasoningTokens, next.ReasoningTokens));

    private sealed class Stream<T>(IAsyncEnumerable<T> source, MeteredCallSite site, long start, string? requestModel, string? sessionId, StreamUsageReader<T> reader, LlmAdmission admission, LlmCostPipeline? pipeline) : IAsyncEnumerable<T>
    {
        public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
            new Enumerator<T>(source.GetAsyncEnumerator(cancellationToken), site, start, requestModel, sessionId, reader, admission, pipeline);
    }

    private sealed class Enumerator<T>(IAsyncEnumerator<T> inner, MeteredCallSite site, long start, string? requestModel, string? sessionId, StreamUsageReader<T> reader, LlmAdmission admission, LlmCostPipeline? pipeline) : IAsyncEnumerator<T>
    {
        private LlmUsage? _usage;
        private string? _responseModel;
        private bool _started;
        private bool _finalUsageSeen;
        private bool _recorded;

        public T Current => inner.Current;

        private LlmCostPipeline Pipeline => pipeline ?? LlmCostTracker.Current;

        public async ValueTask<bool> MoveNextAsync()
        {
            // The provider is called while the consumer enumerates, in its flow: the call's marker goes with each step.
            MeteredCallScope.Resume(admission.Scope);
            bool moved;
            try
            {
                moved = await inner.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (!_recorded)
            {
                _recorded = true;
                Pipeline.StreamFailed(site, start, exception, _usage, _started, _finalUsageSeen, requestModel, _responseModel, sessionId, admission);
                throw;
            }

            if (moved)
            {
                Observe(inner.Current);
            }
            else if (!_recorded)
            {
                _recorded = true;
                Pipeline.StreamEnded(site, start, _usage, _finalUsageSeen, requestModel, _responseModel, sessionId, _finalUsageSeen ? LlmCallOutcome.Ok : LlmCallOutcome.Incomplete, admission);
            }

            return moved;
        }

        public async ValueTask DisposeAsync()
        {
            MeteredCallScope.Resume(admission.Scope);
            if (!_recorded)
            {
                _recorded = true;
                Pipeline.StreamEnded(site, start, _usage, _finalUsageSeen, requestModel, _responseModel, sessionId, LlmCallOutcome.Cancelled, admission);
            }

            await inner.DisposeAsync().ConfigureAwait(false);
        }

        private void Observe(T item)
        {
            _started = true;
            try
            {
                if (reader(item, out string? model, out bool final) is { } usage)
                {
                    _usage = Merge(_usage, usage);
                }

                _finalUsageSeen |= final;
                _responseModel ??= model;
            }
            catch (Exception)
            {
                // An item whose usage cannot be read is passed on as it is; without its final usage the stream is incomplete.
            }
        }
    }
}
