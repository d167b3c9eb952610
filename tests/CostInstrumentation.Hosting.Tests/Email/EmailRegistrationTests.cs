using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using CostInstrumentation.Hosting.Email;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CostInstrumentation.Hosting.Tests.Email;

/// <summary><c>AddLlmCostEmailAlerts</c>: binding from configuration, start-up validation naming the key, the pipeline's e-mail channel.</summary>
public sealed class EmailRegistrationTests
{
    private const string Section = "CostInstrumentation:Email";

    [Fact]
    public void AGoodSection_BindsEveryKey()
    {
        using IHost host = Host(new()
        {
            [$"{Section}:Host"] = "smtp.example.test",
            [$"{Section}:Port"] = "465",
            [$"{Section}:Tls"] = "Implicit",
            [$"{Section}:UserName"] = "alerts",
            [$"{Section}:Password"] = "s3cret",
            [$"{Section}:From"] = "LLM costs <costs@example.test>",
            [$"{Section}:To:0"] = "ops@example.test",
            [$"{Section}:To:1"] = "finance@example.test",
            [$"{Section}:MaxAttempts"] = "7",
            [$"{Section}:InitialDelay"] = "00:00:03",
            [$"{Section}:Digest:Schedule"] = "Weekly",
            [$"{Section}:Digest:At"] = "07:30",
            [$"{Section}:Digest:Day"] = "Friday",
            [$"{Section}:Digest:TimeZone"] = "Europe/Berlin",
            [$"{Section}:Digest:Database"] = "costs.db",
            [$"{Section}:Digest:Top"] = "3",
        });

        EmailAlertOptions options = host.Services.GetRequiredService<LlmCostEmail>().Options;

        Assert.Equal(("smtp.example.test", 465, EmailTlsMode.Implicit, "alerts", "s3cret"), (options.Host, options.Port, options.Tls, options.UserName, options.Password));
        Assert.Equal(["ops@example.test", "finance@example.test"], options.To);
        Assert.Equal((7, TimeSpan.FromSeconds(3)), (options.MaxAttempts, options.InitialDelay));
        Assert.Equal((EmailDigestSchedule.Weekly, new TimeOnly(7, 30), DayOfWeek.Friday, "Europe/Berlin", "costs.db", 3),
            (options.Digest.Schedule, options.Digest.At, options.Digest.Day, options.Digest.TimeZone, options.Digest.Database, options.Digest.Top));
    }

    [Fact]
    public async Task BadValues_StopTheHost_WithAMessageNamingEachKey()
    {
        using IHost host = Host(new()
        {
            [$"{Section}:Port"] = "70000",
            [$"{Section}:From"] = "costs@example.test",
            [$"{Section}:To:0"] = "nobody",
            [$"{Section}:Digest:Schedule"] = "Daily",
            [$"{Section}:Digest:TimeZone"] = "Mars/Olympus_Mons",
        });

        OptionsValidationException refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            [
                $"{Section}:Host: the SMTP server's host name is missing.",
                $"{Section}:Port: 70000 is not a TCP port (1 to 65535).",
                $"{Section}:To:0: 'nobody' is not an e-mail address.",
                $"{Section}:Digest:Database: a digest needs the SQLite cost database it reads.",
                $"{Section}:Digest:TimeZone: 'Mars/Olympus_Mons' is not a time zone: use local, utc or an IANA id such as Europe/Berlin.",
            ],
            refused.Failures);
    }

    [Fact]
    public async Task AMissingSection_StopsTheHost_SayingWhatIsMissing()
    {
        using IHost host = Host([]);

        OptionsValidationException refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"{Section}:Host: the SMTP server's host name is missing.", refused.Failures);
        Assert.Contains($"{Section}:To: no recipient: list at least one address.", refused.Failures);
    }

    [Fact]
    public async Task AMisspelledKey_OrAValueOfTheWrongType_IsNamed()
    {
        using IHost misspelled = Host(new() { [$"{Section}:Hots"] = "smtp.example.test" });
        using IHost wrongType = Host(new() { [$"{Section}:Port"] = "twenty-five" });

        InvalidOperationException unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => misspelled.StartAsync());
        InvalidOperationException unconvertible = await Assert.ThrowsAsync<InvalidOperationException>(() => wrongType.StartAsync());

        Assert.Contains("'Hots'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains($"'{Section}:Port'", unconvertible.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APipelineBuiltFromTheServices_SendsAlertsByEmail_OnlyWhenRegistered()
    {
        await using LoopbackSmtpServer server = new();
        ServiceCollection registered = new();
        registered.AddLlmCostEmailAlerts(email =>
        {
            EmailTestData.PointAt(email, server.Port);
        });
        await using ServiceProvider withEmail = registered.BuildServiceProvider();
        await using ServiceProvider without = new ServiceCollection().BuildServiceProvider();

        await using LlmCostPipeline emailing = LlmCostPipeline.Create(options => options.UseEmailAlerts(withEmail));
        await using LlmCostPipeline silent = LlmCostPipeline.Create(options => options.UseEmailAlerts(without));

        Assert.Equal(("email", true), Assert.Single(await emailing.SendTestAlertAsync()) is var r ? (r.Channel, r.Delivered) : default);
        Assert.Empty(await silent.SendTestAlertAsync());
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task TheContainersPipeline_MayAskForEmail_WhileLlmCostEmailReportsToThatPipeline()
    {
        ServiceCollection services = new();
        services.AddLlmCostEmailAlerts(email =>
        {
            EmailTestData.PointAt(email, LoopbackSmtpServer.UnusedPort());
            email.Digest.Database = "no-such-costs.db";
        });
        services.AddSingleton(provider => LlmCostPipeline.Create(options => options.UseEmailAlerts(provider)));
        await using ServiceProvider provider = services.BuildServiceProvider();
        LlmCostPipeline pipeline = provider.GetRequiredService<LlmCostPipeline>();
        List<LlmCostErrorEventArgs> errors = [];
        pipeline.Error += (_, error) => errors.Add(error);

        Assert.False(await provider.GetRequiredService<LlmCostEmail>().SendDigestAsync(EmailDigestSchedule.Daily));

        Assert.Equal(LlmCostErrorKind.AlertDeliveryFailed, Assert.Single(errors).Kind);
        Assert.Equal("email", Assert.Single(await pipeline.SendTestAlertAsync()).Channel);
    }

    [Fact]
    public async Task LlmCostEmail_SendsATestAlertOfItsOwn()
    {
        await using LoopbackSmtpServer server = new();
        LlmCostEmail email = new(EmailTestData.Options(server.Port));

        LlmAlertTestResult result = await email.SendTestAlertAsync();

        Assert.True(result.Delivered, result.Detail);
        Assert.Contains("[test]", Assert.Single(server.Messages).Message.Subject, StringComparison.Ordinal);
    }

    private static IHost Host(Dictionary<string, string?> settings)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLlmCostEmailAlerts(builder.Configuration.GetSection(Section));
        return builder.Build();
    }
}
