using System.ClientModel;
using System.Globalization;
using CostInstrumentation;
using CostInstrumentation.Dashboard;
using CostInstrumentation.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;
using QuickStart;
using WebApi;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

// Cost tracking from appsettings.json's "CostInstrumentation" section: the SQLite file, the default project, budgets
// (and, with an "Email" sub-section, e-mail alerts and digests). Checked at start-up, flushed at shutdown.
builder.Services.AddLlmCostTracking(builder.Configuration.GetSection("CostInstrumentation"));

// The OpenAI endpoint from configuration, or (set below) a loopback stand-in so the sample runs offline.
Uri? endpoint = string.IsNullOrEmpty(builder.Configuration["OpenAI:Endpoint"]) ? null : new Uri(builder.Configuration["OpenAI:Endpoint"]!);
builder.Services.AddSingleton(_ => new OpenAIClient(new ApiKeyCredential(builder.Configuration["OpenAI:ApiKey"] ?? "none"), new OpenAIClientOptions { Endpoint = endpoint }));

// A service whose method carries [MeteredLlmCall]: metered by the interceptor the build generated.
builder.Services.AddSingleton(services => new SupportDesk(services.GetRequiredService<OpenAIClient>().GetChatClient("gpt-4o-mini")));

// An IChatClient pipeline, for code that cannot carry the attribute: UseCostTracking() records each response.
builder.Services.AddChatClient(services => services.GetRequiredService<OpenAIClient>().GetChatClient("gpt-4o").AsIChatClient())
    .UseCostTracking();

// The dashboard and REST API over the same SQLite file, at /llm-costs (loopback only unless a token is set).
builder.Services.AddLlmCostDashboard();

WebApplication app = builder.Build();

// The stand-in is a web host of its own, built after the app: WebApplicationFactory (the tests) takes the first one built.
await using LoopbackProviders? loopback = endpoint is null ? await LoopbackProviders.StartAsync() : null;
endpoint ??= loopback!.OpenAiEndpoint;

app.MapPost("/support/answer", async (SupportRequest request, SupportDesk desk) =>
{
    OpenAI.Chat.ChatCompletion completion = (await desk.AnswerAsync(request.Question, request.ConversationId)).Value;
    return new Reply(completion.Content[0].Text, completion.Model);
});

app.MapPost("/chat", async (ChatRequest request, IChatClient chat) =>
{
    ChatResponse response = await chat.GetResponseAsync(request.Prompt);
    return new Reply(response.Text, response.ModelId ?? "");
});

// Today's spend (UTC) as recorded, after writing what is still buffered: money as a decimal string, as every JSON view writes it.
app.MapGet("/costs/today", async (LlmCostPipeline costs, IOptions<LlmCostTrackingOptions> tracking) =>
{
    await costs.FlushAsync();
    using LlmCostQuery query = LlmCostQuery.Open(tracking.Value.SqlitePath!);
    DateTimeOffset today = new(DateTime.UtcNow.Date, TimeSpan.Zero);
    CostTotals totals = query.Totals(new CostFilter { FromUtc = today, ToUtc = today.AddDays(1) });
    return new SpendToday(totals.Calls, totals.CostUsd.ToString(CultureInfo.InvariantCulture), totals.UnpricedCalls);
});

// The dashboard finds the app's alert channels (the log; the webhook and e-mail when configured) through DI: its Alerts
// page and POST /llm-costs/api/v1/alerts/test send a test alert through them.
app.MapLlmCostDashboard("/llm-costs", dashboard => dashboard.DatabasePath = app.Services.GetRequiredService<IOptions<LlmCostTrackingOptions>>().Value.SqlitePath);

await app.RunAsync();

/// <summary>The program, public so that WebApplicationFactory can start it in tests.</summary>
public partial class Program;
