using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CostInstrumentation.Hosting.Tests.DependencyInjection;

/// <summary>A configuration that cannot be used stops the host at start-up with a message naming the key.</summary>
[Collection(HostedTrackerCollection.Name)]
public sealed class BadConfigurationTests
{
    [Theory]
    [InlineData("Budgets:0:MonthlyUsd", "-5", "CostInstrumentation:Budgets:0:MonthlyUsd must be > 0")]
    [InlineData("Budgets:0:PerCallUsd", "0", "CostInstrumentation:Budgets:0:PerCallUsd must be > 0")]
    [InlineData("DefaultReservationUsd", "-0.01", "CostInstrumentation:DefaultReservationUsd must be >= 0")]
    [InlineData("DefaultMonthlyBudgetUsd", "0", "CostInstrumentation:DefaultMonthlyBudgetUsd must be > 0")]
    [InlineData("AlertThresholds:0", "1.5", "CostInstrumentation:AlertThresholds:0 must be a fraction between 0 and 1")]
    [InlineData("Webhook:Url", "hooks.example.com/llm", "CostInstrumentation:Webhook:Url must be an absolute http or https URL")]
    [InlineData("Webhook:Timeout", "00:00:00", "CostInstrumentation:Webhook:Timeout must be > 0")]
    [InlineData("ExportOnExit", "calls.txt", "CostInstrumentation:ExportOnExit must end in .csv, .json, .jsonl or .xlsx")]
    [InlineData("PricingFile", "{folder}/missing.json", "CostInstrumentation:PricingFile names no file")]
    public async Task AnInvalidValueStopsStartUpNamingItsKey(string key, string value, string message)
    {
        Dictionary<string, string?> settings = new()
        {
            ["CostInstrumentation:SqlitePath"] = "{folder}/costs.db",
            ["CostInstrumentation:Webhook:Url"] = "http://127.0.0.1:9/alerts",
            [$"CostInstrumentation:{key}"] = value,
        };
        await using TestHost test = TestHost.FromSection(settings);

        OptionsValidationException failure = await Assert.ThrowsAsync<OptionsValidationException>(() => test.Host.StartAsync());

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryProblemIsReportedAtOnce()
    {
        await using TestHost test = TestHost.FromSection(new Dictionary<string, string?>
        {
            ["CostInstrumentation:Budgets:0:Scope"] = "Model",
            ["CostInstrumentation:Budgets:1:DailyUsd"] = "3",
            ["CostInstrumentation:Budgets:1:WarnAt:0"] = "0.9",
            ["CostInstrumentation:Budgets:1:WarnAt:1"] = "0.5",
        });

        OptionsValidationException failure = await Assert.ThrowsAsync<OptionsValidationException>(() => test.Host.StartAsync());

        Assert.Contains("CostInstrumentation:Budgets:0:Value is required for a Model budget", failure.Message, StringComparison.Ordinal);
        Assert.Contains("CostInstrumentation:Budgets:0 sets no limit", failure.Message, StringComparison.Ordinal);
        Assert.Contains("CostInstrumentation:Budgets:1:WarnAt:1 must be greater than CostInstrumentation:Budgets:1:WarnAt:0", failure.Message, StringComparison.Ordinal);
        Assert.Equal(3, failure.Failures.Count());
    }

    [Theory]
    [InlineData("Budgets:0:MonthlyUsd", "five dollars")]
    [InlineData("Budgets:0:Scope", "Galaxy")]
    [InlineData("Enabled", "perhaps")]
    [InlineData("SqliteDurability", "Eventually")]
    public async Task AMalformedValueStopsStartUpNamingItsKey(string key, string value)
    {
        await using TestHost test = TestHost.FromSection(new Dictionary<string, string?>
        {
            ["CostInstrumentation:Budgets:0:MonthlyUsd"] = "5",
            [$"CostInstrumentation:{key}"] = value,
        });

        // The binder's own message (an options validation failure for a list element, which the binder would skip silently).
        Exception? failure = await Record.ExceptionAsync(() => test.Host.StartAsync());

        Assert.True(failure is InvalidOperationException or OptionsValidationException, failure?.ToString());
        Assert.Contains($"'CostInstrumentation:{key}'", failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingSectionStopsStartUpNamingIt()
    {
        await using TestHost test = TestHost.FromSection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });

        OptionsValidationException failure = await Assert.ThrowsAsync<OptionsValidationException>(() => test.Host.StartAsync());

        Assert.Contains("The configuration section 'CostInstrumentation' is missing or empty", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedStartLeavesTheTrackerAsItWas()
    {
        InMemoryCostSink sink = new();
        await using TestHost test = TestHost.FromSection(
            new Dictionary<string, string?> { ["CostInstrumentation:DefaultReservationUsd"] = "-1" },
            builder => builder.Configure(options => options.AddSink(sink)));

        await Assert.ThrowsAsync<OptionsValidationException>(() => test.Host.StartAsync());
        Calls.Shim();

        Assert.Empty(sink.Records);
    }
}
