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
/// Stands in for api.openai.com (<c>POST /v1/chat/completions</c>) and api.anthropic.com (<c>POST /v1/messages</c>)
/// on 127.0.0.1, answering with the real JSON shapes, so the real SDKs run offline. Usage is derived from the
/// prompt; a repeated prompt reports cached input tokens, and Anthropic's first sight of a system prompt reports
/// a cache write, as the providers' prompt caches do.
/// </summary>
internal sealed class LoopbackProviders : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HashSet<string> _seenPrompts = [];

    private LoopbackProviders(WebApplication app) => _app = app;

    /// <summary>The OpenAI client's endpoint (<c>http://127.0.0.1:PORT/v1</c>).</summary>
    public Uri OpenAiEndpoint { get; private set; } = null!;

    /// <summary>The Anthropic client's base URL (<c>http://127.0.0.1:PORT</c>).</summary>
    public string AnthropicBaseUrl { get; private set; } = null!;

    public static async Task<LoopbackProviders> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        LoopbackProviders server = new(app);
        app.MapPost("/v1/chat/completions", server.CompleteChatAsync);
        app.MapPost("/v1/messages", server.CreateMessageAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.OpenAiEndpoint = new Uri(address + "/v1");
        server.AnthropicBaseUrl = address;
        return server;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private bool SeenBefore(string prompt)
    {
        lock (_seenPrompts)
        {
            return !_seenPrompts.Add(prompt);
        }
    }

    private static int TokensOf(string text) => 1_000 + (text.Length * 40);

    private async Task<IResult> CompleteChatAsync(HttpRequest request)
    {
        JsonNode body = (await JsonNode.ParseAsync(request.Body))!;
        string model = body["model"]!.GetValue<string>();
        string prompt = string.Join("\n", body["messages"]!.AsArray().Select(m => m!["content"]!.ToJsonString()));
        int promptTokens = TokensOf(prompt);
        int completionTokens = body["max_completion_tokens"]?.GetValue<int>() is int max ? Math.Min(max, 350) : 350;
        bool cached = SeenBefore(prompt);
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
                completion_tokens = completionTokens,
                total_tokens = promptTokens + completionTokens,
                prompt_tokens_details = new { cached_tokens = cached ? promptTokens - 24 : 0, audio_tokens = 0 },
                completion_tokens_details = new { reasoning_tokens = 0, audio_tokens = 0, accepted_prediction_tokens = 0, rejected_prediction_tokens = 0 },
            },
            service_tier = "default",
            system_fingerprint = "fp_quickstart",
        };
        return Results.Text(JsonSerializer.Serialize(response), "application/json");
    }

    private async Task<IResult> CreateMessageAsync(HttpRequest request)
    {
        JsonNode body = (await JsonNode.ParseAsync(request.Body))!;
        string model = body["model"]!.GetValue<string>();
        string system = body["system"]?.ToJsonString() ?? string.Empty;
        string messages = body["messages"]!.ToJsonString();
        // Anthropic reports input_tokens without the cached prefix: the system prompt is written to the
        // cache the first time it is seen and read from it afterwards.
        int systemTokens = system.Length == 0 ? 0 : TokensOf(system) * 4;
        bool cached = system.Length > 0 && SeenBefore(system);
        var response = new
        {
            id = "msg_01" + Guid.NewGuid().ToString("N")[..22],
            type = "message",
            role = "assistant",
            model = model == "claude-sonnet-4-5" ? "claude-sonnet-4-5-20250929" : model,
            content = new[] { new { type = "text", text = "Findings, in three bullet points." } },
            stop_reason = "end_turn",
            stop_sequence = (string?)null,
            usage = new
            {
                input_tokens = TokensOf(messages),
                output_tokens = 600,
                cache_creation_input_tokens = cached ? 0 : systemTokens,
                cache_read_input_tokens = cached ? systemTokens : 0,
            },
        };
        return Results.Text(JsonSerializer.Serialize(response), "application/json");
    }
}
