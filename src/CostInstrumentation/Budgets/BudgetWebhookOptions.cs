using System.Net.Http;

namespace CostInstrumentation;

/// <summary>How budget alerts are delivered to a webhook (<see cref="LlmCostOptions.UseBudgetWebhook"/>).</summary>
public sealed class BudgetWebhookOptions
{
    /// <summary>Attempts per alert, the first included (default 5).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the second attempt; each further wait doubles (default 1 second).</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one attempt may take (default 10 seconds).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Alerts waiting for delivery beyond this many are dropped and reported (default 1,000).</summary>
    public int Capacity { get; set; } = 1_000;

    /// <summary>Sends the requests; when null a handler owned by the webhook is used.</summary>
    public HttpMessageHandler? Handler { get; set; }
}
