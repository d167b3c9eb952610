using Microsoft.Extensions.DependencyInjection;

namespace CostInstrumentation.Dashboard.Alerts;

/// <summary>
/// The alert channels the dashboard can send a test alert through: the app's own (the <see cref="LlmCostPipeline"/>
/// <c>AddLlmCostTracking</c> registered: its log, webhook and e-mail, with the runtime's sender and payload) and the ones
/// <see cref="LlmCostDashboardOptions.AlertChannels"/> names (what <c>llmcost serve --webhook</c> adds).
/// </summary>
internal sealed class DashboardAlertChannels(DashboardContext context, IServiceProvider services)
{
    private readonly LlmCostPipeline? _app = services.GetService<LlmCostPipeline>();

    /// <summary>Every channel's name, the app's first; empty when none is configured.</summary>
    public IReadOnlyList<string> Names =>
        [.. (_app?.AlertChannelNames ?? []).Concat(context.Options.AlertChannels.Keys).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The sentence a page or a 404 shows when there is nothing to test.</summary>
    public const string NoneConfigured = "No alert channel is configured: inside an app, AddLlmCostTracking's log, webhook and e-mail channels "
        + "are found by themselves; llmcost serve tests the webhook it is given (--webhook URL, else CostInstrumentation__Webhook__Url, "
        + "else CostInstrumentation:Webhook:Url in ./appsettings.json).";

    /// <summary>One test alert through every channel (<paramref name="name"/> null) or through those of that name; each result says how it went.</summary>
    public async Task<IReadOnlyList<LlmAlertTestResult>> SendTestAsync(string? name, CancellationToken cancellationToken)
    {
        List<LlmAlertTestResult> results = _app is null ? [] : [.. await _app.SendTestAlertAsync(name, cancellationToken)];
        foreach ((string channel, Func<CancellationToken, Task> send) in context.Options.AlertChannels)
        {
            if (name is null || channel.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                results.Add(await SendAsync(channel, send, cancellationToken));
            }
        }

        return results;
    }

    private static async Task<LlmAlertTestResult> SendAsync(string channel, Func<CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        try
        {
            await send(cancellationToken);
            return new LlmAlertTestResult(channel, true, "The test alert was handed to the channel.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new LlmAlertTestResult(channel, false, exception.Message);
        }
    }
}
