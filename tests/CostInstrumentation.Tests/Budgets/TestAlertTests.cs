using System.Text.Json;
using CostInstrumentation.Tests.Recording;
using Microsoft.Extensions.Logging;

namespace CostInstrumentation.Tests.Budgets;

/// <summary>"Send a test alert": once through each configured channel, no retry, the outcome returned rather than reported.</summary>
public sealed class TestAlertTests : PipelineTest
{
    [Fact]
    public async Task TheWebhook_ReceivesOnePost_MarkedAsATest()
    {
        using WebhookReceiver receiver = new();
        LlmCostPipeline pipeline = Pipeline(options => options.UseBudgetWebhook(receiver.Url));

        LlmAlertTestResult result = Assert.Single(await pipeline.SendTestAlertAsync());

        Assert.Equal(("webhook", true), (result.Channel, result.Delivered));
        using JsonDocument payload = JsonDocument.Parse(Assert.Single(receiver.Requests).Body);
        Assert.True(payload.RootElement.GetProperty("test").GetBoolean());
        Assert.Equal(BudgetTestAlert.Source, payload.RootElement.GetProperty("budget").GetProperty("source").GetString());
    }

    [Fact]
    public async Task AWebhookThatFails_IsTriedOnce_AndTheFailureIsReturned_NotReported()
    {
        using WebhookReceiver receiver = new(500, 500);
        List<LlmCostErrorEventArgs> errors = [];
        LlmCostPipeline pipeline = Pipeline(options => options.UseBudgetWebhook(receiver.Url, webhook => webhook.InitialDelay = TimeSpan.FromMilliseconds(1)));
        pipeline.Error += (_, error) => errors.Add(error);

        LlmAlertTestResult result = Assert.Single(await pipeline.SendTestAlertAsync());

        Assert.False(result.Delivered);
        Assert.Contains("HTTP 500", result.Detail, StringComparison.Ordinal);
        Assert.Single(receiver.Requests);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TheLog_GetsTheTestAlertAsAWarning_AndARealAlertIsNeitherRaisedNorCounted()
    {
        ListLogger logger = new();
        LlmCostPipeline pipeline = Pipeline(options => options.UseLogger(logger).AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m)));
        int raised = 0;
        pipeline.BudgetAlert += (_, _) => raised++;

        LlmAlertTestResult result = Assert.Single(await pipeline.SendTestAlertAsync());

        Assert.Equal(("log", true), (result.Channel, result.Delivered));
        (LogLevel level, _, string message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains(BudgetTestAlert.Source, message, StringComparison.Ordinal);
        Assert.Equal(0, raised);
        Assert.Equal(0m, Assert.Single(OwnStatus(pipeline)).SpentUsd);
    }

    [Fact]
    public async Task WithNoChannel_ThereIsNoResult()
    {
        LlmCostPipeline pipeline = Pipeline(_ => { });

        Assert.Empty(await pipeline.SendTestAlertAsync());
    }

    [Fact]
    public async Task OneChannelByName_IsTheOnlyOneSentTo_AndTheNamesListEveryChannel()
    {
        using WebhookReceiver receiver = new();
        ListLogger logger = new();
        LlmCostPipeline pipeline = Pipeline(options => options.UseLogger(logger).UseBudgetWebhook(receiver.Url));

        Assert.Equal(["log", "webhook"], pipeline.AlertChannelNames);
        LlmAlertTestResult result = Assert.Single(await pipeline.SendTestAlertAsync("webhook"));

        Assert.Equal(("webhook", true), (result.Channel, result.Delivered));
        Assert.Single(receiver.Requests);
        Assert.Empty(logger.Entries);
        Assert.Equal("log", Assert.Single(await pipeline.SendTestAlertAsync("log")).Channel);
        Assert.Single(receiver.Requests);
        Assert.Empty(await pipeline.SendTestAlertAsync("email"));
        Assert.Empty(Pipeline(_ => { }).AlertChannelNames);
    }
}
