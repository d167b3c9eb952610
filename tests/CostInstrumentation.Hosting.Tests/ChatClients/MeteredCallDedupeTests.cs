using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CostInstrumentation.EndToEnd.Tests.Fakes;
using CostInstrumentation.Hosting.ChatClients;
using Microsoft.Extensions.AI;

namespace CostInstrumentation.Hosting.Tests.ChatClients;

/// <summary>Tests that record through the process-wide tracker, as generated shims do: never beside another such test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalTrackerCollection
{
    public const string Name = "Process-wide tracker";
}

/// <summary>
/// A call seen by a real generated shim (<see cref="MeteredAssistant"/>'s <c>[MeteredLlmCall]</c> methods) and by
/// <c>UseCostTracking()</c> is recorded once, by the shim, with the middleware's usage when the shim's response had none.
/// </summary>
[Collection(GlobalTrackerCollection.Name)]
public sealed class MeteredCallDedupeTests : MiddlewareTest
{
    private static readonly OpenAiUsage Usage = new(PromptTokens: 1_000, CompletionTokens: 100);

    // 1,000 × 0.000002 + 100 × 0.000008
    private const decimal Cost = 0.0028m;

    public MeteredCallDedupeTests() => LlmCostTracker.Configure(options => options.AddSink(Sink));

    public override async Task DisposeAsync()
    {
        LlmCostTracker.Configure(_ => { });
        await base.DisposeAsync();
    }

    /// <summary>The OpenAI client with cost tracking into the process-wide tracker, where the shims record.</summary>
    private IChatClient TrackedOpenAi() => OpenAi().AsBuilder().UseCostTracking().Build();

    [Fact]
    public async Task ShimAroundTheMiddleware_RecordsOnce_AsTheMeteredMethod()
    {
        Server.EnqueueCompletion("mw-gpt", "once", Usage);

        await new MeteredAssistant(TrackedOpenAi()).AskAsync("hi");

        LlmCallRecord record = SingleRecord();
        Assert.Equal(MeteredAssistant.Operation("AskAsync"), record.Operation);
        Assert.Equal("metered", record.Project);
        Assert.Equal(Cost, record.CostUsd);
    }

    [Fact]
    public async Task ShimStreamAroundTheMiddlewaresStream_RecordsOnce_AsTheMeteredMethod()
    {
        Server.Enqueue(new OpenAiReply { Model = "mw-gpt", Content = "one two", Usage = Usage });

        List<ChatResponseUpdate> updates = await DrainAsync(new MeteredAssistant(TrackedOpenAi()).StreamAsync("hi"));

        Assert.Equal("one two", updates.ToChatResponse().Text);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(MeteredAssistant.Operation("StreamAsync"), record.Operation);
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Equal(Cost, record.CostUsd);
    }

    [Fact]
    public async Task ShimWhoseResponseLostItsUsage_TakesTheUsageTheMiddlewareSaw()
    {
        Server.EnqueueCompletion("mw-gpt", "first", Usage);
        Server.EnqueueCompletion("mw-gpt", "second", Usage);

        ChatResponse response = await new MeteredAssistant(TrackedOpenAi()).AskTwiceWithoutUsageAsync("hi");

        Assert.Null(response.Usage);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(MeteredAssistant.Operation("AskTwiceWithoutUsageAsync"), record.Operation);
        Assert.Equal(new LlmUsage(2_000, 200), record.Usage); // both provider calls the method made
        Assert.Equal(2 * Cost, record.CostUsd);
    }

    [Fact]
    public async Task CallerOfAPendingShim_IsNotInsideIt_ItsOwnCallsAreRecorded()
    {
        Server.EnqueueCompletion("mw-gpt", "direct", Usage);
        Server.EnqueueCompletion("mw-gpt", "metered", Usage);
        IChatClient client = TrackedOpenAi();
        TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // The shim has returned its task; the method waits. The caller's next call is its own, not part of the metered one.
        Task<ChatResponse> metered = new MeteredAssistant(client).AskAfterAsync(gate.Task, "hi");
        ChatResponse direct = await client.GetResponseAsync("direct");
        gate.SetResult();
        await metered;

        Assert.Equal("direct", direct.Text);
        Assert.Equal(
            [CostTrackingChatClient.ResponseOperation, MeteredAssistant.Operation("AskAfterAsync")],
            Sink.Records.Select(r => r.Operation));
        Assert.All(Sink.Records, r => Assert.Equal(Cost, r.CostUsd));
    }

    [Fact]
    public async Task ACallMadeDuringTheMeteredCall_ThroughAnotherTrackedClient_IsItsOwn()
    {
        Server.EnqueueCompletion("mw-mini", "tool's answer", new OpenAiUsage(100, 10));
        Server.EnqueueCompletion("mw-gpt", "answer", Usage);
        IChatClient tool = OpenAi("mw-mini").AsBuilder().UseCostTracking(o => o.Project = "tool").Build();
        IChatClient agent = new AskingFirstChatClient(OpenAi(), tool).AsBuilder().UseCostTracking().Build();

        await new MeteredAssistant(agent).AskAsync("hi");

        Assert.Equal(
            [(CostTrackingChatClient.ResponseOperation, "mw-mini", 100L), (MeteredAssistant.Operation("AskAsync"), "mw-gpt", 1_000L)],
            Sink.Records.Select(r => (r.Operation, r.Model, r.Usage.InputTokens)));
    }

    [Fact]
    public async Task ShimInsideTheMiddlewaresCall_ClaimsIt_RecordedOnceAsTheMeteredMethod()
    {
        Server.EnqueueCompletion("mw-gpt", "claimed", Usage);
        IChatClient client = new MeteredAssistantChatClient(new MeteredAssistant(OpenAi())).AsBuilder().UseCostTracking().Build();

        await client.GetResponseAsync("hi");

        Assert.Equal(MeteredAssistant.Operation("AskAsync"), SingleRecord().Operation);
    }

    /// <summary>An <see cref="IChatClient"/> whose calls go through a metered method (a library's client, say).</summary>
    private sealed class MeteredAssistantChatClient(MeteredAssistant assistant) : DelegatingChatClient(new FakeChatClient())
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            assistant.AskAsync(messages.Last().Text);
    }
}

/// <summary>Application code as a user writes it, metered by generated shims.</summary>
public sealed class MeteredAssistant(IChatClient chat)
{
    public static string Operation(string method) => typeof(MeteredAssistant).FullName + "." + method;

    [MeteredLlmCall("mw-gpt", Project = "metered")]
    public Task<ChatResponse> AskAsync(string question) => chat.GetResponseAsync(question);

    [MeteredLlmCall("mw-gpt")]
    public IAsyncEnumerable<ChatResponseUpdate> StreamAsync(string question) => chat.GetStreamingResponseAsync(question);

    /// <summary>Two provider calls, and a response that no longer says what they used.</summary>
    [MeteredLlmCall("mw-gpt")]
    public async Task<ChatResponse> AskTwiceWithoutUsageAsync(string question)
    {
        await chat.GetResponseAsync(question);
        ChatResponse response = await chat.GetResponseAsync(question);
        response.Usage = null;
        return response;
    }

    [MeteredLlmCall("mw-gpt")]
    public async Task<ChatResponse> AskAfterAsync(Task gate, string question)
    {
        await gate;
        return await chat.GetResponseAsync(question);
    }
}
