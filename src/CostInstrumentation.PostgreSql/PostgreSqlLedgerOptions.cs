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

    /// <summary>
    /// The hard limits this host admits calls for from leases (none by default): instead of one round trip per call, the
    /// host reserves <see cref="LeaseFraction"/> of the budget's limit in one round trip and admits calls from it locally,
    /// giving back what it did not use. Every host's leases plus the spend never exceed the limit, even while a host is
    /// cut off (it admits only what its lease still holds). For budgets hot enough that one counter row is the bottleneck.
    /// A call is admitted from a lease only when every hard limit it falls under is leased.
    /// </summary>
    public Func<LlmBudget, bool> Lease
    {
        get;
        set => field = value ?? throw new ArgumentNullException(nameof(value));
    } = static _ => false;

    /// <summary>
    /// How much of a leased budget's limit one lease takes (at least one call's reservation). Other hosts cannot use what a
    /// host's lease holds until it is spent or given back, so with n hosts up to n times this much of the limit can sit
    /// unused near the end of a period. Default 0.01 (1 %).
    /// </summary>
    public decimal LeaseFraction
    {
        get;
        set => field = value is > 0m and <= 1m ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A lease is a fraction of the limit, more than 0 and at most 1.");
    } = 0.01m;

    /// <summary>
    /// How long a lease may go without a call drawing on it before the host gives back what it holds. A lease is also
    /// given back, and a new one taken, after half of <see cref="HoldTimeout"/> (its expiry in the ledger if the host
    /// dies), and when the host stops. Default 1 s.
    /// </summary>
    public TimeSpan LeaseIdleTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
