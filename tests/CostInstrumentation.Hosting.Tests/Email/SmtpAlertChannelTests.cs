using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CostInstrumentation.Hosting.Email;
using static CostInstrumentation.Hosting.Tests.Email.EmailTestData;

namespace CostInstrumentation.Hosting.Tests.Email;

/// <summary>Budget alerts by e-mail against a loopback SMTP server: content, encoding, retries, an unreachable server, the test alert.</summary>
public sealed class SmtpAlertChannelTests : IAsyncLifetime
{
    private const string ScriptTag = "<script>alert('tag')</script>";
    private readonly List<LlmCostPipeline> _pipelines = [];
    private readonly List<LlmCostErrorEventArgs> _errors = [];

    [Fact]
    public async Task AnAlert_ArrivesAsPlainTextAndHtml_WithExactAmounts()
    {
        await using LoopbackSmtpServer server = new();
        LlmCostPipeline pipeline = Pipeline(Options(server.Port), new LlmBudget(BudgetScope.Project, "support", BudgetPeriod.Month, 2m) { WarnAt = [0.5m], Source = "appsettings.json" });

        pipeline.Record(Call(DateTimeOffset.UtcNow, 1.234567891m, project: "support"));
        await pipeline.FlushAsync();

        ReceivedMail mail = Assert.Single(server.Messages);
        Assert.Equal("costs@example.test", mail.From);
        Assert.Equal(["ops@example.test", "finance@example.test"], mail.To);
        Assert.Equal("[LLM cost] Budget warning: project=support (month) at 50 %, 1.234567891 USD of 2 USD", mail.Message.Subject);
        foreach (string part in new[] { mail.Text, mail.Html })
        {
            Assert.Contains("1.234567891 USD", part, StringComparison.Ordinal);
            Assert.Contains("2 USD", part, StringComparison.Ordinal);
            Assert.Contains("appsettings.json", part, StringComparison.Ordinal);
        }

        Assert.StartsWith("<!DOCTYPE html>", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<", mail.Text, StringComparison.Ordinal);
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task AScriptInATag_IsEncodedInTheHtmlPart_AndKeptAsTextInThePlainPart()
    {
        await using LoopbackSmtpServer server = new();
        LlmCostPipeline pipeline = Pipeline(Options(server.Port), new LlmBudget(BudgetScope.Tag, ScriptTag, BudgetPeriod.Day, 1m) { WarnAt = [0.5m] });

        pipeline.Record(Call(DateTimeOffset.UtcNow, 0.75m, tags: [ScriptTag]));
        await pipeline.FlushAsync();

        ReceivedMail mail = Assert.Single(server.Messages);
        Assert.DoesNotContain("<script", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("tag=&lt;script&gt;alert(&#39;tag&#39;)&lt;/script&gt;", mail.Html, StringComparison.Ordinal);
        Assert.Contains("tag=" + ScriptTag, mail.Text, StringComparison.Ordinal);
        Assert.Contains(ScriptTag, mail.Message.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatTurnsTheFirstSessionsAway_GetsTheAlertOnALaterAttempt()
    {
        await using LoopbackSmtpServer server = new(refuseFirst: 2);
        LlmCostPipeline pipeline = Pipeline(Options(server.Port), new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { WarnAt = [0.5m] });

        pipeline.Record(Call(DateTimeOffset.UtcNow, 0.6m));
        await pipeline.FlushAsync();

        Assert.Equal(3, server.Sessions);
        Assert.Contains("0.6 USD of 1 USD", Assert.Single(server.Messages).Message.Subject, StringComparison.Ordinal);
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task AnUnreachableServer_IsReportedOnce_AndNeverThrown()
    {
        int port = LoopbackSmtpServer.UnusedPort();
        LlmCostPipeline pipeline = Pipeline(Options(port), new LlmBudget(BudgetScope.Global, null, BudgetPeriod.Day, 1m) { WarnAt = [0.5m] });

        pipeline.Record(Call(DateTimeOffset.UtcNow, 0.6m)); // raises the warning: recording returns normally
        await pipeline.FlushAsync();

        LlmCostErrorEventArgs error = Assert.Single(_errors);
        Assert.Equal(LlmCostErrorKind.AlertDeliveryFailed, error.Kind);
        Assert.Contains($"e-mail to ops@example.test, finance@example.test via 127.0.0.1:{port} after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Exception);
    }

    [Fact]
    public async Task TheTestAlert_IsSentOnce_MarkedAsATest()
    {
        await using LoopbackSmtpServer server = new();
        LlmCostPipeline pipeline = Pipeline(Options(server.Port));

        LlmAlertTestResult result = Assert.Single(await pipeline.SendTestAlertAsync());

        Assert.Equal(("email", true), (result.Channel, result.Delivered));
        ReceivedMail mail = Assert.Single(server.Messages);
        Assert.StartsWith("[LLM cost] [test] Budget warning", mail.Message.Subject, StringComparison.Ordinal);
        Assert.Contains("This is a test alert", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTestAlert_ToAnUnreachableServer_SaysWhy_AndReportsNothing()
    {
        LlmCostPipeline pipeline = Pipeline(Options(LoopbackSmtpServer.UnusedPort()));

        LlmAlertTestResult result = Assert.Single(await pipeline.SendTestAlertAsync());

        Assert.False(result.Delivered);
        Assert.StartsWith("Not delivered to e-mail to ops@example.test", result.Detail, StringComparison.Ordinal);
        Assert.Empty(_errors);
    }

    [Fact]
    public async Task Credentials_AreSentWithAuthPlain()
    {
        await using LoopbackSmtpServer server = new();
        LlmCostPipeline pipeline = Pipeline(Options(server.Port, o => (o.UserName, o.Password) = ("alerts", "s3cret")));

        Assert.True(Assert.Single(await pipeline.SendTestAlertAsync()).Delivered);

        Assert.Equal("alerts:s3cret", Assert.Single(server.Messages).Credentials);
    }

    [Fact]
    public void InvalidOptions_AreRefused_NamingTheKey()
    {
        LlmCostOptions options = new();

        Microsoft.Extensions.Options.OptionsValidationException refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => options.UseEmailAlerts(Options(25, o => (o.From, o.Port) = ("not an address", 0))));

        Assert.Contains("Email:From: 'not an address' is not an e-mail address.", refused.Failures);
        Assert.Contains(refused.Failures, f => f.StartsWith("Email:Port:", StringComparison.Ordinal));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (LlmCostPipeline pipeline in _pipelines)
        {
            await pipeline.DisposeAsync();
        }
    }

    private LlmCostPipeline Pipeline(EmailAlertOptions email, params LlmBudget[] budgets)
    {
        LlmCostPipeline pipeline = LlmCostPipeline.Create(options =>
        {
            options.UseEmailAlerts(email);
            foreach (LlmBudget budget in budgets)
            {
                options.AddBudget(budget);
            }
        });
        pipeline.Error += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add(error);
            }
        };
        _pipelines.Add(pipeline);
        return pipeline;
    }
}
