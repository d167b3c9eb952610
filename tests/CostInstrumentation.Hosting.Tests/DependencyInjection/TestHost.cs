using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CostInstrumentation.Hosting.Tests.DependencyInjection;

/// <summary>A host with in-memory configuration, the log it wrote, and a temporary folder removed with it.</summary>
internal sealed class TestHost : IAsyncDisposable
{
    private TestHost(IHost host, LogCollector log, string folder)
    {
        Host = host;
        Log = log;
        Folder = folder;
    }

    public IHost Host { get; }

    public LogCollector Log { get; }

    public string Folder { get; }

    public LlmCostPipeline Pipeline => Host.Services.GetRequiredService<LlmCostPipeline>();

    /// <summary>
    /// Builds (not starts) a host whose configuration is <paramref name="settings"/>; <paramref name="register"/>
    /// registers cost tracking. <c>{folder}</c> in a value is the host's temporary folder.
    /// </summary>
    public static TestHost Build(IDictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> register)
    {
        string folder = Path.Combine(Path.GetTempPath(), "hosting-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        Dictionary<string, string?> resolved = [];
        foreach ((string key, string? value) in settings)
        {
            resolved[key] = value?.Replace("{folder}", folder, StringComparison.Ordinal);
        }

        builder.Configuration.AddInMemoryCollection(resolved);
        LogCollector log = new();
        builder.Services.AddLogging(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Debug));
        builder.Services.AddMetrics();
        register(builder.Services, builder.Configuration);
        return new TestHost(builder.Build(), log, folder);
    }

    /// <summary>The usual registration: the <c>CostInstrumentation</c> section.</summary>
    public static TestHost FromSection(IDictionary<string, string?> settings, Action<ILlmCostTrackingBuilder>? more = null) =>
        Build(settings, (services, configuration) =>
        {
            ILlmCostTrackingBuilder builder = services.AddLlmCostTracking(configuration.GetSection(LlmCostTrackingOptions.SectionName));
            more?.Invoke(builder);
        });

    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
