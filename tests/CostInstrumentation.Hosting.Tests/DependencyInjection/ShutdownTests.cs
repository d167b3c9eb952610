using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CostInstrumentation.Hosting.Tests.DependencyInjection;

/// <summary>What the host does when it stops: flush the records, export them when asked, hand the tracker back.</summary>
[Collection(HostedTrackerCollection.Name)]
public sealed class ShutdownTests
{
    [Theory]
    [InlineData("calls.csv", 3)] // header + 2 rows
    [InlineData("calls.jsonl", 2)]
    public async Task StoppingFlushesTheDatabaseAndExportsTheCallsOfTheRun(string exportFile, int exportLines)
    {
        await using TestHost test = TestHost.FromSection(new Dictionary<string, string?>
        {
            ["CostInstrumentation:SqlitePath"] = "{folder}/costs.db",
            ["CostInstrumentation:SqliteDurability"] = "Buffered",
            ["CostInstrumentation:ExportOnExit"] = "{folder}/" + exportFile,
        });

        await test.Host.StartAsync();
        Calls.Shim();
        Calls.Shim(outputTokens: 1_000);
        await test.Host.StopAsync();

        using (SqliteConnection connection = new($"Data Source={Path.Combine(test.Folder, "costs.db")};Mode=ReadOnly"))
        {
            connection.Open();
            using SqliteCommand count = connection.CreateCommand();
            count.CommandText = "SELECT count(*), sum(cost_nanousd) FROM llm_calls";
            using SqliteDataReader reader = count.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal(2L, reader.GetInt64(0));
            // 0.002 + 0.003 USD
            Assert.Equal(5_000_000L, reader.GetInt64(1));
        }

        string[] lines = File.ReadAllLines(Path.Combine(test.Folder, exportFile));
        Assert.Equal(exportLines, lines.Length);
        Assert.All(lines.Skip(exportLines - 2), line => Assert.Contains(Calls.Model, line, System.StringComparison.Ordinal));
        Assert.Contains(test.Log.Entries, e => e.EventId.Id == 106 && e.Message.StartsWith("Exported 2 calls", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnExportThatFailsIsLoggedAndShutdownGoesOn()
    {
        await using TestHost test = TestHost.FromSection(new Dictionary<string, string?>
        {
            ["CostInstrumentation:SqlitePath"] = "{folder}/costs.db",
            ["CostInstrumentation:ExportOnExit"] = "{folder}/no-such-folder/calls.csv",
        });

        await test.Host.StartAsync();
        Calls.Shim();
        await test.Host.StopAsync();

        Assert.Contains(test.Log.Entries, e => e.EventId.Id == 107);
    }

    [Fact]
    public async Task AHostWhoseStartFailedAfterTrackingStartedHandsTheTrackerBackWhenDisposed()
    {
        InMemoryCostSink sink = new();
        TestHost test = TestHost.Build(new Dictionary<string, string?>(), (services, _) =>
        {
            services.AddLlmCostTracking(options => options.AddSink(sink));
            services.AddHostedService<FailingService>();
        });

        await Assert.ThrowsAsync<System.InvalidOperationException>(() => test.Host.StartAsync());
        await test.DisposeAsync();
        Calls.Shim();

        Assert.Empty(sink.Records);
    }

    private sealed class FailingService : IHostedService
    {
        public Task StartAsync(System.Threading.CancellationToken cancellationToken) => throw new System.InvalidOperationException("this service cannot start");

        public Task StopAsync(System.Threading.CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
