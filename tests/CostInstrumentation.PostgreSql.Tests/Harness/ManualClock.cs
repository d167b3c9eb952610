namespace CostInstrumentation.PostgreSql.Tests.Harness;

/// <summary>A clock the test sets: budget periods follow it.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
