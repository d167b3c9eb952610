using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CostInstrumentation.Hosting.Email;
using CostInstrumentation.Hosting.Tests.ChatClients;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CostInstrumentation.Hosting.Tests.Email;

/// <summary>
/// <c>AddLlmCostTracking</c> with an <c>Email</c> sub-section. Its host lends its pipeline to the process-wide tracker while it
/// runs, so it never runs beside another test that records through the tracker.
/// </summary>
[Collection(GlobalTrackerCollection.Name)]
public sealed class EmailTrackingRegistrationTests
{
    private const string Section = "CostInstrumentation:Email";

    [Fact]
    public async Task AddLlmCostTracking_WithAnEmailSubSection_SendsItsPipelinesAlertsByEmail_AndDigestsItsDatabase()
    {
        await using LoopbackSmtpServer server = new();
        string database = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"email-tracking-{Guid.NewGuid():N}.db");
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CostInstrumentation:SqlitePath"] = database,
            [$"{Section}:Host"] = "127.0.0.1",
            [$"{Section}:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{Section}:Tls"] = "None",
            [$"{Section}:From"] = "costs@example.test",
            [$"{Section}:To:0"] = "ops@example.test",
            [$"{Section}:Digest:Schedule"] = "Daily",
        });
        builder.Services.AddLlmCostTracking(builder.Configuration.GetSection("CostInstrumentation"));
        builder.Services.AddLlmCostTracking(builder.Configuration.GetSection("CostInstrumentation")); // twice: still one e-mail channel
        using IHost host = builder.Build();
        await host.StartAsync();

        IReadOnlyList<LlmAlertTestResult> results = await host.Services.GetRequiredService<LlmCostPipeline>().SendTestAlertAsync();

        Assert.Equal(["log", "email"], results.Select(r => r.Channel));
        Assert.All(results, r => Assert.True(r.Delivered, r.Detail));
        Assert.Single(server.Messages);
        Assert.Equal(database, host.Services.GetRequiredService<LlmCostEmail>().Options.Digest.Database);
        await host.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.File.Delete(database);
    }
}
