using System.CommandLine;
using System.IO;
using CostInstrumentation.Cli.Pricing;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// <c>llmcost estimate --model M (--prompt TEXT | --file F | -) [--max-output N] [--calls N]</c>: what a call (or a batch)
/// will cost before it is made: the prompt's tokens, output tokens from this database's history of the model (and
/// operation), the cost per call and for the batch, and what that does to every budget it would count against.
/// </summary>
internal static class EstimateCommand
{
    private static readonly Option<string> Model = new("--model") { Description = "The model the calls will use.", HelpName = "MODEL", Required = true };

    private static readonly Option<string?> Prompt = new("--prompt") { Description = "The prompt text.", HelpName = "TEXT" };

    private static readonly Option<string?> PromptFile = new("--file") { Description = "A file holding the prompt.", HelpName = "FILE" };

    private static readonly Argument<string?> Stdin = new("-") { Description = "'-' reads the prompt from standard input.", Arity = ArgumentArity.ZeroOrOne };

    private static readonly Option<long?> MaxOutput = new("--max-output") { Description = "The output tokens to assume when the history has none (default: the model's max output).", HelpName = "N" };

    private static readonly Option<long> Calls = new("--calls") { Description = "How many such calls (default 1).", HelpName = "N", DefaultValueFactory = _ => 1 };

    public static Command Create(CliEnvironment environment)
    {
        Command command = PricingCommands.Formatted(new Command("estimate", "The cost of a call before it is made: prompt tokens, typical output from history, cost and budget impact.")).WithPricing();
        foreach (Option option in new Option[] { Model, Prompt, PromptFile, MaxOutput, Calls, CommonOptions.Database, CommonOptions.Project, CommonOptions.Operation })
        {
            command.Add(option);
        }

        command.Add(Stdin);
        Invocation.Bind(command, environment, Run);
        return command;
    }

    private static int Run(Invocation invocation)
    {
        string name = invocation.Parse.GetValue(Model)!;
        long calls = invocation.Parse.GetValue(Calls);
        if (calls <= 0 || invocation.Parse.GetValue(MaxOutput) is <= 0)
        {
            throw new ReportArgumentException("--calls and --max-output must be positive numbers.");
        }

        PricingCatalogue catalogue = PricingSources.Load(invocation);
        ModelPrice price = catalogue.Find(name) ?? throw new ReportArgumentException($"'{name}' is not priced by the pricing files read{catalogue.Suggest(name)}");
        PromptTokens input = PromptTokens.Count(ReadPrompt(invocation), price.Model, price.Provider);
        string? project = invocation.Parse.GetValue(CommonOptions.Project);
        string? operation = invocation.Parse.GetValue(CommonOptions.Operation);

        using CostReports? reports = invocation.HasDatabase ? invocation.OpenReports() : null;
        OutputTokenHistory? history = reports?.OutputTokens(new ReportFilter { Model = name, Operation = operation });
        long? maximum = invocation.Parse.GetValue(MaxOutput) ?? price.Definition.MaxOutputTokens;
        (long typical, long high, string source) = history is { } known
            ? (known.Median, known.Percentile95, $"median and 95th percentile of {known.Calls:N0} successful {name} call(s){(operation is null ? "" : " of " + operation)} in the database")
            : maximum is { } max
                ? (max, max, invocation.Parse.GetValue(MaxOutput) is null ? "no history: the model's max output (worst case)" : "no history: --max-output")
                : throw new ReportArgumentException($"No recorded {name} calls to learn output lengths from, and no max output known: give --max-output N.");

        ReportDocument document = PricingCommands.Document(invocation, "estimate", $"Estimate for {price.Model}", catalogue);
        document.Facts.Add(("Input tokens", input.Exact ? $"{input.Low:N0} ({input.Method})" : $"{input.Low:N0}–{input.High:N0} ({input.Method})"));
        document.Facts.Add(("Output tokens", source));
        ReportTable estimate = new("estimate", "Cost", [
            new ReportColumn("scenario", "Scenario", ColumnKind.Text),
            new ReportColumn("inputTokens", "Input", ColumnKind.Tokens),
            new ReportColumn("outputTokens", "Output", ColumnKind.Tokens),
            new ReportColumn("perCall", "Per call", ColumnKind.Money),
            new ReportColumn("total", "× " + calls.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), ColumnKind.Money),
        ]);
        decimal highTotal = 0m;
        foreach ((string scenario, long inputTokens, long outputTokens) in CallEstimate.Scenarios(input.Low, input.High, typical, high, maximum))
        {
            decimal perCall = price.Cost(new LlmUsage(inputTokens, outputTokens));
            estimate.Add(scenario, inputTokens, outputTokens, perCall, perCall * calls);
            highTotal = scenario == "high" ? perCall * calls : highTotal;
        }

        document.Tables.Add(estimate);
        if (reports is not null)
        {
            document.Tables.Add(BudgetImpact(reports.BudgetsCovering(invocation.Now, price.Provider ?? "", name, project, operation, []), highTotal, highTotal / calls));
        }
        else
        {
            document.Notes.Add($"No database at {invocation.DatabasePath}: no history and no budgets to weigh the estimate against.");
        }

        document.Notes.Add("Input counts the prompt text only; a chat request adds a few tokens per message for its framing.");
        invocation.Render(document);
        return ExitCodes.Ok;
    }

    /// <summary>Each budget the calls would count against: spent, limit and where the high estimate takes it.</summary>
    private static ReportTable BudgetImpact(IReadOnlyList<BudgetReportRow> budgets, decimal highTotal, decimal highPerCall)
    {
        ReportTable table = new("budgets", "Budget impact of the high estimate (UTC periods)", [
            new ReportColumn("budget", "Budget", ColumnKind.Text),
            new ReportColumn("period", "Period", ColumnKind.Text),
            new ReportColumn("spent", "Spent", ColumnKind.Money, DropOrder: 2),
            new ReportColumn("limit", "Limit", ColumnKind.Money),
            new ReportColumn("after", "After", ColumnKind.Money),
            new ReportColumn("used", "Used after", ColumnKind.Fraction, DropOrder: 1),
            new ReportColumn("verdict", "Verdict", ColumnKind.Text),
        ]);
        foreach (BudgetReportRow budget in budgets)
        {
            (decimal after, decimal used, string verdict) = CallEstimate.Impact(budget, highTotal, highPerCall);
            table.Add(budget.Subject, budget.Status.Period, CostReports.IsPerCall(budget) ? null : budget.Status.SpentUsd, budget.Status.LimitUsd, after, used, verdict);
        }

        return table;
    }

    private static string ReadPrompt(Invocation invocation)
    {
        string? text = invocation.Parse.GetValue(Prompt);
        string? file = invocation.Parse.GetValue(PromptFile);
        bool stdin = invocation.Parse.GetValue(Stdin) is "-";
        if ((text is null ? 0 : 1) + (file is null ? 0 : 1) + (stdin ? 1 : 0) != 1)
        {
            throw new ReportArgumentException("Give the prompt one way: --prompt TEXT, --file FILE or - (standard input).");
        }

        return text ?? (file is not null ? File.ReadAllText(Path.GetFullPath(file, invocation.Environment.CurrentDirectory)) : invocation.Environment.In.ReadToEnd());
    }
}
