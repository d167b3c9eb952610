namespace CostInstrumentation;

/// <summary>
/// Metrics of metered calls through <see cref="System.Diagnostics.Metrics"/>: OpenTelemetry's GenAI
/// <c>gen_ai.client.token.usage</c> histogram and a cost counter in USD, on a meter of this name (from
/// <see cref="LlmCostOptions.UseMeterFactory"/>'s factory when one is given). Nothing is computed unless a
/// listener (an OpenTelemetry exporter, dotnet-counters) is attached.
/// </summary>
public static class LlmCostMetrics
{
    /// <summary>The meter's name, to enable in an OpenTelemetry <c>MeterProviderBuilder</c>.</summary>
    public const string MeterName = "CostInstrumentation";
}
