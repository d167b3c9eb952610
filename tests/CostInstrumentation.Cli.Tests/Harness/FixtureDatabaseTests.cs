namespace CostInstrumentation.Cli.Tests.Harness;

/// <summary>A test class whose every test gets a fresh <see cref="Fixture"/> database, deleted after it.</summary>
public abstract class FixtureDatabaseTests : IAsyncLifetime
{
    private protected TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await Fixture.CreateAsync();

    public Task DisposeAsync()
    {
        Database.Dispose();
        return Task.CompletedTask;
    }
}
