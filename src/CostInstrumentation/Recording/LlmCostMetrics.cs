using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CostInstrumentation;

/// <summary>
/// Metrics of metered calls through <see cref="System.Diagnostics.Metrics"/>: OpenTelemetry's GenAI
/// <c>gen_ai.client.token.usage</c> histogram and a cost counter in USD. Nothing is computed unless a
/// listener (an OpenTelemetry exporter, dotnet-counters) is attached.
/// </summary>
public static class LlmCostMetrics
{
    /// <summary>The meter's name, to enable in an OpenTelemetry <c>MeterProviderBuilder</c>.</summary>
    public const string MeterName = "CostInstrumentation";

    private static readonly Meter s_meter = new(MeterName, typeof(LlmCostMetrics).Assembly.GetName().Version?.ToString());

    internal static readonly Histogram<long> TokenUsage = s_meter.CreateHistogram<long>(
        "gen_ai.client.token.usage", "{token}", "Number of input and output tokens used.");

    internal static readonly Counter<decimal> Cost = s_meter.CreateCounter<decimal>(
        "gen_ai.client.cost", "USD", "Cost of metered LLM calls, in USD.");

    internal static void Record(in LlmCallRecord record, string? responseModel)
    {
        if (TokenUsage.Enabled && record.Outcome == LlmCallOutcome.Ok)
        {
            TagList tags = Tags(record, responseModel);
            tags.Add("gen_ai.token.type", "input");
            TokenUsage.Record(record.Usage.InputTokens, tags);
            tags = Tags(record, responseModel);
            tags.Add("gen_ai.token.type", "output");
            TokenUsage.Record(record.Usage.OutputTokens, tags);
        }

        if (Cost.Enabled && record.CostUsd is { } cost)
        {
            Cost.Add(cost, Tags(record, responseModel));
        }
    }

    private static TagList Tags(in LlmCallRecord record, string? responseModel) => new()
    {
        { "gen_ai.operation.name", "chat" },
        { "gen_ai.provider.name", record.Provider },
        { "gen_ai.request.model", record.Model },
        { "gen_ai.response.model", responseModel ?? record.Model },
    };
}
