using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using CostInstrumentation.Hosting.ChatClients;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CostInstrumentation.Benchmarks;

/// <summary>
/// Per-call overhead of the <c>IChatClient</c> middleware over a client that answers at once with a constant model and
/// usage: the bare client, <c>UseOpenTelemetry()</c> alone and <c>UseCostTracking()</c> alone (a counting sink), each with
/// the OpenTelemetry SDK listening to its meter (and, for <c>UseOpenTelemetry()</c>, its activity source), as a service that
/// exports them runs; and both again with nothing listening. Goal: <c>UseCostTracking()</c> adds no more than
/// <c>UseOpenTelemetry()</c>.
/// </summary>
[MemoryDiagnoser]
public class ChatClientMiddlewareBenchmarks
{
    private const string ExtensionsAISource = "Experimental.Microsoft.Extensions.AI";

    private static readonly ChatMessage[] s_messages = [new(ChatRole.User, "hello")];

    private readonly ConstantChatClient _bare = new();
    private IChatClient _openTelemetry = null!;
    private IChatClient _costTracking = null!;
    private LlmCostPipeline _pipeline = null!;
    private MeterProvider? _meters;
    private TracerProvider? _tracer;

    /// <summary>Whether the OpenTelemetry SDK listens (metrics of both meters, traces of Microsoft.Extensions.AI's source).</summary>
    [Params(true, false)]
    public bool Exported { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Exported)
        {
            _meters = Sdk.CreateMeterProviderBuilder().AddMeter(LlmCostMetrics.MeterName, ExtensionsAISource).Build();
            _tracer = Sdk.CreateTracerProviderBuilder().AddSource(ExtensionsAISource).Build();
        }

        _pipeline = LlmCostPipeline.Create(options => options.AddSink(new CountingSink()));
        _openTelemetry = _bare.AsBuilder().UseOpenTelemetry().Build();
        _costTracking = _bare.AsBuilder().UseCostTracking(options => options.Pipeline = _pipeline).Build();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _meters?.Dispose();
        _tracer?.Dispose();
        _pipeline.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> Bare() => _bare.GetResponseAsync(s_messages);

    [Benchmark]
    public Task<ChatResponse> OpenTelemetry() => _openTelemetry.GetResponseAsync(s_messages);

    [Benchmark]
    public Task<ChatResponse> CostTracking() => _costTracking.GetResponseAsync(s_messages);

    [Benchmark]
    public Task<int> BareStream() => DrainAsync(_bare);

    [Benchmark]
    public Task<int> OpenTelemetryStream() => DrainAsync(_openTelemetry);

    [Benchmark]
    public Task<int> CostTrackingStream() => DrainAsync(_costTracking);

    private static async Task<int> DrainAsync(IChatClient client)
    {
        int count = 0;
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(s_messages).ConfigureAwait(false))
        {
            count += update.Contents.Count;
        }

        return count;
    }

    /// <summary>Answers every call at once with the same response (two text updates and a usage update when streamed).</summary>
    private sealed class ConstantChatClient : IChatClient
    {
        private const string Model = "bench-gpt-4o";
        private static readonly UsageDetails s_usage = new() { InputTokenCount = 1_000, OutputTokenCount = 200, CachedInputTokenCount = 400, TotalTokenCount = 1_200 };
        private static readonly ChatClientMetadata s_metadata = new("openai", new Uri("http://127.0.0.1/v1"), Model);
        private static readonly Task<ChatResponse> s_response = Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "hi")) { ModelId = Model, Usage = s_usage });
        private static readonly ChatResponseUpdate[] s_updates =
        [
            new(ChatRole.Assistant, "h") { ModelId = Model },
            new(ChatRole.Assistant, "i") { ModelId = Model },
            new(ChatRole.Assistant, [new UsageContent(s_usage)]) { ModelId = Model, FinishReason = ChatFinishReason.Stop },
        ];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => s_response;

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (ChatResponseUpdate update in s_updates)
            {
                yield return update;
            }

            await Task.CompletedTask.ConfigureAwait(false);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey is null && serviceType == typeof(ChatClientMetadata) ? s_metadata
            : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            : null;

        public void Dispose()
        {
        }
    }
}
