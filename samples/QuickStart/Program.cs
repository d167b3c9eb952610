using System.ClientModel;
using System.Globalization;
using CostInstrumentation;
using OpenAI;
using OpenAI.Chat;
using QuickStart;

// The build compiled the shipped default pricing and pricing/*.json into a frozen table, and wrapped
// every call of a [MeteredLlmCall] method in an interceptor. Here we only choose where records go.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
InMemoryCostSink sink = new();
LlmCostTracker.Configure(options => options.AddSink(sink));
LlmCostTracker.Error += (_, e) => Console.WriteLine($"  [metering] {e.Kind}: {e.Message}");

Console.WriteLine($"CostInstrumentation QuickStart — pricing {LlmPricing.Version}, {LlmPricing.GetAllPrices().Count()} models priced at compile time");
Console.WriteLine();

await using FakeOpenAiServer server = await FakeOpenAiServer.StartAsync();
OpenAIClientOptions clientOptions = new() { Endpoint = server.Endpoint };
ApiKeyCredential key = new("sk-quickstart-loopback");
SupportAssistant assistant = new(new ChatClient("gpt-4o", key, clientOptions), new ChatClient("gpt-4o-mini", key, clientOptions));

Console.WriteLine("Metered calls through the real OpenAI SDK (loopback server):");
string[] tickets = ["Printer on floor 3 prints blank pages.", "VPN drops every 10 minutes since the update."];
using (LlmCostContext.Begin(sessionId: "triage-morning", tags: "triage"))
{
    foreach (string ticket in tickets)
    {
        await assistant.SummarizeAsync(ticket);
    }

    await assistant.SummarizeAsync(tickets[0]); // Same prompt again: the provider reports cached tokens.
}

assistant.Answer("How do I reset my password?", conversationId: "chat-42");
assistant.Answer("How do I reset my password?", conversationId: "chat-42");

Console.WriteLine($"  {"operation",-32} {"model",-24} {"session",-15} {"in",6} {"cached",6} {"out",5} {"cost USD",12}");
foreach (LlmCallRecord call in sink.Records)
{
    string cost = call.CostUsd is { } usd ? usd.ToString("0.000000") : "unknown";
    string operation = string.Join('.', call.Operation.Split('.')[^2..]);
    Console.WriteLine($"  {operation,-32} {call.Model,-24} {call.SessionId,-15} {call.Usage.InputTokens,6} {call.Usage.CachedInputTokens,6} {call.Usage.OutputTokens,5} {cost,12}");
}

Console.WriteLine($"  {"total of the priced calls",-87} {sink.TotalCostUsd,12:0.000000}");
Console.WriteLine();

Console.WriteLine("Pricing straight from the compiled table (exact decimal USD):");
(string Model, LlmUsage Usage, string? ServiceTier, string What)[] examples =
[
    ("gpt-4o", new LlmUsage(InputTokens: 12_000, OutputTokens: 800), null, "12K in / 800 out"),
    ("gpt-4o", new LlmUsage(InputTokens: 12_000, OutputTokens: 800), "batch", "the same through the Batch API"),
    ("claude-sonnet-4-5", new LlmUsage(InputTokens: 250_000, OutputTokens: 4_000), null, "250K in: long-context tier"),
    ("contoso-gpt4o-eastus", new LlmUsage(InputTokens: 3_000, OutputTokens: 500), null, "an Azure deployment (pricing/)"),
];
foreach (var example in examples)
{
    string cost = LlmPricing.TryGetPrice(example.Model, out ModelPrice? price)
        ? price.Cost(example.Usage, example.ServiceTier).ToString("0.000000") + " USD"
        : "not priced";
    Console.WriteLine($"  {example.Model,-22} {example.What,-34} {cost,16}");
}
