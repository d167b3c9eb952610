using System.CommandLine;
using System.IO;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary>One run of a command: its parsed options read through the shared definitions, and the environment.</summary>
internal sealed class Invocation(ParseResult parse, CliEnvironment environment)
{
    public ParseResult Parse { get; } = parse;

    public CliEnvironment Environment { get; } = environment;

    public DateTimeOffset Now => Environment.Clock.GetUtcNow();

    /// <summary>
    /// --db, else $LLMCOST_DB, else ./costs.db (relative paths from the current directory); a shared ledger's connection
    /// string or postgresql:// URI as given.
    /// </summary>
    public string DatabasePath =>
        (Parse.GetValue(CommonOptions.Database) is { Length: > 0 } given ? given
            : Environment.Variable("LLMCOST_DB") is { Length: > 0 } variable ? variable
            : "costs.db") is var database && CostReports.IsSharedLedger(database) ? database : Path.GetFullPath(database, Environment.CurrentDirectory);

    /// <summary>The database as shown to people (a ledger's without its password).</summary>
    public string DatabaseName => CostReports.Describe(DatabasePath);

    /// <summary>Whether there is a database to read: a file that exists, or a shared ledger (which says when it cannot be read).</summary>
    public bool HasDatabase => CostReports.IsSharedLedger(DatabasePath) || File.Exists(DatabasePath);

    public TimeZoneInfo Zone => ReportZone.Resolve(Parse.GetValue(CommonOptions.TimeZone), Environment.LocalZone);

    public OutputFormat Format => Parse.GetValue(CommonOptions.Format);

    /// <summary>Colour unless --no-color or a non-empty NO_COLOR (no-color.org).</summary>
    public bool Color => !Parse.GetValue(CommonOptions.NoColor) && string.IsNullOrEmpty(Environment.Variable("NO_COLOR"));

    public ReportFilter Filter => new()
    {
        Provider = Parse.GetValue(CommonOptions.Provider),
        Model = Parse.GetValue(CommonOptions.Model),
        Project = Parse.GetValue(CommonOptions.Project),
        Session = Parse.GetValue(CommonOptions.Session),
        Tags = Parse.GetValue(CommonOptions.Tag) ?? [],
        Operation = Parse.GetValue(CommonOptions.Operation),
        CallSite = Parse.GetValue(CommonOptions.CallSite),
        Outcome = Parse.GetValue(CommonOptions.Outcome),
    };

    /// <summary>The period the options name, or <paramref name="fallback"/> when they name none.</summary>
    public ReportPeriod Period(string fallback) => PeriodParser.Parse(PeriodOptions, Now, Zone, fallback);

    /// <summary>Whether any period option was given.</summary>
    public bool HasPeriod => !PeriodOptions.IsEmpty;

    private PeriodRequest PeriodOptions => new()
    {
        Period = Parse.GetValue(CommonOptions.Period),
        From = Parse.GetValue(CommonOptions.From),
        To = Parse.GetValue(CommonOptions.To),
        Last = Parse.GetValue(CommonOptions.Last),
        Month = Parse.GetValue(CommonOptions.Month),
        Year = Parse.GetValue(CommonOptions.Year),
    };

    public CostReports OpenReports() => CostReports.Open(DatabasePath);

    public void Render(ReportDocument document) => DocumentRenderer.Render(Environment, document, Format, Color);

    /// <summary>
    /// Sets <paramref name="command"/>'s action to <paramref name="run"/>, turning what can go wrong into one sentence on
    /// stderr and its exit code: bad arguments 2, an unreadable database 3, anything else 1 — never a stack trace.
    /// </summary>
    public static void Bind(Command command, CliEnvironment environment, Func<Invocation, int> run) =>
        command.SetAction(parse =>
        {
            try
            {
                return run(new Invocation(parse, environment));
            }
            catch (ReportArgumentException exception)
            {
                environment.Error.WriteLine($"llmcost: {exception.Message}");
                return ExitCodes.BadArguments;
            }
            catch (ReportDatabaseException exception)
            {
                environment.Error.WriteLine($"llmcost: {exception.Message}");
                return ExitCodes.Database;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                environment.Error.WriteLine($"llmcost: {exception.Message}");
                return ExitCodes.Failure;
            }
        });
}
