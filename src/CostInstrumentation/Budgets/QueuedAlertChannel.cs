using System.Threading.Channels;

namespace CostInstrumentation;

/// <summary>
/// Delivers budget alerts from its own task: callers only queue (never block), each alert is retried with exponential
/// backoff, and one that still fails after the last attempt is reported once on the pipeline's error reporter. What a
/// delivery is (an HTTP POST, an SMTP message) is the subclass's <see cref="DeliverAsync"/>; a subclass calls
/// <see cref="Start"/> at the end of its constructor, so a constructor that throws leaves no task behind.
/// </summary>
internal abstract class QueuedAlertChannel : IBudgetAlertChannel
{
    private readonly LlmCostErrorReporter _errors;
    private readonly int _maxAttempts;
    private readonly TimeSpan _initialDelay;
    private readonly Channel<(LlmBudgetAlertEventArgs? Alert, TaskCompletionSource? Flushed)> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private Task _sender = Task.CompletedTask;

    protected QueuedAlertChannel(int maxAttempts, TimeSpan initialDelay, int capacity, LlmCostErrorReporter errors)
    {
        _errors = errors;
        _maxAttempts = Math.Max(1, maxAttempts);
        _initialDelay = initialDelay;
        _queue = Channel.CreateBounded<(LlmBudgetAlertEventArgs?, TaskCompletionSource?)>(new BoundedChannelOptions(Math.Max(1, capacity)) { SingleReader = true });
    }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>Where alerts go, for messages: <c>the budget webhook</c>, <c>e-mail to ops@example.com</c>.</summary>
    protected abstract string Destination { get; }

    /// <summary>Stopped: alerts still queued or being retried are abandoned.</summary>
    protected CancellationToken Stopping => _stopping.Token;

    /// <summary>Queues an alert; a full queue drops it and reports the drop.</summary>
    public void Enqueue(LlmBudgetAlertEventArgs alert)
    {
        if (!_queue.Writer.TryWrite((alert, null)))
        {
            _errors.Report(LlmCostErrorKind.AlertDeliveryFailed, $"The queue of {Destination} is full; the {alert.Level} alert of {alert.Budget.Source ?? "a budget"} is dropped.");
        }
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        if (await _queue.Writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false) && _queue.Writer.TryWrite((null, flushed)))
        {
            await flushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Delivers the test alert once, with no retry: whoever asked wants the answer now.</summary>
    public async Task<LlmAlertTestResult> SendTestAlertAsync(CancellationToken cancellationToken)
    {
        try
        {
            await DeliverAsync(BudgetTestAlert.Create(DateTimeOffset.UtcNow), cancellationToken).ConfigureAwait(false);
            return new LlmAlertTestResult(Name, true, $"Delivered to {Destination}.");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new LlmAlertTestResult(Name, false, $"Not delivered to {Destination}: {exception.Message}");
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

        await DisposeCoreAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>One attempt to deliver <paramref name="alert"/>; throws when it was not delivered (the message says why).</summary>
    protected abstract Task DeliverAsync(LlmBudgetAlertEventArgs alert, CancellationToken cancellationToken);

    /// <summary>Releases what the subclass holds, once the sender has stopped.</summary>
    protected abstract ValueTask DisposeCoreAsync();

    /// <summary>Starts the sender; the last line of a subclass's constructor.</summary>
    protected void Start() => _sender = Task.Run(SendAllAsync);

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
                    _errors.Report(LlmCostErrorKind.AlertDeliveryFailed, $"The {alert.Level} alert of {alert.Budget.Source ?? "a budget"} could not be delivered to {Destination}: {exception.Message}", exception);
                }
            }

            flushed?.TrySetResult();
        }
    }

    private async Task SendAsync(LlmBudgetAlertEventArgs alert)
    {
        if (await Backoff.RetryAsync(token => DeliverAsync(alert, token), _maxAttempts, _initialDelay, _stopping.Token).ConfigureAwait(false) is { } last)
        {
            _errors.Report(LlmCostErrorKind.AlertDeliveryFailed, $"The {alert.Level} alert of {alert.Budget.Source ?? "a budget"} could not be delivered to {Destination} after {_maxAttempts} attempts: {last.Message}", last);
        }
    }
}
