using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Hosting.Email;

/// <summary>
/// The spend digest: the period's totals next to the period before, its top models, projects, tags, sessions and
/// operations, and the budgets at risk — every figure asked of the report layer, so it agrees with <c>llmcost</c> and the
/// dashboard.
/// </summary>
internal static class DigestEmail
{
    private static readonly (ReportDimension Dimension, string Title)[] Drivers =
    [
        (ReportDimension.Model, "Model"),
        (ReportDimension.Project, "Project"),
        (ReportDimension.Tag, "Tag"),
        (ReportDimension.Session, "Session"),
        (ReportDimension.Operation, "Operation"),
    ];

    /// <summary>The period a digest sent at <paramref name="now"/> covers: yesterday, or last week (ISO, Monday first), in <paramref name="zone"/>.</summary>
    internal static ReportPeriod Period(EmailDigestSchedule schedule, DateTimeOffset now, TimeZoneInfo zone) =>
        PeriodParser.Named(schedule == EmailDigestSchedule.Weekly ? "last-week" : "yesterday", now, zone);

    internal static EmailDocument Compose(CostReports reports, EmailDigestSchedule schedule, DateTimeOffset now, TimeZoneInfo zone, int top, string subjectPrefix)
    {
        ReportPeriod period = Period(schedule, now, zone);
        DateTime firstDay = period.FromLocal!.Value.Date;
        bool weekly = schedule == EmailDigestSchedule.Weekly;
        string name = weekly ? CostReports.WeekKey(firstDay) : firstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        ReportPeriod previous = PeriodParser.Named(
            weekly ? CostReports.WeekKey(firstDay.AddDays(-7)) : firstDay.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), now, zone);
        CostTotals totals = reports.Totals(period);
        CostTotals before = reports.Totals(previous);
        string zoneName = ReportZone.Name(zone);

        EmailDocument document = new($"{subjectPrefix} {(weekly ? "Weekly" : "Daily")} digest {name}: {EmailDocument.Cost(totals)}");
        document
            .Heading($"LLM spend {(weekly ? "in week" : "on")} {name}")
            .Paragraph($"From {Local(period.FromLocal!.Value)} to {Local(period.ToLocal!.Value)} ({zoneName}).")
            .Table([], [
                ["Spent", EmailDocument.Cost(totals) + (totals.LowerBoundCalls > 0 ? $" at least ({EmailDocument.Count(totals.LowerBoundCalls)} streams ended before their usage was reported)" : "")],
                ["Calls", EmailDocument.Count(totals.Calls)],
                ["Not priced", totals.UnpricedCalls == 0 ? "0" : $"{EmailDocument.Count(totals.UnpricedCalls)} (their cost is unknown and not in the total)"],
                ["Failed", EmailDocument.Count(totals.FailedCalls)],
                [weekly ? "The week before" : "The day before", $"{EmailDocument.Cost(before)} ({Change(totals.CostUsd, before.CostUsd)})"],
            ]);

        foreach ((ReportDimension dimension, string title) in Drivers)
        {
            IReadOnlyList<ReportRow> rows = reports.Breakdown(period, dimension, top: top);
            if (rows.Count > 0)
            {
                document.Heading($"Top {title.ToLowerInvariant()}s").Table(
                    [title, "Cost", "Calls", "Not priced"],
                    rows.Select(row => (IReadOnlyList<string>)[row.Key.Length == 0 ? "(none)" : row.Key, EmailDocument.Cost(row.Totals), EmailDocument.Count(row.Totals.Calls), EmailDocument.Count(row.Totals.UnpricedCalls)]));
            }
        }

        List<BudgetReportRow> atRisk = [.. reports.Budgets(now).Where(AtRisk)];
        document.Heading("Budgets at risk (UTC periods)");
        if (atRisk.Count == 0)
        {
            document.Paragraph("None: every budget is below its first warning and on course to stay within its limit.");
        }
        else
        {
            document.Table(
                ["Budget", "Period", "Spent", "Limit", "Used", "Projected", "Health"],
                atRisk.Select(row => (IReadOnlyList<string>)[
                    row.Subject,
                    row.Status.Period,
                    EmailDocument.Usd(row.Status.SpentUsd),
                    EmailDocument.Usd(row.Status.LimitUsd),
                    EmailDocument.Percent(row.Status.Fraction),
                    row.ProjectedUsd is { } projected ? EmailDocument.Usd(projected) : "",
                    row.Health.ToString().ToLowerInvariant() + (row.Status.HardLimit ? ", hard limit" : ""),
                ]));
        }

        return document;
    }

    /// <summary>Enforced, and at or past a warning or heading past its limit by the period's end at its current pace.</summary>
    private static bool AtRisk(BudgetReportRow row) =>
        row.Health is BudgetHealth.Warning or BudgetHealth.Limit
        || (row.Health == BudgetHealth.Ok && row.ProjectedUsd is { } projected && projected > row.Status.LimitUsd);

    private static string Change(decimal now, decimal before) =>
        now >= before ? $"+{EmailDocument.Usd(now - before)}" : $"-{EmailDocument.Usd(before - now)}";

    private static string Local(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
