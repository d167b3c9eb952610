using System;
using System.ClientModel;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CostInstrumentation;
using CostInstrumentation.EndToEnd.Tests.Fakes;
using OpenAI.Chat;

namespace CostInstrumentation.EndToEnd.Tests.Metering;

/// <summary>Failures of the call and of the metering: the caller sees exactly what the SDK does, never a metering problem.</summary>
[Collection(MeteringCollection.Name)]
public sealed class FailureMeteringTests : MeteringTestBase
{
    private OpenAiScenarios Chat => new(SdkClients.CreateOpenAiChatClient(OpenAiServer, "e2e-gpt"));

    [Fact]
    public void SyncHttpError_ReachesTheCallerUnchanged_AndIsRecordedAsError()
    {
        ChatClient direct = SdkClients.CreateOpenAiChatClient(OpenAiServer, "e2e-gpt");
        OpenAiServer.EnqueueError(HttpStatusCode.InternalServerError, "upstream failed");
        ClientResultException unmetered = Assert.Throws<ClientResultException>(() => direct.CompleteChat([new UserChatMessage("hi")]));
        Assert.Empty(Sink.Records);

        OpenAiServer.EnqueueError(HttpStatusCode.InternalServerError, "upstream failed");
        ClientResultException metered = Assert.Throws<ClientResultException>(() => Chat.Answer("hi"));

        Assert.Equal(unmetered.GetType(), metered.GetType());
        Assert.Equal(unmetered.Status, metered.Status);
        Assert.Equal(unmetered.Message, metered.Message);
        // The exception passed through an exception filter: its stack trace still starts in the SDK.
        Assert.Contains("OpenAI.Chat.ChatClient.CompleteChat", metered.StackTrace, StringComparison.Ordinal);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Error, record.Outcome);
        Assert.Equal(typeof(ClientResultException).FullName, record.ErrorType);
        Assert.Equal(0m, record.CostUsd);
        Assert.Equal(default, record.Usage);
        Assert.Equal("e2e-gpt", record.Model);
    }

    [Fact]
    public async Task Cancellation_SameExceptionTypeAsWithoutMetering_RecordedAsCancelled()
    {
        ChatClient direct = SdkClients.CreateOpenAiChatClient(OpenAiServer, "e2e-gpt");
        OpenAiServer.Enqueue(new OpenAiReply { Model = "e2e-gpt", Delay = TimeSpan.FromSeconds(10) });
        using CancellationTokenSource directCts = new(TimeSpan.FromMilliseconds(200));
        Exception unmetered = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => direct.CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: directCts.Token));

        OpenAiServer.Enqueue(new OpenAiReply { Model = "e2e-gpt", Delay = TimeSpan.FromSeconds(10) });
        using CancellationTokenSource cts = new(TimeSpan.FromMilliseconds(200));
        Exception metered = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Chat.AskWithTokenAsync("hi", cts.Token));

        Assert.Equal(unmetered.GetType(), metered.GetType());
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Cancelled, record.Outcome);
        Assert.Null(record.CostUsd); // the provider may have billed part of it: unknown, not $0
        Assert.Equal("e2e-gpt", record.Model);
    }

    [Fact]
    public async Task ThrowingSink_NeverReachesTheCaller_ForSyncAsyncAndStreamedCalls()
    {
        ThrowingSink throwing = new();
        LlmCostTracker.Configure(options => options.AddSink(throwing).AddSink(Sink));
        OpenAiServer.EnqueueCompletion("e2e-gpt", "sync", new OpenAiUsage(10, 10));
        OpenAiServer.EnqueueCompletion("e2e-gpt", "async", new OpenAiUsage(10, 10));
        OpenAiServer.Enqueue(new OpenAiReply { Model = "e2e-gpt", Content = "streamed", Usage = new OpenAiUsage(10, 10) });
        long failedBefore = LlmCostTracker.FailedWrites;

        ClientResult<ChatCompletion> sync = Chat.Answer("hi");
        ClientResult<ChatCompletion> async = await Chat.AskWithTokenAsync("hi", CancellationToken.None);
        List<StreamingChatCompletionUpdate> updates = await DrainAsync(Chat.StreamAsync("hi"));

        Assert.Equal("sync", sync.Value.Content[0].Text);
        Assert.Equal("async", async.Value.Content[0].Text);
        Assert.Equal("streamed", string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.Equal(3, throwing.Writes);
        Assert.Equal(3, Sink.Records.Count); // the other sink still gets every record
        Assert.Equal(3, LlmCostTracker.FailedWrites - failedBefore);
        Assert.Equal(3, Errors.Count(e => e.Kind == LlmCostErrorKind.SinkFailed));
        // 10 × 0.000002 + 10 × 0.000008 = 0.00002 + 0.00008
        Assert.All(Sink.Records, r => Assert.Equal(0.0001m, r.CostUsd));

        await LlmCostTracker.FlushAsync(); // a sink that fails to flush is reported, not thrown
        Assert.Equal(4, Errors.Count(e => e.Kind == LlmCostErrorKind.SinkFailed));
    }

    [Fact]
    public async Task ThrowingErrorHandler_NeverReachesTheCallerEither()
    {
        static void Throw(object? sender, LlmCostErrorEventArgs e) => throw new InvalidOperationException("handler down");
        LlmCostTracker.Configure(options => options.AddSink(new ThrowingSink()).AddSink(Sink));
        LlmCostTracker.Error += Throw;
        try
        {
            OpenAiServer.EnqueueCompletion("e2e-gpt", "still fine", new OpenAiUsage(10, 10));

            ClientResult<ChatCompletion> result = await Chat.AskWithTokenAsync("hi", CancellationToken.None);

            Assert.Equal("still fine", result.Value.Content[0].Text);
            Assert.Single(Sink.Records);
        }
        finally
        {
            LlmCostTracker.Error -= Throw;
        }
    }

    [Fact]
    public async Task UnpricedModel_IsRecordedOkWithUnknownCost_AndReportedOnce()
    {
        const string Unpriced = "e2e-unpriced-model-7f3a";
        OpenAiServer.EnqueueCompletion(Unpriced, "ok", new OpenAiUsage(100, 10));
        OpenAiServer.EnqueueCompletion(Unpriced, "ok", new OpenAiUsage(100, 10));
        OpenAiServer.EnqueueCompletion(Unpriced, "ok", new OpenAiUsage(100, 10));

#pragma warning disable LLMC101 // The unpriced model is the point of this test.
        ClientResult<ChatCompletion> first = await Chat.AskAnyAsync("a", model: Unpriced);
        await Chat.AskAnyAsync("b", model: Unpriced);
#pragma warning restore LLMC101
        await Chat.AskAnyAsync("c"); // the same model, read from the response this time

        Assert.Equal("ok", first.Value.Content[0].Text);
        Assert.Equal(3, Sink.Records.Count);
        Assert.All(Sink.Records, record =>
        {
            Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
            Assert.Null(record.CostUsd); // unknown, never 0
            Assert.Equal(Unpriced, record.Model);
            Assert.Equal(new LlmUsage(100, 10), record.Usage); // the usage is still recorded
            Assert.Contains(Unpriced, record.PricingError, StringComparison.Ordinal);
            Assert.Equal(string.Empty, record.Provider);
        });
        LlmCostErrorEventArgs reported = Assert.Single(Errors);
        Assert.Equal(LlmCostErrorKind.ModelNotPriced, reported.Kind);
        Assert.Contains(Unpriced, reported.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, 10, 200, 0)] // more cached tokens than input tokens
    [InlineData(100, 10, 0, 20)] // more reasoning tokens than output tokens
    public async Task InvalidUsage_IsNeverPriced(int prompt, int completion, int cached, int reasoning)
    {
        OpenAiServer.EnqueueCompletion("e2e-gpt", "ok", new OpenAiUsage(prompt, completion, cached, reasoning));

        ClientResult<ChatCompletion> result = await Chat.AskWithTokenAsync("hi", CancellationToken.None);

        Assert.Equal("ok", result.Value.Content[0].Text);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Null(record.CostUsd);
        Assert.NotNull(record.PricingError);
        Assert.Contains(Errors, e => e.Kind == LlmCostErrorKind.InvalidUsage);
    }

    [Fact]
    public async Task ResponseWithoutUsage_IsOkWithUnknownCost()
    {
        OpenAiServer.EnqueueCompletion("e2e-gpt", "no usage", usage: null);

        ClientResult<ChatCompletion> result = await Chat.AskWithTokenAsync("hi", CancellationToken.None);

        Assert.Null(result.Value.Usage);
        LlmCallRecord record = SingleRecord();
        Assert.Equal(LlmCallOutcome.Ok, record.Outcome);
        Assert.Null(record.CostUsd);
        Assert.NotNull(record.PricingError);
        Assert.Contains(Errors, e => e.Kind == LlmCostErrorKind.UsageUnavailable);
    }
}
