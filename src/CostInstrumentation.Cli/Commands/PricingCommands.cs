using System.CommandLine;
using System.Globalization;
using System.IO;
using System.IO.Enumeration;
using CostInstrumentation.Cli.Pricing;
using CostInstrumentation.Cli.Rendering;
using CostInstrumentation.Reports;

namespace CostInstrumentation.Cli.Commands;

/// <summary>
/// <c>llmcost pricing list|show|check|diff|update</c>: the prices a build would compile, read with the generator's own
/// parser, so a problem here is the same located LLMCnnn diagnostic the build reports.
/// </summary>
internal static class PricingCommands
{
    private static readonly Argument<string> ModelName = new("MODEL") { Description = "A model id or alias." };

    private static readonly Argument<string[]> CheckedFiles = new("FILE") { Description = "Pricing files or folders.", Arity = ArgumentArity.OneOrMore };

    private static readonly Argument<string> Before = new("A") { Description = "The older pricing file or folder." };

    private static readonly Argument<string> After = new("B") { Description = "The newer pricing file or folder." };

    public static Command Create(CliEnvironment environment)
    {
        Command pricing = new("pricing", "The prices a build compiles: list, show a model, check files, diff two catalogues, update from LiteLLM.");

        Command list = Formatted(new Command("list", "Every priced model: per-1M rates, limits, deprecation.")).WithPricing();
        list.Add(CommonOptions.Provider);
        list.Add(CommonOptions.Model);
        Invocation.Bind(list, environment, List);

        Command show = Formatted(new Command("show", "One model's rates, tiers, limits and aliases.")).WithPricing();
        show.Add(ModelName);
        Invocation.Bind(show, environment, Show);

        Command check = Formatted(new Command("check", "Validates pricing files as the build does: located LLMCnnn problems, exit 1 on an error."));
        check.Add(CheckedFiles);
        Invocation.Bind(check, environment, Check);

        Command diff = Formatted(new Command("diff", "The models added, removed and re-priced from A to B (resolved per-1M rates)."));
        diff.Add(Before);
        diff.Add(After);
        Invocation.Bind(diff, environment, Diff);

        foreach (Command command in new[] { list, show, check, diff, PricingUpdateCommand.Create(environment) })
        {
            pricing.Add(command);
        }

        return pricing;
    }

    /// <summary>--format and --no-color: the pricing commands read no database and count no period.</summary>
    internal static Command Formatted(Command command)
    {
        command.Add(CommonOptions.Format);
        command.Add(CommonOptions.NoColor);
        return command;
    }

    private static int List(Invocation invocation)
    {
        PricingCatalogue catalogue = PricingSources.Load(invocation);
        string? provider = invocation.Parse.GetValue(CommonOptions.Provider);
        string? model = invocation.Parse.GetValue(CommonOptions.Model);
        ReportDocument document = Document(invocation, "pricing list", "Priced models", catalogue);
        ReportTable table = new("models", "Models (USD per 1M tokens)", [
            new ReportColumn("model", "Model", ColumnKind.Text),
            new ReportColumn("provider", "Provider", ColumnKind.Text, DropOrder: 3),
            new ReportColumn("input", "Input", ColumnKind.Money),
            new ReportColumn("output", "Output", ColumnKind.Money),
            new ReportColumn("cacheRead", "Cache read", ColumnKind.Money, DropOrder: 5),
            new ReportColumn("cacheWrite", "Cache write", ColumnKind.Money, DropOrder: 6),
            new ReportColumn("contextWindow", "Context", ColumnKind.Tokens, DropOrder: 4),
            new ReportColumn("maxOutput", "Max out", ColumnKind.Tokens, DropOrder: 2),
            new ReportColumn("deprecated", "Deprecated", ColumnKind.Text, DropOrder: 1),
        ]);
        foreach (ModelPrice price in catalogue.Table.Prices)
        {
            if ((provider is null || string.Equals(price.Provider, provider, StringComparison.OrdinalIgnoreCase))
                && (model is null || FileSystemName.MatchesSimpleExpression(model, price.Model, ignoreCase: false)))
            {
                ModelPriceDefinition definition = price.Definition;
                TokenRates rates = price.BaseRates;
                table.Add(price.Model, price.Provider ?? "", PerMillion.Of(rates.Input), PerMillion.Of(rates.Output), PerMillion.Of(rates.CacheRead), PerMillion.Of(rates.CacheWrite),
                    definition.MaxInputTokens, definition.MaxOutputTokens, Date(definition.DeprecationDate));
            }
        }

        document.Tables.Add(table);
        document.Notes.Add($"{table.Rows.Count:N0} model(s). Rates are the standard ones a call below every tier pays; a missing cache rate is the input rate (docs/cost-rules.md).");
        invocation.Render(document);
        return ExitCodes.Ok;
    }

    private static int Show(Invocation invocation)
    {
        PricingCatalogue catalogue = PricingSources.Load(invocation);
        string name = invocation.Parse.GetValue(ModelName)!;
        if (catalogue.Find(name) is not { } price)
        {
            invocation.Environment.Error.WriteLine($"llmcost: '{name}' is not priced by {Describe(catalogue, invocation)}{catalogue.Suggest(name)}");
            return ExitCodes.Failure;
        }

        ModelPriceDefinition definition = price.Definition;
        ReportDocument document = Document(invocation, "pricing show", price.Model, catalogue);
        document.Facts.Add(("Provider", definition.Provider ?? "(unknown)"));
        document.Facts.Add(("Mode", definition.Mode ?? "chat"));
        document.Facts.Add(("Context window", definition.MaxInputTokens?.ToString("N0", CultureInfo.InvariantCulture) ?? "(unknown)"));
        document.Facts.Add(("Max output", definition.MaxOutputTokens?.ToString("N0", CultureInfo.InvariantCulture) ?? "(unknown)"));
        document.Facts.Add(("Aliases", definition.Aliases.Count == 0 ? "(none)" : string.Join(", ", definition.Aliases)));
        if (definition.DeprecationDate is { } deprecated)
        {
            document.Facts.Add(("Deprecated", Date(deprecated) + (definition.Successor is { } successor ? " (move to " + successor + ")" : "")));
        }

        ReportTable rates = new("rates", "Rates (USD per 1M tokens, as billed)", [
            new ReportColumn("scope", "Applies to", ColumnKind.Text),
            new ReportColumn("input", "Input", ColumnKind.Money),
            new ReportColumn("output", "Output", ColumnKind.Money),
            new ReportColumn("cacheRead", "Cache read", ColumnKind.Money, DropOrder: 2),
            new ReportColumn("cacheWrite", "Cache write", ColumnKind.Money, DropOrder: 3),
            new ReportColumn("reasoning", "Reasoning", ColumnKind.Money, DropOrder: 1),
        ]);
        foreach ((string scope, ServiceTier service, long input) in Scopes(definition))
        {
            TokenRates resolved = price.RatesFor(input, service);
            rates.Add(scope, PerMillion.Of(resolved.Input), PerMillion.Of(resolved.Output), PerMillion.Of(resolved.CacheRead), PerMillion.Of(resolved.CacheWrite), PerMillion.Of(resolved.Reasoning));
        }

        document.Tables.Add(rates);
        invocation.Render(document);
        return ExitCodes.Ok;
    }

    /// <summary>One row per rate schedule the model has: standard, each long-context tier or tier-table row, each service tier.</summary>
    private static IEnumerable<(string Scope, ServiceTier Service, long Input)> Scopes(ModelPriceDefinition definition)
    {
        if (definition.RangeTiers.Count > 0)
        {
            foreach (RangeTier tier in definition.RangeTiers)
            {
                yield return (string.Create(CultureInfo.InvariantCulture, $"input in ({tier.Start:N0}, {(tier.End is { } end ? end.ToString("N0", CultureInfo.InvariantCulture) : "∞")}]"), ServiceTier.Standard, tier.Start + 1);
            }
        }
        else
        {
            yield return ("standard", ServiceTier.Standard, 0);
            foreach (ContextTier tier in definition.ContextTiers)
            {
                yield return (string.Create(CultureInfo.InvariantCulture, $"input > {tier.AboveInputTokens:N0}"), ServiceTier.Standard, tier.AboveInputTokens + 1);
            }
        }

        foreach ((string name, ServiceTier service, ServiceTierRates? rates) in new[] { ("batch", ServiceTier.Batch, definition.Batch), ("flex", ServiceTier.Flex, definition.Flex), ("priority", ServiceTier.Priority, definition.Priority) })
        {
            if (rates is null)
            {
                continue;
            }

            yield return (name, service, 0);
            foreach (ContextTier tier in rates.ContextTiers)
            {
                yield return (string.Create(CultureInfo.InvariantCulture, $"{name}, input > {tier.AboveInputTokens:N0}"), service, tier.AboveInputTokens + 1);
            }
        }
    }

    private static int Check(Invocation invocation)
    {
        string[] given = invocation.Parse.GetValue(CheckedFiles)!;
        IReadOnlyList<string> files = PricingCatalogue.Expand(given.Select(path => Path.GetFullPath(path, invocation.Environment.CurrentDirectory)));
        PricingCatalogue catalogue = PricingCatalogue.Load(files);
        ReportDocument document = Document(invocation, "pricing check", "Pricing check", catalogue);
        document.Tables.Add(ProblemTable(catalogue.Problems, invocation.Environment.CurrentDirectory));
        int errors = catalogue.Problems.Count(p => p.IsError);
        document.Notes.Add($"{files.Count} file(s), {catalogue.Table.ModelCount:N0} model(s) priced, {errors} error(s), {catalogue.Problems.Count - errors} warning(s) or note(s).");
        invocation.Render(document);
        return errors > 0 ? ExitCodes.Failure : ExitCodes.Ok;
    }

    /// <summary>The problems as the build reports them: file:line:col, severity, LLMCnnn and the message (paths relative to <paramref name="folder"/>).</summary>
    internal static ReportTable ProblemTable(IReadOnlyList<PricingProblem> problems, string folder)
    {
        ReportTable table = new("problems", "Problems", [
            new ReportColumn("location", "Location", ColumnKind.Text),
            new ReportColumn("severity", "Severity", ColumnKind.Text, DropOrder: 1),
            new ReportColumn("id", "Id", ColumnKind.Text),
            new ReportColumn("message", "Message", ColumnKind.Text),
        ]);
        foreach (PricingProblem problem in problems)
        {
            table.Add($"{Display(problem.File, folder)}:{problem.Line}:{problem.Column}", problem.Severity, problem.Id, problem.Message);
        }

        return table;
    }

    private static int Diff(Invocation invocation)
    {
        PricingCatalogue Load(Argument<string> argument) =>
            PricingCatalogue.Load(PricingCatalogue.Expand([Path.GetFullPath(invocation.Parse.GetValue(argument)!, invocation.Environment.CurrentDirectory)]));
        PricingCatalogue before = Load(Before);
        PricingCatalogue after = Load(After);
        ReportDocument document = Document(invocation, "pricing diff", "Pricing changes", after);
        document.Facts.Add(("From", Describe(before, invocation) + (before.AsOf.Length > 0 ? " (as of " + before.AsOf + ")" : "")));
        document.Facts.Add(("To", Describe(after, invocation) + (after.AsOf.Length > 0 ? " (as of " + after.AsOf + ")" : "")));
        List<PriceChange> changes = PriceChange.Compare(before, after);
        document.Tables.Add(ChangeTable(changes));
        NoteProblems(document, before.Problems.Concat(after.Problems));
        invocation.Render(document);
        return ExitCodes.Ok;
    }

    /// <summary>Each change with the old and new per-1M rate and the relative change.</summary>
    internal static ReportTable ChangeTable(IReadOnlyList<PriceChange> changes)
    {
        ReportTable table = new("changes", "Price changes (USD per 1M tokens)", [
            new ReportColumn("model", "Model", ColumnKind.Text),
            new ReportColumn("kind", "Change", ColumnKind.Text),
            new ReportColumn("field", "Rate", ColumnKind.Text),
            new ReportColumn("old", "Old", ColumnKind.Money),
            new ReportColumn("new", "New", ColumnKind.Money),
            new ReportColumn("change", "Δ", ColumnKind.Fraction, DropOrder: 1),
        ]);
        foreach (PriceChange change in changes)
        {
            table.Add(change.Model, change.Kind, change.Field, change.OldPerMillion, change.NewPerMillion, change.Change);
        }

        return table;
    }

    internal static void NoteProblems(ReportDocument document, IEnumerable<PricingProblem> problems)
    {
        int count = problems.Count();
        if (count > 0)
        {
            document.Notes.Add($"{count:N0} problem(s) in the files read (run 'llmcost pricing check' on them).");
        }
    }

    internal static ReportDocument Document(Invocation invocation, string command, string title, PricingCatalogue catalogue)
    {
        ReportDocument document = new(command, title) { PricingVersions = catalogue.AsOf.Length > 0 ? [catalogue.AsOf] : [] };
        document.Facts.Add(("Pricing files", Describe(catalogue, invocation)));
        return document;
    }

    /// <summary>The files a catalogue merged, as <see cref="Display"/> names them.</summary>
    internal static string Describe(PricingCatalogue catalogue, Invocation invocation) =>
        string.Join(", ", catalogue.Sources.Select(source => Display(source, invocation.Environment.CurrentDirectory)));

    /// <summary>"default" for the shipped file, a path relative to <paramref name="folder"/> when under it, else the full path.</summary>
    internal static string Display(string file, string folder)
    {
        if (file == PricingCatalogue.DefaultFile)
        {
            return "default";
        }

        string relative = Path.IsPathRooted(file) ? Path.GetRelativePath(folder, file) : file;
        return relative.StartsWith("..", StringComparison.Ordinal) ? file : relative;
    }

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
