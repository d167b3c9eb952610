using System.IO;

namespace CostInstrumentation.Cli.Tests.Harness;

/// <summary>Tests over a fresh database and a pricing file beside it (<c>--pricing</c>), made before each test and deleted after.</summary>
public abstract class PricedDatabaseTest(string prices) : IAsyncLifetime
{
    private protected TestDatabase Database { get; private set; } = null!;

    /// <summary>The pricing file's path.</summary>
    protected string Pricing => Path.Combine(Database.Folder, "prices.json");

    public async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        File.WriteAllText(Pricing, prices);
    }

    public Task DisposeAsync()
    {
        Database.Dispose();
        return Task.CompletedTask;
    }

    private protected abstract Task<TestDatabase> CreateDatabaseAsync();
}
