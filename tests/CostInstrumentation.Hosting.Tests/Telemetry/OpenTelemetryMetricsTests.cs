using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using CostInstrumentation.EndToEnd.Tests.Fakes;
using CostInstrumentation.Hosting.Tests.ChatClients;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace CostInstrumentation.Hosting.Tests.Telemetry;

/// <summary>
/// The documented OpenTelemetry registration, exported with the in-memory exporter: <c>AddMeter(LlmCostMetrics.MeterName)</c>
/// exports <c>gen_ai.client.token.usage</c> and the USD cost counter of every metered call, with no session, user or
/// project ids as attributes; next to Microsoft.Extensions.AI's <c>OpenTelemetryChatClient</c>, whose meter emits the same
/// histogram for the same calls, a view drops that copy so tokens are counted once.
/// </summary>
[Collection(GlobalTrackerCollection.Name)] // Meters are listened to by name: no other test may record on this one meanwhile.
public sealed class OpenTelemetryMetricsTests : MiddlewareTest
{
    private const string TokenUsage = "gen_ai.client.token.usage";
    private const string Cost = "gen_ai.client.cost";

    /// <summary>The meter (and activity source) <c>UseOpenTelemetry()</c> uses by default.</summary>
    private const string ExtensionsAIMeter = "Experimental.Microsoft.Extensions.AI";

    private readonly List<MetricSnapshot> _exported = [];
    private ServiceProvider _services = null!;
    private bool _withExtensionsAIMeter;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _services.DisposeAsync();
    }

    protected override void Configure(LlmCostOptions options)
    {
        ServiceCollection services = new();
        services.AddMetrics();
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(LlmCostMetrics.MeterName); // the one line
            if (_withExtensionsAIMeter)
            {
                metrics.AddMeter(ExtensionsAIMeter)
                    .AddView(instrument => instrument.Meter.Name == ExtensionsAIMeter && instrument.Name == TokenUsage ? MetricStreamConfiguration.Drop : null);
            }

            metrics.AddInMemoryExporter(_exported);
        });
        _services = services.BuildServiceProvider();
        _ = _services.GetRequiredService<MeterProvider>(); // what the host starts
        base.Configure(options.UseMeterFactory(_services.GetRequiredService<IMeterFactory>()));
    }

    [Fact]
    public async Task OneLineRegistration_ExportsTokenUsageAndCost_WithNoSessionUserOrProjectAttributes()
    {
        Server.EnqueueCompletion("mw-gpt-2026-01-01", "a", new OpenAiUsage(1_000, 100));
        Server.EnqueueCompletion("mw-gpt-2026-01-01", "b", new OpenAiUsage(500, 50));
        IChatClient client = Tracked(OpenAi());

        using (LlmCostContext.Begin("project-x", "session-secret-42", "tag-y"))
        {
            await client.GetResponseAsync("one", new ChatOptions { AdditionalProperties = new() { ["user"] = "user-secret-7" } });
            await client.GetResponseAsync("two");
        }

        Export();
        Assert.Equal(1_500, TokenSum("input"));
        Assert.Equal(150, TokenSum("output"));
        Assert.Equal(NanoUsd((1_500 * 2m + 150 * 8m) / 1_000_000m), Points(Cost).Sum(p => p.GetSumLong()));
        MetricPoint point = Points(Cost).Single();
        Dictionary<string, object?> attributes = Attributes(point);
        Assert.Equal("openai", attributes["gen_ai.provider.name"]);
        Assert.Equal("mw-gpt", attributes["gen_ai.request.model"]);
        Assert.Equal("mw-gpt-2026-01-01", attributes["gen_ai.response.model"]);
        foreach (MetricPoint any in Points(TokenUsage).Concat(Points(Cost)))
        {
            Assert.DoesNotContain(Attributes(any), a => a.Key.Contains("session", StringComparison.OrdinalIgnoreCase) || a.Key.Contains("user", StringComparison.OrdinalIgnoreCase) || a.Key.Contains("project", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(Attributes(any).Values, v => v is string s && (s.Contains("secret") || s is "project-x" or "tag-y"));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NextToUseOpenTelemetry_TokensAreCountedOnce_AndItsOperationDurationStillExported(bool costTrackingOutside)
    {
        _withExtensionsAIMeter = true;
        await DisposeAsync();
        await InitializeAsync(); // again, with Microsoft.Extensions.AI's meter and the view
        Server.EnqueueCompletion("mw-gpt", "traced", new OpenAiUsage(1_000, 100));
        ChatClientBuilder builder = OpenAi().AsBuilder();
        IChatClient client = (costTrackingOutside
                ? builder.UseCostTracking(o => o.Pipeline = Pipeline).UseOpenTelemetry()
                : builder.UseOpenTelemetry().UseCostTracking(o => o.Pipeline = Pipeline))
            .Build();

        await client.GetResponseAsync("hi");

        Export();
        Assert.Equal(1_000, TokenSum("input"));
        Assert.Equal(100, TokenSum("output"));
        Assert.All(_exported.Where(m => m.Name == TokenUsage), m => Assert.Equal(LlmCostMetrics.MeterName, m.MeterName));
        Assert.Contains(_exported, m => m.MeterName == ExtensionsAIMeter && m.Name == "gen_ai.client.operation.duration");
    }

    [Fact]
    public async Task WithoutTheView_UseOpenTelemetryCountsTheSameTokensAgain_TheReasonForIt()
    {
        Server.EnqueueCompletion("mw-gpt", "traced", new OpenAiUsage(1_000, 100));
        IChatClient client = OpenAi().AsBuilder().UseOpenTelemetry().UseCostTracking(o => o.Pipeline = Pipeline).Build();
        List<(string Meter, long Tokens)> histograms = [];
        using MeterListener listener = new();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == TokenUsage && instrument.Meter.Name is ExtensionsAIMeter or LlmCostMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => histograms.Add((instrument.Meter.Name, value)));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => histograms.Add((instrument.Meter.Name, value)));
        listener.Start();

        await client.GetResponseAsync("hi");

        Assert.Equal(1_100, histograms.Where(h => h.Meter == ExtensionsAIMeter).Sum(h => h.Tokens));
        Assert.Equal(1_100, histograms.Where(h => h.Meter == LlmCostMetrics.MeterName).Sum(h => h.Tokens));
    }

    private static long NanoUsd(decimal usd) => (long)(usd * 1_000_000_000m);

    private void Export() => Assert.True(_services.GetRequiredService<MeterProvider>().ForceFlush());

    private IEnumerable<MetricPoint> Points(string name) =>
        _exported.Where(m => m.Name == name).SelectMany(m => m.MetricPoints);

    private long TokenSum(string type) =>
        (long)Points(TokenUsage).Where(p => (string?)Attributes(p)["gen_ai.token.type"] == type).Sum(p => p.GetHistogramSum());

    private static Dictionary<string, object?> Attributes(MetricPoint point)
    {
        Dictionary<string, object?> attributes = [];
        foreach (KeyValuePair<string, object?> tag in point.Tags)
        {
            attributes[tag.Key] = tag.Value;
        }

        return attributes;
    }
}
