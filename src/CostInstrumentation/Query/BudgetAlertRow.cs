namespace CostInstrumentation;

/// <summary>A budget alert (a warning threshold or the limit crossed in a period) and its budget.</summary>
public sealed record BudgetAlertRow(
    long Id,
    long BudgetId,
    string Scope,
    string? ScopeValue,
    string Period,
    DateTimeOffset PeriodStartUtc,
    string Threshold,
    decimal SpentUsd,
    DateTimeOffset RaisedUtc,
    DateTimeOffset? AcknowledgedUtc);
