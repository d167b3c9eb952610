using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CostInstrumentation.Hosting.Tests.DependencyInjection;

/// <summary><c>AddLlmCostTracking</c>: options bound from configuration, the pipeline lent to the shims while the host runs.</summary>
[Collection(HostedTrackerCollection.Name)]
public sealed class RegistrationTests
{
    [Fact]
    public async Task TheSectionConfiguresThePipelineThatShimsRecordToWhileTheHostRuns()
    {
        InMemoryCostSink sink = new();
        await using TestHost test = TestHost.FromSection(
            new Dictionary<string, string?>
            {
                ["CostInstrumentation:DefaultProject"] = "shop",
                ["CostInstrumentation:Budgets:0:Scope"] = "Model",
                ["CostInstrumentation:Budgets:0:Value"] = Calls.Model,
                ["CostInstrumentation:Budgets:0:MonthlyUsd"] = "5",
                ["CostInstrumentation:Budgets:0:DailyUsd"] = "1.5",
                ["CostInstrumentation:Budgets:0:WarnAt:0"] = "0.5",
            },
            builder => builder.Configure(options => options.AddSink(sink)));

        await test.Host.StartAsync();
        Calls.Shim();

        LlmCallRecord record = Assert.Single(sink.Records);
        Assert.Equal("shop", record.Project);
        // 1,000 × 0.000001 + 500 × 0.000002 = 0.002
        Assert.Equal(0.002m, record.CostUsd);
        List<LlmBudgetStatus> budgets = [.. test.Pipeline.GetBudgetStatus().Where(s => s.Budget.Source?.StartsWith("CostInstrumentation:", StringComparison.Ordinal) == true)];
        Assert.Equal(["CostInstrumentation:Budgets:0:DailyUsd", "CostInstrumentation:Budgets:0:MonthlyUsd"], budgets.Select(s => s.Budget.Source).Order(StringComparer.Ordinal));
        Assert.All(budgets, s => Assert.Equal([0.5m], s.Budget.WarnAt));
        Assert.All(budgets, s => Assert.Equal(0.002m, s.SpentUsd));

        await test.Host.StopAsync();
        Calls.Shim();

        Assert.Single(sink.Records); // handed back: the tracker records nowhere once the host stopped
    }

    [Fact]
    public async Task TheCodeOverloadConfiguresThePipelineAndTheHostsClockIsUsed()
    {
        InMemoryCostSink sink = new();
        Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 31, 23, 0, 0, TimeSpan.Zero));
        await using TestHost test = TestHost.Build(new Dictionary<string, string?>(), (services, _) =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddLlmCostTracking(options => options.AddSink(sink).AddBudget(new LlmBudget(BudgetScope.Project, "clocked", BudgetPeriod.Day, 10m)));
        });

        await test.Host.StartAsync();

        LlmBudgetStatus status = Assert.Single(test.Pipeline.GetBudgetStatus(), s => s.Budget.ScopeValue == "clocked");
        Assert.Equal(new DateTimeOffset(2026, 3, 31, 0, 0, 0, TimeSpan.Zero), status.PeriodStartUtc);
        Calls.Shim();
        Assert.Single(sink.Records);
        await test.Host.StopAsync();
    }

    [Fact]
    public async Task RegisteredTwiceItIsOneTrackerWithTheLaterValuesOnTop()
    {
        InMemoryCostSink sink = new();
        await using TestHost test = TestHost.Build(
            new Dictionary<string, string?>
            {
                ["CostInstrumentation:DefaultProject"] = "first",
                ["CostInstrumentation:DefaultMonthlyBudgetUsd"] = "100",
                ["Override:DefaultProject"] = "second",
            },
            (services, configuration) =>
            {
                services.AddLlmCostTracking(configuration.GetSection("CostInstrumentation"));
                services.AddLlmCostTracking(configuration.GetSection("Override"));
                services.AddLlmCostTracking(options => options.AddSink(sink));
            });

        Assert.Single(test.Host.Services.GetServices<IHostedService>().OfType<LlmCostTrackingLifetime>());
        await test.Host.StartAsync();
        Calls.Shim();

        Assert.Equal("second", Assert.Single(sink.Records).Project);
        Assert.Single(test.Pipeline.GetBudgetStatus(), s => s.Budget.Source == "CostInstrumentation:DefaultMonthlyBudgetUsd");
        await test.Host.StopAsync();
    }

    [Fact]
    public async Task DisabledNothingIsRecordedAndNoBudgetIsEnforced()
    {
        InMemoryCostSink sink = new();
        await using TestHost test = TestHost.FromSection(
            new Dictionary<string, string?>
            {
                ["CostInstrumentation:Enabled"] = "false",
                ["CostInstrumentation:Budgets:0:PerCallUsd"] = "0.000001",
                ["CostInstrumentation:Budgets:0:HardLimit"] = "true",
            },
            builder => builder.Configure(options => options.AddSink(sink)));

        await test.Host.StartAsync();
        Calls.Shim(); // over the per-call hard limit: refused, were tracking on

        Assert.Empty(sink.Records);
        Assert.Empty(test.Pipeline.GetBudgetStatus());
        Assert.Contains(test.Log.Entries, e => e.EventId.Id == 102);
        await test.Host.StopAsync();
    }

    [Fact]
    public async Task APipelineHookSeesThePipelineBeforeTheFirstCall()
    {
        List<LlmBudgetAlertEventArgs> alerts = [];
        LlmCostPipeline? seen = null;
        await using TestHost test = TestHost.FromSection(
            new Dictionary<string, string?> { ["CostInstrumentation:Budgets:0:PerCallUsd"] = "0.001" },
            builder => builder.OnPipelineBuilt((_, pipeline) =>
            {
                seen = pipeline;
                pipeline.BudgetAlert += (_, alert) => alerts.Add(alert);
            }));

        await test.Host.StartAsync();
        Calls.Shim(); // 0.002 USD: over the 0.001 per-call limit (not hard), so an "exceeded" alert

        Assert.Same(test.Pipeline, seen);
        Assert.Equal("CostInstrumentation:Budgets:0:PerCallUsd", Assert.Single(alerts).Budget.Source);
        await test.Host.StopAsync();
    }
}
