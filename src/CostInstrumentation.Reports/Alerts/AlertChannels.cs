namespace CostInstrumentation.Reports;

/// <summary>
/// Tries the channels budget alerts go out through, with a test alert shaped exactly like a real one (the runtime's own
/// sender and payload), so a person can check a webhook before a budget needs it.
/// </summary>
public static class AlertChannels
{
    /// <summary>Where the test alert says it comes from (<c>budget.source</c> in the payload).</summary>
    public const string TestSource = "llmcost alerts test";

    /// <summary>
    /// Posts one test warning alert (a global daily budget of 1 USD at 80 %) to <paramref name="url"/> through the
    /// runtime's webhook sender, in a single attempt. Returns null when the webhook answered with a success status, else why not.
    /// </summary>
    public static async Task<string?> TestWebhookAsync(Uri url, DateTimeOffset nowUtc, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        string? failure = null;
        LlmCostErrorReporter errors = new(null, error => failure ??= error.Message);
        BudgetWebhook webhook = new(url, new BudgetWebhookOptions { MaxAttempts = 1, Timeout = timeout }, errors);
        await using (webhook.ConfigureAwait(false))
        {
            LlmBudget budget = new(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { Source = TestSource };
            webhook.Enqueue(new LlmBudgetAlertEventArgs(budget, BudgetAlertLevel.Warning, 0.8m, 0.8m, UtcPeriods.Start(BudgetPeriod.Day, nowUtc)));
            await webhook.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return failure;
    }
}
