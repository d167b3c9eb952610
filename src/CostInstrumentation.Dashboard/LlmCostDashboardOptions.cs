using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard;

/// <summary>What <see cref="LlmCostDashboardEndpoints.MapLlmCostDashboard"/> serves and who may see it.</summary>
public sealed class LlmCostDashboardOptions
{
    /// <summary>
    /// The cost database to read: the file <c>UseSqlite</c> records to, or a shared ledger's PostgreSQL connection string
    /// (<see cref="CostReports.Open"/>). Ignored when <see cref="Reports"/> is set.
    /// </summary>
    public string? DatabasePath { get; set; }

    /// <summary>
    /// Opens the report layer for one request (each request gets its own instance, which it disposes); default: the
    /// database at <see cref="DatabasePath"/>.
    /// </summary>
    public Func<CostReports>? Reports { get; set; }

    /// <summary>Serves no write route at all (no budget changes, no acknowledgements, no channel tests): they answer 404.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>
    /// An authorization policy every dashboard and API endpoint requires (the app's own authentication decides who gets
    /// in). With a policy, requests from other machines are let through to it instead of needing <see cref="Token"/>.
    /// </summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>
    /// The token a request from another machine must bear (<c>Authorization: Bearer …</c>, the <c>llmcost_token</c> cookie or
    /// <c>?token=</c>). Without it (and without <see cref="AuthorizationPolicy"/>) only loopback requests are served.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>The prices of the catalogue the app compiled (or <c>llmcost serve</c> read); default: <see cref="LlmPricing"/>'s tables.</summary>
    public Func<IEnumerable<ModelPrice>>? Prices { get; set; }

    /// <summary>
    /// Counts a prompt's input tokens for estimates as a band (low, high, how); default: the report layer's
    /// <see cref="PromptTokens"/> (the CLI's <c>estimate</c>: OpenAI's tokenizers, a band for providers whose tokenizer is not public).
    /// </summary>
    public Func<string, ModelPrice, (long Low, long High, string Method)> CountPromptTokens { get; set; } = CountWithReportLayer;

    /// <summary>
    /// Alert channels to test besides the app's own (those of the <see cref="LlmCostPipeline"/> that <c>AddLlmCostTracking</c>
    /// registered are found by themselves): each sends a test alert and throws when it was not delivered.
    /// </summary>
    public IDictionary<string, Func<CancellationToken, Task>> AlertChannels { get; } = new Dictionary<string, Func<CancellationToken, Task>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The zone reports count days in when a request names none (<c>tz</c>); default: the server's.</summary>
    public TimeZoneInfo LocalZone { get; set; } = TimeZoneInfo.Local;

    /// <summary>The clock (tests set a fixed one).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>How often the event stream looks for new calls and alerts.</summary>
    public TimeSpan LivePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    private static (long Low, long High, string Method) CountWithReportLayer(string text, ModelPrice price)
    {
        PromptTokens counted = PromptTokens.Count(text, price.Model, price.Provider);
        return (counted.Low, counted.High, counted.Method);
    }
}
