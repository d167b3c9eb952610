using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CostInstrumentation;

/// <summary>The instruments of one meter named <see cref="LlmCostMetrics.MeterName"/>, and how a record feeds them.</summary>
internal sealed class LlmCostInstruments
{
    private static readonly string? s_version = typeof(LlmCostInstruments).Assembly.GetName().Version?.ToString();

    private readonly Histogram<long> _tokenUsage;
    private readonly Counter<decimal> _cost;

    private LlmCostInstruments(Meter meter)
    {
        _tokenUsage = meter.CreateHistogram<long>("gen_ai.client.token.usage", "{token}", "Number of input and output tokens used.");
        _cost = meter.CreateCounter<decimal>("gen_ai.client.cost", "USD", "Cost of metered LLM calls, in USD.");
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
            _cost.Add(cost, Tags(record, responseModel));
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
