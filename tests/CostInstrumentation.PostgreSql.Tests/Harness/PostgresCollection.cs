namespace CostInstrumentation.PostgreSql.Tests.Harness;

/// <summary>Every test class shares one server (each test its own database).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
