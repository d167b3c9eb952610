using System.CommandLine;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// <c>llmcost compare A B [--by D]</c>: two periods (<c>last-month this-month</c>), or with <c>--projects</c> two projects
/// over one period; per key of D (default model), both costs and the change.
/// </summary>
internal static class CompareCommand
{
    private static readonly Argument<string> First = new("A") { Description = "The first period (or project, with --projects)." };

    private static readonly Argument<string> Second = new("B") { Description = "The second period (or project)." };

    private static readonly Option<string?> By = new("--by") { Description = "The dimension to compare by (default: model).", HelpName = "DIMENSION" };

    private static readonly Option<bool> Projects = new("--projects") { Description = "A and B are projects, compared over --period (default: this month)." };

    public static Command Create(CliEnvironment environment)
    {
        Command command = new Command("compare", "Two periods, or two projects, side by side.").WithReportOptions();
        command.Add(First);
        command.Add(Second);
        command.Add(By);
        command.Add(Projects);
        Invocation.Bind(command, environment, Run);
        return command;
    }

    private static int Run(Invocation invocation)
    {
        string a = invocation.Parse.GetValue(First)!;
        string b = invocation.Parse.GetValue(Second)!;
        ReportDimension by = invocation.Parse.GetValue(By) is { } dimension ? ReportDimensions.Parse(dimension) : ReportDimension.Model;
        ReportFilter filter = invocation.Filter;
        (ReportPeriod, ReportFilter) first;
        (ReportPeriod, ReportFilter) second;
        ReportPeriod? shared = null;
        if (invocation.Parse.GetValue(Projects))
        {
            shared = invocation.Period("this-month");
            first = (shared, filter with { Project = a });
            second = (shared, filter with { Project = b });
        }
        else
        {
            if (invocation.HasPeriod)
            {
                throw new ReportArgumentException("compare takes its two periods as A and B; drop --period, --last, --month, --year and --from/--to (or add --projects).");
            }

            first = (PeriodParser.Named(a, invocation.Now, invocation.Zone, "A"), filter);
            second = (PeriodParser.Named(b, invocation.Now, invocation.Zone, "B"), filter);
        }

        using CostReports reports = invocation.OpenReports();
        IReadOnlyList<ComparisonReportRow> rows = reports.Compare(by, first, second);
        ReportDocument document = new("compare", $"{a} vs {b} by {by.Name()}")
        {
            Period = shared,
            Zone = invocation.Zone,
            Filter = filter,
            PricingVersions = [.. reports.PricingVersions(first.Item1, first.Item2).Union(reports.PricingVersions(second.Item1, second.Item2)).Order(StringComparer.Ordinal)],
        };
        if (shared is null)
        {
            document.Facts.Add(("A", DocumentHeader.Describe(first.Item1)));
            document.Facts.Add(("B", DocumentHeader.Describe(second.Item1)));
        }

        ReportTable table = new("rows", $"{a} vs {b}", Columns(by.ToString()));
        foreach (ComparisonReportRow row in rows)
        {
            AddRow(table, row);
        }

        document.Tables.Add(table);
        ReportTable totals = new("total", "Total", Columns(""));
        AddRow(totals, new ComparisonReportRow("total", reports.Totals(first.Item1, first.Item2), reports.Totals(second.Item1, second.Item2)));
        document.Tables.Add(totals);
        invocation.Render(document);
        return ExitCodes.Ok;
    }

    private static ReportColumn[] Columns(string key) =>
    [
        new("key", key, ColumnKind.Text),
        new("a", "A", ColumnKind.Money),
        new("b", "B", ColumnKind.Money),
        new("delta", "Change", ColumnKind.Money),
        new("change", "Change %", ColumnKind.Fraction, DropOrder: 1),
        new("aUnpriced", "Unpriced A", ColumnKind.Count),
        new("bUnpriced", "Unpriced B", ColumnKind.Count),
    ];

    private static void AddRow(ReportTable table, ComparisonReportRow row) =>
        table.Add(row.Key, row.First.CostUsd, row.Second.CostUsd, row.DeltaUsd, row.Change, row.First.UnpricedCalls, row.Second.UnpricedCalls);
}
