using System.Globalization;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Dashboard.Api.Models;

/// <summary>
/// A budget, its spend in the current UTC period and where it is heading (the CLI's <c>budget status</c>); a budget that is
/// not <c>enabled</c> is not enforced (health <c>disabled</c>).
/// </summary>
public sealed record ApiBudget(
    long Id, string Scope, string? ScopeValue, string Subject, string Period, string LimitUsd, long LimitNanoUsd, bool HardLimit, string? Fallback,
    IReadOnlyList<string> WarnAt, bool Declared, bool Enabled, string? Source, string SpentUsd, long SpentNanoUsd, string Fraction, string Health,
    string? PeriodStartUtc, string? PeriodEndUtc, string? LeftUsd, string? DaysLeft, string? AveragePerDayUsd, string? ProjectedUsd, string? LimitReachedUtc)
{
    internal static ApiBudget Of(BudgetReportRow row) => new(
        row.Status.Id, row.Status.Scope, row.Status.ScopeValue, row.Subject, row.Status.Period, Envelope.Usd(row.Status.LimitUsd), Envelope.Nano(row.Status.LimitUsd),
        row.Status.HardLimit, row.Fallback, [.. row.WarnAt.Select(f => f.ToString(CultureInfo.InvariantCulture))], row.Declared, row.Enabled, row.Status.Source,
        Envelope.Usd(row.Status.SpentUsd), Envelope.Nano(row.Status.SpentUsd), Envelope.Number(row.Status.Fraction)!, row.Health.ToString().ToLowerInvariant(),
        Envelope.Instant(row.Status.PeriodStartUtc), Envelope.Instant(row.PeriodEndUtc), Envelope.Usd(row.LeftUsd), Envelope.Number(row.DaysLeft),
        Envelope.Usd(row.AveragePerDayUsd), Envelope.Usd(row.ProjectedUsd), Envelope.Instant(row.LimitReachedUtc));
}

/// <summary>
/// A budget to create or the full new settings of one (PUT): scope (<c>global</c>, <c>provider</c>, <c>model</c>, <c>project</c>,
/// <c>session</c>, <c>tag</c>, <c>operation</c>) and its value, period (<c>per_call</c>, <c>day</c>, <c>week</c>, <c>month</c>,
/// <c>year</c>), the limit as a decimal string (or number), a hard limit and its fallback model, the warning fractions.
/// </summary>
public sealed record ApiBudgetRequest(string? Scope, string? ScopeValue, string? Period, string? LimitUsd, bool HardLimit, string? Fallback, IReadOnlyList<string>? WarnAt);

/// <summary>A budget alert (a warning threshold or the limit crossed in a UTC period).</summary>
public sealed record ApiAlert(
    long Id, long BudgetId, string Budget, string Period, string PeriodStartUtc, string Threshold, string SpentUsd, long SpentNanoUsd, string RaisedUtc, string? AcknowledgedUtc)
{
    internal static ApiAlert Of(BudgetAlertRow alert) => new(
        alert.Id, alert.BudgetId,
        alert.ScopeValue is null ? (alert.Scope.Length > 0 ? alert.Scope : "(removed budget " + alert.BudgetId.ToString(CultureInfo.InvariantCulture) + ")") : $"{alert.Scope}={alert.ScopeValue}",
        alert.Period, Envelope.Instant(alert.PeriodStartUtc)!, alert.Threshold, Envelope.Usd(alert.SpentUsd), Envelope.Nano(alert.SpentUsd),
        Envelope.Instant(alert.RaisedUtc)!, Envelope.Instant(alert.AcknowledgedUtc));
}

/// <summary>The outcome of testing an alert channel.</summary>
public sealed record ApiChannelTest(string Channel, bool Delivered, string Detail);
