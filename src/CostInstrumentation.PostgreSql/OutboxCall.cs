namespace CostInstrumentation.PostgreSql;

/// <summary>One call read from the outbox, as the ledger stores it (the local row id is its id within the host).</summary>
internal sealed record OutboxCall(
    long LocalId,
    DateTimeOffset TimestampUtc,
    string Provider,
    string Model,
    string Operation,
    string CallSite,
    string? Project,
    string? SessionId,
    string TagsJson,
    IReadOnlyList<string> Tags,
    long InputTokens,
    long CachedInputTokens,
    long CacheWriteTokens,
    long OutputTokens,
    long ReasoningTokens,
    long? CostNanoUsd,
    bool CostIsLowerBound,
    long DurationMs,
    string Outcome,
    string? ErrorType,
    string? PricingVersion,
    Guid? HoldId)
{
    /// <summary>What budget scopes select on.</summary>
    internal BudgetSubject Subject => new(Provider, Model, Project, SessionId, Tags, Operation);
}

/// <summary>An outbox row that is not a valid call: kept in the ledger's <c>llmcost_rejected_calls</c> with its text, never dropped silently.</summary>
internal sealed record RejectedCall(long LocalId, string Reason, string RowText);
