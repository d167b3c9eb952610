namespace CostInstrumentation;

/// <summary>
/// Somewhere budget alerts are delivered from a background task (the webhook; e-mail in the hosting package). The
/// pipeline that made it queues each alert, flushes it with the pipeline, disposes it with the pipeline; a delivery that
/// fails is the channel's to report on the pipeline's error reporter, never to throw.
/// </summary>
internal interface IBudgetAlertChannel : IAsyncDisposable
{
    /// <summary>The channel's name in test results: <c>webhook</c>, <c>email</c>.</summary>
    string Name { get; }

    /// <summary>Queues an alert; never blocks the recording thread and never throws.</summary>
    void Enqueue(LlmBudgetAlertEventArgs alert);

    /// <summary>Completes when every alert queued before the call has been delivered or given up on.</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Delivers <see cref="BudgetTestAlert"/> once, now, and says how that went (to the caller, not the error reporter).</summary>
    Task<LlmAlertTestResult> SendTestAlertAsync(CancellationToken cancellationToken);
}
