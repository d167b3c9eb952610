using System.CommandLine;
using CostInstrumentation.Cli.Rendering;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// The options commands share, defined once and added to each command that takes them: the database and output
/// options, the period options and the call filters (docs/cli.md "Shared options").
/// </summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Database = new("--db")
    {
        Description = "The cost database (default: $LLMCOST_DB, else ./costs.db).",
        HelpName = "PATH",
    };

    public static readonly Option<OutputFormat> Format = new("--format")
    {
        Description = "table (default), json, csv or md.",
        HelpName = "FORMAT",
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    public static readonly Option<bool> NoColor = new("--no-color") { Description = "No colours (also when NO_COLOR is set)." };

    public static readonly Option<string?> TimeZone = new("--tz")
    {
        Description = "The zone days, weeks and months are counted in: local (default), utc or an IANA id (Europe/Berlin).",
        HelpName = "ZONE",
    };

    public static readonly Option<string?> Period = new("--period")
    {
        Description = "today, yesterday, this-week, last-week, this-month, last-month, this-year, last-year, all, 2026-11, 2026, 2026-W47 or 2026-11-05.",
        HelpName = "PERIOD",
    };

    public static readonly Option<string?> From = new("--from") { Description = "From this local date (2026-11-01) or instant with offset.", HelpName = "DATE" };

    public static readonly Option<string?> To = new("--to") { Description = "Up to and including this local date, or up to this instant.", HelpName = "DATE" };

    public static readonly Option<string?> Last = new("--last") { Description = "24h, 7d (today and 6 days before), 4w, 3m.", HelpName = "SPAN" };

    public static readonly Option<string?> Month = new("--month") { Description = "A month: 2026-11, or 11 for this year's.", HelpName = "MONTH" };

    public static readonly Option<string?> Year = new("--year") { Description = "A year: 2026.", HelpName = "YEAR" };

    public static readonly Option<string?> Provider = new("--provider") { Description = "Only this provider.", HelpName = "NAME" };

    public static readonly Option<string?> Model = new("--model") { Description = "Only this model, or models matching a glob (gpt-4o*).", HelpName = "GLOB" };

    public static readonly Option<string?> Project = new("--project") { Description = "Only this project (\"\" for calls without one).", HelpName = "NAME" };

    public static readonly Option<string?> Session = new("--session") { Description = "Only this session.", HelpName = "ID" };

    public static readonly Option<string[]> Tag = new("--tag") { Description = "Only calls carrying this tag (repeat: all of them).", HelpName = "TAG" };

    public static readonly Option<string?> Operation = new("--operation") { Description = "Only this metered method (Ns.Type.Method, or Ns.Type.*).", HelpName = "NAME" };

    public static readonly Option<string?> CallSite = new("--call-site") { Description = "Only this call site (file:line).", HelpName = "SITE" };

    public static readonly Option<string?> Outcome = new("--outcome") { Description = "Only calls that ended so: ok, error, cancelled, blocked or incomplete.", HelpName = "OUTCOME" };

    static CommonOptions()
    {
        Outcome.AcceptOnlyFromAmong("ok", "error", "cancelled", "blocked", "incomplete");
    }

    /// <summary>--db, --format, --no-color and --tz.</summary>
    public static T WithOutput<T>(this T command)
        where T : Command
    {
        command.Add(Database);
        command.Add(Format);
        command.Add(NoColor);
        command.Add(TimeZone);
        return command;
    }

    /// <summary>--period, --from/--to, --last, --month, --year.</summary>
    public static T WithPeriod<T>(this T command)
        where T : Command
    {
        foreach (Option option in new Option[] { Period, From, To, Last, Month, Year })
        {
            command.Add(option);
        }

        return command;
    }

    /// <summary>The call filters.</summary>
    public static T WithFilters<T>(this T command)
        where T : Command
    {
        foreach (Option option in new Option[] { Provider, Model, Project, Session, Tag, Operation, CallSite, Outcome })
        {
            command.Add(option);
        }

        return command;
    }

    /// <summary>Everything a report takes: output, period and filters.</summary>
    public static T WithReportOptions<T>(this T command)
        where T : Command => command.WithOutput().WithPeriod().WithFilters();
}
