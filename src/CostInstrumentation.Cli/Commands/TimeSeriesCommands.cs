using System.CommandLine;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary><c>llmcost daily|weekly|monthly</c>: the spend per local day, ISO week or month, oldest first.</summary>
internal static class TimeSeriesCommands
{
    public static IEnumerable<Command> Create(CliEnvironment environment) =>
    [
        Series(environment, "daily", "Spend per local day (default: the last 30 days).", ReportDimension.Day, "30d"),
        Series(environment, "weekly", "Spend per ISO week (default: the last 12 weeks).", ReportDimension.Week, "12w"),
        Series(environment, "monthly", "Spend per month (default: the last 12 months).", ReportDimension.Month, "12m"),
    ];

    private static Command Series(CliEnvironment environment, string name, string description, ReportDimension by, string defaultLast)
    {
        Command command = new Command(name, description).WithReportOptions();
        command.Add(ReportCommand.Sort);
        Invocation.Bind(command, environment, invocation =>
        {
            ReportPeriod period = invocation.HasPeriod
                ? invocation.Period("all")
                : PeriodParser.Parse(new PeriodRequest { Last = defaultLast }, invocation.Now, invocation.Zone);
            using CostReports reports = invocation.OpenReports();
            invocation.Render(BreakdownDocument.Build(reports, name, $"Spend per {by.Name()}", period, invocation.Filter, by,
                sort: invocation.Parse.GetValue(ReportCommand.Sort)).Document);
            return ExitCodes.Ok;
        });
        return command;
    }
}
