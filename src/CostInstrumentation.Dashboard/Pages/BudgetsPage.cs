using System.Globalization;
using CostInstrumentation.Reports;
using Microsoft.AspNetCore.Http;

namespace CostInstrumentation.Dashboard.Pages;

/// <summary>Budgets: each one's progress in its current UTC period with the projection, and the forms that set, disable and remove entered ones.</summary>
internal static class BudgetsPage
{
    private static readonly (string Value, BudgetScope Scope)[] Scopes =
        [("global", BudgetScope.Global), ("provider", BudgetScope.Provider), ("model", BudgetScope.Model), ("project", BudgetScope.Project),
         ("session", BudgetScope.Session), ("tag", BudgetScope.Tag), ("operation", BudgetScope.Operation)];

    private static readonly (string Value, BudgetPeriod Period)[] Periods =
        [("day", BudgetPeriod.Day), ("week", BudgetPeriod.Week), ("month", BudgetPeriod.Month), ("year", BudgetPeriod.Year), ("per_call", BudgetPeriod.PerCall)];

    public static string Render(PageRequest request, CostReports reports)
    {
        IReadOnlyList<BudgetReportRow> budgets = reports.Budgets(request.Now);
        Html body = new();
        if (request.Get("saved") is { } saved)
        {
            body.Add($"""<p class="notice" role="status">Saved budget {saved}. An application recording to this database enforces it within its budget refresh interval (5 s by default).</p>""");
        }

        body.Add($"""<section class="card wide">{Table(request, budgets, forms: !request.Dashboard.Options.ReadOnly)}</section>""");
        if (!request.Dashboard.Options.ReadOnly)
        {
            body.Add($"{Form(request, budgets.FirstOrDefault(b => b.Status.Id.ToString(CultureInfo.InvariantCulture) == request.Get("edit")))}");
        }

        return PageLayout.Render(request, "Budgets", body.ToMarkup(), filters: false);
    }

    /// <summary>Every budget's health: spend against the limit (the bar), the projection to the period's end (the mark).</summary>
    public static Markup Table(PageRequest request, IReadOnlyList<BudgetReportRow> budgets, bool forms)
    {
        Html html = new();
        html.Add($"""<table class="budgets"><caption>Budgets (UTC periods)</caption><thead><tr><th>Id</th><th>Scope</th><th>Period</th><th class="num">Spent</th><th class="num">Limit</th><th>Progress</th><th class="num">Projected</th><th>Limit reached</th><th>Health</th><th></th></tr></thead><tbody>""");
        foreach (BudgetReportRow budget in budgets)
        {
            BudgetStatusRow status = budget.Status;
            string health = budget.Health.ToString().ToLowerInvariant();
            decimal? projectedFraction = budget.ProjectedUsd is { } projected && status.LimitUsd > 0 ? projected / status.LimitUsd : null;
            string meterLabel = $"{PageText.Percent(status.Fraction)} of {PageText.Usd(status.LimitUsd)}" + (projectedFraction is { } p ? $", projected {PageText.Percent(p)}" : "");
            string reached = budget.LimitReachedUtc is { } at ? PageText.Time(at, TimeZoneInfo.Utc) + " UTC" : budget.Health == BudgetHealth.Limit ? "reached" : "—";
            string projectedText = budget.ProjectedUsd is { } value ? PageText.Usd(value) : "—";
            string hard = status.HardLimit ? " (hard)" : "";
            html.Add($"""<tr class="{health}"><td>{status.Id}</td><td>{budget.Subject}</td><td>{status.Period}{hard}</td><td class="num">{PageText.Usd(status.SpentUsd)}</td><td class="num">{PageText.Usd(status.LimitUsd)}</td><td>{SvgCharts.Meter(status.Fraction, projectedFraction, health, meterLabel)}</td><td class="num">{projectedText}</td><td>{reached}</td><td><span class="badge {health}">{health}</span></td><td>""");
            if (budget.Declared)
            {
                html.Add($"""<span class="muted" title="Declared in code or options: change it where it is declared">declared</span>""");
            }
            else if (forms)
            {
                string toggle = budget.Enabled ? "disable" : "enable";
                html.Add($"""<a href="{request.Link("/budgets", ("edit", status.Id.ToString(CultureInfo.InvariantCulture)))}">edit</a> <form method="post" action="{request.Base}/budgets/enable" class="inline">{PageForms.Token(request)}<input type="hidden" name="id" value="{status.Id}"><input type="hidden" name="enabled" value="{(!budget.Enabled).ToString(CultureInfo.InvariantCulture)}"><button type="submit" class="link">{toggle}</button></form> <form method="post" action="{request.Base}/budgets/remove" class="inline">{PageForms.Token(request)}<input type="hidden" name="id" value="{status.Id}"><button type="submit" class="link">remove</button></form>""");
            }

            html.Add($"</td></tr>");
        }

        if (budgets.Count == 0)
        {
            html.Add($"""<tr><td colspan="10" class="empty">No budgets.</td></tr>""");
        }

        html.Add($"</tbody></table>");
        return html.ToMarkup();
    }

    private static Markup Form(PageRequest request, BudgetReportRow? editing)
    {
        BudgetStatusRow? status = editing?.Status;
        string title = status is null ? "New budget" : $"Edit budget {status.Id}";
        Html html = new();
        html.Add($"""<form class="card wide budget-form" method="post" action="{request.Base}/budgets"><h2>{title}</h2>{PageForms.Token(request)}<label>Scope <select name="scope">""");
        foreach ((string value, _) in Scopes)
        {
            html.Option(value, value == status?.Scope);
        }

        html.Add($"""</select></label><label>Value <input name="value" value="{status?.ScopeValue}" placeholder="(global: none)"></label><label>Period <select name="period">""");
        foreach ((string value, _) in Periods)
        {
            html.Option(value, value == status?.Period);
        }

        string limit = status?.LimitUsd.ToString(CultureInfo.InvariantCulture) ?? "";
        string warnAt = editing is { WarnAt.Count: > 0 } ? string.Join(",", editing.WarnAt.Select(w => w.ToString(CultureInfo.InvariantCulture))) : "0.8,0.95";
        string hardChecked = status?.HardLimit == true ? " checked" : "";
        html.Add($"""</select></label><label>Limit (USD) <input name="limit" required inputmode="decimal" value="{limit}"></label><label>Warn at <input name="warn-at" value="{warnAt}"></label><label>Fallback model <input name="fallback" value="{editing?.Fallback}"></label><label><input type="checkbox" name="hard" value="true"{new Markup(hardChecked)}> Hard limit</label><button type="submit">Save budget</button></form>""");
        return html.ToMarkup();
    }

    /// <summary>POST /budgets: sets an entered budget row; back to the list, which names it.</summary>
    public static string Save(IFormCollection form, CostReports reports)
    {
        BudgetScope? scope = Find(Scopes, form["scope"]);
        BudgetPeriod? period = Find(Periods, form["period"]);
        string? value = PageForms.Text(form, "value");
        if (scope is null || period is null || !decimal.TryParse(form["limit"], NumberStyles.Number, CultureInfo.InvariantCulture, out decimal limitUsd) || limitUsd <= 0
            || (scope == BudgetScope.Global) != (value is null) || !TryParseFractions(form["warn-at"].ToString(), out decimal[] warnAt))
        {
            throw new ReportArgumentException("A budget needs a known scope and period, a positive limit in USD, a value unless its scope is global (none when it is), and warning fractions between 0 and 1.");
        }

        LlmBudget budget = new(scope.Value, value, period.Value, limitUsd)
        {
            HardLimit = form["hard"] == "true",
            Fallback = PageForms.Text(form, "fallback"),
            WarnAt = warnAt,
        };
        (long id, _) = reports.SetBudget(budget);
        return "/budgets?saved=" + id.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>POST /budgets/enable: turns an entered budget row on or off (a running application follows within seconds).</summary>
    public static string Enable(IFormCollection form, CostReports reports)
    {
        reports.EnableBudget(PageForms.Id(form), bool.TryParse(form["enabled"], out bool enabled) && enabled);
        return "/budgets";
    }

    /// <summary>POST /budgets/remove: removes an entered budget row (a declared one is refused by the report layer).</summary>
    public static string Remove(IFormCollection form, CostReports reports)
    {
        reports.RemoveBudget(PageForms.Id(form));
        return "/budgets";
    }

    private static T? Find<T>((string Value, T Item)[] spellings, string? value)
        where T : struct => spellings.Where(s => s.Value == value).Select(s => (T?)s.Item).FirstOrDefault();

    private static bool TryParseFractions(string text, out decimal[] fractions)
    {
        string[] parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        fractions = new decimal[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!decimal.TryParse(parts[i], NumberStyles.Number, CultureInfo.InvariantCulture, out fractions[i]) || fractions[i] <= 0 || fractions[i] >= 1)
            {
                return false;
            }
        }

        Array.Sort(fractions);
        return true;
    }
}
