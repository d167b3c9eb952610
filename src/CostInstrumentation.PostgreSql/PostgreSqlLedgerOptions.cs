namespace CostInstrumentation.PostgreSql;

/// <summary>How a host ships its outbox to the shared ledger and reserves shared budgets (<see cref="PostgreSqlCostOptionsExtensions.UsePostgreSql"/>).</summary>
public sealed class PostgreSqlLedgerOptions
{
    /// <summary>Calls sent per transaction at most. Default 2,000.</summary>
    public int MaxBatchSize
    {
        get;
        set => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A batch holds at least one call.");
    } = 2_000;

    /// <summary>How long a recorded call may wait before the shipper looks for it (the shipper polls the outbox this often when idle). Default 200 ms.</summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest pause between attempts while PostgreSQL is unreachable (the pause doubles from 50 ms up to it). Default 5 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a call's hold on shared hard limits lasts if its row never reaches the ledger (the host died): after it,
    /// the next reservation on the budget sweeps it. Longer than your slowest call plus shipping. Default 10 minutes.
    /// </summary>
    public TimeSpan HoldTimeout
    {
        get;
        set => field = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A hold must last some time.");
    } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// After PostgreSQL could not be reached for a reservation, how long admission decides without trying again (each
    /// call would otherwise wait for the connection timeout). Default 1 s.
    /// </summary>
    public TimeSpan UnreachableBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The hard limits that admit calls (fail open) while PostgreSQL cannot be reached; the others refuse them (fail
    /// closed, the default for every hard limit). Calls admitted open are recorded and shipped later, so their spend
    /// counts once the ledger is back, but the limit is not enforced meanwhile.
    /// </summary>
    public Func<LlmBudget, bool> FailOpen
    {
        get;
        set => field = value ?? throw new ArgumentNullException(nameof(value));
    } = static _ => false;
}
