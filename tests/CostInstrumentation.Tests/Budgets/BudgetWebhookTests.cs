using System.Net.Http;
using System.Text.Json;
using CostInstrumentation.Tests.Recording;
using static CostInstrumentation.Tests.Budgets.BudgetTestData;

namespace CostInstrumentation.Tests.Budgets;

/// <summary>Budget alerts posted to a webhook over loopback HTTP: payload, retries, giving up.</summary>
public sealed class BudgetWebhookTests : PipelineTest
{
    private static readonly LlmCostErrorReporter s_noReports = new(null, static _ => { });
    private readonly List<LlmCostErrorEventArgs> _errors = [];

    [Fact]
    public async Task AnAlert_IsPostedAsJson()
    {
        using WebhookReceiver receiver = new();
        LlmCostPipeline pipeline = Configured(options => options
            .UseBudgetWebhook(receiver.Url)
            .AddBudget(new LlmBudget(BudgetScope.Model, Model, BudgetPeriod.Month, 2m) { HardLimit = true, WarnAt = [0.5m], Source = "webhook test" }));

        pipeline.Record(Call(1.25m));
        await pipeline.FlushAsync();

        using JsonDocument payload = JsonDocument.Parse(Assert.Single(receiver.Requests).Body);
        JsonElement root = payload.RootElement;
        JsonElement budget = root.GetProperty("budget");
        Assert.Equal(("model", Model, "month", 2m, true, "webhook test"), (budget.GetProperty("scope").GetString(), budget.GetProperty("scopeValue").GetString(), budget.GetProperty("period").GetString(), decimal.Parse(budget.GetProperty("limitUsd").GetString()!, System.Globalization.CultureInfo.InvariantCulture), budget.GetProperty("hardLimit").GetBoolean(), budget.GetProperty("source").GetString()));
        Assert.Equal(("warning", 0.5m, 1.25m, 2m), (root.GetProperty("level").GetString(), root.GetProperty("threshold").GetDecimal(), decimal.Parse(root.GetProperty("spentUsd").GetString()!, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(root.GetProperty("limitUsd").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal((2_000_000_000L, 1_250_000_000L, 2_000_000_000L), (budget.GetProperty("limitNanoUsd").GetInt64(), root.GetProperty("spentNanoUsd").GetInt64(), root.GetProperty("limitNanoUsd").GetInt64()));
        DateTime now = DateTime.UtcNow;
        Assert.Equal(new DateTime(now.Year, now.Month, 1).ToString("yyyy-MM-dd'T'00:00:00'Z'", System.Globalization.CultureInfo.InvariantCulture), root.GetProperty("periodStartUtc").GetString());
    }

    [Fact]
    public async Task AFailedDelivery_IsRetried_UntilItSucceeds()
    {
        using WebhookReceiver receiver = new(500, 500);
        LlmCostPipeline pipeline = Configured(options => options
            .UseBudgetWebhook(receiver.Url, webhook => webhook.InitialDelay = TimeSpan.FromMilliseconds(10))
            .AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { WarnAt = [0.5m] }));

        pipeline.Record(Call(0.6m));
        await pipeline.FlushAsync();

        Assert.Equal([500, 500, 200], receiver.Requests.Select(r => r.Status));
        Assert.Single(receiver.Requests.Select(r => r.Body).Distinct());
        Assert.DoesNotContain(_errors, e => e.Kind == LlmCostErrorKind.AlertDeliveryFailed);
    }

    [Fact]
    public async Task ADeliveryThatKeepsFailing_IsGivenUp_AndReported_WithoutDelayingTheCall()
    {
        using WebhookReceiver receiver = new(500, 503, 500);
        LlmCostPipeline pipeline = Configured(options => options
            .UseBudgetWebhook(receiver.Url, webhook =>
            {
                webhook.MaxAttempts = 3;
                webhook.InitialDelay = TimeSpan.FromMilliseconds(200);
            })
            .AddBudget(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { WarnAt = [0.5m] }));

        System.Diagnostics.Stopwatch call = System.Diagnostics.Stopwatch.StartNew();
        pipeline.Record(Call(0.6m));
        TimeSpan recording = call.Elapsed;
        await pipeline.FlushAsync();

        Assert.True(recording < TimeSpan.FromMilliseconds(200), $"recording took {recording}");
        Assert.Equal([500, 503, 500], receiver.Requests.Select(r => r.Status));
        LlmCostErrorEventArgs error = Assert.Single(_errors, e => e.Kind == LlmCostErrorKind.AlertDeliveryFailed);
        Assert.Contains("after 3 attempts: HTTP 500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFlushWaitingWhenTheWebhookIsDisposed_Completes()
    {
        using HangingHandler handler = new();
        BudgetWebhook webhook = new(new Uri("http://127.0.0.1:9/hook"), new BudgetWebhookOptions { Handler = handler }, s_noReports);
        webhook.Enqueue(Alert());
        await handler.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Task flush = webhook.FlushAsync(CancellationToken.None);

        await webhook.DisposeAsync();

        await flush.WaitAsync(TimeSpan.FromSeconds(30)); // before: waited for ever
    }

    [Fact]
    public async Task ARetryDelayBeyondWhatTaskDelayTakes_DoesNotKillTheSender()
    {
        // 60 days is more than Task.Delay accepts (~49.7 days); long retry series get there by doubling.
        using HangingHandler handler = new(fail: true);
        BudgetWebhook webhook = new(new Uri("http://127.0.0.1:9/hook"), new BudgetWebhookOptions { Handler = handler, MaxAttempts = 2, InitialDelay = TimeSpan.FromDays(60) }, s_noReports);
        webhook.Enqueue(Alert());
        await handler.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(200);

        await webhook.DisposeAsync(); // before: the sender had died of ArgumentOutOfRangeException, rethrown here
    }

    private static LlmBudgetAlertEventArgs Alert() =>
        new(new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m), BudgetAlertLevel.Warning, 0.8m, 0.8m, DateTimeOffset.UnixEpoch);

    /// <summary>Fails at once (<c>fail</c>) or never answers until the request is cancelled.</summary>
    private sealed class HangingHandler(bool fail = false) : HttpMessageHandler
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            if (fail)
            {
                return new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError);
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    /// <summary>A pipeline whose problems the test collects.</summary>
    private LlmCostPipeline Configured(Action<LlmCostOptions> configure)
    {
        LlmCostPipeline pipeline = Pipeline(configure);
        pipeline.Error += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add(error);
            }
        };
        return pipeline;
    }
}
