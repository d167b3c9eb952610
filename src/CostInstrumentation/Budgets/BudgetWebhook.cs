using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;

namespace CostInstrumentation;

/// <summary>
/// Posts budget alerts as JSON to a webhook from its own task: callers only queue (never block), each alert is
/// retried with exponential backoff, and one that still fails after the last attempt is reported on
/// the pipeline's <see cref="LlmCostPipeline.Error"/>.
/// </summary>
internal sealed class BudgetWebhook : IAsyncDisposable
{
    /// <summary>The longest wait <see cref="Task.Delay(TimeSpan, CancellationToken)"/> takes (about 49.7 days); doubling stops there.</summary>
    private static readonly TimeSpan LongestDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly Uri _url;
    private readonly LlmCostErrorReporter _errors;
    private readonly BudgetWebhookOptions _options;
    private readonly HttpClient _client;
    private readonly Channel<(LlmBudgetAlertEventArgs? Alert, TaskCompletionSource? Flushed)> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _sender;

    internal BudgetWebhook(Uri url, BudgetWebhookOptions options, LlmCostErrorReporter errors)
    {
        _url = url;
        _errors = errors;
        _options = options;
        _client = options.Handler is { } handler ? new HttpClient(handler, disposeHandler: false) : new HttpClient();
        _client.Timeout = options.Timeout;
        _queue = Channel.CreateBounded<(LlmBudgetAlertEventArgs?, TaskCompletionSource?)>(new BoundedChannelOptions(Math.Max(1, options.Capacity)) { SingleReader = true });
        _sender = Task.Run(SendAllAsync);
    }

    /// <summary>Queues an alert; a full queue drops it and reports the drop.</summary>
    internal void Enqueue(LlmBudgetAlertEventArgs alert)
    {
        if (!_queue.Writer.TryWrite((alert, null)))
        {
            _errors.Report(LlmCostErrorKind.AlertDeliveryFailed, $"The budget webhook queue is full; the {alert.Level} alert of {alert.Budget.Source ?? "a budget"} is dropped.");
        }
    }

    /// <summary>Completes when every alert queued before the call has been delivered or given up on.</summary>
    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        if (await _queue.Writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false) && _queue.Writer.TryWrite((null, flushed)))
        {
            await flushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops: alerts still queued or being retried are abandoned.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _sender.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Abandoned on purpose.
        }

        // Flushes queued behind the abandoned alerts are over too: their callers must not wait for ever.
        while (_queue.Reader.TryRead(out (LlmBudgetAlertEventArgs? Alert, TaskCompletionSource? Flushed) item))
        {
            item.Flushed?.TrySetResult();
        }

        _client.Dispose();
        _stopping.Dispose();
    }

    /// <summary>The payload: <c>{budget:{scope,scopeValue,period,limitUsd,hardLimit,source}, level, threshold, spentUsd, limitUsd, periodStartUtc}</c>.</summary>
    internal static byte[] Payload(LlmBudgetAlertEventArgs alert)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter json = new(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("budget");
            json.WriteString("scope", BudgetNames.Of(alert.Budget.Scope));
            json.WriteString("scopeValue", alert.Budget.ScopeValue);
            json.WriteString("period", BudgetNames.Of(alert.Budget.Period));
            json.WriteNumber("limitUsd", alert.Budget.LimitUsd);
            json.WriteBoolean("hardLimit", alert.Budget.HardLimit);
            json.WriteString("source", alert.Budget.Source);
            json.WriteEndObject();
            json.WriteString("level", BudgetNames.Of(alert.Level));
            json.WriteNumber("threshold", BudgetAccount.Normalize(alert.Threshold));
            json.WriteNumber("spentUsd", alert.SpentUsd);
            json.WriteNumber("limitUsd", alert.LimitUsd);
            json.WriteString("periodStartUtc", alert.PeriodStartUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async Task SendAllAsync()
    {
        await foreach ((LlmBudgetAlertEventArgs? alert, TaskCompletionSource? flushed) in _queue.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
        {
            if (alert is not null)
            {
                try
                {
                    await SendAsync(alert).ConfigureAwait(false);
                }
                catch (Exception exception) when (!_stopping.IsCancellationRequested)
                {
                    // The sender must outlive any one alert, or every later alert and flush would wait for ever.
                    _errors.Report(LlmCostErrorKind.AlertDeliveryFailed, $"The {alert.Level} alert of {alert.Budget.Source ?? "a budget"} could not be delivered to the budget webhook: {exception.Message}", exception);
                }
            }

            flushed?.TrySetResult();
        }
    }

    private async Task SendAsync(LlmBudgetAlertEventArgs alert)
    {
        byte[] payload = Payload(alert);
        TimeSpan delay = _options.InitialDelay < TimeSpan.Zero ? TimeSpan.Zero : _options.InitialDelay > LongestDelay ? LongestDelay : _options.InitialDelay;
        string failure = string.Empty;
        Exception? lastException = null;
        int attempts = Math.Max(1, _options.MaxAttempts);
        for (int attempt = 1; attempt <= attempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                delay = delay >= LongestDelay / 2 ? LongestDelay : delay * 2;
            }

            try
            {
                using ByteArrayContent content = new(payload);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using HttpResponseMessage response = await _client.PostAsync(_url, content, _stopping.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                failure = $"HTTP {(int)response.StatusCode}";
                lastException = null;
            }
            catch (Exception exception) when (!_stopping.IsCancellationRequested)
            {
                failure = exception.Message;
                lastException = exception;
            }
        }

        _errors.Report(LlmCostErrorKind.AlertDeliveryFailed, $"The {alert.Level} alert of {alert.Budget.Source ?? "a budget"} could not be delivered to the budget webhook after {attempts} attempts: {failure}.", lastException);
    }
}
