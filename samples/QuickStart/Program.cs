using System.ClientModel;
using System.Globalization;
using System.Reflection;
using Anthropic;
using CostInstrumentation;
using OpenAI;
using OpenAI.Chat;
using QuickStart;

// The build compiled the shipped default pricing and pricing/*.json into a frozen table, wrapped every
// call of a [MeteredLlmCall] method in an interceptor and compiled the [LlmBudget] attributes into budgets.
// Here we only choose where records go and add one budget of our own.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
// costs.db beside the project, unless --database names another file (the QuickStart test runs it in a temp folder).
int databaseArgument = Array.IndexOf(args, "--database");
string database = databaseArgument >= 0 && databaseArgument + 1 < args.Length
    ? Path.GetFullPath(args[databaseArgument + 1])
    : Path.Combine(ProjectDirectory(), "costs.db");
if (args.Contains("--reset"))
{
    foreach (string file in new[] { database, database + "-wal", database + "-shm" })
    {
        File.Delete(file);
    }
}

bool earlierRuns = File.Exists(database);

LlmCostTracker.Configure(options => options
    .UseSqlite(database)
    .AddBudget(new LlmBudget(BudgetScope.Model, "claude-opus-4-1", BudgetPeriod.Day, limitUsd: 1m)
    {
        HardLimit = true,
        Source = "QuickStart: finance caps the frontier model at $1 a day",
    }));
LlmCostTracker.Error += (_, e) => Console.WriteLine($"  [metering] {e.Kind}: {e.Message}");
LlmCostTracker.BudgetAlert += (_, e) => Console.WriteLine(
    $"  [budget {e.Level.ToString().ToLowerInvariant()}] {Describe(e.Budget)}: {e.SpentUsd:0.0000} of {e.LimitUsd:0.00} USD ({e.Threshold:P0} threshold reached)");

Console.WriteLine($"CostInstrumentation QuickStart — pricing {LlmPricing.Version}, {LlmPricing.GetAllPrices().Count()} models priced at compile time");
Console.WriteLine($"Recording to {database}{(earlierRuns ? " (adding to earlier runs; --reset starts over)" : string.Empty)}");
Console.WriteLine();

await using LoopbackProviders providers = await LoopbackProviders.StartAsync();
OpenAIClientOptions openAiOptions = new() { Endpoint = providers.OpenAiEndpoint };
ApiKeyCredential openAiKey = new("sk-quickstart-loopback");
SupportAssistant support = new(new ChatClient("gpt-4o", openAiKey, openAiOptions), new ChatClient("gpt-4o-mini", openAiKey, openAiOptions));
ResearchAssistant research = new(new AnthropicClient { ApiKey = "sk-ant-quickstart-loopback", BaseUrl = providers.AnthropicBaseUrl });

Console.WriteLine("Support desk (OpenAI SDK): ticket summaries with gpt-4o, answers with gpt-4o-mini");
string[] tickets = ["Printer on floor 3 prints blank pages.", "VPN drops every 10 minutes since the update."];
using (LlmCostContext.Begin(sessionId: "triage-morning", tags: "triage"))
{
    foreach (string ticket in tickets)
    {
        await support.SummarizeAsync(ticket);
    }

    await support.SummarizeAsync(tickets[0]); // The same prompt again: the provider reports cached tokens.
}

support.Answer("How do I reset my password?", conversationId: "chat-42");
support.Answer("How do I reset my password?", conversationId: "chat-42");
support.Answer("Can I get a second monitor?", conversationId: "chat-43");

Console.WriteLine("Research (Anthropic SDK): claude-sonnet-4-5 with a cached system prompt");
await research.AnalyzeAsync("Battery prices fell 20 % in 2024; solid-state cells enter pilot production.", study: "study-ev-batteries");
await research.AnalyzeAsync("Heat-pump sales doubled in Poland; installers report 8-week waiting lists.", study: "study-heat-pumps");
await research.AnalyzeAsync("Sodium-ion cells ship in two budget EVs.", study: "study-ev-batteries");

Console.WriteLine("Research: a deep dive with claude-opus-4-1, under a $1/day hard limit");
LlmCostEstimate estimate = LlmCostTracker.Estimate("claude-opus-4-1", inputTokens: 20_000, maxOutputTokens: 32_000);
Console.WriteLine($"  estimate first: {estimate.MinUsd:0.00}–{estimate.MaxUsd:0.00} USD; fits the budgets: {(estimate.FitsBudgets ? "yes" : "no")}");
try
{
    await research.DeepDiveAsync("Every battery-chemistry patent filed since 2015.", study: "study-ev-batteries");
    Console.WriteLine("  the deep dive ran");
}
catch (BudgetExceededException blocked)
{
    Console.WriteLine($"  blocked before it was sent: {blocked.Message}");
}

await LlmCostTracker.FlushAsync();
Console.WriteLine();
using (LlmCostQuery query = LlmCostQuery.Open(database))
{
    SummaryReport.Print(query);
}

static string ProjectDirectory() =>
    typeof(SupportAssistant).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "QuickStartDirectory").Value!;

static string Describe(LlmBudget budget) =>
    $"{budget.Period.ToString().ToLowerInvariant()} budget on {budget.Scope.ToString().ToLowerInvariant()}{(budget.ScopeValue is null ? string.Empty : " " + budget.ScopeValue)}";
