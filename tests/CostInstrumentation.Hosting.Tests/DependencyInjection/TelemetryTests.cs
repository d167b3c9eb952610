using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CostInstrumentation.Hosting.Tests.DependencyInjection;

/// <summary>The host's logger and meter factory are the pipeline's.</summary>
[Collection(HostedTrackerCollection.Name)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task MeteringProblemsAndHostingEventsAreLoggedWithTheirEventIds()
    {
        await using TestHost test = TestHost.FromSection(new Dictionary<string, string?> { ["CostInstrumentation:DefaultProject"] = "logs" });

        await test.Host.StartAsync();
        Calls.Shim(model: "hosting-unpriced-model");
        await test.Host.StopAsync();

        Assert.Contains(test.Log.Entries, e => e.Category == "CostInstrumentation" && e.EventId.Id == 101 && e.Level == LogLevel.Information);
        // LlmCostErrorKind.ModelNotPriced + 1, once for the model
        var unpriced = Assert.Single(test.Log.Entries, e => e.Category == "CostInstrumentation" && e.EventId.Id == (int)LlmCostErrorKind.ModelNotPriced + 1);
        Assert.Equal(LogLevel.Error, unpriced.Level);
        Assert.Contains("hosting-unpriced-model", unpriced.Message, System.StringComparison.Ordinal);
        Assert.Contains(test.Log.Entries, e => e.EventId.Id == 104);
    }

    [Fact]
    public async Task TheMeterIsCreatedThroughTheHostsMeterFactory()
    {
        await using TestHost test = TestHost.FromSection(new Dictionary<string, string?> { ["CostInstrumentation:DefaultProject"] = "metrics" });
        IMeterFactory meterFactory = test.Host.Services.GetRequiredService<IMeterFactory>();
        List<(string Instrument, long NanoUsd)> costs = [];
        using MeterListener listener = new();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LlmCostMetrics.MeterName && instrument.Meter.Scope == meterFactory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "gen_ai.client.cost")
            {
                costs.Add((instrument.Name, value));
            }
        });
        listener.Start();

        await test.Host.StartAsync();
        Calls.Shim();
        await test.Host.StopAsync();

        // 0.002 USD, counted in nano-USD (OpenTelemetry has no decimal instruments).
        Assert.Equal(2_000_000L, Assert.Single(costs).NanoUsd);
    }
}
