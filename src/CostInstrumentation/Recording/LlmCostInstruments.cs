using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CostInstrumentation;

/// <summary>The instruments of one meter named <see cref="LlmCostMetrics.MeterName"/>, and how a record feeds them.</summary>
internal sealed class LlmCostInstruments
{
    private static readonly string? s_version = typeof(LlmCostInstruments).Assembly.GetName().Version?.ToString();

    private readonly Histogram<long> _tokenUsage;
    private readonly Counter<long> _cost;

    private LlmCostInstruments(Meter meter)
    {
        _tokenUsage = meter.CreateHistogram<long>("gen_ai.client.token.usage", "{token}", "Number of input and output tokens used.");
        // Integer nano-USD, as the database stores money: exact sums, and a type OpenTelemetry exports (it ignores decimal).
        _cost = meter.CreateCounter<long>("gen_ai.client.cost", "{nanoUSD}", "Cost of metered LLM calls, in nano-USD (1e-9 USD).");
    }

    /// <summary>The process-wide meter, for pipelines given no <see cref="IMeterFactory"/> (one meter, however often configured).</summary>
    internal static LlmCostInstruments Shared { get; } = new(new Meter(LlmCostMetrics.MeterName, s_version));

    /// <summary>Instruments on a meter the factory owns (and disposes).</summary>
    internal static LlmCostInstruments From(IMeterFactory factory) => new(factory.Create(new MeterOptions(LlmCostMetrics.MeterName) { Version = s_version }));

    internal void Record(in LlmCallRecord record, string? responseModel)
    {
        if (_tokenUsage.Enabled && record.Outcome == LlmCallOutcome.Ok)
        {
            TagList tags = Tags(record, responseModel);
            tags.Add("gen_ai.token.type", "input");
            _tokenUsage.Record(record.Usage.InputTokens, tags);
            tags = Tags(record, responseModel);
            tags.Add("gen_ai.token.type", "output");
            _tokenUsage.Record(record.Usage.OutputTokens, tags);
        }

        if (_cost.Enabled && record.CostUsd is { } cost)
        {
            _cost.Add(NanoUsd.Saturated(cost), Tags(record, responseModel));
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
