using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CostInstrumentation;

/// <summary>
/// Posts budget alerts as JSON to a webhook (queued, retried with exponential backoff and reported when given up by
/// <see cref="QueuedAlertChannel"/>); a delivery is one POST answered 2xx.
/// </summary>
internal sealed class BudgetWebhook : QueuedAlertChannel
{
    private readonly Uri _url;
    private readonly HttpClient _client;

    internal BudgetWebhook(Uri url, BudgetWebhookOptions options, LlmCostErrorReporter errors)
        : base(options.MaxAttempts, options.InitialDelay, options.Capacity, errors)
    {
        _url = url;
        _client = options.Handler is { } handler ? new HttpClient(handler, disposeHandler: false) : new HttpClient();
        _client.Timeout = options.Timeout;
        Start();
    }

    /// <inheritdoc />
    public override string Name => "webhook";

    /// <inheritdoc />
    protected override string Destination => "the budget webhook";

    /// <summary>
    /// The payload: <c>{budget:{scope,scopeValue,period,limitUsd,limitNanoUsd,hardLimit,source}, level, threshold, spentUsd,
    /// spentNanoUsd, limitUsd, limitNanoUsd, periodStartUtc}</c>, plus <c>test: true</c> for the test alert.
    /// </summary>
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
            WriteUsd(json, "limit", alert.Budget.LimitUsd);
            json.WriteBoolean("hardLimit", alert.Budget.HardLimit);
            json.WriteString("source", alert.Budget.Source);
            json.WriteEndObject();
            json.WriteString("level", BudgetNames.Of(alert.Level));
            json.WriteNumber("threshold", BudgetAccount.Normalize(alert.Threshold));
            WriteUsd(json, "spent", alert.SpentUsd);
            WriteUsd(json, "limit", alert.LimitUsd);
            json.WriteString("periodStartUtc", alert.PeriodStartUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            if (BudgetTestAlert.IsTest(alert))
            {
                json.WriteBoolean("test", true);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Money as every JSON view writes it: an exact decimal string (a JSON number reads as a binary float in most
    /// consumers) and integer nano-USD.
    /// </summary>
    private static void WriteUsd(Utf8JsonWriter json, string name, decimal usd)
    {
        json.WriteString(name + "Usd", usd.ToString(CultureInfo.InvariantCulture));
        json.WriteNumber(name + "NanoUsd", NanoUsd.Saturated(usd));
    }

    /// <inheritdoc />
    protected override async Task DeliverAsync(LlmBudgetAlertEventArgs alert, CancellationToken cancellationToken)
    {
        using ByteArrayContent content = new(Payload(alert));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await _client.PostAsync(_url, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}.", null, response.StatusCode);
        }
    }

    /// <inheritdoc />
    protected override ValueTask DisposeCoreAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
