using System.CommandLine;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// <c>llmcost models|tags|callsites|sessions</c>: this month's spend (or the period given) by one dimension;
/// <c>sessions --id X</c> lists one session's calls. The seed's names are aliases (<c>by-tag</c>, <c>by-conversation</c>).
/// </summary>
internal static class BreakdownCommands
{
    private static readonly Option<string?> SessionId = new("--id") { Description = "One session: its calls, oldest first.", HelpName = "ID" };

    public static IEnumerable<Command> Create(CliEnvironment environment) =>
    [
        Breakdown(environment, "models", "Spend by model.", ReportDimension.Model),
        Breakdown(environment, "tags", "Spend by tag (a call with two tags counts under both).", ReportDimension.Tag, "by-tag"),
        Breakdown(environment, "callsites", "Spend by call site (file:line).", ReportDimension.CallSite, "call-sites"),
        Sessions(environment),
    ];

    private static Command Breakdown(CliEnvironment environment, string name, string description, ReportDimension by, string? alias = null)
    {
        Command command = new Command(name, description).WithReportOptions();
        if (alias is not null)
        {
            command.Aliases.Add(alias);
        }

        command.Add(ReportCommand.Top);
        command.Add(ReportCommand.Sort);
        Invocation.Bind(command, environment, invocation => Render(invocation, name, by));
        return command;
    }

    private static Command Sessions(CliEnvironment environment)
    {
        Command command = new Command("sessions", "Spend by session (conversation), or one session's calls with --id.").WithReportOptions();
        command.Aliases.Add("by-conversation");
        command.Add(ReportCommand.Top);
        command.Add(ReportCommand.Sort);
        command.Add(SessionId);
        Invocation.Bind(command, environment, invocation => invocation.Parse.GetValue(SessionId) is { } id
            ? SessionCalls(invocation, id)
            : Render(invocation, "sessions", ReportDimension.Session));
        return command;
    }

    private static int Column(string name) => CostReports.ExportColumns.ToList().IndexOf(name);

    private static int Render(Invocation invocation, string name, ReportDimension by)
    {
        ReportPeriod period = invocation.Period("this-month");
        using CostReports reports = invocation.OpenReports();
        invocation.Render(BreakdownDocument.Build(reports, name, $"Spend by {by.Name()}", period, invocation.Filter, by,
            top: invocation.Parse.GetValue(ReportCommand.Top), sort: invocation.Parse.GetValue(ReportCommand.Sort)).Document);
        return ExitCodes.Ok;
    }

    /// <summary>One session's calls (all time unless a period is given), local times, oldest first.</summary>
    private static int SessionCalls(Invocation invocation, string id)
    {
        ReportPeriod period = invocation.Period("all");
        ReportFilter filter = invocation.Filter with { Session = id };
        using CostReports reports = invocation.OpenReports();
        CostTotals total = reports.Totals(period, filter);
        if (total.Calls == 0)
        {
            throw new ReportArgumentException($"No calls of session '{id}' in {period.Label}.");
        }

        ReportDocument document = new("sessions", $"Session {id}")
        {
            Period = period,
            Zone = period.Zone,
            Filter = filter,
            PricingVersions = reports.PricingVersions(period, filter),
        };
        ReportTable calls = new("calls", "Calls", [
            new ReportColumn("time", "Time", ColumnKind.Time),
            new ReportColumn("model", "Model", ColumnKind.Text),
            new ReportColumn("operation", "Operation", ColumnKind.Text, DropOrder: 3),
            new ReportColumn("outcome", "Outcome", ColumnKind.Text, DropOrder: 2),
            new ReportColumn("inputTokens", "Input", ColumnKind.Tokens, DropOrder: 4),
            new ReportColumn("outputTokens", "Output", ColumnKind.Tokens, DropOrder: 5),
            new ReportColumn("cost", "Cost", ColumnKind.Money),
        ]);
        int[] source = [.. new[] { "ts_utc", "model", "operation", "outcome", "input_tokens", "output_tokens", "cost_usd" }.Select(Column)];
        foreach (object?[] row in reports.Calls(period, filter))
        {
            object?[] values = [.. source.Select(i => row[i])];
            values[0] = TimeZoneInfo.ConvertTime(DateTimeOffset.Parse((string)values[0]!, System.Globalization.CultureInfo.InvariantCulture), period.Zone);
            calls.Add(values);
        }

        document.Tables.Add(calls);
        ReportTable totals = TotalsTable.Create("total", "Total", new ReportColumn("key", "", ColumnKind.Text));
        TotalsTable.Add(totals, total, "total");
        document.Tables.Add(totals);
        TotalsTable.NoteIncompleteCosts(document, total);
        invocation.Render(document);
        return ExitCodes.Ok;
    }
}
