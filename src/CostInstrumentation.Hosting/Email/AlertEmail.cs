using CostInstrumentation.Reports;

namespace CostInstrumentation.Hosting.Email;

/// <summary>The e-mail of one budget alert: what was reached, how much was spent of what, in which (UTC) period.</summary>
internal static class AlertEmail
{
    internal static EmailDocument Compose(LlmBudgetAlertEventArgs alert, string subjectPrefix)
    {
        LlmBudget budget = alert.Budget;
        string subject = BudgetText.Subject(budget);
        string period = BudgetText.Period(budget);
        bool test = BudgetTestAlert.IsTest(alert);
        string level = alert.Level switch
        {
            BudgetAlertLevel.Warning => "warning",
            BudgetAlertLevel.Critical => "critical",
            _ => "exceeded",
        };
        EmailDocument document = new(
            $"{subjectPrefix}{(test ? " [test]" : "")} Budget {level}: {subject} ({period}) at {EmailDocument.Percent(alert.Threshold)}, {EmailDocument.Usd(alert.SpentUsd)} of {EmailDocument.Usd(alert.LimitUsd)}");
        if (test)
        {
            document.Paragraph("This is a test alert: no budget was reached. Budget alerts will arrive like this one.");
        }

        bool perCall = budget.Period == BudgetPeriod.PerCall;
        document
            .Heading($"Budget {level}: {subject}")
            .Paragraph(perCall
                ? $"A call estimated at {EmailDocument.Usd(alert.SpentUsd)} reached {EmailDocument.Percent(alert.Threshold)} of the per-call limit of {EmailDocument.Usd(alert.LimitUsd)} at {EmailDocument.Utc(alert.PeriodStartUtc)}."
                : $"The {period} budget has spent {EmailDocument.Usd(alert.SpentUsd)} of its {EmailDocument.Usd(alert.LimitUsd)} limit, reaching {EmailDocument.Percent(alert.Threshold)}, in the period from {EmailDocument.Utc(alert.PeriodStartUtc)} (budgets count UTC periods).")
            .Table([], [
                ["Budget", subject],
                ["Period", period],
                ["Limit", EmailDocument.Usd(alert.LimitUsd)],
                ["Spent", EmailDocument.Usd(alert.SpentUsd)],
                ["Threshold", EmailDocument.Percent(alert.Threshold)],
                ["Hard limit", budget.HardLimit ? (budget.Fallback is { } fallback ? $"yes: calls past it go to {fallback}" : "yes: calls past it are blocked") : "no"],
                ["Declared in", budget.Source ?? "(not named)"],
            ]);
        return document;
    }
}
