using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QuickStart;

/// <summary>
/// Answers OpenAI's chat-completions API on 127.0.0.1 with the real JSON shape, so the real OpenAI SDK
/// runs offline. Usage is derived from the prompt; a repeated prompt reports cached input tokens, as
/// OpenAI's prompt cache does.
/// </summary>
internal sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HashSet<string> _seenPrompts = [];

    private FakeOpenAiServer(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        FakeOpenAiServer server = new(app);
        app.MapPost("/v1/chat/completions", server.CompleteAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address + "/v1");
        return server;
    }

    private async Task<IResult> CompleteAsync(HttpRequest request)
    {
        JsonNode body = (await JsonNode.ParseAsync(request.Body))!;
        string model = body["model"]!.GetValue<string>();
        string prompt = string.Join("\n", body["messages"]!.AsArray().Select(m => m!["content"]!.ToJsonString()));
        int promptTokens = 1_000 + (prompt.Length * 40);
        bool cached;
        lock (_seenPrompts)
        {
            cached = !_seenPrompts.Add(prompt);
        }

        var response = new
        {
            id = "chatcmpl-" + Guid.NewGuid().ToString("N"),
            @object = "chat.completion",
            created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            model = model == "gpt-4o-mini" ? "gpt-4o-mini-2024-07-18" : model,
            choices = new[]
            {
                new { index = 0, message = new { role = "assistant", content = "A short, helpful answer.", refusal = (string?)null }, logprobs = (object?)null, finish_reason = "stop" },
            },
            usage = new
            {
                prompt_tokens = promptTokens,
                completion_tokens = 350,
                total_tokens = promptTokens + 350,
                prompt_tokens_details = new { cached_tokens = cached ? promptTokens - 24 : 0, audio_tokens = 0 },
                completion_tokens_details = new { reasoning_tokens = 0, audio_tokens = 0, accepted_prediction_tokens = 0, rejected_prediction_tokens = 0 },
            },
            service_tier = "default",
            system_fingerprint = "fp_quickstart",
        };
        return Results.Text(JsonSerializer.Serialize(response), "application/json");
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
